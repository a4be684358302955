//go:build tools

// Package tools pins kwok, which the server test tier runs so that nodes and
// pods become Ready without a kubelet (see scripts/build-server.js).
package tools

import (
	_ "sigs.k8s.io/kwok/cmd/kwok"
)
