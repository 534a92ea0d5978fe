package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/portalscan/portalscan/fixtures/faultserver"
)

// Safety bounds of the hostile-web issue, at the default settings.
const (
	hostileMaxTime = 150 * time.Second
	hostileMaxRSS  = 300 << 20
)

type hostileCheck func(t *testing.T, pages map[string]exportPage)

type exportPage struct {
	URL       string   `json:"url"`
	FinalURL  string   `json:"final_url"`
	Status    int      `json:"status"`
	Title     string   `json:"title"`
	Error     string   `json:"error"`
	Kind      string   `json:"kind"`
	Size      int64    `json:"size"`
	Truncated bool     `json:"truncated"`
	Redirects []string `json:"redirects"`
}

// failed asserts the URL ending in suffix was recorded with an error or an error status.
func failed(suffix string, want ...string) hostileCheck {
	return func(t *testing.T, pages map[string]exportPage) {
		t.Helper()
		p, ok := findPage(pages, suffix)
		if !ok {
			t.Errorf("%s: not recorded", suffix)
			return
		}
		if p.Error == "" && p.Status < 400 {
			t.Errorf("%s: recorded as a success: %+v", suffix, p)
			return
		}
		for _, w := range want {
			if !strings.Contains(strings.ToLower(p.Error), w) && !strings.Contains(fmt.Sprint(p.Status), w) {
				t.Errorf("%s: error %q (status %d) does not say %q", suffix, p.Error, p.Status, w)
			}
		}
	}
}

func truncatedAt(suffix string, size int64) hostileCheck {
	return func(t *testing.T, pages map[string]exportPage) {
		t.Helper()
		p, ok := findPage(pages, suffix)
		if !ok || !p.Truncated || p.Size > size {
			t.Errorf("%s: want truncated at %d, got %+v", suffix, size, p)
		}
	}
}

func titled(suffix, title string) hostileCheck {
	return func(t *testing.T, pages map[string]exportPage) {
		t.Helper()
		p, ok := findPage(pages, suffix)
		if !ok || p.Title != title {
			t.Errorf("%s: title %q, want %q (%+v)", suffix, p.Title, title, p)
		}
	}
}

func pagesAtMost(n int) hostileCheck {
	return func(t *testing.T, pages map[string]exportPage) {
		t.Helper()
		c := 0
		for _, p := range pages {
			if p.Kind == "page" {
				c++
			}
		}
		if c > n {
			t.Errorf("%d pages crawled, budget %d", c, n)
		}
	}
}

func findPage(pages map[string]exportPage, suffix string) (exportPage, bool) {
	for u, p := range pages {
		if strings.HasSuffix(u, suffix) {
			return p, true
		}
	}
	return exportPage{}, false
}

func TestHostileWeb(t *testing.T) {
	if testing.Short() {
		t.Skip("hostile scenarios take up to a minute")
	}
	bigRobots := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		line := []byte("Disallow: /nothing-here-" + strings.Repeat("x", 80) + "\n")
		w.Write([]byte("User-agent: *\n"))
		for sent := 0; sent < 50<<20; sent += len(line) {
			if _, err := w.Write(line); err != nil {
				return
			}
		}
	}
	selfIndex := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>http://%s/sitemap.xml</loc></sitemap></sitemapindex>`, r.Host)
	}
	bigSitemap := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for i := 0; i < 100000; i++ {
			fmt.Fprintf(&b, "<url><loc>http://%s/s/bigsitemap/changelog?p=%d</loc></url>", r.Host, i)
		}
		b.WriteString("</urlset>")
		w.Write([]byte(b.String()))
	}
	cases := []struct {
		sc     *faultserver.Scenario
		checks []hostileCheck
	}{
		{&faultserver.Scenario{Name: "slow", Links: []string{"slow", "slowloris"}}, []hostileCheck{failed("/slow"), failed("/slowloris")}},
		{&faultserver.Scenario{Name: "broken", Links: []string{"reset", "truncated", "status/500", "status/502", "status/503", "status/429"}},
			[]hostileCheck{failed("/reset"), failed("/truncated"), failed("/status/500", "500"), failed("/status/502", "502"), failed("/status/503", "503"), failed("/status/429", "429")}},
		{&faultserver.Scenario{Name: "redirects", Links: []string{"loop", "chain/0", "offsite", "offsite/private", "offsite/metadata"}},
			[]hostileCheck{failed("/loop", "redirect"), failed("/chain/0", "redirect"), failed("/offsite", "scope"), failed("/offsite/private", "scope"), failed("/offsite/metadata", "scope")}},
		{&faultserver.Scenario{Name: "traps", Links: []string{"calendar/2026/1", "query?q=a", "repeat/"}}, []hostileCheck{pagesAtMost(300)}},
		{&faultserver.Scenario{Name: "huge", Links: []string{"huge", "gzipbomb", "endless"}},
			[]hostileCheck{truncatedAt("/huge", 10<<20), truncatedAt("/gzipbomb", 10<<20), truncatedAt("/endless", 10<<20)}},
		{&faultserver.Scenario{Name: "charsets", Links: []string{"latin1", "win1252", "mismatch", "bom", "malformed", "binary"}},
			[]hostileCheck{titled("/latin1", "Café API"), titled("/win1252", "“Quoted” API €"), titled("/mismatch", "Café"), titled("/bom", "Café ✓"), titled("/malformed", "Broken")}},
		{&faultserver.Scenario{Name: "content", StartTitle: `<script>alert(1)</script> & "q" <img src=x onerror=alert(2)>`, Links: []string{"deep", "bigattr"}},
			[]hostileCheck{failed("/deep", "parse"), titled("/s/content/", `<script>alert(1)</script> & "q" <img src=x onerror=alert(2)>`)}},
		{&faultserver.Scenario{Name: "bigrobots", Robots: bigRobots}, nil},
		{&faultserver.Scenario{Name: "selfindex", Sitemap: selfIndex}, nil},
		{&faultserver.Scenario{Name: "bigsitemap", Sitemap: bigSitemap}, []hostileCheck{pagesAtMost(300)}},
	}
	for _, tc := range cases {
		t.Run(tc.sc.Name, func(t *testing.T) {
			t.Parallel()
			srv := faultserver.New(tc.sc)
			defer srv.Close()
			out := filepath.Join(t.TempDir(), "e.json")
			cmd := exec.Command(binPath, "scan", srv.Start(tc.sc.Name), "--db", filepath.Join(t.TempDir(), "h.db"), "--json", out, "--log-level", "warn", "--render", "never")
			cmd.Env = append(os.Environ(), "XDG_DATA_HOME="+t.TempDir())
			var stderr strings.Builder
			cmd.Stderr = &stderr
			start := time.Now()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("scan failed: %v\n%s", err, stderr.String())
				}
			case <-time.After(hostileMaxTime + 30*time.Second):
				cmd.Process.Kill()
				t.Fatalf("scan did not end within %s", hostileMaxTime)
			}
			took := time.Since(start)
			rss := int64(0)
			if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
				rss = ru.Maxrss << 10
			}
			t.Logf("%-10s %6.1fs  peak RSS %4d MB", tc.sc.Name, took.Seconds(), rss>>20)
			if took > hostileMaxTime {
				t.Errorf("took %s, bound %s", took, hostileMaxTime)
			}
			if rss > hostileMaxRSS {
				t.Errorf("peak RSS %d MB, bound %d MB", rss>>20, hostileMaxRSS>>20)
			}
			raw, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			var e struct {
				Pages []exportPage `json:"pages"`
			}
			if err := json.Unmarshal(raw, &e); err != nil {
				t.Fatal(err)
			}
			pages := map[string]exportPage{}
			for _, p := range e.Pages {
				pages[p.URL] = p
			}
			for _, c := range tc.checks {
				c(t, pages)
			}
		})
	}
}
