// Package facts holds tests of the facts every registered cowlint analyzer
// exports (see facts_test.go): they must survive gob, the encoding go vet
// and nogo use to carry them between processes, byte for byte and
// deterministically, and they must stay small, because every dependency
// of every analyzed package computes and stores them.
package facts
