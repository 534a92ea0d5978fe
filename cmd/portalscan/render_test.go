package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/portalscan/portalscan/crawler/render"
	"github.com/portalscan/portalscan/crawler/render/proctest"
)

// needBrowser skips without a browser; under CI (CI=true) a missing browser is a broken
// install and fails.
func needBrowser(t *testing.T) string {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the process checks read /proc")
	}
	p, err := render.FindBrowser("")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and no browser: %v", err)
		}
		t.Skipf("no browser: %v", err)
	}
	return p
}

// startBin starts the binary with extra environment; TMPDIR points at a directory of the
// test's own, so that the browser's profile and every process of its tree (they inherit the
// environment) carry a marker no other process has.
func startBin(t *testing.T, tmp string, env []string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(binPath, args...)
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	cmd.Env = append(os.Environ(), "XDG_DATA_HOME="+t.TempDir(), "TMPDIR="+tmp)
	cmd.Env = append(cmd.Env, env...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &so, &se
}

func runBinEnv(t *testing.T, tmp string, env []string, args ...string) result {
	t.Helper()
	r, _ := runBinTracked(t, tmp, env, "", args...)
	return r
}

// runBinTracked runs the binary and, when browser is set, records the browser processes it
// starts.
func runBinTracked(t *testing.T, tmp string, env []string, browser string, args ...string) (result, *procTracker) {
	t.Helper()
	cmd, so, se := startBin(t, tmp, env, args...)
	var pt *procTracker
	if browser != "" {
		pt = trackBrowsers(cmd.Process.Pid, browser)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		<-done
		t.Fatalf("portalscan %v did not finish", args)
	}
	return result{cmd.ProcessState.ExitCode(), so.String(), se.String()}, pt
}

// The process checks live in crawler/render/proctest, shared with the crawler's tests.
func markedProcesses(marker string) []int             { return proctest.MarkedProcesses(marker) }
func procStat(pid int) (int, string, bool)            { return proctest.Stat(pid) }
func trackBrowsers(root int, exe string) *procTracker { return proctest.Track(root, exe) }
func assertNothingLeft(t *testing.T, tmp string)      { proctest.AssertNothingLeft(t, tmp) }

type procTracker = proctest.Tracker

func readExport(t *testing.T, path string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return validateExport(t, raw)
}

func metCount(st map[string]string) int {
	n := 0
	for _, s := range st {
		if s == "met" {
			n++
		}
	}
	return n
}

// ssrPractice compares raw with rendered text: the one practice where the JavaScript portal
// and its static twin must differ.
const ssrPractice = "disc-ssr-content"

// The JavaScript portal, rendered, is assessed exactly as its static twin; without
// rendering it is an empty shell and scores far lower. Re-scoring the stored snapshot gives
// the scan's result, and the scan leaves no browser process or temp file behind.
func TestRenderJSPortalMatchesStaticTwin(t *testing.T) {
	browser := needBrowser(t)
	js := fixtureServer(t, "portals/jsapp")
	static := fixtureServer(t, "portals/jsapp-static")
	dir := t.TempDir()
	tmp := t.TempDir()
	// A store per scan: export and rescore pick a portal's last crawl.
	var tracker *procTracker
	scan := func(url, mode, name string) map[string]any {
		t.Helper()
		out := filepath.Join(dir, name+".json")
		track := ""
		if mode != "never" {
			track = browser
		}
		var r result
		r, tracker = runBinTracked(t, tmp, nil, track, "scan", url, "--db", filepath.Join(dir, name+".db"), "--json", out, "--delay", "0s", "--render", mode, "--log-level", "warn")
		if r.code != 0 {
			t.Fatalf("scan %s --render %s: exit %d\n%s", url, mode, r.code, r.stderr)
		}
		return readExport(t, out)
	}
	began := time.Now()
	rendered := scan(js.URL, "auto", "js-auto")
	t.Logf("rendered scan of the JavaScript portal: %v, %d browser processes", time.Since(began), tracker.Count())
	tracker.Check(t)
	assertNothingLeft(t, tmp)
	twin := scan(static.URL, "never", "static")
	raw := scan(js.URL, "never", "js-never")

	ri := rendered["render"].(map[string]any)
	if ri["mode"] != "auto" || ri["effective"] != "auto" || ri["pages_rendered"].(float64) < 16 || ri["browser"] == "" {
		t.Errorf("render record: %v", ri)
	}
	pages := map[string]bool{}
	for _, p := range rendered["pages"].([]any) {
		pages[p.(map[string]any)["url"].(string)] = true
	}
	for _, p := range []string{"/app/pricing/", "/app/changelog/", "/app/reference/openapi.yaml"} {
		if !pages[js.URL+p] {
			t.Errorf("%s, linked only from JavaScript-built pages, was not crawled", p)
		}
	}

	rs, ts, ns := practiceStatus(rendered), practiceStatus(twin), practiceStatus(raw)
	for id, want := range ts {
		if id == ssrPractice {
			continue
		}
		if got := rs[id]; got != want {
			t.Errorf("%s: rendered JavaScript portal %q, static twin %q", id, got, want)
		}
	}
	score := func(doc map[string]any) float64 { return doc["overall"].(map[string]any)["score"].(float64) }
	t.Logf("overall: rendered %.1f (%d met), static twin %.1f (%d met), JavaScript portal unrendered %.1f (%d met)",
		score(rendered), metCount(rs), score(twin), metCount(ts), score(raw), metCount(ns))
	if metCount(ts) < 20 || metCount(ns) > metCount(ts)/3 || score(raw) > score(twin)/2 {
		t.Errorf("unrendered JavaScript portal should score clearly lower than its twin: %.1f (%d met) vs %.1f (%d met)",
			score(raw), metCount(ns), score(twin), metCount(ts))
	}
	if raw["render"].(map[string]any)["effective"] != "never" {
		t.Errorf("--render never: %v", raw["render"])
	}

	// rescore reads the stored snapshot, whose bodies are the rendered DOM, without a browser.
	db := filepath.Join(dir, "js-auto.db")
	if r := runBinEnv(t, tmp, nil, "rescore", js.URL, "--db", db, "--log-level", "warn"); r.code != 0 {
		t.Fatalf("rescore: %d %s", r.code, r.stderr)
	}
	r := runBinEnv(t, tmp, nil, "export", js.URL, "--db", db, "--log-level", "warn")
	if r.code != 0 {
		t.Fatalf("export: %s", r.stderr)
	}
	again := validateExport(t, []byte(r.stdout))
	if again["crawl"].(map[string]any)["rescored"] == nil {
		t.Fatal("the export does not show the re-scoring")
	}
	for id, got := range practiceStatus(again) {
		if want := rs[id]; got != want {
			t.Errorf("%s: scan %q, rescore of the stored snapshot %q", id, want, got)
		}
	}
	assertNothingLeft(t, tmp)
}

// SIGTERM (the CLI's ctx is cancelled by signal.NotifyContext) while a page hangs in the
// browser: the scanner exits promptly and neither a browser process nor its temp profile
// survives it.
func TestRenderSIGTERMLeavesNothing(t *testing.T) {
	browser := needBrowser(t)
	var hung atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<!doctype html><html><head><title>Hangs</title><script src="/hang.js"></script></head><body><div id="root"></div></body></html>`)
		case "/hang.js":
			hung.Add(1)
			select {
			case <-r.Context().Done():
			case <-time.After(60 * time.Second):
			}
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	tmp := t.TempDir()
	cmd, _, se := startBin(t, tmp, nil, "scan", srv.URL, "--db", filepath.Join(t.TempDir(), "s.db"), "--delay", "0s", "--render", "auto", "--log-level", "warn")
	tracker := trackBrowsers(cmd.Process.Pid, browser)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	defer func() {
		select {
		case <-done:
		default:
			cmd.Process.Kill()
			<-done
		}
	}()

	// Wait until the browser is loading the page that never finishes.
	deadline := time.Now().Add(20 * time.Second)
	for hung.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the browser never asked for the hanging script; stderr:\n%s", se.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // a poll of the tracker sees the renderer processes too
	browsers := tracker.Count()
	if len(markedProcesses(tmp)) == 0 {
		t.Fatal("no process carries the scan's TMPDIR: the check would prove nothing")
	}
	sent := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		t.Fatal("the scanner did not exit within 15s of SIGTERM")
	}
	t.Logf("scanner exited %v after SIGTERM (%d browser processes were running), status %d", time.Since(sent), browsers, cmd.ProcessState.ExitCode())
	tracker.Check(t)
	assertNothingLeft(t, tmp)
}

// Without a browser, auto warns once and assesses pages as served; always refuses to start.
func TestRenderWithoutBrowser(t *testing.T) {
	var hits atomic.Int32
	fsrv := fixtureServer(t, "portals/jsapp")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fsrv.Config.Handler.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	tmp := t.TempDir()
	noBrowser := []string{"PORTALSCAN_BROWSER=" + filepath.Join(dir, "no-such-browser")}
	out := filepath.Join(dir, "x.json")

	r := runBinEnv(t, tmp, noBrowser, "scan", srv.URL, "--db", filepath.Join(dir, "a.db"), "--json", out, "--delay", "0s")
	if r.code != 0 {
		t.Fatalf("auto without a browser: exit %d\n%s", r.code, r.stderr)
	}
	if n := strings.Count(r.stderr, "no browser"); n != 1 {
		t.Errorf("want one warning, got %d:\n%s", n, r.stderr)
	}
	ri := readExport(t, out)["render"].(map[string]any)
	if ri["mode"] != "auto" || ri["effective"] != "never (no browser)" || ri["pages_rendered"].(float64) != 0 ||
		!strings.Contains(fmt.Sprint(ri["note"]), "no Chromium browser") {
		t.Errorf("render record: %v", ri)
	}

	hits.Store(0)
	r = runBinEnv(t, tmp, noBrowser, "scan", srv.URL, "--db", filepath.Join(dir, "b.db"), "--render", "always")
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if r.code != 1 || len(lines) != 1 || !strings.HasPrefix(lines[0], "portalscan: --render always:") {
		t.Errorf("always without a browser: exit %d\n%s", r.code, r.stderr)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the portal was requested %d times before the error", n)
	}

	r = runBinEnv(t, tmp, nil, "scan", srv.URL, "--db", filepath.Join(dir, "c.db"), "--browser", filepath.Join(dir, "nope"))
	if r.code != 1 || !strings.Contains(r.stderr, "portalscan: --render auto:") {
		t.Errorf("--browser that does not exist: exit %d\n%s", r.code, r.stderr)
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("files left in TMPDIR: %v", entries)
	}
}

// The static twin must stay the JavaScript portal's content as plain HTML.
func TestJSAppTwinInSync(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "portals", "jsapp", "assets", "pages.json"))
	if err != nil {
		t.Fatal(err)
	}
	var site struct {
		Header, Footer string
		Pages          map[string]struct{ Title, Description, Main string }
	}
	if err := json.Unmarshal(raw, &site); err != nil {
		t.Fatal(err)
	}
	if len(site.Pages) < 15 {
		t.Fatalf("%d pages", len(site.Pages))
	}
	for path, p := range site.Pages {
		b, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "portals", "jsapp-static", filepath.FromSlash(strings.Trim(path, "/")), "index.html"))
		if err != nil {
			t.Errorf("%s: no static twin: %v", path, err)
			continue
		}
		s := string(b)
		for _, part := range []string{site.Header, site.Footer, p.Main, p.Description} {
			if !strings.Contains(s, part) {
				t.Errorf("%s: static twin lacks %.60q", path, part)
			}
		}
	}
}
