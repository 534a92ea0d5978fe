package scoring

import (
	"math"
	"testing"

	"github.com/portalscan/portalscan/crawler/page"
	"github.com/portalscan/portalscan/detectors"
)

// fakeDetector declares practices and never reports anything; tests pass findings to Assess
// directly.
type fakeDetector struct {
	name      string
	practices []string
}

func (d fakeDetector) Doc() detectors.Doc {
	return detectors.Doc{Name: d.name, Practices: d.practices, Looks: "test", Why: "test", Fix: "test"}
}
func (d fakeDetector) Begin(detectors.Env) detectors.Run { return fakeRun{} }

type fakeRun struct{}

func (fakeRun) Page(*page.Page)                            {}
func (fakeRun) Finish(detectors.Index) []detectors.Finding { return nil }

// pr is a compact practice spec for test catalogues.
type pr struct {
	id, enabler, stage, mode string
	weight                   float64
	kinds                    []string
	lenses, personas         []string
}

// testCatalogue builds and validates a catalogue from specs. Enablers are derived from the
// practices (enabler id -> focus area given in enablers); every practice is fed by detector
// "fake" unless listed in undetected.
func testCatalogue(t *testing.T, enablers map[string]string, areas []string, specs []pr, undetected ...string) *Catalogue {
	t.Helper()
	c := &Catalogue{
		Version:  "test",
		Lenses:   []Facet{{ID: "business_readiness", Title: "Business readiness"}, {ID: "ai_visibility", Title: "AI visibility"}},
		Personas: []Facet{{ID: "developer", Title: "Developer"}, {ID: "business_evaluator", Title: "Business evaluator"}, {ID: "ai_agent", Title: "AI agent"}},
	}
	for _, a := range areas {
		c.FocusAreas = append(c.FocusAreas, FocusArea{ID: a, Title: "Area " + a, Description: "d"})
	}
	seenEnabler := map[string]bool{}
	skip := map[string]bool{}
	for _, id := range undetected {
		skip[id] = true
	}
	var fed []string
	for _, s := range specs {
		area := enablers[s.enabler]
		if !seenEnabler[s.enabler] {
			seenEnabler[s.enabler] = true
			c.Enablers = append(c.Enablers, Enabler{ID: s.enabler, Title: "Enabler " + s.enabler, Description: "d", FocusArea: area})
		}
		p := Practice{
			ID: s.id, Title: "Practice " + s.id, FocusArea: area, Enabler: s.enabler,
			Stage: s.stage, Mode: s.mode, Weight: s.weight, AppliesTo: s.kinds,
			Lenses: s.lenses, Personas: s.personas, Why: "why " + s.id, Fix: "fix " + s.id,
		}
		if p.Mode == "" {
			p.Mode = ModeAuto
		}
		if p.Weight == 0 {
			p.Weight = 1
		}
		if p.AppliesTo == nil {
			p.AppliesTo = []string{KindInterface, KindPlatform}
		}
		if p.Personas == nil {
			p.Personas = []string{"developer"}
		}
		c.Practices = append(c.Practices, p)
		if !skip[s.id] {
			fed = append(fed, s.id)
		}
	}
	c.attach([]detectors.Detector{fakeDetector{name: "fake", practices: fed}})
	if err := c.Validate(); err != nil {
		t.Fatalf("test catalogue invalid: %v", err)
	}
	return c
}

func finding(id string, st detectors.Status, ev ...detectors.Evidence) detectors.Finding {
	return detectors.Finding{Practice: id, Status: st, Detector: "fake", Evidence: ev}
}

func ev(url string) detectors.Evidence {
	return detectors.Evidence{URL: url, Matched: "test", Detector: "fake"}
}

func f64(x float64) *float64 { return &x }

func checkScore(t *testing.T, what string, got *float64, want *float64) {
	t.Helper()
	switch {
	case got == nil && want == nil:
	case got == nil || want == nil:
		t.Errorf("%s: score = %v, want %v", what, fmtPtr(got), fmtPtr(want))
	case math.Abs(*got-*want) > 1e-9:
		t.Errorf("%s: score = %v, want %v", what, *got, *want)
	}
}

func fmtPtr(p *float64) any {
	if p == nil {
		return "null"
	}
	return *p
}
