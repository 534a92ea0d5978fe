package detectors

import (
	"fmt"
	"sort"
	"strings"

	"github.com/portalscan/portalscan/crawler/page"
)

// ruleDetector runs the rules of one or more practices (rules.yaml groups practices into
// detectors by their detector: name).
type ruleDetector struct {
	doc   Doc
	rules []*rule
}

func (d *ruleDetector) Doc() Doc { return d.doc }

func (d *ruleDetector) Begin(env Env) Run {
	return &ruleRun{d: d, sh: sharedOf(env), cands: map[string]pool{}, failed: map[string][]string{}}
}

func init() {
	byDet := map[string][]string{}
	for id, p := range rules.practices {
		name := p.Detector
		if name == "" {
			name = id
		}
		byDet[name] = append(byDet[name], id)
	}
	for name, pracs := range byDet {
		sort.Strings(pracs)
		d := &ruleDetector{doc: Doc{Name: name, Practices: pracs}}
		var looks, why, fix []string
		for _, id := range pracs {
			p := rules.practices[id]
			prefix := ""
			if len(pracs) > 1 {
				prefix = id + ": "
			}
			looks = append(looks, prefix+p.Looks)
			why = append(why, prefix+p.Why)
			fix = append(fix, prefix+p.Fix)
			d.rules = append(d.rules, rules.byPrac[id]...)
		}
		d.doc.Looks, d.doc.Why, d.doc.Fix = strings.Join(looks, " "), strings.Join(why, " "), strings.Join(fix, " ")
		Register(d)
	}
}

type ruleRun struct {
	d      *ruleDetector
	sh     *shared
	cands  map[string]pool     // practice -> evidence URL -> best candidate
	failed map[string][]string // practice -> known files that were served but invalid
}

func linkScheme(u string) bool {
	return strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "mailto:")
}

func (r *ruleRun) add(ru *rule, c *candidate) {
	pl := r.cands[ru.practice]
	if pl == nil {
		pl = newPool()
		r.cands[ru.practice] = pl
	}
	c.prio += ru.priority * 10
	c.scope = ru.scope
	pl.add(ru.name, c)
}

func matched(ru *rule, text string) string {
	if text == "" {
		return ru.name
	}
	return ru.name + ": " + clip(text, 80)
}

func (r *ruleRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	for _, ru := range r.d.rules {
		switch ru.evidence {
		case evArtifact:
			r.artifact(ru, pf)
		case evLink:
			if !pf.usable || !mayMatchPage(ru, pf) {
				continue
			}
			for i := range pf.links {
				l := &pf.links[i]
				if !l.count || !linkScheme(l.URL) || l.self {
					continue
				}
				res, ok := ru.evalLink(r.sh, pf, l)
				if !ok {
					continue
				}
				snip := l.text // the link's own words are what a reader sees
				if snip == "" {
					snip = res.snippet
				}
				r.add(ru, &candidate{
					ev:     Evidence{URL: l.URL, FoundOn: pf.url, Matched: matched(ru, res.text), Snippet: clip(snip, 160)},
					status: Met, prio: l.rank, depth: p.Depth, target: l.URL, verify: ru.verify, gateSkip: ru.gateSkip,
				})
			}
		case evSection:
			if !pf.usable || !mayMatchPage(ru, pf) {
				continue
			}
			hs := pf.p.Doc.Headings
			for i := range hs {
				res, ok := ru.eval(pf, nil, &hs[i])
				if !ok {
					continue
				}
				r.add(ru, &candidate{
					ev:     Evidence{URL: withAnchor(pf.url, hs[i].ID), FoundOn: pf.url, Matched: matched(ru, res.text), Snippet: clip(headingText(hs[i].Text), 160)},
					status: Met, prio: hs[i].Level, depth: p.Depth,
				})
			}
		case evPage:
			if !pf.usable {
				continue
			}
			res, ok := ru.eval(pf, nil, nil)
			if !ok {
				continue
			}
			snip := res.snippet
			if snip == "" {
				snip = pf.title
			}
			c := &candidate{
				ev:     Evidence{URL: withAnchor(pf.url, res.anchor), FoundOn: pf.url, Matched: matched(ru, res.text), Snippet: clip(snip, 160)},
				status: Met, depth: p.Depth,
			}
			if ru.target {
				t := resolveRef(pf.url, res.target)
				if t == "" {
					continue
				}
				c.ev.URL, c.target, c.verify, c.gateSkip = t, t, ru.verify, ru.gateSkip
			}
			r.add(ru, c)
		}
	}
}

func (r *ruleRun) artifact(ru *rule, pf *pageFacts) {
	p := pf.p
	pr := ru.probe
	if !pr.kinds[p.Kind] && (pr.path == nil || !pr.path.MatchString(pf.path)) {
		return
	}
	if !p.OK() {
		return
	}
	ok, detail, snippet := pr.check(p)
	if !ok {
		r.failed[ru.practice] = append(r.failed[ru.practice], p.URL+": "+detail)
		return
	}
	foundOn := p.FoundOn
	if foundOn == "" {
		foundOn = p.URL // a probed known file is found at its own address
	}
	r.add(ru, &candidate{
		ev:     Evidence{URL: p.URL, FoundOn: foundOn, Matched: matched(ru, detail), Snippet: clip(snippet, 160)},
		status: Met, depth: p.Depth,
	})
}

func (r *ruleRun) Finish(idx Index) []Finding {
	var out []Finding
	for _, prac := range r.d.doc.Practices {
		var cs []*candidate
		for _, c := range r.cands[prac].all() {
			if resolveCandidate(c, idx, r.sh) {
				cs = append(cs, c)
			}
		}
		f := verdict(prac, cs)
		if rules.practices[prac].Mode == "partial" && f.Status == Met {
			// Candidate evidence: a person (or a classifier) judges whether it is enough.
			f.Status = Partial
			f.Note = "candidate evidence for review"
		}
		if f.Status == NotMet && len(r.failed[prac]) > 0 {
			fs := append([]string(nil), r.failed[prac]...)
			sort.Strings(fs)
			if len(fs) > 3 {
				fs = append(fs[:3], fmt.Sprintf("and %d more", len(fs)-3))
			}
			f.Note = "served but not valid: " + strings.Join(fs, "; ")
		}
		out = append(out, f)
	}
	return out
}

// resolveCandidate settles a link-declared candidate against the crawl: a clear link is
// enough when its target is off-site or was not fetched; an in-scope target that failed
// makes it partial, one behind a login wall makes it gated evidence of not_met, and a
// target that must be a valid artifact (verify) and is not drops it. It reports whether
// the candidate stays.
func resolveCandidate(c *candidate, idx Index, sh *shared) bool {
	if c.target == "" || strings.HasPrefix(c.target, "mailto:") || idx == nil {
		c.status = Met
		return c.scope != "onsite" || c.target == ""
	}
	c.status = Met
	in := idx.InScope(c.target)
	if c.scope == "onsite" && !in || c.scope == "offsite" && in {
		return false
	}
	if !in {
		return true
	}
	f, ok := idx.Lookup(c.target)
	if !ok {
		return true
	}
	res := sh.resourceOf(f)
	if gate := fetchGate(f, res); gate != "" {
		if c.gateSkip {
			return true
		}
		c.status = NotMet
		c.ev.Gated = true
		c.ev.Error = gate
		return true
	}
	if !f.OK() {
		c.status = Partial
		c.ev.Error = fetchError(f)
		return true
	}
	if c.verify == "spec" && res != nil && res.Spec == "" {
		return false
	}
	return true
}

func fetchError(f *page.Fetch) string {
	if f.Error != "" {
		return f.Error
	}
	return fmt.Sprintf("HTTP %d", f.Status)
}
