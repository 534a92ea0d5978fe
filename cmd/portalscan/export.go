package main

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/portalscan/portalscan/crawler"
	"github.com/portalscan/portalscan/crawler/page"
	"github.com/portalscan/portalscan/detectors"
	"github.com/portalscan/portalscan/scoring"
	"github.com/portalscan/portalscan/store"
)

// ExportSchemaVersion is bumped when the export's shape changes incompatibly.
const ExportSchemaVersion = "1.0"

//go:embed export.schema.json
var exportSchema []byte

// assessmentRecord is what the store keeps per crawl after detection and scoring.
type assessmentRecord struct {
	Crawl       uint64                `json:"crawl"`
	Created     time.Time             `json:"created"`
	Rescored    *time.Time            `json:"rescored,omitempty"`
	ToolVersion string                `json:"tool_version"`
	Kind        string                `json:"kind"`
	KindReasons []string              `json:"kind_reasons"`
	Render      renderInfo            `json:"render"`
	Soft404     bool                  `json:"soft404"`
	Title       string                `json:"title,omitempty"`
	Findings    []detectors.Finding   `json:"findings"`
	Assessment  *scoring.Assessment   `json:"assessment"`
	Gating      []detectors.GatedItem `json:"gating"`
}

type renderInfo struct {
	Mode          string `json:"mode"`      // what was asked: auto, always, never
	Effective     string `json:"effective"` // what happened
	PagesRendered int    `json:"pages_rendered"`
	Browser       string `json:"browser,omitempty"`
	Note          string `json:"note,omitempty"`
}

// Export is the versioned JSON document an analyst reviews; export.schema.json describes it.
type Export struct {
	SchemaVersion string     `json:"schema_version"`
	Tool          toolInfo   `json:"tool"`
	Portal        portalInfo `json:"portal"`
	Crawl         crawlInfo  `json:"crawl"`
	Kind          string     `json:"kind"`
	KindReasons   []string   `json:"kind_reasons"`
	Render        renderInfo `json:"render"`
	*scoring.Assessment
	// [reviews] Practices shadows Assessment.Practices in JSON (the shallower field wins):
	// the same practices, with the review markers of analyst overrides (review.go).
	Practices []scoring.ReviewedPractice `json:"practices"`
	Reviews   *reviewSummary             `json:"reviews,omitempty"` // set when the portal has overrides for this crawl
	Gating    []detectors.GatedItem      `json:"gating"`
	Pages     []pageInfo                 `json:"pages"`
}

type toolInfo struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type portalInfo struct {
	ID    string `json:"id"`
	URL   string `json:"url"`
	Title string `json:"title"`
}

type crawlInfo struct {
	ID       uint64          `json:"id"`
	Started  time.Time       `json:"started"`
	Finished *time.Time      `json:"finished"`
	Status   string          `json:"status"`
	Error    string          `json:"error,omitempty"`
	Soft404  bool            `json:"soft404"`
	Options  json.RawMessage `json:"options"`
	Stats    json.RawMessage `json:"stats"`
	Rescored *time.Time      `json:"rescored,omitempty"`
}

type pageInfo struct {
	URL         string   `json:"url"`
	FinalURL    string   `json:"final_url"`
	Status      int      `json:"status"`
	Title       string   `json:"title"`
	Error       string   `json:"error"`
	Kind        string   `json:"kind"`
	ContentType string   `json:"content_type,omitempty"`
	Size        int64    `json:"size"`
	Depth       int      `json:"depth"`
	Redirects   []string `json:"redirects,omitempty"`
	Truncated   bool     `json:"truncated,omitempty"`
	FoundOn     string   `json:"found_on,omitempty"`
}

// buildExport assembles the export of one stored crawl.
func buildExport(st *store.Store, crawlID uint64) (*Export, error) {
	return buildExportWith(st, crawlID, nil)
}

// buildExportWith is buildExport with the crawl's fetch records already in memory (a scan
// that just made them), so they are not read back from the store a second time.
func buildExportWith(st *store.Store, crawlID uint64, known []*page.Fetch) (*Export, error) {
	c, err := st.Crawl(crawlID)
	if err != nil {
		return nil, err
	}
	var rec assessmentRecord
	if err := st.Assessment(crawlID, &rec); err != nil {
		return nil, err
	}
	fetches := known
	if fetches == nil {
		stored, err := st.Fetches(crawlID)
		if err != nil {
			return nil, err
		}
		for i := range stored {
			fetches = append(fetches, &stored[i])
		}
	}
	e := &Export{
		SchemaVersion: ExportSchemaVersion,
		Tool:          toolInfo{Name: "portalscan", Version: version},
		Portal:        portalInfo{ID: c.Portal, URL: c.StartURL, Title: rec.Title},
		Crawl: crawlInfo{ID: c.ID, Started: c.Started, Status: c.Status, Error: c.Error, Soft404: rec.Soft404,
			Options: orNull(c.Options), Stats: orNull(c.Stats), Rescored: rec.Rescored},
		Kind:        rec.Kind,
		KindReasons: nonNil(rec.KindReasons),
		Render:      rec.Render,
		Assessment:  rec.Assessment,
		Gating:      rec.Gating,
		Pages:       make([]pageInfo, 0, len(fetches)),
	}
	if e.Gating == nil {
		e.Gating = []detectors.GatedItem{}
	}
	// [reviews] Analyst overrides apply when an export is built, never to the stored record.
	if err := applyReviews(st, e, &rec); err != nil {
		return nil, err
	}
	if !c.Finished.IsZero() {
		f := c.Finished
		e.Crawl.Finished = &f
	}
	for _, f := range fetches {
		final := f.FinalURL
		if final == "" {
			final = f.URL
		}
		e.Pages = append(e.Pages, pageInfo{URL: f.URL, FinalURL: final, Status: f.Status, Title: f.Title, Error: f.Error,
			Kind: string(f.Kind), ContentType: f.ContentType, Size: f.Size, Depth: f.Depth, Redirects: f.Redirects,
			Truncated: f.Truncated, FoundOn: f.FoundOn})
	}
	return e, nil
}

func orNull(r json.RawMessage) json.RawMessage {
	if len(r) == 0 {
		return json.RawMessage("null")
	}
	return r
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// writeJSON writes v as indented JSON to path ("-" for stdout), atomically for files so
// an interrupted write never leaves half a document where a good one was.
func writeJSON(path string, stdout io.Writer, v any) error {
	raw, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(path, stdout, append(raw, '\n'), 0o600)
}

// writeAtomic writes raw to path ("-" for stdout) through a temporary file renamed into
// place, so a reader never sees half a file and a failed write leaves the old one.
func writeAtomic(path string, stdout io.Writer, raw []byte, mode os.FileMode) error {
	if path == "-" {
		_, err := stdout.Write(raw)
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".portalscan-*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrapPathErr(err))
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(raw); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrapPathErr(err))
	}
	return nil
}

func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// checkWritable fails early, before a long crawl, when the output cannot be written.
func checkWritable(path string) error {
	if path == "" || path == "-" {
		return nil
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("cannot write %s: it is a directory", path)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".portalscan-check-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrapPathErr(err))
	}
	tmp.Close()
	os.Remove(tmp.Name())
	return nil
}

// resolveCrawl finds the crawl a command means: the newest complete crawl of PORTAL (any URL
// form that normalises to the portal's id), or an explicit crawl id.
func resolveCrawl(st *store.Store, portalArg string, crawlArg string) (uint64, error) {
	id, err := crawler.PortalID(portalArg)
	if err != nil {
		return 0, usageError{err}
	}
	crawls, err := st.Crawls(id)
	if err != nil {
		return 0, err
	}
	if len(crawls) == 0 {
		return 0, fmt.Errorf("portal %s is not in the store %s (see 'portalscan list')", id, st.Path())
	}
	if crawlArg != "" {
		n, err := strconv.ParseUint(crawlArg, 10, 64)
		if err != nil {
			return 0, usageError{fmt.Errorf("crawl %q: want a crawl number from 'portalscan list'", crawlArg)}
		}
		for _, c := range crawls {
			if c.ID == n {
				return n, nil
			}
		}
		return 0, fmt.Errorf("crawl %d is not a crawl of %s", n, id)
	}
	for _, c := range crawls {
		if c.Status == store.CrawlComplete {
			return c.ID, nil
		}
	}
	return 0, fmt.Errorf("portal %s has no complete crawl (latest: %s)", id, crawls[0].Status)
}

func newExportCmd(g *globals) *cobra.Command {
	var format, output, crawlArg string
	cmd := &cobra.Command{
		Use:   "export PORTAL",
		Short: "Write the assessment of a portal's latest complete crawl as JSON or CSV",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "json" && format != "csv" { // [reviews] csv: one row per practice
				return usageError{fmt.Errorf("--format %q: want json or csv", format)}
			}
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
			e, err := buildExport(st, id)
			if err != nil {
				return err
			}
			if format == "csv" {
				return writeCSV(output, g.stdout, e)
			}
			return writeJSON(output, g.stdout, e)
		},
	}
	cmd.Flags().StringVar(&format, "format", "json", "output format: json or csv (one row per practice, for review in a spreadsheet)")
	cmd.Flags().StringVarP(&output, "output", "o", "-", "output file, - for stdout")
	cmd.Flags().StringVar(&crawlArg, "crawl", "", "crawl number (default: the latest complete crawl)")
	return cmd
}

func newListCmd(g *globals) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the portals and crawls in the store",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			st, err := g.openStoreRead()
			if errors.Is(err, store.ErrNotFound) {
				if format == "json" {
					return writeJSON("-", g.stdout, map[string]any{"portals": []any{}})
				}
				fmt.Fprintf(g.stdout, "no portals yet (store %s does not exist)\n", g.db)
				return nil
			}
			if err != nil {
				return err
			}
			portals, err := st.Portals()
			if err != nil {
				return err
			}
			type row struct {
				store.Portal
				Crawls []store.Crawl `json:"crawls"`
			}
			var rows []row
			for _, p := range portals {
				cs, err := st.Crawls(p.ID)
				if err != nil {
					return err
				}
				rows = append(rows, row{p, cs})
			}
			if format == "json" {
				if rows == nil {
					rows = []row{}
				}
				return writeJSON("-", g.stdout, map[string]any{"portals": rows})
			}
			if len(rows) == 0 {
				fmt.Fprintln(g.stdout, "no portals yet")
				return nil
			}
			for _, r := range rows {
				title := r.Title
				if title != "" {
					title = "  " + strings.TrimSpace(title)
				}
				fmt.Fprintf(g.stdout, "%s%s\n", r.ID, title)
				for _, c := range r.Crawls {
					fmt.Fprintf(g.stdout, "  crawl %-4d %s  %-10s %4d pages\n", c.ID, c.Started.Local().Format("2006-01-02 15:04"), c.Status, c.Pages)
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output format: table or json")
	return cmd
}
