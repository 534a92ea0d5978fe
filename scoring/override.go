package scoring

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/portalscan/portalscan/detectors"
)

// Analyst overrides.
//
// Detectors get some practices wrong, and some practices (manual ones) no detector can judge.
// An analyst corrects a verdict with an Override: the practice's status as the analyst sees
// it, with a note and a name. Overrides enter scoring as findings, before scoring, so every
// derived number (enabler, focus area, overall, lenses, personas, stages, roadmap) follows
// the corrected status exactly as it would follow a detector's.
//
// An override is tied to the evidence the analyst looked at, through its Fingerprint. When a
// later crawl finds different evidence for the practice, the portal changed in a way that
// may invalidate the analyst's judgement: the override is then not applied and reported as
// stale, so a person looks again instead of an old opinion silently masking a regression.

// FingerprintVersion prefixes every fingerprint, so the definition can change later without
// old fingerprints matching new ones by accident.
const FingerprintVersion = "ev1"

// Override is an analyst's verdict on one practice.
type Override struct {
	Practice    string           `json:"practice"`
	Status      detectors.Status `json:"status"`
	Note        string           `json:"note,omitempty"`
	By          string           `json:"by"`
	At          time.Time        `json:"at"`
	Fingerprint string           `json:"fingerprint"` // of the practice's evidence when reviewed
}

// Overrides maps practice ids to overrides.
type Overrides map[string]Override

// OverrideStatuses are the statuses an analyst may set. not_observable is left out: an analyst
// who judged the practice has observed it.
var OverrideStatuses = []detectors.Status{detectors.Met, detectors.Partial, detectors.NotMet, detectors.NotApplicable}

// ValidOverrideStatus reports whether an analyst may set status s.
func ValidOverrideStatus(s detectors.Status) bool { return slices.Contains(OverrideStatuses, s) }

// Fingerprint identifies a practice's evidence independently of where the portal was served
// and when: a hash over the evidence items, each reduced to its URL's path, query and fragment
// (no scheme, host or port, so the same portal served on another port or host keeps its
// fingerprints) and its matched text, sorted so evidence order does not matter. No timestamp
// enters it. Empty evidence has a fingerprint too: an override of a practice nothing was found
// for holds until something is found.
func Fingerprint(ev []detectors.Evidence) string {
	items := make([]string, 0, len(ev))
	for _, e := range ev {
		items = append(items, evidenceLocation(e.URL)+"\x1f"+e.Matched)
	}
	slices.Sort(items)
	h := sha256.New()
	for _, it := range items {
		h.Write([]byte(it))
		h.Write([]byte{0x1e})
	}
	return FingerprintVersion + ":" + hex.EncodeToString(h.Sum(nil)[:16])
}

// evidenceLocation is the path, query and fragment of an evidence URL; a string that does not
// parse as a URL is used whole.
func evidenceLocation(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Opaque != "" {
		return raw
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" || u.ForceQuery {
		p += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		p += "#" + u.EscapedFragment()
	}
	return p
}

// Review is what an export shows of an override on a practice.
type Review struct {
	Status detectors.Status `json:"status"`
	Note   string           `json:"note,omitempty"`
	By     string           `json:"by"`
	At     *time.Time       `json:"at,omitempty"`
}

// ReviewedPractice is a practice result with its review markers. In JSON the markers sit beside
// the practice's own fields and are omitted when the practice was not reviewed, so an
// assessment without overrides serialises exactly as before.
type ReviewedPractice struct {
	PracticeResult
	// Reviewed: an override is applied; Status is the analyst's.
	Reviewed bool `json:"reviewed,omitempty"`
	// DetectorStatus is what the detectors said, set whenever an override exists.
	DetectorStatus detectors.Status `json:"detector_status,omitempty"`
	Review         *Review          `json:"review,omitempty"`
	// ReviewStale: an override exists but the practice's evidence changed since; it is not
	// applied and Status is the detectors'.
	ReviewStale bool `json:"review_stale,omitempty"`
}

// Reviewed is an assessment with the overrides that still hold applied.
type Reviewed struct {
	Assessment *Assessment
	Practices  []ReviewedPractice // Assessment.Practices with review markers, same order
	Applied    int                // overrides applied
	Stale      int                // overrides not applied because the evidence changed
}

// AssessWithOverrides scores findings like Assess, after applying the overrides whose
// fingerprint still matches the practice's evidence in these findings. An applied override
// replaces the practice's status and keeps its evidence, detector and note. Overrides of
// practices the catalogue does not know are ignored. A practice that does not apply to the
// portal kind stays not_applicable whatever the override says (the kind rule comes first in
// Assess); it is then not marked reviewed.
func AssessWithOverrides(c *Catalogue, findings []detectors.Finding, opts Options, ov Overrides) *Reviewed {
	base := Assess(c, findings, opts)
	if len(ov) == 0 {
		return &Reviewed{Assessment: base, Practices: wrap(base.Practices)}
	}
	detected := make(map[string]PracticeResult, len(base.Practices))
	active := Overrides{}
	stale := map[string]Override{}
	for _, pr := range base.Practices {
		detected[pr.ID] = pr
		o, ok := ov[pr.ID]
		if !ok {
			continue
		}
		if o.Fingerprint == Fingerprint(pr.Evidence) {
			active[pr.ID] = o
		} else {
			stale[pr.ID] = o
		}
	}
	a := base
	if len(active) > 0 {
		// The override becomes the practice's only finding: it carries the evidence Assess
		// merged for the practice, so the report still shows what the detectors saw.
		adj := make([]detectors.Finding, 0, len(findings)+len(active))
		for _, f := range findings {
			if _, ok := active[f.Practice]; !ok {
				adj = append(adj, f)
			}
		}
		for id, o := range active {
			pr := detected[id]
			adj = append(adj, detectors.Finding{Practice: id, Status: o.Status, Evidence: pr.Evidence, Detector: pr.Detector, Note: pr.Note})
		}
		a = Assess(c, adj, opts)
		a.Warnings = base.Warnings
	}
	r := &Reviewed{Assessment: a, Practices: wrap(a.Practices)}
	for i := range r.Practices {
		rp := &r.Practices[i]
		if o, ok := active[rp.ID]; ok {
			rp.DetectorStatus = detected[rp.ID].Status
			rp.Review = reviewOf(o)
			if rp.Status == o.Status {
				rp.Reviewed = true
				r.Applied++
			}
		}
		if o, ok := stale[rp.ID]; ok {
			rp.DetectorStatus = rp.Status
			rp.Review = reviewOf(o)
			rp.ReviewStale = true
			r.Stale++
		}
	}
	return r
}

func reviewOf(o Override) *Review {
	rv := &Review{Status: o.Status, Note: o.Note, By: strings.TrimSpace(o.By)}
	if !o.At.IsZero() {
		at := o.At
		rv.At = &at
	}
	return rv
}

func wrap(prs []PracticeResult) []ReviewedPractice {
	out := make([]ReviewedPractice, len(prs))
	for i, pr := range prs {
		out[i] = ReviewedPractice{PracticeResult: pr}
	}
	return out
}

// ReferenceProfile is the assessment of a best-in-class portal of the given kind: every
// foundational and developing practice met and every advanced one observed but not met.
// Advanced practices are set to not_met rather than left unobserved so that the profile has
// full coverage: otherwise enablers whose advanced practices no detector feeds would read
// "insufficient evidence" in the very profile meant to show what good looks like.
// Benchmarks draw it as the line to aim for.
func ReferenceProfile(c *Catalogue, kind string) *Assessment {
	fs := make([]detectors.Finding, 0, len(c.Practices))
	for _, p := range c.Practices {
		f := detectors.Finding{Practice: p.ID, Status: detectors.NotMet, Detector: "reference"}
		if p.Stage == StageFoundational || p.Stage == StageDeveloping {
			f.Status = detectors.Met
			f.Evidence = []detectors.Evidence{{URL: "reference:" + p.ID, Matched: "reference profile: met by definition"}}
		}
		fs = append(fs, f)
	}
	return Assess(c, fs, Options{Kind: kind})
}
