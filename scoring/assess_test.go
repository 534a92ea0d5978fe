package scoring

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/portalscan/portalscan/detectors"
)

var (
	both  = []string{KindInterface, KindPlatform}
	iface = []string{KindInterface}
)

// miniCatalogue:
//
//	discovery / e1: p1 F w3, p2 F w2, p3 D w1, p4 A w1
//	discovery / e2: p5 F manual w2, p6 D w1 (no detector)
//	decision  / e3: p7 F w2 interface-only, p8 D w1
//	decision  / e5: p11 D w1 interface-only
//	golive    / e4: p9 F w2, p10 A w1
//
// Lenses: business_readiness on p7 p8 p11; ai_visibility on p1 p6.
// Personas: developer on all; business_evaluator on p7 p11; ai_agent on p1.
func miniCatalogue(t *testing.T) *Catalogue {
	dev, devBiz, devAI := []string{"developer"}, []string{"developer", "business_evaluator"}, []string{"developer", "ai_agent"}
	br, ai := []string{"business_readiness"}, []string{"ai_visibility"}
	return testCatalogue(t,
		map[string]string{"e1": "discovery", "e2": "discovery", "e3": "decision", "e5": "decision", "e4": "golive"},
		[]string{"discovery", "decision", "golive"},
		[]pr{
			{id: "p1", enabler: "e1", stage: StageFoundational, weight: 3, lenses: ai, personas: devAI},
			{id: "p2", enabler: "e1", stage: StageFoundational, weight: 2, personas: dev},
			{id: "p3", enabler: "e1", stage: StageDeveloping, weight: 1, personas: dev},
			{id: "p4", enabler: "e1", stage: StageAdvanced, weight: 1, personas: dev},
			{id: "p5", enabler: "e2", stage: StageFoundational, mode: ModeManual, weight: 2, personas: dev},
			{id: "p6", enabler: "e2", stage: StageDeveloping, weight: 1, lenses: ai, personas: dev},
			{id: "p7", enabler: "e3", stage: StageFoundational, weight: 2, kinds: iface, lenses: br, personas: devBiz},
			{id: "p8", enabler: "e3", stage: StageDeveloping, weight: 1, lenses: br, personas: dev},
			{id: "p11", enabler: "e5", stage: StageDeveloping, weight: 1, kinds: iface, lenses: br, personas: devBiz},
			{id: "p9", enabler: "e4", stage: StageFoundational, weight: 2, personas: dev},
			{id: "p10", enabler: "e4", stage: StageAdvanced, weight: 1, personas: dev},
		},
		"p6", // no detector feeds p6
	)
}

func miniFindings() []detectors.Finding {
	return []detectors.Finding{
		finding("p1", detectors.Met, ev("https://x/p1")),
		finding("p2", detectors.Partial, ev("https://x/p2")),
		finding("p3", detectors.NotMet),
		// p4: no finding although a detector feeds it -> not_met
		// p5: manual, p6: no detector -> not_observable
		finding("p7", detectors.Met, ev("https://x/pricing")),
		finding("p8", detectors.Partial),
		finding("p11", detectors.Met),
		finding("p9", detectors.NotMet),
		finding("p10", detectors.Met),
	}
}

func enablerByID(a *Assessment, id string) EnablerScore {
	for _, e := range a.Enablers {
		if e.ID == id {
			return e
		}
	}
	panic("no enabler " + id)
}

func areaByID(a *Assessment, id string) AreaScore {
	for _, s := range a.FocusAreas {
		if s.ID == id {
			return s
		}
	}
	panic("no area " + id)
}

func practiceByID(a *Assessment, id string) PracticeResult {
	for _, p := range a.Practices {
		if p.ID == id {
			return p
		}
	}
	panic("no practice " + id)
}

func facetByID(ss []Score, id string) Score {
	for _, s := range ss {
		if s.ID == id {
			return s
		}
	}
	panic("no facet " + id)
}

func TestPracticeStatus(t *testing.T) {
	c := miniCatalogue(t)
	a := Assess(c, miniFindings(), Options{})
	if a.Kind != KindInterface || a.CatalogueVersion != "test" || a.DetectorVersion != detectors.Version {
		t.Errorf("header = %q %q %q", a.Kind, a.CatalogueVersion, a.DetectorVersion)
	}
	if len(a.Practices) != len(c.Practices) {
		t.Fatalf("%d practice results, want %d", len(a.Practices), len(c.Practices))
	}
	for i := range c.Practices {
		if a.Practices[i].ID != c.Practices[i].ID {
			t.Fatalf("practice results not in catalogue order at %d", i)
		}
	}
	want := map[string]struct {
		status detectors.Status
		reason string
	}{
		"p1": {detectors.Met, ""}, "p2": {detectors.Partial, ""}, "p3": {detectors.NotMet, ""},
		"p4": {detectors.NotMet, ""}, "p5": {detectors.NotObservable, detectors.ReasonManual},
		"p6": {detectors.NotObservable, detectors.ReasonNoDetector},
		"p7": {detectors.Met, ""}, "p8": {detectors.Partial, ""}, "p11": {detectors.Met, ""},
		"p9": {detectors.NotMet, ""}, "p10": {detectors.Met, ""},
	}
	for id, w := range want {
		p := practiceByID(a, id)
		if p.Status != w.status || p.Reason != w.reason {
			t.Errorf("%s: status %s (%q), want %s (%q)", id, p.Status, p.Reason, w.status, w.reason)
		}
	}
	if p := practiceByID(a, "p4"); p.Detector != "fake" {
		t.Errorf("p4 (not_met by absence) detector = %q, want fake", p.Detector)
	}

	// Platform: interface-only practices are not_applicable whatever the findings say.
	a = Assess(c, miniFindings(), Options{Kind: KindPlatform})
	for _, id := range []string{"p7", "p11"} {
		p := practiceByID(a, id)
		if p.Status != detectors.NotApplicable {
			t.Errorf("%s on platform: status %s, want not_applicable", id, p.Status)
		}
	}
	if len(a.Warnings) != 0 {
		t.Errorf("warnings: %v", a.Warnings)
	}
}

func TestScoresInterface(t *testing.T) {
	a := Assess(miniCatalogue(t), miniFindings(), Options{Kind: "interface"})

	// e1: (3*1 + 2*0.5 + 1*0 + 1*0) / 7 = 57.142857
	// e2: nothing observable; e3: (2*1 + 1*0.5) / 3 = 83.333; e5: 100; e4: (2*0 + 1*1) / 3 = 33.333
	type want struct {
		score                      *float64
		coverage                   float64
		observed, total            int
		met, partial, notMet, nObs int
		nApp                       int
		stage                      string
		next                       []string
	}
	wants := map[string]want{
		"e1": {f64(57.1), 1, 4, 4, 1, 1, 2, 0, 0, StageInitial, []string{"p2"}},
		"e2": {nil, 0, 0, 2, 0, 0, 0, 2, 0, StageInsufficientEvidence, []string{}},
		"e3": {f64(83.3), 1, 2, 2, 1, 1, 0, 0, 0, StageFoundational, []string{"p8"}},
		"e5": {f64(100), 1, 1, 1, 1, 0, 0, 0, 0, StageAdvanced, []string{}},
		"e4": {f64(33.3), 1, 2, 2, 1, 0, 1, 0, 0, StageInitial, []string{"p9"}},
	}
	for id, w := range wants {
		e := enablerByID(a, id)
		checkScore(t, id, e.Score, w.score)
		if e.Coverage != w.coverage || e.Observed != w.observed || e.Total != w.total {
			t.Errorf("%s: coverage %v (%d/%d), want %v (%d/%d)", id, e.Coverage, e.Observed, e.Total, w.coverage, w.observed, w.total)
		}
		if e.Met != w.met || e.Partial != w.partial || e.NotMet != w.notMet || e.NotObservable != w.nObs || e.NotApplicable != w.nApp {
			t.Errorf("%s: counts %d/%d/%d/%d/%d", id, e.Met, e.Partial, e.NotMet, e.NotObservable, e.NotApplicable)
		}
		if e.Stage != w.stage || !slices.Equal(e.NextPractices, w.next) {
			t.Errorf("%s: stage %s next %v (%s), want %s next %v", id, e.Stage, e.NextPractices, e.StageReason, w.stage, w.next)
		}
		if e.StageReason == "" {
			t.Errorf("%s: empty stage reason", id)
		}
	}

	// Areas: discovery = e1 only (e2 null) = 57.1, coverage 4/6; decision = mean(83.333, 100)
	// = 91.667; golive = 33.333.
	for id, w := range map[string]struct {
		score           float64
		coverage        float64
		observed, total int
		stage           string
	}{
		"discovery": {57.1, 0.667, 4, 6, StageInitial},
		"decision":  {91.7, 1, 3, 3, StageFoundational},
		"golive":    {33.3, 1, 2, 2, StageInitial},
	} {
		s := areaByID(a, id)
		checkScore(t, id, s.Score, &w.score)
		if s.Coverage != w.coverage || s.Observed != w.observed || s.Total != w.total || s.Stage != w.stage {
			t.Errorf("%s: coverage %v (%d/%d) stage %s, want %v (%d/%d) %s", id, s.Coverage, s.Observed, s.Total, s.Stage, w.coverage, w.observed, w.total, w.stage)
		}
	}
	// Overall = mean(57.142857, 91.666667, 33.333333) = 60.714 (from unrounded area scores);
	// coverage 9/11.
	checkScore(t, "overall", a.Overall.Score, f64(60.7))
	if a.Overall.Coverage != 0.818 || a.Overall.Observed != 9 || a.Overall.Total != 11 {
		t.Errorf("overall coverage %v (%d/%d)", a.Overall.Coverage, a.Overall.Observed, a.Overall.Total)
	}
	if a.Stage != StageInitial {
		t.Errorf("overall stage %s, want initial", a.Stage)
	}

	// Lenses: business_readiness = (2*1 + 1*0.5 + 1*1) / 4 = 87.5; ai_visibility = p1 only = 100,
	// coverage 1/2. Personas: developer over everything = 8.5 / 14 = 60.714; business_evaluator
	// = p7, p11 = 100; ai_agent = p1 = 100.
	for _, w := range []struct {
		s        Score
		score    float64
		coverage float64
	}{
		{facetByID(a.Lenses, "business_readiness"), 87.5, 1},
		{facetByID(a.Lenses, "ai_visibility"), 100, 0.5},
		{facetByID(a.Personas, "developer"), 60.7, 0.818},
		{facetByID(a.Personas, "business_evaluator"), 100, 1},
		{facetByID(a.Personas, "ai_agent"), 100, 1},
	} {
		checkScore(t, w.s.ID, w.s.Score, &w.score)
		if w.s.Coverage != w.coverage || w.s.Title == "" {
			t.Errorf("%s: coverage %v title %q, want %v", w.s.ID, w.s.Coverage, w.s.Title, w.coverage)
		}
	}
}

func TestScoresPlatform(t *testing.T) {
	a := Assess(miniCatalogue(t), miniFindings(), Options{Kind: KindPlatform})
	if a.Kind != KindPlatform {
		t.Fatalf("kind %s", a.Kind)
	}
	// e3 on a platform: p7 not applicable, p8 partial -> 50. F has no observable practice, so
	// foundational is reached vacuously; developing fails at 50%.
	e3 := enablerByID(a, "e3")
	checkScore(t, "e3", e3.Score, f64(50))
	if e3.Total != 1 || e3.NotApplicable != 1 || e3.Stage != StageFoundational || !slices.Equal(e3.NextPractices, []string{"p8"}) {
		t.Errorf("e3: %+v", e3)
	}
	// e5: every practice is interface-only -> empty enabler.
	e5 := enablerByID(a, "e5")
	checkScore(t, "e5", e5.Score, nil)
	if e5.Coverage != 0 || e5.Total != 0 || e5.Observed != 0 || e5.Stage != StageNotApplicable || e5.NextPractices == nil {
		t.Errorf("e5: %+v", e5)
	}
	// decision = e3 only = 50; overall = mean(57.142857, 50, 33.333333) = 46.825; coverage 7/9.
	checkScore(t, "decision", areaByID(a, "decision").Score, f64(50))
	checkScore(t, "overall", a.Overall.Score, f64(46.8))
	if a.Overall.Coverage != 0.778 || a.Overall.Observed != 7 || a.Overall.Total != 9 {
		t.Errorf("overall coverage %v (%d/%d)", a.Overall.Coverage, a.Overall.Observed, a.Overall.Total)
	}
	// business_readiness on a platform: only p8 applies -> 50.
	checkScore(t, "business_readiness", facetByID(a.Lenses, "business_readiness").Score, f64(50))
	// Roadmap never lists not_applicable practices.
	for _, r := range a.Roadmap {
		if r.Practice == "p7" || r.Practice == "p11" {
			t.Errorf("roadmap lists not-applicable %s", r.Practice)
		}
	}
}

func TestNothingObservable(t *testing.T) {
	// No detectors at all: every practice is not_observable (no_detector or manual).
	c := miniCatalogue(t)
	c.attach(nil)
	a := Assess(c, nil, Options{})
	for _, p := range a.Practices {
		if p.Status != detectors.NotObservable {
			t.Errorf("%s: %s", p.ID, p.Status)
		}
	}
	checkScore(t, "overall", a.Overall.Score, nil)
	if a.Overall.Coverage != 0 || a.Overall.Observed != 0 || a.Overall.Total != 11 {
		t.Errorf("overall %+v", a.Overall)
	}
	for _, s := range append(append([]Score{}, a.Lenses...), a.Personas...) {
		checkScore(t, s.ID, s.Score, nil)
		if s.Coverage != 0 {
			t.Errorf("%s coverage %v", s.ID, s.Coverage)
		}
	}
	for _, s := range a.FocusAreas {
		checkScore(t, s.ID, s.Score, nil)
		if s.Stage != StageInsufficientEvidence {
			t.Errorf("%s stage %s", s.ID, s.Stage)
		}
	}
	if a.Stage != StageInsufficientEvidence || len(a.Roadmap) != 0 {
		t.Errorf("stage %s, roadmap %d items", a.Stage, len(a.Roadmap))
	}
	out, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	js := string(out)
	for _, want := range []string{`"overall":{"score":null,"coverage":0,"observed":0,"total":11}`, `"roadmap":[]`, `"stage":"insufficient_evidence"`} {
		if !strings.Contains(js, want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
}

// stageCatalogue builds one enabler from a stage string such as "FFFDDA" (F foundational,
// D developing, A advanced), ids s0, s1, ...
func stageCatalogue(t *testing.T, stages string) *Catalogue {
	var specs []pr
	for i, r := range stages {
		st := map[rune]string{'F': StageFoundational, 'D': StageDeveloping, 'A': StageAdvanced}[r]
		specs = append(specs, pr{id: fmt.Sprintf("s%d", i), enabler: "e", stage: st})
	}
	return testCatalogue(t, map[string]string{"e": "discovery"}, []string{"discovery"}, specs)
}

// statusFindings maps a status string (m met, p partial, n not_met, o not_observable,
// - no finding) onto practices s0, s1, ...
func statusFindings(statuses string) []detectors.Finding {
	var fs []detectors.Finding
	for i, r := range statuses {
		id := fmt.Sprintf("s%d", i)
		switch r {
		case 'm':
			fs = append(fs, finding(id, detectors.Met))
		case 'p':
			fs = append(fs, finding(id, detectors.Partial))
		case 'n':
			fs = append(fs, finding(id, detectors.NotMet))
		case 'o':
			fs = append(fs, detectors.Finding{Practice: id, Status: detectors.NotObservable, Reason: detectors.ReasonRobots, Detector: "fake"})
		}
	}
	return fs
}

func TestStages(t *testing.T) {
	cases := []struct {
		name, stages, statuses, want string
		next                         []string
	}{
		{"foundational exactly 80%", "FFFFFD", "mmmmnn", StageFoundational, []string{"s5"}},
		{"foundational below 80%", "FFFFFD", "mmmnnm", StageInitial, []string{"s3", "s4"}},
		{"partials count half: 4.5/5 = 90%", "FFFFF", "mmmmp", StageAdvanced, []string{}},
		{"partials at the edge: 4/5 = 80%", "FFFFF", "mmmpp", StageAdvanced, []string{}},
		{"partials just below: 3.5/5 = 70%", "FFFFF", "mmmpn", StageInitial, []string{"s3", "s4"}},
		{"developing is cumulative: (3+1)/5 = 80%", "FFFDD", "mmmmn", StageAdvanced, []string{}},
		{"developing cumulative below: (3+0.5)/5", "FFFDD", "mmmpn", StageFoundational, []string{"s3", "s4"}},
		{"developing needs foundational", "FFDDDDD", "nnmmmmm", StageInitial, []string{"s0", "s1"}},
		{"no developing practice: reached with foundational", "FFA", "mmn", StageDeveloping, []string{"s2"}},
		{"no foundational practice: vacuous", "DDA", "mmm", StageAdvanced, []string{}},
		{"no foundational practice, developing fails", "DDA", "mnm", StageFoundational, []string{"s1"}},
		{"advanced reached", "FDA", "mmm", StageAdvanced, []string{}},
		{"coverage exactly 50% is judged", "FFFF", "mm--", StageAdvanced, []string{}},
		{"coverage below 50%", "FFFFF", "mm---", StageInsufficientEvidence, []string{}},
		{"not_observable findings lower coverage", "FFFF", "mooo", StageInsufficientEvidence, []string{}},
		{"not_met by absence counts as observed", "FFFF", "m", StageInitial, []string{"s1", "s2", "s3"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := assessStages(t, tc.stages, tc.statuses)
			e := a.Enablers[0]
			if e.Stage != tc.want || !slices.Equal(e.NextPractices, tc.next) {
				t.Errorf("stage %s next %v, want %s next %v\nreason: %s", e.Stage, e.NextPractices, tc.want, tc.next, e.StageReason)
			}
			if a.Stage != tc.want {
				t.Errorf("overall stage %s, want %s", a.Stage, tc.want)
			}
		})
	}
}

// assessStages assesses a one-enabler catalogue (see stageCatalogue and statusFindings); a
// '-' status means "no finding and no detector" (not_observable).
func assessStages(t *testing.T, stages, statuses string) *Assessment {
	t.Helper()
	c := stageCatalogue(t, stages)
	for i, r := range statuses {
		if r == '-' {
			c.Practices[i].Detectors = nil
		}
	}
	return Assess(c, statusFindings(statuses), Options{})
}

func TestStageReason(t *testing.T) {
	for _, tc := range []struct{ stages, statuses, want string }{
		{"FFFFFD", "mmmmnn", "foundational reached; developing not reached: 66.7% of the 6 observable practices at foundational and developing are met (partial counts half), below the 80% threshold"},
		{"FFFFF", "mmmpn", "foundational not reached: 70% of the 5 observable practices at foundational are met (partial counts half), below the 80% threshold"},
		{"FFA", "mmm", "advanced reached (no observable developing practice to check): 100% of the 3 observable practices at all stages are met (threshold 80%)"},
		{"DDA", "mnm", "foundational reached (no observable foundational practice to check); developing not reached: 50% of the 2 observable practices at foundational and developing are met (partial counts half), below the 80% threshold"},
		{"FFFFFD", "mm----", "only 2 of 6 applicable practices could be observed (33.3%), below the 50% coverage needed to judge a stage"},
	} {
		if got := assessStages(t, tc.stages, tc.statuses).Enablers[0].StageReason; got != tc.want {
			t.Errorf("%s %s: reason\n%s\nwant\n%s", tc.stages, tc.statuses, got, tc.want)
		}
	}
}

func TestRoadmap(t *testing.T) {
	a := Assess(miniCatalogue(t), miniFindings(), Options{})
	// Gaps: p2 partial F discovery -> P1; p9 not_met F golive -> P2 (w2); p3 not_met D -> P2
	// (w1); p8 partial D -> P2 (w1, partial after not_met); p4 not_met A -> P3.
	var got []string
	for _, r := range a.Roadmap {
		got = append(got, fmt.Sprintf("%d:%s", r.Priority, r.Practice))
	}
	want := []string{"1:p2", "2:p9", "2:p3", "2:p8", "3:p4"}
	if !slices.Equal(got, want) {
		t.Errorf("roadmap %v, want %v", got, want)
	}
	if r := a.Roadmap[0]; r.Why != "why p2" || r.Fix != "fix p2" || r.Status != detectors.Partial || r.Weight != 2 || r.Stage != StageFoundational || r.Enabler != "e1" || r.FocusArea != "discovery" {
		t.Errorf("item %+v", r)
	}

	// Gated evidence lifts any gap to P1; ties inside P1 go by weight, then not_met first,
	// then catalogue order.
	fs := miniFindings()
	for i := range fs {
		if fs[i].Practice == "p10" {
			fs[i] = finding("p10", detectors.Partial, detectors.Evidence{URL: "https://x/login", Matched: "pricing", Gated: true})
		}
		if fs[i].Practice == "p3" {
			fs[i] = finding("p3", detectors.NotMet, detectors.Evidence{URL: "https://x/docs", Matched: "docs", Gated: true})
		}
	}
	a = Assess(miniCatalogue(t), fs, Options{})
	got = nil
	for _, r := range a.Roadmap {
		got = append(got, fmt.Sprintf("%d:%s", r.Priority, r.Practice))
	}
	// P1: p2 (w2 partial), p3 (w1 not_met, gated), p10 (w1 partial, gated).
	want = []string{"1:p2", "1:p3", "1:p10", "2:p9", "2:p8", "3:p4"}
	if !slices.Equal(got, want) {
		t.Errorf("roadmap %v, want %v", got, want)
	}
	if p := practiceByID(a, "p10"); !p.Gated {
		t.Error("p10 should be gated")
	}
	if !a.Roadmap[2].Gated {
		t.Error("roadmap item p10 should be gated")
	}
}

func TestRoadmapOrderWithinPriority(t *testing.T) {
	c := testCatalogue(t, map[string]string{"e": "decision"}, []string{"decision"}, []pr{
		{id: "a1", enabler: "e", stage: StageFoundational, weight: 2},
		{id: "a2", enabler: "e", stage: StageFoundational, weight: 3},
		{id: "a3", enabler: "e", stage: StageFoundational, weight: 2},
		{id: "a4", enabler: "e", stage: StageFoundational, weight: 2},
	})
	a := Assess(c, []detectors.Finding{
		finding("a1", detectors.Partial), finding("a2", detectors.Partial),
		finding("a3", detectors.NotMet), finding("a4", detectors.NotMet),
	}, Options{})
	var got []string
	for _, r := range a.Roadmap {
		got = append(got, r.Practice)
	}
	if want := []string{"a2", "a3", "a4", "a1"}; !slices.Equal(got, want) {
		t.Errorf("roadmap %v, want %v", got, want)
	}
}

func TestFindingsEdgeCases(t *testing.T) {
	c := miniCatalogue(t)
	fs := []detectors.Finding{
		{Practice: "p1", Status: detectors.NotMet, Detector: "a", Evidence: []detectors.Evidence{ev("https://x/1")}},
		{Practice: "p1", Status: detectors.Partial, Detector: "b", Evidence: []detectors.Evidence{ev("https://x/3")}},
		{Practice: "p1", Status: detectors.Partial, Detector: "c", Evidence: []detectors.Evidence{ev("https://x/2")}},
		{Practice: "p5", Status: detectors.Met, Detector: "human"}, // a finding beats mode manual
		{Practice: "p9", Status: "maybe", Detector: "bad"},
		{Practice: "nope", Status: detectors.Met, Detector: "x"},
		{Practice: "p2", Status: detectors.NotObservable, Reason: detectors.ReasonRobots, Detector: "fake"},
	}
	a := Assess(c, fs, Options{Kind: "bogus"})
	p1 := practiceByID(a, "p1")
	if p1.Status != detectors.Partial || p1.Detector != "b+c" || len(p1.Evidence) != 2 || p1.Evidence[0].URL != "https://x/2" {
		t.Errorf("p1 merged: %+v", p1)
	}
	if p := practiceByID(a, "p5"); p.Status != detectors.Met {
		t.Errorf("p5: %s", p.Status)
	}
	if p := practiceByID(a, "p9"); p.Status != detectors.NotMet || p.Detector != "fake" {
		t.Errorf("p9 (invalid finding ignored -> not_met by absence): %+v", p)
	}
	if p := practiceByID(a, "p2"); p.Status != detectors.NotObservable || p.Reason != detectors.ReasonRobots {
		t.Errorf("p2: %+v", p)
	}
	if a.Kind != KindInterface || len(a.Warnings) != 3 {
		t.Errorf("kind %s warnings %q", a.Kind, a.Warnings)
	}
	// Input findings are not modified.
	if len(fs[1].Evidence) != 1 || fs[1].Evidence[0].URL != "https://x/3" {
		t.Errorf("input finding modified: %+v", fs[1])
	}
}

func TestJSON(t *testing.T) {
	c, err := Parse(YAML(), []detectors.Detector{fakeDetector{name: "fake", practices: []string{"ai-llms-txt", "disc-sitemap", "com-pricing-page"}}})
	if err != nil {
		t.Fatal(err)
	}
	a := Assess(c, []detectors.Finding{
		finding("ai-llms-txt", detectors.Met, ev("https://x/llms.txt")),
		finding("com-pricing-page", detectors.Partial, detectors.Evidence{URL: "https://x/pricing", Matched: "link", Gated: true}),
	}, Options{})
	out, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	js := string(out)
	for _, bad := range []string{"NaN", "Inf", `"evidence":null`, `"lenses":null`, `"personas":null`, `"next_practices":null`} {
		if strings.Contains(js, bad) {
			t.Errorf("JSON contains %s", bad)
		}
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"catalogue_version", "detector_version", "kind", "stage", "overall", "focus_areas", "enablers", "practices", "roadmap", "lenses", "personas"} {
		if _, ok := m[key]; !ok {
			t.Errorf("JSON lacks %q", key)
		}
	}
	practices := m["practices"].([]any)
	if len(practices) != 164 {
		t.Fatalf("%d practices in JSON", len(practices))
	}
	for _, p := range practices {
		pm := p.(map[string]any)
		if _, ok := pm["evidence"].([]any); !ok {
			t.Fatalf("%v: evidence is %T, want array", pm["id"], pm["evidence"])
		}
	}
	// Enablers with nothing observable have a null score and zero coverage.
	for _, e := range m["enablers"].([]any) {
		em := e.(map[string]any)
		if em["id"] == "community-channels" && (em["score"] != nil || em["coverage"].(float64) != 0) {
			t.Errorf("community-channels: %v", em)
		}
	}
	// The gated pricing gap is priority 1 (it is anyway) and flagged.
	r := m["roadmap"].([]any)[0].(map[string]any)
	if r["practice"] != "com-pricing-page" || r["gated"] != true || r["priority"].(float64) != 1 {
		t.Errorf("first roadmap item %v", r)
	}
	// Round trip.
	var back Assessment
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	if back.Overall.Score == nil || *back.Overall.Score != *a.Overall.Score {
		t.Errorf("round trip overall %v vs %v", fmtPtr(back.Overall.Score), fmtPtr(a.Overall.Score))
	}
}

// The real catalogue end to end: everything met gives 100 and advanced everywhere.
func TestRealCatalogueAllMet(t *testing.T) {
	c := loadReal(t)
	var fs []detectors.Finding
	for _, p := range c.Practices {
		fs = append(fs, finding(p.ID, detectors.Met))
	}
	for _, kind := range []string{KindInterface, KindPlatform} {
		a := Assess(c, fs, Options{Kind: kind})
		checkScore(t, kind+" overall", a.Overall.Score, f64(100))
		if a.Stage != StageAdvanced || len(a.Roadmap) != 0 || a.Overall.Coverage != 1 {
			t.Errorf("%s: stage %s, %d roadmap items, coverage %v", kind, a.Stage, len(a.Roadmap), a.Overall.Coverage)
		}
		if kind == KindPlatform {
			for _, e := range a.Enablers {
				if (e.ID == "commercial" || e.ID == "proof" || e.ID == "ecosystem") && e.Stage != StageNotApplicable {
					t.Errorf("platform %s: stage %s, want not_applicable", e.ID, e.Stage)
				}
			}
		}
	}
}
