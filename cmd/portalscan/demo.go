package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/portalscan/portalscan/fixtures"
)

// serveFixture serves a built-in fixture portal on a loopback port until ctx ends.
func serveFixture(ctx context.Context, dir string) (string, func(), error) {
	fsys, err := fixtures.Portal(dir)
	if err != nil {
		return "", nil, err
	}
	h, err := fixtures.Handler(fsys, "/")
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("cannot listen on loopback: %v", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	stop := func() {
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}
	return "http://" + ln.Addr().String() + "/", stop, nil
}

func newDemoCmd(g *globals) *cobra.Command {
	f := &scanFlags{}
	var portal string
	var serveOnly bool
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Serve the built-in demo portal on loopback and scan it",
		Long: `Serve the built-in demo portal (our own HTML, embedded in the binary) on a loopback
port and scan it like a live portal. With --serve-only it just serves until interrupted.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			url, stop, err := serveFixture(ctx, "portals/"+portal)
			if err != nil {
				var pe *os.PathError
				if errors.As(err, &pe) {
					return usageError{fmt.Errorf("--portal %q: no such built-in portal", portal)}
				}
				return err
			}
			defer stop()
			if serveOnly {
				fmt.Fprintf(g.stdout, "serving the %s demo portal at %s (Ctrl-C to stop)\n", portal, url)
				<-ctx.Done()
				return nil
			}
			if !cmd.Flags().Changed("delay") {
				f.Delay = 20 * time.Millisecond // our own loopback server needs no politeness
			}
			opts, err := f.options()
			if err != nil {
				return err
			}
			if err := checkWritable(f.JSON); err != nil {
				return err
			}
			st, err := g.openStore()
			if err != nil {
				return err
			}
			g.log.Info().Str("url", url).Msg("demo portal served on loopback")
			e, err := scanPortal(ctx, g, st, url, opts, f)
			if err != nil {
				return err
			}
			return emit(g, f.JSON, e)
		},
	}
	addScanFlags(cmd, f)
	cmd.Flags().StringVar(&portal, "portal", "mature", "built-in portal to serve: mature, bank, bare, platform, jsapp, jsapp-static or inject")
	cmd.Flags().BoolVar(&serveOnly, "serve-only", false, "serve the portal and wait; do not scan")
	return cmd
}
