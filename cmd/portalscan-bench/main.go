// Command portalscan-bench measures portalscan on synthetic portals served on loopback:
// pages per second of a full scan with politeness off (beside a bare colly crawler that
// only follows links), detector + scoring time per page, store bytes per page and the peak
// RSS of the scanning process; the default polite settings are timed on the smallest
// portal only. `make bench` runs it.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/portalscan/portalscan/crawler/page"
	"github.com/portalscan/portalscan/detectors"
	"github.com/portalscan/portalscan/scoring"
)

type row struct {
	Name        string  `json:"name"`
	Pages       int     `json:"pages"`
	Seconds     float64 `json:"seconds"`
	PagesPerSec float64 `json:"pages_per_sec"`
	PeakRSSMB   float64 `json:"peak_rss_mb,omitempty"`
	StoreBytes  int64   `json:"store_bytes,omitempty"`
	BytesPage   float64 `json:"store_bytes_per_page,omitempty"`
	Note        string  `json:"note,omitempty"`
}

func main() {
	bin := flag.String("bin", "bin/portalscan", "portalscan binary")
	sizesFlag := flag.String("sizes", "1000,10000,50000", "synthetic portal sizes (pages)")
	polite := flag.Bool("polite", true, "also time the default polite settings on the smallest portal")
	out := flag.String("out", ".bench", "directory for bench.json and scratch stores")
	serveOnly := flag.Int("serve", 0, "only serve a synthetic portal of this many pages and print its URL (for profiling)")
	flag.Parse()
	if *serveOnly > 0 {
		url, _ := serve(&synthPortal{n: *serveOnly})
		fmt.Println(url)
		select {}
	}
	if _, err := os.Stat(*bin); err != nil {
		fatal("no scanner at %s (run make build): %v", *bin, err)
	}
	var sizes []int
	for _, s := range strings.Split(*sizesFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 10 {
			fatal("--sizes: %q is not a page count of at least 10", s)
		}
		sizes = append(sizes, n)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fatal("%v", err)
	}
	var rows []row
	for _, n := range sizes {
		url, stop := serve(&synthPortal{n: n})
		rows = append(rows, bareColly(url, n))
		rows = append(rows, scan(*bin, *out, url, n, true))
		if *polite && n == sizes[0] {
			rows = append(rows, scan(*bin, *out, url, n, false))
		}
		stop()
	}
	// The synthetic servers and bare colly leave their garbage in this process; the detectors'
	// time per page should not include collecting it.
	runtime.GC()
	det := detectorCost(2000)
	printTable(rows, det)
	raw, _ := json.MarshalIndent(map[string]any{
		"go": runtime.Version(), "cpus": runtime.NumCPU(), "os": runtime.GOOS + "/" + runtime.GOARCH,
		"scans": rows, "detectors": det,
	}, "", "  ")
	if err := os.WriteFile(filepath.Join(*out, "bench.json"), raw, 0o644); err != nil {
		fatal("%v", err)
	}
}

func fatal(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "portalscan-bench: "+format+"\n", a...)
	os.Exit(1)
}

func serve(h http.Handler) (string, func()) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fatal("listen: %v", err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String() + "/", func() { srv.Close() }
}

// bareColly is the yardstick: colly following every link with no politeness, no parsing
// beyond colly's own, no storage.
func bareColly(start string, n int) row {
	var count atomic.Int64
	host := strings.TrimSuffix(strings.TrimPrefix(start, "http://"), "/")
	c := colly.NewCollector(colly.Async(true), colly.URLFilters(regexp.MustCompile("^"+regexp.QuoteMeta("http://"+host+"/"))))
	c.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: 16})
	c.OnResponse(func(r *colly.Response) { count.Add(1) })
	c.OnHTML("a[href]", func(e *colly.HTMLElement) {
		if count.Load() < int64(n) {
			e.Request.Visit(e.Attr("href"))
		}
	})
	t0 := time.Now()
	c.Visit(start)
	c.Wait()
	sec := time.Since(t0).Seconds()
	got := int(count.Load())
	return row{Name: fmt.Sprintf("bare colly, %d-page portal", n), Pages: got, Seconds: sec, PagesPerSec: float64(got) / sec,
		Note: "follows links only; reaches what random links reach"}
}

func scan(bin, out, url string, n int, fast bool) row {
	db := filepath.Join(out, fmt.Sprintf("bench-%d-%v.db", n, fast))
	os.Remove(db)
	js := filepath.Join(out, fmt.Sprintf("bench-%d-%v.json", n, fast))
	budget := n + 10
	name := fmt.Sprintf("portalscan, %d-page portal, politeness off", n)
	if !fast {
		// Polite settings pace one host at about four pages a second by design; a 150-page
		// budget (an analyst's quick look) keeps make bench under ten minutes.
		budget = min(n, politeBudget)
		name = fmt.Sprintf("portalscan, %d-page portal, polite defaults, --max-pages %d", n, budget)
	}
	args := []string{"scan", url, "--db", db, "--json", js, "--max-pages", strconv.Itoa(budget), "--depth", "1000",
		"--render", "never", "--log-level", "warn", "--no-progress"}
	if fast {
		args = append(args, "--no-politeness")
	}
	cmd := exec.Command(bin, args...)
	cmd.Stderr = os.Stderr
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		fatal("%s: %v", name, err)
	}
	hwm := watchPeakRSS(cmd.Process.Pid)
	if err := cmd.Wait(); err != nil {
		fatal("%s: %v", name, err)
	}
	sec := time.Since(t0).Seconds()
	rss := hwm()
	if rss == 0 {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			rss = float64(ru.Maxrss) / 1024 // KiB on Linux
		}
	}
	var e struct {
		Pages []struct {
			Kind   string `json:"kind"`
			Status int    `json:"status"`
		} `json:"pages"`
	}
	raw, err := os.ReadFile(js)
	if err == nil {
		err = json.Unmarshal(raw, &e)
	}
	if err != nil {
		fatal("%s: export: %v", name, err)
	}
	pages := 0
	for _, p := range e.Pages {
		if p.Kind == "page" && p.Status == 200 {
			pages++
		}
	}
	size := storeBytes(db)
	os.Remove(db)
	os.Remove(js)
	return row{Name: name, Pages: pages, Seconds: sec, PagesPerSec: float64(pages) / sec, PeakRSSMB: rss,
		StoreBytes: size, BytesPage: float64(size) / float64(max(pages, 1))}
}

// storeBytes is the space the store takes on disk. bbolt grows its file in steps of up to
// 16 MiB by truncating it longer, so the file's apparent size of a small store is mostly a
// sparse tail that takes no disk; the allocated blocks are what a tracker of hundreds of
// portals pays for.
func storeBytes(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && st.Blocks > 0 {
		return min(fi.Size(), st.Blocks*512)
	}
	return fi.Size()
}

// watchPeakRSS polls the scanner's VmHWM (its own high-water mark) until it exits and
// returns a function giving the last value in MB (0 where /proc is missing). The rusage of
// a child is no good here: Linux carries ru_maxrss across exec, and a child forked from this
// process (which just crawled a 50k-page portal with colly) starts with our peak.
func watchPeakRSS(pid int) func() float64 {
	var peak atomic.Int64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		file := fmt.Sprintf("/proc/%d/status", pid)
		for {
			if raw, err := os.ReadFile(file); err == nil {
				for _, line := range strings.Split(string(raw), "\n") {
					if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
						if kb, err := strconv.ParseInt(f[1], 10, 64); err == nil && kb > peak.Load() {
							peak.Store(kb)
						}
					}
				}
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() float64 {
		close(done)
		<-stopped
		return float64(peak.Load()) / 1024
	}
}

// politeBudget is the page budget of the polite-defaults run.
const politeBudget = 150

type detCost struct {
	Pages          int     `json:"pages"`
	ParseUSPerPage float64 `json:"parse_us_per_page"`
	DetectUSPage   float64 `json:"detect_us_per_page"`
	ScoreMS        float64 `json:"score_ms"`
	TotalUSPage    float64 `json:"detect_and_score_us_per_page"`
}

// detectorCost times the detectors and the scorer on parsed synthetic pages, without the
// network and the store: the per-page cost a crawl adds on top of fetching.
func detectorCost(n int) detCost {
	sp := &synthPortal{n: n}
	base := "http://127.0.0.1:1"
	cat, err := scoring.Load()
	if err != nil {
		fatal("catalogue: %v", err)
	}
	// Pages are parsed and passed one at a time, as a scan streams them: holding thousands of
	// DOMs at once would time the garbage collector, not the detectors.
	idx := &memIndex{byURL: map[string]*page.Fetch{}}
	eng := detectors.NewEngine(detectors.Env{StartURL: base + "/", Host: "127.0.0.1:1"}, detectors.All())
	var parse, detect time.Duration
	for i := 0; i < n; i++ {
		body := sp.render(i)
		u := base + sp.pagePath(i)
		t0 := time.Now()
		d, _, err := page.Parse(u, body, "text/html; charset=utf-8")
		if err != nil {
			fatal("parse: %v", err)
		}
		parse += time.Since(t0)
		p := &page.Page{Fetch: page.Fetch{Seq: i + 1, URL: u, FinalURL: u, Status: 200, Kind: page.KindPage,
			ContentType: "text/html; charset=utf-8", Size: int64(len(body)), Depth: 1}, Body: body, Doc: d}
		t1 := time.Now()
		eng.Page(p)
		detect += time.Since(t1)
		idx.add(&p.Fetch)
	}
	t1 := time.Now()
	findings := eng.Finish(idx)
	detect += time.Since(t1)
	t2 := time.Now()
	scoring.Assess(cat, findings, scoring.Options{Kind: "interface"})
	score := time.Since(t2)
	per := func(d time.Duration) float64 { return float64(d.Microseconds()) / float64(n) }
	return detCost{Pages: n, ParseUSPerPage: per(parse), DetectUSPage: per(detect), ScoreMS: float64(score.Microseconds()) / 1000,
		TotalUSPage: per(detect + score)}
}

type memIndex struct {
	byURL map[string]*page.Fetch
	all   []*page.Fetch
}

func (m *memIndex) add(f *page.Fetch) { m.byURL[f.URL] = f; m.all = append(m.all, f) }
func (m *memIndex) Lookup(u string) (*page.Fetch, bool) {
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u = u[:i]
	}
	f, ok := m.byURL[u]
	return f, ok
}
func (m *memIndex) InScope(u string) bool { return strings.HasPrefix(u, "http://127.0.0.1:1/") }
func (m *memIndex) Pages() []*page.Fetch  { return m.all }

func printTable(rows []row, d detCost) {
	fmt.Printf("portalscan bench — %s, %d CPUs, %s/%s\n\n", runtime.Version(), runtime.NumCPU(), runtime.GOOS, runtime.GOARCH)
	fmt.Printf("%-52s %7s %8s %9s %9s %11s\n", "scan", "pages", "seconds", "pages/s", "peak MB", "store B/pg")
	for _, r := range rows {
		rss, bp := "-", "-"
		if r.PeakRSSMB > 0 {
			rss = fmt.Sprintf("%.0f", r.PeakRSSMB)
		}
		if r.BytesPage > 0 {
			bp = fmt.Sprintf("%.0f", r.BytesPage)
		}
		fmt.Printf("%-52s %7d %8.1f %9.0f %9s %11s\n", r.Name, r.Pages, r.Seconds, r.PagesPerSec, rss, bp)
	}
	fmt.Printf("\ndetectors + scoring on %d parsed pages: %.0f µs/page (detectors %.0f µs/page, scoring %.1f ms once); parsing %.0f µs/page\n",
		d.Pages, d.TotalUSPage, d.DetectUSPage, d.ScoreMS, d.ParseUSPerPage)
}
