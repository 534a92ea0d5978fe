package main

import (
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// SiteResult is one site's scan and scores.
type SiteResult struct {
	Site
	Included          bool     `json:"included"`
	IncludedReason    string   `json:"included_reason"`
	Scan              ScanInfo `json:"scan"`
	Counts            Counts   `json:"counts"`
	Doubt             []string `json:"doubt,omitempty"`
	Unlabeled         []string `json:"unlabeled,omitempty"`
	MissingFromExport []string `json:"missing_from_export,omitempty"`
	Pairs             []Pair   `json:"pairs"`
}

type PracticeRow struct {
	ID     string `json:"id"`
	Counts Counts `json:"counts"`
}

type Totals struct {
	// Headline is what the thresholds gate: static sites plus needs_js sites that were rendered
	// (or forced in with --include-js).
	Headline   Counts `json:"headline"`
	StaticOnly Counts `json:"static_only"`
	All        Counts `json:"all"`
}

// FlaggedPair is a false positive or negative, with whether it counts in the headline.
type FlaggedPair struct {
	Pair
	InHeadline bool `json:"in_headline"`
}

// Report is everything one evaluation run found; eval.json is this struct.
type Report struct {
	Corpus    string `json:"corpus"`
	Bin       string `json:"bin"`
	Out       string `json:"out"`
	Render    string `json:"render"`
	IncludeJS bool   `json:"include_js"`
	// NetworkIsolated says the scans ran in a namespace with nothing but loopback.
	NetworkIsolated bool          `json:"network_isolated"`
	Started         time.Time     `json:"started"`
	Seconds         float64       `json:"seconds"`
	Practices       []string      `json:"practices"`
	PerPractice     []PracticeRow `json:"per_practice"`
	Sites           []SiteResult  `json:"sites"`
	Totals          Totals        `json:"totals"`
	FalsePositives  []FlaggedPair `json:"false_positives"`
	FalseNegatives  []FlaggedPair `json:"false_negatives"`
	MinPrecision    float64       `json:"min_precision"`
	MinRecall       float64       `json:"min_recall"`
	Failures        []string      `json:"failures"`
	OK              bool          `json:"ok"`
	// Budget is the evidence-first measurement (--budget), absent when not asked for.
	Budget *BudgetReport `json:"budget,omitempty"`
}

// score fills the per-site, per-practice and total counts and the FP/FN lists.
func (rep *Report) score(labels *Labels, sites []Site, infos []ScanInfo, exports []*Export) {
	rep.Practices = labels.Practices
	// Empty lists, not null, for whoever reads eval.json.
	rep.FalsePositives, rep.FalseNegatives = []FlaggedPair{}, []FlaggedPair{}
	perPractice := map[string]*Counts{}
	for _, id := range labels.Practices {
		perPractice[id] = &Counts{}
	}
	var failed []string
	for i, s := range sites {
		res := SiteResult{Site: s, Scan: infos[i]}
		res.Included, res.IncludedReason = included(s, exports[i], rep.Render, rep.IncludeJS)
		res.Pairs, res.Doubt, res.Unlabeled, res.MissingFromExport = siteScore(s.Name, labels.Practices, labels.Sites[s.Name].Labels, exports[i])
		for _, p := range res.Pairs {
			res.Counts.count(p.Outcome)
			if res.Included {
				perPractice[p.Practice].count(p.Outcome)
			}
			switch p.Outcome {
			case "FP":
				rep.FalsePositives = append(rep.FalsePositives, FlaggedPair{p, res.Included})
			case "FN":
				rep.FalseNegatives = append(rep.FalseNegatives, FlaggedPair{p, res.Included})
			}
		}
		rep.Totals.All.add(res.Counts)
		if !s.NeedsJS {
			rep.Totals.StaticOnly.add(res.Counts)
		}
		if res.Included {
			rep.Totals.Headline.add(res.Counts)
		}
		if !res.Scan.OK {
			failed = append(failed, s.Name)
		}
		rep.Sites = append(rep.Sites, res)
	}
	for _, id := range labels.Practices {
		rep.PerPractice = append(rep.PerPractice, PracticeRow{ID: id, Counts: *perPractice[id]})
	}

	rep.Failures = []string{}
	if len(failed) > 0 {
		rep.Failures = append(rep.Failures, "scan failed: "+strings.Join(failed, ", "))
	}
	// An undefined ratio fails a non-zero threshold: "no positives at all" is not precise.
	check := func(name string, v float64, ok bool, min float64) {
		switch {
		case min <= 0:
		case !ok:
			rep.Failures = append(rep.Failures, fmt.Sprintf("%s undefined (0/0) < --min-%s %.2f", name, name, min))
		case v < min:
			rep.Failures = append(rep.Failures, fmt.Sprintf("%s %.3f < --min-%s %.2f", name, v, name, min))
		}
	}
	p, pok := rep.Totals.Headline.Precision()
	r, rok := rep.Totals.Headline.Recall()
	check("precision", p, pok, rep.MinPrecision)
	check("recall", r, rok, rep.MinRecall)
	rep.OK = len(rep.Failures) == 0
}

func fmtRatio(v float64, ok bool) string {
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.3f", v)
}

func truncate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// writeText renders the human table; it is also what eval.txt holds.
func (rep *Report) writeText(w io.Writer) {
	pf := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	net := "network: loopback-only namespace"
	if !rep.NetworkIsolated {
		net = "network: not isolated"
	}
	pf("portalscan eval: corpus %s, scanner %s, --render %s, %s\n", rep.Corpus, rep.Bin, rep.Render, net)
	var static, jsIn, jsOut int
	for _, s := range rep.Sites {
		switch {
		case !s.NeedsJS:
			static++
		case s.Included:
			jsIn++
		default:
			jsOut++
		}
	}
	pf("sites: %d static, %d needs_js in headline, %d needs_js excluded (use --include-js to force)\n", static, jsIn, jsOut)
	for _, s := range rep.Sites {
		if !s.Scan.OK {
			pf("SCAN FAILED %s: %s\n", s.Name, s.Scan.Error)
		}
	}

	pw := len("practice")
	for _, id := range rep.Practices {
		pw = max(pw, len(id))
	}
	sw := len("site")
	for _, s := range rep.Sites {
		sw = max(sw, len(s.Name))
	}
	row := func(name string, width int, c Counts, extra string) {
		pf("%-*s %4d %4d %4d %4d %9s %7s%s\n", width, name, c.TP, c.FP, c.FN, c.TN,
			fmtRatio(c.Precision()), fmtRatio(c.Recall()), extra)
	}
	head := func(name string, width int, extra string) {
		pf("%-*s %4s %4s %4s %4s %9s %7s%s\n", width, name, "TP", "FP", "FN", "TN", "precision", "recall", extra)
	}

	pf("\nPer practice (headline sites)\n")
	head("practice", pw, "")
	for _, r := range rep.PerPractice {
		row(r.ID, pw, r.Counts, "")
	}

	siteRow := func(s SiteResult) {
		scan := "ok"
		if !s.Scan.OK {
			scan = "FAILED"
		}
		extra := fmt.Sprintf("  %5d  %-6s %6.1fs %8d", len(s.Doubt), scan, s.Scan.Seconds, s.Scan.Requests)
		if s.NeedsJS {
			extra += "  " + s.IncludedReason
		}
		row(s.Name, sw, s.Counts, extra)
	}
	siteHead := fmt.Sprintf("  %5s  %-6s %7s %8s", "doubt", "scan", "time", "requests")
	pf("\nPer site\n")
	head("site", sw, siteHead)
	for _, s := range rep.Sites {
		if !s.NeedsJS {
			siteRow(s)
		}
	}
	if jsIn+jsOut > 0 {
		pf("\nneeds_js sites\n")
		head("site", sw, siteHead+"  headline?")
		for _, s := range rep.Sites {
			if s.NeedsJS {
				siteRow(s)
			}
		}
	}

	pf("\nMicro totals over (site, practice) pairs, doubtful labels left out\n")
	head("totals", 11, "")
	row("headline", 11, rep.Totals.Headline, "")
	row("static-only", 11, rep.Totals.StaticOnly, "")
	row("all", 11, rep.Totals.All, "")

	tag := func(p FlaggedPair) string {
		if p.InHeadline {
			return ""
		}
		return " (needs_js, not in headline)"
	}
	// The loopback port died with the run; the site path is what a reader can look up in the corpus.
	origin := map[string]string{}
	for _, s := range rep.Sites {
		if u, err := url.Parse(s.Scan.URL); err == nil && u.Host != "" {
			origin[s.Name] = u.Scheme + "://" + u.Host
		}
	}
	local := func(site, u string) string {
		if o := origin[site]; o != "" && strings.HasPrefix(u, o) {
			if rest := u[len(o):]; rest == "" || strings.HasPrefix(rest, "/") || strings.HasPrefix(rest, "?") || strings.HasPrefix(rest, "#") {
				return "/" + strings.TrimPrefix(rest, "/")
			}
		}
		return u
	}

	pf("\nFalse positives (%d)\n", len(rep.FalsePositives))
	for _, p := range rep.FalsePositives {
		pf("- %s %s: scanner %s%s\n", p.Site, p.Practice, p.Status, tag(p))
		if len(p.Evidence) == 0 {
			pf("    (no evidence given)\n")
		}
		for i, e := range p.Evidence {
			if i == 3 {
				pf("    … %d more in eval.json\n", len(p.Evidence)-3)
				break
			}
			pf("    evidence: %s\n", local(p.Site, e.URL))
			if e.FoundOn != "" && e.FoundOn != e.URL {
				pf("      found on: %s\n", local(p.Site, e.FoundOn))
			}
			if e.Matched != "" {
				pf("      matched: %q\n", truncate(e.Matched, 120))
			}
			if e.Snippet != "" {
				pf("      snippet: %q\n", truncate(e.Snippet, 200))
			}
		}
		if p.LabelNote != "" {
			pf("    label note: %s\n", truncate(p.LabelNote, 300))
		}
	}
	pf("\nFalse negatives (%d)\n", len(rep.FalseNegatives))
	for _, p := range rep.FalseNegatives {
		status := "scanner " + p.Status
		if p.Reason != "" {
			status += " (" + p.Reason + ")"
		}
		pf("- %s %s: %s%s\n", p.Site, p.Practice, status, tag(p))
		ev := p.LabelEvidence
		if ev == "" {
			ev = "(none given)"
		}
		if p.LabelRendered {
			ev += " [seen after rendering]"
		}
		pf("    label evidence: %s\n", ev)
		if p.LabelQuote != "" {
			pf("      quote: %q\n", truncate(p.LabelQuote, 200))
		}
		if p.LabelNote != "" {
			pf("    note: %s\n", truncate(p.LabelNote, 300))
		}
	}

	var warn []string
	for _, s := range rep.Sites {
		if len(s.MissingFromExport) > 0 {
			warn = append(warn, fmt.Sprintf("%s: export lacks %s (scored as not met)", s.Name, strings.Join(s.MissingFromExport, ", ")))
		}
		if len(s.Unlabeled) > 0 {
			warn = append(warn, fmt.Sprintf("%s: no label for %s (not scored)", s.Name, strings.Join(s.Unlabeled, ", ")))
		}
	}
	if len(warn) > 0 {
		pf("\nWarnings\n")
		for _, x := range warn {
			pf("- %s\n", x)
		}
	}
	pf("\n")
	if rep.OK {
		pf("eval: OK\n")
	} else {
		pf("eval: FAIL: %s\n", strings.Join(rep.Failures, "; "))
	}
}
