// Package corpus pins the third-party code cowlint's precision is measured
// on: widely used, concurrency-heavy modules, fetched through the Go module
// proxy as ordinary dependencies. It is a module of its own so that
// `go test ./...` in the cowlint checkout does not include it; see
// proof/README.md.
package corpus

import (
	_ "github.com/prometheus/client_golang/prometheus"
	_ "go.etcd.io/etcd/client/v3"
	_ "google.golang.org/grpc"
)
