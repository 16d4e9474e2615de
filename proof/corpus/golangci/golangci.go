// Package golangci pins the second third-party corpus: golangci-lint
// v2.15.0 and its whole dependency tree (about a hundred linters, x/tools,
// staticcheck, cobra, viper, afero, ...), which is most of what a Go module
// cache holds on a machine that builds our golangci-lint plugin. It is a
// module of its own so that neither `go test ./...` in the cowlint checkout
// nor the "modules" corpus includes it; see proof/README.md.
package golangci

import _ "github.com/golangci/golangci-lint/v2/pkg/commands"
