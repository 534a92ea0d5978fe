package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exportDoc is what the review tests read back from an export.
type exportDoc struct {
	Crawl struct {
		ID uint64 `json:"id"`
	} `json:"crawl"`
	Overall struct {
		Score *float64 `json:"score"`
	} `json:"overall"`
	Enablers []struct {
		ID    string   `json:"id"`
		Score *float64 `json:"score"`
	} `json:"enablers"`
	Practices []struct {
		ID             string  `json:"id"`
		Enabler        string  `json:"enabler"`
		Status         string  `json:"status"`
		Weight         float64 `json:"weight"`
		Reviewed       bool    `json:"reviewed"`
		DetectorStatus string  `json:"detector_status"`
		ReviewStale    bool    `json:"review_stale"`
		Review         *struct {
			Status, Note, By string
		} `json:"review"`
	} `json:"practices"`
	Reviews *struct {
		Applied, Stale int
	} `json:"reviews"`
}

func exportOf(t *testing.T, db, portal string) (*exportDoc, []byte) {
	t.Helper()
	r := runBin(t, "export", portal, "--db", db)
	if r.code != 0 {
		t.Fatalf("export: %s", r.stderr)
	}
	validateExport(t, []byte(r.stdout))
	var d exportDoc
	if err := json.Unmarshal([]byte(r.stdout), &d); err != nil {
		t.Fatal(err)
	}
	return &d, []byte(r.stdout)
}

func (d *exportDoc) practice(t *testing.T, id string) int {
	t.Helper()
	for i, p := range d.Practices {
		if p.ID == id {
			return i
		}
	}
	t.Fatalf("no practice %s", id)
	return -1
}

func (d *exportDoc) enabler(id string) *float64 {
	for _, e := range d.Enablers {
		if e.ID == id {
			return e.Score
		}
	}
	return nil
}

// expectedEnabler computes an enabler's score by hand from an export's practices, with one
// practice's status replaced: the weighted mean of met (1), partial (0.5) and not met (0).
func expectedEnabler(d *exportDoc, enabler, practice, status string) *float64 {
	value := map[string]float64{"met": 1, "partial": 0.5, "not_met": 0}
	var num, den float64
	for _, p := range d.Practices {
		if p.Enabler != enabler {
			continue
		}
		st := p.Status
		if p.ID == practice {
			st = status
		}
		if v, ok := value[st]; ok {
			num += p.Weight * v
			den += p.Weight
		}
	}
	if den == 0 {
		return nil
	}
	s := math.Round(1000*num/den) / 10
	return &s
}

const reviewHome = `<!doctype html><html lang="en"><head><title>Acme API</title></head><body>
<header><nav><a href="/docs/">Docs</a> <a href="/pricing/">Pricing</a> %s</nav></header>
<main><h1>Acme API</h1><p>Build payment flows with the Acme API.</p></main></body></html>`

func TestReviewRoundTrip(t *testing.T) {
	dir := t.TempDir()
	writePortal(t, dir, map[string]string{
		"index.html":         fmt.Sprintf(reviewHome, ""),
		"docs/index.html":    `<html><head><title>Docs</title></head><body><h1>Docs</h1><p>Reference of the Acme API.</p></body></html>`,
		"pricing/index.html": `<html><head><title>Pricing</title></head><body><h1>Pricing</h1><p>Starter: free. Growth: 49 EUR per month.</p></body></html>`,
	})
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "rv.db")
	scan := func() {
		t.Helper()
		if r := runBin(t, "scan", srv.URL, "--db", db, "--delay", "0s", "--log-level", "error"); r.code != 0 {
			t.Fatalf("scan: %s", r.stderr)
		}
	}
	scan()
	const practice = "chg-changelog"
	before, raw := exportOf(t, db, srv.URL)
	i := before.practice(t, practice)
	if before.Practices[i].Status != "not_met" {
		t.Fatalf("%s is %s before the review; the test needs not_met", practice, before.Practices[i].Status)
	}
	enabler := before.Practices[i].Enabler
	want := expectedEnabler(before, enabler, practice, "met")

	// The analyst edits the JSON export: the changelog lives on the blog.
	file := filepath.Join(t.TempDir(), "edited.json")
	os.WriteFile(file, raw, 0o644)
	editExport(t, file, practice, map[string]any{"status": "met", "note": "The changelog is published on the blog", "by": "Ana"})
	if r := runBin(t, "review", "import", file, "--db", db); r.code != 0 || !strings.Contains(r.stdout, "1 review(s) stored") {
		t.Fatalf("review import: %d %s %s", r.code, r.stdout, r.stderr)
	}

	after, _ := exportOf(t, db, srv.URL)
	p := after.Practices[after.practice(t, practice)]
	if p.Status != "met" || !p.Reviewed || p.DetectorStatus != "not_met" || p.Review == nil || p.Review.By != "Ana" || p.Review.Note == "" {
		t.Fatalf("reviewed practice: %+v", p)
	}
	if got := after.enabler(enabler); got == nil || want == nil || *got != *want {
		t.Errorf("enabler %s = %s, want %s (computed by hand)", enabler, fmtScore(got), fmtScore(want))
	}
	if *after.Overall.Score <= *before.Overall.Score {
		t.Errorf("overall %s -> %s: a gap reviewed as met must raise it", fmtScore(before.Overall.Score), fmtScore(after.Overall.Score))
	}
	if after.Reviews == nil || after.Reviews.Applied != 1 {
		t.Errorf("export's reviewed marker: %+v", after.Reviews)
	}
	// Importing the same file again changes nothing.
	if r := runBin(t, "review", "import", file, "--db", db); r.code != 0 {
		t.Fatalf("re-import: %s", r.stderr)
	}

	// An unchanged portal scanned again: the evidence is the same, the review still holds.
	scan()
	again, _ := exportOf(t, db, srv.URL)
	if again.Crawl.ID == after.Crawl.ID {
		t.Fatal("no new crawl")
	}
	if p := again.Practices[again.practice(t, practice)]; p.Status != "met" || !p.Reviewed || p.ReviewStale {
		t.Fatalf("after a rescan of the unchanged portal: %+v", p)
	}

	// The portal changes so that the practice's evidence changes: the review goes stale and
	// the detectors' verdict counts again.
	writePortal(t, dir, map[string]string{
		"index.html":           fmt.Sprintf(reviewHome, `<a href="/changelog/">Changelog</a>`),
		"changelog/index.html": `<html><head><title>Changelog</title></head><body><h1>Changelog</h1><p>2026-10-01: new endpoints for refunds.</p></body></html>`,
	})
	scan()
	stale, _ := exportOf(t, db, srv.URL)
	p = stale.Practices[stale.practice(t, practice)]
	if !p.ReviewStale || p.Reviewed || p.Status != p.DetectorStatus || p.Review == nil {
		t.Fatalf("after the evidence changed: %+v", p)
	}
	if stale.Reviews == nil || stale.Reviews.Stale != 1 || stale.Reviews.Applied != 0 {
		t.Errorf("reviewed marker after the change: %+v", stale.Reviews)
	}

	// history shows the overrides per crawl; the first crawl (the one reviewed) counts too.
	r := runBin(t, "history", srv.URL, "--db", db, "--format", "json")
	var h struct {
		Crawls []historyRow `json:"crawls"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &h); err != nil || len(h.Crawls) != 3 {
		t.Fatalf("history: %v %s", err, r.stdout)
	}
	if h.Crawls[0].ReviewStale != 1 || h.Crawls[1].Reviewed != 1 || h.Crawls[2].Reviewed != 1 {
		t.Errorf("history review counts: %+v", h.Crawls)
	}
	if r := runBin(t, "history", srv.URL, "--db", db); !strings.Contains(r.stdout, "[1 reviewed]") || !strings.Contains(r.stdout, "stale") {
		t.Errorf("history table does not mark reviews:\n%s", r.stdout)
	}

	// An exported stale review is not revived by re-importing the export unchanged.
	staleFile := filepath.Join(t.TempDir(), "stale.json")
	if r := runBin(t, "export", srv.URL, "--db", db, "-o", staleFile); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r = runBin(t, "review", "import", staleFile, "--db", db)
	if r.code != 1 || !strings.Contains(r.stderr, "marked stale") || !strings.Contains(r.stderr, "no reviews") {
		t.Errorf("re-import of a stale review: %d %s", r.code, r.stderr)
	}

	// review list and remove.
	if r := runBin(t, "review", "list", srv.URL, "--db", db); r.code != 0 || !strings.Contains(r.stdout, practice) || !strings.Contains(r.stdout, "stale") {
		t.Errorf("review list: %s %s", r.stdout, r.stderr)
	}
	if r := runBin(t, "review", "remove", srv.URL, practice, "--db", db); r.code != 0 || !strings.Contains(r.stdout, "1 review(s) removed") {
		t.Errorf("review remove: %s %s", r.stdout, r.stderr)
	}
	if d, _ := exportOf(t, db, srv.URL); d.Reviews != nil {
		t.Errorf("reviews left after remove: %+v", d.Reviews)
	}
}

func TestReviewImportCSVAndErrors(t *testing.T) {
	srv := fixtureServer(t, "portals/mature")
	dir := t.TempDir()
	db := filepath.Join(dir, "csv.db")
	if r := runBin(t, "scan", srv.URL, "--db", db, "--delay", "0s", "--log-level", "error"); r.code != 0 {
		t.Fatalf("scan: %s", r.stderr)
	}
	r := runBin(t, "export", srv.URL, "--db", db, "--format", "csv")
	if r.code != 0 {
		t.Fatalf("csv export: %s", r.stderr)
	}
	if !strings.HasPrefix(r.stdout, strings.Join(csvHeader, ",")+"\r\n") {
		t.Fatalf("CSV header/line ends: %q", r.stdout[:min(200, len(r.stdout))])
	}
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	jsonDoc, _ := exportOf(t, db, srv.URL)
	if len(rows) != 1+len(jsonDoc.Practices) {
		t.Fatalf("%d CSV rows for %d practices", len(rows)-1, len(jsonDoc.Practices))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	// The analyst marks one practice partial in the spreadsheet, with a note that starts with a
	// dash (guarded on the way out, restored on the way in).
	const practice = "com-pricing-page"
	for _, row := range rows[1:] {
		if row[col["id"]] == practice {
			row[col["review_status"]] = "partial"
			row[col["review_note"]] = "- prices only for the EU"
		}
	}
	write := func(name string, rows [][]string) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		w := csv.NewWriter(f)
		w.WriteAll(rows)
		f.Close()
		return p
	}
	good := write("good.csv", rows)
	if r := runBin(t, "review", "import", good, "--db", db); r.code != 1 || !strings.Contains(r.stderr, "no reviewer") {
		t.Fatalf("a review without a reviewer was accepted: %d %s", r.code, r.stderr)
	}
	if r := runBin(t, "review", "import", good, "--db", db, "--by", "Ben"); r.code != 0 {
		t.Fatalf("csv import: %s", r.stderr)
	}
	d, _ := exportOf(t, db, srv.URL)
	p := d.Practices[d.practice(t, practice)]
	if p.Status != "partial" || !p.Reviewed || p.Review.By != "Ben" || p.Review.Note != "- prices only for the EU" {
		t.Fatalf("after CSV import: %+v %+v", p, p.Review)
	}
	r = runBin(t, "export", srv.URL, "--db", db, "--format", "csv")
	if !strings.Contains(r.stdout, ",'- prices only for the EU,") {
		t.Errorf("the note's leading dash is not guarded in the CSV")
	}

	// Validation: every problem is reported, nothing is stored, exit 1.
	bad := func(name string, edit func(row []string)) string {
		cp := make([][]string, len(rows))
		for i := range rows {
			cp[i] = append([]string{}, rows[i]...)
			if i > 0 {
				cp[i][col["review_status"]] = ""
			}
		}
		edit(cp[5])
		return write(name, cp)
	}
	jsonBad := filepath.Join(dir, "bad.json")
	_, raw := exportOf(t, db, srv.URL)
	os.WriteFile(jsonBad, raw, 0o644)
	editExport(t, jsonBad, "disc-sitemap", map[string]any{"status": "excellent", "by": "Ana"})
	cases := []struct {
		name, file, want string
		args             []string
	}{
		{"unknown practice", bad("unknown.csv", func(row []string) { row[col["id"]] = "no-such-practice"; row[col["review_status"]] = "met" }), `unknown practice id "no-such-practice"`, []string{"--by", "Ana"}},
		{"bad status", bad("status.csv", func(row []string) { row[col["review_status"]] = "great" }), `status "great"`, []string{"--by", "Ana"}},
		{"not_observable is not a verdict", bad("unobs.csv", func(row []string) { row[col["review_status"]] = "not_observable" }), `status "not_observable"`, []string{"--by", "Ana"}},
		{"missing by", bad("by.csv", func(row []string) { row[col["review_status"]] = "met" }), "no reviewer", nil},
		{"no reviews", bad("none.csv", func(row []string) {}), "no reviews", []string{"--by", "Ana"}},
		{"bad status in JSON", jsonBad, `status "excellent"`, nil},
		{"not an export", write("junk.csv", [][]string{{"a", "b"}, {"1", "2"}}), `no "id" column`, nil},
		{"missing file", filepath.Join(dir, "nope.json"), "cannot read", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := runBin(t, append([]string{"review", "import", tc.file, "--db", db}, tc.args...)...)
			if r.code != 1 || !strings.Contains(r.stderr, tc.want) {
				t.Fatalf("exit %d, stderr %q; want exit 1 and %q", r.code, r.stderr, tc.want)
			}
			if strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 && !strings.Contains(r.stderr, "skipped") {
				t.Errorf("error is not one line: %q", r.stderr)
			}
		})
	}
	// The failed imports stored nothing: still exactly the one review.
	if d, _ := exportOf(t, db, srv.URL); d.Reviews == nil || d.Reviews.Applied != 1 {
		t.Errorf("failed imports changed the stored reviews: %+v", d.Reviews)
	}
}
