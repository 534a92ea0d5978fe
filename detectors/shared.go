package detectors

import (
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/portalscan/portalscan/crawler/page"
)

// shared is the per-snapshot state every Run of one Engine reads: the facts of the page
// being passed (computed once, whichever run asks first) and what was learnt about each
// fetched resource that the Index alone cannot say (a login form on the page, whether a
// body is a valid API description).
type shared struct {
	last      pageKey
	lastFacts *pageFacts
	res       map[string]*resource // by URL without fragment (requested and final URL)
	linkMemo  map[string]*linkMemo // by link signature
	hostMemo  map[string][]int8    // by link host: per link_host matcher, 1 matched, -1 did not
}

// resource is what a page's body said about it, kept after the body is gone.
type resource struct {
	Gate string // why the body looks like a login wall ("" when it does not)
	Spec string // the kind of API description the body is ("" when none)
}

func newShared() *shared {
	return &shared{res: map[string]*resource{}, linkMemo: map[string]*linkMemo{}, hostMemo: map[string][]int8{}}
}

func sharedOf(env Env) *shared {
	if env.shared != nil {
		return env.shared
	}
	return newShared()
}

// pageKey tells one passed page from the next even when a caller reuses one Page value.
type pageKey struct {
	p    *page.Page
	doc  *page.Doc
	url  string
	seq  int
	size int
}

// facts returns the facts of p, computing them on the first call for this page.
func (s *shared) facts(p *page.Page) *pageFacts {
	k := pageKey{p, p.Doc, p.URL, p.Seq, len(p.Body)}
	if s.last == k && s.lastFacts != nil {
		return s.lastFacts
	}
	pf := newPageFacts(p)
	pf.sh = s
	s.last, s.lastFacts = k, pf
	r := &resource{Gate: pf.gate, Spec: pf.spec}
	for _, u := range []string{p.URL, p.FinalURL} {
		if u == "" {
			continue
		}
		k := stripFragment(u)
		if _, ok := s.res[k]; !ok {
			s.res[k] = r
		}
	}
	return pf
}

// maxHostMemo bounds the distinct link hosts remembered per snapshot.
const maxHostMemo = 20_000

// hostMatch reports whether link_host matcher id (of numHostPreds) matches host. A portal
// links few hosts from many pages, so each matcher's answer per host is remembered.
func (s *shared) hostMatch(host string, id int, re *regexp.Regexp) bool {
	m := s.hostMemo[host]
	if m == nil {
		if len(s.hostMemo) >= maxHostMemo {
			return re.MatchString(host)
		}
		m = make([]int8, numHostPreds)
		s.hostMemo[host] = m
	}
	if m[id] == 0 {
		m[id] = -1
		if re.MatchString(host) {
			m[id] = 1
		}
	}
	return m[id] == 1
}

// resourceOf returns what is known of the body behind a fetch record.
func (s *shared) resourceOf(f *page.Fetch) *resource {
	for _, u := range []string{f.FinalURL, f.URL} {
		if u == "" {
			continue
		}
		if r, ok := s.res[stripFragment(u)]; ok {
			return r
		}
	}
	return nil
}

// pageFacts is a page as the rules see it: links with their parsed targets and folded
// text, headings by anchor, and page-level signals.
type pageFacts struct {
	p      *page.Page
	sh     *shared
	url    string // final URL without fragment: what evidence points at
	path   string // lower-cased, unescaped path of url
	title  string
	lang   string // primary language subtag, "" when undeclared
	links  []linkFact
	heads  map[string]string // heading id -> heading text
	usable bool              // a 2xx HTML page that is not a login wall: evidence may come from it
	gate   string
	spec   string
	memo   map[*pred]predResult // page-level predicate results, per rule predicate
	text   string               // folded visible text (lazily)
	folds  bool                 // text is computed
	lower  string               // lowerSameLen(text), lazily
	lowers bool
	hcache map[*page.Heading][2]string // headingText and its lowerSameLen, per heading
	lits   *litCache                   // literal positions in lowerFolded()
	dom    *domIndex                   // element names and attribute values (selpre.go), lazily
}

// domIndex returns the page's element index for selector prefilters.
func (pf *pageFacts) domIndex() *domIndex {
	if pf.dom == nil {
		pf.dom = &domIndex{}
		if d := pf.p.Doc; d != nil && d.DOM != nil && len(d.DOM.Nodes) > 0 {
			pf.dom = buildDOMIndex(d.DOM.Nodes[0])
		}
	}
	return pf.dom
}

type linkFact struct {
	page.Link
	text  string // folded visible text, typographic quotes normalised
	host  string // lower-case host without port
	path  string // lower-case unescaped path
	rank  int    // section rank: nav 0, header 1, footer 2, aside 3, main 4, body 5
	near  string // text of the heading that holds the link
	count bool   // visible, or hidden inside navigation (menus)
	sig   string // everything a link-only rule reads, with the page's language and host
	self  bool   // an anchor into the page itself (a table of contents, a skip link): no link to anything else
}

func newPageFacts(p *page.Page) *pageFacts {
	u := p.FinalURL
	if u == "" {
		u = p.URL
	}
	pf := &pageFacts{p: p, url: stripFragment(u), memo: map[*pred]predResult{}}
	pf.path = pathOf(pf.url)
	if d := p.Doc; d != nil {
		pf.title = d.Title
		pf.lang = primaryLang(d.Lang)
		if pf.lang == "" {
			pf.lang = primaryLang(p.Lang)
		}
		pf.heads = make(map[string]string, len(d.Headings))
		for _, h := range d.Headings {
			if h.ID != "" {
				if _, ok := pf.heads[h.ID]; !ok {
					pf.heads[h.ID] = h.Text
				}
			}
		}
		pf.links = make([]linkFact, 0, len(d.Links))
		for _, l := range d.Links {
			lf := linkFact{Link: l, text: normText(l.Text), rank: sectionRank(l.Section)}
			if pu, err := url.Parse(l.URL); err == nil {
				lf.host = strings.ToLower(pu.Hostname())
				lf.path = strings.ToLower(pu.Path)
			}
			if lf.near = l.NearText; lf.near == "" && l.Near != "" {
				lf.near = pf.heads[l.Near]
			}
			lf.self = strings.Contains(l.URL, "#") && (stripFragment(l.URL) == pf.url || stripFragment(l.URL) == stripFragment(p.URL))
			lf.count = !l.Hidden || l.Section == "nav" || l.Section == "header" || menuClass.MatchString(l.Class)
			lf.sig = strings.Join([]string{pf.lang, hostOf(pf.url), l.URL, lf.text, lf.near, l.Section, l.Class, l.Attrs, l.Rel}, "\x00")
			pf.links = append(pf.links, lf)
		}
		pf.gate = loginWall(d)
	} else {
		pf.spec = specKind(p.Body, pf.path)
	}
	pf.usable = p.Doc != nil && p.OK() && pf.gate == "" && p.Kind != page.KindSoft404
	return pf
}

// folded returns the page's visible text with typographic quotes normalised.
func (pf *pageFacts) folded() string {
	if !pf.folds {
		pf.folds = true
		if pf.p.Doc != nil {
			pf.text = normText(pf.p.Doc.Text)
		}
	}
	return pf.text
}

// heading returns a heading's text as rules read it, and its lower-cased form, computed once
// per page however many rules read the heading.
func (pf *pageFacts) heading(h *page.Heading) (string, string) {
	if v, ok := pf.hcache[h]; ok {
		return v[0], v[1]
	}
	if pf.hcache == nil {
		pf.hcache = map[*page.Heading][2]string{}
	}
	t := headingText(h.Text)
	v := [2]string{t, lowerSameLen(t)}
	pf.hcache[h] = v
	return v[0], v[1]
}

// litCache returns the page text's literal-position cache.
func (pf *pageFacts) litCache() *litCache {
	if pf.lits == nil {
		pf.lits = newLitCache(pf.lowerFolded())
	}
	return pf.lits
}

// lowerFolded is folded() lower-cased with byte offsets preserved, for literal prefilters.
func (pf *pageFacts) lowerFolded() string {
	if !pf.lowers {
		pf.lowers = true
		pf.lower = lowerSameLen(pf.folded())
	}
	return pf.lower
}

var menuClass = regexp.MustCompile(`(?i)menu|nav|dropdown|sidebar|toc`)

func sectionRank(s string) int {
	switch s {
	case "nav":
		return 0
	case "header":
		return 1
	case "footer":
		return 2
	case "aside":
		return 3
	case "main":
		return 4
	}
	return 5
}

func primaryLang(l string) string {
	l = strings.ToLower(strings.TrimSpace(l))
	if i := strings.IndexAny(l, "-_"); i >= 0 {
		l = l[:i]
	}
	return l
}

var quoteFold = strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u201c", `"`, "\u201d", `"`, "\u00a0", " ", "\u200b", "")

// normText folds white space and typographic quotes so patterns can be written plainly.
func normText(s string) string {
	// Most texts have none of the characters (all are encoded with a lead byte of 0xC2 or
	// 0xE2): skip the replacer's copy. IndexByte is vectorised; ContainsAny is not.
	if strings.IndexByte(s, 0xE2) >= 0 || strings.IndexByte(s, 0xC2) >= 0 {
		s = quoteFold.Replace(s)
	}
	return page.Fold(s)
}

func stripFragment(u string) string {
	if i := strings.IndexByte(u, '#'); i >= 0 {
		return u[:i]
	}
	return u
}

func pathOf(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.ToLower(pu.Path)
}

func hostOf(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.ToLower(pu.Hostname())
}

// withAnchor points at a section of a page: the page URL with the heading's id.
func withAnchor(pageURL, id string) string {
	if id == "" {
		return pageURL
	}
	return stripFragment(pageURL) + "#" + url.PathEscape(id)
}

// candidate is one piece of evidence a rule found, before the practice's verdict.
type candidate struct {
	ev       Evidence
	status   Status // Met, Partial, or NotMet for evidence behind a login wall
	prio     int    // lower is more convincing
	depth    int    // link depth of the page it was found on
	target   string // URL whose fetch decides the status (link-declared evidence); "" when none
	verify   string // what the target's body must be ("spec"), "" when anything goes
	gateSkip bool   // a login wall at the target is what the practice expects (sign-up)
	scope    string // "onsite" / "offsite": the target must be in / out of the crawl's scope
}

func (c *candidate) less(o *candidate) bool {
	if c.prio != o.prio {
		return c.prio < o.prio
	}
	if c.depth != o.depth {
		return c.depth < o.depth
	}
	if c.ev.URL != o.ev.URL {
		return c.ev.URL < o.ev.URL
	}
	if c.ev.FoundOn != o.ev.FoundOn {
		return c.ev.FoundOn < o.ev.FoundOn
	}
	return c.ev.Matched < o.ev.Matched
}

// pool keeps, per rule and evidence URL, the most convincing candidate, so a footer link
// repeated on every page is one piece of evidence found on the shallowest page.
type pool = *candPool

type candPool struct {
	m      map[string]*candidate
	worst  *candidate // the least convincing candidate kept, once the pool is full (nil: unknown)
	worstK string
}

func newPool() pool { return &candPool{m: map[string]*candidate{}} }

func (pl *candPool) add(rule string, c *candidate) {
	k := rule + "\x00" + c.ev.URL
	cur, ok := pl.m[k]
	if ok {
		if c.less(cur) {
			pl.m[k] = c
			pl.worst = nil
		}
		return
	}
	if len(pl.m) >= maxPool {
		// Keep the best maxPool candidates under candidate.less, a total order, so what is
		// kept does not depend on the order pages arrived in; memory stays flat on a 50k-page
		// portal where every page offers one. On such a portal most newcomers are no better
		// than the worst kept, and the remembered worst turns them away at once.
		worstK := pl.findWorst()
		if !c.less(pl.worst) {
			return
		}
		delete(pl.m, worstK)
		pl.worst = nil
	}
	pl.m[k] = c
}

// findWorst sets pl.worst (if unknown) and returns its key.
func (pl *candPool) findWorst() string {
	if pl.worst == nil {
		for k, c := range pl.m {
			if pl.worst == nil || pl.worst.less(c) {
				pl.worstK, pl.worst = k, c
			}
		}
	}
	return pl.worstK
}

// maxPool bounds the candidates a pool keeps: far more than the evidence shown, so that a
// few whose targets turn out broken at the end still leave good ones.
const maxPool = 128

// maxEvidence bounds the evidence kept per practice: enough to check, not a crawl dump.
const maxEvidence = 5

// verdict turns resolved candidates into a finding: the best status wins and keeps up to
// maxEvidence of its most convincing pieces.
func verdict(practice string, cands []*candidate) Finding {
	f := Finding{Practice: practice, Status: NotMet}
	best := 0
	for _, c := range cands {
		if r := rank(c.status); r > best {
			best = r
			f.Status = c.status
		}
	}
	var keep []*candidate
	for _, c := range cands {
		if rank(c.status) == best && (c.status != NotMet || c.ev.Gated) {
			keep = append(keep, c)
		}
	}
	sort.Slice(keep, func(i, j int) bool { return keep[i].less(keep[j]) })
	seen := map[string]bool{}
	for _, c := range keep {
		if len(f.Evidence) == maxEvidence {
			break
		}
		if seen[c.ev.URL] {
			continue
		}
		seen[c.ev.URL] = true
		f.Evidence = append(f.Evidence, c.ev)
	}
	return f
}

// all returns the candidates by key; a nil pool (a practice nothing was found for) has none.
func (pl *candPool) all() map[string]*candidate {
	if pl == nil {
		return nil
	}
	return pl.m
}
