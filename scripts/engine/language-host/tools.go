//go:build tools

// Package tools pins the Node.js language host's main package so that `go mod tidy` records every module it needs in
// go.sum.
package tools

import _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
