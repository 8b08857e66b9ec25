//go:build tools

// Package tools pins the language hosts' main packages (Node.js, and Python: scripts/engine/python-host.js) so that
// `go mod tidy` records every module they need in go.sum.
package tools

import (
	_ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
	_ "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python"
)
