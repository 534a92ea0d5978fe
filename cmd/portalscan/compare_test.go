package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/portalscan/portalscan/detectors"
	"github.com/portalscan/portalscan/scoring"
)

func TestCompareView(t *testing.T) {
	met := func(ids ...string) []detectors.Finding {
		var fs []detectors.Finding
		for _, id := range ids {
			fs = append(fs, detectors.Finding{Practice: id, Status: detectors.Met, Detector: "x", Evidence: []detectors.Evidence{{URL: "https://x.test/" + id, Matched: id}}})
		}
		return fs
	}
	a := syntheticExport(t, "Alpha <b>API</b>", met("com-pricing-page", "chg-changelog", "disc-sitemap"))
	b := syntheticExport(t, "Beta", met("com-pricing-page"))
	portals := []comparePortal{
		{ID: "a", Label: a.Portal.Title, Color: seriesColors[0], a: a.Assessment},
		{ID: "b", Label: b.Portal.Title, Color: seriesColors[1], a: b.Assessment},
	}
	cat, err := scoring.Load()
	if err != nil {
		t.Fatal(err)
	}
	v := buildCompareView(portals, scoring.ReferenceProfile(cat, "interface"), "test", time.Now())
	if len(v.Rows) != 1+len(cat.FocusAreas)+len(cat.Enablers) {
		t.Fatalf("%d rows", len(v.Rows))
	}
	rows := map[string]compareRow{}
	for _, r := range v.Rows {
		rows[r.ID] = r
	}
	// Sitemap is met only by Alpha: Alpha is best on findability, Beta is not.
	fd := rows["findability"]
	if !fd.Cells[0].Best || fd.Cells[1].Best || fd.BestBy != a.Portal.Title || fd.Reference == nil {
		t.Errorf("findability row: %+v", fd)
	}
	// Commercial clarity: both met pricing, equal scores: nobody is marked.
	cc := rows["commercial"]
	if cc.Cells[0].Best || cc.Cells[1].Best || fmtScore(cc.Median) != fmtScore(cc.Cells[0].Score) {
		t.Errorf("commercial row: %+v", cc)
	}
	if len(v.FocusRadar.Axes) != 6 || len(v.FocusRadar.Series) != 4 { // reference, two portals, median
		t.Errorf("focus radar: %d axes, %d series", len(v.FocusRadar.Axes), len(v.FocusRadar.Series))
	}
	var buf bytes.Buffer
	if err := reportTemplates.ExecuteTemplate(&buf, "compare.html.tmpl", v); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "<b>API") || !strings.Contains(buf.String(), "Alpha &lt;b&gt;API&lt;/b&gt;") {
		t.Error("portal title not escaped in the comparison")
	}
}
