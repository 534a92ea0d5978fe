package detectors

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/portalscan/portalscan/crawler/page"
)

// Platform portals: the software catalogue of an internal developer portal. One detector
// reads catalogue tables (a row per service, component or API, with columns such as Owner,
// Lifecycle, Description) and catalogue entry pages (an "About" card of labelled fields:
// Owner, Lifecycle, Description, On-call, a link to the docs and to the API definition),
// merges what it learns per entry, and judges four platform practices from the entries:
// ownership and lifecycle, completeness, on-call ownership and lifecycle states.
//
// Entries are keyed by the URL of their entry page (a row's link, resolved against the
// crawl, or the page itself), so a catalogue spread over several list pages, and entry
// pages reached without the list, are counted once. The rules-platform.yaml rules decide
// the other platform practices (scorecards, templates, InnerSource, docs-as-code, search).

const (
	pracPlatCatalogue    = "plat-service-catalogue"
	pracPlatCompleteness = "plat-catalogue-completeness"
	pracPlatOnCall       = "plat-oncall-ownership"
	pracPlatLifecycle    = "plat-lifecycle-states"
)

// Thresholds of the catalogue practices.
const (
	minCatalogueEntries = 3   // fewer entries are a list, not a catalogue
	completenessMet     = 0.8 // share of complete entries for met
	completenessPartial = 0.4 // … and for partial
)

func init() { Register(platformCatalogueDetector{}) }

type platformCatalogueDetector struct{}

func (platformCatalogueDetector) Doc() Doc {
	return Doc{
		Name:      "platform-catalogue",
		Practices: []string{pracPlatCatalogue, pracPlatCompleteness, pracPlatOnCall, pracPlatLifecycle},
		Looks: "A software catalogue of services, components or APIs: list tables with Owner / Lifecycle / Description columns and entry pages " +
			"with labelled fields (Owner, Lifecycle, Description, On-call or support contact) and links to the entry's docs and API definition " +
			"(Backstage-style /catalog/<namespace>/<kind>/<name> pages and any page that labels its owner and lifecycle). It counts the entries " +
			"with an owner and a lifecycle state, the complete ones (owner, description, docs and API spec), those naming an on-call or support " +
			"contact, and deprecated entries that name a replacement or a sunset date, or a lifecycle policy page.",
		Why: "In a platform portal the catalogue is the map of who owns what: without owners and lifecycle states teams cannot reuse a service, " +
			"ask the right people or avoid something being retired; incomplete entries make the catalogue untrustworthy.",
		Fix: "Register every service and API in the catalogue with an owner team, a lifecycle state, a description, TechDocs and its API " +
			"definition; name the on-call rota or support channel per service, and mark deprecated entries with their replacement and sunset date.",
	}
}

func (platformCatalogueDetector) Begin(env Env) Run {
	return &platformRun{sh: sharedOf(env), rows: map[string]*catEntry{}, pages: map[string]*catEntry{}, tables: map[string]*catTable{}, policy: newPool()}
}

// catEntry is what the crawl showed about one catalogue entry, from a list row or its page.
type catEntry struct {
	key       string // entry page URL (rows: the link target as written; resolved in Finish)
	name      string
	listedOn  string // the list page (rows)
	owner     string // owner value ("" when missing or a placeholder)
	desc      string
	docs      string // URL of the entry's docs
	spec      string // URL of its API definition
	oncall    string // on-call rota, pager or support contact
	lifecycle string // recognised lifecycle state, lower case
	deprec    string // the words saying what replaces a deprecated entry or when it goes
	page      bool   // from the entry's own page
	depth     int
}

// catTable is one catalogue list on a page.
type catTable struct {
	url     string
	columns []string
	rows    int
	owners  int
	depth   int
}

type platformRun struct {
	sh     *shared
	rows   map[string]*catEntry // by row key
	pages  map[string]*catEntry // by entry page URL
	tables map[string]*catTable // by page URL
	policy pool                 // lifecycle policy sections
}

var (
	// entityPath is a Backstage-style catalogue entry page: /catalog/<namespace>/<kind>/<name>.
	entityPath = regexp.MustCompile(`^/catalog(?:ue)?/([^/]+)/([^/]+)/([^/]+)/?$`)
	// entryKinds are the entity kinds that are catalogue entries (groups, users, systems,
	// domains, locations and templates organise the catalogue; they are not services).
	entryKinds = map[string]bool{"component": true, "api": true, "service": true, "website": true, "library": true}

	catalogueContext = regexp.MustCompile(`(?i)(?:^|/)(?:catalog|catalogue|software-catalog(?:ue)?|service-catalog(?:ue)?|services|components|apis|api-catalog(?:ue)?|registry|inventory)(?:/|$|\.html?$)`)
	catalogueTitle   = regexp.MustCompile(`(?i)\b(?:catalog|catalogue|service (?:directory|registry|inventory)|(?:all )?services|components)\b`)

	labelOwner     = regexp.MustCompile(`(?i)^(?:owners?|owned by|owning team|owner team|team|service owner|maintainers?|maintained by|responsible team)$`)
	labelDesc      = regexp.MustCompile(`(?i)^(?:description|summary|purpose)$`)
	labelLifecycle = regexp.MustCompile(`(?i)^(?:lifecycle|lifecycle (?:stage|state)|stage|status|maturity|state)$`)
	labelOnCall    = regexp.MustCompile(`(?i)^(?:on-?call|on call|on-?call (?:rota|rotation|schedule|team|contact)|pager(?:duty)?|opsgenie|escalation(?: policy| contact)?|support(?: channel| contact| team| slack)?|incident contact|help channel)$`)
	labelDocs      = regexp.MustCompile(`(?i)^(?:docs|documentation|techdocs)$`)
	labelSpec      = regexp.MustCompile(`(?i)^(?:apis?|api spec(?:ification)?|api definition|openapi|spec|specification|provided apis?|provides apis?)$`)
	labelName      = regexp.MustCompile(`(?i)^(?:name|service|services|component|components|api|apis|entity|title|application|app)$`)

	// typeLike is an API reference's description of a parameter, not a team.
	typeLike       = regexp.MustCompile(`(?i)^(?:string|integer|int(?:32|64)?|number|float|boolean|bool|object|array|enum|uuid|date(?:-?time)?)\b`)
	placeholder    = regexp.MustCompile(`(?i)^(?:[-–—?.]*|n/?a|none|null|unknown|unowned|unassigned|no owner|not set|not specified|tbd|todo|to do|\(none\)|no description(?: provided)?)$`)
	lifecycleValue = regexp.MustCompile(`(?i)^(?:experimental|alpha|beta|preview|public preview|private preview|incubating|incubation|in development|development|pilot|production|prod|ga|generally available|general availability|stable|mature|deprecated|deprecating|sunset|sunsetting|retired|retiring|end[- ]of[- ]life|eol|decommissioned|legacy|archived)$`)
	deprecatedVal  = regexp.MustCompile(`(?i)deprecat|sunset|retir|end[- ]of[- ]life|eol|decommission|legacy|archived`)
	deprecInfo     = regexp.MustCompile(`(?i)\b(?:replaced by|use [^.]{1,60} instead|successor|migrat(?:e|ion) to|superseded by|sunset(?: date| on|s on)?|end of life|decommission(?:ed|ing)? (?:on|by|date)|retire[sd]? (?:on|by)|removal date|shut ?down (?:on|by))\b`)
	docsLinkText   = regexp.MustCompile(`(?i)^(?:(?:view|read|open|see) (?:the )?)?(?:tech ?docs|docs|documentation|docs site)$`)
	techDocsPath   = regexp.MustCompile(`(?i)^/docs/[^/]+/(?:component|api|system|domain|resource|group|template)/([^/]+)`)
	specLinkText   = regexp.MustCompile(`(?i)\b(?:api (?:definition|spec(?:ification)?|description)|openapi|swagger|asyncapi|graphql schema|(?:view|download) (?:the )?(?:spec|definition))\b`)
	specLinkPath   = regexp.MustCompile(`(?i)(?:^/catalog(?:ue)?/[^/]+/api/[^/]+|(?:^|/)api-docs/[^/]+|(?:openapi|swagger|asyncapi|spec|api)[^/]*\.(?:json|ya?ml)$)`)
	oncallHost     = regexp.MustCompile(`(?i)(?:^|\.)(?:pagerduty\.com|opsgenie\.com|firehydrant\.io|incident\.io|rootly\.com|splunkoncall\.com|victorops\.com|squadcast\.com|grafana\.net)$`)
	oncallLinkText = regexp.MustCompile(`(?i)\b(?:on-?call|pager|escalation policy)\b`)
	policyHeading  = regexp.MustCompile(`(?i)\b(?:lifecycle|life cycle|deprecation (?:policy|process)|sunset policy)\b`)
	lifecycleWord  = regexp.MustCompile(`(?i)\b(experimental|alpha|beta|preview|production|generally available|stable|deprecated|sunset|retired|end[- ]of[- ]life|decommissioned)\b`)
)

// entryKeywords gate the field scan: a page that names none of them has no catalogue entry.
var (
	entryKeywords     = []string{"owner", "owned by", "maintain", "lifecycle", "on-call", "on call"}
	lifecycleKeywords = []string{"lifecycle", "deprecat"}
)

func init() {
	// Looked up in the page text's one automaton pass rather than by a scan each.
	for _, k := range append(entryKeywords, lifecycleKeywords...) {
		litID(k)
	}
}

func (r *platformRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if p.Kind != page.KindPage || !pf.usable || p.Doc.DOM == nil {
		return
	}
	m := entityPath.FindStringSubmatch(pf.path)
	entity := m != nil && entryKinds[strings.ToLower(m[2])]
	if m != nil && !entity {
		return // a group, user or system page: it organises the catalogue
	}
	context := catalogueContext.MatchString(pf.path) || catalogueTitle.MatchString(pf.title)
	keyword := pf.litCache().any(entryKeywords)
	if pf.litCache().any(lifecycleKeywords) {
		r.lifecyclePolicy(pf, p.Depth)
	}
	if !entity && !keyword && !context {
		return
	}
	listed := false
	if !entity {
		listed = r.tablesOn(pf, p.Depth, context)
	}
	if listed || (!entity && !keyword) {
		return
	}
	name := ""
	if entity {
		name = m[3]
	}
	r.entryPage(pf, p.Depth, entity, name)
}

// tablesOn reads catalogue list tables on a page and reports whether it found one.
func (r *platformRun) tablesOn(pf *pageFacts, depth int, context bool) bool {
	found := false
	pf.p.Doc.DOM.Find("table").Each(func(_ int, t *goquery.Selection) {
		if r.table(pf, depth, context, t) {
			found = true
		}
	})
	return found
}

type colMap struct{ name, owner, desc, lifecycle, oncall, docs, spec int }

func (r *platformRun) table(pf *pageFacts, depth int, context bool, t *goquery.Selection) bool {
	var header []string
	rows := t.Find("tr")
	start := 0
	if th := t.Find("thead tr").First(); th.Length() > 0 {
		th.Children().Each(func(_ int, c *goquery.Selection) { header = append(header, cellText(c)) })
		start = -1
	} else if first := rows.First(); first.Find("th").Length() > 0 && first.Find("td").Length() == 0 {
		first.Children().Each(func(_ int, c *goquery.Selection) { header = append(header, cellText(c)) })
		start = 1
	}
	if len(header) < 2 {
		return false
	}
	cm := colMap{-1, -1, -1, -1, -1, -1, -1}
	for i, h := range header {
		h = strings.TrimSuffix(strings.TrimSpace(h), ":")
		switch {
		case cm.name < 0 && labelName.MatchString(h):
			cm.name = i
		case cm.owner < 0 && labelOwner.MatchString(h):
			cm.owner = i
		case cm.desc < 0 && labelDesc.MatchString(h):
			cm.desc = i
		case cm.lifecycle < 0 && labelLifecycle.MatchString(h):
			cm.lifecycle = i
		case cm.oncall < 0 && labelOnCall.MatchString(h):
			cm.oncall = i
		case cm.docs < 0 && labelDocs.MatchString(h):
			cm.docs = i
		case cm.spec < 0 && labelSpec.MatchString(h):
			cm.spec = i
		}
	}
	if cm.name < 0 {
		cm.name = 0
	}
	var entries []*catEntry
	lifecycles := 0
	rows.Each(func(i int, tr *goquery.Selection) {
		if start >= 0 && i < start || tr.Parent().Is("thead") {
			return
		}
		cells := tr.Children().Filter("td, th")
		if cells.Length() < 2 {
			return
		}
		cell := func(i int) *goquery.Selection {
			if i < 0 || i >= cells.Length() {
				return nil
			}
			return cells.Eq(i)
		}
		e := &catEntry{listedOn: pf.url, depth: depth}
		nc := cell(cm.name)
		if nc == nil {
			return
		}
		e.name = cellText(nc)
		if href := firstHref(nc); href != "" {
			e.key = resolveRef(pf.url, href)
		}
		if c := cell(cm.owner); c != nil {
			e.owner = ownerValue(cellText(c))
		}
		if c := cell(cm.desc); c != nil {
			if v := cellText(c); !placeholder.MatchString(v) {
				e.desc = v
			}
		}
		if c := cell(cm.lifecycle); c != nil {
			if v := strings.ToLower(cellText(c)); lifecycleValue.MatchString(v) {
				e.lifecycle = v
				lifecycles++
			}
		}
		if c := cell(cm.oncall); c != nil {
			if v := cellText(c); !placeholder.MatchString(v) {
				e.oncall = v
			}
		}
		if c := cell(cm.docs); c != nil {
			e.docs = resolveRef(pf.url, firstHref(c))
		}
		if c := cell(cm.spec); c != nil {
			e.spec = resolveRef(pf.url, firstHref(c))
		}
		if e.name == "" {
			return
		}
		entries = append(entries, e)
	})
	if len(entries) < minCatalogueEntries {
		return false
	}
	lifecycleCol := cm.lifecycle >= 0 && 2*lifecycles >= len(entries)
	if !lifecycleCol {
		for _, e := range entries {
			e.lifecycle = ""
		}
	}
	// A list is a catalogue when it has an owner column beside another catalogue column (or on
	// a catalogue page), or a lifecycle column on a catalogue page or beside descriptions.
	other := lifecycleCol || cm.desc >= 0 || cm.oncall >= 0 || cm.docs >= 0 || cm.spec >= 0
	if !(cm.owner >= 0 && (other || context)) && !(lifecycleCol && (context || cm.desc >= 0)) {
		return false
	}
	tab := r.tables[pf.url]
	if tab == nil {
		tab = &catTable{url: pf.url, depth: depth}
		r.tables[pf.url] = tab
		for _, h := range header {
			tab.columns = append(tab.columns, clip(h, 30))
		}
	}
	for _, e := range entries {
		tab.rows++
		if e.owner != "" {
			tab.owners++
		}
		k := e.key
		if k == "" {
			k = "row:" + pf.url + "#" + e.name
		}
		if cur, ok := r.rows[k]; ok {
			mergeEntry(cur, e)
			continue
		}
		r.rows[k] = e
	}
	return true
}

// entryPage reads the labelled fields of a catalogue entry page; name is the entity name of
// a catalogue path ("" for other pages).
func (r *platformRun) entryPage(pf *pageFacts, depth int, entity bool, name string) {
	fields := labelledFields(pf)
	if !entity {
		// Without a catalogue path, a page is an entry only when it labels a real owner and a
		// lifecycle state: API references label "owner" and "type" parameters too.
		if ownerValue(fields["owner"].text) == "" || !lifecycleValue.MatchString(strings.ToLower(fields["lifecycle"].text)) {
			return
		}
	}
	e := &catEntry{key: pf.url, page: true, depth: depth, name: pf.title}
	for _, h := range pf.p.Doc.Headings {
		if h.Level == 1 {
			e.name = headingText(h.Text)
			break
		}
	}
	if f, ok := fields["owner"]; ok {
		e.owner = ownerValue(f.text)
	}
	if f, ok := fields["desc"]; ok && !placeholder.MatchString(f.text) {
		e.desc = f.text
	}
	if f, ok := fields["lifecycle"]; ok {
		if v := strings.ToLower(f.text); lifecycleValue.MatchString(v) {
			e.lifecycle = v
		}
	}
	if f, ok := fields["oncall"]; ok && !placeholder.MatchString(f.text) {
		e.oncall = f.text
	}
	if f, ok := fields["docs"]; ok && f.link != "" {
		e.docs = f.link
	}
	if f, ok := fields["spec"]; ok && f.link != "" {
		e.spec = f.link
	}
	for i := range pf.links {
		l := &pf.links[i]
		if l.Section == "nav" || l.Section == "header" || l.Section == "footer" || l.self {
			continue
		}
		switch {
		case e.docs == "" && (docsLinkText.MatchString(l.text) || ownDocs(l.path, name)):
			e.docs = l.URL
		case e.spec == "" && (specLinkText.MatchString(l.text) || specLinkPath.MatchString(l.path)):
			e.spec = l.URL
		case e.oncall == "" && (oncallHost.MatchString(l.host) || oncallLinkText.MatchString(l.text)):
			e.oncall = l.text
			if e.oncall == "" {
				e.oncall = l.URL
			}
		}
	}
	if e.lifecycle != "" && deprecatedVal.MatchString(e.lifecycle) {
		t := pf.folded()
		if loc := deprecInfo.FindStringIndex(t); loc != nil {
			e.deprec = window(t, loc[0], loc[1], 60)
		}
	}
	if cur, ok := r.pages[e.key]; ok {
		mergeEntry(cur, e)
		return
	}
	r.pages[e.key] = e
}

// lifecyclePolicy records a section that explains the lifecycle states (at least three of
// them named on the page).
func (r *platformRun) lifecyclePolicy(pf *pageFacts, depth int) {
	seen := map[string]bool{}
	for _, m := range lifecycleWord.FindAllString(pf.lowerFolded(), 200) {
		seen[strings.ReplaceAll(m, "-", " ")] = true
	}
	if len(seen) < 3 {
		return
	}
	for _, h := range pf.p.Doc.Headings {
		t := headingText(h.Text)
		if h.Level > 3 || !policyHeading.MatchString(t) {
			continue
		}
		r.policy.add("lifecycle-policy", &candidate{
			ev:     Evidence{URL: withAnchor(pf.url, h.ID), FoundOn: pf.url, Matched: fmt.Sprintf("lifecycle-policy: %d lifecycle states explained", len(seen)), Snippet: clip(t, 160)},
			status: Met, prio: h.Level, depth: depth,
		})
		return
	}
}

// ownDocs reports whether a path is a TechDocs page, of the named entity when a name is given
// (an entry page also links to the docs of the entries it depends on or is replaced by).
func ownDocs(path, name string) bool {
	m := techDocsPath.FindStringSubmatch(path)
	return m != nil && (name == "" || strings.EqualFold(m[1], name))
}

func mergeEntry(dst, src *catEntry) {
	if dst.name == "" {
		dst.name = src.name
	}
	if dst.listedOn == "" {
		dst.listedOn = src.listedOn
	}
	for _, f := range [][2]*string{{&dst.owner, &src.owner}, {&dst.desc, &src.desc}, {&dst.docs, &src.docs}, {&dst.spec, &src.spec},
		{&dst.oncall, &src.oncall}, {&dst.lifecycle, &src.lifecycle}, {&dst.deprec, &src.deprec}} {
		if *f[0] == "" {
			*f[0] = *f[1]
		}
	}
	dst.page = dst.page || src.page
	if src.depth < dst.depth {
		dst.depth = src.depth
	}
}

// field is a labelled value on a page: its text and the first link in it.
type field struct {
	text, link string
}

// labelledFields finds "label: value" pairs on a page — definition lists, two-cell table
// rows, a label element followed by its value, "Owner: team" text — for the catalogue
// labels. The first occurrence of each label wins.
func labelledFields(pf *pageFacts) map[string]field {
	out := map[string]field{}
	classify := func(label string) string {
		label = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(label), ":"))
		switch {
		case len(label) > 40 || label == "":
			return ""
		case labelOwner.MatchString(label):
			return "owner"
		case labelDesc.MatchString(label):
			return "desc"
		case labelLifecycle.MatchString(label):
			return "lifecycle"
		case labelOnCall.MatchString(label):
			return "oncall"
		case labelDocs.MatchString(label):
			return "docs"
		case labelSpec.MatchString(label):
			return "spec"
		}
		return ""
	}
	put := func(k string, v *goquery.Selection, text string) {
		if _, ok := out[k]; ok {
			return
		}
		f := field{text: strings.TrimSpace(text)}
		if v != nil {
			f.text = cellText(v)
			if h := firstHref(v); h != "" {
				f.link = resolveRef(pf.url, h)
			}
		}
		out[k] = f
	}
	body := pf.p.Doc.DOM.Find("body")
	body.Find("dt, th, td, span, strong, b, label, h2, h3, h4, h5, h6, p, div, li").Each(func(_ int, s *goquery.Selection) {
		if s.Closest("nav, header, footer").Length() > 0 {
			return
		}
		own := cellText(s)
		if len(own) > 200 {
			return
		}
		if k := classify(own); k != "" {
			var v *goquery.Selection
			switch goquery.NodeName(s) {
			case "dt":
				v = s.NextFiltered("dd")
			case "th", "td":
				if s.Siblings().Length() != 1 {
					return
				}
				v = s.NextFiltered("td")
			default:
				if s.Children().Length() > 0 && s.Children().First().Text() != s.Text() {
					return // a container, not a label
				}
				v = s.Next()
			}
			if v != nil && v.Length() > 0 {
				put(k, v, "")
			}
			return
		}
		if goquery.NodeName(s) == "li" || goquery.NodeName(s) == "p" {
			if label, value, ok := strings.Cut(own, ":"); ok {
				if k := classify(label); k != "" {
					put(k, nil, value)
					if k == "docs" || k == "spec" {
						if h := firstHref(s); h != "" {
							f := out[k]
							f.link = resolveRef(pf.url, h)
							out[k] = f
						}
					}
				}
			}
		}
	})
	return out
}

// ownerValue is an owner as written, or "" when the value names nobody (a placeholder) or is
// a parameter's type.
func ownerValue(s string) string {
	s = strings.TrimSpace(s)
	if placeholder.MatchString(s) || typeLike.MatchString(s) || len(s) > 100 {
		return ""
	}
	return s
}

func cellText(s *goquery.Selection) string {
	return normText(strings.TrimSpace(s.Text()))
}

func firstHref(s *goquery.Selection) string {
	if goquery.NodeName(s) == "a" {
		if h, ok := s.Attr("href"); ok {
			return strings.TrimSpace(h)
		}
	}
	h, _ := s.Find("a[href]").First().Attr("href")
	return strings.TrimSpace(h)
}

// ---------------------------------------------------------------- verdicts

// entries merges list rows and entry pages, keyed by the entry page's final URL.
func (r *platformRun) entries(idx Index) []*catEntry {
	canon := func(u string) string {
		if idx != nil && strings.HasPrefix(u, "http") {
			if f, ok := idx.Lookup(u); ok {
				if f.FinalURL != "" {
					return stripFragment(f.FinalURL)
				}
				return stripFragment(f.URL)
			}
		}
		return stripFragment(u)
	}
	all := map[string]*catEntry{}
	keys := func(m map[string]*catEntry) []string {
		ks := make([]string, 0, len(m))
		for k := range m {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		return ks
	}
	for _, k := range keys(r.pages) {
		e := *r.pages[k]
		all[e.key] = &e
	}
	for _, k := range keys(r.rows) {
		e := *r.rows[k]
		ck := k
		if !strings.HasPrefix(k, "row:") {
			ck = canon(k)
		}
		e.key = ck
		if cur, ok := all[ck]; ok {
			mergeEntry(cur, &e)
			continue
		}
		all[ck] = &e
	}
	out := make([]*catEntry, 0, len(all))
	for _, e := range all {
		// Links to docs that failed do not count.
		if e.docs != "" && idx != nil && idx.InScope(e.docs) {
			if f, ok := idx.Lookup(e.docs); ok && !f.OK() {
				e.docs = ""
			}
		}
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out
}

func (e *catEntry) label() string {
	if e.name != "" {
		return clip(e.name, 60)
	}
	return e.key
}

func (e *catEntry) missing() []string {
	var m []string
	if e.owner == "" {
		m = append(m, "owner")
	}
	if e.desc == "" {
		m = append(m, "description")
	}
	if e.docs == "" {
		m = append(m, "docs")
	}
	if e.spec == "" {
		m = append(m, "API spec")
	}
	return m
}

func (e *catEntry) url() string {
	if strings.HasPrefix(e.key, "row:") {
		return e.listedOn
	}
	return e.key
}

func pct(a, b int) string {
	if b == 0 {
		return "0%"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(a)/float64(b))
}

func (r *platformRun) Finish(idx Index) []Finding {
	es := r.entries(idx)
	n := len(es)
	owners, lifecycles, complete, oncalls := 0, 0, 0, 0
	fieldCount := map[string]int{}
	for _, e := range es {
		if e.owner != "" {
			owners++
		}
		if e.lifecycle != "" {
			lifecycles++
		}
		if len(e.missing()) == 0 {
			complete++
		}
		if e.oncall != "" {
			oncalls++
		}
		for _, f := range []struct {
			k string
			v string
		}{{"owner", e.owner}, {"description", e.desc}, {"docs", e.docs}, {"API spec", e.spec}} {
			if f.v != "" {
				fieldCount[f.k]++
			}
		}
	}
	// The list pages: evidence for the catalogue itself.
	var tabs []*catTable
	for _, t := range r.tables {
		tabs = append(tabs, t)
	}
	sort.Slice(tabs, func(i, j int) bool {
		if tabs[i].depth != tabs[j].depth {
			return tabs[i].depth < tabs[j].depth
		}
		return tabs[i].url < tabs[j].url
	})
	where := ""
	if len(tabs) > 0 {
		where = " at " + tabs[0].url
	}
	summary := fmt.Sprintf("catalogue of %d entries%s: %d with an owner, %d with a lifecycle state", n, where, owners, lifecycles)

	cat := Finding{Practice: pracPlatCatalogue, Status: NotMet}
	comp := Finding{Practice: pracPlatCompleteness, Status: NotMet}
	onc := Finding{Practice: pracPlatOnCall, Status: NotMet}
	life := Finding{Practice: pracPlatLifecycle, Status: NotMet}
	if n < minCatalogueEntries {
		note := "no software catalogue found (a list of services or APIs with owners, or entry pages labelling their owner)"
		if n > 0 {
			note = fmt.Sprintf("only %d catalogue entr%s found", n, map[bool]string{true: "y", false: "ies"}[n == 1])
		}
		cat.Note, comp.Note, onc.Note, life.Note = note, note, note, note
		return []Finding{cat, comp, onc, life}
	}

	// plat-service-catalogue: owners on at least half the entries, and lifecycle states.
	half := func(k int) bool { return 2*k >= n }
	switch {
	case owners > 0 && half(owners) && half(lifecycles):
		cat.Status = Met
	case owners > 0 && (half(owners) || half(lifecycles)):
		cat.Status = Partial
	}
	cat.Note = summary
	if owners == 0 {
		cat.Note += "; no entry names an owner, so it is a list of APIs, not a catalogue with ownership"
	} else if !half(lifecycles) {
		cat.Note += "; lifecycle states are missing"
	}
	if cat.Status != NotMet {
		var cands []*candidate
		for _, t := range tabs {
			cands = append(cands, &candidate{
				ev: Evidence{URL: t.url, FoundOn: t.url, Matched: fmt.Sprintf("catalogue-list: %d rows, %d with an owner", t.rows, t.owners),
					Snippet: clip(strings.Join(t.columns, " | "), 160)},
				status: cat.Status, prio: 0, depth: t.depth,
			})
		}
		for _, e := range es {
			if e.page && e.owner != "" {
				cands = append(cands, &candidate{
					ev:     Evidence{URL: e.url(), FoundOn: e.url(), Matched: "catalogue-entry: owner " + clip(e.owner, 60), Snippet: entrySnippet(e)},
					status: cat.Status, prio: 1, depth: e.depth,
				})
			}
		}
		cat.Evidence = capEvidence(cands, 3)
	}

	// plat-catalogue-completeness: share of entries with owner, description, docs and API spec.
	judged := es
	withPage := 0
	for _, e := range es {
		if e.page {
			withPage++
		}
	}
	if withPage > 0 && withPage < n {
		judged = nil
		for _, e := range es {
			if e.page {
				judged = append(judged, e)
			}
		}
		complete = 0
		for k := range fieldCount {
			fieldCount[k] = 0
		}
		for _, e := range judged {
			if len(e.missing()) == 0 {
				complete++
			}
			for _, f := range []struct{ k, v string }{{"owner", e.owner}, {"description", e.desc}, {"docs", e.docs}, {"API spec", e.spec}} {
				if f.v != "" {
					fieldCount[f.k]++
				}
			}
		}
	}
	m := len(judged)
	share := float64(complete) / float64(m)
	switch {
	case share >= completenessMet:
		comp.Status = Met
	case share >= completenessPartial:
		comp.Status = Partial
	}
	var incomplete []string
	for _, e := range judged {
		if miss := e.missing(); len(miss) > 0 {
			incomplete = append(incomplete, e.label()+" (no "+strings.Join(miss, ", ")+")")
		}
	}
	comp.Note = fmt.Sprintf("%d of %d catalogue entries complete (%s): owner %d/%d, description %d/%d, docs %d/%d, API spec %d/%d",
		complete, m, pct(complete, m), fieldCount["owner"], m, fieldCount["description"], m, fieldCount["docs"], m, fieldCount["API spec"], m)
	if m < n {
		comp.Note += fmt.Sprintf(" (judged on the %d entry pages fetched of %d entries listed)", m, n)
	}
	if len(incomplete) > 0 {
		show := incomplete
		if len(show) > 5 {
			show = append(append([]string{}, show[:5]...), fmt.Sprintf("and %d more", len(incomplete)-5))
		}
		comp.Note += "; incomplete: " + strings.Join(show, "; ")
	}
	if comp.Status != NotMet {
		var cands []*candidate
		for _, t := range tabs {
			cands = append(cands, &candidate{
				ev:     Evidence{URL: t.url, FoundOn: t.url, Matched: fmt.Sprintf("catalogue-completeness: %d of %d entries complete (%s)", complete, m, pct(complete, m))},
				status: comp.Status, prio: 0, depth: t.depth,
			})
		}
		for _, e := range judged {
			miss := e.missing()
			if len(miss) == 0 {
				continue
			}
			cands = append(cands, &candidate{
				ev:     Evidence{URL: e.url(), FoundOn: e.url(), Matched: "catalogue-completeness: incomplete entry, no " + strings.Join(miss, ", "), Snippet: entrySnippet(e)},
				status: comp.Status, prio: 1, depth: e.depth,
			})
		}
		if len(tabs) == 0 {
			for _, e := range judged {
				if len(e.missing()) == 0 {
					cands = append(cands, &candidate{
						ev:     Evidence{URL: e.url(), FoundOn: e.url(), Matched: "catalogue-completeness: complete entry", Snippet: entrySnippet(e)},
						status: comp.Status, prio: 2, depth: e.depth,
					})
				}
			}
		}
		comp.Evidence = capEvidence(cands, maxEvidence)
	}

	// plat-oncall-ownership: an on-call rota or support contact per entry.
	switch {
	case oncalls > 0 && half(oncalls):
		onc.Status = Met
	case oncalls > 0:
		onc.Status = Partial
	}
	onc.Note = fmt.Sprintf("%d of %d catalogue entries name an on-call rota or support contact", oncalls, n)
	if onc.Status != NotMet {
		var cands []*candidate
		for _, e := range es {
			if e.oncall != "" {
				cands = append(cands, &candidate{
					ev:     Evidence{URL: e.url(), FoundOn: e.url(), Matched: "on-call: " + clip(e.oncall, 60), Snippet: entrySnippet(e)},
					status: onc.Status, prio: 0, depth: e.depth,
				})
			}
		}
		onc.Evidence = capEvidence(cands, 3)
	}

	// plat-lifecycle-states: lifecycle states on the entries, and deprecation made explicit
	// (a deprecated entry naming its replacement or sunset, or a lifecycle policy).
	var deprec []*candidate
	deprecated := 0
	for _, e := range es {
		if e.lifecycle != "" && deprecatedVal.MatchString(e.lifecycle) {
			deprecated++
		}
		if e.deprec != "" {
			deprec = append(deprec, &candidate{
				ev:     Evidence{URL: e.url(), FoundOn: e.url(), Matched: "deprecated-entry: " + e.lifecycle, Snippet: clip(e.deprec, 160)},
				status: Met, prio: 0, depth: e.depth,
			})
		}
	}
	policies := make([]*candidate, 0, len(r.policy.m))
	for _, c := range r.policy.m {
		policies = append(policies, c)
	}
	states := map[string]bool{}
	for _, e := range es {
		if e.lifecycle != "" {
			states[e.lifecycle] = true
		}
	}
	life.Note = fmt.Sprintf("%d of %d entries show a lifecycle state (%s); %d deprecated, %d naming a replacement or sunset; %d lifecycle policy section(s)",
		lifecycles, n, strings.Join(sortedKeys(states), ", "), deprecated, len(deprec), len(policies))
	if half(lifecycles) && lifecycles > 0 {
		life.Status = Partial
		if len(deprec) > 0 || len(policies) > 0 {
			life.Status = Met
		}
		var cands []*candidate
		for _, c := range append(deprec, policies...) {
			c.status = life.Status
			cands = append(cands, c)
		}
		for _, t := range tabs {
			cands = append(cands, &candidate{
				ev:     Evidence{URL: t.url, FoundOn: t.url, Matched: fmt.Sprintf("lifecycle-column: %d of %d entries with a state", lifecycles, n), Snippet: clip(strings.Join(t.columns, " | "), 160)},
				status: life.Status, prio: 5, depth: t.depth,
			})
		}
		if len(cands) == 0 {
			for _, e := range es {
				if e.lifecycle != "" && e.page {
					cands = append(cands, &candidate{
						ev:     Evidence{URL: e.url(), FoundOn: e.url(), Matched: "lifecycle-field: " + e.lifecycle, Snippet: entrySnippet(e)},
						status: life.Status, prio: 5, depth: e.depth,
					})
				}
			}
		}
		life.Evidence = capEvidence(cands, 3)
	}
	return []Finding{cat, comp, onc, life}
}

func entrySnippet(e *catEntry) string {
	var parts []string
	if e.name != "" {
		parts = append(parts, e.name)
	}
	if e.owner != "" {
		parts = append(parts, "owner: "+e.owner)
	}
	if e.lifecycle != "" {
		parts = append(parts, "lifecycle: "+e.lifecycle)
	}
	if e.oncall != "" {
		parts = append(parts, "on-call: "+e.oncall)
	}
	return clip(strings.Join(parts, " · "), 160)
}

// capEvidence orders candidates as verdict does and keeps the first k distinct URLs.
func capEvidence(cs []*candidate, k int) []Evidence {
	sort.Slice(cs, func(i, j int) bool { return cs[i].less(cs[j]) })
	var out []Evidence
	seen := map[string]bool{}
	for _, c := range cs {
		if len(out) == k {
			break
		}
		if seen[c.ev.URL] {
			continue
		}
		seen[c.ev.URL] = true
		out = append(out, c.ev)
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// pathOrURL shortens a URL on the scanned host to its path (with query), for sentences.
func pathOrURL(raw, host string) string {
	u, err := url.Parse(raw)
	if err != nil || host == "" || !strings.EqualFold(u.Host, host) {
		return raw
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}
