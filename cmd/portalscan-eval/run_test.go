package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The test binary doubles as a fake portalscan: run with PORTALSCAN_EVAL_FAKE set, it behaves
// like `portalscan scan`, so the subprocess flow is tested without the real scanner.
func TestMain(m *testing.M) {
	// With --netns the evaluation re-executes itself: here that is this test binary.
	if os.Getenv(netnsEnv) == "1" {
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	if dir := os.Getenv("PORTALSCAN_EVAL_FAKE"); dir != "" {
		os.Exit(fakeScanner(dir, os.Args[1:]))
	}
	os.Exit(m.Run())
}

// fakeScanner checks it was called the way a user calls the scanner, fetches the start page
// from the loopback server and writes the canned export <dir>/<site>.json; a site with a
// <dir>/<site>.fail file fails as the real scanner does.
func fakeScanner(dir string, args []string) int {
	die := func(format string, a ...any) int {
		fmt.Fprintf(os.Stderr, "portalscan: "+format+"\n", a...)
		return 1
	}
	if len(args) < 2 || args[0] != "scan" {
		return die("fake: want scan URL, got %q", args)
	}
	fmt.Fprintf(os.Stderr, "fake-scan args: %s\n", strings.Join(args, " "))
	flags := map[string]string{}
	for i := 2; i+1 < len(args); i += 2 {
		flags[args[i]] = args[i+1]
	}
	for _, f := range []string{"--json", "--db", "--render"} {
		if flags[f] == "" {
			return die("fake: missing %s", f)
		}
	}
	if _, err := os.Stat(filepath.Dir(flags["--db"])); err != nil {
		return die("fake: db dir: %v", err)
	}
	if os.Getenv("HTTP_PROXY") != "" || os.Getenv("NO_PROXY") != "*" {
		return die("fake: proxy environment leaked through")
	}
	if os.Getenv("PORTALSCAN_EVAL_FAKE_ISOLATED") == "1" {
		ifs, err := net.Interfaces()
		if err != nil {
			return die("fake: %v", err)
		}
		for _, i := range ifs {
			if i.Flags&net.FlagLoopback == 0 {
				return die("fake: not isolated: interface %s", i.Name)
			}
		}
		fmt.Fprintf(os.Stderr, "fake: isolated, %d interface(s)\n", len(ifs))
	}
	u, err := url.Parse(args[1])
	if err != nil || u.Hostname() != "127.0.0.1" {
		return die("fake: refusing non-loopback URL %q", args[1])
	}
	resp, err := http.Get(u.String())
	if err != nil {
		return die("fake: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	site := strings.TrimSuffix(filepath.Base(flags["--json"]), ".json")
	if resp.StatusCode != 200 || !strings.Contains(string(body), "<title>"+site) {
		return die("fake: start page %s: %d %q", u, resp.StatusCode, body)
	}
	if _, err := os.Stat(filepath.Join(dir, site+".fail")); err == nil {
		return die("cannot reach %s: boom", u)
	}
	canned, err := os.ReadFile(filepath.Join(dir, site+".json"))
	if err != nil {
		return die("fake: %v", err)
	}
	// Evidence URLs point at the server the scanner was given, as the real scanner's do.
	canned = bytes.ReplaceAll(canned, []byte("{{origin}}"), []byte(u.Scheme+"://"+u.Host))
	if err := os.WriteFile(flags["--json"], canned, 0o644); err != nil {
		return die("cannot write %s: %v", flags["--json"], err)
	}
	fmt.Println("fake summary for", site)
	return 0
}

const runManifest = "name\tprefix\tstart\tlive_host\tneeds_js\torigin\n" +
	"alpha\t/\t/\talpha.example\tfalse\tx/alpha@gh-pages\n" +
	"beta\t/docs/\t/docs/\tbeta.example\tfalse\tx/beta@gh-pages\n" +
	"gamma\t/\t/\tgamma.example\ttrue\tx/gamma@gh-pages\n" +
	"delta\t/\t/start\tdelta.example\tfalse\tx/delta@gh-pages\n"

const runLabels = `{"protocol": "PROTOCOL.md", "practices": ["ai-llms-txt", "find-site-search", "ops-status-page", "trust-privacy"],
 "sites": {
  "alpha": {"labels": {
    "ai-llms-txt": {"met": false, "note": "/llms.txt returns 404"},
    "find-site-search": {"met": true, "evidence": "/#search", "quote": "input id=\"search\"", "note": "lunr search box"},
    "ops-status-page": {"met": true, "evidence": "/support", "quote": "status.alpha.example", "note": "footer link on the support page"},
    "trust-privacy": {"met": true, "evidence": "/", "note": "footer", "doubt": true}}},
  "beta": {"labels": {
    "ai-llms-txt": {"met": false},
    "find-site-search": {"met": true, "evidence": "/docs/"},
    "ops-status-page": {"met": false, "note": "only a blog post about their status tool"},
    "trust-privacy": {"met": false}}},
  "gamma": {"labels": {
    "ai-llms-txt": {"met": false},
    "find-site-search": {"met": true, "evidence": "/", "rendered": true, "note": "only after JS"},
    "ops-status-page": {"met": false},
    "trust-privacy": {"met": true, "evidence": "/", "rendered": true}}},
  "delta": {"labels": {
    "ai-llms-txt": {"met": true, "evidence": "/llms.txt"},
    "find-site-search": {"met": false},
    "ops-status-page": {"met": false},
    "trust-privacy": {"met": false}}}
 }}`

var runExports = map[string]string{
	"alpha": `{"render": {"mode": "auto", "effective": "never", "pages_rendered": 0}, "practices": [
	  {"id": "ai-llms-txt", "status": "not_met", "evidence": []},
	  {"id": "find-site-search", "status": "met", "evidence": [{"url": "{{origin}}/", "matched": "input#search"}]},
	  {"id": "ops-status-page", "status": "not_met", "evidence": []},
	  {"id": "trust-privacy", "status": "not_met", "evidence": []}]}`,
	"beta": `{"render": {"mode": "auto", "effective": "never", "pages_rendered": 0}, "practices": [
	  {"id": "ai-llms-txt", "status": "not_met", "evidence": []},
	  {"id": "find-site-search", "status": "met", "evidence": [{"url": "{{origin}}/docs/", "matched": "search"}]},
	  {"id": "ops-status-page", "status": "partial", "evidence": [{"url": "{{origin}}/docs/blog/statuspage", "found_on": "{{origin}}/docs/blog/", "matched": "status page", "snippet": "We moved our status page to a new tool"}]},
	  {"id": "trust-privacy", "status": "not_met", "evidence": []}]}`,
	"gamma": `{"render": {"mode": "auto", "effective": "never", "pages_rendered": 0}, "practices": [
	  {"id": "ai-llms-txt", "status": "not_met", "evidence": []},
	  {"id": "find-site-search", "status": "not_met", "evidence": []},
	  {"id": "ops-status-page", "status": "not_met", "evidence": []},
	  {"id": "trust-privacy", "status": "met", "evidence": [{"url": "https://gamma.example/privacy", "matched": "Privacy"}]}]}`,
}

// fakeCorpus builds a corpus and a directory of canned exports; delta's scan fails.
func fakeCorpus(t *testing.T) (corpus, canned string) {
	t.Helper()
	corpus, canned = t.TempDir(), t.TempDir()
	writeFiles(t, corpus, map[string]string{
		"manifest.tsv":                runManifest,
		"labels.json":                 runLabels,
		"sites/alpha/index.html":      "<title>alpha</title>",
		"sites/beta/index.html":       "<title>beta</title>",
		"sites/gamma/index.html":      "<title>gamma</title><div id=app></div>",
		"sites/delta/start.html":      "<title>delta</title>",
		"sites/delta/.nojekyll":       "",
		"sites/alpha/404.html":        "not here",
		"sites/beta/docs/secret.html": "only under /docs/docs/",
	})
	for site, body := range runExports {
		writeFiles(t, canned, map[string]string{site + ".json": body})
	}
	writeFiles(t, canned, map[string]string{"delta.fail": ""})
	return corpus, canned
}

func runEval(t *testing.T, canned string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("PORTALSCAN_EVAL_FAKE", canned)
	t.Setenv("HTTP_PROXY", "http://proxy.invalid:3128")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var o, e bytes.Buffer
	code = run(ctx, append([]string{"--bin", exe, "--netns", "off"}, args...), &o, &e)
	return code, o.String(), e.String()
}

func TestRunWithFakeScanner(t *testing.T) {
	corpus, canned := fakeCorpus(t)
	out := filepath.Join(t.TempDir(), "eval")
	code, stdout, stderr := runEval(t, canned, "--corpus", corpus, "--out", out, "--jobs", "3",
		"--site", "alpha", "--site", "beta,gamma")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	t.Logf("stdout:\n%s", stdout)

	// Headline: alpha TP1 FN1 TN1 (privacy doubtful), beta TP1 FP1 TN2. gamma is needs_js and
	// nothing was rendered: in "all" only (TP1 FN1 TN2).
	b, err := os.ReadFile(filepath.Join(out, "eval.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep Report
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Totals.Headline != (Counts{TP: 2, FP: 1, FN: 1, TN: 3}) {
		t.Errorf("headline %+v", rep.Totals.Headline)
	}
	if rep.Totals.StaticOnly != rep.Totals.Headline {
		t.Errorf("static-only %+v", rep.Totals.StaticOnly)
	}
	if rep.Totals.All != (Counts{TP: 3, FP: 1, FN: 2, TN: 5}) {
		t.Errorf("all %+v", rep.Totals.All)
	}
	if len(rep.Sites) != 3 || rep.Sites[2].Name != "gamma" || rep.Sites[2].Included || rep.Sites[2].IncludedReason != "no page rendered" {
		t.Errorf("sites %+v", rep.Sites)
	}
	if !rep.OK || len(rep.Failures) != 0 {
		t.Errorf("failures %v", rep.Failures)
	}
	for _, s := range []string{
		"Micro totals", "headline       2    1    1    3     0.667   0.667",
		"all            3    1    2    5     0.750   0.600",
		"needs_js sites", "no page rendered",
		"- beta ops-status-page: scanner partial", "evidence: /docs/blog/statuspage", "found on: /docs/blog/", `snippet: "We moved our status page to a new tool"`,
		"label note: only a blog post about their status tool",
		"- alpha ops-status-page: scanner not_met", "label evidence: /support", `quote: "status.alpha.example"`, "note: footer link on the support page",
		"- gamma find-site-search: scanner not_met (needs_js, not in headline)",
		"eval: OK",
	} {
		if !strings.Contains(stdout, s) {
			t.Errorf("stdout lacks %q", s)
		}
	}
	if txt, _ := os.ReadFile(filepath.Join(out, "eval.txt")); string(txt) != stdout {
		t.Error("eval.txt differs from stdout")
	}
	if access, _ := os.ReadFile(filepath.Join(out, "beta.access.log")); string(access) != "200 GET /docs/\n" {
		t.Errorf("beta.access.log: %q", access)
	}
	if rep.Sites[1].Scan.Requests != 1 {
		t.Errorf("beta requests %d", rep.Sites[1].Scan.Requests)
	}
	log, _ := os.ReadFile(filepath.Join(out, "beta.log"))
	for _, s := range []string{"fake-scan args: scan http://127.0.0.1:", "/docs/ --alias beta.example --json " + filepath.Join(out, "beta.json"), "--render auto", "fake summary for beta"} {
		if !strings.Contains(string(log), s) {
			t.Errorf("beta.log lacks %q:\n%s", s, log)
		}
	}

	// Forcing needs_js sites in makes the headline the same as "all".
	code, stdout, _ = runEval(t, canned, "--corpus", corpus, "--out", out, "--site", "alpha,beta,gamma", "--include-js", "--json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	rep = Report{}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("--json stdout is not JSON: %v", err)
	}
	if rep.Totals.Headline != rep.Totals.All || !rep.Sites[2].Included {
		t.Errorf("--include-js: headline %+v all %+v", rep.Totals.Headline, rep.Totals.All)
	}
}

func TestRunFailures(t *testing.T) {
	corpus, canned := fakeCorpus(t)
	out := t.TempDir()
	// A stale export must not be scored for a scan that fails this time.
	writeFiles(t, out, map[string]string{"delta.json": runExports["alpha"]})

	code, stdout, stderr := runEval(t, canned, "--corpus", corpus, "--out", out, "--render", "never")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "portalscan-eval: FAIL: scan failed: delta\n") {
		t.Errorf("stderr:\n%s", stderr)
	}
	for _, s := range []string{"SCAN FAILED delta: exit status 1: portalscan: cannot reach", "- delta ai-llms-txt: scanner scan_failed", "--render never"} {
		if !strings.Contains(stdout, s) {
			t.Errorf("stdout lacks %q\n%s", s, stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "delta.json")); err == nil {
		t.Error("stale delta.json left in place")
	}

	code, _, stderr = runEval(t, canned, "--corpus", corpus, "--out", out, "--site", "alpha,beta", "--min-precision", "0.7", "--min-recall", "0.5")
	if code != 1 || !strings.Contains(stderr, "FAIL: precision 0.667 < --min-precision 0.70\n") {
		t.Errorf("threshold: exit %d\n%s", code, stderr)
	}

	for _, args := range [][]string{
		{"--site", "nope"},
		{"--render", "sometimes"},
		{"--jobs", "0"},
		{"stray"},
		{"--bin", filepath.Join(corpus, "manifest.tsv")},
	} {
		if code, _, stderr := runEval(t, canned, append([]string{"--corpus", corpus, "--out", out}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s", args, code, stderr)
		}
	}
}

func TestNetnsIsolation(t *testing.T) {
	corpus, canned := fakeCorpus(t)
	out := t.TempDir()
	t.Setenv("PORTALSCAN_EVAL_FAKE_ISOLATED", "1")
	// A later --netns wins over runEval's "off".
	code, stdout, stderr := runEval(t, canned, "--corpus", corpus, "--out", out, "--site", "alpha,beta", "--netns", "on")
	if code == 2 && strings.Contains(stderr, "no network namespace") {
		t.Skipf("this system does not allow network namespaces: %s", stderr)
	}
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "network: loopback-only namespace") {
		t.Errorf("report does not say it was isolated:\n%s", stdout)
	}
	if log, _ := os.ReadFile(filepath.Join(out, "alpha.log")); !strings.Contains(string(log), "fake: isolated") {
		t.Errorf("alpha.log:\n%s", log)
	}
}

func TestNetnsFallback(t *testing.T) {
	corpus, canned := fakeCorpus(t)
	out := t.TempDir()
	saved := isolate
	defer func() { isolate = saved }()
	isolate = func(context.Context, []string, io.Writer, io.Writer) (int, error) {
		return 0, errors.New("operation not permitted")
	}
	code, stdout, stderr := runEval(t, canned, "--corpus", corpus, "--out", out, "--site", "alpha", "--netns", "auto")
	if code != 0 || !strings.Contains(stderr, "warning: no network namespace (operation not permitted)") || !strings.Contains(stdout, "network: not isolated") {
		t.Errorf("auto: exit %d\n%s\n%s", code, stdout, stderr)
	}
	code, _, stderr = runEval(t, canned, "--corpus", corpus, "--out", out, "--site", "alpha", "--netns", "on")
	if code != 2 || !strings.Contains(stderr, "--netns on: no network namespace: operation not permitted") {
		t.Errorf("on: exit %d\n%s", code, stderr)
	}
}
