package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// measureShell is every page of the generated portal as served: a mount point and a bundle.
const measureShell = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Loading…</title>
<script src="/static/js/main.4c1d9e2a.js" defer></script></head><body><div id="root"></div></body></html>`

// measureApp fetches the page's data and writes navigation (links to every page), prose,
// a table and code, as a documentation SPA does.
const measureApp = `(async () => {
  const n = location.pathname === "/" ? 0 : Number(location.pathname.split("/")[2]);
  const data = await (await fetch("/api/pages/" + n + ".json")).json();
  document.title = data.title;
  const nav = Array.from({length: data.total}, (_, i) => "<li><a href='/p/" + i + "/'>Guide " + i + "</a></li>").join("");
  const rows = data.params.map(p => "<tr><td><code>" + p + "</code></td><td>string</td><td>The " + p + " of the request.</td></tr>").join("");
  document.getElementById("root").innerHTML =
    "<header><nav aria-label='Main'><ul>" + nav + "</ul></nav></header>" +
    "<main><h1 id='top'>" + data.title + "</h1>" + data.paragraphs.map(t => "<p>" + t + "</p>").join("") +
    "<h2 id='params'>Parameters</h2><table>" + rows + "</table>" +
    "<h2 id='example'>Example</h2><pre><code class='language-bash'>curl https://api.example.test/v1/guides/" + n + "</code></pre></main>";
})();`

// TestMeasureRendering scans a generated 50-page JavaScript portal with rendering and reports
// the render time per page and the peak memory of the scanner and its browser together. It
// is a measurement, not a check: PORTALSCAN_RENDER_MEASURE=1 go test -run TestMeasureRendering -v ./cmd/portalscan/
func TestMeasureRendering(t *testing.T) {
	if os.Getenv("PORTALSCAN_RENDER_MEASURE") == "" {
		t.Skip("set PORTALSCAN_RENDER_MEASURE=1")
	}
	browser := needBrowser(t)
	const pages = 50
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/" || strings.HasPrefix(r.URL.Path, "/p/"):
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, measureShell)
		case strings.HasPrefix(r.URL.Path, "/static/js/"):
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprint(w, measureApp)
		case strings.HasPrefix(r.URL.Path, "/api/pages/"):
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/api/pages/"), ".json"))
			var paras []string
			for i := range 6 {
				paras = append(paras, fmt.Sprintf("Guide %d, section %d: ", n, i)+strings.Repeat("Requests are authenticated with a bearer token and answered in JSON. ", 6))
			}
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(map[string]any{"title": fmt.Sprintf("Guide %d", n), "total": pages, "paragraphs": paras,
				"params": []string{"id", "limit", "cursor", "fields", "expand"}})
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	tmp := t.TempDir()
	args := []string{"scan", srv.URL, "--db", filepath.Join(t.TempDir(), "m.db"), "--json", filepath.Join(t.TempDir(), "m.json"),
		"--delay", "0s", "--log-level", "debug", "--log-format", "json"}
	if d := os.Getenv("PORTALSCAN_RENDER_MEASURE_DELAY"); d != "" {
		args[len(args)-5] = d
	}
	cmd, _, se := startBin(t, tmp, nil, args...)
	tracker := trackBrowsers(cmd.Process.Pid, browser)
	var peakRSS, peakPSS, peakProcs int
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			rss, pss, n := treeMemory(cmd.Process.Pid)
			peakRSS, peakPSS, peakProcs = max(peakRSS, rss), max(peakPSS, pss), max(peakProcs, n)
			select {
			case <-stop:
				return
			case <-time.After(25 * time.Millisecond):
			}
		}
	}()
	began := time.Now()
	err := cmd.Wait()
	wall := time.Since(began)
	close(stop)
	<-sampled
	if err != nil {
		t.Fatalf("scan: %v\n%s", err, se.String())
	}
	tracker.Check(t)
	assertNothingLeft(t, tmp)

	var ms []int
	sc := bufio.NewScanner(bytes.NewReader(se.Bytes()))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var ev struct {
			Msg       string `json:"message"`
			MS        int    `json:"ms"`
			Rendered  int    `json:"rendered_len"`
			RenderWhy string `json:"render_why"`
		}
		if json.Unmarshal(sc.Bytes(), &ev) == nil && ev.Msg == "fetched" && ev.Rendered > 0 {
			ms = append(ms, ev.MS)
		}
	}
	if len(ms) < pages {
		t.Fatalf("%d pages rendered, want %d\n%s", len(ms), pages, se.String())
	}
	slices.Sort(ms)
	sum := 0
	for _, m := range ms {
		sum += m
	}
	scannerRSS := int64(0)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		scannerRSS = ru.Maxrss << 10
	}
	t.Logf("%d pages rendered in %v wall (2 tabs): per page mean %d ms, median %d ms, p90 %d ms, max %d ms",
		len(ms), wall.Round(time.Millisecond), sum/len(ms), ms[len(ms)/2], ms[len(ms)*9/10], ms[len(ms)-1])
	t.Logf("peak of scanner + browser tree: RSS sum %d MiB, PSS sum %d MiB, %d processes; scanner alone peak RSS %d MiB; %d browser processes over the scan",
		peakRSS>>10, peakPSS>>10, peakProcs, scannerRSS>>20, tracker.Count())
}

// treeMemory sums RSS and PSS (KiB) over root and all its descendants.
func treeMemory(root int) (rss, pss, n int) {
	entries, _ := os.ReadDir("/proc")
	children := map[int][]int{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if ppid, _, ok := procStat(pid); ok {
			children[ppid] = append(children[ppid], pid)
		}
	}
	for queue := []int{root}; len(queue) > 0; queue = queue[1:] {
		pid := queue[0]
		queue = append(queue, children[pid]...)
		raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
		if err != nil {
			continue
		}
		n++
		rss += smapsField(raw, "Rss:")
		pss += smapsField(raw, "Pss:")
	}
	return rss, pss, n
}

func smapsField(raw []byte, field string) int {
	for line := range bytes.SplitSeq(raw, []byte("\n")) {
		if rest, ok := bytes.CutPrefix(line, []byte(field)); ok {
			if f := bytes.Fields(rest); len(f) > 0 {
				v, _ := strconv.Atoi(string(f[0]))
				return v
			}
		}
	}
	return 0
}
