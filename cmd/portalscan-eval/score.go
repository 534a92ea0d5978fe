package main

import (
	"encoding/json"
	"fmt"
	"os"
)

// Export is the part of the scanner's JSON export the evaluation reads.
type Export struct {
	Render    *RenderInfo      `json:"render"`
	Practices []ExportPractice `json:"practices"`
	Pages     []ExportPage     `json:"pages"`
}

// ExportPage is what the budget measurement reads of a fetched resource.
type ExportPage struct {
	Kind   string `json:"kind"`
	Status int    `json:"status"`
}

// RenderInfo says whether the scanner ran a browser; it decides whether a needs_js site counts.
type RenderInfo struct {
	Mode          string `json:"mode"`
	Effective     string `json:"effective"`
	PagesRendered int    `json:"pages_rendered"`
	Browser       string `json:"browser,omitempty"`
	Note          string `json:"note,omitempty"`
}

type ExportPractice struct {
	ID       string     `json:"id"`
	Status   string     `json:"status"`
	Reason   string     `json:"reason,omitempty"`
	Evidence []Evidence `json:"evidence"`
}

type Evidence struct {
	URL     string `json:"url"`
	FoundOn string `json:"found_on,omitempty"`
	Matched string `json:"matched,omitempty"`
	Snippet string `json:"snippet,omitempty"`
}

func readExport(file string) (*Export, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var e Export
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	if len(e.Practices) == 0 {
		return nil, fmt.Errorf("%s: export has no practices", file)
	}
	return &e, nil
}

// positive is the protocol's rule: partial evidence is still a claim a person must be able to check.
func positive(status string) bool { return status == "met" || status == "partial" }

// Counts is a confusion matrix.
type Counts struct {
	TP, FP, FN, TN int
}

func (c *Counts) add(o Counts) {
	c.TP += o.TP
	c.FP += o.FP
	c.FN += o.FN
	c.TN += o.TN
}

func (c *Counts) count(outcome string) {
	switch outcome {
	case "TP":
		c.TP++
	case "FP":
		c.FP++
	case "FN":
		c.FN++
	case "TN":
		c.TN++
	}
}

// ratio returns ok=false for 0/0, which is "no information", not zero.
func ratio(n, d int) (float64, bool) {
	if d == 0 {
		return 0, false
	}
	return float64(n) / float64(d), true
}

func (c Counts) Precision() (float64, bool) { return ratio(c.TP, c.TP+c.FP) }
func (c Counts) Recall() (float64, bool)    { return ratio(c.TP, c.TP+c.FN) }

// MarshalJSON adds precision and recall, null when undefined, so consumers need not recompute.
func (c Counts) MarshalJSON() ([]byte, error) {
	opt := func(v float64, ok bool) *float64 {
		if !ok {
			return nil
		}
		return &v
	}
	return json.Marshal(struct {
		TP        int      `json:"tp"`
		FP        int      `json:"fp"`
		FN        int      `json:"fn"`
		TN        int      `json:"tn"`
		Precision *float64 `json:"precision"`
		Recall    *float64 `json:"recall"`
	}{c.TP, c.FP, c.FN, c.TN, opt(c.Precision()), opt(c.Recall())})
}

// Pair is one scored (site, practice) verdict with what both sides said, so a reader can
// check a false positive against the scanner's evidence and a false negative against the label.
type Pair struct {
	Site      string `json:"site"`
	Practice  string `json:"practice"`
	Outcome   string `json:"outcome"`
	Label     bool   `json:"label"`
	Predicted bool   `json:"predicted"`
	// Status is the scanner's status, "missing" when the export lacks the practice and
	// "scan_failed" when there is no usable export.
	Status        string     `json:"status"`
	Reason        string     `json:"reason,omitempty"`
	Evidence      []Evidence `json:"evidence,omitempty"`
	LabelEvidence string     `json:"label_evidence,omitempty"`
	LabelQuote    string     `json:"label_quote,omitempty"`
	LabelNote     string     `json:"label_note,omitempty"`
	LabelRendered bool       `json:"label_rendered,omitempty"`
}

// siteScore compares one site's export with its labels. A nil export (failed scan) predicts
// nothing, so every labelled positive becomes a false negative.
func siteScore(site string, practices []string, labels map[string]Label, exp *Export) (pairs []Pair, doubt, unlabeled, missing []string) {
	byID := map[string]ExportPractice{}
	if exp != nil {
		for _, p := range exp.Practices {
			byID[p.ID] = p
		}
	}
	for _, id := range practices {
		l, ok := labels[id]
		if !ok || l.Met == nil {
			unlabeled = append(unlabeled, id)
			continue
		}
		if l.Doubt {
			doubt = append(doubt, id)
			continue
		}
		p := Pair{Site: site, Practice: id, Label: *l.Met, LabelEvidence: l.Evidence, LabelQuote: l.Quote, LabelNote: l.Note, LabelRendered: l.Rendered}
		switch ep, found := byID[id]; {
		case exp == nil:
			p.Status = "scan_failed"
		case !found:
			p.Status = "missing"
			missing = append(missing, id)
		default:
			p.Status, p.Reason = ep.Status, ep.Reason
			p.Predicted = positive(ep.Status)
			if p.Predicted {
				p.Evidence = ep.Evidence
			}
		}
		switch {
		case p.Label && p.Predicted:
			p.Outcome = "TP"
		case p.Predicted:
			p.Outcome = "FP"
		case p.Label:
			p.Outcome = "FN"
		default:
			p.Outcome = "TN"
		}
		pairs = append(pairs, p)
	}
	return pairs, doubt, unlabeled, missing
}

// included decides whether a needs_js site's verdicts belong in the headline totals: scoring a
// site whose content only exists after rendering is fair only if the scanner rendered something.
func included(s Site, exp *Export, render string, force bool) (bool, string) {
	switch {
	case !s.NeedsJS:
		return true, "static"
	case force:
		return true, "--include-js"
	case render == "never":
		return false, "--render never"
	case exp == nil:
		return false, "no export"
	case exp.Render == nil || exp.Render.PagesRendered == 0:
		return false, "no page rendered"
	default:
		return true, fmt.Sprintf("%d pages rendered", exp.Render.PagesRendered)
	}
}
