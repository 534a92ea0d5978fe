package detectors

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/portalscan/portalscan/crawler/page"
)

// Detectors that judge the crawl as a whole rather than single pages or links: robots.txt
// policy, page metadata, heading anchors, broken links, localisation, code samples and SDK
// breadth. They follow the same evidence discipline as the rules.

func init() {
	Register(robotsDetector{})
	Register(metaDetector{})
	Register(deepLinksDetector{})
	Register(brokenLinksDetector{})
	Register(localizationDetector{})
	Register(codeSamplesDetector{})
	Register(sdkBreadthDetector{})
}

// ---------------------------------------------------------------- robots.txt

const (
	pracRobotsOpen     = "disc-robots-open"
	pracAIPolicy       = "ai-robots-ai-policy"
	pracContentSignals = "ai-content-signals"
)

// aiAgents are the product tokens of AI crawlers and AI user agents (ai.robots.txt list).
var aiAgents = []string{"GPTBot", "OAI-SearchBot", "ChatGPT-User", "ClaudeBot", "Claude-SearchBot", "Claude-User", "anthropic-ai",
	"PerplexityBot", "Perplexity-User", "Google-Extended", "CCBot", "Applebot-Extended", "Bytespider", "Amazonbot",
	"meta-externalagent", "cohere-ai", "Diffbot", "YouBot", "DuckAssistBot", "MistralAI-User"}

// aiFetchers answer users' questions live or index for AI search: blocking them hides the
// docs from assistants, unlike blocking training crawlers.
var aiFetchers = []string{"OAI-SearchBot", "ChatGPT-User", "Claude-SearchBot", "Claude-User", "PerplexityBot", "Perplexity-User"}

type robotsDetector struct{}

func (robotsDetector) Doc() Doc {
	return Doc{
		Name:      "robots",
		Practices: []string{pracRobotsOpen, pracAIPolicy, pracContentSignals},
		Looks: "robots.txt at the host root: whether Googlebot and Bingbot may fetch the crawled docs pages; which AI crawlers it names " +
			"(GPTBot, OAI-SearchBot, ChatGPT-User, ClaudeBot, Claude-User, PerplexityBot, Google-Extended, CCBot …) and whether the AI search and " +
			"user agents may still read the docs; Content-Signal lines or noai meta tags.",
		Why: "A Disallow meant for a staging path that covers the docs removes them from search; an explicit AI policy decides whether assistants can cite the docs.",
		Fix: "Allow the docs for search bots, add groups for the AI crawlers you accept or refuse (keep search and user agents allowed on the docs), and declare Content-Signal preferences.",
	}
}

func (robotsDetector) Begin(env Env) Run {
	return &robotsRun{sh: sharedOf(env), paths: map[string]bool{}}
}

type robotsRun struct {
	sh      *shared
	fetched bool
	url     string
	status  int
	err     string
	html    bool
	rf      *robotsFile
	body    string
	paths   map[string]bool // paths of readable docs pages
	noai    *candidate      // a page whose robots meta says noai
	pages   int             // readable docs pages
	noindex []string        // of them, those a robots meta tag or X-Robots-Tag keeps out of search indexes
}

// noindexOf says why a page asks search engines not to index it ("" when it does not).
func noindexOf(p *page.Page) string {
	for k, v := range p.Headers {
		if strings.EqualFold(k, "X-Robots-Tag") && robotsNoindex(v, true) {
			return "X-Robots-Tag: " + clip(v, 60)
		}
	}
	if p.Doc != nil {
		for _, name := range []string{"robots", "googlebot"} {
			if v := p.Doc.Meta[name]; robotsNoindex(v, false) {
				return `<meta name="` + name + `" content="` + clip(v, 60) + `">`
			}
		}
	}
	return ""
}

// robotsNoindex reads a robots directive list ("noindex, nofollow", "none"); in a header a
// list may be scoped to one crawler ("otherbot: noindex"), which does not count.
func robotsNoindex(v string, header bool) bool {
	v = strings.ToLower(v)
	if header {
		if agent, rest, ok := strings.Cut(v, ":"); ok && !strings.ContainsAny(agent, ",") && !strings.Contains(agent, "noindex") {
			a := strings.TrimSpace(agent)
			if a != "googlebot" && a != "bingbot" && a != "*" {
				return false
			}
			v = rest
		}
	}
	for _, tok := range strings.Split(v, ",") {
		if t := strings.TrimSpace(tok); t == "noindex" || t == "none" {
			return true
		}
	}
	return false
}

func (r *robotsRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if p.Kind == page.KindRobots {
		if r.fetched && pathOf(r.url) == "/robots.txt" {
			return
		}
		r.fetched, r.url, r.status, r.err = true, p.URL, p.Status, p.Error
		r.html = p.OK() && isHTMLBody(p)
		if p.OK() && !r.html {
			r.rf = parseRobots(p.Body)
			r.body = string(head(p.Body, 4096))
		}
		return
	}
	if p.Kind == page.KindPage && pf.usable {
		r.pages++
		if why := noindexOf(p); why != "" {
			r.noindex = append(r.noindex, pf.url+" ("+why+")")
		}
		if len(r.paths) < 1000 {
			if u := pathOf(pf.url); u != "" {
				r.paths[u] = true
			}
		}
		if v := strings.ToLower(p.Doc.Meta["robots"]); strings.Contains(v, "noai") || strings.Contains(v, "noimageai") {
			c := &candidate{ev: Evidence{URL: pf.url, FoundOn: pf.url, Matched: "content-signals: robots meta " + clip(v, 60), Snippet: `<meta name="robots" content="` + clip(v, 80) + `">`}, status: Met, depth: p.Depth}
			if r.noai == nil || c.less(r.noai) {
				r.noai = c
			}
		}
	}
}

// Finish judges robots.txt, then what the pages say about indexing: docs pages marked
// noindex (meta robots or X-Robots-Tag) are kept out of search whatever robots.txt allows.
func (r *robotsRun) Finish(idx Index) []Finding {
	fs := r.finishRobots(idx)
	if len(r.noindex) == 0 {
		return fs
	}
	sort.Strings(r.noindex)
	open := &fs[0]
	note := fmt.Sprintf("%d of %d docs pages ask search engines not to index them: %s", len(r.noindex), r.pages, strings.Join(firstN(r.noindex, 3), ", "))
	if open.Note != "" {
		note = open.Note + "; " + note
	}
	open.Note = note
	if len(r.noindex)*2 > r.pages && open.Status != NotObservable {
		open.Status, open.Evidence = NotMet, nil
	}
	return fs
}

func (r *robotsRun) finishRobots(Index) []Finding {
	open := Finding{Practice: pracRobotsOpen}
	ai := Finding{Practice: pracAIPolicy}
	sig := Finding{Practice: pracContentSignals, Status: NotMet}
	if r.noai != nil {
		sig.Status, sig.Evidence = Met, []Evidence{r.noai.ev}
	}
	switch {
	case !r.fetched:
		open.Status, open.Reason, open.Note = NotObservable, ReasonFetchFailed, "robots.txt was not fetched"
		ai.Status, ai.Reason, ai.Note = NotObservable, ReasonFetchFailed, "robots.txt was not fetched"
		return []Finding{open, ai, sig}
	case r.err != "" || r.status >= 500 || r.status == 0:
		why := r.err
		if why == "" {
			why = fmt.Sprintf("HTTP %d", r.status)
		}
		open.Status, open.Reason, open.Note = NotObservable, ReasonFetchFailed, "robots.txt: "+why
		ai.Status, ai.Reason, ai.Note = NotObservable, ReasonFetchFailed, "robots.txt: "+why
		return []Finding{open, ai, sig}
	case r.rf == nil:
		// No robots.txt (4xx) or an HTML page in its place: nothing is disallowed.
		why := fmt.Sprintf("no robots.txt (HTTP %d): nothing is disallowed", r.status)
		if r.html {
			why = "robots.txt answers an HTML page: crawlers treat it as allowing everything"
		}
		open.Status = Met
		open.Evidence = []Evidence{{URL: r.url, FoundOn: r.url, Matched: "robots-open: " + why}}
		ai.Status, ai.Note = NotMet, "no robots.txt, so no AI-crawler policy"
		return []Finding{open, ai, sig}
	}
	paths := make([]string, 0, len(r.paths))
	for p := range r.paths {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	if len(paths) == 0 {
		paths = []string{"/"}
	}
	var blocked []string
	for _, p := range paths {
		if !r.rf.allowed("googlebot", p) || !r.rf.allowed("bingbot", p) {
			blocked = append(blocked, p)
		}
	}
	snip := clip(page.Fold(r.body), 160)
	switch {
	case len(blocked) == 0:
		open.Status = Met
		open.Evidence = []Evidence{{URL: r.url, FoundOn: r.url, Matched: fmt.Sprintf("robots-open: Googlebot and Bingbot may fetch all %d docs pages crawled", len(paths)), Snippet: snip}}
	case len(blocked)*2 < len(paths):
		open.Status = Partial
		open.Evidence = []Evidence{{URL: r.url, FoundOn: r.url, Matched: fmt.Sprintf("robots-open: %d of %d docs pages disallowed for search bots", len(blocked), len(paths)), Snippet: snip}}
		open.Note = "disallowed: " + strings.Join(firstN(blocked, 5), ", ")
	default:
		open.Status = NotMet
		open.Note = fmt.Sprintf("%d of %d docs pages disallowed for search bots: %s", len(blocked), len(paths), strings.Join(firstN(blocked, 5), ", "))
	}
	var named []string
	for _, a := range aiAgents {
		if r.rf.named(a) {
			named = append(named, a)
		}
	}
	var shut []string
	for _, a := range aiFetchers {
		for _, p := range firstN(paths, 50) {
			if !r.rf.allowed(a, p) {
				shut = append(shut, a)
				break
			}
		}
	}
	switch {
	case len(named) == 0:
		ai.Status, ai.Note = NotMet, "robots.txt names no AI crawler"
	case len(shut) == 0:
		ai.Status = Met
		ai.Evidence = []Evidence{{URL: r.url, FoundOn: r.url, Matched: "ai-policy: names " + strings.Join(firstN(named, 6), ", ") + "; AI search and user agents may read the docs", Snippet: snip}}
	default:
		ai.Status = Partial
		ai.Evidence = []Evidence{{URL: r.url, FoundOn: r.url, Matched: "ai-policy: names " + strings.Join(firstN(named, 6), ", ") + "; docs disallowed for " + strings.Join(shut, ", "), Snippet: snip}}
		ai.Note = "an explicit policy, but it keeps AI search or user agents (" + strings.Join(shut, ", ") + ") from the docs"
	}
	if len(r.rf.signals) > 0 && sig.Status != Met {
		sig.Status = Met
		sig.Evidence = []Evidence{{URL: r.url, FoundOn: r.url, Matched: "content-signals: Content-Signal: " + clip(r.rf.signals[0], 80), Snippet: "Content-Signal: " + clip(r.rf.signals[0], 120)}}
	}
	return []Finding{open, ai, sig}
}

func firstN(ss []string, n int) []string {
	if len(ss) > n {
		return ss[:n]
	}
	return ss
}

// ---------------------------------------------------------------- metadata

const pracMeta = "disc-meta-basics"

type metaDetector struct{}

func (metaDetector) Doc() Doc {
	return Doc{
		Name:      "meta-basics",
		Practices: []string{pracMeta},
		Looks:     "Titles, meta descriptions and canonical links on the crawled docs pages: share of pages with each and share of distinct titles.",
		Why:       "Search results show the title and description; duplicated or missing ones make docs pages hard to find and tell apart.",
		Fix:       "Give every page a distinct <title>, a meta description and a canonical link (docs generators set them from front matter).",
	}
}

func (metaDetector) Begin(env Env) Run {
	return &metaRun{sh: sharedOf(env), titles: map[string]int{}, best: newPool()}
}

type metaRun struct {
	sh                     *shared
	n, titled, desc, canon int
	titles                 map[string]int
	best                   pool
}

func (r *metaRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if p.Kind != page.KindPage || !pf.usable {
		return
	}
	d := p.Doc
	r.n++
	t := strings.TrimSpace(d.Title)
	if t != "" {
		r.titled++
		r.titles[t]++
	}
	desc := strings.TrimSpace(d.Meta["description"])
	if desc != "" {
		r.desc++
	}
	if d.Canonical != "" {
		r.canon++
	}
	if t != "" && desc != "" {
		r.best.add("", &candidate{ev: Evidence{URL: pf.url, FoundOn: pf.url, Matched: "meta-basics: title and description", Snippet: clip(t+" — "+desc, 160)}, status: Met, depth: p.Depth})
	}
}

func (r *metaRun) Finish(Index) []Finding {
	f := Finding{Practice: pracMeta, Status: NotMet}
	if r.n == 0 {
		f.Status, f.Reason, f.Note = NotObservable, ReasonFetchFailed, "no readable page"
		return []Finding{f}
	}
	share := func(k int) float64 { return float64(k) / float64(r.n) }
	f.Note = fmt.Sprintf("%d pages: %.0f%% titled, %.0f%% distinct titles, %.0f%% with a description, %.0f%% with a canonical link",
		r.n, 100*share(r.titled), 100*share(len(r.titles)), 100*share(r.desc), 100*share(r.canon))
	var cands []*candidate
	for _, c := range r.best.m {
		cands = append(cands, c)
	}
	switch {
	case share(r.titled) >= 0.9 && share(len(r.titles)) >= 0.8 && share(r.desc) >= 0.8:
		f.Status = Met
	case share(r.titled) >= 0.5 && len(cands) > 0:
		f.Status = Partial
	default:
		return []Finding{f}
	}
	if len(cands) == 0 {
		// Titled pages without descriptions: point at a titled page.
		f.Status = Partial
		return []Finding{f}
	}
	v := verdict(pracMeta, cands)
	f.Evidence = firstEvidence(v.Evidence, 3)
	return []Finding{f}
}

func firstEvidence(ev []Evidence, n int) []Evidence {
	if len(ev) > n {
		return ev[:n]
	}
	return ev
}

// ---------------------------------------------------------------- heading anchors

const pracDeepLinks = "disc-deep-links"

type deepLinksDetector struct{}

func (deepLinksDetector) Doc() Doc {
	return Doc{
		Name:      "deep-links",
		Practices: []string{pracDeepLinks},
		Looks:     "Share of h2/h3 headings that carry an id a reader can link to, and hash-routed (#/) navigation links.",
		Why:       "Stable anchors let support, search engines and colleagues link straight to the answer.",
		Fix:       "Give every section heading a stable id (most generators do) and avoid #/ routing for docs pages.",
	}
}

func (deepLinksDetector) Begin(env Env) Run { return &deepLinksRun{sh: sharedOf(env), ex: newPool()} }

type deepLinksRun struct {
	sh          *shared
	total, ids  int
	hashRouting string
	ex          pool
}

func (r *deepLinksRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if p.Kind != page.KindPage || !pf.usable {
		return
	}
	first := true
	for _, h := range p.Doc.Headings {
		if h.Level != 2 && h.Level != 3 {
			continue
		}
		r.total++
		if h.ID == "" {
			continue
		}
		r.ids++
		if first {
			first = false
			r.ex.add("", &candidate{ev: Evidence{URL: withAnchor(pf.url, h.ID), FoundOn: pf.url, Matched: "deep-links: heading anchor #" + clip(h.ID, 60), Snippet: clip(headingText(h.Text), 120)}, status: Met, depth: p.Depth})
		}
	}
	for _, l := range pf.links {
		if l.rank <= 1 && strings.Contains(l.URL, "#/") && r.hashRouting == "" {
			r.hashRouting = l.URL
		}
	}
}

func (r *deepLinksRun) Finish(Index) []Finding {
	f := Finding{Practice: pracDeepLinks, Status: NotMet}
	if r.total == 0 {
		f.Note = "no h2/h3 headings on the crawled pages"
		return []Finding{f}
	}
	ratio := float64(r.ids) / float64(r.total)
	f.Note = fmt.Sprintf("%d of %d h2/h3 headings have an anchor", r.ids, r.total)
	if r.hashRouting != "" {
		f.Note += "; navigation uses hash routing (" + clip(r.hashRouting, 80) + ")"
	}
	var cands []*candidate
	for _, c := range r.ex.m {
		cands = append(cands, c)
	}
	switch {
	case ratio >= 0.6 && r.hashRouting == "":
		f.Status = Met
	case ratio >= 0.3:
		f.Status = Partial
	default:
		return []Finding{f}
	}
	f.Evidence = firstEvidence(verdict(pracDeepLinks, cands).Evidence, 3)
	if len(f.Evidence) == 0 {
		f.Status = NotMet
	}
	return []Finding{f}
}

// ---------------------------------------------------------------- broken links

const pracBrokenLinks = "qual-no-broken-links"

type brokenLinksDetector struct{}

func (brokenLinksDetector) Doc() Doc {
	return Doc{
		Name:      "broken-links",
		Practices: []string{pracBrokenLinks},
		Looks:     "In-scope pages reached by links that answered 4xx/5xx or failed (login walls excepted), against all linked pages fetched.",
		Why:       "Broken links send readers to dead ends and tell search engines the docs are neglected.",
		Fix:       "Check links in CI (most generators have a link checker) and redirect moved pages.",
	}
}

func (brokenLinksDetector) Begin(env Env) Run { return &brokenLinksRun{sh: sharedOf(env)} }

type brokenLinksRun struct {
	sh    *shared
	start string
}

func (r *brokenLinksRun) Page(p *page.Page) {
	if p.Kind == page.KindPage && p.Depth == 0 && r.start == "" {
		r.start = p.URL
	}
}

func (r *brokenLinksRun) Finish(idx Index) []Finding {
	f := Finding{Practice: pracBrokenLinks, Status: NotObservable, Reason: ReasonFetchFailed}
	if idx == nil {
		return []Finding{f}
	}
	total := 0
	var broken []*candidate
	for _, fe := range idx.Pages() {
		if fe.Kind != page.KindPage || fe.Via != "link" {
			continue
		}
		total++
		if fe.OK() || fetchGate(fe, r.sh.resourceOf(fe)) != "" {
			continue
		}
		if fe.Status >= 300 && fe.Status < 400 && fe.Error == "" {
			continue
		}
		if strings.Contains(fe.Error, "robots") || strings.Contains(fe.Error, "out of scope") {
			continue
		}
		broken = append(broken, &candidate{ev: Evidence{URL: fe.URL, FoundOn: fe.FoundOn, Matched: "broken-links: " + fetchError(fe), Error: fetchError(fe)}, status: Partial, depth: fe.Depth})
	}
	if total == 0 {
		f.Note = "no page was reached by a link"
		return []Finding{f}
	}
	f.Reason = ""
	f.Note = fmt.Sprintf("%d of %d linked pages broken", len(broken), total)
	switch {
	case len(broken) == 0:
		f.Status = Met
		u := r.start
		if u == "" {
			u = idx.Pages()[0].URL
		}
		f.Evidence = []Evidence{{URL: u, FoundOn: u, Matched: fmt.Sprintf("broken-links: %d linked pages fetched, none broken", total)}}
	default:
		v := verdict(pracBrokenLinks, broken)
		f.Evidence = v.Evidence
		f.Status = Partial
		if len(broken)*20 > total {
			f.Status = NotMet
		}
	}
	return []Finding{f}
}

// ---------------------------------------------------------------- localisation

const pracLocalization = "qual-localization"

type localizationDetector struct{}

func (localizationDetector) Doc() Doc {
	return Doc{
		Name:      "localization",
		Practices: []string{pracLocalization},
		Looks:     "Translated docs: hreflang alternates, pages in two or more languages (html lang), or a language switcher in the header or navigation.",
		Why:       "Developers read faster and make fewer mistakes in their own language.",
		Fix:       "Translate the key pages and declare the alternates with <link rel=\"alternate\" hreflang>.",
	}
}

func (localizationDetector) Begin(env Env) Run {
	return &localizationRun{sh: sharedOf(env), langs: map[string]*candidate{}, hreflang: newPool(), switcher: map[string]*candidate{}}
}

type localizationRun struct {
	sh       *shared
	langs    map[string]*candidate // primary language -> an example page
	hreflang pool
	switcher map[string]*candidate // language named by a nav link -> the link
}

var languageNames = map[string]string{
	"english": "en", "deutsch": "de", "français": "fr", "francais": "fr", "español": "es", "espanol": "es", "português": "pt", "portugues": "pt",
	"nederlands": "nl", "italiano": "it", "русский": "ru", "日本語": "ja", "中文": "zh", "简体中文": "zh", "繁體中文": "zh", "한국어": "ko", "polski": "pl",
	"türkçe": "tr", "svenska": "sv", "dansk": "da", "norsk": "no", "suomi": "fi", "čeština": "cs", "українська": "uk", "en": "en", "de": "de", "fr": "fr",
	"es": "es", "pt": "pt", "ru": "ru", "ja": "ja", "zh": "zh", "it": "it", "nl": "nl",
}

func (r *localizationRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if p.Kind != page.KindPage || !pf.usable {
		return
	}
	if pf.lang != "" {
		c := &candidate{ev: Evidence{URL: pf.url, FoundOn: pf.url, Matched: "localization: page in lang=" + pf.lang, Snippet: clip(pf.title, 120)}, status: Met, depth: p.Depth}
		if cur := r.langs[pf.lang]; cur == nil || c.less(cur) {
			r.langs[pf.lang] = c
		}
	}
	alts := map[string]bool{}
	for _, lt := range p.Doc.LinkTags {
		if strings.Contains(lt.Rel, "alternate") && lt.Hreflang != "" && !strings.EqualFold(lt.Hreflang, "x-default") {
			alts[primaryLang(lt.Hreflang)] = true
		}
	}
	if len(alts) >= 2 {
		var ls []string
		for l := range alts {
			ls = append(ls, l)
		}
		sort.Strings(ls)
		r.hreflang.add("", &candidate{ev: Evidence{URL: pf.url, FoundOn: pf.url, Matched: "localization: hreflang alternates " + strings.Join(ls, ", ")}, status: Met, depth: p.Depth})
	}
	for _, l := range pf.links {
		if l.rank > 1 || !l.count {
			continue
		}
		if code, ok := languageNames[strings.ToLower(l.text)]; ok {
			c := &candidate{ev: Evidence{URL: l.URL, FoundOn: pf.url, Matched: "localization: language switcher link " + clip(l.text, 40), Snippet: clip(l.text, 40)}, status: Met, depth: p.Depth}
			if cur := r.switcher[code]; cur == nil || c.less(cur) {
				r.switcher[code] = c
			}
		}
	}
}

func (r *localizationRun) Finish(Index) []Finding {
	var cands []*candidate
	switch {
	case len(r.hreflang.m) > 0:
		for _, c := range r.hreflang.m {
			cands = append(cands, c)
		}
	case len(r.langs) >= 2:
		for _, c := range r.langs {
			cands = append(cands, c)
		}
	case len(r.switcher) >= 2:
		for _, c := range r.switcher {
			cands = append(cands, c)
		}
	}
	f := verdict(pracLocalization, cands)
	if f.Status == NotMet {
		f.Note = "one language only"
	}
	return []Finding{f}
}

// ---------------------------------------------------------------- code samples

const (
	pracMultiLang  = "code-multilang-samples"
	pracFirstCall  = "onb-first-call-snippet"
	minSampleLangs = 3
)

type codeSamplesDetector struct{}

func (codeSamplesDetector) Doc() Doc {
	return Doc{
		Name:      "code-samples",
		Practices: []string{pracMultiLang, pracFirstCall},
		Looks: "Code blocks by declared language: a page with samples in three or more programming languages; a copy-paste first request " +
			"(curl, httpie or an SDK call) on a quickstart or landing page.",
		Why: "Samples in the reader's language and a first request that works when pasted shorten the time to a first successful call.",
		Fix: "Show every request in curl and the main SDK languages (tabs), and put a runnable first request on the quickstart.",
	}
}

func (codeSamplesDetector) Begin(env Env) Run {
	return &codeSamplesRun{sh: sharedOf(env), multi: newPool(), first: newPool()}
}

type codeSamplesRun struct {
	sh           *shared
	multi, first pool
}

var langAlias = map[string]string{
	"sh": "shell", "bash": "shell", "shell": "shell", "zsh": "shell", "curl": "shell", "console": "shell", "shell-session": "shell", "powershell": "powershell",
	"js": "javascript", "javascript": "javascript", "node": "javascript", "nodejs": "javascript", "jsx": "javascript", "ts": "typescript", "typescript": "typescript",
	"py": "python", "python": "python", "python3": "python", "rb": "ruby", "ruby": "ruby", "java": "java", "kotlin": "kotlin", "kt": "kotlin",
	"go": "go", "golang": "go", "php": "php", "cs": "csharp", "csharp": "csharp", "c#": "csharp", "dotnet": "csharp", "swift": "swift",
	"objective-c": "objc", "objc": "objc", "rust": "rust", "rs": "rust", "scala": "scala", "dart": "dart", "elixir": "elixir", "clojure": "clojure",
	"perl": "perl", "r": "r", "cpp": "cpp", "c++": "cpp", "c": "c", "groovy": "groovy", "vb": "vb", "vbnet": "vb",
}

var firstCall = regexp.MustCompile(`(?im)^\s*(?:\$\s*)?(?:curl|http|https|wget)\s+(?:-[a-zA-Z-]+\s+\S+\s+)*['"]?https?://|` +
	`\b(?:requests\.(?:get|post)|fetch\(\s*['"]https?://|axios\.(?:get|post)|http\.NewRequest|HttpClient\(|Invoke-RestMethod)|` +
	`^\s*(?:\$\s*)?curl\s`)

var quickstartish = regexp.MustCompile(`(?i)quick-?start|getting-?started|get-?started|first-steps|start-here|your-first|hello-world`)

func (r *codeSamplesRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if p.Kind != page.KindPage || !pf.usable {
		return
	}
	seen := map[string]string{}
	var order []string
	firstStatus := Status("")
	for _, cb := range p.Doc.Code {
		if l := langAlias[strings.ToLower(cb.Lang)]; l != "" {
			if _, ok := seen[l]; !ok {
				seen[l] = cb.Near
				order = append(order, l)
			}
		}
		if m := firstCall.FindString(cb.Text); m != "" {
			if firstStatus == "" { // the same for every block of the page
				firstStatus = Partial
				if p.Depth == 0 || quickstartish.MatchString(pf.path) || quickstartish.MatchString(pf.title) {
					firstStatus = Met
				}
			}
			r.first.add("", &candidate{ev: Evidence{URL: withAnchor(pf.url, cb.Near), FoundOn: pf.url, Matched: "first-call: " + clip(page.Fold(m), 60), Snippet: clip(page.Fold(cb.Text), 160)}, status: firstStatus, depth: p.Depth})
		}
	}
	if len(order) >= 2 {
		status := Partial
		if len(order) >= minSampleLangs {
			status = Met
		}
		sort.Strings(order)
		r.multi.add("", &candidate{ev: Evidence{URL: pf.url, FoundOn: pf.url, Matched: fmt.Sprintf("multilang-samples: %d languages (%s)", len(order), strings.Join(order, ", "))}, status: status, depth: p.Depth})
	}
}

func (r *codeSamplesRun) Finish(Index) []Finding {
	var multi, first []*candidate
	for _, c := range r.multi.m {
		multi = append(multi, c)
	}
	for _, c := range r.first.m {
		first = append(first, c)
	}
	fm := verdict(pracMultiLang, multi)
	ff := verdict(pracFirstCall, first)
	fm.Evidence = firstEvidence(fm.Evidence, 3)
	ff.Evidence = firstEvidence(ff.Evidence, 3)
	return []Finding{fm, ff}
}

// ---------------------------------------------------------------- SDK breadth

const pracSDKBreadth = "code-sdk-breadth"

type sdkBreadthDetector struct{}

func (sdkBreadthDetector) Doc() Doc {
	return Doc{
		Name:      "sdk-breadth",
		Practices: []string{pracSDKBreadth},
		Looks:     "Languages covered by the SDK links the sdks detector accepts (registry packages and SDK repositories): three or more is met, one or two partial.",
		Why:       "Most teams only adopt an API whose SDK exists in their language.",
		Fix:       "Publish SDKs for the languages your customers use most (typically JavaScript, Python, Java, Go, .NET, PHP, Ruby).",
	}
}

func (sdkBreadthDetector) Begin(env Env) Run {
	return &sdkBreadthRun{sh: sharedOf(env), langs: map[string]*candidate{}}
}

type sdkBreadthRun struct {
	sh    *shared
	langs map[string]*candidate
}

var registryLang = []struct {
	re   *regexp.Regexp
	lang string
}{
	{regexp.MustCompile(`^https?://(www\.)?npmjs\.(com|org)/`), "JavaScript"},
	{regexp.MustCompile(`^https?://(www\.)?pypi\.`), "Python"},
	{regexp.MustCompile(`^https?://(central\.sonatype\.com|search\.maven\.org|mvnrepository\.com|repo1\.maven\.org)/`), "Java"},
	{regexp.MustCompile(`^https?://(www\.)?nuget\.org/`), ".NET"},
	{regexp.MustCompile(`^https?://(www\.)?rubygems\.org/`), "Ruby"},
	{regexp.MustCompile(`^https?://(www\.)?packagist\.org/`), "PHP"},
	{regexp.MustCompile(`^https?://pkg\.go\.dev/`), "Go"},
	{regexp.MustCompile(`^https?://(www\.)?crates\.io/`), "Rust"},
	{regexp.MustCompile(`^https?://(www\.)?(cocoapods\.org|swiftpackageindex\.com)/`), "Swift"},
	{regexp.MustCompile(`^https?://(www\.)?pub\.dev/`), "Dart"},
	{regexp.MustCompile(`^https?://(www\.)?hex\.pm/`), "Elixir"},
	{regexp.MustCompile(`(?i)[-_./](python|py)(/|$)|/python[-_]`), "Python"},
	{regexp.MustCompile(`(?i)[-_./](node|nodejs|js|javascript|typescript|ts)(/|$)|/(node|js)[-_]`), "JavaScript"},
	{regexp.MustCompile(`(?i)[-_./](java|android)(/|$)|/java[-_]`), "Java"},
	{regexp.MustCompile(`(?i)[-_./](kotlin|kt)(/|$)`), "Kotlin"},
	{regexp.MustCompile(`(?i)[-_./](go|golang)(/|$)|/go[-_]`), "Go"},
	{regexp.MustCompile(`(?i)[-_./](ruby|rb)(/|$)|/ruby[-_]`), "Ruby"},
	{regexp.MustCompile(`(?i)[-_./](php)(/|$)|/php[-_]`), "PHP"},
	{regexp.MustCompile(`(?i)[-_./](dotnet|net|csharp|cs)(/|$)|-csharp-|\.net`), ".NET"},
	{regexp.MustCompile(`(?i)[-_./](swift|ios)(/|$)`), "Swift"},
	{regexp.MustCompile(`(?i)[-_./](rust|rs)(/|$)`), "Rust"},
}

func (r *sdkBreadthRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if !pf.usable {
		return
	}
	for _, name := range []string{"sdk-registry-link", "sdk-repo-link"} {
		ru := rules.byName[name]
		if ru == nil {
			continue
		}
		for i := range pf.links {
			l := &pf.links[i]
			if !l.count || l.self {
				continue
			}
			if _, ok := ru.evalLink(r.sh, pf, l); !ok {
				continue
			}
			target := strings.TrimSuffix(stripFragment(l.URL), "/")
			for _, rl := range registryLang {
				if rl.re.MatchString(target) {
					c := &candidate{ev: Evidence{URL: l.URL, FoundOn: pf.url, Matched: "sdk-breadth: " + rl.lang, Snippet: clip(l.text, 80)}, status: Met, prio: l.rank, depth: p.Depth}
					if cur := r.langs[rl.lang]; cur == nil || c.less(cur) {
						r.langs[rl.lang] = c
					}
					break
				}
			}
		}
	}
}

func (r *sdkBreadthRun) Finish(Index) []Finding {
	var cands []*candidate
	var langs []string
	for l, c := range r.langs {
		cands = append(cands, c)
		langs = append(langs, l)
	}
	sort.Strings(langs)
	f := verdict(pracSDKBreadth, cands)
	if len(langs) > 0 && len(langs) < 3 {
		f.Status = Partial
	}
	f.Note = fmt.Sprintf("%d SDK languages", len(langs))
	if len(langs) > 0 {
		f.Note += ": " + strings.Join(langs, ", ")
	}
	return []Finding{f}
}
