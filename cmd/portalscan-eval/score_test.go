package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func mustJSON[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

const testLabels = `{
  "protocol": "PROTOCOL.md",
  "practices": ["p-a", "p-b", "p-c", "p-d", "p-e"],
  "sites": {
    "alpha": {"labels": {
      "p-a": {"met": true,  "evidence": "/a", "quote": "A here", "note": "a note"},
      "p-b": {"met": false, "note": "no b anywhere"},
      "p-c": {"met": true,  "evidence": "/c", "note": "could go either way", "doubt": true},
      "p-d": {"met": true,  "evidence": "/guide/d", "quote": "D explained", "rendered": true, "note": "only after JS"},
      "p-e": {"met": false}
    }},
    "beta": {"labels": {
      "p-a": {"met": true, "evidence": "/docs/a"},
      "p-b": {"met": false},
      "p-c": {"met": false, "note": "c is absent"},
      "p-d": {"met": false}
    }}
  }
}`

// alpha: p-a TP, p-b FP (partial counts as positive), p-c doubt, p-d FN (not_observable),
// p-e TN. beta: p-a TP, p-b TN, p-c FP, p-d missing -> TN, p-e unlabelled.
const exportAlpha = `{"render": {"mode": "auto", "effective": "never", "pages_rendered": 0},
 "practices": [
  {"id": "p-a", "status": "met", "evidence": [{"url": "http://h/a", "matched": "A"}]},
  {"id": "p-b", "status": "partial", "evidence": [{"url": "http://h/b-page", "found_on": "http://h/", "matched": "B word", "snippet": "some B word in text"}]},
  {"id": "p-c", "status": "not_met", "evidence": []},
  {"id": "p-d", "status": "not_observable", "reason": "no_browser", "evidence": []},
  {"id": "p-e", "status": "not_applicable", "evidence": []},
  {"id": "other", "status": "met", "evidence": [{"url": "http://h/x", "matched": "x"}]}
 ]}`

const exportBeta = `{"practices": [
  {"id": "p-a", "status": "met", "evidence": [{"url": "http://h/docs/a", "matched": "A"}]},
  {"id": "p-b", "status": "not_met", "evidence": []},
  {"id": "p-c", "status": "met", "evidence": [{"url": "http://h/docs/c", "matched": "C?"}]},
  {"id": "p-e", "status": "met", "evidence": [{"url": "http://h/docs/e", "matched": "E"}]}
 ]}`

func TestSiteScore(t *testing.T) {
	labels := mustJSON[Labels](t, testLabels)
	exp := mustJSON[Export](t, exportAlpha)
	pairs, doubt, unlabeled, missing := siteScore("alpha", labels.Practices, labels.Sites["alpha"].Labels, &exp)
	got := map[string]string{}
	for _, p := range pairs {
		got[p.Practice] = p.Outcome
	}
	want := map[string]string{"p-a": "TP", "p-b": "FP", "p-d": "FN", "p-e": "TN"}
	if len(got) != len(want) {
		t.Fatalf("outcomes %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s, want %s", k, got[k], v)
		}
	}
	if len(doubt) != 1 || doubt[0] != "p-c" || len(unlabeled) != 0 || len(missing) != 0 {
		t.Errorf("doubt %v unlabeled %v missing %v", doubt, unlabeled, missing)
	}

	// A failed scan predicts nothing: labelled positives become false negatives.
	pairs, _, _, _ = siteScore("alpha", labels.Practices, labels.Sites["alpha"].Labels, nil)
	var c Counts
	for _, p := range pairs {
		c.count(p.Outcome)
		if p.Status != "scan_failed" {
			t.Errorf("%s: status %q", p.Practice, p.Status)
		}
	}
	if c != (Counts{FN: 2, TN: 2}) {
		t.Errorf("failed scan counts %+v", c)
	}
}

func TestCountsRatios(t *testing.T) {
	c := Counts{TP: 2, FP: 2, FN: 1, TN: 5}
	if p, ok := c.Precision(); !ok || p != 0.5 {
		t.Errorf("precision %v %v", p, ok)
	}
	if r, ok := c.Recall(); !ok || r != 2.0/3 {
		t.Errorf("recall %v %v", r, ok)
	}
	zero := Counts{TN: 3}
	if _, ok := zero.Precision(); ok {
		t.Error("0/0 precision reported as defined")
	}
	if s := fmtRatio(zero.Recall()); s != "-" {
		t.Errorf("0/0 prints %q", s)
	}
	b, _ := json.Marshal(zero)
	if !strings.Contains(string(b), `"precision":null`) || !strings.Contains(string(b), `"recall":null`) {
		t.Errorf("0/0 in JSON: %s", b)
	}
}

func TestIncluded(t *testing.T) {
	static := Site{Name: "s"}
	js := Site{Name: "j", NeedsJS: true}
	rendered := &Export{Render: &RenderInfo{PagesRendered: 3}}
	flat := &Export{Render: &RenderInfo{PagesRendered: 0}}
	for _, c := range []struct {
		s      Site
		e      *Export
		render string
		force  bool
		want   bool
	}{
		{static, nil, "never", false, true},
		{js, flat, "auto", false, false},
		{js, rendered, "auto", false, true},
		{js, rendered, "always", false, true},
		{js, rendered, "never", false, false},
		{js, &Export{}, "always", false, false},
		{js, nil, "always", false, false},
		{js, flat, "never", true, true},
	} {
		if got, why := included(c.s, c.e, c.render, c.force); got != c.want {
			t.Errorf("%+v render=%s force=%v: %v (%s), want %v", c.s, c.render, c.force, got, why, c.want)
		}
	}
}

func TestReportScoreAndText(t *testing.T) {
	labels := mustJSON[Labels](t, testLabels)
	ea := mustJSON[Export](t, exportAlpha)
	eb := mustJSON[Export](t, exportBeta)
	sites := []Site{{Name: "alpha", Prefix: "/", Start: "/"}, {Name: "beta", Prefix: "/docs/", Start: "/docs/"}}
	infos := []ScanInfo{{OK: true}, {OK: true}}
	rep := &Report{Render: "auto", MinPrecision: 0.5, MinRecall: 0.7}
	rep.score(&labels, sites, infos, []*Export{&ea, &eb})

	// alpha TP1 FP1 FN1 TN1; beta TP1 FP1 TN2 (p-d missing counts as not met).
	want := Counts{TP: 2, FP: 2, FN: 1, TN: 3}
	if rep.Totals.Headline != want || rep.Totals.All != want || rep.Totals.StaticOnly != want {
		t.Fatalf("totals %+v, want %+v", rep.Totals, want)
	}
	if len(rep.FalsePositives) != 2 || len(rep.FalseNegatives) != 1 {
		t.Fatalf("FP %d FN %d", len(rep.FalsePositives), len(rep.FalseNegatives))
	}
	if rep.OK || len(rep.Failures) != 1 || !strings.Contains(rep.Failures[0], "recall 0.667 < --min-recall 0.70") {
		t.Errorf("failures %q", rep.Failures)
	}
	if got := rep.Sites[1].MissingFromExport; len(got) != 1 || got[0] != "p-d" {
		t.Errorf("missing %v", got)
	}
	if got := rep.Sites[1].Unlabeled; len(got) != 1 || got[0] != "p-e" {
		t.Errorf("unlabeled %v", got)
	}
	pc := map[string]Counts{}
	for _, r := range rep.PerPractice {
		pc[r.ID] = r.Counts
	}
	if pc["p-a"] != (Counts{TP: 2}) || pc["p-b"] != (Counts{FP: 1, TN: 1}) || pc["p-c"] != (Counts{FP: 1}) {
		t.Errorf("per practice %+v", pc)
	}

	var b strings.Builder
	rep.writeText(&b)
	out := b.String()
	for _, s := range []string{
		// FP evidence: the URL, where it was found, what matched, the snippet.
		"- alpha p-b: scanner partial", "evidence: http://h/b-page", "found on: http://h/", `matched: "B word"`, `snippet: "some B word in text"`,
		"label note: no b anywhere",
		"- beta p-c: scanner met", "evidence: http://h/docs/c",
		// FN: the label's page, quote and note, and what the scanner said.
		"- alpha p-d: scanner not_observable (no_browser)", "label evidence: /guide/d [seen after rendering]", `quote: "D explained"`, "note: only after JS",
		"beta: export lacks p-d", "beta: no label for p-e",
		"eval: FAIL: recall 0.667 < --min-recall 0.70",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("report lacks %q\n%s", s, out)
		}
	}
	// p-e has only a true negative: precision and recall are 0/0.
	found := false
	for line := range strings.SplitSeq(out, "\n") {
		if strings.HasPrefix(line, "p-e ") {
			found = true
			if f := strings.Fields(line); len(f) != 7 || f[5] != "-" || f[6] != "-" {
				t.Errorf("0/0 row %q", line)
			}
		}
	}
	if !found {
		t.Errorf("no p-e row\n%s", out)
	}
}
