package detectors_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/portalscan/portalscan/detectors"
	"github.com/portalscan/portalscan/detectors/detectortest"
)

// The corpus check: the built HTML of real portals with human labels lives beside the
// project (../shared/corpus, never copied into it). This test crawls each site the way the
// scanner would (served under its manifest prefix, its live host as an alias), runs every
// detector and logs true/false positives and false negatives per practice against the
// labels that are not marked doubtful. It reports; it never fails on accuracy.

func corpusDir() string {
	if d := os.Getenv("PORTALSCAN_CORPUS"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "corpus")
}

type corpusLabel struct {
	Met      bool   `json:"met"`
	Doubt    bool   `json:"doubt"`
	Rendered bool   `json:"rendered"`
	Evidence string `json:"evidence"`
	Note     string `json:"note"`
}

type corpusSite struct {
	Name, Prefix, Start, LiveHost string
	NeedsJS                       bool
}

func readManifest(t *testing.T, dir string) []corpusSite {
	b, err := os.ReadFile(filepath.Join(dir, "manifest.tsv"))
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	var out []corpusSite
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if i == 0 {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 5 {
			continue
		}
		out = append(out, corpusSite{Name: f[0], Prefix: f[1], Start: f[2], LiveHost: f[3], NeedsJS: f[4] == "true"})
	}
	return out
}

func TestCorpusAccuracy(t *testing.T) {
	dir := corpusDir()
	sites := readManifest(t, dir)
	var labels struct {
		Practices []string `json:"practices"`
		Sites     map[string]struct {
			Labels map[string]corpusLabel `json:"labels"`
		} `json:"sites"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "labels.json"))
	if err != nil {
		t.Skipf("labels not available: %v", err)
	}
	if err := json.Unmarshal(b, &labels); err != nil {
		t.Fatal(err)
	}
	type counts struct{ tp, fp, fn, tn int }
	per := map[string]*counts{}
	var total counts
	var staticTotal counts // labels a reader could judge without rendering
	var details []string
	for _, s := range sites {
		lab, ok := labels.Sites[s.Name]
		if !ok {
			continue
		}
		site, err := detectortest.LoadSite(filepath.Join(dir, "sites", s.Name), s.Prefix)
		if err != nil {
			t.Fatal(err)
		}
		snap := detectortest.Crawl(site, detectortest.Options{Base: "http://127.0.0.1:8080", Start: s.Start, Aliases: []string{s.LiveHost}})
		fs := snap.Run(detectors.Env{StartURL: "http://127.0.0.1:8080" + s.Start, Host: "127.0.0.1:8080"}, nil)
		byPrac := map[string]detectors.Finding{}
		for _, f := range fs {
			byPrac[f.Practice] = f
			if os.Getenv("PORTALSCAN_CORPUS_VERBOSE") != "" && f.Status != detectors.NotMet {
				for _, e := range f.Evidence {
					t.Logf("%s %s %s: %s <- %s @ %s %q %s", s.Name, f.Practice, f.Status, e.URL, e.Matched, e.FoundOn, e.Snippet, e.Error)
				}
			}
		}
		for _, prac := range labels.Practices {
			l, ok := lab.Labels[prac]
			if !ok || l.Doubt {
				continue
			}
			f := byPrac[prac]
			pos := f.Status == detectors.Met || f.Status == detectors.Partial
			c := per[prac]
			if c == nil {
				c = &counts{}
				per[prac] = c
			}
			add := func(c *counts) {
				switch {
				case pos && l.Met:
					c.tp++
				case pos && !l.Met:
					c.fp++
				case !pos && l.Met:
					c.fn++
				default:
					c.tn++
				}
			}
			add(c)
			add(&total)
			if !l.Rendered {
				add(&staticTotal)
			}
			switch {
			case pos && !l.Met:
				ev := ""
				if len(f.Evidence) > 0 {
					ev = f.Evidence[0].URL + " <- " + f.Evidence[0].Matched + " @ " + f.Evidence[0].FoundOn
				}
				details = append(details, fmt.Sprintf("FP %-12s %-22s %s", s.Name, prac, ev))
			case !pos && l.Met:
				r := ""
				if l.Rendered {
					r = " (rendered)"
				}
				details = append(details, fmt.Sprintf("FN %-12s %-22s%s want %s", s.Name, prac, r, l.Evidence))
			}
		}
		t.Logf("%s: %d fetches", s.Name, len(snap.Pages))
	}
	var pracs []string
	for p := range per {
		pracs = append(pracs, p)
	}
	sort.Strings(pracs)
	var sb strings.Builder
	fmt.Fprintf(&sb, "\n%-24s %3s %3s %3s %3s\n", "practice", "TP", "FP", "FN", "TN")
	for _, p := range pracs {
		c := per[p]
		fmt.Fprintf(&sb, "%-24s %3d %3d %3d %3d\n", p, c.tp, c.fp, c.fn, c.tn)
	}
	pr := func(c counts) string {
		p := float64(c.tp) / float64(max(1, c.tp+c.fp))
		r := float64(c.tp) / float64(max(1, c.tp+c.fn))
		return fmt.Sprintf("TP %d FP %d FN %d TN %d  precision %.3f recall %.3f", c.tp, c.fp, c.fn, c.tn, p, r)
	}
	fmt.Fprintf(&sb, "micro (all non-doubt labels):       %s\n", pr(total))
	fmt.Fprintf(&sb, "micro (labels readable without JS): %s\n", pr(staticTotal))
	sort.Strings(details)
	for _, d := range details {
		sb.WriteString(d + "\n")
	}
	t.Log(sb.String())
}
