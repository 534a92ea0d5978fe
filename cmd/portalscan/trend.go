package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/portalscan/portalscan/crawler"
	"github.com/portalscan/portalscan/crawler/page"
	"github.com/portalscan/portalscan/detectors"
	"github.com/portalscan/portalscan/scoring"
	"github.com/portalscan/portalscan/store"
)

// reassess runs the detectors and the scorer again over a stored snapshot. The record's
// kind is kept unless kind is given; the crawl's options (aliases, path scope) rebuild the
// scope exactly as the scan had it.
func reassess(st *store.Store, cat *scoring.Catalogue, crawlID uint64, old *assessmentRecord, kind string) (*assessmentRecord, error) {
	c, err := st.Crawl(crawlID)
	if err != nil {
		return nil, err
	}
	has, err := st.HasSnapshot(crawlID)
	if err != nil {
		return nil, err
	}
	if !has {
		return nil, fmt.Errorf("crawl %d: %w (its snapshot was dropped by retention)", crawlID, errNoSnapshot)
	}
	opts := crawler.DefaultOptions()
	if len(c.Options) > 0 {
		if err := json.Unmarshal(c.Options, &opts); err != nil {
			return nil, fmt.Errorf("crawl %d: stored options: %w", crawlID, err)
		}
	}
	scope, err := crawler.NewScope(c.StartURL, opts)
	if err != nil {
		return nil, err
	}
	engine := detectors.NewEngine(detectors.Env{StartURL: c.StartURL, Host: hostOf(c.StartURL), Now: c.Started}, detectors.All())
	idx := newCrawlIndex(scope)
	title := ""
	err = st.EachPage(crawlID, func(f page.Fetch, body []byte) error {
		p := &page.Page{Fetch: f, Body: body}
		if len(body) > 0 && page.IsHTML(f.ContentType, body) {
			base := f.FinalURL
			if base == "" {
				base = f.URL
			}
			if d, _, perr := page.Parse(base, body, f.ContentType); perr == nil {
				p.Doc = d
			}
		}
		engine.Page(p)
		idx.add(f)
		if title == "" && f.Kind == page.KindPage && f.Depth == 0 && p.Doc != nil {
			title = p.Doc.Title
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	findings := engine.Finish(idx)
	rec := &assessmentRecord{Crawl: crawlID, Created: c.Started, ToolVersion: version, Kind: "interface", Title: title,
		Findings: findings, Gating: detectors.GatingMap(findings), Render: renderInfo{Mode: "never", Effective: "never"}}
	if old != nil {
		rec.Created, rec.Kind, rec.KindReasons, rec.Render, rec.Soft404 = old.Created, old.Kind, old.KindReasons, old.Render, old.Soft404
		if rec.Title == "" {
			rec.Title = old.Title
		}
	}
	if kind != "" {
		rec.Kind, rec.KindReasons = decideKind(kind, detectors.Env{StartURL: c.StartURL, Host: hostOf(c.StartURL), Now: c.Started}, findings, idx.Pages())
	}
	now := time.Now().UTC()
	rec.Rescored = &now
	rec.Assessment = scoring.Assess(cat, findings, scoring.Options{Kind: rec.Kind})
	return rec, nil
}

var errNoSnapshot = errors.New("snapshot not stored")

func loadRecord(st *store.Store, crawlID uint64) (*assessmentRecord, error) {
	var rec assessmentRecord
	if err := st.Assessment(crawlID, &rec); err != nil {
		return nil, err
	}
	return &rec, nil
}

func current(rec *assessmentRecord, cat *scoring.Catalogue) bool {
	return rec.Assessment != nil && rec.Assessment.CatalogueVersion == cat.Version && rec.Assessment.DetectorVersion == detectors.Version
}

func newRescoreCmd(g *globals) *cobra.Command {
	var all bool
	var kind string
	cmd := &cobra.Command{
		Use:   "rescore [PORTAL|--all]",
		Short: "Run detectors and scoring again on stored snapshots (after the catalogue or detectors change)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if all == (len(args) == 1) {
				return usageError{errors.New("give a PORTAL or --all (not both)")}
			}
			st, err := g.openStore()
			if err != nil {
				return err
			}
			cat, err := scoring.Load()
			if err != nil {
				return err
			}
			var crawls []store.Crawl
			if all {
				crawls, err = st.Crawls("")
			} else {
				id, perr := crawler.PortalID(args[0])
				if perr != nil {
					return usageError{perr}
				}
				crawls, err = st.Crawls(id)
				if err == nil && len(crawls) == 0 {
					return fmt.Errorf("portal %s is not in the store %s", id, st.Path())
				}
			}
			if err != nil {
				return err
			}
			done, skipped := 0, 0
			for _, c := range crawls {
				if c.Status != store.CrawlComplete {
					continue
				}
				old, _ := loadRecord(st, c.ID)
				rec, err := reassess(st, cat, c.ID, old, kind)
				if errors.Is(err, errNoSnapshot) {
					skipped++
					g.log.Warn().Uint64("crawl", c.ID).Msg("snapshot dropped by retention; assessment kept as it was")
					continue
				}
				if err != nil {
					return err
				}
				if err := st.SaveAssessment(c.ID, rec); err != nil {
					return err
				}
				done++
				fmt.Fprintf(g.stdout, "re-scored crawl %d of %s: overall %s\n", c.ID, c.Portal, fmtScore(rec.Assessment.Overall.Score))
			}
			fmt.Fprintf(g.stdout, "%d crawls re-scored, %d without snapshot\n", done, skipped)
			return nil
		},
	}
	cmd.Flags().BoolVar(&all, "all", false, "every portal in the store")
	cmd.Flags().StringVar(&kind, "kind", "", "score as this portal kind (interface, platform, or auto to decide again); default: as before")
	return cmd
}

type historyRow struct {
	Crawl            uint64              `json:"crawl"`
	Date             time.Time           `json:"date"`
	Status           string              `json:"status"`
	Pages            int                 `json:"pages"`
	Overall          *float64            `json:"overall"`
	Coverage         float64             `json:"coverage"`
	Stage            string              `json:"stage,omitempty"`
	FocusAreas       map[string]*float64 `json:"focus_areas"`
	Lenses           map[string]*float64 `json:"lenses"`
	CatalogueVersion string              `json:"catalogue_version,omitempty"`
	DetectorVersion  string              `json:"detector_version,omitempty"`
	Rescored         *time.Time          `json:"rescored,omitempty"`
	Snapshot         bool                `json:"snapshot"`
	// [reviews] analyst overrides applied to this crawl's scores, and those set aside
	// because the evidence changed.
	Reviewed    int `json:"reviewed,omitempty"`
	ReviewStale int `json:"review_stale,omitempty"`
}

func newHistoryCmd(g *globals) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "history PORTAL",
		Short: "Every crawl of a portal with its scores, newest first",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			st, id, err := g.openPortal(args[0])
			if err != nil {
				return err
			}
			crawls, err := st.Crawls(id)
			if err != nil {
				return err
			}
			if len(crawls) == 0 {
				return fmt.Errorf("portal %s is not in the store %s", id, st.Path())
			}
			rv, err := newReviewer(st, id) // [reviews]
			if err != nil {
				return err
			}
			rows := []historyRow{}
			for _, c := range crawls {
				r := historyRow{Crawl: c.ID, Date: c.Started, Status: c.Status, Pages: c.Pages, FocusAreas: map[string]*float64{}, Lenses: map[string]*float64{}}
				r.Snapshot, _ = st.HasSnapshot(c.ID)
				if rec, err := loadRecord(st, c.ID); err == nil && rec.Assessment != nil {
					a := rec.Assessment
					// [reviews] history scores what exports score: overrides included.
					if reviewed := rv.apply(rec); reviewed != nil {
						a, r.Reviewed, r.ReviewStale = reviewed.Assessment, reviewed.Applied, reviewed.Stale
					}
					r.Overall, r.Coverage, r.Stage = a.Overall.Score, a.Overall.Coverage, a.Stage
					r.CatalogueVersion, r.DetectorVersion, r.Rescored = a.CatalogueVersion, a.DetectorVersion, rec.Rescored
					for _, fa := range a.FocusAreas {
						r.FocusAreas[fa.ID] = fa.Score
					}
					for _, l := range a.Lenses {
						r.Lenses[l.ID] = l.Score
					}
				}
				rows = append(rows, r)
			}
			if format == "json" {
				return writeJSON("-", g.stdout, map[string]any{"portal": id, "crawls": rows})
			}
			fmt.Fprintf(g.stdout, "%s\n%-6s %-17s %-10s %6s %7s %8s  %s\n", id, "crawl", "date", "status", "pages", "overall", "coverage", "versions")
			for _, r := range rows {
				mark := ""
				if r.Rescored != nil {
					mark = " (re-scored)"
				}
				if r.Reviewed > 0 { // [reviews]
					mark += fmt.Sprintf(" [%d reviewed]", r.Reviewed)
				}
				if r.ReviewStale > 0 {
					mark += fmt.Sprintf(" [%d review(s) stale]", r.ReviewStale)
				}
				fmt.Fprintf(g.stdout, "%-6d %-17s %-10s %6d %7s %7.0f%%  %s/%s%s\n", r.Crawl, r.Date.Local().Format("2006-01-02 15:04"), r.Status, r.Pages,
					fmtScore(r.Overall), r.Coverage*100, r.CatalogueVersion, r.DetectorVersion, mark)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output format: table or json")
	return cmd
}

type practiceChange struct {
	Practice string               `json:"practice"`
	Title    string               `json:"title"`
	From     string               `json:"from"`
	To       string               `json:"to"`
	Evidence []detectors.Evidence `json:"evidence"`
}

type scoreDelta struct {
	ID    string   `json:"id"`
	Title string   `json:"title"`
	From  *float64 `json:"from"`
	To    *float64 `json:"to"`
	Delta *float64 `json:"delta"`
}

type diffResult struct {
	Portal       string           `json:"portal"`
	From         uint64           `json:"from"`
	To           uint64           `json:"to"`
	Comparable   bool             `json:"comparable"`
	Note         string           `json:"note,omitempty"`
	Rescored     bool             `json:"rescored"`
	Gained       []practiceChange `json:"gained"`
	Lost         []practiceChange `json:"lost"`
	Changed      []practiceChange `json:"changed"`
	Overall      scoreDelta       `json:"overall"`
	FocusAreas   []scoreDelta     `json:"focus_areas"`
	Enablers     []scoreDelta     `json:"enablers"`
	PagesAdded   []string         `json:"pages_added"`
	PagesRemoved []string         `json:"pages_removed"`
}

func positive(s detectors.Status) bool { return s == detectors.Met || s == detectors.Partial }

func delta(id, title string, a, b *float64) scoreDelta {
	d := scoreDelta{ID: id, Title: title, From: a, To: b}
	if a != nil && b != nil {
		v := math.Round((*b-*a)*10) / 10
		d.Delta = &v
	}
	return d
}

// diffCrawls compares two assessments of a portal. Assessments made by another catalogue
// or detector version are re-scored from their snapshots first; where a snapshot is gone the
// result says "not comparable".
func diffCrawls(st *store.Store, cat *scoring.Catalogue, portal string, from, to uint64) (*diffResult, error) {
	res := &diffResult{Portal: portal, From: from, To: to, Comparable: true, Gained: []practiceChange{}, Lost: []practiceChange{},
		Changed: []practiceChange{}, PagesAdded: []string{}, PagesRemoved: []string{}}
	recs := make([]*assessmentRecord, 2)
	for i, id := range []uint64{from, to} {
		rec, err := loadRecord(st, id)
		if err != nil {
			return nil, err
		}
		if !current(rec, cat) {
			fresh, err := reassess(st, cat, id, rec, "")
			if errors.Is(err, errNoSnapshot) {
				res.Comparable = false
				res.Note = fmt.Sprintf("crawl %d was assessed with catalogue %s / detectors %s and its snapshot is gone: not comparable", id, rec.Assessment.CatalogueVersion, rec.Assessment.DetectorVersion)
			} else if err != nil {
				return nil, err
			} else {
				rec = fresh
				res.Rescored = true
			}
		}
		recs[i] = rec
	}
	a, b := recs[0].Assessment, recs[1].Assessment
	if !res.Comparable {
		return res, nil
	}
	old := map[string]scoring.PracticeResult{}
	for _, p := range a.Practices {
		old[p.ID] = p
	}
	for _, p := range b.Practices {
		o, ok := old[p.ID]
		if !ok || o.Status == p.Status {
			continue
		}
		ch := practiceChange{Practice: p.ID, Title: p.Title, From: string(o.Status), To: string(p.Status), Evidence: p.Evidence}
		switch {
		case positive(p.Status) && !positive(o.Status):
			res.Gained = append(res.Gained, ch)
		case !positive(p.Status) && positive(o.Status):
			ch.Evidence = o.Evidence // what used to show it
			res.Lost = append(res.Lost, ch)
		default:
			res.Changed = append(res.Changed, ch)
		}
	}
	res.Overall = delta("overall", "Overall", a.Overall.Score, b.Overall.Score)
	oldFA := map[string]*float64{}
	for _, fa := range a.FocusAreas {
		oldFA[fa.ID] = fa.Score
	}
	for _, fa := range b.FocusAreas {
		res.FocusAreas = append(res.FocusAreas, delta(fa.ID, fa.Title, oldFA[fa.ID], fa.Score))
	}
	oldEn := map[string]*float64{}
	for _, en := range a.Enablers {
		oldEn[en.ID] = en.Score
	}
	for _, en := range b.Enablers {
		res.Enablers = append(res.Enablers, delta(en.ID, en.Title, oldEn[en.ID], en.Score))
	}
	pagesOf := func(id uint64) (map[string]bool, error) {
		fs, err := st.Fetches(id)
		if err != nil {
			return nil, err
		}
		m := map[string]bool{}
		for _, f := range fs {
			if f.Kind == page.KindPage && f.OK() {
				m[f.URL] = true
			}
		}
		return m, nil
	}
	pa, errA := pagesOf(from)
	pb, errB := pagesOf(to)
	if errA == nil && errB == nil {
		for u := range pb {
			if !pa[u] {
				res.PagesAdded = append(res.PagesAdded, u)
			}
		}
		for u := range pa {
			if !pb[u] {
				res.PagesRemoved = append(res.PagesRemoved, u)
			}
		}
		sort.Strings(res.PagesAdded)
		sort.Strings(res.PagesRemoved)
	}
	return res, nil
}

func newDiffCmd(g *globals) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "diff PORTAL [CRAWL_A CRAWL_B]",
		Short: "What changed between two crawls of a portal (default: the last two complete ones)",
		Args:  cobra.RangeArgs(1, 3),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			if len(args) == 2 {
				return usageError{errors.New("give both CRAWL_A and CRAWL_B, or neither")}
			}
			st, err := g.openStoreRead()
			if err != nil {
				return err
			}
			cat, err := scoring.Load()
			if err != nil {
				return err
			}
			id, err := crawler.PortalID(args[0])
			if err != nil {
				return usageError{err}
			}
			var from, to uint64
			if len(args) == 3 {
				for i, s := range args[1:] {
					n, perr := strconv.ParseUint(s, 10, 64)
					if perr != nil {
						return usageError{fmt.Errorf("crawl %q: want a crawl number from 'portalscan history'", s)}
					}
					if _, err := resolveCrawl(st, id, s); err != nil {
						return err
					}
					if i == 0 {
						from = n
					} else {
						to = n
					}
				}
			} else {
				crawls, err := st.Crawls(id)
				if err != nil {
					return err
				}
				var complete []uint64
				for _, c := range crawls {
					if c.Status == store.CrawlComplete {
						complete = append(complete, c.ID)
					}
				}
				if len(complete) < 2 {
					return fmt.Errorf("portal %s has %d complete crawls; diff needs two", id, len(complete))
				}
				from, to = complete[1], complete[0]
			}
			res, err := diffCrawls(st, cat, id, from, to)
			if err != nil {
				return err
			}
			if format == "json" {
				return writeJSON("-", g.stdout, res)
			}
			printDiff(g, res)
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output format: table or json")
	return cmd
}

func printDiff(g *globals, r *diffResult) {
	w := g.stdout
	fmt.Fprintf(w, "%s: crawl %d -> crawl %d\n", r.Portal, r.From, r.To)
	if !r.Comparable {
		fmt.Fprintf(w, "not comparable: %s\n", r.Note)
		return
	}
	if r.Rescored {
		fmt.Fprintln(w, "(assessments re-scored from their snapshots with the current catalogue and detectors)")
	}
	fmt.Fprintf(w, "overall %s -> %s\n", fmtScore(r.Overall.From), fmtScore(r.Overall.To))
	section := func(name string, ch []practiceChange) {
		fmt.Fprintf(w, "\n%s (%d)\n", name, len(ch))
		for _, c := range ch {
			ev := ""
			if len(c.Evidence) > 0 {
				ev = "  " + oneLine(c.Evidence[0].URL, 70)
			}
			fmt.Fprintf(w, "  %-28s %s -> %s%s\n", c.Practice, c.From, c.To, ev)
		}
	}
	section("Gained", r.Gained)
	section("Lost", r.Lost)
	section("Changed", r.Changed)
	fmt.Fprintln(w, "\nFocus areas")
	for _, d := range r.FocusAreas {
		fmt.Fprintf(w, "  %-34s %s -> %s\n", d.Title, fmtScore(d.From), fmtScore(d.To))
	}
	fmt.Fprintln(w, "\nEnablers that moved")
	for _, d := range r.Enablers {
		if d.Delta != nil && *d.Delta == 0 {
			continue
		}
		fmt.Fprintf(w, "  %-44s %s -> %s\n", oneLine(d.Title, 44), fmtScore(d.From), fmtScore(d.To))
	}
	fmt.Fprintf(w, "\nPages added %d, removed %d\n", len(r.PagesAdded), len(r.PagesRemoved))
	for _, u := range r.PagesAdded {
		fmt.Fprintf(w, "  + %s\n", oneLine(u, 100))
	}
	for _, u := range r.PagesRemoved {
		fmt.Fprintf(w, "  - %s\n", oneLine(u, 100))
	}
}
