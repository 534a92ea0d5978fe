package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/portalscan/portalscan/detectors"
	"github.com/portalscan/portalscan/scoring"
)

func TestLinkable(t *testing.T) {
	cases := []struct {
		url  string
		link bool
	}{
		{"https://developers.example.com/docs/", true},
		{"http://127.0.0.1:8080/pricing/?plan=a#eu", true},
		{"HTTPS://EXAMPLE.COM/", true},
		{"javascript:alert(1)", false},
		{" JaVaScRiPt:alert(1)", false},
		{"data:text/html,<script>alert(1)</script>", false},
		{"vbscript:msgbox(1)", false},
		{"//evil.test/protocol-relative", false},
		{"/relative/path", false},
		{"mailto:dev@example.com", false},
		{"ftp://example.com/file", false},
		{"https:///no-host", false},
		{"", false},
		{"http://[::1", false},
	}
	for _, tc := range cases {
		if got := linkable(tc.url); got != tc.link {
			t.Errorf("linkable(%q) = %v, want %v", tc.url, got, tc.link)
		}
	}
}

func TestWrapLabel(t *testing.T) {
	cases := []struct {
		in    string
		width int
		want  []string
	}{
		{"Discovery", 15, []string{"Discovery"}},
		{"Maintenance & troubleshooting", 15, []string{"Maintenance &", "troubleshooting"}},
		{"Search-engine findability & crawlability", 20, []string{"Search-engine", "findability &…"}},
		{"Supercalifragilisticexpialidocious", 10, []string{"Supercalif…"}},
		{"", 10, nil},
	}
	for _, tc := range cases {
		got := wrapLabel(tc.in, tc.width, 2)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("wrapLabel(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
}

func f64(x float64) *float64 { return &x }

func TestRadarGeometry(t *testing.T) {
	for _, n := range []int{3, 6, 24} {
		labels := make([]string, n)
		vals := make([]*float64, n)
		for i := range labels {
			labels[i] = "axis"
			vals[i] = f64(100)
		}
		vals[0] = nil       // not observable: drawn at the centre
		vals[1] = f64(250)  // clamped to the rim
		vals[n-1] = f64(-5) // clamped to the centre
		r := newRadar("r", "t", labels, []radarInput{{Name: "p", Values: vals}})
		if len(r.Axes) != n || len(r.Grid) != 5 || len(r.Series) != 1 {
			t.Fatalf("n=%d: %d axes, %d rings, %d series", n, len(r.Axes), len(r.Grid), len(r.Series))
		}
		pts := strings.Fields(r.Series[0].Points)
		if len(pts) != n {
			t.Fatalf("n=%d: %d points", n, len(pts))
		}
		if pts[0] != pts[n-1] {
			t.Errorf("n=%d: nil and negative scores should both sit at the centre: %s vs %s", n, pts[0], pts[n-1])
		}
		if rim := strings.Fields(r.Grid[4])[1]; pts[1] != rim {
			t.Errorf("n=%d: 250 should be clamped to the rim %s, got %s", n, rim, pts[1])
		}
	}
}

func TestMedianAndBest(t *testing.T) {
	cases := []struct {
		in     []*float64
		median *float64
		best   *float64
		who    []int
	}{
		{nil, nil, nil, nil},
		{[]*float64{nil, nil}, nil, nil, nil},
		{[]*float64{f64(10)}, f64(10), f64(10), []int{0}},
		{[]*float64{f64(10), nil, f64(30)}, f64(20), f64(30), []int{2}},
		{[]*float64{f64(50), f64(10), f64(30)}, f64(30), f64(50), []int{0}},
		{[]*float64{f64(40), f64(40), f64(1)}, f64(40), f64(40), []int{0, 1}},
		{[]*float64{f64(33.33), f64(66.67)}, f64(50), f64(66.67), []int{1}},
	}
	for i, tc := range cases {
		m := median(tc.in)
		b, who := best(tc.in)
		if fmtScore(m) != fmtScore(tc.median) || fmtScore(b) != fmtScore(tc.best) || fmtInts(who) != fmtInts(tc.who) {
			t.Errorf("case %d: median %s best %s by %v; want %s %s %v", i, fmtScore(m), fmtScore(b), who, fmtScore(tc.median), fmtScore(tc.best), tc.who)
		}
	}
}

func fmtInts(xs []int) string {
	var b strings.Builder
	for _, x := range xs {
		b.WriteString(string(rune('0' + x)))
	}
	return b.String()
}

// syntheticExport builds an export without a crawl, from findings given directly.
func syntheticExport(t *testing.T, title string, fs []detectors.Finding) *Export {
	t.Helper()
	cat, err := scoring.Load()
	if err != nil {
		t.Fatal(err)
	}
	a := scoring.Assess(cat, fs, scoring.Options{})
	e := &Export{Tool: toolInfo{Name: "portalscan", Version: "test"}, Portal: portalInfo{ID: "https://dev.example.test/", URL: "https://dev.example.test/", Title: title},
		Crawl: crawlInfo{ID: 7, Started: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC), Status: "complete"}, Kind: a.Kind, Assessment: a,
		Render: renderInfo{Mode: "never", Effective: "never"}}
	for _, p := range a.Practices {
		e.Practices = append(e.Practices, scoring.ReviewedPractice{PracticeResult: p})
	}
	return e
}

// The template escapes every crawled string; this checks the markup itself (the browser
// test checks what a browser makes of it).
func TestReportTemplateEscapes(t *testing.T) {
	e := syntheticExport(t, `</title><script>alert("t")</script>`, []detectors.Finding{
		{Practice: "chg-changelog", Status: detectors.Met, Detector: "x", Evidence: []detectors.Evidence{
			{URL: "https://dev.example.test/changelog/?a=1&b=\"2\"", Matched: `<img src=x onerror=alert(1)>`, Snippet: `<script>alert("s")</script>`},
			{URL: "javascript:alert(2)", Matched: "js"},
		}},
		{Practice: "com-pricing-page", Status: detectors.Met, Detector: "x", Evidence: []detectors.Evidence{{URL: "https://dev.example.test/pricing/", Matched: "pricing"}}},
	})
	e.Gating = []detectors.GatedItem{{URL: "javascript:alert(3)", Practice: "disc-public-docs", Why: "<b>bold</b>"}}
	cat, _ := scoring.Load()
	v := buildReportView(e, []trendPoint{{Crawl: 7, Date: "2026-05-01", Overall: e.Assessment.Overall.Score, Current: true}}, scoring.ReferenceProfile(cat, "interface"), time.Now())
	var buf bytes.Buffer
	if err := reportTemplates.ExecuteTemplate(&buf, "report.html.tmpl", v); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, bad := range []string{"<script", "<img", `href="javascript`, "<b>bold", `b="2"`} {
		if strings.Contains(html, bad) {
			t.Errorf("report contains %q", bad)
		}
	}
	for _, good := range []string{
		"&lt;/title&gt;&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;",
		`<a href="https://dev.example.test/changelog/?a=1&amp;b=%222%22"`,
		`<span class="mono nolink">javascript:alert(2)</span>`,
		`Content-Security-Policy`,
	} {
		if !strings.Contains(html, good) {
			t.Errorf("report lacks %q", good)
		}
	}
	if len(v.Strengths) != 2 || len(v.Gaps) != 3 {
		t.Errorf("summary: %d strengths, %d gaps", len(v.Strengths), len(v.Gaps))
	}
	if len(v.FocusRadar.Axes) != 6 || len(v.EnablerRadar.Axes) != len(e.Assessment.Enablers) {
		t.Errorf("radars: %d and %d axes", len(v.FocusRadar.Axes), len(v.EnablerRadar.Axes))
	}
}
