package detectors

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"gopkg.in/yaml.v3"

	"github.com/portalscan/portalscan/crawler/page"
)

// The rule engine: detection rules are data (rules.yaml, embedded), compiled and checked
// when the package loads. A rule that does not compile stops the program at init with the
// rule's name: a silently dropped rule would quietly lower every score.
//
// File format (see rules.yaml for the full vocabulary):
//
//	practices:            # one entry per practice the rules feed
//	  com-pricing-page:
//	    detector: pricing # detector name (several practices may share one detector)
//	    mode: partial     # optional: candidate evidence for review, reported partial (never met)
//	    looks_for: …      # documentation shown to analysts
//	    why: …
//	    fix: …
//	rules:
//	  - name: pricing-link          # unique; shown in Evidence.Matched
//	    practice: com-pricing-page
//	    evidence: link              # link | section | page | artifact
//	    doc: {looks_for: …, why: …, fix: …}
//	    any: [ {matcher…}, … ]      # at least one clause holds
//	    all: [ {matcher…}, … ]      # every clause holds
//	    not: [ {matcher…}, … ]      # no clause holds (near misses)
//	    probe: {kinds: [sitemap], path: regexp, check: sitemap}  # artifact rules: which fetches, which validator
//	    target: true                # page rules: the evidence is the URL a matcher extracted
//	    verify: spec                # the target, when fetched in scope, must pass this validator
//	    scope: onsite | offsite     # keep only targets in / out of the crawl's scope
//	    gate: ignore                # a login wall at the target is expected (sign-up, support portals)
//	    priority: 5                 # evidence rank (lower first); defaults by evidence kind
//
// A clause is a map of matchers that must all hold. Text matchers (link_text, heading,
// page_title, near, body_text, input) take patterns per language ({en: […], de: […]}) or a
// plain list (English); button matches the text (or aria-label) of <button> elements the
// same way (markup takes exact substrings of the raw body: a cheap guard before a selector);
// the page's lang picks its dictionary and English is always tried
// (pages without lang try every dictionary). A pattern is a case-insensitive regular
// expression matched on word boundaries; a leading "=" makes it match the whole text.

//go:embed rules.yaml
var rulesYAML []byte

// ruleFS holds every rule file: rules.yaml and the rules-*.yaml files of practice families
// (platform portals, …), loaded together so one family's file can grow without touching another's.
//
//go:embed rules*.yaml
var ruleFS embed.FS

// Evidence kinds: what a rule's evidence points at.
const (
	evLink     = "link"     // a link: met by a clear link; the target's fetch can downgrade it
	evSection  = "section"  // a heading on a fetched page: page URL + #anchor
	evPage     = "page"     // a fetched page (or a URL the page declares, with target: true)
	evArtifact = "artifact" // a known file that was fetched and is valid
)

type docSpec struct {
	Looks string `yaml:"looks_for"`
	Why   string `yaml:"why"`
	Fix   string `yaml:"fix"`
}

type practiceSpec struct {
	Detector string `yaml:"detector"`
	Mode     string `yaml:"mode"` // "partial": the rules find candidate evidence a person reviews, reported partial, never met
	docSpec  `yaml:",inline"`
}

type probeSpec struct {
	Kinds []string `yaml:"kinds"` // page.Kind values the probe answers to
	Path  string   `yaml:"path"`  // alternatively, a regex on the fetched path
	Check string   `yaml:"check"` // validator name (see checks)
}

type ruleSpec struct {
	Name     string      `yaml:"name"`
	Practice string      `yaml:"practice"`
	Evidence string      `yaml:"evidence"`
	Doc      docSpec     `yaml:"doc"`
	Any      []yaml.Node `yaml:"any"`
	All      []yaml.Node `yaml:"all"`
	Not      []yaml.Node `yaml:"not"`
	Probe    *probeSpec  `yaml:"probe"`
	Target   bool        `yaml:"target"`   // page rules: evidence URL is the URL a matcher extracted
	Verify   string      `yaml:"verify"`   // the target, when fetched in scope, must pass this check
	Gate     string      `yaml:"gate"`     // "ignore": a login wall at the target is expected
	Scope    string      `yaml:"scope"`    // link rules: "onsite" or "offsite" keeps only targets in / out of the crawl's scope
	Priority int         `yaml:"priority"` // evidence rank when several rules match (lower first); defaults by evidence kind
}

type ruleFile struct {
	Practices map[string]practiceSpec `yaml:"practices"`
	Rules     []ruleSpec              `yaml:"rules"`
	Sets      map[string]yaml.Node    `yaml:"sets"` // anchors for reuse; not read directly
}

// rule is a compiled rule.
type rule struct {
	name, practice, evidence string
	doc                      docSpec
	any, all, not            []clause
	probe                    *probe
	target                   bool
	verify                   string
	gateSkip                 bool
	scope                    string
	priority                 int
	pageDep                  bool // a link rule that also reads page-level matchers (not memoisable per link)
	idx                      int  // position in the rule set (memo bit)
}

type probe struct {
	kinds map[page.Kind]bool
	path  *regexp.Regexp
	check check
	name  string
}

// clause is a conjunction of predicates (one YAML map).
type clause []*pred

type scope int

const (
	onPage scope = iota
	onLink
	onHeading
)

// pred is one compiled matcher.
type pred struct {
	kind  string
	on    scope
	page  func(pf *pageFacts) predResult
	link  func(pf *pageFacts, l *linkFact) predResult
	head  func(pf *pageFacts, h *page.Heading) predResult
	tp    *textPatterns // heading and link_text patterns, for the page-level prefilter (rulepre.go)
	fre   *filteredRe   // link_path and link_url patterns, likewise
	hosts []string      // link_host globs, likewise
	// A selector and what its page-level prefilter requires (selpre.go); kept for tests.
	sel      cascadia.Selector
	selNeeds []selNeed
}

type predResult struct {
	ok      bool
	text    string // what matched, for Evidence.Matched
	snippet string // verbatim excerpt
	target  string // a URL the matcher extracted (selector attr, inline capture, link tag)
	anchor  string // an element id on the page the evidence can point at
	context bool   // text from a context matcher (near, page-level) in a link or section rule
}

// ruleSet is the compiled rule file.
type ruleSet struct {
	practices map[string]practiceSpec
	rules     []*rule
	byPrac    map[string][]*rule
	byName    map[string]*rule
}

var rules = mustLoadRuleFS(ruleFS)

func mustLoadRules(b []byte) *ruleSet {
	rs, err := loadRules(b)
	if err != nil {
		panic("detectors: rules.yaml: " + err.Error())
	}
	return rs
}

// mustLoadRuleFS loads every rules*.yaml file as one rule set; any error stops the program
// with the file and rule named.
func mustLoadRuleFS(fsys embed.FS) *ruleSet {
	names, err := fs.Glob(fsys, "rules*.yaml")
	if err != nil || len(names) == 0 {
		panic("detectors: no rule files embedded")
	}
	sort.Strings(names)
	var merged ruleFile
	merged.Practices = map[string]practiceSpec{}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			panic("detectors: " + name + ": " + err.Error())
		}
		rf, err := decodeRuleFile(b)
		if err != nil {
			panic("detectors: " + name + ": " + err.Error())
		}
		for id, p := range rf.Practices {
			if _, dup := merged.Practices[id]; dup {
				panic("detectors: " + name + ": practice " + id + " is already described in another rule file")
			}
			merged.Practices[id] = p
		}
		merged.Rules = append(merged.Rules, rf.Rules...)
	}
	rs, err := compileRuleFile(&merged)
	if err != nil {
		panic("detectors: rule files " + strings.Join(names, ", ") + ": " + err.Error())
	}
	return rs
}

func decodeRuleFile(b []byte) (*ruleFile, error) {
	var rf ruleFile
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&rf); err != nil {
		return nil, err
	}
	return &rf, nil
}

func loadRules(b []byte) (*ruleSet, error) {
	rf, err := decodeRuleFile(b)
	if err != nil {
		return nil, err
	}
	return compileRuleFile(rf)
}

func compileRuleFile(rf *ruleFile) (*ruleSet, error) {
	rs := &ruleSet{practices: rf.Practices, byPrac: map[string][]*rule{}, byName: map[string]*rule{}}
	names := map[string]bool{}
	for i := range rf.Rules {
		spec := &rf.Rules[i]
		r, err := compileRule(spec, rf.Practices)
		if err != nil {
			name := spec.Name
			if name == "" {
				name = fmt.Sprintf("#%d", i+1)
			}
			return nil, fmt.Errorf("rule %s: %w", name, err)
		}
		if names[r.name] {
			return nil, fmt.Errorf("rule %s: duplicate name", r.name)
		}
		names[r.name] = true
		r.idx = len(rs.rules)
		rs.rules = append(rs.rules, r)
		rs.byPrac[r.practice] = append(rs.byPrac[r.practice], r)
		rs.byName[r.name] = r
	}
	for id, p := range rf.Practices {
		if p.Looks == "" || p.Why == "" || p.Fix == "" {
			return nil, fmt.Errorf("practice %s: looks_for, why and fix are required", id)
		}
		if p.Mode != "" && p.Mode != "partial" {
			return nil, fmt.Errorf("practice %s: mode %q: want partial or nothing", id, p.Mode)
		}
	}
	return rs, nil
}

func compileRule(s *ruleSpec, practices map[string]practiceSpec) (*rule, error) {
	if s.Name == "" {
		return nil, fmt.Errorf("no name")
	}
	if _, ok := practices[s.Practice]; !ok {
		return nil, fmt.Errorf("practice %q is not declared in the practices section", s.Practice)
	}
	if s.Doc.Looks == "" {
		return nil, fmt.Errorf("doc.looks_for is required")
	}
	r := &rule{name: s.Name, practice: s.Practice, evidence: s.Evidence, doc: s.Doc, target: s.Target, verify: s.Verify, priority: s.Priority}
	switch s.Evidence {
	case evLink, evSection, evPage, evArtifact:
	default:
		return nil, fmt.Errorf("evidence %q: want link, section, page or artifact", s.Evidence)
	}
	switch s.Scope {
	case "":
	case "onsite", "offsite":
		if s.Evidence != evLink && !s.Target {
			return nil, fmt.Errorf("scope: is for link rules and target: rules")
		}
		r.scope = s.Scope
	default:
		return nil, fmt.Errorf("scope %q: want onsite or offsite", s.Scope)
	}
	if r.priority == 0 {
		r.priority = map[string]int{evArtifact: 1, evSection: 2, evPage: 3, evLink: 4}[s.Evidence]
	}
	switch s.Gate {
	case "":
	case "ignore":
		r.gateSkip = true
	default:
		return nil, fmt.Errorf("gate %q: want ignore or nothing", s.Gate)
	}
	if s.Verify != "" {
		if _, ok := checks[s.Verify]; !ok {
			return nil, fmt.Errorf("verify %q: unknown check", s.Verify)
		}
	}
	if s.Target && s.Evidence != evPage {
		return nil, fmt.Errorf("target: true is for page rules")
	}
	var err error
	for _, grp := range []struct {
		nodes []yaml.Node
		dst   *[]clause
	}{{s.Any, &r.any}, {s.All, &r.all}, {s.Not, &r.not}} {
		for i := range grp.nodes {
			c, cerr := compileClause(&grp.nodes[i], s.Evidence)
			if cerr != nil {
				return nil, cerr
			}
			*grp.dst = append(*grp.dst, c)
		}
	}
	for _, c := range append(append(append([]clause{}, r.any...), r.all...), r.not...) {
		for _, p := range c {
			if p.on == onPage {
				r.pageDep = true
			}
		}
	}
	if s.Evidence == evArtifact {
		if s.Probe == nil {
			return nil, fmt.Errorf("artifact rules need a probe")
		}
		pr := &probe{kinds: map[page.Kind]bool{}, name: s.Probe.Check}
		for _, k := range s.Probe.Kinds {
			pr.kinds[page.Kind(k)] = true
		}
		if s.Probe.Path != "" {
			if pr.path, err = regexp.Compile("(?i)" + s.Probe.Path); err != nil {
				return nil, fmt.Errorf("probe.path: %w", err)
			}
		}
		if len(pr.kinds) == 0 && pr.path == nil {
			return nil, fmt.Errorf("probe needs kinds or path")
		}
		if pr.check = checks[s.Probe.Check]; pr.check == nil {
			return nil, fmt.Errorf("probe.check %q: unknown check", s.Probe.Check)
		}
		r.probe = pr
	} else {
		if s.Probe != nil {
			return nil, fmt.Errorf("probe: is for artifact rules")
		}
		if len(r.any) == 0 && len(r.all) == 0 {
			return nil, fmt.Errorf("no any: or all: matchers")
		}
	}
	if s.Target {
		found := false
		for _, c := range append(append([]clause{}, r.any...), r.all...) {
			for _, p := range c {
				switch p.kind {
				case "selector", "inline", "link_tag":
					found = true
				}
			}
		}
		if !found {
			return nil, fmt.Errorf("target: true needs a selector (with attr), inline (with a capture group) or link_tag matcher")
		}
	}
	return r, nil
}

// compileClause compiles one YAML map of matchers for a rule of the given evidence kind.
func compileClause(n *yaml.Node, evidence string) (clause, error) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("line %d: a matcher clause must be a map", n.Line)
	}
	var c clause
	opts := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		opts[n.Content[i].Value] = n.Content[i+1]
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i].Value, n.Content[i+1]
		if key == "attr" || key == "attr_match" || key == "level" {
			continue // options of selector / heading
		}
		p, err := compilePred(key, val, opts, evidence)
		if err != nil {
			return nil, fmt.Errorf("line %d: %s: %w", val.Line, key, err)
		}
		c = append(c, p)
	}
	if _, ok := opts["attr"]; ok {
		if _, sel := opts["selector"]; !sel {
			return nil, fmt.Errorf("line %d: attr belongs with a selector matcher", n.Line)
		}
	}
	if _, ok := opts["attr_match"]; ok {
		if _, a := opts["attr"]; !a {
			return nil, fmt.Errorf("line %d: attr_match belongs with a selector's attr", n.Line)
		}
	}
	if _, ok := opts["level"]; ok {
		if _, h := opts["heading"]; !h {
			return nil, fmt.Errorf("line %d: level belongs with a heading matcher", n.Line)
		}
	}
	if len(c) == 0 {
		return nil, fmt.Errorf("line %d: empty matcher clause", n.Line)
	}
	return c, nil
}

func decodeStrings(n *yaml.Node) ([]string, error) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	var out []string
	if n.Kind == yaml.ScalarNode {
		return []string{n.Value}, nil
	}
	if err := n.Decode(&out); err != nil {
		return nil, fmt.Errorf("want a string or a list of strings")
	}
	return out, nil
}

func compileRegexps(n *yaml.Node) (*filteredRe, error) {
	ss, err := decodeStrings(n)
	if err != nil {
		return nil, err
	}
	if len(ss) == 0 {
		return nil, fmt.Errorf("no patterns")
	}
	re, err := regexp.Compile("(?i)(?:" + strings.Join(ss, ")|(?:") + ")")
	if err != nil {
		return nil, err
	}
	f := &filteredRe{re: re}
	f.lits, f.filtered = literalsFor(ss)
	return f, nil
}

// filteredRe is a case-insensitive regexp with a literal prefilter (prefilter.go).
type filteredRe struct {
	re       *regexp.Regexp
	lits     []string
	filtered bool
}

// FindStringIndex is regexp's, skipped when no required literal occurs in s.
func (f *filteredRe) FindStringIndex(s string) []int {
	if f.filtered && !anyLiteral(lowerSameLen(s), f.lits) {
		return nil
	}
	return f.re.FindStringIndex(s)
}

// FindString is regexp's, with the prefilter.
func (f *filteredRe) FindString(s string) string {
	if f.filtered && !anyLiteral(lowerSameLen(s), f.lits) {
		return ""
	}
	return f.re.FindString(s)
}

// FindStringSubmatchIndex is regexp's, with the prefilter.
func (f *filteredRe) FindStringSubmatchIndex(s string) []int {
	if f.filtered && !anyLiteral(lowerSameLen(s), f.lits) {
		return nil
	}
	return f.re.FindStringSubmatchIndex(s)
}

// String is the regexp's source, for messages.
func (f *filteredRe) String() string { return f.re.String() }

var hostGlobChars = regexp.MustCompile(`^[a-z0-9.*-]+$`)

// compileHosts turns host globs ("status.*", "*.statuspage.io") into one regexp: "*" is one
// or more labels.
func compileHosts(n *yaml.Node) (*regexp.Regexp, error) {
	ss, err := decodeStrings(n)
	if err != nil {
		return nil, err
	}
	var alts []string
	for _, s := range ss {
		s = strings.ToLower(s)
		if !hostGlobChars.MatchString(s) {
			return nil, fmt.Errorf("host glob %q: only a-z 0-9 . - *", s)
		}
		alts = append(alts, strings.ReplaceAll(regexp.QuoteMeta(s), `\*`, `[a-z0-9-]+(?:\.[a-z0-9-]+)*`))
	}
	return regexp.Compile("^(?:" + strings.Join(alts, "|") + ")$")
}

// textPatterns is a per-language dictionary of phrase and whole-text patterns.
type textPatterns struct {
	langs  []string // sorted, "en" first
	phrase map[string]*regexp.Regexp
	exact  map[string]*regexp.Regexp
	lits   map[string][]string   // per language: literals one of which any phrase match contains (prefilter.go)
	exLits map[string][]string   // the same for the exact patterns
	single map[string][]phraseRe // per language, each phrase alone: long texts are searched phrase by phrase
}

// registerLits numbers the patterns' literals for the page text's automaton (prefilter.go):
// litCache.any reads presence, and windows() positions, from its one pass.
func (tp *textPatterns) registerLits() {
	for _, lits := range tp.lits {
		for _, l := range lits {
			litID(l)
		}
	}
	for _, phs := range tp.single {
		for _, ph := range phs {
			for _, l := range ph.lits {
				litID(l)
			}
		}
	}
}

// phraseRe is one phrase pattern with the literals its matches contain (nil: none known).
type phraseRe struct {
	re   *regexp.Regexp
	lits []string
	// How far a match reaches before and after its literal, in bytes (prefilter.go);
	// unbounded reaches are taken as windowMargin.
	before, after int
}

const nonWord = `[^\p{L}\p{N}]*`

func compileText(n *yaml.Node) (*textPatterns, error) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	dict := map[string][]string{}
	switch n.Kind {
	case yaml.SequenceNode, yaml.ScalarNode:
		ss, err := decodeStrings(n)
		if err != nil {
			return nil, err
		}
		dict["en"] = ss
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			ss, err := decodeStrings(n.Content[i+1])
			if err != nil {
				return nil, fmt.Errorf("%s: %w", n.Content[i].Value, err)
			}
			lang := n.Content[i].Value
			if !knownLangs[lang] {
				return nil, fmt.Errorf("language %q: want one of en de fr es pt nl it ru", lang)
			}
			dict[lang] = append(dict[lang], ss...)
		}
	default:
		return nil, fmt.Errorf("want a list of patterns or a map of language to patterns")
	}
	tp := &textPatterns{phrase: map[string]*regexp.Regexp{}, exact: map[string]*regexp.Regexp{}, lits: map[string][]string{}, exLits: map[string][]string{}, single: map[string][]phraseRe{}}
	for lang, ss := range dict {
		var ph, ex []string
		for _, s := range ss {
			if strings.HasPrefix(s, "=") {
				ex = append(ex, s[1:])
			} else {
				ph = append(ph, s)
			}
		}
		var err error
		if len(ph) > 0 {
			if tp.phrase[lang], err = regexp.Compile(`(?i)(?:` + strings.Join(ph, ")|(?:") + `)`); err != nil {
				return nil, fmt.Errorf("%s: %w", lang, err)
			}
			if lits, ok := literalsFor(ph); ok {
				tp.lits[lang] = lits
			}
			for _, one := range ph {
				re, err := regexp.Compile(`(?i)(?:` + one + `)`)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", lang, err)
				}
				lits, before, after := phraseLits(one)
				if before < 0 || before > windowMargin {
					before = windowMargin
				}
				if after < 0 || after > windowMargin {
					after = windowMargin
				}
				tp.single[lang] = append(tp.single[lang], phraseRe{re: re, lits: lits, before: before, after: after})
			}
		}
		if len(ex) > 0 {
			if tp.exact[lang], err = regexp.Compile(`(?i)^` + nonWord + `((?:` + strings.Join(ex, ")|(?:") + `))` + nonWord + `$`); err != nil {
				return nil, fmt.Errorf("%s: %w", lang, err)
			}
			if lits, ok := literalsFor(ex); ok {
				tp.exLits[lang] = lits
			}
		}
		tp.langs = append(tp.langs, lang)
	}
	sort.Slice(tp.langs, func(i, j int) bool {
		if (tp.langs[i] == "en") != (tp.langs[j] == "en") {
			return tp.langs[i] == "en"
		}
		return tp.langs[i] < tp.langs[j]
	})
	return tp, nil
}

var knownLangs = map[string]bool{"en": true, "de": true, "fr": true, "es": true, "pt": true, "nl": true, "it": true, "ru": true}

// match tries the page language's dictionary, then English; a page without a declared
// language tries every dictionary. It returns the matched text.
func (tp *textPatterns) match(s, lang string) (string, bool) {
	return tp.matchLower(s, lowerSameLen(s), lang)
}

// matchLower is match with lowerSameLen(s) already at hand.
func (tp *textPatterns) matchLower(s, lower, lang string) (string, bool) {
	if s == "" {
		return "", false
	}
	try := func(l string) (string, bool) {
		if re := tp.exact[l]; re != nil {
			if lits, ok := tp.exLits[l]; !ok || anyLiteral(lower, lits) {
				if m := re.FindStringSubmatch(s); m != nil {
					return m[1], true
				}
			}
		}
		if re := tp.phrase[l]; re != nil {
			if lits, ok := tp.lits[l]; !ok || anyLiteral(lower, lits) {
				a, b, ok, rejected := phraseScan(re, s, 0, len(s))
				if !ok && rejected {
					a, b, ok = tp.singleIndex(l, s)
				}
				if ok {
					return s[a:b], true
				}
			}
		}
		return "", false
	}
	if lang != "" && lang != "en" {
		if _, ok := tp.phrase[lang]; ok {
			if m, ok := try(lang); ok {
				return m, true
			}
		} else if _, ok := tp.exact[lang]; ok {
			if m, ok := try(lang); ok {
				return m, true
			}
		}
	}
	if lang == "" {
		for _, l := range tp.langs {
			if m, ok := try(l); ok {
				return m, true
			}
		}
		return "", false
	}
	return try("en")
}

// matchIndex is match for long texts: it returns the byte offsets of the match too. lower
// is lowerSameLen(s), shared by every pattern run on the same text.
func (tp *textPatterns) matchIndex(s, lower, lang string) (int, int, bool) {
	return tp.matchIndexCached(s, lower, lang, newLitCache(lower))
}

// matchIndexCached is matchIndex with the literal positions of the text shared (litCache):
// every body-text rule of a page looks in the same text.
func (tp *textPatterns) matchIndexCached(s, lower, lang string, lc *litCache) (int, int, bool) {
	try := func(l string) (int, int, bool) {
		if lits, ok := tp.lits[l]; ok && !lc.any(lits) {
			return 0, 0, false
		}
		// The leftmost match of the alternation, found phrase by phrase: each phrase's small
		// program runs only around its own literals. Ties keep the earlier phrase, as the
		// alternation's leftmost-first rule does.
		bestA, bestB, found := 0, 0, false
		for _, ph := range tp.single[l] {
			var a, b int
			var ok bool
			if ph.lits == nil {
				a, b, ok = phraseIndex(ph.re, s)
			} else {
				for _, w := range lc.windows(ph.lits, ph.before, ph.after) {
					if found && w[0] > bestA {
						break
					}
					if a, b, ok = phraseIndexRange(ph.re, s, w[0], w[1]); ok {
						break
					}
				}
			}
			if ok && (!found || a < bestA) {
				bestA, bestB, found = a, b, true
			}
		}
		return bestA, bestB, found
	}
	var order []string
	switch {
	case lang == "":
		order = tp.langs
	case lang == "en":
		order = []string{"en"}
	default:
		order = []string{lang, "en"}
	}
	for _, l := range order {
		if a, b, ok := try(l); ok {
			return a, b, true
		}
	}
	return 0, 0, false
}

// headingText is a heading's text without the permalink symbols themes add ("# Title",
// "Title ¶").
func headingText(s string) string {
	return strings.TrimSpace(strings.Trim(normText(s), "#¶§🔗 "))
}

// phraseIndex finds the first match of re in s that stands on word boundaries: a match
// that begins (ends) with a letter or digit must not be preceded (followed) by one. Unlike
// \b this works for every script, and patterns may end in punctuation ("https?://").
func phraseIndex(re *regexp.Regexp, s string) (int, int, bool) {
	return phraseIndexRange(re, s, 0, len(s))
}

// phraseIndexRange is phraseIndex over s[lo:hi], with word boundaries judged on all of s.
func phraseIndexRange(re *regexp.Regexp, s string, lo, hi int) (int, int, bool) {
	a, b, ok, _ := phraseScan(re, s, lo, hi)
	return a, b, ok
}

// phraseScan is phraseIndexRange that also reports whether a match was rejected for its
// word boundaries: in an alternation the leftmost-first match ("privacy" in
// "privacyverklaring") hides a longer alternative starting at the same place.
func phraseScan(re *regexp.Regexp, s string, lo, hi int) (a, b int, ok, rejected bool) {
	for _, m := range re.FindAllStringIndex(s[lo:hi], 16) {
		a, b := m[0]+lo, m[1]+lo
		if a == b {
			continue
		}
		if first, _ := utf8.DecodeRuneInString(s[a:]); isWordRune(first) && a > 0 {
			if prev, _ := utf8.DecodeLastRuneInString(s[:a]); isWordRune(prev) {
				rejected = true
				continue
			}
		}
		if last, _ := utf8.DecodeLastRuneInString(s[:b]); isWordRune(last) && b < len(s) {
			if next, _ := utf8.DecodeRuneInString(s[b:]); isWordRune(next) {
				rejected = true
				continue
			}
		}
		return a, b, true, rejected
	}
	return 0, 0, false, rejected
}

// singleIndex finds the leftmost phrase match of language l phrase by phrase (earlier
// phrases win ties, as in the alternation).
func (tp *textPatterns) singleIndex(l, s string) (int, int, bool) {
	bestA, bestB, found := 0, 0, false
	for _, ph := range tp.single[l] {
		if a, b, ok := phraseIndex(ph.re, s); ok && (!found || a < bestA) {
			bestA, bestB, found = a, b, true
		}
	}
	return bestA, bestB, found
}

func isWordRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

func needScope(kind string, evidence string, want string) error {
	if evidence != want {
		return fmt.Errorf("%s applies to %s rules, not %s rules", kind, want, evidence)
	}
	return nil
}

// compilePred compiles one matcher.
func compilePred(key string, n *yaml.Node, opts map[string]*yaml.Node, evidence string) (*pred, error) {
	p := &pred{kind: key}
	switch key {
	case "link_text", "near":
		if err := needScope(key, evidence, evLink); err != nil {
			return nil, err
		}
		tp, err := compileText(n)
		if err != nil {
			return nil, err
		}
		p.on = onLink
		near := key == "near"
		if !near {
			p.tp = tp
		}
		p.link = func(pf *pageFacts, l *linkFact) predResult {
			s := l.text
			if near {
				s = l.near
			}
			if m, ok := tp.match(s, pf.lang); ok {
				return predResult{ok: true, text: m, snippet: s}
			}
			return predResult{}
		}
	case "link_url", "link_path", "link_class", "link_rel":
		if err := needScope(key, evidence, evLink); err != nil {
			return nil, err
		}
		re, err := compileRegexps(n)
		if err != nil {
			return nil, err
		}
		p.on = onLink
		if key == "link_url" || key == "link_path" {
			p.fre = re
		}
		p.link = func(_ *pageFacts, l *linkFact) predResult {
			var s string
			switch key {
			case "link_url":
				s = l.URL
			case "link_path":
				s = l.path
			case "link_class":
				s = l.Class + " " + l.Attrs
			case "link_rel":
				s = l.Rel
			}
			if loc := re.FindStringIndex(s); loc != nil {
				return predResult{ok: true, text: clip(s[loc[0]:loc[1]], 80)}
			}
			return predResult{}
		}
	case "link_host":
		if err := needScope(key, evidence, evLink); err != nil {
			return nil, err
		}
		re, err := compileHosts(n)
		if err != nil {
			return nil, err
		}
		p.hosts, _ = decodeStrings(n)
		p.on = onLink
		id := numHostPreds
		numHostPreds++
		p.link = func(pf *pageFacts, l *linkFact) predResult {
			if l.host != "" && pf.sh.hostMatch(l.host, id, re) {
				return predResult{ok: true, text: l.host}
			}
			return predResult{}
		}
	case "link_section":
		if err := needScope(key, evidence, evLink); err != nil {
			return nil, err
		}
		ss, err := decodeStrings(n)
		if err != nil {
			return nil, err
		}
		set := map[string]bool{}
		for _, s := range ss {
			switch s {
			case "nav", "header", "footer", "aside", "main", "body":
				set[s] = true
			default:
				return nil, fmt.Errorf("section %q: want nav, header, footer, aside, main or body", s)
			}
		}
		p.on = onLink
		p.link = func(_ *pageFacts, l *linkFact) predResult { return predResult{ok: set[l.Section]} }
	case "same_org":
		if err := needScope(key, evidence, evLink); err != nil {
			return nil, err
		}
		p.on = onLink
		p.link = func(pf *pageFacts, l *linkFact) predResult {
			if org := repoOrg(l); org != "" && orgMatchesSite(org, pf) {
				return predResult{ok: true, text: org}
			}
			return predResult{}
		}
	case "heading":
		tp, err := compileText(n)
		if err != nil {
			return nil, err
		}
		p.tp = tp
		lo, hi := 1, 6
		if lv, ok := opts["level"]; ok {
			var lim []int
			if err := lv.Decode(&lim); err != nil || len(lim) != 2 || lim[0] < 1 || lim[1] > 6 || lim[0] > lim[1] {
				return nil, fmt.Errorf("level: want [min, max] within 1..6")
			}
			lo, hi = lim[0], lim[1]
		}
		hm := func(pf *pageFacts, h *page.Heading) predResult {
			if h.Level < lo || h.Level > hi {
				return predResult{}
			}
			t, lower := pf.heading(h)
			if m, ok := tp.matchLower(t, lower, pf.lang); ok {
				return predResult{ok: true, text: m, snippet: t, anchor: h.ID}
			}
			return predResult{}
		}
		if evidence == evSection {
			p.on = onHeading
			p.head = hm
		} else {
			p.on = onPage
			p.page = func(pf *pageFacts) predResult {
				if pf.p.Doc == nil {
					return predResult{}
				}
				for i := range pf.p.Doc.Headings {
					if r := hm(pf, &pf.p.Doc.Headings[i]); r.ok {
						return r
					}
				}
				return predResult{}
			}
		}
	case "page_path":
		re, err := compileRegexps(n)
		if err != nil {
			return nil, err
		}
		p.page = func(pf *pageFacts) predResult {
			if loc := re.FindStringIndex(pf.path); loc != nil {
				return predResult{ok: true, text: pf.path[loc[0]:loc[1]]}
			}
			return predResult{}
		}
	case "page_title":
		tp, err := compileText(n)
		if err != nil {
			return nil, err
		}
		p.page = func(pf *pageFacts) predResult {
			if m, ok := tp.match(normText(pf.title), pf.lang); ok {
				return predResult{ok: true, text: m, snippet: pf.title}
			}
			return predResult{}
		}
	case "page_kind":
		ss, err := decodeStrings(n)
		if err != nil {
			return nil, err
		}
		set := map[page.Kind]bool{}
		for _, s := range ss {
			set[page.Kind(s)] = true
		}
		p.page = func(pf *pageFacts) predResult { return predResult{ok: set[pf.p.Kind]} }
	case "body_text":
		tp, err := compileText(n)
		if err != nil {
			return nil, err
		}
		p.tp = tp
		tp.registerLits() // body text is searched with the page's one automaton pass
		p.page = func(pf *pageFacts) predResult {
			t := pf.folded()
			if a, b, ok := tp.matchIndexCached(t, pf.lowerFolded(), pf.lang, pf.litCache()); ok {
				return predResult{ok: true, text: t[a:b], snippet: window(t, a, b, 60)}
			}
			return predResult{}
		}
	case "selector":
		var src string
		if err := n.Decode(&src); err != nil {
			return nil, fmt.Errorf("want a CSS selector string")
		}
		sel, err := cascadia.Compile(src)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", src, err)
		}
		attr := ""
		if a, ok := opts["attr"]; ok {
			attr = a.Value
		}
		// attr_match: the attribute must match this regexp, and its first capture group
		// (else the whole match) is the target: a URL inside a JSON configuration attribute.
		var attrRe *regexp.Regexp
		if a, ok := opts["attr_match"]; ok {
			if attrRe, err = regexp.Compile(a.Value); err != nil {
				return nil, fmt.Errorf("attr_match: %w", err)
			}
		}
		needs := selectorNeeds(src) // selpre.go
		p.sel, p.selNeeds = sel, needs
		p.page = func(pf *pageFacts) predResult {
			if pf.p.Doc == nil || pf.p.Doc.DOM == nil {
				return predResult{}
			}
			if needs != nil && pagePrefilter && !pf.domIndex().mayMatch(needs) {
				return predResult{}
			}
			var res predResult
			pf.p.Doc.DOM.FindMatcher(sel).EachWithBreak(func(_ int, s *goquery.Selection) bool {
				r := predResult{ok: true, text: describe(s), snippet: describe(s)}
				r.anchor, _ = s.Attr("id")
				if attr != "" {
					v, ok := s.Attr(attr)
					if !ok || strings.TrimSpace(v) == "" {
						return true
					}
					r.target = strings.TrimSpace(v)
					if attrRe != nil {
						m := attrRe.FindStringSubmatch(v)
						if m == nil {
							return true
						}
						r.target = m[0]
						if len(m) > 1 {
							r.target = m[1]
						}
						r.target = strings.TrimSpace(r.target)
						if r.target == "" {
							return true
						}
					}
				}
				res = r
				return false
			})
			return res
		}
	case "script_src":
		re, err := compileRegexps(n)
		if err != nil {
			return nil, err
		}
		p.page = func(pf *pageFacts) predResult {
			if pf.p.Doc == nil {
				return predResult{}
			}
			for _, s := range pf.p.Doc.Scripts {
				if m := re.FindString(s); m != "" {
					return predResult{ok: true, text: m, snippet: "<script src=\"" + clip(s, 120) + "\">"}
				}
			}
			return predResult{}
		}
	case "inline":
		re, err := compileRegexps(n)
		if err != nil {
			return nil, err
		}
		p.page = func(pf *pageFacts) predResult {
			if pf.p.Doc == nil {
				return predResult{}
			}
			m := re.FindStringSubmatchIndex(pf.p.Doc.Inline)
			if m == nil {
				return predResult{}
			}
			in := pf.p.Doc.Inline
			r := predResult{ok: true, text: clip(in[m[0]:m[1]], 80), snippet: clip(page.Fold(in[m[0]:m[1]]), 120)}
			for g := 1; 2*g+1 < len(m); g++ {
				if m[2*g] >= 0 {
					r.target = in[m[2*g]:m[2*g+1]]
					break
				}
			}
			return r
		}
	case "meta", "header":
		var spec map[string]string
		if err := n.Decode(&spec); err != nil || len(spec) == 0 {
			return nil, fmt.Errorf("want a map of name to pattern")
		}
		type kv struct {
			k  string
			re *regexp.Regexp
		}
		var kvs []kv
		for k, v := range spec {
			re, err := regexp.Compile("(?i)" + v)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			kvs = append(kvs, kv{strings.ToLower(k), re})
		}
		sort.Slice(kvs, func(i, j int) bool { return kvs[i].k < kvs[j].k })
		p.page = func(pf *pageFacts) predResult {
			for _, e := range kvs {
				var v string
				var ok bool
				if key == "meta" {
					if pf.p.Doc != nil {
						v, ok = pf.p.Doc.Meta[e.k]
					}
				} else {
					for hk, hv := range pf.p.Headers {
						if strings.EqualFold(hk, e.k) {
							v, ok = hv, true
						}
					}
				}
				if ok && e.re.MatchString(v) {
					return predResult{ok: true, text: e.k + ": " + clip(v, 60), snippet: e.k + "=" + clip(v, 100)}
				}
			}
			return predResult{}
		}
	case "input":
		tp, err := compileText(n)
		if err != nil {
			return nil, err
		}
		p.page = func(pf *pageFacts) predResult {
			if pf.p.Doc == nil {
				return predResult{}
			}
			for _, in := range pf.p.Doc.Inputs {
				switch in.Type {
				case "checkbox", "radio", "hidden", "submit", "button", "password", "file", "image", "reset", "email", "number":
					continue
				}
				if in.Type == "search" {
					return predResult{ok: true, text: "input type=search", snippet: describeInput(in), anchor: in.ID}
				}
				s := normText(strings.Join([]string{in.Placeholder, in.Aria, in.Name, in.ID, strings.NewReplacer("-", " ", "_", " ").Replace(in.Class)}, " "))
				if m, ok := tp.match(s, pf.lang); ok {
					return predResult{ok: true, text: m, snippet: describeInput(in), anchor: in.ID}
				}
			}
			return predResult{}
		}
	case "button":
		tp, err := compileText(n)
		if err != nil {
			return nil, err
		}
		p.page = func(pf *pageFacts) predResult {
			if pf.p.Doc == nil {
				return predResult{}
			}
			for _, b := range pf.p.Doc.Buttons {
				if m, ok := tp.match(normText(b), pf.lang); ok {
					return predResult{ok: true, text: m, snippet: "<button>" + clip(b, 100) + "</button>"}
				}
			}
			return predResult{}
		}
	case "markup":
		// Exact substrings of the raw body (class names, attributes): a cheap guard in front
		// of a selector, which walks the whole DOM.
		ss, err := decodeStrings(n)
		if err != nil || len(ss) == 0 {
			return nil, fmt.Errorf("want a list of substrings")
		}
		p.page = func(pf *pageFacts) predResult {
			if len(pf.p.Body) == 0 {
				return predResult{}
			}
			body := unsafe.String(unsafe.SliceData(pf.p.Body), len(pf.p.Body))
			ix := pageIndex(body) // the raw body is the same string for every markup rule of the page
			for _, s := range ss {
				if ix != nil && !ix.mayContain(s) {
					continue
				}
				if strings.Contains(body, s) {
					return predResult{ok: true, text: s}
				}
			}
			return predResult{}
		}
	case "link_tag":
		var spec map[string]string
		if err := n.Decode(&spec); err != nil || len(spec) == 0 {
			return nil, fmt.Errorf("want a map with rel, type and/or href patterns")
		}
		res := map[string]*regexp.Regexp{}
		for k, v := range spec {
			switch k {
			case "rel", "type", "href", "hreflang":
			default:
				return nil, fmt.Errorf("%s: want rel, type, href or hreflang", k)
			}
			re, err := regexp.Compile("(?i)" + v)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			res[k] = re
		}
		p.page = func(pf *pageFacts) predResult {
			if pf.p.Doc == nil {
				return predResult{}
			}
			for _, lt := range pf.p.Doc.LinkTags {
				vals := map[string]string{"rel": lt.Rel, "type": lt.Type, "href": lt.Href, "hreflang": lt.Hreflang}
				ok := true
				for k, re := range res {
					if !re.MatchString(vals[k]) {
						ok = false
						break
					}
				}
				if ok {
					s := fmt.Sprintf(`<link rel="%s" type="%s" href="%s">`, lt.Rel, lt.Type, clip(lt.Href, 100))
					return predResult{ok: true, text: "link rel=" + lt.Rel, snippet: s, target: lt.Href}
				}
			}
			return predResult{}
		}
	case "jsonld":
		re, err := compileRegexps(n)
		if err != nil {
			return nil, err
		}
		p.page = func(pf *pageFacts) predResult {
			if pf.p.Doc == nil {
				return predResult{}
			}
			for _, j := range pf.p.Doc.JSONLD {
				if m := re.FindString(j); m != "" {
					return predResult{ok: true, text: clip(m, 80), snippet: clip(page.Fold(j), 120)}
				}
			}
			return predResult{}
		}
	default:
		return nil, fmt.Errorf("unknown matcher")
	}
	if p.page != nil {
		p.on = onPage
	}
	return p, nil
}

func window(t string, a, b, n int) string {
	lo, hi := a-n, b+n
	if lo < 0 {
		lo = 0
	}
	if hi > len(t) {
		hi = len(t)
	}
	for lo > 0 && (t[lo]&0xC0) == 0x80 {
		lo--
	}
	for hi < len(t) && (t[hi]&0xC0) == 0x80 {
		hi++
	}
	s := t[lo:hi]
	if lo > 0 {
		if i := strings.IndexByte(s, ' '); i >= 0 && i < n/2 {
			s = s[i+1:]
		}
		s = "…" + s
	}
	if hi < len(t) {
		if i := strings.LastIndexByte(s, ' '); i > len(s)-n/2 {
			s = s[:i]
		}
		s += "…"
	}
	return s
}

// describe renders an element as a short tag for evidence ("input#q placeholder=Search").
func describe(s *goquery.Selection) string {
	if s.Length() == 0 {
		return ""
	}
	n := s.Get(0)
	var b strings.Builder
	b.WriteString(n.Data)
	for _, a := range n.Attr {
		switch a.Key {
		case "id", "class", "type", "role", "placeholder", "aria-label", "name", "spec-url", "data-url", "src", "href":
			fmt.Fprintf(&b, " %s=%q", a.Key, clip(a.Val, 60))
		}
	}
	return clip(b.String(), 160)
}

func describeInput(in page.Input) string {
	var b strings.Builder
	b.WriteString(in.Tag)
	for _, kv := range [][2]string{{"type", in.Type}, {"id", in.ID}, {"name", in.Name}, {"class", in.Class}, {"placeholder", in.Placeholder}, {"aria-label", in.Aria}} {
		if kv[1] != "" {
			fmt.Fprintf(&b, " %s=%q", kv[0], clip(kv[1], 40))
		}
	}
	return b.String()
}

// evalClause reports whether every predicate of c holds for the subject, with the first
// informative result.
func evalClause(c clause, pf *pageFacts, l *linkFact, h *page.Heading) (predResult, bool) {
	var out predResult
	for _, p := range c {
		var r predResult
		switch p.on {
		case onLink:
			r = p.link(pf, l)
		case onHeading:
			r = p.head(pf, h)
		default:
			var ok bool
			if r, ok = pf.memo[p]; !ok {
				r = p.page(pf)
				pf.memo[p] = r
			}
		}
		if !r.ok {
			return predResult{}, false
		}
		if p.kind == "near" || p.on == onPage && (l != nil || h != nil) {
			r.context = true
		}
		out = mergeResult(out, r)
	}
	out.ok = true
	return out, true
}

// eval applies a rule to a subject: every all: clause, one any: clause, no not: clause.
// The all: clauses run first (they are usually the cheap context, a host or a section);
// what matched is reported from the any: clause when there is one, since it names the thing.
func (r *rule) eval(pf *pageFacts, l *linkFact, h *page.Heading) (predResult, bool) {
	var ctx predResult
	for i, c := range r.all {
		x, ok := evalClause(c, pf, l, h)
		if !ok {
			return predResult{}, false
		}
		if i == 0 {
			ctx = x
		}
	}
	out := ctx
	if len(r.any) > 0 {
		hit := false
		for _, c := range r.any {
			if x, ok := evalClause(c, pf, l, h); ok {
				out = mergeResult(x, ctx)
				if x.context && !ctx.context && ctx.text != "" {
					out.text, out.context = ctx.text, false
				}
				hit = true
				break
			}
		}
		if !hit {
			return predResult{}, false
		}
	}
	for _, c := range r.not {
		if _, ok := evalClause(c, pf, l, h); ok {
			return predResult{}, false
		}
	}
	out.ok = true
	return out, true
}

// mergeResult fills what a lacks from b; a subject's own text beats context text.
func mergeResult(a, b predResult) predResult {
	if a.text == "" || a.context && !b.context && b.text != "" {
		a.text, a.context = b.text, b.context
	}
	if a.snippet == "" {
		a.snippet = b.snippet
	}
	if a.target == "" {
		a.target = b.target
	}
	if a.anchor == "" {
		a.anchor = b.anchor
	}
	return a
}

// evalLink is eval for a link, memoised on the link's signature when the rule reads only
// the link: the same navigation appears on every page of a portal. The memo keeps two bits
// per rule and the results of the few rules that matched.
func (r *rule) evalLink(sh *shared, pf *pageFacts, l *linkFact) (predResult, bool) {
	// Only links in a page's chrome repeat across pages; memoising body links would only
	// grow memory with the portal.
	if r.pageDep || l.rank > 3 {
		return r.eval(pf, l, nil)
	}
	m := sh.linkMemo[l.sig]
	if m == nil {
		if len(sh.linkMemo) >= maxLinkMemo {
			return r.eval(pf, l, nil)
		}
		m = &linkMemo{}
		sh.linkMemo[l.sig] = m
	}
	w, bit := r.idx/64, uint64(1)<<(r.idx%64)
	if w < len(m.done) && m.done[w]&bit != 0 {
		res, ok := m.res[r.idx]
		return res, ok
	}
	for len(m.done) <= w {
		m.done = append(m.done, 0)
	}
	m.done[w] |= bit
	res, ok := r.eval(pf, l, nil)
	if ok {
		if m.res == nil {
			m.res = map[int]predResult{}
		}
		m.res[r.idx] = res
	}
	return res, ok
}

// numHostPreds counts the link_host matchers (set while the rules compile, at init).
var numHostPreds int

// maxLinkMemo bounds the distinct links remembered per snapshot.
const maxLinkMemo = 20_000

type linkMemo struct {
	done []uint64           // rules evaluated on this link, by rule index
	res  map[int]predResult // results of the rules that matched
}

// resolveRef resolves a URL a page declares (an attribute, a config string) against it.
func resolveRef(base, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	b, err := url.Parse(base)
	if err != nil {
		return ""
	}
	u, err := b.Parse(ref)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return u.String()
}
