package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// Site is one row of the corpus manifest.tsv (PROTOCOL.md describes the columns).
type Site struct {
	Name     string `json:"name"`
	Prefix   string `json:"prefix"`
	Start    string `json:"start"`
	LiveHost string `json:"live_host"`
	NeedsJS  bool   `json:"needs_js"`
	Origin   string `json:"origin,omitempty"`

	fixture fs.FS // set for a fixture portal, served by package fixtures instead of from the corpus
}

// readManifest reads columns by header name so the corpus can add columns without breaking us.
func readManifest(file string) ([]Site, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	var col map[string]int
	var sites []Site
	seen := map[string]bool{}
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Split(text, "\t")
		if col == nil {
			col = map[string]int{}
			for i, h := range fields {
				col[strings.TrimSpace(h)] = i
			}
			for _, need := range []string{"name", "prefix", "start", "live_host", "needs_js"} {
				if _, ok := col[need]; !ok {
					return nil, fmt.Errorf("%s: header lacks column %q", file, need)
				}
			}
			continue
		}
		get := func(k string) string {
			i, ok := col[k]
			if !ok || i >= len(fields) {
				return ""
			}
			return strings.TrimSpace(fields[i])
		}
		s := Site{Name: get("name"), Prefix: get("prefix"), Start: get("start"), LiveHost: get("live_host"), Origin: get("origin")}
		if js := get("needs_js"); js != "" {
			b, err := strconv.ParseBool(js)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: needs_js %q: %v", file, line, js, err)
			}
			s.NeedsJS = b
		}
		// The name becomes a directory and file name; keep it from naming anything else.
		if s.Name == "" || strings.ContainsAny(s.Name, `/\`) || strings.HasPrefix(s.Name, ".") {
			return nil, fmt.Errorf("%s:%d: bad site name %q", file, line, s.Name)
		}
		if seen[s.Name] {
			return nil, fmt.Errorf("%s:%d: site %q listed twice", file, line, s.Name)
		}
		seen[s.Name] = true
		if s.Prefix == "" {
			s.Prefix = "/"
		}
		if s.Start == "" {
			s.Start = s.Prefix
		}
		if !strings.HasPrefix(s.Prefix, "/") || !strings.HasSuffix(s.Prefix, "/") {
			return nil, fmt.Errorf("%s:%d: prefix %q must start and end with /", file, line, s.Prefix)
		}
		if !strings.HasPrefix(s.Start, s.Prefix) {
			return nil, fmt.Errorf("%s:%d: start %q is outside prefix %q", file, line, s.Start, s.Prefix)
		}
		sites = append(sites, s)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if col == nil {
		return nil, fmt.Errorf("%s: empty manifest", file)
	}
	return sites, nil
}

// Label is a human reader's verdict on one practice for one site.
type Label struct {
	// Met is a pointer so a label without a verdict is skipped rather than read as "not met".
	Met      *bool  `json:"met"`
	Evidence string `json:"evidence"`
	Quote    string `json:"quote"`
	Rendered bool   `json:"rendered"`
	Note     string `json:"note"`
	Doubt    bool   `json:"doubt,omitempty"`
}

// Labels is labels.json.
type Labels struct {
	Protocol  string   `json:"protocol"`
	Practices []string `json:"practices"`
	Sites     map[string]struct {
		Labels map[string]Label `json:"labels"`
	} `json:"sites"`
}

func readLabels(file string) (*Labels, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var l Labels
	if err := json.Unmarshal(b, &l); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	if len(l.Practices) == 0 {
		return nil, fmt.Errorf("%s: no practices listed", file)
	}
	return &l, nil
}
