package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/portalscan/portalscan/scoring"
)

func fmtScore(s *float64) string {
	if s == nil {
		return "  n/a"
	}
	return fmt.Sprintf("%5.1f", *s)
}

// printSummary writes the human summary of an export: scores, stages, the roadmap's top
// items and what sits behind a login wall.
func printSummary(w io.Writer, e *Export) {
	title := e.Portal.Title
	if title == "" {
		title = "(no title)"
	}
	fmt.Fprintf(w, "portalscan %s — %s\n%s\n", e.Tool.Version, e.Portal.URL, oneLine(title, 100))
	var pages, failed int
	for _, p := range e.Pages {
		if p.Kind == "page" {
			pages++
			if p.Error != "" || p.Status >= 400 {
				failed++
			}
		}
	}
	fmt.Fprintf(w, "crawl %d: %d pages (%d failed), %d fetches in all; kind %s; rendering %s\n",
		e.Crawl.ID, pages, failed, len(e.Pages), e.Kind, e.Render.Effective)
	a := e.Assessment
	if a == nil {
		return
	}
	fmt.Fprintf(w, "\nOverall %s / 100   coverage %3.0f%%   stage %s\n", fmtScore(a.Overall.Score), a.Overall.Coverage*100, a.Stage)
	fmt.Fprintln(w, "\nFocus areas")
	for _, fa := range a.FocusAreas {
		fmt.Fprintf(w, "  %-34s %s  %s  coverage %3.0f%%\n", fa.Title, fmtScore(fa.Score), bar(fa.Score), fa.Coverage*100)
	}
	fmt.Fprintln(w, "\nEnablers")
	for _, en := range a.Enablers {
		fmt.Fprintf(w, "  %-44s %s  %-22s met %d/%d\n", oneLine(en.Title, 44), fmtScore(en.Score), en.Stage, en.Met, en.Met+en.Partial+en.NotMet)
	}
	fmt.Fprintln(w, "\nLenses and personas")
	for _, l := range append(append([]scoring.Score{}, a.Lenses...), a.Personas...) {
		fmt.Fprintf(w, "  %-34s %s  coverage %3.0f%%\n", l.Title, fmtScore(l.Score), l.Coverage*100)
	}
	var counts = map[string]int{}
	for _, p := range a.Practices {
		counts[string(p.Status)]++
	}
	fmt.Fprintf(w, "\nPractices: %d met, %d partial, %d not met, %d not observable, %d not applicable\n",
		counts["met"], counts["partial"], counts["not_met"], counts["not_observable"], counts["not_applicable"])
	if len(e.Gating) > 0 {
		fmt.Fprintln(w, "\nBehind a login wall")
		for i, gi := range e.Gating {
			if i == 10 {
				fmt.Fprintf(w, "  … and %d more (see the JSON export)\n", len(e.Gating)-10)
				break
			}
			fmt.Fprintf(w, "  %-26s %s (%s)\n", gi.Practice, oneLine(gi.URL, 70), oneLine(gi.Why, 50))
		}
	}
	if len(a.Roadmap) > 0 {
		fmt.Fprintln(w, "\nRoadmap (what to fix first)")
		shown := 0
		for _, r := range a.Roadmap {
			if shown == 12 {
				fmt.Fprintf(w, "  … %d more items in the JSON export\n", len(a.Roadmap)-shown)
				break
			}
			gated := ""
			if r.Gated {
				gated = " [gated]"
			}
			fmt.Fprintf(w, "  P%d %-28s %s%s\n", r.Priority, r.Practice, oneLine(r.Title, 60), gated)
			shown++
		}
	}
}

func bar(s *float64) string {
	if s == nil {
		return strings.Repeat("·", 20)
	}
	n := int(*s/5 + 0.5)
	return strings.Repeat("█", n) + strings.Repeat("·", 20-n)
}

// oneLine makes untrusted text safe for a terminal line: control characters (escape
// sequences a hostile portal could plant in a title) become spaces, and it is cut to n runes.
func oneLine(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
