package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"github.com/portalscan/portalscan/detectors"
	"github.com/portalscan/portalscan/scoring"
)

func TestCSVGuard(t *testing.T) {
	cases := []struct{ in, out string }{
		{"", ""},
		{"plain", "plain"},
		{"=1+1", "'=1+1"},
		{"+33 1 23", "'+33 1 23"},
		{"-5", "'-5"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tTab", "'\tTab"},
		{"\rCR", "'\rCR"},
		{"'quoted'", "''quoted'"},
		{"'=already", "''=already"},
		{"a=b", "a=b"},
		{"https://x/?a=1", "https://x/?a=1"},
	}
	for _, tc := range cases {
		if got := csvGuard(tc.in); got != tc.out {
			t.Errorf("csvGuard(%q) = %q, want %q", tc.in, got, tc.out)
		}
		if back := csvUnguard(csvGuard(tc.in)); back != tc.in {
			t.Errorf("round trip of %q gave %q", tc.in, back)
		}
	}
}

// A CSV export read back as a review file finds the portal, the crawl and the reviews.
func TestCSVEncodeAndParse(t *testing.T) {
	e := syntheticExport(t, "=cmd|' /C calc'!A0", []detectors.Finding{
		{Practice: "com-pricing-page", Status: detectors.Met, Detector: "x", Evidence: []detectors.Evidence{{URL: "https://dev.example.test/pricing/", Matched: "=HYPERLINK(\"x\")", Snippet: "line one\nline \"two\""}}},
	})
	for i := range e.Practices {
		if e.Practices[i].ID == "com-pricing-page" {
			e.Practices[i].Review = &scoring.Review{Status: detectors.Partial, Note: "@note, with comma", By: "Ana"}
		}
		if e.Practices[i].ID == "chg-changelog" {
			e.Practices[i].Review = &scoring.Review{Status: detectors.Met, By: "Ben"}
			e.Practices[i].ReviewStale = true
		}
	}
	var buf bytes.Buffer
	if err := encodeCSV(&buf, e); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+len(e.Practices) || len(rows[0]) != len(csvHeader) {
		t.Fatalf("%d rows of %d columns", len(rows), len(rows[0]))
	}
	path := filepath.Join(t.TempDir(), "x.csv")
	os.WriteFile(path, buf.Bytes(), 0o644)
	rf, err := readReviewFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if rf.Portal != "https://dev.example.test/" || rf.Crawl != 7 || len(rf.Entries) != 2 {
		t.Fatalf("parsed %+v", rf)
	}
	for _, en := range rf.Entries {
		switch en.Practice {
		case "com-pricing-page":
			if en.Status != "partial" || en.Note != "@note, with comma" || en.By != "Ana" || en.Stale {
				t.Errorf("entry %+v", en)
			}
		case "chg-changelog":
			if !en.Stale {
				t.Errorf("stale mark lost: %+v", en)
			}
		}
	}

	// Semicolon-separated files (saved by spreadsheets in comma-decimal locales) read too.
	semi := []byte("\ufeffid;title;review_status;review_by\r\ncom-pricing-page;Pricing;met;Cy\r\n")
	os.WriteFile(path, semi, 0o644)
	if rf, err := readReviewFile(path); err != nil || len(rf.Entries) != 1 || rf.Entries[0].By != "Cy" {
		t.Fatalf("semicolon CSV: %+v %v", rf, err)
	}
}
