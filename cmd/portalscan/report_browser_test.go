package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/portalscan/portalscan/crawler/render"
	"github.com/portalscan/portalscan/detectors"
	"github.com/portalscan/portalscan/scoring"
	"github.com/portalscan/portalscan/store"
)

// Reports are opened in a real headless Chromium: what matters is what a browser does
// with the file, not what the HTML looks like to a string search.

// pageWatch records what a page did: every request it made and every console error.
type pageWatch struct {
	mu       sync.Mutex
	requests []string
	errors   []string
}

func (w *pageWatch) listen(ev any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		if e.Request != nil {
			w.requests = append(w.requests, e.Request.URL)
		}
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
			w.errors = append(w.errors, fmt.Sprintf("console.%s", e.Type))
		}
	case *runtime.EventExceptionThrown:
		if e.ExceptionDetails != nil {
			w.errors = append(w.errors, "exception: "+e.ExceptionDetails.Text)
		}
	case *cdplog.EventEntryAdded:
		if e.Entry != nil && e.Entry.Level == cdplog.EntryLevelError {
			w.errors = append(w.errors, fmt.Sprintf("log %s: %s", e.Entry.Source, e.Entry.Text))
		}
	}
}

func (w *pageWatch) snapshot() (reqs, errs []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string{}, w.requests...), append([]string{}, w.errors...)
}

// testBrowser starts a confined headless Chromium for one test and returns a tab context
// whose events go to the returned watch. Without a browser the test is skipped, except under
// CI, where a missing browser means a broken install step.
func testBrowser(t *testing.T) (context.Context, *pageWatch) {
	t.Helper()
	exe, err := render.FindBrowser("")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and no browser: %v", err)
		}
		t.Skipf("no browser: %v", err)
	}
	dir := t.TempDir()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// The same confinement as crawler/render: nothing but loopback resolves, and
		// Chromium's own services stay quiet.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("disable-client-side-phishing-detection", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("dns-prefetch-disable", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication,CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions"),
		chromedp.Flag("force-webrtc-ip-handling-policy", "disable_non_proxied_udp"),
		chromedp.WindowSize(1280, 900),
		chromedp.NoInheritEnv,
		chromedp.Env("PATH="+os.Getenv("PATH"), "HOME="+dir, "TMPDIR="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, ".config"),
			"XDG_CACHE_HOME="+filepath.Join(dir, ".cache"), "LANG=C.UTF-8"),
	}
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses its sandbox as root
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	w := &pageWatch{}
	quiet := func(string, ...any) {}
	ctx, cancelCtx := chromedp.NewContext(allocCtx, chromedp.WithListener(w.listen), chromedp.WithLogf(quiet), chromedp.WithErrorf(quiet), chromedp.WithDebugf(quiet))
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil { // starts the browser and opens the tab
		t.Fatalf("browser: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	return ctx, w
}

// openFile loads a local file in the tab and waits for it.
func openFile(t *testing.T, ctx context.Context, path string) string {
	t.Helper()
	abs, _ := filepath.Abs(path)
	u := (&url.URL{Scheme: "file", Path: abs}).String()
	tctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.Navigate(u)); err != nil {
		t.Fatalf("open %s: %v", u, err)
	}
	return u
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(tctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// artifactDir is where browser tests leave screenshots: $PORTALSCAN_ARTIFACTS when set
// (CI uploads it), else the test's temporary directory.
func artifactDir(t *testing.T) string {
	if d := os.Getenv("PORTALSCAN_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// tamperRecord plants hostile strings where the detectors might one day pass them through
// unfiltered (evidence URLs with script schemes, markup in snippets and matched text, a
// hostile gating entry), so the test covers every field the report prints, not only those
// today's detectors happen to fill from the page.
func tamperRecord(t *testing.T, db string) {
	t.Helper()
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	crawls, err := st.Crawls("")
	if err != nil || len(crawls) == 0 {
		t.Fatalf("crawls: %v", err)
	}
	rec, err := loadRecord(st, crawls[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	hostile := []detectors.Evidence{
		{URL: "javascript:window.__pwned='ev-js'", Matched: "evil: javascript URL", Snippet: "<script>window.__pwned='ev-snippet'</script>"},
		{URL: " JaVaScRiPt:window.__pwned='ev-js2'", Matched: "</td></tr></table><script>window.__pwned='ev-matched'</script>"},
		{URL: "data:text/html,<script>window.__pwned='ev-data'</script>", Matched: "evil: data URL"},
		{URL: "http://127.0.0.1:1/x\"><script>window.__pwned='ev-attr'</script>", Matched: "evil: attribute break-out", FoundOn: "vbscript:msgbox(1)"},
		{URL: "//evil.test/protocol-relative", Matched: "evil: protocol-relative"},
	}
	found := false
	for i := range rec.Findings {
		if rec.Findings[i].Practice == "chg-changelog" {
			rec.Findings[i].Evidence = append(rec.Findings[i].Evidence, hostile...)
			rec.Findings[i].Note = "<b onmouseover=\"window.__pwned='note'\">note</b>"
			found = true
		}
	}
	if !found {
		rec.Findings = append(rec.Findings, detectors.Finding{Practice: "chg-changelog", Status: detectors.Met, Detector: "evil", Evidence: hostile})
	}
	rec.Gating = append(rec.Gating, detectors.GatedItem{URL: "javascript:window.__pwned='gate'", FoundOn: "http://127.0.0.1:1/<script>", Practice: "disc-public-docs", Why: "<img src=x onerror=window.__pwned='why'>"})
	cat, err := scoring.Load()
	if err != nil {
		t.Fatal(err)
	}
	rec.Assessment = scoring.Assess(cat, rec.Findings, scoring.Options{Kind: rec.Kind})
	if err := st.SaveAssessment(rec.Crawl, rec); err != nil {
		t.Fatal(err)
	}
}

func TestReportUntrustedContentIsInert(t *testing.T) {
	srv := fixtureServer(t, "portals/inject")
	dir := t.TempDir()
	db := filepath.Join(dir, "inject.db")
	exp := filepath.Join(dir, "inject.json")
	if r := runBin(t, "scan", srv.URL, "--db", db, "--delay", "0s", "--log-level", "error"); r.code != 0 {
		t.Fatalf("scan: %s", r.stderr)
	}
	tamperRecord(t, db)
	// A review whose note and reviewer are hostile too.
	if r := runBin(t, "export", srv.URL, "--db", db, "-o", exp); r.code != 0 {
		t.Fatalf("export: %s", r.stderr)
	}
	editExport(t, exp, "onb-self-signup", map[string]any{"status": "met", "note": "<script>window.__pwned='review'</script>", "by": "\"><img src=x onerror=window.__pwned='by'>"})
	if r := runBin(t, "review", "import", exp, "--db", db); r.code != 0 {
		t.Fatalf("review import: %s", r.stderr)
	}
	report := filepath.Join(dir, "inject.html")
	if r := runBin(t, "report", srv.URL, "--db", db, "-o", report); r.code != 0 {
		t.Fatalf("report: %s", r.stderr)
	}

	// CSV: the same hostile portal must not yield a formula.
	r := runBin(t, "export", srv.URL, "--db", db, "--format", "csv")
	if r.code != 0 {
		t.Fatalf("csv export: %s", r.stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatalf("csv does not parse: %v", err)
	}
	formulas := 0
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("CSV cell starts a formula: %q", cell)
			}
			if strings.HasPrefix(cell, "'=HYPERLINK(") {
				formulas++
			}
		}
	}
	if formulas == 0 {
		t.Error("the fixture's =HYPERLINK title did not reach the CSV (guarded): the test proves nothing")
	}

	ctx, watch := testBrowser(t)
	openFile(t, ctx, report)
	type verdict struct {
		Pwned     bool     `json:"pwned"`
		Title     string   `json:"title"`
		Active    int      `json:"active"`
		Handlers  []string `json:"handlers"`
		BadHrefs  []string `json:"badHrefs"`
		Text      string   `json:"text"`
		Links     int      `json:"links"`
		HeadTitle string   `json:"h1"`
		ScriptURL int      `json:"scriptURL"` // links whose text is a non-http URL
		AsText    int      `json:"asText"`    // non-http URLs shown as text
	}
	v := eval[verdict](t, ctx, `(() => {
		const handlers = [];
		for (const el of document.querySelectorAll('*'))
			for (const a of el.attributes)
				if (a.name.toLowerCase().startsWith('on')) handlers.push(el.tagName + ' ' + a.name);
		const badHrefs = [...document.querySelectorAll('[href],[src],[action],[formaction],[xlink\\:href]')]
			.map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action') || '')
			.filter(h => !(h.startsWith('#') || h.startsWith('http://') || h.startsWith('https://')));
		return {
			pwned: window.__pwned !== undefined,
			title: document.title,
			active: document.querySelectorAll('script, img, iframe, object, embed, form, input, base, body style, link, meta[http-equiv=refresh], svg script, foreignObject').length,
			handlers, badHrefs,
			text: document.body.innerText,
			links: document.querySelectorAll('a[href^="http"]').length,
			h1: document.getElementById('portal-title').textContent,
			scriptURL: [...document.querySelectorAll('a')].filter(a => /^\s*(javascript|data|vbscript):/i.test(a.textContent)).length,
			asText: [...document.querySelectorAll('.nolink')].filter(s => /^\s*(javascript|data|vbscript):/i.test(s.textContent)).length,
		};
	})()`)
	if v.Pwned {
		t.Error("an injected script ran: window.__pwned is set")
	}
	if v.Title == "pwned" || !strings.HasPrefix(v.Title, "Developer portal assessment: </title><script>") {
		t.Errorf("document title %q: not the escaped portal title", v.Title)
	}
	if v.Active != 0 {
		t.Errorf("%d active elements (script, img, iframe, form ...) in the report", v.Active)
	}
	if len(v.Handlers) > 0 {
		t.Errorf("event-handler attributes in the report: %v", v.Handlers)
	}
	if len(v.BadHrefs) > 0 {
		t.Errorf("links or sources that are not http(s) or in-page: %v", v.BadHrefs)
	}
	if v.ScriptURL > 0 || v.AsText < 4 {
		t.Errorf("script-scheme URLs: %d shown as links, %d as text (want 0 and at least 4)", v.ScriptURL, v.AsText)
	}
	if v.Links == 0 {
		t.Error("no evidence link at all: the report lost its evidence")
	}
	for _, lit := range []string{
		`</title><script>window.__pwned='title';document.title='pwned'</script> Inject "Portal" & Co`,
		`"><img src=x onerror=window.__pwned='h2'> Getting started`,
		`javascript:window.__pwned='ev-js'`,
		`<script>window.__pwned='ev-snippet'</script>`,
		`</td></tr></table><script>window.__pwned='ev-matched'</script>`,
		`<script>window.__pwned='review'</script>`,
		`<img src=x onerror=window.__pwned='why'>`,
	} {
		if !strings.Contains(v.Text, lit) {
			t.Errorf("the report does not show %q literally", lit)
		}
	}
	if !strings.HasPrefix(v.HeadTitle, "</title><script>") {
		t.Errorf("heading %q", v.HeadTitle)
	}
	reqs, errs := watch.snapshot()
	for _, u := range reqs {
		if !strings.HasPrefix(u, "file://") && !strings.HasPrefix(u, "data:") {
			t.Errorf("the report requested %s", u)
		}
	}
	if len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// editExport adds a review object to one practice of a JSON export file.
func editExport(t *testing.T, path, practice string, review map[string]any) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range doc["practices"].([]any) {
		m := p.(map[string]any)
		if m["id"] == practice {
			m["review"] = review
			found = true
		}
	}
	if !found {
		t.Fatalf("no practice %s in the export", practice)
	}
	out, _ := json.MarshalIndent(doc, "", "  ")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestReportAndCompareInBrowser(t *testing.T) {
	mature := fixtureServer(t, "portals/mature")
	bank := fixtureServer(t, "portals/bank")
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	for _, u := range []string{mature.URL, mature.URL, bank.URL} { // two crawls of mature: a trend
		if r := runBin(t, "scan", u, "--db", db, "--delay", "0s", "--log-level", "error"); r.code != 0 {
			t.Fatalf("scan %s: %s", u, r.stderr)
		}
	}
	report := filepath.Join(dir, "report.html")
	if r := runBin(t, "report", mature.URL, "--db", db, "--output", report); r.code != 0 {
		t.Fatalf("report: %s", r.stderr)
	}
	compare := filepath.Join(dir, "compare.html")
	if r := runBin(t, "compare", mature.URL, bank.URL, "--db", db, "--output", compare, "--save-cohort", "test-cohort"); r.code != 0 {
		t.Fatalf("compare: %s", r.stderr)
	}
	r := runBin(t, "export", mature.URL, "--db", db)
	if r.code != 0 {
		t.Fatal(r.stderr)
	}
	var e struct {
		Enablers   []any `json:"enablers"`
		FocusAreas []any `json:"focus_areas"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &e); err != nil {
		t.Fatal(err)
	}

	ctx, watch := testBrowser(t)
	fileURL := openFile(t, ctx, report)
	type charts struct {
		FocusAxes, EnablerAxes, TrendDots, Practices, EvidenceLinks int
		Sections                                                    []string
	}
	c := eval[charts](t, ctx, `({
		FocusAxes: document.querySelectorAll('#focus-radar line.axis').length,
		EnablerAxes: document.querySelectorAll('#enabler-radar line.axis').length,
		TrendDots: document.querySelectorAll('#trend-chart circle').length,
		Practices: document.querySelectorAll('table.practices tbody tr').length,
		EvidenceLinks: document.querySelectorAll('ul.ev a[href^="http"]').length,
		Sections: [...document.querySelectorAll('section[id]')].map(s => s.id),
	})`)
	if c.FocusAxes != 6 || c.FocusAxes != len(e.FocusAreas) {
		t.Errorf("focus-area radar has %d axes, want 6", c.FocusAxes)
	}
	if c.EnablerAxes != len(e.Enablers) || c.EnablerAxes < 20 {
		t.Errorf("enabler radar has %d axes, want %d", c.EnablerAxes, len(e.Enablers))
	}
	if c.TrendDots != 2 {
		t.Errorf("trend shows %d crawls, want 2", c.TrendDots)
	}
	if c.Practices < 130 || c.EvidenceLinks == 0 {
		t.Errorf("%d practice rows, %d evidence links", c.Practices, c.EvidenceLinks)
	}
	for _, want := range []string{"summary", "profile", "enablers", "lenses", "roadmap", "gating", "practices", "coverage", "trend", "method"} {
		if !strings.Contains(strings.Join(c.Sections, " "), want) {
			t.Errorf("no %s section (have %v)", want, c.Sections)
		}
	}
	art := artifactDir(t)
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(80))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(art, "report.jpg"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("print to PDF: %v", err)
	}
	os.WriteFile(filepath.Join(art, "report.pdf"), pdf, 0o644)

	compareURL := openFile(t, ctx, compare)
	type cmpCharts struct {
		FocusAxes, EnablerAxes, Series, Median, Reference, Rows int
	}
	cc := eval[cmpCharts](t, ctx, `({
		FocusAxes: document.querySelectorAll('#focus-radar line.axis').length,
		EnablerAxes: document.querySelectorAll('#enabler-radar line.axis').length,
		Series: document.querySelectorAll('#focus-radar g.series').length,
		Median: document.querySelectorAll('#focus-radar g.median').length,
		Reference: document.querySelectorAll('#focus-radar g.reference').length,
		Rows: document.querySelectorAll('#compare-table tbody tr').length,
	})`)
	if cc.FocusAxes != 6 || cc.EnablerAxes != len(e.Enablers) || cc.Series != 2 || cc.Median != 1 || cc.Reference != 1 {
		t.Errorf("compare charts: %+v", cc)
	}
	if cc.Rows != 1+len(e.FocusAreas)+len(e.Enablers) {
		t.Errorf("compare table has %d rows", cc.Rows)
	}
	shot, err = chromedp.Run(ctx, chromedp.FullScreenshot(80))
	if err == nil {
		os.WriteFile(filepath.Join(art, "compare.jpg"), shot, 0o644)
	}
	t.Logf("screenshots and PDF in %s", art)

	reqs, errs := watch.snapshot()
	for _, u := range reqs {
		if u != fileURL && u != compareURL && !strings.HasPrefix(u, "data:") {
			t.Errorf("a report requested %s", u)
		}
	}
	if len(reqs) < 2 {
		t.Errorf("the network listener saw %d requests: it does not work", len(reqs))
	}
	if len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}

	// The cohort was saved and loads by name.
	out := filepath.Join(dir, "cohort.html")
	if r := runBin(t, "compare", "--cohort", "test-cohort", "--db", db, "-o", out); r.code != 0 || !strings.Contains(r.stdout, "2 portals") {
		t.Fatalf("compare --cohort: %d %s %s", r.code, r.stdout, r.stderr)
	}
}
