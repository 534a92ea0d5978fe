package main

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/portalscan/portalscan/crawler"
	"github.com/portalscan/portalscan/scoring"
	"github.com/portalscan/portalscan/store"
)

// compare benchmarks portals against each other: the latest complete crawl of each (with
// analyst reviews applied, as in their exports), the cohort median, the best score per row
// and the best-in-class reference profile, as a table and radar overlays in one
// self-contained HTML file.

type comparePortal struct {
	ID       string
	Label    string // home page title, else the URL
	Href     Href
	Crawl    uint64
	Date     string
	Kind     string
	Overall  *float64
	Coverage float64
	Stage    string
	Color    string
	Reviewed int
	a        *scoring.Assessment
}

type compareCell struct {
	Score *float64
	Best  bool
}

type compareRow struct {
	Kind      string // overall, area or enabler
	ID, Title string
	Cells     []compareCell
	Median    *float64
	Best      *float64
	BestBy    string
	Reference *float64
}

type compareView struct {
	Generated    string
	Tool         toolInfo
	Catalogue    string
	Cohort       string
	Portals      []comparePortal
	FocusRadar   radarView
	EnablerRadar radarView
	Rows         []compareRow
	Reference    *scoring.Assessment
	RefKind      string
}

// median of the non-nil values; nil when there are none.
func median(xs []*float64) *float64 {
	var v []float64
	for _, x := range xs {
		if x != nil {
			v = append(v, *x)
		}
	}
	if len(v) == 0 {
		return nil
	}
	slices.Sort(v)
	m := v[len(v)/2]
	if len(v)%2 == 0 {
		m = (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	m = math.Round(m*10) / 10 // one decimal, as every reported score
	return &m
}

// best returns the highest non-nil value and the indexes that reach it.
func best(xs []*float64) (*float64, []int) {
	var top *float64
	var who []int
	for i, x := range xs {
		switch {
		case x == nil:
		case top == nil || *x > *top:
			top, who = x, []int{i}
		case *x == *top:
			who = append(who, i)
		}
	}
	return top, who
}

// buildCompareView lays out the comparison of portals (already loaded) against ref.
func buildCompareView(portals []comparePortal, ref *scoring.Assessment, cohort string, now time.Time) *compareView {
	v := &compareView{Generated: now.UTC().Format("2006-01-02 15:04 MST"), Tool: toolInfo{Name: "portalscan", Version: version},
		Catalogue: ref.CatalogueVersion, Cohort: cohort, Portals: portals, Reference: ref, RefKind: ref.Kind}
	row := func(kind, id, title string, pick func(a *scoring.Assessment) *float64) compareRow {
		r := compareRow{Kind: kind, ID: id, Title: title, Reference: pick(ref)}
		vals := make([]*float64, len(portals))
		for i, p := range portals {
			vals[i] = pick(p.a)
		}
		top, who := best(vals)
		r.Median, r.Best = median(vals), top
		scored := 0
		for _, x := range vals {
			if x != nil {
				scored++
			}
		}
		// Marking a best is news only when someone is ahead: not when every portal scores
		// the same (all zero, typically) or there is one portal.
		mark := top != nil && *top > 0 && len(who) < scored
		var names []string
		for i, x := range vals {
			c := compareCell{Score: x}
			if mark && slices.Contains(who, i) {
				c.Best = true
				names = append(names, portals[i].Label)
			}
			r.Cells = append(r.Cells, c)
		}
		r.BestBy = strings.Join(names, ", ")
		return r
	}
	v.Rows = append(v.Rows, row("overall", "overall", "Overall", func(a *scoring.Assessment) *float64 { return a.Overall.Score }))
	for _, fa := range ref.FocusAreas {
		v.Rows = append(v.Rows, row("area", fa.ID, fa.Title, func(a *scoring.Assessment) *float64 { return areaScore(a, fa.ID) }))
		for _, en := range ref.Enablers {
			if en.FocusArea == fa.ID {
				v.Rows = append(v.Rows, row("enabler", en.ID, en.Title, func(a *scoring.Assessment) *float64 { return refEnabler(a, en.ID) }))
			}
		}
	}

	// Radars: every portal, the cohort median (dashed) and the reference (dotted).
	var faLabels, enLabels []string
	var faIDs, enIDs []string
	for _, fa := range ref.FocusAreas {
		faLabels, faIDs = append(faLabels, fa.Title), append(faIDs, fa.ID)
	}
	for _, en := range ref.Enablers {
		enLabels, enIDs = append(enLabels, en.Title), append(enIDs, en.ID)
	}
	series := func(ids []string, get func(a *scoring.Assessment, id string) *float64) []radarInput {
		in := []radarInput{{Name: "Best-in-class reference", Style: "reference", Values: values(ref, ids, get)}}
		var all [][]*float64
		for _, p := range portals {
			vals := values(p.a, ids, get)
			all = append(all, vals)
			in = append(in, radarInput{Name: p.Label, Values: vals, Color: p.Color})
		}
		if len(portals) > 1 {
			med := make([]*float64, len(ids))
			for i := range ids {
				col := make([]*float64, len(all))
				for j := range all {
					col[j] = all[j][i]
				}
				med[i] = median(col)
			}
			in = append(in, radarInput{Name: "Cohort median", Style: "median", Values: med})
		}
		return in
	}
	v.FocusRadar = newRadar("focus-radar", "Focus-area scores of the compared portals (0 to 100)", faLabels, series(faIDs, areaScore))
	v.EnablerRadar = newRadar("enabler-radar", "Enabler scores of the compared portals (0 to 100)", enLabels, series(enIDs, refEnabler))
	return v
}

func values(a *scoring.Assessment, ids []string, get func(a *scoring.Assessment, id string) *float64) []*float64 {
	out := make([]*float64, len(ids))
	for i, id := range ids {
		out[i] = get(a, id)
	}
	return out
}

func areaScore(a *scoring.Assessment, id string) *float64 { return refArea(a, id) }

// loadComparePortal reads the latest complete crawl of a portal with its reviews applied.
func loadComparePortal(st *store.Store, arg string) (*comparePortal, error) {
	crawlID, err := resolveCrawl(st, arg, "")
	if err != nil {
		return nil, err
	}
	e, err := buildExport(st, crawlID)
	if err != nil {
		return nil, err
	}
	if e.Assessment == nil {
		return nil, fmt.Errorf("crawl %d of %s has no assessment", crawlID, e.Portal.ID)
	}
	label := strings.TrimSpace(e.Portal.Title)
	if label == "" {
		label = e.Portal.URL
	}
	p := &comparePortal{ID: e.Portal.ID, Label: oneLine(label, 60), Href: newLink(e.Portal.URL), Crawl: crawlID,
		Date: e.Crawl.Started.UTC().Format("2006-01-02"), Kind: e.Kind, Overall: e.Assessment.Overall.Score,
		Coverage: e.Assessment.Overall.Coverage, Stage: e.Assessment.Stage, a: e.Assessment}
	if e.Reviews != nil {
		p.Reviewed = e.Reviews.Applied
	}
	return p, nil
}

func newCompareCmd(g *globals) *cobra.Command {
	var output, cohort, saveCohort string
	cmd := &cobra.Command{
		Use:   "compare [PORTAL...]",
		Short: "Benchmark portals side by side in one self-contained HTML file",
		Long: `Compare the latest complete crawl of several portals: a table of overall, focus-area and
enabler scores with the cohort median and the best per row, radar overlays, and the
best-in-class reference profile (every foundational and developing practice met).

--save-cohort NAME stores the portal list under a name; --cohort NAME loads it (portals given
as arguments are added to it).`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 && cohort == "" {
				return usageError{errors.New("give PORTALs to compare, or --cohort NAME")}
			}
			if saveCohort != "" {
				if err := store.ValidCohortName(saveCohort); err != nil {
					return usageError{err}
				}
			}
			if err := checkWritable(output); err != nil {
				return err
			}
			var st *store.Store
			var err error
			if saveCohort != "" {
				st, err = g.openStore()
			} else {
				st, err = g.openStoreRead()
			}
			if err != nil {
				return err
			}
			var wanted []string
			if cohort != "" {
				c, err := st.LoadCohort(cohort)
				if err != nil {
					if errors.Is(err, store.ErrNotFound) {
						return fmt.Errorf("no cohort %q in the store (save one with --save-cohort)", cohort)
					}
					return err
				}
				wanted = append(wanted, c.Portals...)
			}
			wanted = append(wanted, args...)
			var portals []comparePortal
			seen := map[string]bool{}
			for _, w := range wanted {
				id, err := crawler.PortalID(w)
				if err != nil {
					return usageError{err}
				}
				if seen[id] {
					continue
				}
				seen[id] = true
				p, err := loadComparePortal(st, id)
				if err != nil {
					return err
				}
				p.Color = seriesColors[len(portals)%len(seriesColors)]
				portals = append(portals, *p)
			}
			cat, err := scoring.Load()
			if err != nil {
				return fmt.Errorf("catalogue: %w", err)
			}
			// The reference is drawn for the kind most portals were scored as (interface on a tie).
			kinds := map[string]int{}
			for _, p := range portals {
				kinds[p.Kind]++
			}
			kind := scoring.KindInterface
			if kinds[scoring.KindPlatform] > kinds[scoring.KindInterface] {
				kind = scoring.KindPlatform
			}
			name := cohort
			if saveCohort != "" {
				name = saveCohort
			}
			view := buildCompareView(portals, scoring.ReferenceProfile(cat, kind), name, time.Now())
			var buf bytes.Buffer
			if err := reportTemplates.ExecuteTemplate(&buf, "compare.html.tmpl", view); err != nil {
				return fmt.Errorf("compare template: %w", err)
			}
			if err := writeOutput(output, g.stdout, buf.Bytes()); err != nil {
				return err
			}
			if saveCohort != "" {
				ids := make([]string, len(portals))
				for i, p := range portals {
					ids[i] = p.ID
				}
				if err := st.SaveCohort(saveCohort, ids); err != nil {
					return err
				}
				fmt.Fprintf(g.stderr, "cohort %q saved: %d portals\n", saveCohort, len(ids))
			}
			if output != "-" {
				fmt.Fprintf(g.stdout, "comparison of %d portals written to %s (%d KB)\n", len(portals), output, (buf.Len()+1023)/1024)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "compare.html", "output file, - for stdout")
	cmd.Flags().StringVar(&cohort, "cohort", "", "compare the portals of a saved cohort (plus any PORTAL given)")
	cmd.Flags().StringVar(&saveCohort, "save-cohort", "", "save the compared portals as a cohort of this name")
	return cmd
}
