package crawler

import (
	"fmt"
	"strings"
	"testing"
)

func TestEvidenceLike(t *testing.T) {
	cases := []struct {
		text, path string
		want       bool
	}{
		{"Pricing", "", true},
		{"", "/pricing/", true},
		{"", "/docs/errors.html", true},
		{"Release notes", "", true},
		{"Preise", "", true},
		{"Тарифы", "", true},
		{"", "/docs/getting-started", true},
		{"", "/reference/payments/create", false},
		{"Create a payment", "/reference/payments/create", false},
		{"", "/guides/p123", false},
		{"Read more", "/blog/2024/05/our-new-office", false},
		{"", "/", false},
	}
	for _, c := range cases {
		if got := evidenceLike(c.text, c.path); got != c.want {
			t.Errorf("evidenceLike(%q, %q) = %v, want %v", c.text, c.path, got, c.want)
		}
	}
}

// With a small budget, a page that names evidence is fetched before the breadth of a large
// portal, even when it sits deeper.
func TestEvidenceFirstUnderBudget(t *testing.T) {
	s := newSite(t)
	var links strings.Builder
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&links, `<a href="/ref/p%d">Endpoint %d</a> `, i, i)
		s.html(fmt.Sprintf("/ref/p%d", i), fmt.Sprintf("<title>p%d</title><p>reference %d</p>", i, i))
	}
	s.html("/", "<title>Home</title><main>"+links.String()+`<a href="/guide/">Guide</a></main>`)
	s.html("/guide/", `<title>Guide</title><p>Costs are on the <a href="/company/pricing">pricing page</a>; questions: <a href="/support/contact">contact us</a>.</p>`)
	s.html("/company/pricing", "<title>Pricing</title><h1>Pricing</h1>")
	s.html("/support/contact", "<title>Contact</title><h1>Contact</h1>")
	o := testOptions()
	o.MaxPages = 20
	sc := runScan(t, s.URL("/"), o)
	if sc.err != nil {
		t.Fatal(sc.err)
	}
	for _, want := range []string{"/company/pricing", "/support/contact", "/guide/"} {
		if sc.byURL(s.URL(want)) == nil {
			t.Errorf("%s not fetched within a budget of 20", want)
		}
	}
	if n := len(sc.kinds("page")); n > 20 {
		t.Errorf("%d pages, budget 20", n)
	}
}
