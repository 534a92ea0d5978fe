package detectors

import (
	"strings"
	"sync/atomic"
)

// A page-level prefilter for section and link rules. A section rule looks at every heading
// of every page and a link rule at every link, though on most pages nothing matches: the
// words they need appear in none of the page's headings or links. Before its loop, a rule
// asks whether the literals its heading, link-text, link-path or link-URL patterns require
// occur anywhere in the page's headings or links (joined, with a small trigram index); when
// none does, the rule cannot match on this page and the loop is skipped. The patterns still
// decide whenever the prefilter lets a page through.

const (
	srcHeading = iota
	srcLinkText
	srcLinkPath
	srcLinkURL
	srcLinkHost
	nSources
)

// litNeed is a requirement: one of lits occurs in the source's text.
type litNeed struct {
	src  int
	lits []string
}

// rulePre is what a rule needs of a page: one of its alternatives (nil: no prefilter).
type rulePre struct{ alts []litNeed }

var preReqs []*rulePre // by rule index

func init() {
	preReqs = make([]*rulePre, len(rules.rules))
	for _, ru := range rules.rules {
		if ru.evidence == evLink || ru.evidence == evSection {
			preReqs[ru.idx] = prefilterOf(ru)
		}
	}
}

// textLits returns the literals one of which every match of a text pattern contains, over
// all its languages; ok is false when some dictionary has no such set.
func textLits(tp *textPatterns) ([]string, bool) {
	var out []string
	for _, l := range tp.langs {
		if tp.phrase[l] != nil {
			lits, ok := tp.lits[l]
			if !ok {
				return nil, false
			}
			out = append(out, lits...)
		}
		if tp.exact[l] != nil {
			lits, ok := tp.exLits[l]
			if !ok {
				return nil, false
			}
			out = append(out, lits...)
		}
	}
	if len(out) == 0 {
		return nil, false
	}
	return dedupe(out), true
}

// needOf returns the requirement a predicate puts on the page, if it can name one.
func needOf(p *pred) (litNeed, bool) {
	switch {
	case p.tp != nil && p.kind == "heading" && p.on == onHeading:
		if lits, ok := textLits(p.tp); ok {
			return litNeed{srcHeading, lits}, true
		}
	case p.tp != nil && p.kind == "link_text":
		if lits, ok := textLits(p.tp); ok {
			return litNeed{srcLinkText, lits}, true
		}
	case p.kind == "link_host" && len(p.hosts) > 0:
		// A glob's longest run of literal characters is in every host it matches.
		var lits []string
		for _, g := range p.hosts {
			best := ""
			for _, part := range strings.Split(strings.ToLower(g), "*") {
				if len(part) > len(best) {
					best = part
				}
			}
			if len(best) < 3 {
				return litNeed{}, false
			}
			lits = append(lits, best)
		}
		return litNeed{srcLinkHost, dedupe(lits)}, true
	case p.fre != nil && p.fre.filtered && len(p.fre.lits) > 0:
		switch p.kind {
		case "link_path":
			return litNeed{srcLinkPath, p.fre.lits}, true
		case "link_url":
			return litNeed{srcLinkURL, p.fre.lits}, true
		}
	}
	return litNeed{}, false
}

// clauseNeed returns the most selective requirement among a clause's predicates (all of
// them must hold, so any one of their requirements is a valid filter).
func clauseNeed(c clause) (litNeed, bool) {
	var best litNeed
	found := false
	for _, p := range c {
		if n, ok := needOf(p); ok && (!found || moreSelective(n, best)) {
			best, found = n, true
		}
	}
	return best, found
}

// moreSelective prefers any need to a host need, then the need whose shortest literal is
// longer (rarer), then the one with fewer literals.
func moreSelective(a, b litNeed) bool {
	if (a.src == srcLinkHost) != (b.src == srcLinkHost) {
		return b.src == srcLinkHost // a few hosts (code hosts, status pages) are linked from every page
	}
	ma, mb := minLen(a.lits), minLen(b.lits)
	if ma != mb {
		return ma > mb
	}
	return len(a.lits) < len(b.lits)
}

// prefilterOf derives a rule's requirement: from its all: clauses (each must hold; the most
// selective requirement among them), else from every any: clause (one of them must hold).
func prefilterOf(ru *rule) *rulePre {
	var best litNeed
	found := false
	for _, c := range ru.all {
		if n, ok := clauseNeed(c); ok && (!found || moreSelective(n, best)) {
			best, found = n, true
		}
	}
	if found {
		return &rulePre{alts: []litNeed{best}}
	}
	if len(ru.any) == 0 {
		return nil
	}
	pre := &rulePre{}
	for _, c := range ru.any {
		n, ok := clauseNeed(c)
		if !ok {
			return nil
		}
		pre.alts = append(pre.alts, n)
	}
	return pre
}

// smallIndex is a trigram bitmap of a short text (a page's headings or links, joined).
type smallIndex [smallIndexBits / 64]uint64

const smallIndexBits = 1 << 14

func (ix *smallIndex) build(s string) {
	var h uint32
	for i := 0; i < len(s); i++ {
		h = (h<<5 ^ uint32(s[i])) & (smallIndexBits - 1)
		if i >= 2 {
			ix[h>>6] |= 1 << (h & 63)
		}
	}
}

func (ix *smallIndex) mayContain(lit string) bool {
	var h uint32
	for i := 0; i < len(lit); i++ {
		h = (h<<5 ^ uint32(lit[i])) & (smallIndexBits - 1)
		if i >= 2 && ix[h>>6]&(1<<(h&63)) == 0 {
			return false
		}
	}
	return true
}

// pageSources is the lower-cased headings and link texts, paths and URLs of one page.
type pageSources struct {
	pf    *pageFacts
	built [nSources]bool
	text  [nSources]string
	ix    [nSources]smallIndex
}

var lastSources atomic.Pointer[pageSources]

func sourcesOf(pf *pageFacts) *pageSources {
	if ps := lastSources.Load(); ps != nil && ps.pf == pf {
		return ps
	}
	ps := &pageSources{pf: pf}
	lastSources.Store(ps)
	return ps
}

func (ps *pageSources) source(src int) (string, *smallIndex) {
	if !ps.built[src] {
		ps.built[src] = true
		pf := ps.pf
		var b strings.Builder
		switch src {
		case srcHeading:
			if pf.p.Doc != nil {
				for i := range pf.p.Doc.Headings {
					_, low := pf.heading(&pf.p.Doc.Headings[i])
					b.WriteString(low)
					b.WriteByte('\n')
				}
			}
		default:
			for i := range pf.links {
				l := &pf.links[i]
				switch src {
				case srcLinkText:
					b.WriteString(lowerSameLen(l.text))
				case srcLinkPath:
					b.WriteString(lowerSameLen(l.path))
				case srcLinkURL:
					b.WriteString(lowerSameLen(l.URL))
				case srcLinkHost:
					b.WriteString(l.host)
				}
				b.WriteByte('\n')
			}
		}
		ps.text[src] = b.String()
		ps.ix[src].build(ps.text[src])
	}
	return ps.text[src], &ps.ix[src]
}

func (ps *pageSources) has(n litNeed) bool {
	s, ix := ps.source(n.src)
	for _, l := range n.lits {
		if ix.mayContain(l) && strings.Contains(s, l) {
			return true
		}
	}
	return false
}

// pagePrefilter switches the prefilter (tests compare findings with and without it).
var pagePrefilter = true

// mayMatchPage reports whether a section or link rule can match anything on the page.
func mayMatchPage(ru *rule, pf *pageFacts) bool {
	if !pagePrefilter || ru.idx >= len(preReqs) {
		return true
	}
	pre := preReqs[ru.idx]
	if pre == nil {
		return true
	}
	ps := sourcesOf(pf)
	for _, n := range pre.alts {
		if ps.has(n) {
			return true
		}
	}
	return false
}
