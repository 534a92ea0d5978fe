package detectors

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/portalscan/portalscan/crawler/page"
)

// Content detectors that need more than one rule can say: the status page's extras, the
// changelog's dates and labels, the languages a portal covers and the legal entity named in
// its footer.

func init() {
	Register(statusExtrasDetector{})
	Register(changelogEntriesDetector{})
	Register(languageCoverageDetector{})
	Register(legalEntityDetector{})
}

// evalRuleLink applies a named rule of rules.yaml to a link (memoised like the rule's own
// detector), false when the rule does not exist.
func evalRuleLink(sh *shared, pf *pageFacts, l *linkFact, name string) bool {
	ru := rules.byName[name]
	if ru == nil || ru.evidence != evLink {
		return false
	}
	_, ok := ru.evalLink(sh, pf, l)
	return ok
}

// ---------------------------------------------------------------- status page extras

const (
	pracStatusHistory   = "ops-status-history"
	pracStatusSubscribe = "ops-status-subscribe"
)

type statusExtrasDetector struct{}

func (statusExtrasDetector) Doc() Doc {
	return Doc{
		Name:      "status-extras",
		Practices: []string{pracStatusHistory, pracStatusSubscribe},
		Looks: "What the status page offers beyond today's state: links to its incident history or uptime (…/history, …/incidents, " +
			"\"Past incidents\", \"Uptime\") and ways to subscribe (…/subscribe, RSS / Atom feeds, \"Subscribe to updates\"), on the portal " +
			"or on a status page the crawl fetched. A status page on another host is not fetched: then both are left to a person.",
		Why: "Integrators judge reliability from past incidents and want to hear about the next one without polling the page.",
		Fix: "Use a status page that shows the incident history and uptime and offers e-mail, RSS/Atom or webhook subscriptions; link them.",
	}
}

func (statusExtrasDetector) Begin(env Env) Run {
	return &statusExtrasRun{sh: sharedOf(env), history: newPool(), subscribe: newPool(), statusPages: map[string]string{}}
}

type statusExtrasRun struct {
	sh                 *shared
	history, subscribe pool
	statusPages        map[string]string // status page URL -> page that links it
	fetchedStatus      bool
}

var (
	historyText    = regexp.MustCompile(`(?i)\b(?:incident history|past incidents|incident log|uptime history|status history|view (?:the )?history|uptime report|previous incidents|historique des incidents|incidentgeschichte|störungshistorie|historial de incidentes|histórico de incidentes|storico (?:degli )?incidenti|история (?:инцидентов|сбоев))\b`)
	historyPath    = regexp.MustCompile(`(?i)/(?:history|incidents|uptime|incident-history)(?:/|$|\.html?$)`)
	subscribeText  = regexp.MustCompile(`(?i)\b(?:subscribe(?: to)?(?: (?:status|incident|service))? (?:updates|notifications|alerts|incidents)|get (?:status )?(?:updates|notified)|status (?:rss|atom|feed)|(?:rss|atom) feed|aktualisierungen abonnieren|s.abonner aux mises à jour|suscribirse a (?:las )?actualizaciones|assinar (?:as )?atualizações|iscriviti agli aggiornamenti|подписаться на (?:обновления|уведомления))\b`)
	subscribePath  = regexp.MustCompile(`(?i)/(?:subscribe|subscriptions?|history\.(?:rss|atom)|feed|rss|atom)(?:/|$|\.(?:xml|rss|atom)$)|\.(?:rss|atom)$`)
	statusPagePath = regexp.MustCompile(`^(/[a-z]{2}(-[a-z]{2})?)?/(status|system-status|service-status)/?$`)
	uptimeText     = regexp.MustCompile(`(?i)\b\d{2,3}(?:[.,]\d+)?\s?% (?:uptime|availability)|(?:uptime|availability)[^.]{0,40}\d{2,3}(?:[.,]\d+)?\s?%`)
)

func (r *statusExtrasRun) isStatusLink(pf *pageFacts, l *linkFact) bool {
	for _, n := range []string{"status-host-link", "status-labelled-link", "status-page-path"} {
		if evalRuleLink(r.sh, pf, l, n) {
			return true
		}
	}
	return false
}

// statusWordy is a cheap test before the status rules: the link's text or host names a
// status, uptime, health or incident page.
func statusWordy(l *linkFact) bool {
	if strings.Contains(l.host, "status") || strings.Contains(l.host, "uptime") {
		return true
	}
	if len(l.text) > 60 {
		return false
	}
	t := strings.ToLower(l.text)
	for _, w := range []string{"status", "uptime", "health", "incident", "statut", "estado", "stato", "статус", "мониторинг"} {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

func statusish(host string) bool {
	return strings.HasPrefix(host, "status.") || strings.Contains(host, ".status.") || strings.HasSuffix(host, ".statuspage.io") ||
		strings.HasSuffix(host, ".instatus.com") || strings.HasSuffix(host, ".betteruptime.com") || strings.HasSuffix(host, ".betterstack.com") ||
		strings.HasPrefix(host, "status-") || strings.HasSuffix(host, ".status.io")
}

func (r *statusExtrasRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if !pf.usable {
		return
	}
	// A status page the crawl fetched (in scope): read it.
	onStatus := statusish(hostOf(pf.url)) || statusPagePath.MatchString(pf.path)
	if onStatus {
		r.fetchedStatus = true
		t := pf.folded()
		if m := historyText.FindString(t); m != "" {
			r.history.add("", &candidate{ev: Evidence{URL: pf.url, FoundOn: pf.url, Matched: "status-extras: " + m}, status: Met, depth: p.Depth})
		} else if m := uptimeText.FindString(t); m != "" {
			r.history.add("", &candidate{ev: Evidence{URL: pf.url, FoundOn: pf.url, Matched: "status-extras: " + clip(m, 60)}, status: Met, depth: p.Depth})
		}
		if m := subscribeText.FindString(t); m != "" {
			r.subscribe.add("", &candidate{ev: Evidence{URL: pf.url, FoundOn: pf.url, Matched: "status-extras: " + m}, status: Met, depth: p.Depth})
		}
		for _, lt := range p.Doc.LinkTags {
			if strings.Contains(lt.Rel, "alternate") && (strings.Contains(lt.Type, "rss") || strings.Contains(lt.Type, "atom")) {
				if u := resolveRef(pf.url, lt.Href); u != "" {
					r.subscribe.add("", &candidate{ev: Evidence{URL: u, FoundOn: pf.url, Matched: "status-extras: status feed " + clip(lt.Type, 40)}, status: Met, depth: p.Depth})
				}
			}
		}
	}
	pageHost := ""
	if onStatus {
		pageHost = hostOf(pf.url)
	}
	for i := range pf.links {
		l := &pf.links[i]
		if !l.count || l.self || !linkScheme(l.URL) {
			continue
		}
		toStatus := statusish(l.host) || onStatus && l.host == pageHost
		if !toStatus && statusWordy(l) && r.isStatusLink(pf, l) {
			toStatus = true
			if _, ok := r.statusPages[l.URL]; !ok {
				r.statusPages[l.URL] = pf.url
			}
		} else if statusish(l.host) && (l.path == "" || l.path == "/") {
			if _, ok := r.statusPages[l.URL]; !ok {
				r.statusPages[l.URL] = pf.url
			}
		}
		if !toStatus {
			continue
		}
		if historyPath.MatchString(l.path) || historyText.MatchString(l.text) {
			r.history.add("", &candidate{ev: Evidence{URL: l.URL, FoundOn: pf.url, Matched: "status-extras: " + clip(firstNonEmpty(l.text, l.path), 60), Snippet: clip(l.text, 120)}, status: Met, prio: l.rank, depth: p.Depth})
		}
		if subscribePath.MatchString(l.path) || subscribeText.MatchString(l.text) {
			r.subscribe.add("", &candidate{ev: Evidence{URL: l.URL, FoundOn: pf.url, Matched: "status-extras: " + clip(firstNonEmpty(l.text, l.path), 60), Snippet: clip(l.text, 120)}, status: Met, prio: l.rank, depth: p.Depth})
		}
	}
}

func (r *statusExtrasRun) Finish(idx Index) []Finding {
	var offsite []string
	for u := range r.statusPages {
		if idx == nil || !idx.InScope(u) {
			offsite = append(offsite, u)
		}
	}
	sort.Strings(offsite)
	one := func(prac string, pl pool, what string) Finding {
		f := Finding{Practice: prac, Status: NotMet}
		if len(pl.m) > 0 {
			f.Status = Met
			f.Evidence = evidenceOf(firstCands(sortedPool(pl), 3))
			return f
		}
		switch {
		case len(offsite) > 0 && !r.fetchedStatus:
			f.Status, f.Reason = NotObservable, ReasonManual
			f.Note = "the status page " + offsite[0] + " is on another host, which the scan does not fetch: open it to check its " + what
		case len(r.statusPages) == 0 && !r.fetchedStatus:
			f.Note = "no status page is linked"
		default:
			f.Note = "the status page shows no " + what
		}
		return f
	}
	return []Finding{
		one(pracStatusHistory, r.history, "incident history or uptime"),
		one(pracStatusSubscribe, r.subscribe, "subscription (e-mail, RSS/Atom, webhook)"),
	}
}

// ---------------------------------------------------------------- changelog entries

const (
	pracChangelogFresh  = "chg-changelog-fresh"
	pracChangeLabels    = "chg-breaking-change-labels"
	changelogFreshDays  = 90  // latest entry at most this old: met
	changelogStaleDays  = 180 // … this old: partial
	changelogFutureDays = 2   // dates after the scan (plus this slack) are ignored
)

type changelogEntriesDetector struct{}

func (changelogEntriesDetector) Doc() Doc {
	return Doc{
		Name:      "changelog-entries",
		Practices: []string{pracChangelogFresh, pracChangeLabels},
		Looks: "Changelog and release-notes pages (by path, title or top heading): the dates of their entries (headings, <time datetime>, " +
			"ISO and written dates in eight languages) against the scan's date — latest entry within 90 days met, within 180 partial — and " +
			"the categories that label entries (Breaking, New / Added, Fixed, Changed, Deprecated, Removed, Security as headings or \"Label:\" prefixes).",
		Why: "A changelog whose last entry is a year old tells integrators nobody announces changes; labels let them find the breaking ones.",
		Fix: "Add a dated entry for every API change and tag each entry (breaking, new, fixed, deprecated).",
	}
}

func (changelogEntriesDetector) Begin(env Env) Run {
	return &changelogEntriesRun{sh: sharedOf(env), now: env.Now, labels: map[string]*candidate{}}
}

type changelogEntriesRun struct {
	sh      *shared
	now     time.Time
	pages   int
	latest  time.Time
	latestC *candidate
	labels  map[string]*candidate // canonical category -> first evidence
}

var changelogTitle = regexp.MustCompile(`(?i)\b(?:change ?log|release notes|what.?s new|api updates|product updates|version history|revision history|änderungsprotokoll|versionshinweise|neuigkeiten|notes de (?:version|mise à jour)|journal des modifications|nouveautés|notas de (?:la )?versión|registro de cambios|novedades|notas de (?:versão|lançamento)|novidades|wijzigingslogboek|note di (?:rilascio|versione)|novità|история изменений|список изменений|что нового|журнал изменений)\b`)

var changelogPath = regexp.MustCompile(`(?i)(?:^|/)(?:change-?log|changelogs|release-?notes|whats-?new|what-is-new|changes|releases|updates)(?:/|\.html?$|\.md$|$)`)

var monthNames = map[string]time.Month{}

func init() {
	for i, names := range [][]string{
		{"january", "jan", "januar", "janvier", "janv", "enero", "ene", "janeiro", "januari", "gennaio", "gen", "января", "январь", "янв", "jänner"},
		{"february", "feb", "februar", "février", "févr", "fev", "febrero", "fevereiro", "februari", "febbraio", "февраля", "февраль", "фев"},
		{"march", "mar", "märz", "maerz", "mars", "marzo", "março", "maart", "марта", "март", "мар", "mrt"},
		{"april", "apr", "avril", "avr", "abril", "abr", "aprile", "апреля", "апрель", "апр"},
		{"may", "mai", "mayo", "maio", "mei", "maggio", "mag", "мая", "май"},
		{"june", "jun", "juni", "juin", "junio", "junho", "giugno", "giu", "июня", "июнь", "июн"},
		{"july", "jul", "juli", "juillet", "juil", "julio", "julho", "luglio", "lug", "июля", "июль", "июл"},
		{"august", "aug", "août", "aout", "agosto", "ago", "augustus", "августа", "август", "авг"},
		{"september", "sep", "sept", "septembre", "septiembre", "setembro", "set", "settembre", "сентября", "сентябрь", "сен"},
		{"october", "oct", "oktober", "okt", "octobre", "octubre", "outubro", "out", "ottobre", "ott", "октября", "октябрь"},
		{"november", "nov", "novembre", "noviembre", "novembro", "ноября", "ноябрь", "ноя"},
		{"december", "dec", "dezember", "dez", "décembre", "déc", "diciembre", "dic", "dezembro", "dicembre", "декабря", "декабрь", "дек"},
	} {
		for _, n := range names {
			monthNames[n] = time.Month(i + 1)
		}
	}
}

var (
	isoDate     = regexp.MustCompile(`\b((?:19|20)\d\d)[-/.](0?[1-9]|1[0-2])[-/.](0?[1-9]|[12]\d|3[01])\b`)
	dmyDate     = regexp.MustCompile(`\b(0?[1-9]|[12]\d|3[01])\.(0?[1-9]|1[0-2])\.((?:19|20)\d\d)\b`)
	wordDateMDY = regexp.MustCompile(`(?i)\b(\p{L}{3,10})\.? (0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?,? ((?:19|20)\d\d)\b`)
	wordDateDMY = regexp.MustCompile(`(?i)\b(0?[1-9]|[12]\d|3[01])\.?(?:er|º)? (?:de )?(\p{L}{3,10})\.? (?:de )?((?:19|20)\d\d)\b`)
	wordMonthY  = regexp.MustCompile(`(?i)\b(\p{L}{3,10}) ((?:19|20)\d\d)\b`)
	datetimeRe  = regexp.MustCompile(`datetime="((?:19|20)\d\d-\d\d-\d\d)`)
)

func mkDate(y, m, d string) (time.Time, bool) {
	yi, err1 := strconv.Atoi(y)
	mi, err2 := strconv.Atoi(m)
	di, err3 := strconv.Atoi(d)
	if err1 != nil || err2 != nil || err3 != nil || mi < 1 || mi > 12 || di < 1 || di > 31 {
		return time.Time{}, false
	}
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
	if t.Day() != di {
		return time.Time{}, false
	}
	return t, true
}

// hasYear reports whether s holds a four-digit run starting 19 or 20: every date the
// changelog parser reads has one, and most headings have none.
func hasYear(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			run++
			if run == 4 && (s[i-3] == '1' && s[i-2] == '9' || s[i-3] == '2' && s[i-2] == '0') && (i+1 == len(s) || s[i+1] < '0' || s[i+1] > '9') {
				return true
			}
			continue
		}
		run = 0
	}
	return false
}

// parseDates returns the dates written in a short text (a heading), in the order found.
func parseDates(s string) []time.Time {
	if !hasYear(s) {
		return nil
	}
	var out []time.Time
	for _, m := range isoDate.FindAllStringSubmatch(s, -1) {
		if t, ok := mkDate(m[1], m[2], m[3]); ok {
			out = append(out, t)
		}
	}
	for _, m := range dmyDate.FindAllStringSubmatch(s, -1) {
		if t, ok := mkDate(m[3], m[2], m[1]); ok {
			out = append(out, t)
		}
	}
	for _, m := range wordDateMDY.FindAllStringSubmatch(s, -1) {
		if mo, ok := monthNames[strings.ToLower(m[1])]; ok {
			if t, ok := mkDate(m[3], strconv.Itoa(int(mo)), m[2]); ok {
				out = append(out, t)
			}
		}
	}
	for _, m := range wordDateDMY.FindAllStringSubmatch(s, -1) {
		if mo, ok := monthNames[strings.ToLower(m[2])]; ok {
			if t, ok := mkDate(m[3], strconv.Itoa(int(mo)), m[1]); ok {
				out = append(out, t)
			}
		}
	}
	if len(out) == 0 {
		for _, m := range wordMonthY.FindAllStringSubmatch(s, -1) {
			if mo, ok := monthNames[strings.ToLower(m[1])]; ok && len(m[1]) > 2 {
				if t, ok := mkDate(m[2], strconv.Itoa(int(mo)), "1"); ok {
					out = append(out, t)
				}
			}
		}
	}
	return out
}

// changeCategory maps entry labels in eight languages to a canonical category.
var changeCategory = map[string]string{
	"breaking": "breaking", "breaking change": "breaking", "breaking changes": "breaking", "нарушающие изменения": "breaking", "критические изменения": "breaking",
	"new": "new", "added": "new", "feature": "new", "features": "new", "new features": "new", "additions": "new", "neu": "new", "hinzugefügt": "new", "nouveau": "new", "nouveautés": "new", "ajouté": "new",
	"nuevo": "new", "añadido": "new", "novo": "new", "adicionado": "new", "nieuw": "new", "toegevoegd": "new", "nuovo": "new", "aggiunto": "new", "новое": "new", "добавлено": "new", "новые возможности": "new",
	"fixed": "fixed", "fix": "fixed", "fixes": "fixed", "bug fixes": "fixed", "bugfixes": "fixed", "behoben": "fixed", "fehlerbehebungen": "fixed", "corrigé": "fixed", "corrections": "fixed",
	"corregido": "fixed", "correcciones": "fixed", "corrigido": "fixed", "correções": "fixed", "opgelost": "fixed", "corretto": "fixed", "correzioni": "fixed", "исправлено": "fixed", "исправления": "fixed",
	"changed": "changed", "changes": "changed", "improved": "changed", "improvements": "changed", "updated": "changed", "geändert": "changed", "verbessert": "changed", "modifié": "changed", "amélioré": "changed",
	"cambiado": "changed", "mejorado": "changed", "alterado": "changed", "melhorado": "changed", "gewijzigd": "changed", "verbeterd": "changed", "modificato": "changed", "migliorato": "changed", "изменено": "changed", "улучшено": "changed",
	"deprecated": "deprecated", "deprecation": "deprecated", "deprecations": "deprecated", "veraltet": "deprecated", "abgekündigt": "deprecated", "obsolète": "deprecated", "déprécié": "deprecated",
	"obsoleto": "deprecated", "en desuso": "deprecated", "descontinuado": "deprecated", "verouderd": "deprecated", "deprecato": "deprecated", "устарело": "deprecated", "устаревшее": "deprecated",
	"removed": "removed", "entfernt": "removed", "supprimé": "removed", "eliminado": "removed", "removido": "removed", "verwijderd": "removed", "rimosso": "removed", "удалено": "removed",
	"security": "security", "sicherheit": "security", "sécurité": "security", "seguridad": "security", "segurança": "security", "beveiliging": "security", "sicurezza": "security", "безопасность": "security",
}

func (r *changelogEntriesRun) isChangelog(p *page.Page, pf *pageFacts) bool {
	if changelogPath.MatchString(pf.path) || changelogTitle.MatchString(pf.title) {
		return true
	}
	for _, h := range p.Doc.Headings {
		if h.Level == 1 {
			return changelogTitle.MatchString(h.Text)
		}
	}
	return false
}

func (r *changelogEntriesRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if p.Kind != page.KindPage || !pf.usable || !r.isChangelog(p, pf) {
		return
	}
	r.pages++
	consider := func(t time.Time, url, snippet string) {
		if !r.now.IsZero() && t.After(r.now.Add(changelogFutureDays*24*time.Hour)) {
			return
		}
		c := &candidate{ev: Evidence{URL: url, FoundOn: pf.url, Matched: "changelog-entries: latest entry " + t.Format("2006-01-02"), Snippet: clip(snippet, 120)}, status: Met, depth: p.Depth}
		if r.latestC == nil || t.After(r.latest) || t.Equal(r.latest) && c.less(r.latestC) {
			r.latest, r.latestC = t, c
		}
	}
	for i := range p.Doc.Headings {
		h := &p.Doc.Headings[i]
		t, _ := pf.heading(h)
		for _, d := range parseDates(t) {
			consider(d, withAnchor(pf.url, h.ID), t)
		}
		if h.Level >= 2 {
			if cat, ok := changeCategory[strings.ToLower(strings.Trim(t, " :"))]; ok {
				r.label(cat, &candidate{ev: Evidence{URL: withAnchor(pf.url, h.ID), FoundOn: pf.url, Matched: "changelog-entries: " + cat + " (" + clip(t, 40) + ")"}, status: Met, depth: p.Depth})
			}
		}
	}
	if bytes.Contains(p.Body, []byte("datetime=")) {
		for _, m := range datetimeRe.FindAllSubmatch(head(p.Body, 1<<20), 200) {
			if d := parseDates(string(m[1])); len(d) > 0 {
				consider(d[0], pf.url, "<time datetime=\""+string(m[1])+"\">")
			}
		}
	}
	text := pf.folded()
	if len(text) > 64<<10 {
		text = text[:64<<10]
	}
	for _, lab := range entryLabels(text, 400) {
		if cat, ok := changeCategory[strings.ToLower(lab)]; ok {
			r.label(cat, &candidate{ev: Evidence{URL: pf.url, FoundOn: pf.url, Matched: "changelog-entries: " + cat + " (" + lab + ":)"}, status: Met, depth: p.Depth})
		}
	}
}

// entryLabels returns the one- or two-word labels that end in a colon ("New:", "Bug
// fixes:") in a text, at most n of them.
func entryLabels(t string, n int) []string {
	var out []string
	for off := 0; off < len(t) && len(out) < n; {
		i := strings.IndexByte(t[off:], ':')
		if i < 0 {
			break
		}
		end := off + i
		off = end + 1
		lo := max(0, end-24)
		for lo > 0 && (t[lo]&0xC0) == 0x80 {
			lo--
		}
		words := strings.Fields(strings.Trim(t[lo:end], "([•·|"))
		if len(words) == 0 || end > 0 && t[end-1] == ' ' {
			continue
		}
		if len(words) >= 2 {
			two := words[len(words)-2] + " " + words[len(words)-1]
			if _, ok := changeCategory[strings.ToLower(two)]; ok {
				out = append(out, two)
				continue
			}
		}
		out = append(out, strings.TrimLeft(words[len(words)-1], "([•·|"))
	}
	return out
}

func (r *changelogEntriesRun) label(cat string, c *candidate) {
	if cur := r.labels[cat]; cur == nil || c.less(cur) {
		r.labels[cat] = c
	}
}

func (r *changelogEntriesRun) Finish(Index) []Finding {
	fresh := Finding{Practice: pracChangelogFresh, Status: NotMet}
	labels := Finding{Practice: pracChangeLabels, Status: NotMet}
	if r.pages == 0 {
		fresh.Note, labels.Note = "no changelog page was fetched", "no changelog page was fetched"
		return []Finding{fresh, labels}
	}
	switch {
	case r.latestC == nil:
		fresh.Note = "the changelog's entries carry no date"
	case r.now.IsZero():
		fresh.Status, fresh.Reason = NotObservable, ReasonManual
		fresh.Note = "the scan's date is unknown: the latest entry is dated " + r.latest.Format("2006-01-02")
	default:
		days := int(r.now.Sub(r.latest).Hours() / 24)
		if days < 0 {
			days = 0
		}
		ev := r.latestC.ev
		ev.Matched += fmt.Sprintf(", %d days before the scan", days)
		fresh.Note = fmt.Sprintf("latest entry %s, %d days before the scan (%s)", r.latest.Format("2006-01-02"), days, r.now.UTC().Format("2006-01-02"))
		switch {
		case days <= changelogFreshDays:
			fresh.Status, fresh.Evidence = Met, []Evidence{ev}
		case days <= changelogStaleDays:
			fresh.Status, fresh.Evidence = Partial, []Evidence{ev}
		}
	}
	var cats []string
	var cands []*candidate
	for c, cand := range r.labels {
		cats = append(cats, c)
		cands = append(cands, cand)
	}
	sort.Strings(cats)
	sort.Slice(cands, func(i, j int) bool { return cands[i].less(cands[j]) })
	switch {
	case len(cats) >= 2:
		labels.Status = Met
	case len(cats) == 1:
		labels.Status = Partial
	}
	if len(cats) > 0 {
		labels.Evidence = evidenceOf(firstCands(cands, 5))
		labels.Note = "categories: " + strings.Join(cats, ", ")
	} else {
		labels.Note = "entries carry no category labels"
	}
	return []Finding{fresh, labels}
}

// ---------------------------------------------------------------- language coverage

const pracLanguageCoverage = "fit-language-coverage"

type languageCoverageDetector struct{}

func (languageCoverageDetector) Doc() Doc {
	return Doc{
		Name:      "language-coverage",
		Practices: []string{pracLanguageCoverage},
		Looks: "The programming languages a visitor can see the API supports before signing up: SDKs the sdks rules accept (registry " +
			"packages and SDK repositories, by language), an SDKs / client libraries section, or code samples in three or more languages " +
			"on one page (two languages: partial).",
		Why: "Developers first check that their language is supported; hidden or missing language support ends the evaluation.",
		Fix: "List the supported languages and SDKs on a public page and show samples in each of them in the reference.",
	}
}

var registryHosts = map[string]bool{"npmjs.com": true, "npmjs.org": true, "pypi.org": true, "pypi.python.org": true, "central.sonatype.com": true,
	"search.maven.org": true, "mvnrepository.com": true, "repo1.maven.org": true, "nuget.org": true, "rubygems.org": true, "packagist.org": true,
	"pkg.go.dev": true, "crates.io": true, "cocoapods.org": true, "pub.dev": true, "swiftpackageindex.com": true, "hex.pm": true, "metacpan.org": true,
	"cran.r-project.org": true}

func registryOrCodeHost(host string) bool {
	h := strings.TrimPrefix(host, "www.")
	return registryHosts[h] || codeHosts[h]
}

func (languageCoverageDetector) Begin(env Env) Run {
	return &languageCoverageRun{sh: sharedOf(env), sdk: map[string]*candidate{}, section: newPool(), samples: newPool()}
}

type languageCoverageRun struct {
	sh      *shared
	sdk     map[string]*candidate // language -> SDK link
	section pool
	samples pool
}

func (r *languageCoverageRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if p.Kind != page.KindPage || !pf.usable {
		return
	}
	for i := range pf.links {
		l := &pf.links[i]
		if !l.count || l.self || !linkScheme(l.URL) {
			continue
		}
		if !registryOrCodeHost(l.host) || !evalRuleLink(r.sh, pf, l, "sdk-registry-link") && !evalRuleLink(r.sh, pf, l, "sdk-repo-link") {
			continue
		}
		target := strings.TrimSuffix(stripFragment(l.URL), "/")
		for _, rl := range registryLang {
			if rl.re.MatchString(target) {
				c := &candidate{ev: Evidence{URL: l.URL, FoundOn: pf.url, Matched: "language-coverage: " + rl.lang + " SDK", Snippet: clip(l.text, 80)}, status: Met, prio: l.rank, depth: p.Depth}
				if cur := r.sdk[rl.lang]; cur == nil || c.less(cur) {
					r.sdk[rl.lang] = c
				}
				break
			}
		}
	}
	if ru := rules.byName["sdk-section"]; ru != nil && mayMatchPage(ru, pf) {
		for i := range p.Doc.Headings {
			h := &p.Doc.Headings[i]
			if res, ok := ru.eval(pf, nil, h); ok {
				r.section.add("", &candidate{ev: Evidence{URL: withAnchor(pf.url, h.ID), FoundOn: pf.url, Matched: "language-coverage: " + clip(res.text, 60), Snippet: clip(headingText(h.Text), 120)}, status: Met, prio: 10, depth: p.Depth})
				break
			}
		}
	}
	seen := map[string]bool{}
	for _, cb := range p.Doc.Code {
		if l := langAlias[strings.ToLower(cb.Lang)]; l != "" {
			seen[l] = true
		}
	}
	if len(seen) >= 2 {
		var ls []string
		for l := range seen {
			ls = append(ls, l)
		}
		sort.Strings(ls)
		st := Partial
		if len(ls) >= minSampleLangs {
			st = Met
		}
		r.samples.add("", &candidate{ev: Evidence{URL: pf.url, FoundOn: pf.url, Matched: fmt.Sprintf("language-coverage: samples in %d languages (%s)", len(ls), strings.Join(ls, ", "))}, status: st, prio: 20, depth: p.Depth})
	}
}

func (r *languageCoverageRun) Finish(Index) []Finding {
	var cands []*candidate
	var langs []string
	for l, c := range r.sdk {
		langs = append(langs, l)
		cands = append(cands, c)
	}
	sort.Strings(langs)
	for _, c := range r.section.m {
		cands = append(cands, c)
	}
	for _, c := range r.samples.m {
		cands = append(cands, c)
	}
	f := verdict(pracLanguageCoverage, cands)
	if len(langs) > 0 {
		f.Note = "SDK languages: " + strings.Join(langs, ", ")
	}
	return []Finding{f}
}

// ---------------------------------------------------------------- legal entity

type legalEntityDetector struct{}

func (legalEntityDetector) Doc() Doc {
	return Doc{
		Name:      "legal-entity",
		Practices: []string{"trust-provider-identity"},
		Looks:     "The copyright line at the end of a page naming a legal entity (© 2026 Acme Ltd., Acme GmbH, Acme Inc., ООО «Акме» …).",
		Why:       "Buyers and developers must know which legal entity provides the API before they depend on it.",
		Fix:       "Name the legal entity in the footer (\"© 2026 Acme Ltd.\") and link an imprint or About page.",
	}
}

func (legalEntityDetector) Begin(env Env) Run {
	return &legalEntityRun{sh: sharedOf(env), found: newPool()}
}

type legalEntityRun struct {
	sh    *shared
	found pool
}

var legalEntity = regexp.MustCompile(`(?i)(?:©|\(c\)|copyright)\s*(?:(?:19|20)\d\d(?:\s*[-–—]\s*(?:19|20)?\d\d)?,?\s*)?(?:by\s+)?([\p{L}\d&.,'’ «»"-]{2,60}?\b(?:ltd|limited|inc|llc|llp|gmbh|ag|plc|corp|corporation|company|co|s\.?a\.?s?|s\.?l\.?|s\.?r\.?l\.?|s\.?p\.?a\.?|b\.?v\.?|n\.?v\.?|pty|oy|ab|as|a/s|aps|kg|se|spa|sarl|ооо|ао|пао|зао)\b\.?)`)

func (r *legalEntityRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if p.Kind != page.KindPage || !pf.usable || p.Depth > 2 {
		return
	}
	t := pf.folded()
	tail := t
	if len(tail) > 600 {
		i := len(tail) - 600
		for i < len(tail) && (tail[i]&0xC0) == 0x80 {
			i++
		}
		tail = tail[i:]
	}
	lt := strings.ToLower(tail)
	if !strings.Contains(tail, "©") && !strings.Contains(lt, "(c)") && !strings.Contains(lt, "copyright") {
		return
	}
	m := legalEntity.FindStringSubmatch(tail)
	if m == nil {
		return
	}
	r.found.add("", &candidate{ev: Evidence{URL: pf.url, FoundOn: pf.url, Matched: "legal-entity: " + clip(strings.TrimSpace(m[1]), 60), Snippet: clip(m[0], 120)}, status: Met, prio: 5, depth: p.Depth})
}

func (r *legalEntityRun) Finish(Index) []Finding {
	f := Finding{Practice: "trust-provider-identity", Status: NotMet}
	if len(r.found.m) > 0 {
		f.Status = Met
		f.Evidence = evidenceOf(firstCands(sortedPool(r.found), 2))
	}
	return []Finding{f}
}
