//go:build !linux

package main

import (
	"context"
	"errors"
	"io"
)

var errNoNetns = errors.New("network namespaces need Linux")

func runIsolated(context.Context, []string, io.Writer, io.Writer) (int, error) { return 0, errNoNetns }

func enterIsolated() error { return errNoNetns }
