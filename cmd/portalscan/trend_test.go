package main

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A portal on disk that the test edits between scans.
func writePortal(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if body == "" {
			os.Remove(p)
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const page1 = `<!doctype html><html lang="en"><head><title>Acme API</title></head><body>
<header><nav><a href="/docs/">Docs</a> %s</nav></header>
<main><h1>Acme API</h1><p>Build payment flows with the Acme API.</p></main></body></html>`

func TestDiffReportsGainedAndLostPractices(t *testing.T) {
	dir := t.TempDir()
	writePortal(t, dir, map[string]string{
		"index.html":         fmt.Sprintf(page1, `<a href="/pricing/">Pricing</a>`),
		"docs/index.html":    `<html><head><title>Docs</title></head><body><h1>Docs</h1><p>Reference of the Acme API.</p></body></html>`,
		"pricing/index.html": `<html><head><title>Pricing</title></head><body><h1>Pricing</h1><p>Starter: free. Growth: 49 EUR per month.</p></body></html>`,
	})
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "d.db")
	if r := runBin(t, "scan", srv.URL, "--db", db, "--delay", "0s"); r.code != 0 {
		t.Fatalf("scan 1: %s", r.stderr)
	}
	writePortal(t, dir, map[string]string{
		"index.html":           fmt.Sprintf(page1, `<a href="/changelog/">Changelog</a>`),
		"pricing/index.html":   "",
		"changelog/index.html": `<html><head><title>Changelog</title></head><body><h1>Changelog</h1><p>New endpoints for refunds.</p></body></html>`,
	})
	os.Remove(filepath.Join(dir, "pricing"))
	if r := runBin(t, "scan", srv.URL, "--db", db, "--delay", "0s"); r.code != 0 {
		t.Fatalf("scan 2: %s", r.stderr)
	}
	r := runBin(t, "diff", srv.URL, "--db", db, "--format", "json")
	if r.code != 0 {
		t.Fatalf("diff: %s", r.stderr)
	}
	var d diffResult
	if err := json.Unmarshal([]byte(r.stdout), &d); err != nil {
		t.Fatal(err)
	}
	ids := func(ch []practiceChange) []string {
		var out []string
		for _, c := range ch {
			out = append(out, c.Practice)
		}
		sort.Strings(out)
		return out
	}
	if got := ids(d.Gained); strings.Join(got, ",") != "chg-changelog" {
		t.Errorf("gained %v, want [chg-changelog]", got)
	}
	if got := ids(d.Lost); strings.Join(got, ",") != "com-pricing-page" {
		t.Errorf("lost %v, want [com-pricing-page]", got)
	}
	if len(d.Gained) == 1 && (len(d.Gained[0].Evidence) == 0 || !strings.Contains(d.Gained[0].Evidence[0].URL, "/changelog/")) {
		t.Errorf("gained practice without its evidence: %+v", d.Gained)
	}
	if strings.Join(d.PagesAdded, ",") != srv.URL+"/changelog/" || strings.Join(d.PagesRemoved, ",") != srv.URL+"/pricing/" {
		t.Errorf("pages added %v removed %v", d.PagesAdded, d.PagesRemoved)
	}
	if d.Overall.Delta == nil {
		t.Error("no overall delta")
	}
	// history lists both crawls, newest first, and rescore keeps their dates.
	r = runBin(t, "history", srv.URL, "--db", db, "--format", "json")
	var h struct {
		Crawls []historyRow `json:"crawls"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &h); err != nil || len(h.Crawls) != 2 || h.Crawls[0].Crawl < h.Crawls[1].Crawl {
		t.Fatalf("history: %v %s", err, r.stdout)
	}
	if r := runBin(t, "rescore", srv.URL, "--db", db); r.code != 0 || !strings.Contains(r.stdout, "2 crawls re-scored") {
		t.Fatalf("rescore: %d %s %s", r.code, r.stdout, r.stderr)
	}
	r = runBin(t, "history", srv.URL, "--db", db, "--format", "json")
	var h2 struct {
		Crawls []historyRow `json:"crawls"`
	}
	json.Unmarshal([]byte(r.stdout), &h2)
	for i := range h2.Crawls {
		if h2.Crawls[i].Rescored == nil || !h2.Crawls[i].Date.Equal(h.Crawls[i].Date) {
			t.Fatalf("re-scored crawl must be marked and keep its date: %+v", h2.Crawls[i])
		}
		if fmtScore(h2.Crawls[i].Overall) != fmtScore(h.Crawls[i].Overall) {
			t.Errorf("re-scoring the same snapshot with the same detectors changed the score: %s -> %s",
				fmtScore(h.Crawls[i].Overall), fmtScore(h2.Crawls[i].Overall))
		}
	}
}

func TestDaemonRunsScheduledScansAndStopsOnSIGTERM(t *testing.T) {
	srv := fixtureServer(t, "portals/bare")
	db := filepath.Join(t.TempDir(), "daemon.db")
	if r := runBin(t, "schedule", "add", srv.URL, "--every", "1s", "--db", db, "--delay", "0s"); r.code != 0 {
		t.Fatalf("schedule add: %s", r.stderr)
	}
	if r := runBin(t, "schedule", "add", "--every", "not a schedule", srv.URL, "--db", db); r.code != 2 {
		t.Fatalf("bad --every accepted: %d %s", r.code, r.stderr)
	}
	cmd := exec.Command(binPath, "daemon", "--db", db, "--poll", "200ms", "--log-format", "json")
	var logs strings.Builder
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	complete := 0
	for time.Now().Before(deadline) && complete < 2 {
		time.Sleep(300 * time.Millisecond)
		// Read commands keep working while the daemon runs.
		r := runBin(t, "list", "--db", db, "--format", "json")
		if r.code != 0 {
			if strings.Contains(r.stderr, "store busy") {
				continue
			}
			t.Fatalf("list while daemon runs: %s", r.stderr)
		}
		complete = strings.Count(r.stdout, `"status": "complete"`)
	}
	if complete < 2 {
		cmd.Process.Kill()
		t.Fatalf("daemon ran %d scans in 60s\n%s", complete, logs.String())
	}
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("daemon exit: %v\n%s", err, logs.String())
		}
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("daemon did not stop on SIGTERM")
	}
	if !strings.Contains(logs.String(), "daemon stopped") {
		t.Fatalf("no clean stop logged:\n%s", logs.String())
	}
}

// kill -9 at random moments of a scan must leave a store that opens, with earlier crawls
// intact and the interrupted one marked incomplete.
func TestKill9DuringScanLeavesUsableStore(t *testing.T) {
	// A portal big enough that the kill lands mid-crawl.
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		var b strings.Builder
		fmt.Fprintf(&b, "<html><head><title>P %s</title></head><body><h1>Page %s</h1><p>%s</p>", r.URL.Path, r.URL.Path, strings.Repeat("text ", 400))
		for i := 0; i < 20; i++ {
			fmt.Fprintf(&b, `<a href="/p%d">p%d</a> `, rand.Intn(5000), i)
		}
		b.WriteString("</body></html>")
		time.Sleep(2 * time.Millisecond)
		w.Write([]byte(b.String()))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "k.db")
	if r := runBin(t, "scan", srv.URL, "--db", db, "--max-pages", "20", "--delay", "0s"); r.code != 0 {
		t.Fatalf("baseline scan: %s", r.stderr)
	}
	for i := 0; i < 20; i++ {
		cmd := exec.Command(binPath, "scan", srv.URL, "--db", db, "--max-pages", "2000", "--delay", "0s", "--no-politeness", "--log-level", "error")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(50+rand.Intn(1500)) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		r := runBin(t, "list", "--db", db, "--format", "json")
		if r.code != 0 {
			t.Fatalf("run %d: store does not open after kill -9: %s", i, r.stderr)
		}
		var l struct {
			Portals []struct {
				Crawls []struct {
					ID     uint64 `json:"id"`
					Status string `json:"status"`
				} `json:"crawls"`
			} `json:"portals"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &l); err != nil || len(l.Portals) != 1 {
			t.Fatalf("run %d: list: %v %s", i, err, r.stdout)
		}
		cr := l.Portals[0].Crawls
		if cr[len(cr)-1].Status != "complete" {
			t.Fatalf("run %d: the baseline crawl changed: %+v", i, cr[len(cr)-1])
		}
		if cr[0].Status == "running" {
			t.Fatalf("run %d: a killed crawl still reads as running", i)
		}
		if r := runBin(t, "export", srv.URL, "--db", db); r.code != 0 {
			t.Fatalf("run %d: export after kill -9: %s", i, r.stderr)
		}
	}
}
