package scoring

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/portalscan/portalscan/detectors"
)

// Stage values beyond the three practice stages.
const (
	StageInitial              = "initial"               // not even foundational reached
	StageInsufficientEvidence = "insufficient_evidence" // coverage below 50%
	StageNotApplicable        = "not_applicable"        // nothing applies to the portal kind
)

// StageThreshold is the share of points (met = 1, partial = 0.5) the observable practices at
// a stage and below need for the stage to be reached; MinStageCoverage is the coverage an
// enabler needs before its stage is judged at all.
const (
	StageThreshold   = 0.8
	MinStageCoverage = 0.5
)

// P1FocusAreas are the focus areas whose foundational gaps are priority 1.
var P1FocusAreas = []string{"discovery", "decision", "onboarding"}

// Options tune an assessment.
type Options struct {
	// Kind is the portal kind: "interface" (default) or "platform". Practices whose
	// applies_to does not list it are not_applicable. An unknown kind falls back to
	// "interface" with a warning; validate user input with ParseKind.
	Kind string
}

// Assessment is the scored result of one scan. It is embedded in the export: keep the JSON
// field names stable.
type Assessment struct {
	CatalogueVersion string           `json:"catalogue_version"`
	DetectorVersion  string           `json:"detector_version"`
	Kind             string           `json:"kind"`
	Stage            string           `json:"stage"` // lowest stage reached among enablers with sufficient evidence
	Overall          Score            `json:"overall"`
	FocusAreas       []AreaScore      `json:"focus_areas"`
	Enablers         []EnablerScore   `json:"enablers"`
	Practices        []PracticeResult `json:"practices"`
	Roadmap          []RoadmapItem    `json:"roadmap"`
	Lenses           []Score          `json:"lenses"`
	Personas         []Score          `json:"personas"`
	Warnings         []string         `json:"warnings,omitempty"` // ignored findings, unknown kind
}

// Score is a score with its coverage. Score is nil (JSON null) when nothing was observable.
type Score struct {
	ID       string   `json:"id,omitempty"`
	Title    string   `json:"title,omitempty"`
	Score    *float64 `json:"score"`    // 0..100, one decimal
	Coverage float64  `json:"coverage"` // share 0..1 of applicable practices that were observable
	Observed int      `json:"observed"` // applicable practices with met, partial or not_met
	Total    int      `json:"total"`    // applicable practices
}

// AreaScore scores one focus area.
type AreaScore struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Score    *float64 `json:"score"`
	Coverage float64  `json:"coverage"`
	Observed int      `json:"observed"`
	Total    int      `json:"total"`
	Stage    string   `json:"stage"` // lowest stage reached among its enablers with sufficient evidence
}

// EnablerScore scores one enabler and places it at a stage.
type EnablerScore struct {
	ID            string   `json:"id"`
	Title         string   `json:"title"`
	FocusArea     string   `json:"focus_area"`
	Score         *float64 `json:"score"`
	Coverage      float64  `json:"coverage"`
	Observed      int      `json:"observed"`
	Total         int      `json:"total"`
	Stage         string   `json:"stage"`
	StageReason   string   `json:"stage_reason"`
	Met           int      `json:"met"`
	Partial       int      `json:"partial"`
	NotMet        int      `json:"not_met"`
	NotObservable int      `json:"not_observable"`
	NotApplicable int      `json:"not_applicable"`
	NextPractices []string `json:"next_practices"` // not_met/partial practices of the next stage
}

// PracticeResult is the verdict on one catalogue practice.
type PracticeResult struct {
	ID        string               `json:"id"`
	Title     string               `json:"title"`
	FocusArea string               `json:"focus_area"`
	Enabler   string               `json:"enabler"`
	Stage     string               `json:"stage"`
	Mode      string               `json:"mode"`
	Weight    float64              `json:"weight"`
	Lenses    []string             `json:"lenses"`
	Personas  []string             `json:"personas"`
	Status    detectors.Status     `json:"status"`
	Reason    string               `json:"reason,omitempty"` // for not_observable
	Evidence  []detectors.Evidence `json:"evidence"`         // never null
	Detector  string               `json:"detector,omitempty"`
	Note      string               `json:"note,omitempty"`
	Gated     bool                 `json:"gated"` // some evidence sits behind a login wall
}

// RoadmapItem is one gap to close.
type RoadmapItem struct {
	Priority  int              `json:"priority"` // 1 (first) .. 3
	Practice  string           `json:"practice"`
	Title     string           `json:"title"`
	FocusArea string           `json:"focus_area"`
	Enabler   string           `json:"enabler"`
	Stage     string           `json:"stage"`
	Weight    float64          `json:"weight"`
	Status    detectors.Status `json:"status"` // not_met or partial
	Gated     bool             `json:"gated"`
	Why       string           `json:"why"`
	Fix       string           `json:"fix"`
}

// Assess scores findings against the catalogue. See the package documentation for the rules.
func Assess(c *Catalogue, findings []detectors.Finding, opts Options) *Assessment {
	a := &Assessment{
		CatalogueVersion: c.Version,
		DetectorVersion:  detectors.Version,
		FocusAreas:       []AreaScore{},
		Enablers:         []EnablerScore{},
		Practices:        make([]PracticeResult, 0, len(c.Practices)),
		Roadmap:          []RoadmapItem{},
		Lenses:           []Score{},
		Personas:         []Score{},
	}
	kind, err := ParseKind(opts.Kind)
	if err != nil {
		a.Warnings = append(a.Warnings, fmt.Sprintf("unknown portal kind %q: assessed as %s", opts.Kind, KindInterface))
		kind = KindInterface
	}
	a.Kind = kind

	byID := a.indexFindings(c, findings)
	for i := range c.Practices {
		f, ok := byID[c.Practices[i].ID]
		a.Practices = append(a.Practices, resolve(&c.Practices[i], f, ok, kind))
	}

	// Enablers.
	enablerRaw := map[string]*float64{}
	enablerStage := map[string]string{}
	for _, e := range c.Enablers {
		var prs []*PracticeResult
		for i := range a.Practices {
			if a.Practices[i].Enabler == e.ID {
				prs = append(prs, &a.Practices[i])
			}
		}
		var t tally
		es := EnablerScore{ID: e.ID, Title: e.Title, FocusArea: e.FocusArea}
		for _, pr := range prs {
			t.add(pr)
			switch pr.Status {
			case detectors.Met:
				es.Met++
			case detectors.Partial:
				es.Partial++
			case detectors.NotMet:
				es.NotMet++
			case detectors.NotObservable:
				es.NotObservable++
			case detectors.NotApplicable:
				es.NotApplicable++
			}
		}
		raw := t.raw()
		enablerRaw[e.ID] = raw
		es.Score, es.Coverage, es.Observed, es.Total = round1(raw), t.coverage(), t.observed, t.total
		es.Stage, es.StageReason, es.NextPractices = stageOf(prs, kind)
		enablerStage[e.ID] = es.Stage
		a.Enablers = append(a.Enablers, es)
	}

	// Focus areas and overall.
	var overall tally
	var areaScores []float64
	var allStages []string
	for _, fa := range c.FocusAreas {
		var t tally
		for i := range a.Practices {
			if a.Practices[i].FocusArea == fa.ID {
				t.add(&a.Practices[i])
				overall.add(&a.Practices[i])
			}
		}
		var scores []float64
		var stages []string
		for _, e := range c.Enablers {
			if e.FocusArea != fa.ID {
				continue
			}
			if s := enablerRaw[e.ID]; s != nil {
				scores = append(scores, *s)
			}
			stages = append(stages, enablerStage[e.ID])
		}
		allStages = append(allStages, stages...)
		raw := mean(scores)
		if raw != nil {
			areaScores = append(areaScores, *raw)
		}
		a.FocusAreas = append(a.FocusAreas, AreaScore{
			ID: fa.ID, Title: fa.Title, Score: round1(raw), Coverage: t.coverage(),
			Observed: t.observed, Total: t.total, Stage: lowestStage(stages),
		})
	}
	a.Overall = Score{Score: round1(mean(areaScores)), Coverage: overall.coverage(), Observed: overall.observed, Total: overall.total}
	a.Stage = lowestStage(allStages)

	// Lenses and personas.
	facetScore := func(f Facet, tagged func(*PracticeResult) []string) Score {
		var t tally
		for i := range a.Practices {
			if slices.Contains(tagged(&a.Practices[i]), f.ID) {
				t.add(&a.Practices[i])
			}
		}
		return Score{ID: f.ID, Title: f.Title, Score: round1(t.raw()), Coverage: t.coverage(), Observed: t.observed, Total: t.total}
	}
	for _, l := range c.Lenses {
		a.Lenses = append(a.Lenses, facetScore(l, func(p *PracticeResult) []string { return p.Lenses }))
	}
	for _, p := range c.Personas {
		a.Personas = append(a.Personas, facetScore(p, func(p *PracticeResult) []string { return p.Personas }))
	}

	a.Roadmap = roadmap(c, a.Practices)
	return a
}

// indexFindings maps findings by practice, merging duplicates (strongest status wins,
// evidence of equal status is combined) and warning about findings it cannot use.
func (a *Assessment) indexFindings(c *Catalogue, findings []detectors.Finding) map[string]detectors.Finding {
	known := make(map[string]bool, len(c.Practices))
	for _, p := range c.Practices {
		known[p.ID] = true
	}
	byID := map[string]detectors.Finding{}
	unknown := map[string]bool{}
	for _, f := range findings {
		if !known[f.Practice] {
			unknown[f.Practice] = true
			continue
		}
		if statusRank(f.Status) == 0 {
			a.Warnings = append(a.Warnings, fmt.Sprintf("finding for practice %q from detector %q has unknown status %q: ignored", f.Practice, f.Detector, f.Status))
			continue
		}
		cur, ok := byID[f.Practice]
		switch {
		case !ok || statusRank(f.Status) > statusRank(cur.Status):
			f.Evidence = slices.Clone(f.Evidence)
			byID[f.Practice] = f
		case statusRank(f.Status) == statusRank(cur.Status):
			cur.Evidence = detectors.SortEvidence(append(cur.Evidence, f.Evidence...))
			if f.Detector != "" && !slices.Contains(strings.Split(cur.Detector, "+"), f.Detector) {
				cur.Detector = strings.TrimPrefix(cur.Detector+"+"+f.Detector, "+")
			}
			if cur.Note == "" {
				cur.Note = f.Note
			}
			byID[f.Practice] = cur
		}
	}
	ids := make([]string, 0, len(unknown))
	for id := range unknown {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		a.Warnings = append(a.Warnings, fmt.Sprintf("finding for unknown practice %q: ignored", id))
	}
	return byID
}

func statusRank(s detectors.Status) int {
	switch s {
	case detectors.Met:
		return 5
	case detectors.Partial:
		return 4
	case detectors.NotMet:
		return 3
	case detectors.NotObservable:
		return 2
	case detectors.NotApplicable:
		return 1
	}
	return 0
}

// resolve decides one practice's result.
func resolve(p *Practice, f detectors.Finding, found bool, kind string) PracticeResult {
	pr := PracticeResult{
		ID: p.ID, Title: p.Title, FocusArea: p.FocusArea, Enabler: p.Enabler, Stage: p.Stage,
		Mode: p.Mode, Weight: p.Weight,
		Lenses: nonNil(slices.Clone(p.Lenses)), Personas: nonNil(slices.Clone(p.Personas)),
		Evidence: []detectors.Evidence{},
	}
	if found {
		pr.Evidence = append(pr.Evidence, f.Evidence...)
		pr.Detector = f.Detector
		pr.Note = f.Note
	}
	for _, e := range pr.Evidence {
		pr.Gated = pr.Gated || e.Gated
	}
	switch {
	case !p.AppliesToKind(kind):
		pr.Status = detectors.NotApplicable
		pr.Note = fmt.Sprintf("applies only to %s portals", strings.Join(p.AppliesTo, " and "))
	case found:
		pr.Status, pr.Reason = f.Status, f.Reason
	case p.Mode == ModeManual:
		pr.Status, pr.Reason = detectors.NotObservable, detectors.ReasonManual
	case len(p.Detectors) == 0:
		pr.Status, pr.Reason = detectors.NotObservable, detectors.ReasonNoDetector
	default:
		pr.Status = detectors.NotMet
		pr.Detector = strings.Join(p.Detectors, "+")
		pr.Note = "no finding reported by its detectors"
	}
	return pr
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// value is a practice's contribution: met 1, partial 0.5, not_met 0; ok is false when the
// practice is left out of denominators.
func value(s detectors.Status) (v float64, ok bool) {
	switch s {
	case detectors.Met:
		return 1, true
	case detectors.Partial:
		return 0.5, true
	case detectors.NotMet:
		return 0, true
	}
	return 0, false
}

// tally accumulates a weighted mean and coverage over practice results.
type tally struct {
	weights, weighted float64
	observed, total   int
}

func (t *tally) add(pr *PracticeResult) {
	if pr.Status == detectors.NotApplicable {
		return
	}
	t.total++
	if v, ok := value(pr.Status); ok {
		t.observed++
		t.weights += pr.Weight
		t.weighted += pr.Weight * v
	}
}

// raw is the unrounded 0..100 score, nil when nothing was observable.
func (t *tally) raw() *float64 {
	if t.observed == 0 || !(t.weights > 0) {
		return nil
	}
	s := 100 * t.weighted / t.weights
	return &s
}

func (t *tally) coverage() float64 {
	if t.total == 0 {
		return 0
	}
	return math.Round(1000*float64(t.observed)/float64(t.total)) / 1000
}

func mean(xs []float64) *float64 {
	if len(xs) == 0 {
		return nil
	}
	var sum float64
	for _, x := range xs {
		sum += x
	}
	m := sum / float64(len(xs))
	return &m
}

func round1(x *float64) *float64 {
	if x == nil || math.IsNaN(*x) || math.IsInf(*x, 0) {
		return nil
	}
	r := math.Round(*x*10) / 10
	return &r
}

// stageRank orders judged stages; 0 for the rest.
func stageRank(s string) int {
	switch s {
	case StageInitial:
		return 1
	case StageFoundational:
		return 2
	case StageDeveloping:
		return 3
	case StageAdvanced:
		return 4
	}
	return 0
}

// lowestStage is the lowest judged stage, else insufficient_evidence, or not_applicable when
// every stage given is not_applicable (or none is given).
func lowestStage(stages []string) string {
	low := ""
	allNA := true
	for _, s := range stages {
		if s != StageNotApplicable {
			allNA = false
		}
		if r := stageRank(s); r > 0 && (low == "" || r < stageRank(low)) {
			low = s
		}
	}
	switch {
	case low != "":
		return low
	case allNA:
		return StageNotApplicable
	}
	return StageInsufficientEvidence
}

// stageOf places an enabler at a stage from its practices' results.
func stageOf(prs []*PracticeResult, kind string) (stage, reason string, next []string) {
	next = []string{}
	var observed, total int
	for _, pr := range prs {
		if pr.Status == detectors.NotApplicable {
			continue
		}
		total++
		if _, ok := value(pr.Status); ok {
			observed++
		}
	}
	if total == 0 {
		return StageNotApplicable, fmt.Sprintf("no practice of this enabler applies to %s portals", kind), next
	}
	if float64(observed) < MinStageCoverage*float64(total) {
		return StageInsufficientEvidence, fmt.Sprintf(
			"only %d of %d applicable practices could be observed (%s), below the %s coverage needed to judge a stage",
			observed, total, pct(float64(observed)/float64(total)), pct(MinStageCoverage)), next
	}

	// Cumulative points (met 2, partial 1: integers avoid rounding at the threshold edge)
	// over observable practices at each stage and below.
	var points, n int
	reached := ""
	var vacuous []string // stages reached without any observable practice of their own
	for i, st := range stageOrder {
		atStage := 0
		for _, pr := range prs {
			if pr.Stage != st {
				continue
			}
			if v, ok := value(pr.Status); ok {
				points += int(2 * v)
				n++
				atStage++
			}
		}
		// The epsilon keeps exact edges (4 of 5 = 80%) on the reached side despite float error.
		if n == 0 || float64(points)/float64(2*n) >= StageThreshold-1e-9 {
			reached = st
			if atStage == 0 {
				vacuous = append(vacuous, st)
			}
			continue
		}
		// Not reached: report and list this stage's gaps.
		for _, pr := range prs {
			if pr.Stage == st && (pr.Status == detectors.NotMet || pr.Status == detectors.Partial) {
				next = append(next, pr.ID)
			}
		}
		miss := fmt.Sprintf("%s not reached: %s of the %d observable practices %s are met (partial counts half), below the %s threshold",
			st, pct(float64(points)/float64(2*n)), n, scope(i), pct(StageThreshold))
		if reached == "" {
			return StageInitial, miss, next
		}
		return reached, fmt.Sprintf("%s reached%s; %s", reached, vacuousNote(vacuous), miss), next
	}
	return StageAdvanced, fmt.Sprintf("advanced reached%s: %s of the %d observable practices at all stages are met (threshold %s)",
		vacuousNote(vacuous), pct(float64(points)/float64(2*n)), n, pct(StageThreshold)), next
}

// vacuousNote explains stages that were reached only because their lower stages were.
func vacuousNote(stages []string) string {
	if len(stages) == 0 {
		return ""
	}
	return fmt.Sprintf(" (no observable %s practice to check)", strings.Join(stages, " or "))
}

func scope(i int) string {
	switch i {
	case 0:
		return "at foundational"
	case 1:
		return "at foundational and developing"
	}
	return "at all stages"
}

func pct(x float64) string {
	return fmt.Sprintf("%s%%", strings.TrimSuffix(fmt.Sprintf("%.1f", 100*x), ".0"))
}

// roadmap lists the gaps by priority.
func roadmap(c *Catalogue, prs []PracticeResult) []RoadmapItem {
	type item struct {
		RoadmapItem
		order int
	}
	var items []item
	for i, pr := range prs {
		if pr.Status != detectors.NotMet && pr.Status != detectors.Partial {
			continue
		}
		p, _ := c.Practice(pr.ID)
		items = append(items, item{RoadmapItem{
			Priority: priority(pr), Practice: pr.ID, Title: pr.Title, FocusArea: pr.FocusArea,
			Enabler: pr.Enabler, Stage: pr.Stage, Weight: pr.Weight, Status: pr.Status,
			Gated: pr.Gated, Why: p.Why, Fix: p.Fix,
		}, i})
	}
	slices.SortStableFunc(items, func(a, b item) int {
		return cmp.Or(
			cmp.Compare(a.Priority, b.Priority),
			cmp.Compare(b.Weight, a.Weight),
			cmp.Compare(statusRank(a.Status), statusRank(b.Status)), // not_met ranks below partial
			cmp.Compare(a.order, b.order),
		)
	})
	out := make([]RoadmapItem, len(items))
	for i, it := range items {
		out[i] = it.RoadmapItem
	}
	return out
}

func priority(pr PracticeResult) int {
	switch {
	case pr.Gated:
		return 1
	case pr.Stage == StageFoundational && slices.Contains(P1FocusAreas, pr.FocusArea):
		return 1
	case pr.Stage == StageFoundational || pr.Stage == StageDeveloping:
		return 2
	}
	return 3
}
