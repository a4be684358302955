//go:build tools

// Package tools pins the Kubernetes programs the server test tier runs,
// built from the published k8s.io/kubernetes module (see scripts/build-server.js).
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
