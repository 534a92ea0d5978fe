package main

import (
	"fmt"
	"math"
	"strings"
)

// Charts are inline SVG computed here as plain numbers and strings; the templates only place
// them, and html/template escapes every label (labels come from the catalogue, but series
// names in a comparison are portal titles, which a portal owner controls).

type chartText struct {
	X, Y   float64
	Anchor string
	Text   string
}

type radarAxis struct {
	X2, Y2 float64 // rim end; every axis starts at the centre
	Full   string  // full label, for the tooltip
	Lines  []chartText
}

type radarDot struct {
	X, Y  float64
	Title string
}

type radarSeries struct {
	Name        string
	Class       string // CSS hook: series, median, reference
	Color       string
	Fill        string
	FillOpacity string
	Width       string
	Dash        string
	Points      string
	Dots        []radarDot
	Values      []chartText // value labels next to the dots (single-portal charts only)
}

type radarView struct {
	ID, Title string
	W, H      int
	FontSize  int // axis labels
	CX, CY    float64
	Axes      []radarAxis
	Grid      []string // polygons at 20, 40, .. 100
	Rings     []chartText
	Series    []radarSeries
}

// radarInput is one series to draw: a value (0..100, nil when not observable) per axis.
type radarInput struct {
	Name   string
	Values []*float64
	Style  string // "main", "median", "reference" or "" (a portal in a comparison)
	Color  string
	Labels bool // print the values beside the dots
}

// seriesColors are distinguishable in colour and, for most colour-blind readers, in
// lightness; comparisons of more portals cycle through them.
var seriesColors = []string{"#1f5fbf", "#d1495b", "#2a9d8f", "#e9a03b", "#7b4fb8", "#3d8f3d", "#c0587e", "#4d6a86"}

const (
	colorReference = "#555d66"
	colorMedian    = "#111111"
)

// newRadar lays out a radar chart with one axis per label, clockwise from the top.
func newRadar(id, title string, labels []string, series []radarInput) radarView {
	n := len(labels)
	// Few axes: a compact chart that stays legible in half a page width; many axes: room
	// for two-line labels all around.
	w, h, r, wrap := 520, 400, 150.0, 14
	if n > 8 {
		w, h, r, wrap = 860, 640, 215, 20
	}
	v := radarView{ID: id, Title: title, W: w, H: h, CX: float64(w) / 2, CY: float64(h) / 2, FontSize: 13}
	if n > 8 {
		v.FontSize = 12
	}
	at := func(i int, frac float64) (float64, float64) {
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		return round2(v.CX + r*frac*math.Cos(a)), round2(v.CY + r*frac*math.Sin(a))
	}
	for ring := 1; ring <= 5; ring++ {
		var pts []string
		for i := 0; i < n; i++ {
			x, y := at(i, float64(ring)/5)
			pts = append(pts, fmt.Sprintf("%g,%g", x, y))
		}
		v.Grid = append(v.Grid, strings.Join(pts, " "))
		v.Rings = append(v.Rings, chartText{X: v.CX + 3, Y: round2(v.CY - r*float64(ring)/5 - 2), Anchor: "start", Text: fmt.Sprint(ring * 20)})
	}
	for i, l := range labels {
		x2, y2 := at(i, 1)
		lx, ly := at(i, 1+12/r)
		anchor := "middle"
		switch {
		case lx > v.CX+4:
			anchor = "start"
		case lx < v.CX-4:
			anchor = "end"
		}
		lines := wrapLabel(l, wrap, 2)
		// Labels above the centre grow upwards, below it downwards, beside it centred.
		const lh = 13
		y0 := ly + 4
		switch {
		case ly < v.CY-r*0.5:
			y0 = ly - float64(lh*(len(lines)-1))
		case ly <= v.CY+r*0.5:
			y0 = ly + 4 - float64(lh*(len(lines)-1))/2
		default:
			y0 = ly + 8
		}
		ax := radarAxis{X2: x2, Y2: y2, Full: l}
		for j, t := range lines {
			ax.Lines = append(ax.Lines, chartText{X: lx, Y: round2(y0 + float64(lh*j)), Anchor: anchor, Text: t})
		}
		v.Axes = append(v.Axes, ax)
	}
	for si, s := range series {
		rs := radarSeries{Name: s.Name, Class: "series", Color: s.Color, Fill: s.Color, FillOpacity: "0.10", Width: "2"}
		if rs.Color == "" {
			rs.Color = seriesColors[si%len(seriesColors)]
			rs.Fill = rs.Color
		}
		switch s.Style {
		case "main":
			rs.FillOpacity = "0.18"
			rs.Width = "2.5"
		case "median":
			rs.Class, rs.Color, rs.Fill, rs.FillOpacity, rs.Dash, rs.Width = "median", colorMedian, "none", "0", "7 4", "2"
		case "reference":
			rs.Class, rs.Color, rs.Fill, rs.FillOpacity, rs.Dash, rs.Width = "reference", colorReference, "none", "0", "2 3", "2"
		}
		var pts []string
		for i := 0; i < n; i++ {
			val := 0.0
			shown := "n/a"
			if i < len(s.Values) && s.Values[i] != nil {
				val = math.Max(0, math.Min(100, *s.Values[i]))
				shown = fmtScoreShort(s.Values[i])
			}
			x, y := at(i, val/100)
			pts = append(pts, fmt.Sprintf("%g,%g", x, y))
			if s.Style != "reference" && s.Style != "median" {
				rs.Dots = append(rs.Dots, radarDot{X: x, Y: y, Title: fmt.Sprintf("%s — %s: %s", s.Name, labels[i], shown)})
			}
			if s.Labels {
				// Inside the line for high scores (outside would collide with the axis label),
				// outside for low ones (inside would crowd the centre).
				frac := val/100 + 0.1
				if val > 55 {
					frac = val/100 - 0.12
				}
				lx, ly := at(i, frac)
				rs.Values = append(rs.Values, chartText{X: lx, Y: ly + 4, Anchor: "middle", Text: shown})
			}
		}
		rs.Points = strings.Join(pts, " ")
		v.Series = append(v.Series, rs)
	}
	return v
}

// wrapLabel breaks a label into at most maxLines lines of about width runes, at spaces;
// what does not fit ends in an ellipsis (the full label is in the tooltip and the tables).
func wrapLabel(s string, width, maxLines int) []string {
	var lines []string
	cur := ""
	for _, wd := range strings.Fields(s) {
		if cur != "" && len([]rune(cur))+1+len([]rune(wd)) > width {
			lines = append(lines, cur)
			cur = ""
		}
		if cur == "" {
			cur = wd
		} else {
			cur += " " + wd
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	cut := len(lines) > maxLines
	if cut {
		lines = lines[:maxLines]
	}
	for i, l := range lines {
		if r := []rune(l); len(r) > width+2 {
			lines[i] = string(r[:width]) + "…"
		} else if cut && i == maxLines-1 {
			lines[i] = l + "…"
		}
	}
	return lines
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// fmtScoreShort prints a score without padding: "73.7", "100", "n/a".
func fmtScoreShort(s *float64) string {
	if s == nil {
		return "n/a"
	}
	return strings.TrimSuffix(fmt.Sprintf("%.1f", *s), ".0")
}

// trendView is a small line chart of the overall score per crawl, oldest first.
type trendView struct {
	W, H   int
	Points string
	Dots   []radarDot
	XTicks []chartText
	YTicks []chartText
	YLines []float64
	// GridRight is where the horizontal grid lines end.
	GridRight float64
}

type trendPoint struct {
	Crawl    uint64
	Date     string
	Overall  *float64
	Coverage float64
	Stage    string
	Reviewed int
	Stale    int
	Current  bool
}

func newTrend(points []trendPoint) trendView {
	t := trendView{W: 640, H: 220}
	const left, right, top, bottom = 40.0, 16.0, 12.0, 36.0
	pw, ph := float64(t.W)-left-right, float64(t.H)-top-bottom
	t.GridRight = float64(t.W) - right
	for _, y := range []float64{0, 25, 50, 75, 100} {
		yy := round2(top + ph*(1-y/100))
		t.YLines = append(t.YLines, yy)
		t.YTicks = append(t.YTicks, chartText{X: left - 6, Y: yy + 4, Anchor: "end", Text: fmt.Sprint(y)})
	}
	n := len(points)
	var pts []string
	for i, p := range points {
		x := left + pw/2
		if n > 1 {
			x = left + pw*float64(i)/float64(n-1)
		}
		x = round2(x)
		// Label every crawl when few, else about eight evenly spaced ones and the last.
		if step := (n + 7) / 8; n <= 8 || i%step == 0 || i == n-1 {
			t.XTicks = append(t.XTicks, chartText{X: x, Y: float64(t.H) - 18, Anchor: "middle", Text: fmt.Sprintf("#%d", p.Crawl)})
			t.XTicks = append(t.XTicks, chartText{X: x, Y: float64(t.H) - 5, Anchor: "middle", Text: p.Date})
		}
		if p.Overall == nil {
			continue
		}
		y := round2(top + ph*(1-*p.Overall/100))
		pts = append(pts, fmt.Sprintf("%g,%g", x, y))
		t.Dots = append(t.Dots, radarDot{X: x, Y: y, Title: fmt.Sprintf("crawl %d (%s): %s", p.Crawl, p.Date, fmtScoreShort(p.Overall))})
	}
	t.Points = strings.Join(pts, " ")
	return t
}

// barWidth maps a 0..100 score onto a bar of max pixels.
func barWidth(s *float64, max float64) float64 {
	if s == nil {
		return 0
	}
	return round2(math.Max(0, math.Min(100, *s)) / 100 * max)
}
