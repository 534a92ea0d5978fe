// Command portalscan-eval measures portalscan's accuracy against the labelled corpus of real
// developer portals (../shared/corpus, see its PROTOCOL.md). Each site is served on loopback as
// GitHub Pages would serve it, scanned by the real binary as a user would run it, and the
// export is compared with the human labels: precision and recall per practice, per site and
// micro-averaged, with every false positive and false negative spelled out for review.
//
//	go run ./cmd/portalscan-eval --bin bin/portalscan --corpus ../shared/corpus
//
// It writes, under --out: <site>.json (the export), <site>.log (the scanner's output),
// <site>.access.log (every request the scanner made), eval.txt (the table printed) and
// eval.json (everything, per (site, practice) pair). On Linux the scans run in a network
// namespace holding only loopback when the system allows it (--netns).
//
// Exit status: 0 fine; 1 a scan failed or a --min-* threshold was missed (on the headline
// totals: static sites, plus needs_js sites that were rendered or forced in with --include-js);
// 2 bad usage, or a corpus or binary that cannot be used.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

// netnsEnv marks the re-executed copy that runs inside the network namespace.
const netnsEnv = "PORTALSCAN_EVAL_NETNS"

// exitNoNetns is the re-executed copy saying it could not isolate itself, so that --netns auto
// can fall back instead of failing; run never returns it otherwise.
const exitNoNetns = 3

// isolate is replaced in tests to simulate systems without namespaces.
var isolate = runIsolated

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// siteList is a repeatable --site flag; commas are accepted too for convenience.
type siteList []string

func (s *siteList) String() string { return strings.Join(*s, ",") }
func (s *siteList) Set(v string) error {
	for part := range strings.SplitSeq(v, ",") {
		if part = strings.TrimSpace(part); part != "" {
			*s = append(*s, part)
		}
	}
	return nil
}

type config struct {
	corpus, bin, out, render string
	sites                    siteList
	minPrecision, minRecall  float64
	jobs                     int
	json, includeJS          bool
	netns                    string
	timeout                  time.Duration
	budgets                  budgetList
	minBudgetShare           float64
}

// run returns the exit status: 0 all good, 1 a scan failed or a threshold was missed,
// 2 bad usage or an unusable corpus/binary.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var cfg config
	fs := flag.NewFlagSet("portalscan-eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.corpus, "corpus", "", "corpus directory (default ../shared/corpus beside the repo root)")
	fs.StringVar(&cfg.bin, "bin", "", "portalscan binary to evaluate (default bin/portalscan in the repo root)")
	fs.StringVar(&cfg.out, "out", "", "output directory for exports, logs, eval.json and eval.txt (default .eval in the repo root)")
	fs.Var(&cfg.sites, "site", "evaluate only this site (repeatable)")
	fs.StringVar(&cfg.render, "render", "auto", "passed to portalscan scan --render: auto, never or always")
	fs.Float64Var(&cfg.minPrecision, "min-precision", 0, "fail when headline micro precision is below this")
	fs.Float64Var(&cfg.minRecall, "min-recall", 0, "fail when headline micro recall is below this")
	fs.IntVar(&cfg.jobs, "jobs", 2, "sites scanned concurrently")
	fs.BoolVar(&cfg.json, "json", false, "print eval.json to stdout instead of the table")
	fs.BoolVar(&cfg.includeJS, "include-js", false, "count needs_js sites in the headline totals even if nothing was rendered")
	fs.StringVar(&cfg.netns, "netns", "auto", "run the scans in a network namespace with only loopback: auto (when the system allows), on (or fail), off")
	fs.DurationVar(&cfg.timeout, "timeout", 20*time.Minute, "deadline for one site's scan")
	fs.Float64Var(&cfg.minBudgetShare, "min-budget-share", 0, "fail when, at any --budget, the share of practices still found is below this")
	fs.Var(&cfg.budgets, "budget", "also measure evidence-first crawling: rescan the corpus and the fixture portals with this page budget (repeatable, or comma-separated) and report the share of practices still found")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: portalscan-eval [--corpus DIR] [--bin PATH] [--out DIR] [--site NAME]... [--render auto|never|always]\n"+
			"                       [--min-precision P] [--min-recall R] [--jobs N] [--include-js] [--json] [--netns auto|on|off]\n"+
			"                       [--budget N]... [--min-budget-share S]\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "portalscan-eval: "+format+"\n", a...)
		return 2
	}
	if fs.NArg() > 0 {
		return usage("unexpected argument %q", fs.Arg(0))
	}
	if !slices.Contains([]string{"auto", "never", "always"}, cfg.render) {
		return usage("--render %q: want auto, never or always", cfg.render)
	}
	if !slices.Contains([]string{"auto", "on", "off"}, cfg.netns) {
		return usage("--netns %q: want auto, on or off", cfg.netns)
	}
	if cfg.jobs < 1 {
		return usage("--jobs must be at least 1")
	}
	if cfg.timeout <= 0 {
		return usage("--timeout must be positive")
	}
	if cfg.minBudgetShare < 0 || cfg.minBudgetShare > 1 {
		return usage("--min-budget-share %v: want a share between 0 and 1", cfg.minBudgetShare)
	}
	if cfg.minBudgetShare > 0 && len(cfg.budgets) == 0 {
		return usage("--min-budget-share needs --budget")
	}

	if err := cfg.resolvePaths(); err != nil {
		return usage("%v", err)
	}
	sites, err := readManifest(filepath.Join(cfg.corpus, "manifest.tsv"))
	if err != nil {
		return usage("%v", err)
	}
	labels, err := readLabels(filepath.Join(cfg.corpus, "labels.json"))
	if err != nil {
		return usage("%v", err)
	}
	if sites, err = selectSites(sites, cfg.sites); err != nil {
		return usage("%v", err)
	}
	if fi, err := os.Stat(cfg.bin); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		return usage("scanner %s is not an executable file (run make build first)", cfg.bin)
	}
	if err := os.MkdirAll(cfg.out, 0o755); err != nil {
		return usage("%v", err)
	}

	isolated := false
	switch {
	case os.Getenv(netnsEnv) == "1":
		if err := enterIsolated(); err != nil {
			fmt.Fprintf(stderr, "portalscan-eval: network namespace: %v\n", err)
			return exitNoNetns
		}
		isolated = true
	case cfg.netns != "off":
		code, err := isolate(ctx, args, stdout, stderr)
		if err == nil && code != exitNoNetns {
			return code
		}
		if err == nil {
			err = errors.New("setting it up failed")
		}
		if cfg.netns == "on" {
			return usage("--netns on: no network namespace: %v", err)
		}
		fmt.Fprintf(stderr, "portalscan-eval: warning: no network namespace (%v); relying on the scanner's own loopback confinement\n", err)
	}
	tmp, err := os.MkdirTemp("", "portalscan-eval-")
	if err != nil {
		return usage("%v", err)
	}
	defer os.RemoveAll(tmp)

	var progressMu sync.Mutex
	start := time.Now()
	rep := &Report{Corpus: cfg.corpus, Bin: cfg.bin, Out: cfg.out, Render: cfg.render, IncludeJS: cfg.includeJS,
		Started: start.UTC().Truncate(time.Second), MinPrecision: cfg.minPrecision, MinRecall: cfg.minRecall,
		NetworkIsolated: isolated}
	r := &runner{corpus: cfg.corpus, bin: cfg.bin, out: cfg.out, tmp: tmp, render: cfg.render, timeout: cfg.timeout,
		progress: func(format string, a ...any) {
			// Scans report from their own goroutines; stderr may be any writer.
			progressMu.Lock()
			defer progressMu.Unlock()
			fmt.Fprintf(stderr, "portalscan-eval: "+format+"\n", a...)
		}}
	infos, exports := r.scanAll(ctx, sites, cfg.jobs)
	rep.score(labels, sites, infos, exports)
	if len(cfg.budgets) > 0 {
		if rep.Budget, err = r.measureBudgets(ctx, cfg.budgets, sites, exports, cfg.jobs); err != nil {
			fmt.Fprintf(stderr, "portalscan-eval: budget: %v\n", err)
			return 1
		}
		rep.Failures = append(rep.Failures, rep.Budget.failures(cfg.minBudgetShare)...)
		rep.OK = len(rep.Failures) == 0
	}
	rep.Seconds = time.Since(start).Seconds()

	var text strings.Builder
	rep.writeText(&text)
	if rep.Budget != nil {
		rep.Budget.writeText(&text)
	}
	js, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		fmt.Fprintf(stderr, "portalscan-eval: %v\n", err)
		return 1
	}
	js = append(js, '\n')
	for name, data := range map[string][]byte{"eval.txt": []byte(text.String()), "eval.json": js} {
		if err := os.WriteFile(filepath.Join(cfg.out, name), data, 0o644); err != nil {
			fmt.Fprintf(stderr, "portalscan-eval: %v\n", err)
			return 1
		}
	}
	if cfg.json {
		_, _ = stdout.Write(js)
	} else {
		_, _ = io.WriteString(stdout, text.String())
	}
	if !rep.OK {
		fmt.Fprintf(stderr, "portalscan-eval: FAIL: %s\n", strings.Join(rep.Failures, "; "))
		return 1
	}
	return 0
}

// resolvePaths makes every path absolute: defaults hang off the repo root so the tool works
// from any directory; explicit relative paths mean what they mean in the caller's shell.
func (c *config) resolvePaths() error {
	root := repoRoot()
	def := func(p *string, rel string) error {
		if *p == "" {
			*p = filepath.Join(root, rel)
		}
		abs, err := filepath.Abs(*p)
		*p = abs
		return err
	}
	if err := def(&c.corpus, filepath.Join("..", "shared", "corpus")); err != nil {
		return err
	}
	if err := def(&c.bin, filepath.Join("bin", "portalscan")); err != nil {
		return err
	}
	return def(&c.out, ".eval")
}

// repoRoot walks up from the working directory to go.mod; without one it is the working directory.
func repoRoot() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	for d := wd; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return wd
		}
		d = parent
	}
}

func selectSites(all []Site, names []string) ([]Site, error) {
	if len(names) == 0 {
		return all, nil
	}
	var out []Site
	for _, s := range all {
		if slices.Contains(names, s.Name) {
			out = append(out, s)
		}
	}
	for _, n := range names {
		if !slices.ContainsFunc(all, func(s Site) bool { return s.Name == n }) {
			var known []string
			for _, s := range all {
				known = append(known, s.Name)
			}
			return nil, fmt.Errorf("--site %q: not in the manifest (have %s)", n, strings.Join(known, ", "))
		}
	}
	return out, nil
}
