package render

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

// redocLike builds a large reference page from data, as API renderers do.
const redocLike = `<!doctype html><html><head><title>Reference</title></head><body><redoc></redoc><script>
const ops = [];
for (let i = 0; i < 300; i++) ops.push({id: "op" + i, method: ["get","post","put","delete"][i % 4], path: "/v1/resources/" + i,
  summary: "Operation number " + i + " manages a resource and returns its representation."});
setTimeout(() => {
  const r = document.querySelector("redoc");
  r.innerHTML = "<nav>" + ops.map(o => "<a href='#" + o.id + "'>" + o.method + " " + o.path + "</a>").join("") + "</nav>" +
    "<main>" + ops.map(o => "<section id='" + o.id + "'><h2>" + o.summary + "</h2><pre><code>curl -X " + o.method.toUpperCase() +
    " https://api.example.test" + o.path + "</code></pre><table><tr><td>id</td><td>string</td><td>The identifier.</td></tr></table></section>").join("") + "</main>";
}, 30);
</script></body></html>`

// TestMeasure reports render times and the browser's memory. It is a measurement, not a
// check: run it with PORTALSCAN_RENDER_MEASURE=1 go test -run TestMeasure -v ./crawler/render/
func TestMeasure(t *testing.T) {
	if os.Getenv("PORTALSCAN_RENDER_MEASURE") == "" {
		t.Skip("set PORTALSCAN_RENDER_MEASURE=1")
	}
	s := newSite(t, map[string]http.HandlerFunc{
		"/static":       html(`<html><body><h1>Changelog</h1><p>` + prose(3000) + `</p></body></html>`),
		"/spa":          html(spaShell),
		"/api/nav.json": jsonBody(navJSON),
		"/redoc":        html(redocLike),
		"/redirect":     html(`<html><head><script>location.replace("/static")</script></head><body></body></html>`),
	})
	for _, settle := range []time.Duration{500 * time.Millisecond, 200 * time.Millisecond} {
		startAt := time.Now()
		r := startRenderer(t, Options{AllowHost: onlyHost(s.host()), Settle: settle})
		t.Logf("settle %v: browser start %v", settle, time.Since(startAt))
		var all []time.Duration
		for _, p := range []string{"/static", "/spa", "/redoc", "/redirect"} {
			var ds []time.Duration
			for range 5 {
				res, err := r.Render(context.Background(), s.URL+p)
				if err != nil {
					t.Fatal(err)
				}
				ds = append(ds, res.Duration)
			}
			all = append(all, ds...)
			t.Logf("settle %v: %-9s median %v (of %v)", settle, p, median(ds), ds)
		}
		t.Logf("settle %v: all pages median %v", settle, median(all))
	}

	// Peak memory of the whole browser tree while it renders a simple page in a fresh
	// browser. RSS counts shared pages (the binary, libraries) once per process; PSS
	// divides them among the sharers, so the PSS sum is the tree's real footprint.
	r := startRenderer(t, Options{AllowHost: onlyHost(s.host()), Settle: 500 * time.Millisecond})
	var mu sync.Mutex
	var peakRSS, peakPSS, peakProcs int
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			rss, pss, n := treeMemory(r)
			mu.Lock()
			peakRSS, peakPSS, peakProcs = max(peakRSS, rss), max(peakPSS, pss), max(peakProcs, n)
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	idleRSS, idlePSS, idleN := treeMemory(r)
	if _, err := r.Render(context.Background(), s.URL+"/static"); err != nil {
		t.Fatal(err)
	}
	close(stop)
	<-done
	t.Logf("idle browser: %d processes, RSS sum %d MiB, PSS sum %d MiB", idleN, idleRSS>>10, idlePSS>>10)
	t.Logf("peak during a simple render: %d processes, RSS sum %d MiB, PSS sum %d MiB", peakProcs, peakRSS>>10, peakPSS>>10)
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// treeMemory sums RSS and PSS (KiB) over the browser's live processes.
func treeMemory(r *Renderer) (rss, pss, n int) {
	pids := processesUsing(r.dir)
	for _, p := range liveGroup(r.pid) {
		if exePath(p) == r.exe && !slices.Contains(pids, p) {
			pids = append(pids, p)
		}
	}
	for _, pid := range pids {
		raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/smaps_rollup")
		if err != nil {
			continue
		}
		n++
		rss += kib(raw, "Rss:")
		pss += kib(raw, "Pss:")
	}
	return rss, pss, n
}

func kib(raw []byte, field string) int {
	for line := range bytes.SplitSeq(raw, []byte("\n")) {
		if rest, ok := bytes.CutPrefix(line, []byte(field)); ok {
			f := bytes.Fields(rest)
			if len(f) > 0 {
				v, _ := strconv.Atoi(string(f[0]))
				return v
			}
		}
	}
	return 0
}
