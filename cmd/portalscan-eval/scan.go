package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/portalscan/portalscan/fixtures"
)

// ScanInfo records how one site's scan went.
type ScanInfo struct {
	OK       bool     `json:"ok"`
	URL      string   `json:"url"`
	Args     []string `json:"args"`
	ExitCode int      `json:"exit_code"`
	Error    string   `json:"error,omitempty"`
	Seconds  float64  `json:"seconds"`
	Log      string   `json:"log"`
	// AccessLog lists every request the scanner made, to tell "never fetched" from "misread".
	AccessLog string      `json:"access_log"`
	Requests  int         `json:"requests"`
	NotFound  int         `json:"not_found"`
	Export    string      `json:"export"`
	Render    *RenderInfo `json:"render,omitempty"`
}

type runner struct {
	corpus  string
	bin     string
	out     string
	tmp     string
	render  string
	timeout time.Duration
	// progress gets one line per started and finished scan; scans take minutes.
	progress func(format string, args ...any)
}

// scanAll runs up to jobs scans at once; results keep the manifest order.
func (r *runner) scanAll(ctx context.Context, sites []Site, jobs int) ([]ScanInfo, []*Export) {
	infos := make([]ScanInfo, len(sites))
	exports := make([]*Export, len(sites))
	sem := make(chan struct{}, max(jobs, 1))
	var wg sync.WaitGroup
	for i, s := range sites {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			infos[i], exports[i] = r.scanSite(ctx, s)
		})
	}
	wg.Wait()
	return infos, exports
}

// scanSite serves one site on loopback and runs the scanner on it exactly as a user would.
func (r *runner) scanSite(ctx context.Context, s Site) (info ScanInfo, exp *Export) {
	return r.scanVariant(ctx, s, "", nil)
}

// scanVariant is scanSite with extra scanner flags; tag names its output files apart
// (site.tag.json) so variants never overwrite the plain scan's.
func (r *runner) scanVariant(ctx context.Context, s Site, tag string, extra []string) (info ScanInfo, exp *Export) {
	begin := time.Now()
	base := s.Name
	if tag != "" {
		base += "." + tag
	}
	info.Log = filepath.Join(r.out, base+".log")
	info.Export = filepath.Join(r.out, base+".json")
	info.AccessLog = filepath.Join(r.out, base+".access.log")
	info.ExitCode = -1
	defer func() {
		info.Seconds = time.Since(begin).Seconds()
		if info.OK {
			r.progress("%s: done in %.1fs", base, info.Seconds)
		} else {
			r.progress("%s: FAILED after %.1fs: %s (log %s)", base, info.Seconds, info.Error, info.Log)
		}
	}()
	fail := func(err error) (ScanInfo, *Export) {
		info.Error = err.Error()
		return info, nil
	}

	// A stale export from an earlier run must never be scored as this run's result.
	if err := os.Remove(info.Export); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fail(err)
	}
	var h http.Handler
	if s.fixture != nil {
		// One of our fixture portals (budget measurements cover them too).
		fh, err := fixtures.Handler(s.fixture, s.Prefix)
		if err != nil {
			return fail(err)
		}
		h = fh
	} else {
		ph, err := newPagesHandler(filepath.Join(r.corpus, "sites", s.Name), s.Prefix)
		if err != nil {
			return fail(err)
		}
		defer ph.Close()
		h = ph
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fail(err)
	}
	access, err := os.Create(info.AccessLog)
	if err != nil {
		ln.Close()
		return fail(err)
	}
	defer access.Close()
	var (
		mu                 sync.Mutex
		requests, notFound int
	)
	logged := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, req)
		mu.Lock()
		defer mu.Unlock()
		requests++
		if sw.status == http.StatusNotFound {
			notFound++
		}
		fmt.Fprintf(access, "%d %s %s\n", sw.status, req.Method, req.URL.RequestURI())
	})
	srv := &http.Server{Handler: logged, ReadHeaderTimeout: 30 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer func() {
		// Shutdown lets handlers still running (a browser the scanner left behind) finish,
		// so the counts are final.
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
		_ = srv.Close()
		mu.Lock()
		defer mu.Unlock()
		info.Requests, info.NotFound = requests, notFound
	}()

	// One store per site: scans run concurrently and the store takes a file lock per operation.
	dbDir, err := os.MkdirTemp(r.tmp, s.Name+"-")
	if err != nil {
		return fail(err)
	}
	info.URL = "http://" + ln.Addr().String() + s.Start
	info.Args = []string{"scan", info.URL}
	if s.LiveHost != "" {
		info.Args = append(info.Args, "--alias", s.LiveHost)
	}
	info.Args = append(info.Args, "--json", info.Export, "--db", filepath.Join(dbDir, "eval.db"), "--render", r.render)
	info.Args = append(info.Args, extra...)

	logf, err := os.Create(info.Log)
	if err != nil {
		return fail(err)
	}
	defer logf.Close()
	fmt.Fprintf(logf, "# portalscan-eval: %s %s\n", r.bin, strings.Join(info.Args, " "))

	r.progress("%s: scanning %s", base, info.URL)
	cctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	cmd := exec.CommandContext(cctx, r.bin, info.Args...)
	cmd.Env = hermeticEnv(os.Environ())
	cmd.Stdout = logf
	cmd.Stderr = logf
	// Interrupt first so the scanner can close its store; kill if it ignores us.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	runErr := cmd.Run()
	if cmd.ProcessState != nil {
		info.ExitCode = cmd.ProcessState.ExitCode()
	}
	if runErr != nil {
		msg := runErr.Error()
		if cctx.Err() == context.DeadlineExceeded {
			msg = fmt.Sprintf("timed out after %s", r.timeout)
		}
		if last := lastLine(info.Log); last != "" {
			msg += ": " + last
		}
		return fail(errors.New(msg))
	}
	exp, err = readExport(info.Export)
	if err != nil {
		return fail(fmt.Errorf("unreadable export: %v", err))
	}
	info.OK = true
	info.Render = exp.Render
	return info, exp
}

// hermeticEnv drops proxy settings: a proxy would carry the scanner's requests off the
// machine, and the evaluation must never send a packet beyond loopback. The namespace marker
// is ours, not the scanner's.
func hermeticEnv(env []string) []string {
	out := make([]string, 0, len(env)+2)
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		switch strings.ToUpper(k) {
		case "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", netnsEnv:
			continue
		}
		out = append(out, kv)
	}
	return append(out, "NO_PROXY=*", "no_proxy=*")
}

// lastLine is the scanner's final word on failure: it ends with one "portalscan: ..." line.
func lastLine(file string) string {
	f, err := os.Open(file)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	last := ""
	for sc.Scan() {
		if t := strings.TrimSpace(sc.Text()); t != "" && !strings.HasPrefix(t, "# portalscan-eval:") {
			last = t
		}
	}
	return truncate(last, 300)
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}
