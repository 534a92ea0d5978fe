package detectors_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/portalscan/portalscan/detectors"
	"github.com/portalscan/portalscan/detectors/detectortest"
	"github.com/portalscan/portalscan/scoring"
)

// TestCatalogueCoverage holds the detector breadth: every auto practice of the catalogue has
// a detector, every partial practice one that reports candidates, and no detector reports a
// partial practice met on the fixture portals, the near misses or the corpus.
func TestCatalogueCoverage(t *testing.T) {
	cat, err := scoring.Load()
	if err != nil {
		t.Fatal(err)
	}
	mode := map[string]string{}
	counts := map[string][2]int{} // mode -> [with detector, all]
	for _, p := range cat.Practices {
		mode[p.ID] = p.Mode
		c := counts[p.Mode]
		c[1]++
		if len(p.Detectors) > 0 {
			c[0]++
		} else if p.Mode != scoring.ModeManual {
			t.Errorf("%s practice %s has no detector", p.Mode, p.ID)
		}
		counts[p.Mode] = c
	}
	if c := counts[scoring.ModeAuto]; c[0] < 90 {
		t.Errorf("%d auto practices decided automatically, want at least 90", c[0])
	}
	t.Logf("practices with a detector: auto %d/%d, partial %d/%d, manual %d/%d", counts["auto"][0], counts["auto"][1],
		counts["partial"][0], counts["partial"][1], counts["manual"][0], counts["manual"][1])

	check := func(name string, fs []detectors.Finding) {
		for _, f := range fs {
			if mode[f.Practice] == scoring.ModePartial && f.Status == detectors.Met {
				t.Errorf("%s: partial practice %s reported met by %s", name, f.Practice, f.Detector)
			}
		}
	}
	for _, dir := range []string{"mature", "bank", "bare"} {
		check(dir, run(crawlFixture(t, fixtureDir("portals", dir), "developers.orbitly.io")))
	}
	nm, _ := os.ReadDir(fixtureDir("nearmiss"))
	for _, d := range nm {
		if d.IsDir() {
			check(d.Name(), run(crawlFixture(t, fixtureDir("nearmiss", d.Name()))))
		}
	}
	dir := corpusDir()
	if testing.Short() {
		return
	}
	if _, err := os.Stat(filepath.Join(dir, "manifest.tsv")); err != nil {
		return
	}
	for _, s := range readManifest(t, dir) {
		site, err := detectortest.LoadSite(filepath.Join(dir, "sites", s.Name), s.Prefix)
		if err != nil {
			t.Fatal(err)
		}
		snap := detectortest.Crawl(site, detectortest.Options{Base: "http://127.0.0.1:8080", Start: s.Start, Aliases: []string{s.LiveHost}})
		check(s.Name, snap.Run(detectors.Env{StartURL: "http://127.0.0.1:8080" + s.Start, Host: "127.0.0.1:8080", Now: scanDate}, nil))
	}
}

// A linked OpenAPI file that does not parse is no download, and the finding says why.
func TestBrokenSpecNoted(t *testing.T) {
	fs := run(crawlFixture(t, fixtureDir("nearmiss", "broken-spec")))
	f, _ := detectortest.Find(fs, "fit-spec-download")
	if f.Status != detectors.NotMet || !strings.Contains(f.Note, "does not parse") {
		t.Errorf("broken spec: %s %q", f.Status, f.Note)
	}
	f, _ = detectortest.Find(run(crawlFixture(t, fixtureDir("nearmiss", "js-shell"))), "disc-ssr-content")
	if f.Status != detectors.NotMet || len(f.Evidence) != 1 || !strings.Contains(f.Evidence[0].Error, "shell") {
		t.Errorf("js shell: %s %+v", f.Status, f.Evidence)
	}
}
