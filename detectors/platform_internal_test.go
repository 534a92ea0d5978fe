package detectors

import (
	"fmt"
	"strings"
	"testing"

	"github.com/portalscan/portalscan/crawler/page"
)

// Entry pages as a rendered Backstage shows them: an About card of label/value pairs
// (headings followed by their values), links to TechDocs and to the API entity.
func TestCatalogueRenderedAboutCards(t *testing.T) {
	idx := testIndex{host: "portal.corp.test", fetch: map[string]*page.Fetch{
		// b's docs link is broken: it does not count.
		"https://portal.corp.test/docs/default/component/b": {URL: "https://portal.corp.test/docs/default/component/b", Status: 404, Kind: page.KindPage},
	}}
	var pages []*page.Page
	for _, n := range []string{"a", "b", "c"} {
		u := "https://portal.corp.test/catalog/default/component/" + n
		pages = append(pages, htmlPage(t, u, fmt.Sprintf(`<html><head><title>%[1]s | Backstage</title></head><body>
			<nav><a href="/catalog">Catalog</a><a href="/docs">Docs</a></nav>
			<main><h1>%[1]s</h1>
			<div class="about-card"><div class="card-header"><h2>About</h2><a href="/docs/default/component/%[1]s">View TechDocs</a></div>
			<div class="grid"><div class="field"><h2 class="label">Description</h2><p class="value">Service %[1]s does things.</p></div>
			<div class="field"><h2 class="label">Owner</h2><p class="value"><a href="/catalog/default/group/team-%[1]s">group:team-%[1]s</a></p></div>
			<div class="field"><h2 class="label">Lifecycle</h2><p class="value">production</p></div></div></div>
			<div class="provided-apis"><h2>Provided APIs</h2><a href="/catalog/default/api/%[1]s-api">%[1]s-api</a></div>
			</main></body></html>`, n)))
	}
	fs := findings(t, idx, pages...)
	if f := fs[pracPlatCatalogue]; f.Status != Met || !strings.Contains(f.Note, "catalogue of 3 entries: 3 with an owner, 3 with a lifecycle state") {
		t.Errorf("catalogue: %s %q", f.Status, f.Note)
	}
	f := fs[pracPlatCompleteness]
	if f.Status != Partial || !strings.Contains(f.Note, "2 of 3 catalogue entries complete (67%)") || !strings.Contains(f.Note, "b (no docs)") {
		t.Errorf("completeness: %s %q", f.Status, f.Note)
	}
	if f := fs[pracPlatLifecycle]; f.Status != Partial {
		t.Errorf("lifecycle without deprecation or policy: %s %q", f.Status, f.Note)
	}
}

// Entry pages without catalogue paths count when they label a real owner and a lifecycle
// state ("Owner: …" text); a group page on a catalogue path is not an entry.
func TestCatalogueLabelledText(t *testing.T) {
	idx := testIndex{host: "wiki.corp.test", fetch: map[string]*page.Fetch{}}
	var pages []*page.Page
	for i, n := range []string{"orders", "stock", "mailer"} {
		life := []string{"production", "beta", "deprecated"}[i]
		pages = append(pages, htmlPage(t, "https://wiki.corp.test/services/"+n, fmt.Sprintf(`<html><body><main><h1>%[1]s</h1>
			<ul><li>Owner: team-%[1]s</li><li>Lifecycle: %[2]s</li><li>On-call: <a href="https://corp.pagerduty.com/schedules/%[1]s">%[1]s rota</a></li></ul>
			<p>Superseded by orders-v2; shut down on 1 May 2027.</p></main></body></html>`, n, life)))
	}
	pages = append(pages, htmlPage(t, "https://wiki.corp.test/catalog/default/group/team-orders", `<html><body><main><h1>team-orders</h1>
		<ul><li>Owner: nobody</li><li>Lifecycle: production</li></ul></main></body></html>`))
	fs := findings(t, idx, pages...)
	if f := fs[pracPlatCatalogue]; f.Status != Met || !strings.HasPrefix(f.Note, "catalogue of 3 entries") {
		t.Errorf("catalogue: %s %q", f.Status, f.Note)
	}
	if f := fs[pracPlatOnCall]; f.Status != Met || len(f.Evidence) == 0 || !strings.Contains(f.Evidence[0].Matched, "rota") {
		t.Errorf("on-call: %s %+v", f.Status, f.Evidence)
	}
	if f := fs[pracPlatLifecycle]; f.Status != Met || !strings.Contains(f.Note, "1 deprecated, 1 naming a replacement or sunset") {
		t.Errorf("lifecycle: %s %q", f.Status, f.Note)
	}
}

// Placeholders and parameter types are no owners.
func TestOwnerValue(t *testing.T) {
	for in, want := range map[string]string{
		"team-payments": "team-payments", " group:default/team-x ": "group:default/team-x",
		"—": "", "unknown": "", "No owner": "", "string. The owner of the repository.": "", "object": "", "": "",
	} {
		if got := ownerValue(in); got != want {
			t.Errorf("ownerValue(%q) = %q, want %q", in, got, want)
		}
	}
}
