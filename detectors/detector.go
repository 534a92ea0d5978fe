// Package detectors turns a crawl snapshot into findings: for each practice a status and
// the evidence a person can open to check it.
//
// Detectors are streaming: the scan (or a re-score of a stored snapshot) passes every
// fetched page through each detector's Run once, while the page's DOM is still in memory,
// and then asks each Run for its findings. Detectors never fetch anything themselves.
package detectors

import (
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/portalscan/portalscan/crawler/page"
)

// Status is the verdict on one practice.
type Status string

const (
	Met           Status = "met"
	Partial       Status = "partial"
	NotMet        Status = "not_met"
	NotObservable Status = "not_observable"
	NotApplicable Status = "not_applicable"
)

// Reasons a practice could not be observed.
const (
	ReasonRobots      = "robots"       // robots.txt disallowed the pages that would show it
	ReasonFetchFailed = "fetch_failed" // the pages that would show it could not be fetched
	ReasonNoBrowser   = "no_browser"   // it needs rendering and no browser was available
	ReasonManual      = "manual"       // only a person can judge it
	ReasonNoDetector  = "no_detector"  // the catalogue has no automatic detector for it yet
)

// Evidence is something a person can open and check.
type Evidence struct {
	URL      string `json:"url"`                // what was found: a link target, a page, or a section (#anchor)
	FoundOn  string `json:"found_on,omitempty"` // the page on which it was found
	Matched  string `json:"matched"`            // what matched: rule or signal name and the matched text
	Snippet  string `json:"snippet,omitempty"`  // a short verbatim excerpt (escaping is the output's job)
	Gated    bool   `json:"gated,omitempty"`    // the target sits behind a login wall
	Error    string `json:"error,omitempty"`    // the fetch of an in-scope target failed
	Detector string `json:"detector,omitempty"`
}

// Finding is a detector's verdict on one practice.
type Finding struct {
	Practice string     `json:"practice"`
	Status   Status     `json:"status"`
	Reason   string     `json:"reason,omitempty"` // for not_observable
	Evidence []Evidence `json:"evidence,omitempty"`
	Detector string     `json:"detector"`
	Note     string     `json:"note,omitempty"`
}

// Doc documents a detector: what it looks for, why it matters, how to fix a miss.
type Doc struct {
	Name      string   `json:"name"`
	Practices []string `json:"practices"`
	Looks     string   `json:"looks_for"`
	Why       string   `json:"why"`
	Fix       string   `json:"fix"`
}

// Env is what a detector knows about the scan before any page arrives.
type Env struct {
	StartURL string // normalised start URL
	Host     string // scanned host (with port)
	Rendered bool   // a browser was available for rendering
	// Now is when the snapshot was taken (the crawl's start); zero when unknown. Practices
	// about freshness (a changelog's latest entry) are judged against it, so re-scoring an
	// old snapshot judges it as of its crawl, not as of today.
	Now time.Time

	shared *shared // per-snapshot page facts, set by NewEngine; a Run begun alone makes its own
}

// Index answers questions about the whole crawl once every page has passed: whether an
// in-scope URL was fetched and how it went. Built by the pipeline, shared by all runs.
type Index interface {
	// Lookup returns the fetch record for a URL (fragment ignored, normalised as the crawler
	// does) and whether it was fetched at all.
	Lookup(url string) (*page.Fetch, bool)
	// InScope reports whether the crawler would have fetched a URL.
	InScope(url string) bool
	// Pages lists every fetch record in completion order.
	Pages() []*page.Fetch
}

// Run is one detector's pass over one snapshot.
type Run interface {
	// Page is called once per fetched resource (pages, probes, known files), in completion
	// order, from a single goroutine. p.Doc (and its DOM) is valid only during the call.
	Page(p *page.Page)
	// Finish returns the findings. Evidence order must not depend on page arrival order.
	Finish(idx Index) []Finding
}

// Detector makes Runs. Detectors are stateless; state lives in the Run.
type Detector interface {
	Doc() Doc
	Begin(env Env) Run
}

var (
	regMu    sync.Mutex
	registry = map[string]Detector{}
)

// Register adds a detector; a duplicate name is a programming error and panics at init.
func Register(d Detector) {
	regMu.Lock()
	defer regMu.Unlock()
	name := d.Doc().Name
	if _, dup := registry[name]; dup {
		panic(fmt.Sprintf("detectors: duplicate detector %q", name))
	}
	registry[name] = d
}

// All returns the registered detectors sorted by name.
func All() []Detector {
	regMu.Lock()
	defer regMu.Unlock()
	out := make([]Detector, 0, len(registry))
	for _, d := range registry {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Doc().Name < out[j].Doc().Name })
	return out
}

// Lookup returns a registered detector by name.
func Lookup(name string) (Detector, bool) {
	regMu.Lock()
	defer regMu.Unlock()
	d, ok := registry[name]
	return d, ok
}

// Version identifies the detector set; bump it whenever a detector's behaviour changes so
// stored assessments can tell they need re-scoring.
const Version = "0.3.0"
