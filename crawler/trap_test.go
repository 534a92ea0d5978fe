package crawler

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestTrapPattern(t *testing.T) {
	same := [][2]string{
		{"http://h/cal/2026/01/", "http://h/cal/1999/12/"},
		{"http://h/q?q=a", "http://h/q?q=aaaaaaaa"},
		{"http://h/r/a/a/", "http://h/r/a/a/a/a/a/"},
		{"http://h/blog/page/2", "http://h/blog/page/317"},
	}
	for _, c := range same {
		a, _ := url.Parse(c[0])
		b, _ := url.Parse(c[1])
		if trapPattern(a) != trapPattern(b) {
			t.Errorf("%s and %s: %q vs %q", c[0], c[1], trapPattern(a), trapPattern(b))
		}
	}
	differ := [][2]string{
		{"http://h/docs/pricing", "http://h/docs/errors"},
		{"http://h/v1/accounts", "http://h/v1/payments"},
		{"http://h/q?a=1", "http://h/q?b=1"},
	}
	for _, c := range differ {
		a, _ := url.Parse(c[0])
		b, _ := url.Parse(c[1])
		if trapPattern(a) == trapPattern(b) {
			t.Errorf("%s and %s share pattern %q", c[0], c[1], trapPattern(a))
		}
	}
}

// A fan-out calendar (every day links to every day of the next month) must not eat the
// budget: the pattern cap leaves room for the portal's real pages.
func TestCalendarTrapLeavesBudgetForPages(t *testing.T) {
	s := newSite(t)
	s.handle("/cal/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		var b strings.Builder
		b.WriteString("<title>cal</title>")
		for d := 1; d <= 31; d++ {
			fmt.Fprintf(&b, `<a href="/cal/%d/%d">%d</a> `, len(r.URL.Path), d, d)
		}
		w.Write([]byte(b.String()))
	})
	var links strings.Builder
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&links, `<a href="/docs/page-%c%c">doc</a> `, 'a'+i%26, 'a'+i/26)
		s.html(fmt.Sprintf("/docs/page-%c%c", 'a'+i%26, 'a'+i/26), "<title>doc</title><p>doc</p>")
	}
	s.html("/", `<title>Home</title><a href="/cal/0/1">Calendar</a> `+links.String())
	o := testOptions()
	o.MaxPages = 120
	sc := runScan(t, s.URL("/"), o)
	if sc.err != nil {
		t.Fatal(sc.err)
	}
	cal, docs := 0, 0
	for _, p := range sc.kinds("page") {
		switch {
		case strings.Contains(p.URL, "/cal/"):
			cal++
		case strings.Contains(p.URL, "/docs/"):
			docs++
		}
	}
	if docs != 40 || cal > maxPerPattern+1 {
		t.Errorf("docs %d of 40, calendar pages %d (cap %d)", docs, cal, maxPerPattern)
	}
}
