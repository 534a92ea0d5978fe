package detectors

import (
	"sort"

	"github.com/portalscan/portalscan/crawler/page"
)

// Engine runs a set of detectors over one snapshot, page by page. It is not safe for
// concurrent use: the pipeline feeds it from one goroutine.
type Engine struct {
	runs []Run
	docs []Doc
}

// NewEngine starts a Run of every detector. The runs share one per-snapshot cache of
// page facts (parsed links, login-wall signals, validated artifacts), so work common to
// many detectors is done once per page.
func NewEngine(env Env, dets []Detector) *Engine {
	e := &Engine{}
	if env.shared == nil {
		env.shared = newShared()
	}
	for _, d := range dets {
		e.runs = append(e.runs, d.Begin(env))
		e.docs = append(e.docs, d.Doc())
	}
	return e
}

// Page passes one fetched resource to every detector.
func (e *Engine) Page(p *page.Page) {
	for _, r := range e.runs {
		r.Page(p)
	}
}

// Finish collects the findings of every detector and merges those on the same practice:
// the strongest status wins (met > partial > not_met > not_observable) and evidence of the
// winning status is kept, so two detectors feeding one practice reinforce each other.
func (e *Engine) Finish(idx Index) []Finding {
	byPractice := map[string]*Finding{}
	for i, r := range e.runs {
		for _, f := range r.Finish(idx) {
			if f.Detector == "" {
				f.Detector = e.docs[i].Name
			}
			for j := range f.Evidence {
				if f.Evidence[j].Detector == "" {
					f.Evidence[j].Detector = f.Detector
				}
			}
			cur, ok := byPractice[f.Practice]
			if !ok {
				cp := f
				byPractice[f.Practice] = &cp
				continue
			}
			switch {
			case rank(f.Status) > rank(cur.Status):
				cp := f
				byPractice[f.Practice] = &cp
			case rank(f.Status) == rank(cur.Status):
				cur.Evidence = append(cur.Evidence, f.Evidence...)
				if cur.Detector != f.Detector {
					cur.Detector += "+" + f.Detector
				}
				switch {
				case f.Note == "" || f.Note == cur.Note:
				case cur.Note == "":
					cur.Note = f.Note
				default:
					cur.Note += "; " + f.Note
				}
			}
		}
	}
	out := make([]Finding, 0, len(byPractice))
	for _, f := range byPractice {
		f.Evidence = SortEvidence(f.Evidence)
		out = append(out, *f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Practice < out[j].Practice })
	return out
}

func rank(s Status) int {
	switch s {
	case Met:
		return 4
	case Partial:
		return 3
	case NotMet:
		return 2
	case NotObservable:
		return 1
	}
	return 0
}

// SortEvidence orders evidence deterministically (by URL, then page, then match) and drops
// exact duplicates, so findings do not depend on the order pages arrived in.
func SortEvidence(ev []Evidence) []Evidence {
	sort.SliceStable(ev, func(i, j int) bool {
		a, b := ev[i], ev[j]
		if a.URL != b.URL {
			return a.URL < b.URL
		}
		if a.FoundOn != b.FoundOn {
			return a.FoundOn < b.FoundOn
		}
		return a.Matched < b.Matched
	})
	out := ev[:0]
	for i, e := range ev {
		if i > 0 && e == ev[i-1] {
			continue
		}
		out = append(out, e)
	}
	return out
}
