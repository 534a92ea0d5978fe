package detectors

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/portalscan/portalscan/crawler/page"
)

func TestSelectorNeeds(t *testing.T) {
	cases := []struct {
		sel  string
		want string // needs, one per selector: tag then name~sub pairs
	}{
		{`div#swagger-ui`, `div id~swagger-ui`},
		{`.md-clipboard, [data-clipboard-text]`, ` class~md-clipboard |  data-clipboard-text~`},
		{`form[action*=search] input:not([type])`, `input`},
		{`[role=search] input, form[role=search]`, `input | form role~search`},
		{`iframe[src*="youtube.com/embed"]`, `iframe src~youtube.com/embed`},
		{`gcse\:search`, `gcse:search`},
		{`time[datetime][itemprop=dateModified]`, `time datetime~ itemprop~datemodified`},
		{`[class*=badge]:matchesOwn(^\s*(?i:alpha|beta)\s*$), [class*=Badge]`, ` class~badge |  class~badge`},
		{`nav > a.active + span ~ em`, `em`},
		{`select[aria-label*=ersion i]`, `select aria-label~ersion`},
		{`*`, ``},
	}
	for _, c := range cases {
		var parts []string
		for _, n := range selectorNeeds(c.sel) {
			s := n.tag
			for _, a := range n.attrs {
				s += " " + a.name + "~" + a.sub
			}
			parts = append(parts, s)
		}
		if got := strings.Join(parts, " | "); got != c.want {
			t.Errorf("selectorNeeds(%q) = %q, want %q", c.sel, got, c.want)
		}
	}
	for _, bad := range []string{`a::before`, `a[href`, `div%x`} {
		if n := selectorNeeds(bad); n != nil {
			t.Errorf("selectorNeeds(%q) = %v, want nil (always run)", bad, n)
		}
	}
}

// The selector prefilter never hides a match: on every page of our fixture portals and of
// the real portals of the corpus, wherever a rule's selector matches an element, the
// prefilter lets the page through. And it is not vacuous: every selector of the rules is
// read, and it skips most pages.
func TestSelectorPrefilterNeverHidesAMatch(t *testing.T) {
	var preds []*pred
	for _, ru := range rules.rules {
		for _, cs := range [][]clause{ru.all, ru.any, ru.not} {
			for _, c := range cs {
				for _, p := range c {
					if p.sel != nil {
						preds = append(preds, p)
						if p.selNeeds == nil {
							t.Errorf("rule %s: the prefilter cannot read its selector", ru.name)
						}
					}
				}
			}
		}
	}
	var files []string
	corpus := os.Getenv("PORTALSCAN_CORPUS")
	if corpus == "" {
		corpus = filepath.Join("..", "..", "shared", "corpus")
	}
	for _, root := range []string{filepath.Join("..", "fixtures"), filepath.Join(corpus, "sites")} {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".html") {
				files = append(files, path)
			}
			return nil
		})
	}
	if len(files) < 20 {
		t.Fatalf("only %d HTML files found", len(files))
	}
	matches, skipped, total := 0, 0, 0
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, _, err := page.Parse("http://h/"+filepath.Base(f), body, "text/html")
		if err != nil || d.DOM == nil || len(d.DOM.Nodes) == 0 {
			continue
		}
		ix := buildDOMIndex(d.DOM.Nodes[0])
		for _, p := range preds {
			total++
			hit := len(p.sel.MatchAll(d.DOM.Nodes[0])) > 0
			may := p.selNeeds == nil || ix.mayMatch(p.selNeeds)
			if hit {
				matches++
				if !may {
					t.Errorf("%s: the prefilter hides a match of a selector (needs %+v)", f, p.selNeeds)
				}
			} else if !may {
				skipped++
			}
		}
	}
	t.Logf("%d files, %d selectors: %d matches, %d of %d checks skipped by the prefilter", len(files), len(preds), matches, skipped, total)
	if matches < 20 || skipped < total/2 {
		t.Errorf("the check is too weak: %d matches, %d of %d skipped", matches, skipped, total)
	}
}
