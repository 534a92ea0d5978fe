package detectors

import (
	"fmt"
	"sort"

	"github.com/portalscan/portalscan/crawler/page"
)

// GatedItem is something a reader of the portal cannot see without an account: a URL
// behind a login wall, where it was linked from, and which practice it would have shown.
type GatedItem struct {
	URL      string `json:"url"`
	FoundOn  string `json:"found_on,omitempty"`
	Practice string `json:"practice"`
	Why      string `json:"why"`
}

// GatingMap lists what sits behind the login wall, from the gated evidence of the
// findings: one item per URL and practice, sorted by URL then practice.
func GatingMap(findings []Finding) []GatedItem {
	seen := map[[2]string]bool{}
	out := []GatedItem{}
	for _, f := range findings {
		for _, e := range f.Evidence {
			if !e.Gated {
				continue
			}
			k := [2]string{e.URL, f.Practice}
			if seen[k] {
				continue
			}
			seen[k] = true
			why := e.Error
			if why == "" {
				why = "behind a login wall"
			}
			out = append(out, GatedItem{URL: e.URL, FoundOn: e.FoundOn, Practice: f.Practice, Why: why})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].URL != out[j].URL {
			return out[i].URL < out[j].URL
		}
		return out[i].Practice < out[j].Practice
	})
	return out
}

const practicePublicDocs = "disc-public-docs"

// loginWallDetector decides disc-public-docs: docs readable anonymously, or content
// (docs, reference, pricing, terms) behind a login wall.
type loginWallDetector struct{}

func (loginWallDetector) Doc() Doc {
	return Doc{
		Name:      "login-wall",
		Practices: []string{practicePublicDocs},
		Looks: "Whether docs pages are readable anonymously: pages that answered 200 with content, against docs, reference or pricing URLs " +
			"that redirect to a sign-in page or identity provider, answer 401/403 (bot filters and API hosts excepted), carry a password form " +
			"or say 'sign in to view'. Account areas (dashboard, console, sign-in pages) are expected to need a login.",
		Why: "Evaluators and AI agents judge an API from its public docs; a wall in front of the reference or the prices ends most evaluations.",
		Fix: "Publish the docs, the API reference and the prices without login; keep only account management behind it.",
	}
}

func (loginWallDetector) Begin(env Env) Run {
	return &loginWallRun{sh: sharedOf(env), readable: newPool()}
}

type loginWallRun struct {
	sh       *shared
	readable pool
}

// minDocText is how much visible text makes a page content rather than a shell.
const minDocText = 50

func (r *loginWallRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if p.Kind != page.KindPage || !pf.usable || p.Doc.TextLen < minDocText {
		return
	}
	snip := pf.title
	if snip == "" && len(p.Doc.Headings) > 0 {
		snip = headingText(p.Doc.Headings[0].Text)
	}
	foundOn := p.FoundOn
	if foundOn == "" {
		foundOn = pf.url
	}
	r.readable.add("", &candidate{
		ev:     Evidence{URL: pf.url, FoundOn: foundOn, Matched: fmt.Sprintf("readable anonymously: HTTP %d, %d characters of text", p.Status, p.Doc.TextLen), Snippet: clip(snip, 160)},
		status: Met, depth: p.Depth,
	})
}

func (r *loginWallRun) Finish(idx Index) []Finding {
	var cands []*candidate
	if idx != nil {
		for _, f := range idx.Pages() {
			if f.Kind != page.KindPage && f.Kind != page.KindSpec {
				continue
			}
			gate := fetchGate(f, r.sh.resourceOf(f))
			if gate == "" || !docsWall(f.URL) {
				continue
			}
			cands = append(cands, &candidate{
				ev:     Evidence{URL: f.URL, FoundOn: f.FoundOn, Matched: "login-wall: " + gate, Gated: true, Error: gate},
				status: NotMet, depth: f.Depth,
			})
		}
	}
	if len(cands) > 0 {
		fd := verdict(practicePublicDocs, cands)
		fd.Note = fmt.Sprintf("%d docs URL(s) need an account", len(cands))
		return []Finding{fd}
	}
	for _, c := range r.readable.m {
		cands = append(cands, c)
	}
	if len(cands) == 0 {
		return []Finding{{Practice: practicePublicDocs, Status: NotObservable, Reason: ReasonFetchFailed, Note: "no page with readable content was fetched"}}
	}
	fd := verdict(practicePublicDocs, cands)
	if len(fd.Evidence) > 3 {
		fd.Evidence = fd.Evidence[:3]
	}
	fd.Note = fmt.Sprintf("%d pages readable without an account", len(cands))
	return []Finding{fd}
}

func init() { Register(loginWallDetector{}) }
