package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The CSV export is for analysts who review in a spreadsheet: one row per practice, RFC 4180
// (encoding/csv, CRLF line ends), and the review_* columns are what 'review import' reads
// back. The portal and crawl columns (after the practice columns) make the file say what it
// reviews, so it can be imported without flags.
var csvHeader = []string{
	"id", "title", "focus_area", "enabler", "stage", "mode", "status",
	"evidence_url", "matched", "snippet",
	"review_status", "review_note", "review_by", "review_stale",
	"portal", "crawl",
}

// csvGuard defuses formula injection: spreadsheets evaluate a cell that starts with = + - @
// (and, in some, a tab or carriage return), and a hostile portal controls titles, snippets
// and URLs. Such cells get a leading apostrophe, which spreadsheets show as text. A cell that
// already starts with an apostrophe gets one more, so csvUnguard restores every cell exactly.
func csvGuard(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '\'':
		return "'" + s
	}
	return s
}

// csvUnguard undoes csvGuard on a cell read back.
func csvUnguard(s string) string {
	if len(s) >= 2 && s[0] == '\'' {
		switch s[1] {
		case '=', '+', '-', '@', '\t', '\r', '\'':
			return s[1:]
		}
	}
	return s
}

// encodeCSV writes an export as CSV.
func encodeCSV(w io.Writer, e *Export) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	crawl := strconv.FormatUint(e.Crawl.ID, 10)
	for _, p := range e.Practices {
		var url, matched, snippet string
		if len(p.Evidence) > 0 {
			url, matched, snippet = p.Evidence[0].URL, p.Evidence[0].Matched, p.Evidence[0].Snippet
		}
		var rs, rn, rb, stale string
		if p.Review != nil {
			rs, rn, rb = string(p.Review.Status), p.Review.Note, p.Review.By
		}
		if p.ReviewStale {
			stale = "true"
		}
		row := []string{p.ID, p.Title, p.FocusArea, p.Enabler, p.Stage, p.Mode, string(p.Status),
			url, matched, snippet, rs, rn, rb, stale, e.Portal.ID, crawl}
		for i := range row {
			row[i] = csvGuard(row[i])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeOutput writes raw to path ("-" for stdout) with mode 0644: a report or CSV export
// is meant to be shared.
func writeOutput(path string, stdout io.Writer, raw []byte) error {
	return writeAtomic(path, stdout, raw, 0o644)
}

// writeCSV writes an export as CSV to path.
func writeCSV(path string, stdout io.Writer, e *Export) error {
	var buf bytes.Buffer
	if err := encodeCSV(&buf, e); err != nil {
		return err
	}
	return writeOutput(path, stdout, buf.Bytes())
}

// parseReviewCSV reads the review columns of an edited CSV export. Columns are found by
// header name, so a spreadsheet that reordered or dropped columns still imports; a
// semicolon-separated file (what spreadsheets in comma-decimal locales save) is accepted too.
func parseReviewCSV(path string, raw []byte) (*reviewFile, error) {
	raw = bytes.TrimPrefix(raw, []byte("\ufeff")) // spreadsheets add a byte-order mark
	firstLine, _, _ := bytes.Cut(raw, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(raw))
	if bytes.Count(firstLine, []byte(";")) > bytes.Count(firstLine, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s is not a CSV export: %v", path, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(csvUnguard(h)))] = i
	}
	for _, need := range []string{"id", "review_status"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("%s is not a portalscan CSV export: no %q column", path, need)
		}
	}
	rf := &reviewFile{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		line, _ := r.FieldPos(0)
		get := func(name string) string {
			i, ok := col[name]
			if !ok || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(csvUnguard(rec[i]))
		}
		if p := get("portal"); p != "" && rf.Portal == "" {
			rf.Portal = p
		}
		if c := get("crawl"); c != "" && rf.Crawl == 0 {
			n, err := strconv.ParseUint(c, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%s line %d: crawl %q is not a crawl number", path, line, c)
			}
			rf.Crawl = n
		}
		status := get("review_status")
		if status == "" {
			continue
		}
		stale, _ := strconv.ParseBool(get("review_stale"))
		rf.Entries = append(rf.Entries, reviewEntry{Practice: get("id"), Status: status, Note: get("review_note"),
			By: get("review_by"), Stale: stale, Where: fmt.Sprintf("line %d (%s)", line, oneLine(get("id"), 40))})
	}
	return rf, nil
}
