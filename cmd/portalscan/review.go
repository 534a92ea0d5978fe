package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/portalscan/portalscan/crawler"
	"github.com/portalscan/portalscan/detectors"
	"github.com/portalscan/portalscan/scoring"
	"github.com/portalscan/portalscan/store"
)

// Review round trip: an analyst edits an export (JSON: a "review" object on a practice; CSV:
// the review_* columns), 'portalscan review import' stores the overrides, and every later
// export, report, history and compare applies them.
//
// Overrides are applied when an assessment is read, never written into the stored record:
// the record stays what the detectors said, so a review can be removed or go stale without
// anything to undo, and an import made after a scan takes effect on that scan at once.

// reviewer applies a portal's stored reviews to stored assessment records.
type reviewer struct {
	reviews []store.Review
	cat     *scoring.Catalogue // loaded only when there are reviews
}

// newReviewer loads a portal's reviews (and the catalogue, when there are any).
func newReviewer(st *store.Store, portal string) (*reviewer, error) {
	rs, err := st.Reviews(portal)
	if err != nil {
		return nil, err
	}
	rv := &reviewer{reviews: rs}
	if len(rs) > 0 {
		if rv.cat, err = scoring.Load(); err != nil {
			return nil, fmt.Errorf("catalogue: %w", err)
		}
	}
	return rv, nil
}

// overrides are the reviews that may apply to a crawl: those made on it or on an earlier
// crawl. A review never reaches back to crawls before the one the analyst looked at, so
// history keeps showing what was known at the time.
func (rv *reviewer) overrides(crawl uint64) scoring.Overrides {
	ov := scoring.Overrides{}
	for _, r := range rv.reviews {
		if r.Crawl > crawl {
			continue
		}
		ov[r.Practice] = scoring.Override{Practice: r.Practice, Status: detectors.Status(r.Status), Note: r.Note, By: r.By, At: r.At, Fingerprint: r.Fingerprint}
	}
	return ov
}

// apply returns the record's assessment with the reviews that hold applied, or nil when the
// record has no assessment. Without reviews for the crawl the stored assessment is returned
// as it is (not re-scored), so exports of unreviewed portals are unchanged byte for byte.
func (rv *reviewer) apply(rec *assessmentRecord) *scoring.Reviewed {
	if rec == nil || rec.Assessment == nil {
		return nil
	}
	ov := rv.overrides(rec.Crawl)
	if len(ov) == 0 {
		out := &scoring.Reviewed{Assessment: rec.Assessment, Practices: make([]scoring.ReviewedPractice, len(rec.Assessment.Practices))}
		for i, p := range rec.Assessment.Practices {
			out.Practices[i] = scoring.ReviewedPractice{PracticeResult: p}
		}
		return out
	}
	r := scoring.AssessWithOverrides(rv.cat, rec.Findings, scoring.Options{Kind: rec.Kind}, ov)
	// The findings are the record's: keep the detector version that produced them.
	r.Assessment.DetectorVersion = rec.Assessment.DetectorVersion
	return r
}

// reviewSummary is the export's reviewed marker: how many overrides were applied to this
// crawl and how many were set aside because the evidence changed.
type reviewSummary struct {
	Applied int `json:"applied"`
	Stale   int `json:"stale"`
}

// applyReviews puts a portal's reviews into an export built from rec.
func applyReviews(st *store.Store, e *Export, rec *assessmentRecord) error {
	rv, err := newReviewer(st, e.Portal.ID)
	if err != nil {
		return err
	}
	r := rv.apply(rec)
	if r == nil {
		return nil
	}
	e.Assessment = r.Assessment
	e.Practices = r.Practices
	if len(rv.overrides(rec.Crawl)) > 0 {
		e.Reviews = &reviewSummary{Applied: r.Applied, Stale: r.Stale}
	}
	return nil
}

// reviewEntry is one override read from an edited export.
type reviewEntry struct {
	Practice string
	Status   string
	Note     string
	By       string
	Stale    bool   // the export marked it review_stale: not imported unless the mark is removed
	Where    string // "practice 12" or "line 14", for messages
}

// reviewFile is what an edited export says: which portal and crawl, and the overrides.
type reviewFile struct {
	Portal  string
	Crawl   uint64
	Entries []reviewEntry
}

// readReviewFile reads an edited JSON or CSV export. The format is taken from the extension,
// else from the first non-blank byte ('{' is JSON).
func readReviewFile(path string) (*reviewFile, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", path, unwrapPathErr(err))
	}
	ext := strings.ToLower(filepath.Ext(path))
	isJSON := ext == ".json" || (ext != ".csv" && bytes.HasPrefix(bytes.TrimLeft(raw, " \t\r\n\ufeff"), []byte("{")))
	if isJSON {
		return parseReviewJSON(path, raw)
	}
	return parseReviewCSV(path, raw)
}

func parseReviewJSON(path string, raw []byte) (*reviewFile, error) {
	var doc struct {
		Portal *struct {
			ID  string `json:"id"`
			URL string `json:"url"`
		} `json:"portal"`
		Crawl *struct {
			ID uint64 `json:"id"`
		} `json:"crawl"`
		Practices []struct {
			ID     string `json:"id"`
			Review *struct {
				Status string `json:"status"`
				Note   string `json:"note"`
				By     string `json:"by"`
			} `json:"review"`
			ReviewStale bool `json:"review_stale"`
		} `json:"practices"`
	}
	if err := json.Unmarshal(bytes.TrimPrefix(raw, []byte("\ufeff")), &doc); err != nil {
		return nil, fmt.Errorf("%s is not a valid portalscan JSON export: %v", path, err)
	}
	if doc.Portal == nil || (doc.Portal.ID == "" && doc.Portal.URL == "") || doc.Practices == nil {
		return nil, fmt.Errorf("%s is not a portalscan export (no portal or practices)", path)
	}
	rf := &reviewFile{Portal: doc.Portal.ID}
	if rf.Portal == "" {
		rf.Portal = doc.Portal.URL
	}
	if doc.Crawl != nil {
		rf.Crawl = doc.Crawl.ID
	}
	for i, p := range doc.Practices {
		if p.Review == nil {
			continue
		}
		where := fmt.Sprintf("practice %d", i+1)
		if p.ID != "" {
			where = fmt.Sprintf("practice %q", p.ID)
		}
		rf.Entries = append(rf.Entries, reviewEntry{Practice: p.ID, Status: strings.TrimSpace(p.Review.Status),
			Note: strings.TrimSpace(p.Review.Note), By: strings.TrimSpace(p.Review.By), Stale: p.ReviewStale, Where: where})
	}
	return rf, nil
}

// importReviews validates a review file against the catalogue and the store and returns the
// reviews to save. Every problem is collected so the analyst fixes the file in one pass.
func importReviews(st *store.Store, cat *scoring.Catalogue, rf *reviewFile, portalFlag, crawlFlag, by string) ([]store.Review, *assessmentRecord, []string, error) {
	portalArg := rf.Portal
	if portalFlag != "" {
		if rf.Portal != "" {
			a, _ := crawler.PortalID(rf.Portal)
			b, _ := crawler.PortalID(portalFlag)
			if a != b {
				return nil, nil, nil, fmt.Errorf("the file is an export of %s, --portal says %s", rf.Portal, portalFlag)
			}
		}
		portalArg = portalFlag
	}
	if portalArg == "" {
		return nil, nil, nil, usageError{errors.New("the file does not say which portal it reviews: give --portal")}
	}
	crawlArg := crawlFlag
	if crawlArg == "" && rf.Crawl != 0 {
		crawlArg = strconv.FormatUint(rf.Crawl, 10)
	}
	crawlID, err := resolveCrawl(st, portalArg, crawlArg)
	if err != nil {
		return nil, nil, nil, err
	}
	rec, err := loadRecord(st, crawlID)
	if err != nil {
		return nil, nil, nil, err
	}
	portal, _ := crawler.PortalID(portalArg)
	// Fingerprints come from the stored findings, never from the file: the analyst may have
	// edited the evidence in the file, and the store is what later crawls are compared with.
	detected := map[string]scoring.PracticeResult{}
	for _, p := range scoring.Assess(cat, rec.Findings, scoring.Options{Kind: rec.Kind}).Practices {
		detected[p.ID] = p
	}
	existing, err := st.Reviews(portal)
	if err != nil {
		return nil, nil, nil, err
	}
	old := map[string]store.Review{}
	for _, r := range existing {
		old[r.Practice] = r
	}
	var problems, notes []string
	var out []store.Review
	seen := map[string]string{}
	now := time.Now().UTC()
	for _, e := range rf.Entries {
		if e.Stale {
			notes = append(notes, fmt.Sprintf("skipped %s: its review is marked stale (the evidence changed); remove review_stale to confirm it again", e.Where))
			continue
		}
		var bad []string
		pr, known := detected[e.Practice]
		switch {
		case e.Practice == "":
			bad = append(bad, "no practice id")
		case !known:
			bad = append(bad, fmt.Sprintf("unknown practice id %q (see 'portalscan practices')", e.Practice))
		}
		if !scoring.ValidOverrideStatus(detectors.Status(e.Status)) {
			bad = append(bad, fmt.Sprintf("status %q: want one of %s", e.Status, overrideStatusList()))
		}
		who := e.By
		if who == "" {
			who = strings.TrimSpace(by)
		}
		if who == "" {
			bad = append(bad, `no reviewer: set "by" (JSON), review_by (CSV) or --by`)
		}
		if prev, dup := seen[e.Practice]; dup && e.Practice != "" {
			bad = append(bad, fmt.Sprintf("reviewed twice (also %s)", prev))
		}
		seen[e.Practice] = e.Where
		if len(bad) > 0 {
			problems = append(problems, e.Where+": "+strings.Join(bad, ", "))
			continue
		}
		r := store.Review{Portal: portal, Practice: e.Practice, Status: e.Status, Note: e.Note, By: who, At: now,
			Crawl: crawlID, Fingerprint: scoring.Fingerprint(pr.Evidence), DetectorStatus: string(pr.Status)}
		// Re-importing an export that already carries the review must not move it to a later
		// crawl or date: keep the original when nothing changed.
		if o, ok := old[r.Practice]; ok && o.Status == r.Status && o.Note == r.Note && o.By == r.By && o.Fingerprint == r.Fingerprint {
			r = o
		}
		out = append(out, r)
	}
	if len(problems) > 0 {
		return nil, nil, notes, fmt.Errorf("%d problem(s), nothing imported: %s", len(problems), strings.Join(problems, "; "))
	}
	return out, rec, notes, nil
}

func overrideStatusList() string {
	var s []string
	for _, st := range scoring.OverrideStatuses {
		s = append(s, string(st))
	}
	return strings.Join(s, ", ")
}

func newReviewCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "review",
		Short: "Analyst overrides of practice statuses: import an edited export, list, remove",
		Long: `An analyst corrects the detectors by editing an export and importing it:

  JSON  add to a practice  "review": {"status": "met", "note": "why", "by": "Ana"}
  CSV   fill review_status (and review_note, review_by) on the practice's row

Statuses: met, partial, not_met, not_applicable. The override is stored per portal and
practice with a fingerprint of the practice's evidence; exports, reports, history and compare
apply it to that crawl and later ones until the evidence changes (then the export marks it
review_stale and the detectors' status counts again).`,
	}
	var by, portalFlag, crawlFlag string
	imp := &cobra.Command{
		Use:   "import FILE",
		Short: "Store the overrides of an edited JSON or CSV export",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			rf, err := readReviewFile(args[0])
			if err != nil {
				return err
			}
			cat, err := scoring.Load()
			if err != nil {
				return fmt.Errorf("catalogue: %w", err)
			}
			st, err := g.openStore()
			if err != nil {
				return err
			}
			rs, rec, notes, err := importReviews(st, cat, rf, portalFlag, crawlFlag, by)
			for _, n := range notes {
				fmt.Fprintln(g.stderr, n)
			}
			if err != nil {
				return fmt.Errorf("review import %s: %w", args[0], err)
			}
			if len(rs) == 0 {
				return fmt.Errorf("review import %s: no reviews in the file (JSON: add a \"review\" object to a practice; CSV: fill review_status)", args[0])
			}
			if err := st.SaveReviews(rs); err != nil {
				return err
			}
			for _, r := range rs {
				note := ""
				if r.Note != "" {
					note = ": " + oneLine(r.Note, 60)
				}
				fmt.Fprintf(g.stdout, "  %-28s %s -> %s (by %s)%s\n", r.Practice, r.DetectorStatus, r.Status, oneLine(r.By, 30), note)
			}
			fmt.Fprintf(g.stdout, "%d review(s) stored for %s, from crawl %d\n", len(rs), rs[0].Portal, rec.Crawl)
			// Say at once when the latest crawl already has other evidence than the reviewed one.
			if latest, err := resolveCrawl(st, rs[0].Portal, ""); err == nil && latest != rec.Crawl {
				if lrec, err := loadRecord(st, latest); err == nil {
					rv, _ := newReviewer(st, rs[0].Portal)
					if r := rv.apply(lrec); r != nil && r.Stale > 0 {
						fmt.Fprintf(g.stdout, "note: %d review(s) are stale for the latest crawl %d (its evidence differs)\n", r.Stale, latest)
					}
				}
			}
			return nil
		},
	}
	imp.Flags().StringVar(&by, "by", "", "reviewer name for overrides that do not name one")
	imp.Flags().StringVar(&portalFlag, "portal", "", "portal the file reviews (default: the portal named in the file)")
	imp.Flags().StringVar(&crawlFlag, "crawl", "", "crawl whose evidence was reviewed (default: the file's crawl, else the latest complete crawl)")

	var format string
	list := &cobra.Command{
		Use:   "list PORTAL",
		Short: "List a portal's overrides and whether they still hold on its latest crawl",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			st, id, err := g.openPortal(args[0])
			if err != nil {
				return err
			}
			rv, err := newReviewer(st, id)
			if err != nil {
				return err
			}
			state := map[string]string{}
			latest, lerr := resolveCrawl(st, id, "")
			if lerr == nil {
				if rec, err := loadRecord(st, latest); err == nil {
					if r := rv.apply(rec); r != nil {
						for _, p := range r.Practices {
							switch {
							case p.Reviewed:
								state[p.ID] = "applied"
							case p.ReviewStale:
								state[p.ID] = "stale"
							case p.Review != nil:
								state[p.ID] = "not applicable to this kind"
							}
						}
					}
				}
			}
			type row struct {
				store.Review
				State string `json:"state"` // on the latest complete crawl
			}
			rows := []row{}
			for _, r := range rv.reviews {
				s := state[r.Practice]
				if s == "" {
					s = "not applied"
				}
				rows = append(rows, row{r, s})
			}
			if format == "json" {
				return writeJSON("-", g.stdout, map[string]any{"portal": id, "latest_crawl": latest, "reviews": rows})
			}
			if len(rows) == 0 {
				fmt.Fprintf(g.stdout, "no reviews for %s\n", id)
				return nil
			}
			fmt.Fprintf(g.stdout, "%s (state on crawl %d)\n", id, latest)
			for _, r := range rows {
				fmt.Fprintf(g.stdout, "  %-28s %-14s %-8s by %-16s crawl %-4d %s  %s\n", r.Practice, r.Status, r.State, oneLine(r.By, 16), r.Crawl,
					r.At.Local().Format("2006-01-02"), oneLine(r.Note, 60))
			}
			return nil
		},
	}
	list.Flags().StringVar(&format, "format", "table", "output format: table or json")

	var all bool
	remove := &cobra.Command{
		Use:   "remove PORTAL [PRACTICE...|--all]",
		Short: "Remove overrides; the detectors' verdict counts again",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if all == (len(args) > 1) {
				return usageError{errors.New("give PRACTICE ids or --all (not both)")}
			}
			id, err := crawler.PortalID(args[0])
			if err != nil {
				return usageError{err}
			}
			st, err := g.openStore()
			if err != nil {
				return err
			}
			n, err := st.DeleteReviews(id, args[1:])
			if err != nil {
				return err
			}
			fmt.Fprintf(g.stdout, "%d review(s) removed from %s\n", n, id)
			return nil
		},
	}
	remove.Flags().BoolVar(&all, "all", false, "every override of the portal")
	cmd.AddCommand(imp, list, remove)
	return cmd
}
