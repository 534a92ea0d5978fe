package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/portalscan/portalscan/fixtures"
)

// Evidence-first crawling is measured here: each portal is scanned once with a page budget
// and compared with its scan without one. The share is how many of the practices the
// unlimited scan found (met or partial) the budgeted scan found too. The corpus sites'
// unlimited scan is the evaluation's own (the default budget of 300 pages is above every
// site's size, and the report says when a site was cut); fixture portals get one here.

// BudgetRow is one portal scanned with one page budget.
type BudgetRow struct {
	Portal      string   `json:"portal"`
	Source      string   `json:"source"` // corpus or fixture
	Budget      int      `json:"budget"`
	PagesFull   int      `json:"pages_full"`
	PagesBudget int      `json:"pages_budget"`
	FoundFull   int      `json:"found_full"` // practices met or partial without a budget
	FoundBoth   int      `json:"found_both"` // of those, met or partial with the budget too
	Lost        []string `json:"lost,omitempty"`
	Share       float64  `json:"share"`
	Error       string   `json:"error,omitempty"`
}

// BudgetTotal sums the rows of one budget.
type BudgetTotal struct {
	Budget    int     `json:"budget"`
	Portals   int     `json:"portals"`
	Cut       int     `json:"cut"` // portals the budget actually cut (fewer pages than unlimited)
	FoundFull int     `json:"found_full"`
	FoundBoth int     `json:"found_both"`
	Share     float64 `json:"share"`
	CutShare  float64 `json:"cut_share"` // the share over the portals the budget cut
}

// BudgetReport is the budget section of eval.json.
type BudgetReport struct {
	Budgets []int         `json:"budgets"`
	Rows    []BudgetRow   `json:"rows"`
	Totals  []BudgetTotal `json:"totals"`
}

type budgetList []int

func (b *budgetList) String() string { return fmt.Sprint(*b) }
func (b *budgetList) Set(v string) error {
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return fmt.Errorf("%q is not a page budget", f)
		}
		*b = append(*b, n)
	}
	return nil
}

// fixtureSites lists our fixture portals as sites to scan, with the credential of one that
// sits behind a login (the scanner is given it, as an analyst would be).
func fixtureSites() ([]Site, map[string][]string, error) {
	entries, err := fs.ReadDir(fixtures.FS, "portals")
	if err != nil {
		return nil, nil, err
	}
	var sites []Site
	creds := map[string][]string{}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		fsys, err := fixtures.Portal("portals/" + e.Name())
		if err != nil {
			return nil, nil, err
		}
		sites = append(sites, Site{Name: "fixture-" + e.Name(), Prefix: "/", Start: "/", fixture: fsys})
		if raw, err := fs.ReadFile(fsys, "_server.json"); err == nil {
			var srv struct {
				Auth *fixtures.Auth `json:"_auth"`
			}
			if json.Unmarshal(raw, &srv) == nil && srv.Auth != nil && srv.Auth.Header != "" {
				creds["fixture-"+e.Name()] = []string{"--header", srv.Auth.Header + ": " + srv.Auth.Value}
			}
		}
	}
	return sites, creds, nil
}

// measureBudgets scans every portal with each budget (and fixtures once without) and
// compares what was found.
func (r *runner) measureBudgets(ctx context.Context, budgets []int, corpus []Site, corpusExports []*Export, jobs int) (*BudgetReport, error) {
	fx, creds, err := fixtureSites()
	if err != nil {
		return nil, err
	}
	type job struct {
		site   Site
		source string
		budget int // 0: the unlimited reference scan
	}
	var jobsList []job
	for _, s := range fx {
		jobsList = append(jobsList, job{s, "fixture", 0})
	}
	for _, b := range budgets {
		for _, s := range corpus {
			jobsList = append(jobsList, job{s, "corpus", b})
		}
		for _, s := range fx {
			jobsList = append(jobsList, job{s, "fixture", b})
		}
	}
	exports := make([]*Export, len(jobsList))
	errs := make([]string, len(jobsList))
	sem := make(chan struct{}, max(jobs, 1))
	var wg sync.WaitGroup
	for i, j := range jobsList {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			tag, extra := "full", []string{"--max-pages", "100000"}
			if j.budget > 0 {
				tag, extra = fmt.Sprintf("b%d", j.budget), []string{"--max-pages", strconv.Itoa(j.budget)}
			}
			extra = append(extra, creds[j.site.Name]...)
			info, exp := r.scanVariant(ctx, j.site, tag, extra)
			exports[i], errs[i] = exp, info.Error
		})
	}
	wg.Wait()

	full := map[string]*Export{}
	fullErr := map[string]string{}
	for i, s := range corpus {
		full[s.Name] = corpusExports[i]
		if corpusExports[i] == nil {
			fullErr[s.Name] = "the evaluation's own scan failed"
		}
	}
	for i, j := range jobsList {
		if j.budget == 0 {
			full[j.site.Name], fullErr[j.site.Name] = exports[i], errs[i]
		}
	}
	rep := &BudgetReport{Budgets: budgets}
	for i, j := range jobsList {
		if j.budget == 0 {
			continue
		}
		row := BudgetRow{Portal: j.site.Name, Source: j.source, Budget: j.budget}
		switch f := full[j.site.Name]; {
		case f == nil:
			row.Error = "unlimited scan: " + fullErr[j.site.Name]
		case exports[i] == nil:
			row.Error = "budget scan: " + errs[i]
		default:
			row.compare(f, exports[i])
		}
		rep.Rows = append(rep.Rows, row)
	}
	rep.total()
	return rep, nil
}

// compare fills the row from the unlimited and the budgeted scan's exports.
func (row *BudgetRow) compare(full, budgeted *Export) {
	row.PagesFull, row.PagesBudget = full.pageCount(), budgeted.pageCount()
	got := budgeted.found()
	for _, id := range full.foundList() {
		row.FoundFull++
		if got[id] {
			row.FoundBoth++
		} else {
			row.Lost = append(row.Lost, id)
		}
	}
	row.Share = shareOf(row.FoundBoth, row.FoundFull)
}

// total orders the rows (largest budget first) and sums them per budget.
func (rep *BudgetReport) total() {
	sort.SliceStable(rep.Rows, func(a, b int) bool { return rep.Rows[a].Budget > rep.Rows[b].Budget })
	rep.Totals = nil
	for _, bud := range rep.Budgets {
		t := BudgetTotal{Budget: bud}
		cutFull, cutBoth := 0, 0
		for _, row := range rep.Rows {
			if row.Budget != bud || row.Error != "" {
				continue
			}
			t.Portals++
			t.FoundFull += row.FoundFull
			t.FoundBoth += row.FoundBoth
			if row.PagesBudget < row.PagesFull {
				t.Cut++
				cutFull += row.FoundFull
				cutBoth += row.FoundBoth
			}
		}
		t.Share, t.CutShare = shareOf(t.FoundBoth, t.FoundFull), shareOf(cutBoth, cutFull)
		rep.Totals = append(rep.Totals, t)
	}
}

// shareOf is a/b, and 1 when nothing was found without a budget either (nothing was lost).
func shareOf(a, b int) float64 {
	if v, ok := ratio(a, b); ok {
		return v
	}
	return 1
}

// found is the set of practices the export reports met or partial.
func (e *Export) found() map[string]bool {
	out := map[string]bool{}
	for _, p := range e.Practices {
		if p.Status == "met" || p.Status == "partial" {
			out[p.ID] = true
		}
	}
	return out
}

func (e *Export) foundList() []string {
	var ids []string
	for id := range e.found() {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// pageCount is the HTML pages the scan fetched successfully.
func (e *Export) pageCount() int {
	n := 0
	for _, p := range e.Pages {
		if p.Kind == "page" && p.Status >= 200 && p.Status < 300 {
			n++
		}
	}
	return n
}

func (rep *BudgetReport) writeText(w io.Writer) {
	fmt.Fprintf(w, "\nEvidence-first crawling: practices found (met or partial) with a page budget, as a share of those found without one\n")
	fmt.Fprintf(w, "%-26s %-8s %6s %7s %7s %6s %6s %7s  %s\n", "portal", "source", "budget", "pages", "of", "found", "of", "share", "lost")
	for _, r := range rep.Rows {
		if r.Error != "" {
			fmt.Fprintf(w, "%-26s %-8s %6d  ERROR: %s\n", r.Portal, r.Source, r.Budget, r.Error)
			continue
		}
		fmt.Fprintf(w, "%-26s %-8s %6d %7d %7d %6d %6d %7.3f  %s\n", r.Portal, r.Source, r.Budget, r.PagesBudget, r.PagesFull,
			r.FoundBoth, r.FoundFull, r.Share, strings.Join(r.Lost, " "))
	}
	for _, t := range rep.Totals {
		fmt.Fprintf(w, "budget %4d: %d portals (%d cut by the budget): %d of %d practices found, share %.3f; on the portals it cut: %.3f\n",
			t.Budget, t.Portals, t.Cut, t.FoundBoth, t.FoundFull, t.Share, t.CutShare)
	}
}

// failures lists budget scans that failed and budgets whose share is below min (0: no floor).
func (rep *BudgetReport) failures(min float64) []string {
	var out []string
	for _, r := range rep.Rows {
		if r.Error != "" {
			out = append(out, fmt.Sprintf("budget %d, %s: %s", r.Budget, r.Portal, r.Error))
		}
	}
	for _, t := range rep.Totals {
		if min > 0 && t.Share < min {
			out = append(out, fmt.Sprintf("budget %d: share %.3f < --min-budget-share %.2f", t.Budget, t.Share, min))
		}
	}
	return out
}
