package main

import (
	"bytes"
	"cmp"
	"embed"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/portalscan/portalscan/detectors"
	"github.com/portalscan/portalscan/scoring"
	"github.com/portalscan/portalscan/store"
)

// The HTML report is one self-contained file a portal owner can mail to leadership or print
// to PDF: inline CSS, inline SVG, no script, no font, image or stylesheet to fetch. Its
// Content-Security-Policy forbids scripts and every load except inline styles and data:
// images, so even a bug in escaping could not run a hostile portal's markup; html/template's
// contextual escaping is what keeps the portal's titles, snippets and URLs text.

//go:embed reporttmpl
var reportFS embed.FS

var reportTemplates = template.Must(template.New("").Funcs(template.FuncMap{
	"score": fmtScoreShort,
	"pct":   func(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) },
	"f":     func(x float64) string { return fmt.Sprintf("%g", round2(x)) },
	"stage": stageLabel,
	"status": func(s detectors.Status) string {
		return statusLabel(string(s))
	},
	"reason": reasonLabel,
	"bar":    barWidth,
	"css":    func() template.CSS { return template.CSS(reportCSS) },
}).ParseFS(reportFS, "reporttmpl/*.tmpl"))

var reportCSS = func() string {
	b, err := reportFS.ReadFile("reporttmpl/report.css")
	if err != nil {
		panic(err)
	}
	return string(b)
}()

func stageLabel(s string) string {
	switch s {
	case scoring.StageInsufficientEvidence:
		return "insufficient evidence"
	case scoring.StageNotApplicable:
		return "not applicable"
	}
	return s
}

func statusLabel(s string) string {
	switch s {
	case "not_met":
		return "not met"
	case "not_observable":
		return "not observable"
	case "not_applicable":
		return "not applicable"
	}
	return s
}

// reasonLabel explains why a practice could not be observed.
func reasonLabel(r string) string {
	switch r {
	case detectors.ReasonManual:
		return "needs a person: an account, a login or expert judgement"
	case detectors.ReasonNoDetector:
		return "no automatic check exists for it yet"
	case detectors.ReasonRobots:
		return "robots.txt asked crawlers to stay away from the pages that would show it"
	case detectors.ReasonFetchFailed:
		return "the pages that would show it could not be fetched"
	case detectors.ReasonNoBrowser:
		return "it needs JavaScript rendering and no browser was available"
	case "":
		return "no reason recorded"
	}
	return r
}

// linkable reports whether a URL from a crawl may become a link: absolute http or https
// only. Anything else (javascript:, data:, relative, mangled) is shown as text.
func linkable(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return false
	}
	s := strings.ToLower(u.Scheme)
	return s == "http" || s == "https"
}

// Href is a URL from a crawl as the templates show it: Link says whether it may be an <a>.
type Href struct {
	URL  string
	Link bool
}

func newLink(u string) Href { return Href{URL: u, Link: linkable(u)} }

type evidenceView struct {
	Href
	Matched string
	Snippet string
	FoundOn Href
	Gated   bool
	Error   string
}

type practiceView struct {
	scoring.ReviewedPractice
	Evidence []evidenceView
	More     int // evidence items not shown
}

type enablerGroup struct {
	scoring.EnablerScore
	Practices []practiceView
}

type areaGroup struct {
	scoring.AreaScore
	Enablers []enablerGroup
}

type strengthView struct {
	Title, Area, Score, Stage string
	Met, Observed             int
}

type reasonGroup struct {
	Reason, Label string
	Practices     []scoring.ReviewedPractice
}

type gatingView struct {
	Href
	FoundOn  Href
	Practice string
	Title    string
	Why      string
}

type reportView struct {
	Generated    string
	Tool         toolInfo
	Portal       Href
	Title        string
	E            *Export
	A            *scoring.Assessment
	Pages        int
	FailedPages  int
	Counts       map[string]int
	Lead         string
	Strengths    []strengthView
	Gaps         []scoring.RoadmapItem
	FocusRadar   radarView
	EnablerRadar radarView
	AreaTitles   map[string]string
	Areas        []areaGroup
	Roadmap      []scoring.RoadmapItem
	Gating       []gatingView
	Unobservable []reasonGroup
	Trend        []trendPoint
	TrendChart   trendView
	Reference    *scoring.Assessment
	Reviewed     int
	Stale        int
	ReviewedList []scoring.ReviewedPractice
	Warnings     []string
}

// maxEvidenceShown caps evidence per practice in the report; the JSON export has it all.
const maxEvidenceShown = 5

// buildReportView turns an export, the trend and the reference profile into what the
// template shows.
func buildReportView(e *Export, trend []trendPoint, ref *scoring.Assessment, now time.Time) *reportView {
	a := e.Assessment
	v := &reportView{
		Generated: now.UTC().Format("2006-01-02 15:04 MST"), Tool: e.Tool, Portal: newLink(e.Portal.URL),
		Title: strings.TrimSpace(e.Portal.Title), E: e, A: a, Counts: map[string]int{}, Reference: ref,
		AreaTitles: map[string]string{}, Trend: trend, Warnings: a.Warnings,
	}
	if v.Title == "" {
		v.Title = e.Portal.URL
	}
	for _, p := range e.Pages {
		if p.Kind == "page" {
			v.Pages++
			if p.Error != "" || p.Status >= 400 {
				v.FailedPages++
			}
		}
	}
	for _, fa := range a.FocusAreas {
		v.AreaTitles[fa.ID] = fa.Title
	}
	for _, p := range e.Practices {
		v.Counts[string(p.Status)]++
		if p.Reviewed {
			v.Reviewed++
			v.ReviewedList = append(v.ReviewedList, p)
		}
		if p.ReviewStale {
			v.Stale++
			v.ReviewedList = append(v.ReviewedList, p)
		}
	}

	// Executive summary.
	v.Lead = fmt.Sprintf("%s scores %s out of 100 and stands at the %s stage overall (the lowest stage its enablers with enough evidence reach). "+
		"%d of its %d applicable practices (%.0f%%) could be observed from public pages; %d of them are met and %d partly met.",
		v.Title, fmtScoreShort(a.Overall.Score), stageLabel(a.Stage), a.Overall.Observed, a.Overall.Total, 100*a.Overall.Coverage,
		v.Counts["met"], v.Counts["partial"])
	v.Strengths = strengths(a, 3)
	v.Gaps = a.Roadmap[:min(3, len(a.Roadmap))]

	// Charts: the portal against the best-in-class reference profile.
	var faLabels []string
	var faVals, faRef []*float64
	for _, fa := range a.FocusAreas {
		faLabels = append(faLabels, fa.Title)
		faVals = append(faVals, fa.Score)
		faRef = append(faRef, refArea(ref, fa.ID))
	}
	var enLabels []string
	var enVals, enRef []*float64
	for _, en := range a.Enablers {
		enLabels = append(enLabels, en.Title)
		enVals = append(enVals, en.Score)
		enRef = append(enRef, refEnabler(ref, en.ID))
	}
	name := oneLine(v.Title, 60)
	v.FocusRadar = newRadar("focus-radar", "Focus-area scores of "+name+" (0 to 100) against the reference profile", faLabels, []radarInput{
		{Name: "Best-in-class reference", Values: faRef, Style: "reference"},
		{Name: name, Values: faVals, Style: "main", Color: seriesColors[0], Labels: true},
	})
	v.EnablerRadar = newRadar("enabler-radar", "Enabler scores of "+name+" (0 to 100) against the reference profile", enLabels, []radarInput{
		{Name: "Best-in-class reference", Values: enRef, Style: "reference"},
		{Name: name, Values: enVals, Style: "main", Color: seriesColors[0]},
	})

	// Practices grouped by focus area and enabler, in catalogue order.
	for _, fa := range a.FocusAreas {
		ag := areaGroup{AreaScore: fa}
		for _, en := range a.Enablers {
			if en.FocusArea != fa.ID {
				continue
			}
			eg := enablerGroup{EnablerScore: en}
			for _, p := range e.Practices {
				if p.Enabler == en.ID {
					eg.Practices = append(eg.Practices, practiceViewOf(p))
				}
			}
			ag.Enablers = append(ag.Enablers, eg)
		}
		v.Areas = append(v.Areas, ag)
	}
	v.Roadmap = a.Roadmap

	titles := map[string]string{}
	for _, p := range e.Practices {
		titles[p.ID] = p.Title
	}
	for _, gi := range e.Gating {
		v.Gating = append(v.Gating, gatingView{Href: newLink(gi.URL), FoundOn: newLink(gi.FoundOn), Practice: gi.Practice, Title: titles[gi.Practice], Why: gi.Why})
	}

	// What could not be observed, by reason.
	byReason := map[string][]scoring.ReviewedPractice{}
	for _, p := range e.Practices {
		if p.Status == detectors.NotObservable {
			byReason[p.Reason] = append(byReason[p.Reason], p)
		}
	}
	for _, r := range []string{detectors.ReasonRobots, detectors.ReasonFetchFailed, detectors.ReasonNoBrowser, detectors.ReasonManual, detectors.ReasonNoDetector} {
		if ps := byReason[r]; len(ps) > 0 {
			v.Unobservable = append(v.Unobservable, reasonGroup{Reason: r, Label: reasonLabel(r), Practices: ps})
			delete(byReason, r)
		}
	}
	var rest []string
	for r := range byReason {
		rest = append(rest, r)
	}
	slices.Sort(rest)
	for _, r := range rest {
		v.Unobservable = append(v.Unobservable, reasonGroup{Reason: r, Label: reasonLabel(r), Practices: byReason[r]})
	}
	v.TrendChart = newTrend(trend)
	return v
}

func practiceViewOf(p scoring.ReviewedPractice) practiceView {
	pv := practiceView{ReviewedPractice: p}
	for i, ev := range p.Evidence {
		if i == maxEvidenceShown {
			pv.More = len(p.Evidence) - i
			break
		}
		ew := evidenceView{Href: newLink(ev.URL), Matched: ev.Matched, Snippet: ev.Snippet, Gated: ev.Gated, Error: ev.Error}
		if ev.FoundOn != "" && ev.FoundOn != ev.URL {
			ew.FoundOn = newLink(ev.FoundOn)
		}
		pv.Evidence = append(pv.Evidence, ew)
	}
	return pv
}

// strengths picks the best-scoring enablers, preferring those whose stage could be judged
// and, among equal scores, those resting on more observed practices: a 100 from one
// practice is weaker news than a 95 from six.
func strengths(a *scoring.Assessment, n int) []strengthView {
	var cands []scoring.EnablerScore
	for _, en := range a.Enablers {
		if en.Score != nil && *en.Score > 0 {
			cands = append(cands, en)
		}
	}
	judged := func(en scoring.EnablerScore) int {
		if en.Stage == scoring.StageInsufficientEvidence || en.Stage == scoring.StageNotApplicable {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(cands, func(x, y scoring.EnablerScore) int {
		return cmp.Or(cmp.Compare(judged(y), judged(x)), cmp.Compare(*y.Score, *x.Score), cmp.Compare(y.Observed, x.Observed))
	})
	areas := map[string]string{}
	for _, fa := range a.FocusAreas {
		areas[fa.ID] = fa.Title
	}
	var out []strengthView
	for _, en := range cands[:min(n, len(cands))] {
		out = append(out, strengthView{Title: en.Title, Area: areas[en.FocusArea], Score: fmtScoreShort(en.Score), Stage: stageLabel(en.Stage), Met: en.Met, Observed: en.Observed})
	}
	return out
}

func refArea(ref *scoring.Assessment, id string) *float64 {
	if ref == nil {
		return nil
	}
	for _, fa := range ref.FocusAreas {
		if fa.ID == id {
			return fa.Score
		}
	}
	return nil
}

func refEnabler(ref *scoring.Assessment, id string) *float64 {
	if ref == nil {
		return nil
	}
	for _, en := range ref.Enablers {
		if en.ID == id {
			return en.Score
		}
	}
	return nil
}

// portalTrend lists the overall score of a portal's complete crawls up to crawl upTo, oldest
// first, with the portal's reviews applied as exports apply them.
func portalTrend(st *store.Store, rv *reviewer, portal string, upTo uint64) ([]trendPoint, error) {
	crawls, err := st.Crawls(portal)
	if err != nil {
		return nil, err
	}
	var out []trendPoint
	for i := len(crawls) - 1; i >= 0; i-- {
		c := crawls[i]
		if c.Status != store.CrawlComplete || c.ID > upTo {
			continue
		}
		rec, err := loadRecord(st, c.ID)
		if err != nil {
			continue // a crawl without an assessment has no point on the line
		}
		r := rv.apply(rec)
		if r == nil {
			continue
		}
		out = append(out, trendPoint{Crawl: c.ID, Date: c.Started.UTC().Format("2006-01-02"), Overall: r.Assessment.Overall.Score,
			Coverage: r.Assessment.Overall.Coverage, Stage: r.Assessment.Stage, Reviewed: r.Applied, Stale: r.Stale, Current: c.ID == upTo})
	}
	return out, nil
}

// renderReport builds the report of one crawl.
func renderReport(st *store.Store, crawlID uint64, now time.Time) ([]byte, error) {
	e, err := buildExport(st, crawlID)
	if err != nil {
		return nil, err
	}
	if e.Assessment == nil {
		return nil, fmt.Errorf("crawl %d has no assessment to report", crawlID)
	}
	rv, err := newReviewer(st, e.Portal.ID)
	if err != nil {
		return nil, err
	}
	trend, err := portalTrend(st, rv, e.Portal.ID, crawlID)
	if err != nil {
		return nil, err
	}
	cat, err := scoring.Load()
	if err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	view := buildReportView(e, trend, scoring.ReferenceProfile(cat, e.Kind), now)
	var buf bytes.Buffer
	if err := reportTemplates.ExecuteTemplate(&buf, "report.html.tmpl", view); err != nil {
		return nil, fmt.Errorf("report template: %w", err)
	}
	return buf.Bytes(), nil
}

func newReportCmd(g *globals) *cobra.Command {
	var output, crawlArg string
	cmd := &cobra.Command{
		Use:   "report PORTAL",
		Short: "Write a self-contained HTML report of a portal's assessment (for people; prints to PDF)",
		Long: `Write one self-contained HTML file (inline CSS and SVG, no script, nothing to download):
an executive summary, spider charts of the focus areas and enablers, lens and persona scores,
every practice with its evidence, the prioritised roadmap, what sits behind a login wall, what
could not be observed and why, the trend over past crawls, and the method and versions.
Analyst overrides ('portalscan review') are applied and marked.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkWritable(output); err != nil {
				return err
			}
			st, err := g.openStoreRead()
			if err != nil {
				return err
			}
			id, err := resolveCrawl(st, args[0], crawlArg)
			if err != nil {
				return err
			}
			raw, err := renderReport(st, id, time.Now())
			if err != nil {
				return err
			}
			if err := writeOutput(output, g.stdout, raw); err != nil {
				return err
			}
			if output != "-" {
				fmt.Fprintf(g.stdout, "report of crawl %d written to %s (%d KB)\n", id, output, (len(raw)+1023)/1024)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "report.html", "output file, - for stdout")
	cmd.Flags().StringVar(&crawlArg, "crawl", "", "crawl number (default: the latest complete crawl)")
	return cmd
}
