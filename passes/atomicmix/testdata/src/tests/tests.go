// Package tests holds the test-code rules' fixtures, in tests_test.go.
package tests
