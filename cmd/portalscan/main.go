// Command portalscan assesses developer portals: it crawls the public pages, detects evidence
// of good practice and scores it in a focus-area maturity model.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"

	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"
	"github.com/spf13/cobra"

	"github.com/portalscan/portalscan/crawler"
	"github.com/portalscan/portalscan/store"
)

// version is the tool's version; overridden at link time for releases.
var version = "0.1.0-dev"

// usageError marks errors in how the command was called (exit status 2).
type usageError struct{ error }

type globals struct {
	db        string
	logLevel  string
	logFormat string
	log       zerolog.Logger
	stdout    io.Writer
	stderr    io.Writer
}

// defaultMemoryLimit is the soft heap limit a scan runs under unless GOMEMLIMIT says
// otherwise: hostile portals (10 MiB pages, huge DOMs) make garbage in bursts, and a long-
// running tracker must stay small. The GC works harder near the limit; nothing fails at it.
const defaultMemoryLimit = 200 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	stopProfiles := startProfiles()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stopProfiles()
	os.Exit(code)
}

// startProfiles writes CPU and heap profiles for performance work when
// PORTALSCAN_CPUPROFILE / PORTALSCAN_MEMPROFILE name files (developer use; see make bench).
func startProfiles() func() {
	var stops []func()
	if path := os.Getenv("PORTALSCAN_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			stops = append(stops, func() { pprof.StopCPUProfile(); f.Close() })
		}
	}
	if path := os.Getenv("PORTALSCAN_MEMPROFILE"); path != "" {
		stops = append(stops, func() {
			if f, err := os.Create(path); err == nil {
				pprof.Lookup("heap").WriteTo(f, 0)
				f.Close()
			}
		})
	}
	return func() {
		for _, s := range stops {
			s()
		}
	}
}

// run executes the CLI and returns the exit status: 0 success, 1 failure, 2 bad usage.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	g := &globals{stdout: stdout, stderr: stderr}
	root := newRoot(g)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	msg := strings.TrimSpace(strings.SplitN(err.Error(), "\n", 2)[0])
	fmt.Fprintf(stderr, "portalscan: %s\n", msg)
	var ue usageError
	if errors.As(err, &ue) || isCobraUsage(err) {
		return 2
	}
	return 1
}

func isCobraUsage(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires at least", "invalid argument", "flag needs an argument", "requires exactly"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

func newRoot(g *globals) *cobra.Command {
	root := &cobra.Command{
		Use:           "portalscan",
		Short:         "Assess a developer portal the way an expert consultant would",
		Long:          "portalscan crawls a developer portal's public pages, detects evidence of good practice\n(status page, changelog, pricing, search, sitemap, llms.txt, SDKs, login walls, ...) and scores it\nin a focus-area maturity model with a prioritised roadmap.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			return g.setupLog()
		},
	}
	root.PersistentFlags().StringVar(&g.db, "db", store.DefaultPath(), "store file (bbolt)")
	root.PersistentFlags().StringVar(&g.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	root.PersistentFlags().StringVar(&g.logFormat, "log-format", "console", "log format on stderr: console or json")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newScanCmd(g), newExportCmd(g), newListCmd(g), newDemoCmd(g), newPracticesCmd(g),
		newRescoreCmd(g), newHistoryCmd(g), newDiffCmd(g), newScheduleCmd(g), newDaemonCmd(g), newStoreCmd(g),
		newReportCmd(g), newCompareCmd(g), newReviewCmd(g)) // [reports] report.go, compare.go, review.go
	return root
}

func (g *globals) setupLog() error {
	lvl, err := zerolog.ParseLevel(strings.ToLower(g.logLevel))
	if err != nil || g.logLevel == "" {
		return usageError{fmt.Errorf("--log-level %q: want debug, info, warn or error", g.logLevel)}
	}
	var w io.Writer = g.stderr
	switch g.logFormat {
	case "json":
	case "console":
		noColor := true
		if f, ok := g.stderr.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
			noColor = false
		}
		w = zerolog.ConsoleWriter{Out: g.stderr, NoColor: noColor, TimeFormat: "15:04:05"}
	default:
		return usageError{fmt.Errorf("--log-format %q: want console or json", g.logFormat)}
	}
	g.log = zerolog.New(w).Level(lvl).With().Timestamp().Logger()
	return nil
}

func (g *globals) openStore() (*store.Store, error) {
	return store.Open(g.db, store.Options{})
}

func (g *globals) openStoreRead() (*store.Store, error) {
	return store.OpenExisting(g.db, store.Options{})
}

// checkFormat validates a --format flag of the commands that print a table or JSON.
func checkFormat(format string) error {
	if format != "table" && format != "json" {
		return usageError{fmt.Errorf("--format %q: want table or json", format)}
	}
	return nil
}

// openPortal opens the store for reading and normalises a PORTAL argument to its id.
func (g *globals) openPortal(arg string) (*store.Store, string, error) {
	id, err := crawler.PortalID(arg)
	if err != nil {
		return nil, "", usageError{err}
	}
	st, err := g.openStoreRead()
	if err != nil {
		return nil, "", err
	}
	return st, id, nil
}

// stderrIsTTY reports whether progress output can redraw a line.
func (g *globals) stderrIsTTY() bool {
	f, ok := g.stderr.(*os.File)
	return ok && isatty.IsTerminal(f.Fd())
}
