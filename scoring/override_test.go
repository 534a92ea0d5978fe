package scoring

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/portalscan/portalscan/detectors"
)

func TestFingerprint(t *testing.T) {
	e := func(url, matched string) detectors.Evidence {
		return detectors.Evidence{URL: url, Matched: matched, Snippet: "ignored", FoundOn: "https://other/"}
	}
	base := Fingerprint([]detectors.Evidence{e("https://x.example/pricing/?plan=a#eu", "pricing"), e("https://x.example/", "home")})
	cases := []struct {
		name string
		ev   []detectors.Evidence
		same bool
	}{
		{"identical", []detectors.Evidence{e("https://x.example/pricing/?plan=a#eu", "pricing"), e("https://x.example/", "home")}, true},
		{"order does not matter", []detectors.Evidence{e("https://x.example/", "home"), e("https://x.example/pricing/?plan=a#eu", "pricing")}, true},
		{"scheme, host and port do not matter", []detectors.Evidence{e("http://127.0.0.1:41234/pricing/?plan=a#eu", "pricing"), e("http://127.0.0.1:41234", "home")}, true},
		{"snippet and found_on do not matter", []detectors.Evidence{{URL: "https://x.example/pricing/?plan=a#eu", Matched: "pricing", Snippet: "new"}, {URL: "https://x.example/", Matched: "home"}}, true},
		{"path matters", []detectors.Evidence{e("https://x.example/prices/?plan=a#eu", "pricing"), e("https://x.example/", "home")}, false},
		{"query matters", []detectors.Evidence{e("https://x.example/pricing/?plan=b#eu", "pricing"), e("https://x.example/", "home")}, false},
		{"fragment matters", []detectors.Evidence{e("https://x.example/pricing/?plan=a#us", "pricing"), e("https://x.example/", "home")}, false},
		{"matched text matters", []detectors.Evidence{e("https://x.example/pricing/?plan=a#eu", "pricing table"), e("https://x.example/", "home")}, false},
		{"an item more", []detectors.Evidence{e("https://x.example/pricing/?plan=a#eu", "pricing"), e("https://x.example/", "home"), e("https://x.example/", "home")}, false},
		{"no evidence", nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Fingerprint(tc.ev)
			if (got == base) != tc.same {
				t.Errorf("fingerprint %s vs base %s: same=%v, want %v", got, base, got == base, tc.same)
			}
		})
	}
	if Fingerprint(nil) != Fingerprint([]detectors.Evidence{}) {
		t.Error("nil and empty evidence differ")
	}
	// Separators cannot be forged by moving text between URL and matched.
	if Fingerprint([]detectors.Evidence{e("https://x/a", "b c")}) == Fingerprint([]detectors.Evidence{e("https://x/a b", "c")}) {
		t.Error("URL/matched boundary is ambiguous")
	}
}

func TestAssessWithOverrides(t *testing.T) {
	c := miniCatalogue(t)
	fs := miniFindings()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	fp := func(id string) string {
		return Fingerprint(practiceByID(Assess(c, fs, Options{Kind: "interface"}), id).Evidence)
	}
	ov := Overrides{
		"p2":      {Practice: "p2", Status: detectors.Met, Note: "the pricing table is an image", By: "Ana", At: at, Fingerprint: fp("p2")},
		"p1":      {Practice: "p1", Status: detectors.NotMet, By: "Ben", Fingerprint: "ev1:00"}, // evidence changed since
		"p5":      {Practice: "p5", Status: detectors.Met, By: "Ana", Fingerprint: fp("p5")},    // manual practice
		"unknown": {Practice: "unknown", Status: detectors.Met, By: "Ana"},
	}
	r := AssessWithOverrides(c, fs, Options{Kind: "interface"}, ov)
	if r.Applied != 2 || r.Stale != 1 {
		t.Fatalf("applied %d stale %d, want 2 and 1", r.Applied, r.Stale)
	}
	// e1: p1 met w3, p2 met (was partial) w2, p3 not_met w1, p4 not_met w1 -> 5/7 = 71.4.
	checkScore(t, "e1", enablerByID(r.Assessment, "e1").Score, f64(71.4))
	// e2: p5 met by review (w2), p6 not observable -> 100, coverage 1/2.
	e2 := enablerByID(r.Assessment, "e2")
	checkScore(t, "e2", e2.Score, f64(100))
	if e2.Coverage != 0.5 {
		t.Errorf("e2 coverage %v, want 0.5", e2.Coverage)
	}
	byID := map[string]ReviewedPractice{}
	for _, p := range r.Practices {
		byID[p.ID] = p
	}
	p2 := byID["p2"]
	if !p2.Reviewed || p2.Status != detectors.Met || p2.DetectorStatus != detectors.Partial || p2.Review == nil ||
		p2.Review.By != "Ana" || p2.Review.Note == "" || len(p2.Evidence) != 1 || p2.Detector != "fake" {
		t.Errorf("p2 = %+v", p2)
	}
	p1 := byID["p1"]
	if p1.Reviewed || !p1.ReviewStale || p1.Status != detectors.Met || p1.DetectorStatus != detectors.Met {
		t.Errorf("stale p1 = %+v", p1)
	}
	if p5 := byID["p5"]; !p5.Reviewed || p5.Reason != "" || p5.DetectorStatus != detectors.NotObservable {
		t.Errorf("p5 = %+v", p5)
	}
	for _, it := range r.Assessment.Roadmap {
		if it.Practice == "p2" {
			t.Error("a practice reviewed as met is still on the roadmap")
		}
	}

	// The kind rule comes first: an interface-only practice stays not_applicable on a platform.
	rp := AssessWithOverrides(c, fs, Options{Kind: "platform"}, Overrides{"p7": {Practice: "p7", Status: detectors.Met, By: "Ana", Fingerprint: fp("p7")}})
	for _, p := range rp.Practices {
		if p.ID == "p7" && (p.Reviewed || p.Status != detectors.NotApplicable) {
			t.Errorf("p7 on a platform = %+v", p)
		}
	}

	// Without overrides the JSON is exactly Assess's.
	plain, _ := json.Marshal(Assess(c, fs, Options{}).Practices)
	wrapped, _ := json.Marshal(AssessWithOverrides(c, fs, Options{}, nil).Practices)
	if string(plain) != string(wrapped) {
		t.Errorf("practices without overrides serialise differently:\n%s\n%s", plain, wrapped)
	}
}

func TestReferenceProfile(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	a := ReferenceProfile(c, KindInterface)
	for _, p := range a.Practices {
		lowStage := p.Stage == StageFoundational || p.Stage == StageDeveloping
		if lowStage && p.Status != detectors.Met && p.Status != detectors.NotApplicable {
			t.Errorf("%s (%s) is %s in the reference profile", p.ID, p.Stage, p.Status)
		}
		if !lowStage && p.Status == detectors.Met {
			t.Errorf("advanced %s is met in the reference profile", p.ID)
		}
	}
	if a.Overall.Score == nil || *a.Overall.Score < 50 || a.Overall.Coverage != 1 {
		t.Errorf("reference overall %v coverage %v, want a good score on full coverage", fmtPtr(a.Overall.Score), a.Overall.Coverage)
	}
	for _, e := range a.Enablers {
		if e.Stage == StageInitial || e.Stage == StageInsufficientEvidence {
			t.Errorf("reference enabler %s at stage %s", e.ID, e.Stage)
		}
	}
}
