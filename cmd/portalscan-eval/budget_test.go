package main

import (
	"strings"
	"testing"
)

func exportOf(pages int, status map[string]string) *Export {
	e := &Export{}
	for i := 0; i < pages; i++ {
		e.Pages = append(e.Pages, ExportPage{Kind: "page", Status: 200})
	}
	e.Pages = append(e.Pages, ExportPage{Kind: "page", Status: 404}, ExportPage{Kind: "robots", Status: 200})
	for id, st := range status {
		e.Practices = append(e.Practices, ExportPractice{ID: id, Status: st})
	}
	return e
}

func TestBudgetComparison(t *testing.T) {
	full := exportOf(90, map[string]string{"a": "met", "b": "partial", "c": "met", "d": "not_met", "e": "not_observable"})
	cut := exportOf(40, map[string]string{"a": "met", "b": "met", "c": "not_met", "d": "met"})
	small := exportOf(5, map[string]string{"a": "met"})
	rep := &BudgetReport{Budgets: []int{40}}
	for _, r := range []struct {
		name      string
		full, got *Export
	}{{"big", full, cut}, {"small", small, small}} {
		row := BudgetRow{Portal: r.name, Budget: 40}
		row.compare(r.full, r.got)
		rep.Rows = append(rep.Rows, row)
	}
	rep.Rows = append(rep.Rows, BudgetRow{Portal: "broken", Budget: 40, Error: "budget scan: boom"})
	rep.total()
	big := rep.Rows[0]
	// Found without a budget: a, b (partial counts), c. With it: a, b; c is lost; d was not
	// found without a budget, so gaining it does not count.
	if big.PagesFull != 90 || big.PagesBudget != 40 || big.FoundFull != 3 || big.FoundBoth != 2 ||
		strings.Join(big.Lost, ",") != "c" {
		t.Fatalf("row %+v", big)
	}
	tot := rep.Totals[0]
	if tot.Portals != 2 || tot.Cut != 1 || tot.FoundFull != 4 || tot.FoundBoth != 3 || tot.Share != 0.75 || tot.CutShare != 2.0/3 {
		t.Fatalf("totals %+v", tot)
	}
	fails := rep.failures(0.8)
	if len(fails) != 2 || !strings.Contains(fails[0], "broken") || !strings.Contains(fails[1], "0.750 < --min-budget-share 0.80") {
		t.Fatalf("failures %q", fails)
	}
	if f := rep.failures(0); len(f) != 1 {
		t.Fatalf("without a floor only the failed scan fails: %q", f)
	}
	var text strings.Builder
	rep.writeText(&text)
	if !strings.Contains(text.String(), "budget   40: 2 portals (1 cut by the budget): 3 of 4 practices found, share 0.750") {
		t.Fatalf("text:\n%s", text.String())
	}
}

func TestBudgetFlags(t *testing.T) {
	for _, args := range [][]string{{"--budget", "0"}, {"--budget", "x"}, {"--min-budget-share", "0.9"}, {"--budget", "50", "--min-budget-share", "2"}} {
		if code, _, stderr := runEval(t, t.TempDir(), args...); code != 2 {
			t.Errorf("%q: exit %d, want 2 (%s)", args, code, stderr)
		}
	}
}

// Every fixture portal is measured, the one behind a login with its credential.
func TestFixtureSites(t *testing.T) {
	sites, creds, err := fixtureSites()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, s := range sites {
		names[s.Name] = true
		if s.fixture == nil {
			t.Errorf("%s has no file system", s.Name)
		}
	}
	if !names["fixture-mature"] || !names["fixture-platform"] || len(sites) < 5 {
		t.Fatalf("fixture sites %v", names)
	}
	if c := creds["fixture-platform"]; len(c) != 2 || c[0] != "--header" || !strings.Contains(c[1], ": ") {
		t.Fatalf("platform credential %q", c)
	}
}
