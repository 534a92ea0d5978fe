package detectors

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"regexp"
	"sort"
	"strings"

	"github.com/portalscan/portalscan/crawler/page"
)

// Candidate finders for practices a person (or a classifier) judges: they report partial
// with the evidence to review, not_met when they find nothing to review, and never met.

func init() {
	Register(landingDetector{})
	Register(iaDetector{})
	Register(quickstartJourneyDetector{})
	Register(signupFormDetector{})
	Register(visualConsistencyDetector{})
	Register(readabilityDetector{})
	Register(consentWallDetector{})
}

// reviewFinding is a partial finding with the best candidates, or not_met with a note.
func reviewFinding(practice string, pl pool, n int, none string) Finding {
	f := Finding{Practice: practice, Status: NotMet}
	if len(pl.m) == 0 {
		f.Note = none
		return f
	}
	f.Status = Partial
	f.Evidence = evidenceOf(firstCands(sortedPool(pl), n))
	f.Note = "candidate evidence for review"
	return f
}

// sampled reports whether a page takes part in a costly per-page check: every page near the
// start and a fixed quarter of the deeper ones (by URL, so independent of arrival order).
func sampled(p *page.Page, url string) bool {
	if p.Depth <= 1 {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte(url))
	return h.Sum32()%4 == 0
}

// ---------------------------------------------------------------- landing value proposition

const pracLandingValue = "val-landing-value-prop"

type landingDetector struct{}

func (landingDetector) Doc() Doc {
	return Doc{
		Name:      "landing-value",
		Practices: []string{pracLandingValue},
		Looks: "The landing page's hero as candidate evidence for a reviewer: its top heading with the meta description or the first " +
			"paragraph after it; whether it states what can be built or the business value needs a person (or a classifier).",
		Why: "Visitors decide in seconds whether the API is for them; a generic welcome wastes that moment.",
		Fix: "Open the landing page with what developers can build and the business outcome, in one plain sentence under the headline.",
	}
}

func (landingDetector) Begin(env Env) Run {
	return &landingRun{sh: sharedOf(env), found: newPool(), start: env.StartURL}
}

type landingRun struct {
	sh    *shared
	start string
	found pool
	pages int
}

func (r *landingRun) Page(p *page.Page) {
	if p.Kind != page.KindPage || p.Depth > 0 {
		return
	}
	pf := r.sh.facts(p)
	if !pf.usable {
		return
	}
	r.pages++
	var h1 *page.Heading
	for i := range p.Doc.Headings {
		if p.Doc.Headings[i].Level <= 2 {
			h1 = &p.Doc.Headings[i]
			break
		}
	}
	lead := strings.TrimSpace(p.Doc.Meta["description"])
	if lead == "" {
		lead = strings.TrimSpace(p.Doc.Meta["og:description"])
	}
	head := pf.title
	anchor := ""
	if h1 != nil {
		head, _ = pf.heading(h1)
		anchor = h1.ID
		if lead == "" {
			// The headline's last occurrence near the top is the heading itself (the first
			// ones are the title, the navigation and breadcrumbs).
			t := pf.folded()
			if len(t) > 16<<10 {
				t = t[:16<<10]
			}
			if i := strings.LastIndex(t, head); i >= 0 {
				lead = clip(t[i+len(head):], 200)
			}
		}
	}
	if head == "" || lead == "" {
		return
	}
	r.found.add("", &candidate{ev: Evidence{URL: withAnchor(pf.url, anchor), FoundOn: pf.url, Matched: "landing-value: hero " + clip(head, 80), Snippet: clip(head+" — "+lead, 160)}, status: Partial, depth: p.Depth})
}

func (r *landingRun) Finish(Index) []Finding {
	none := "the landing page has no headline and lead text in its HTML"
	if r.pages == 0 {
		return []Finding{{Practice: pracLandingValue, Status: NotObservable, Reason: ReasonFetchFailed, Note: "the landing page could not be read"}}
	}
	return []Finding{reviewFinding(pracLandingValue, r.found, 1, none)}
}

// ---------------------------------------------------------------- information architecture

const (
	pracConsistentIA = "find-consistent-ia"
	pracDocTypes     = "onb-doc-type-separation"
)

type iaDetector struct{}

func (iaDetector) Doc() Doc {
	return Doc{
		Name:      "information-architecture",
		Practices: []string{pracConsistentIA, pracDocTypes},
		Looks: "The navigation labels (nav, header and sidebar links) of each page, mapped to standard documentation types in eight languages: " +
			"Overview, Getting started, Guides, Reference, SDKs, Changelog, Support (four or more on one page's navigation: candidate for a " +
			"consistent IA) and Tutorials, How-to guides, Reference, Concepts (three or more: candidate for Diátaxis-like separation).",
		Why: "Readers move between products and doc types by the same labels; mixing tutorials, how-tos and reference makes each harder to use.",
		Fix: "Use the same top-level sections (Overview, Getting started, Guides, Reference, SDKs, Changelog, Support) across products and keep tutorials, how-tos, reference and concepts apart.",
	}
}

func (iaDetector) Begin(env Env) Run {
	return &iaRun{sh: sharedOf(env), ia: newPool(), dt: newPool(), cache: map[string]string{}}
}

type iaRun struct {
	sh     *shared
	ia, dt pool
	cache  map[string]string // link text -> doc type ("" when none)
}

var docTypes = []struct {
	name string
	re   *regexp.Regexp
}{
	{"overview", regexp.MustCompile(`(?i)^\W*(?:overview|introduction|about|übersicht|einführung|vue d.ensemble|présentation|introducción|descripción general|visão geral|introdução|overzicht|introductie|panoramica|introduzione|обзор|введение|описание)\W*$`)},
	{"getting-started", regexp.MustCompile(`(?i)^\W*(?:get(?:ting)? started|quick ?start|start here|first steps|erste schritte|schnellstart|démarrage rapide|prise en main|premiers pas|primeros pasos|inicio rápido|primeiros passos|início rápido|aan de slag|per iniziare|guida rapida|быстрый старт|начало работы|с чего начать)\W*$`)},
	{"tutorials", regexp.MustCompile(`(?i)^\W*(?:tutorials?|learn|walkthroughs?|anleitungen|tutoriels?|tutoriales|tutoriais|handleidingen|tutorial|обучение|туториалы|уроки)\W*$`)},
	{"how-to", regexp.MustCompile(`(?i)^\W*(?:how-?to(?: guides)?s?|guides|recipes|cookbooks?|leitfäden|guides pratiques|guías|guias|gidsen|guide|руководства|рецепты|инструкции)\W*$`)},
	{"reference", regexp.MustCompile(`(?i)^\W*(?:(?:api )?reference|api|api docs|endpoints|referenz|api-referenz|référence|referencia|referência|referentie|riferimento|справочник(?: api)?|методы(?: api)?)\W*$`)},
	{"concepts", regexp.MustCompile(`(?i)^\W*(?:concepts?|explanations?|key concepts|core concepts|how it works|architecture|konzepte|grundlagen|concepts clés|conceptos|conceitos|concepten|concetti|концепции|основные понятия|как это работает)\W*$`)},
	{"sdks", regexp.MustCompile(`(?i)^\W*(?:sdks?|libraries|client libraries|sdks (?:and|&) (?:libraries|tools)|tools|bibliotheken|bibliothèques|bibliotecas|librerías|librerie|библиотеки|инструменты)\W*$`)},
	{"changelog", regexp.MustCompile(`(?i)^\W*(?:change ?log|release notes|what.?s new|updates|änderungsprotokoll|versionshinweise|notes de version|nouveautés|notas de (?:la )?versión|novedades|notas de versão|novidades|wijzigingen|note di rilascio|novità|история изменений|что нового|обновления)\W*$`)},
	{"support", regexp.MustCompile(`(?i)^\W*(?:support|help|contact(?: us)?|faq|community|hilfe|kontakt|aide|assistance|soporte|ayuda|suporte|ajuda|ondersteuning|supporto|assistenza|поддержка|помощь)\W*$`)},
}

func (r *iaRun) docType(text string) string {
	if t, ok := r.cache[text]; ok {
		return t
	}
	t := ""
	if len(text) <= 40 {
		for _, dt := range docTypes {
			if dt.re.MatchString(text) {
				t = dt.name
				break
			}
		}
	}
	if len(r.cache) < 5000 {
		r.cache[text] = t
	}
	return t
}

func (r *iaRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if p.Kind != page.KindPage || !pf.usable {
		return
	}
	types := map[string]bool{}
	for i := range pf.links {
		l := &pf.links[i]
		if l.rank > 3 || l.rank == 2 || !l.count {
			continue // navigation, header and sidebar only
		}
		if t := r.docType(l.text); t != "" {
			types[t] = true
		}
	}
	if len(types) == 0 {
		return
	}
	var names []string
	for t := range types {
		names = append(names, t)
	}
	sort.Strings(names)
	if len(types) >= 4 {
		r.ia.add("", &candidate{ev: Evidence{URL: pf.url, FoundOn: pf.url, Matched: fmt.Sprintf("information-architecture: %d standard sections in the navigation (%s)", len(names), strings.Join(names, ", "))}, status: Partial, prio: -len(names), depth: p.Depth})
	}
	diataxis := 0
	for _, t := range []string{"tutorials", "how-to", "reference", "concepts"} {
		if types[t] {
			diataxis++
		}
	}
	if types["getting-started"] && !types["tutorials"] {
		diataxis++ // a getting-started section is the tutorial entry of most portals
	}
	if diataxis >= 3 {
		r.dt.add("", &candidate{ev: Evidence{URL: pf.url, FoundOn: pf.url, Matched: "information-architecture: tutorials, how-tos, reference and concepts apart in the navigation (" + strings.Join(names, ", ") + ")"}, status: Partial, prio: -diataxis, depth: p.Depth})
	}
}

func (r *iaRun) Finish(Index) []Finding {
	return []Finding{
		reviewFinding(pracConsistentIA, r.ia, 2, "the navigation names fewer than four standard doc types (Overview, Getting started, Guides, Reference, SDKs, Changelog, Support)"),
		reviewFinding(pracDocTypes, r.dt, 2, "the navigation does not separate tutorials, how-to guides, reference and concepts"),
	}
}

// ---------------------------------------------------------------- end-to-end quickstart

const pracE2EQuickstart = "onb-end-to-end-quickstart"

type quickstartJourneyDetector struct{}

func (quickstartJourneyDetector) Doc() Doc {
	return Doc{
		Name:      "quickstart-journey",
		Practices: []string{pracE2EQuickstart},
		Looks: "Quickstart pages (by path or title) that cover the journey: ordered steps (a numbered list or Step 1 … headings), getting " +
			"credentials (sign-up, API key, token), a request (a code block) and its result (a JSON block or a response / result section). " +
			"Three of the four make a candidate for review.",
		Why: "A quickstart that stops before the first successful response leaves newcomers stuck at the hardest step.",
		Fix: "Take the reader from sign-up through credentials and a first request to the response they should see, in numbered steps.",
	}
}

func (quickstartJourneyDetector) Begin(env Env) Run {
	return &quickstartJourneyRun{sh: sharedOf(env), found: newPool()}
}

type quickstartJourneyRun struct {
	sh    *shared
	found pool
	seen  int
	best  string
}

var (
	stepHeading    = regexp.MustCompile(`(?i)^\W*(?:step|schritt|étape|paso|passo|stap|шаг)\s*(?:1|one|eins|un|uno|um|één|один)\b|^\W*1[.)]\s`)
	credentialText = regexp.MustCompile(`(?i)\b(?:api[ -]?keys?|access tokens?|bearer|client (?:id|secret)|credentials|sign[ -]?up|register|api-schlüssel|zugangsdaten|clé d.api|identifiants|clave de api|credenciales|chave de api|credenciais|api-sleutel|chiave api|credenziali)\b|токен|ключ api|регистрац`)
	responseText   = regexp.MustCompile(`(?i)\b(?:response|result|output|you should see|returns|antwort|ergebnis|réponse|résultat|respuesta|resultado|resposta|antwoord|risposta|risultato)\b|ответ|результат`)
)

func (r *quickstartJourneyRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if p.Kind != page.KindPage || !pf.usable || !(quickstartish.MatchString(pf.path) || quickstartish.MatchString(strings.ReplaceAll(strings.ToLower(pf.title), " ", "-"))) {
		return
	}
	r.seen++
	var have []string
	steps := bytes.Contains(p.Body, []byte("<ol"))
	for _, h := range p.Doc.Headings {
		if stepHeading.MatchString(headingText(h.Text)) {
			steps = true
			break
		}
	}
	if steps {
		have = append(have, "steps")
	}
	text := pf.folded()
	if len(text) > 32<<10 {
		text = text[:32<<10]
	}
	if credentialText.MatchString(text) {
		have = append(have, "credentials")
	}
	request, response := false, false
	for _, cb := range p.Doc.Code {
		l := strings.ToLower(cb.Lang)
		t := strings.TrimSpace(cb.Text)
		if l == "json" || strings.HasPrefix(t, "{") || strings.HasPrefix(t, "HTTP/") {
			response = true
		} else {
			request = true
		}
	}
	if request {
		have = append(have, "request")
	}
	if !response {
		for _, h := range p.Doc.Headings {
			if responseText.MatchString(h.Text) {
				response = true
				break
			}
		}
	}
	if response {
		have = append(have, "response")
	}
	if len(have) > len(strings.Fields(r.best)) {
		r.best = strings.Join(have, " ")
	}
	if len(have) >= 3 {
		r.found.add("", &candidate{ev: Evidence{URL: pf.url, FoundOn: pf.url, Matched: "quickstart-journey: " + strings.Join(have, ", "), Snippet: clip(pf.title, 120)}, status: Partial, prio: -len(have), depth: p.Depth})
	}
}

func (r *quickstartJourneyRun) Finish(Index) []Finding {
	none := "no quickstart page was fetched"
	if r.seen > 0 {
		none = "the quickstart covers only: " + firstNonEmpty(strings.ReplaceAll(r.best, " ", ", "), "none") + " (of steps, credentials, request, response)"
	}
	return []Finding{reviewFinding(pracE2EQuickstart, r.found, 2, none)}
}

// ---------------------------------------------------------------- sign-up form

const (
	pracSignupForm  = "onb-light-signup-form"
	lightFormFields = 6
)

type signupFormDetector struct{}

func (signupFormDetector) Doc() Doc {
	return Doc{
		Name:      "signup-form",
		Practices: []string{pracSignupForm},
		Looks: "Public sign-up or registration forms the crawl fetched (pages at sign-up / register paths or so titled): the number of " +
			"fields a visitor must fill in, as candidate evidence; a form with more than six fields is noted as long. Sign-up forms on a " +
			"dashboard host outside the scan cannot be seen.",
		Why: "Every extra field, and every \"contact us to get keys\", loses developers before their first call.",
		Fix: "Ask for an e-mail and a password (or single sign-on) and nothing else before the sandbox.",
	}
}

func (signupFormDetector) Begin(env Env) Run {
	return &signupFormRun{sh: sharedOf(env), found: newPool()}
}

type signupFormRun struct {
	sh    *shared
	found pool
}

var signupPage = regexp.MustCompile(`(?i)(?:^|/)(?:sign-?up|register|registration|create-account|join|get-api-key|onboarding/start)(?:/|\.html?$|$)|\b(?:sign ?up|register|create (?:an |your )?account|registrieren|registrierung|inscription|s.inscrire|regístrate|registro|cadastro|registreren|registrati|регистрация)\b`)

func (r *signupFormRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if p.Kind != page.KindPage || !p.OK() || p.Doc == nil || len(p.Doc.Forms) == 0 {
		return
	}
	if !signupPage.MatchString(pf.path) && !signupPage.MatchString(pf.title) {
		return
	}
	for _, f := range p.Doc.Forms {
		fields, password := 0, false
		var names []string
		for _, in := range f.Inputs {
			switch in.Type {
			case "hidden", "submit", "button", "image", "reset", "search":
				continue
			case "password":
				password = true
			}
			fields++
			names = append(names, firstNonEmpty(in.Name, in.ID, in.Placeholder, in.Type))
		}
		if fields < 2 || !password && fields < 3 {
			continue
		}
		m := fmt.Sprintf("signup-form: sign-up form with %d fields", fields)
		if fields > lightFormFields {
			m += " (long)"
		}
		r.found.add("", &candidate{ev: Evidence{URL: pf.url, FoundOn: pf.url, Matched: m, Snippet: clip(strings.Join(names, ", "), 160)}, status: Partial, prio: fields, depth: p.Depth})
	}
}

func (r *signupFormRun) Finish(Index) []Finding {
	return []Finding{reviewFinding(pracSignupForm, r.found, 2, "no public sign-up form was fetched (it often sits on a dashboard host outside the scan)")}
}

// ---------------------------------------------------------------- visual consistency

const pracVisual = "qual-visual-consistency"

type visualConsistencyDetector struct{}

func (visualConsistencyDetector) Doc() Doc {
	return Doc{
		Name:      "visual-consistency",
		Practices: []string{pracVisual},
		Looks: "The stylesheets the crawled pages load: when at least 80% of the pages (three or more, across their top-level sections) " +
			"share a stylesheet, a candidate for one design system; the visual judgement needs a person.",
		Why: "A portal whose landing, docs and reference look like three sites makes readers wonder whether they are still in the right place.",
		Fix: "Build the landing page, docs and reference from one design system (shared stylesheet, header and footer).",
	}
}

func (visualConsistencyDetector) Begin(env Env) Run {
	return &visualRun{sh: sharedOf(env), sheets: map[string]int{}, sections: map[string]map[string]bool{}, example: map[string]*candidate{}}
}

type visualRun struct {
	sh       *shared
	n        int
	sheets   map[string]int             // stylesheet -> pages
	sections map[string]map[string]bool // stylesheet -> top-level sections using it
	example  map[string]*candidate
	allSecs  map[string]bool
}

func (r *visualRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if p.Kind != page.KindPage || !pf.usable {
		return
	}
	r.n++
	sec := "/"
	if parts := strings.SplitN(strings.Trim(pf.path, "/"), "/", 2); parts[0] != "" {
		sec = parts[0]
	}
	if r.allSecs == nil {
		r.allSecs = map[string]bool{}
	}
	r.allSecs[sec] = true
	seen := map[string]bool{}
	for _, lt := range p.Doc.LinkTags {
		if !strings.Contains(strings.ToLower(lt.Rel), "stylesheet") || lt.Href == "" {
			continue
		}
		u := stripFragment(resolveRef(pf.url, lt.Href))
		if i := strings.IndexByte(u, '?'); i >= 0 {
			u = u[:i]
		}
		if u == "" || seen[u] {
			continue
		}
		seen[u] = true
		r.sheets[u]++
		if r.sections[u] == nil {
			r.sections[u] = map[string]bool{}
		}
		r.sections[u][sec] = true
		c := &candidate{ev: Evidence{URL: pf.url, FoundOn: pf.url, Matched: "visual-consistency: shared stylesheet " + clip(pathOf(u), 80)}, status: Partial, depth: p.Depth}
		if cur := r.example[u]; cur == nil || c.less(cur) {
			r.example[u] = c
		}
	}
}

func (r *visualRun) Finish(Index) []Finding {
	f := Finding{Practice: pracVisual, Status: NotMet}
	if r.n < 3 {
		f.Note = "too few pages to compare"
		return f.one()
	}
	best, bestN := "", 0
	for u, n := range r.sheets {
		if n > bestN || n == bestN && u < best {
			best, bestN = u, n
		}
	}
	if best == "" || bestN*5 < r.n*4 {
		f.Note = fmt.Sprintf("no stylesheet is shared by 80%% of the %d pages", r.n)
		return f.one()
	}
	f.Status = Partial
	ev := r.example[best].ev
	ev.Matched = fmt.Sprintf("visual-consistency: %d of %d pages in %d of %d sections load %s", bestN, r.n, len(r.sections[best]), len(r.allSecs), pathOf(best))
	f.Evidence = []Evidence{ev}
	f.Note = "candidate evidence for review"
	return f.one()
}

func (f Finding) one() []Finding { return []Finding{f} }

// ---------------------------------------------------------------- readability

const (
	pracReadability     = "qual-readability"
	maxReadableSentence = 25 // words per sentence, median, for a candidate
	readabilityText     = 8 << 10
)

type readabilityDetector struct{}

func (readabilityDetector) Doc() Doc {
	return Doc{
		Name:      "readability",
		Practices: []string{pracReadability},
		Looks: "Simple readability figures of the docs pages (all pages near the start, a quarter of the deeper ones): words per sentence " +
			"and headings per 1,000 words. A median of at most 25 words per sentence with headings every few hundred words is a candidate " +
			"for review; plain language is a person's (or a classifier's) call.",
		Why: "Short sentences and descriptive headings let developers scan for the answer instead of reading every page.",
		Fix: "Write short sentences, one idea per paragraph, and a descriptive heading every few paragraphs.",
	}
}

func (readabilityDetector) Begin(env Env) Run {
	return &readabilityRun{sh: sharedOf(env), found: newPool()}
}

type readabilityRun struct {
	sh        *shared
	lengths   []int
	headDense []int
	found     pool
}

// sentenceStats returns the words per sentence and the words of a text.
func sentenceStats(t string) (perSentence, words int) {
	sentences := 0
	inWord := false
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c == ' ':
			inWord = false
		case c == '.' || c == '?' || c == '!':
			if inWord && (i+1 == len(t) || t[i+1] == ' ') {
				sentences++
			}
			inWord = false
		default:
			if !inWord {
				words++
				inWord = true
			}
		}
	}
	if sentences == 0 {
		return words, words
	}
	return words / sentences, words
}

func (r *readabilityRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if p.Kind != page.KindPage || !pf.usable || p.Doc.TextLen < ssrText || !sampled(p, pf.url) {
		return
	}
	t := pf.folded()
	if len(t) > readabilityText {
		t = t[:readabilityText]
	}
	per, words := sentenceStats(t)
	if words < 80 {
		return
	}
	heads := 0
	for _, h := range p.Doc.Headings {
		if h.Level >= 2 {
			heads++
		}
	}
	dense := heads * 1000 / max(1, p.Doc.TextLen/6) // about six characters per word
	r.lengths = append(r.lengths, per)
	r.headDense = append(r.headDense, dense)
	if per <= maxReadableSentence && heads > 0 {
		r.found.add("", &candidate{ev: Evidence{URL: pf.url, FoundOn: pf.url, Matched: fmt.Sprintf("readability: %d words per sentence, %d headings per 1,000 words", per, dense), Snippet: clip(pf.title, 120)}, status: Partial, prio: per, depth: p.Depth})
	}
}

func (r *readabilityRun) Finish(Index) []Finding {
	f := Finding{Practice: pracReadability, Status: NotMet}
	if len(r.lengths) == 0 {
		f.Note = "no docs page with enough prose to measure"
		return f.one()
	}
	med, dense := percentile(r.lengths, 0.5), percentile(r.headDense, 0.5)
	f.Note = fmt.Sprintf("%d pages measured: median %d words per sentence, %d headings per 1,000 words", len(r.lengths), med, dense)
	if med > maxReadableSentence || dense == 0 || len(r.found.m) == 0 {
		return f.one()
	}
	f.Status = Partial
	f.Evidence = evidenceOf(firstCands(sortedPool(r.found), 2))
	f.Note += "; candidate evidence for review"
	return f.one()
}

// ---------------------------------------------------------------- consent and marketing walls

const pracConsentWall = "disc-no-interstitial-wall"

type consentWallDetector struct{}

func (consentWallDetector) Doc() Doc {
	return Doc{
		Name:      "consent-wall",
		Practices: []string{pracConsentWall},
		Looks: "Whether a cookie-consent or marketing wall hides the content: consent managers loaded by the pages (OneTrust, Cookiebot, " +
			"Didomi, Usercentrics, TrustArc, Quantcast Choice, Osano, CookieYes, iubenda, Complianz …), wall markup or text (\"accept cookies " +
			"to continue\"), against docs text present in the raw HTML. A wall is not_met; pages readable with or without a consent manager " +
			"are a candidate for review, since only a browser shows whether the banner blocks the page.",
		Why: "A wall in front of the docs loses readers and hides the content from crawlers and agents that cannot click it away.",
		Fix: "Show consent as a non-blocking banner and never hide documentation behind a consent or sign-up wall.",
	}
}

func (consentWallDetector) Begin(env Env) Run {
	return &consentRun{sh: sharedOf(env), readable: newPool(), cmp: map[string]string{}}
}

type consentRun struct {
	sh       *shared
	readable pool
	cmp      map[string]string // consent manager -> first page
	walls    []*candidate
	pages    int
}

var cmpScripts = []struct{ name, marker string }{
	{"OneTrust", "onetrust"}, {"OneTrust", "cookielaw.org"}, {"Cookiebot", "cookiebot"}, {"Didomi", "didomi"}, {"Usercentrics", "usercentrics"},
	{"TrustArc", "trustarc"}, {"TrustArc", "truste.com"}, {"Quantcast Choice", "quantcast"}, {"Osano", "osano"}, {"CookieYes", "cookieyes"},
	{"Termly", "termly"}, {"iubenda", "iubenda"}, {"Complianz", "complianz"}, {"consentmanager", "consentmanager"}, {"Klaro", "klaro"},
	{"tarteaucitron", "tarteaucitron"}, {"Axeptio", "axeptio"}, {"Sourcepoint", "sourcepoint"}, {"CookieFirst", "cookiefirst"}, {"Borlabs", "borlabs"},
}

var wallNotice = regexp.MustCompile(`(?i)\b(?:accept (?:all )?cookies to (?:continue|view|access|read|see)|you must accept (?:the )?cookies|please accept (?:the )?cookies to|subscribe to (?:continue|read) (?:reading)?|(?:akzeptieren sie|bitte akzeptieren sie) (?:alle )?cookies,? um|acceptez les cookies pour (?:continuer|accéder)|acepte las cookies para (?:continuar|acceder)|aceite os cookies para (?:continuar|acessar))`)

func (r *consentRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if p.Kind != page.KindPage || !pf.usable {
		return
	}
	r.pages++
	for _, s := range p.Doc.Scripts {
		ls := strings.ToLower(s)
		for _, c := range cmpScripts {
			if strings.Contains(ls, c.marker) {
				if cur, ok := r.cmp[c.name]; !ok || pf.url < cur {
					r.cmp[c.name] = pf.url
				}
			}
		}
	}
	if p.Doc.TextLen < 600 {
		if m := wallNotice.FindString(pf.folded()); m != "" {
			r.walls = append(r.walls, &candidate{ev: Evidence{URL: pf.url, FoundOn: pf.url, Matched: "consent-wall: " + m, Error: "content hidden behind a wall: " + m}, status: NotMet, depth: p.Depth})
			return
		}
	}
	if p.Doc.TextLen >= ssrText {
		r.readable.add("", &candidate{ev: Evidence{URL: pf.url, FoundOn: pf.url, Matched: fmt.Sprintf("consent-wall: %d characters of docs text readable without interaction", p.Doc.TextLen), Snippet: clip(pf.title, 120)}, status: Partial, depth: p.Depth})
	}
}

func (r *consentRun) Finish(Index) []Finding {
	f := Finding{Practice: pracConsentWall, Status: NotMet}
	if r.pages == 0 {
		f.Status, f.Reason, f.Note = NotObservable, ReasonFetchFailed, "no readable page was fetched"
		return f.one()
	}
	var cmps []string
	for n, u := range r.cmp {
		cmps = append(cmps, n+" on "+u)
	}
	sort.Strings(cmps)
	if len(r.walls)*2 > r.pages || len(r.walls) > 0 && len(r.readable.m) == 0 {
		sort.Slice(r.walls, func(i, j int) bool { return r.walls[i].less(r.walls[j]) })
		f.Evidence = evidenceOf(firstCands(r.walls, 3))
		f.Note = fmt.Sprintf("%d pages show a wall instead of content", len(r.walls))
		return f.one()
	}
	if len(r.readable.m) == 0 {
		f.Note = "no page with docs text in its raw HTML"
		return f.one()
	}
	f.Status = Partial
	f.Evidence = evidenceOf(firstCands(sortedPool(r.readable), 2))
	if len(cmps) > 0 {
		f.Note = "consent manager loaded (" + strings.Join(firstN(cmps, 3), "; ") + "): check in a browser whether its banner blocks the content"
	} else {
		f.Note = "no consent manager or wall markup found; a browser check confirms no overlay hides the content"
	}
	return f.one()
}
