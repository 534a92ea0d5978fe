package detectors

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/portalscan/portalscan/crawler/page"
)

// Portal kinds: what the portal is for, which decides the practices that apply to it.
const (
	KindInterface = "interface" // an external API product offered to customers and partners
	KindPlatform  = "platform"  // an internal developer portal: catalogue, ownership, golden paths
)

// kindSignal is one reason to take a portal for one kind.
type kindSignal struct {
	kind   string
	weight int
	text   string
}

// platformThreshold is the weight of platform markers a portal needs to be taken for an
// internal platform portal (and it must outweigh the interface markers).
const platformThreshold = 3

var (
	// ssoURL matches where single sign-on sends a browser: an identity provider, or the
	// sign-in endpoints of SSO proxies (oauth2-proxy, Pomerium, Cloudflare Access, Azure App
	// Service, Keycloak, ADFS, SAML).
	ssoURL = regexp.MustCompile(`(?i)(?:/oauth2/(?:sign_in|start|auth|authorize)|/sso(?:/|$|\?)|/saml2?(?:/|$|\?)|/\.auth/login|/cdn-cgi/access/login|/\.pomerium|/realms/[^/]+/protocol/openid-connect|/adfs/|/idp/|/oidc/|/openid-connect/)`)
	// internalWords are page titles that say the portal is for the organisation's own people.
	internalWords = regexp.MustCompile(`(?i)\b(?:internal (?:developer |engineering |platform )?(?:portal|platform|hub|docs|documentation|catalog(?:ue)?|tools?|wiki)|intranet|employees? only|staff only|for internal use|internal use only)\b`)
	// backstage paths: the pages a Backstage-style platform portal is made of.
	bsEntity   = regexp.MustCompile(`^/catalog/[^/]+/(?:component|api|system|domain|resource|group|user|template|location)/[^/]+`)
	bsTechDocs = regexp.MustCompile(`^/docs/[^/]+/(?:component|api|system|domain|resource|group|template)/[^/]+`)
	bsCreate   = regexp.MustCompile(`^/create(?:/|$)`)
	bsAPIDocs  = regexp.MustCompile(`^/api-docs(?:/|$)`)
	bsOther    = regexp.MustCompile(`^/(?:catalog-import|catalog-graph|tech-radar|scaffolder|explore)(?:/|$)`)
	kindNote   = regexp.MustCompile(`^catalogue of (\d+) entries(?: at (\S+))?: (\d+) with an owner, (\d+) with a lifecycle state`)
)

// interfaceMarkers are the findings that show a commercial, outward-facing portal, with
// their weight and how a reason names them.
var interfaceMarkers = []struct {
	practice string
	weight   int
	what     string
}{
	{"onb-self-signup", 3, "sign-up link"},
	{"com-pricing-page", 3, "pricing"},
	{"com-contact-sales", 2, "contact-sales link"},
	{"com-free-tier", 1, "free tier"},
	{"proof-case-studies", 1, "case studies"},
	{"proof-logos-testimonials", 1, "customer logos"},
	{"proof-app-gallery", 1, "app gallery"},
	{"proof-partner-directory", 1, "partner directory"},
	{"eco-partner-program", 1, "partner programme"},
	{"eco-marketplace", 1, "marketplace"},
	{"devrel-newsletter", 1, "newsletter sign-up"},
	{"val-use-cases", 1, "use-case pages"},
	{"cmty-social", 1, "public social channels"},
}

// platformMarkers are the platform findings that show an internal portal (besides the
// catalogue, which has its own sentence).
var platformMarkers = []struct {
	practice string
	weight   int
	what     string
}{
	{"plat-api-scorecards", 2, "API scorecards"},
	{"plat-golden-paths", 2, "software templates / golden paths"},
	{"plat-oncall-ownership", 1, "on-call owners per service"},
	{"plat-innersource", 1, "InnerSource contribution guide"},
	{"plat-cross-service-search", 1, "search across services"},
}

// KindFromFindings decides the portal kind from the findings alone (see DecideKind); URLs
// in the reasons are written out in full.
func KindFromFindings(findings []Finding) (string, []string) {
	return DecideKind(Env{}, findings, nil)
}

// DecideKind says whether a scanned portal is an internal platform portal or an external
// interface portal, and why, in sentences naming the evidence. It reads the findings of
// the platform practices (a software catalogue with owners, scorecards, templates, on-call
// owners, TechDocs) and of the commercial ones (sign-up, pricing, sales, marketing), and the
// fetch records (pages may be nil): Backstage-style paths (/catalog/<ns>/<kind>/<name>,
// /docs/<ns>/<kind>/<name>, /create, /api-docs), titles that say "internal", and an entry
// that only single sign-on opens. A portal is a platform portal when its platform markers
// weigh at least platformThreshold and more than its interface markers; otherwise it is an
// interface portal, the default. An analyst overrides the decision with the --kind flag.
func DecideKind(env Env, findings []Finding, pages []*page.Fetch) (string, []string) {
	host := env.Host
	if host == "" && env.StartURL != "" {
		if u, err := url.Parse(env.StartURL); err == nil {
			host = u.Host
		}
	}
	short := func(u string) string { return pathOrURL(u, host) }
	byPrac := map[string]Finding{}
	for _, f := range findings {
		byPrac[f.Practice] = f
	}
	positive := func(p string) (Finding, bool) {
		f, ok := byPrac[p]
		return f, ok && (f.Status == Met || f.Status == Partial)
	}
	// firstURL names a finding's most representative evidence: the shortest address (an
	// index page such as /catalog/ or /create/ rather than one of its entries).
	firstURL := func(f Finding) string {
		best := ""
		for _, e := range f.Evidence {
			u := stripFragment(e.URL)
			if best == "" || strings.Count(u, "/") < strings.Count(best, "/") || strings.Count(u, "/") == strings.Count(best, "/") && len(u) < len(best) {
				best = u
			}
		}
		return short(best)
	}
	var sig []kindSignal
	add := func(kind string, w int, format string, a ...any) {
		sig = append(sig, kindSignal{kind, w, fmt.Sprintf(format, a...)})
	}

	// The catalogue.
	if f, ok := positive(pracPlatCatalogue); ok {
		if m := kindNote.FindStringSubmatch(f.Note); m != nil {
			at := ""
			if m[2] != "" {
				at = " at " + short(m[2])
			} else if u := firstURL(f); u != "" {
				at = " at " + u
			}
			add(KindPlatform, 3, "software catalogue of %s entries with owners%s (%s with an owner, %s with a lifecycle state)", m[1], at, m[3], m[4])
		} else {
			add(KindPlatform, 3, "software catalogue with owners at %s", firstURL(f))
		}
	}
	for _, m := range platformMarkers {
		if f, ok := positive(m.practice); ok {
			add(KindPlatform, m.weight, "%s at %s", m.what, firstURL(f))
		}
	}
	if f, ok := positive("plat-docs-as-code"); ok {
		for _, e := range f.Evidence {
			if strings.Contains(strings.ToLower(e.Matched), "techdocs") {
				add(KindPlatform, 1, "TechDocs documentation at %s", short(e.URL))
				break
			}
		}
	}

	// Backstage-style paths among the fetched pages and the evidence.
	cats := map[string][]string{}
	seen := map[string]bool{}
	addPath := func(raw string) {
		u, err := url.Parse(raw)
		if err != nil || u.Path == "" || seen[u.Path] {
			return
		}
		if host != "" && !strings.EqualFold(u.Host, host) {
			return
		}
		seen[u.Path] = true
		p := strings.ToLower(u.Path)
		for _, c := range []struct {
			name string
			re   *regexp.Regexp
		}{{"entity", bsEntity}, {"techdocs", bsTechDocs}, {"create", bsCreate}, {"api-docs", bsAPIDocs}, {"other", bsOther}} {
			if c.re.MatchString(p) {
				cats[c.name] = append(cats[c.name], u.Path)
				return
			}
		}
	}
	for _, p := range pages {
		if p.Kind != page.KindPage || !p.OK() || !page.IsHTML(p.ContentType, nil) {
			continue
		}
		final := p.FinalURL
		if final == "" {
			final = p.URL
		}
		addPath(final)
	}
	for _, f := range findings {
		if strings.HasPrefix(f.Practice, "plat-") && (f.Status == Met || f.Status == Partial) {
			for _, e := range f.Evidence {
				addPath(e.URL)
			}
		}
	}
	if len(cats["entity"]) > 0 || len(cats["techdocs"]) > 0 {
		var ex []string
		n := 0
		for _, c := range []string{"entity", "techdocs", "create", "api-docs", "other"} {
			if len(cats[c]) == 0 {
				continue
			}
			n++
			ps := append([]string(nil), cats[c]...)
			sort.Strings(ps)
			ex = append(ex, ps[0])
		}
		w := 1
		if n >= 2 {
			w = 2
		}
		add(KindPlatform, w, "Backstage-style pages (%s)", strings.Join(ex, ", "))
	}

	// Titles that say "internal".
	var titled []string
	titleSeen := map[string]bool{}
	for _, p := range pages {
		if p.Title == "" || titleSeen[p.Title] {
			continue
		}
		titleSeen[p.Title] = true
		if internalWords.MatchString(p.Title) {
			u := p.FinalURL
			if u == "" {
				u = p.URL
			}
			titled = append(titled, fmt.Sprintf("%q (%s)", clip(p.Title, 80), short(u)))
		}
	}
	if len(titled) > 0 {
		sort.Strings(titled)
		more := ""
		if len(titled) > 1 {
			more = fmt.Sprintf(" and %d more", len(titled)-1)
		}
		add(KindPlatform, 2, "page titles say it is internal: %s%s", titled[0], more)
	}

	// An entry only single sign-on opens.
	if s := ssoEntry(env, findings, pages, short); s != nil {
		sig = append(sig, *s)
	}

	// Interface markers.
	for _, m := range interfaceMarkers {
		if f, ok := positive(m.practice); ok {
			add(KindInterface, m.weight, "%s at %s", m.what, firstURL(f))
		}
	}

	sort.SliceStable(sig, func(i, j int) bool { return sig[i].weight > sig[j].weight })
	var plat, iface []string
	pw, iw := 0, 0
	for _, s := range sig {
		if s.kind == KindPlatform {
			pw += s.weight
			plat = append(plat, s.text)
		} else {
			iw += s.weight
			iface = append(iface, s.text)
		}
	}
	if pw >= platformThreshold && pw > iw {
		reasons := plat
		if len(iface) == 0 {
			reasons = append(reasons, "no sign-up, pricing or sales links")
		} else {
			reasons = append(reasons, "but it also shows interface markers ("+strings.Join(iface, "; ")+"): one portal for both audiences is risky; check the kind and override it with --kind if needed")
		}
		return KindPlatform, reasons
	}
	reasons := iface
	switch {
	case len(iface) == 0 && len(plat) == 0:
		reasons = []string{"no internal-portal markers (software catalogue with owners, Backstage-style pages, templates, scorecards, SSO-only entry) and no sign-up or pricing either: scored as an interface portal, the default"}
	case len(plat) == 0:
		reasons = append(reasons, "no internal-portal markers (software catalogue with owners, Backstage-style pages, templates, scorecards, SSO-only entry)")
	case pw >= platformThreshold:
		reasons = append(reasons, "platform markers do not outweigh them ("+strings.Join(plat, "; ")+"): one portal for both audiences is risky; scored as an interface portal, override with --kind platform if it is an internal portal")
	default:
		reasons = append(reasons, "platform markers too weak to decide ("+strings.Join(plat, "; ")+"): scored as an interface portal; override with --kind platform if it is an internal portal")
	}
	return KindInterface, reasons
}

// ssoEntry is the signal of a portal whose start page sends anonymous visitors to sign in:
// strong when the sign-in is single sign-on (an identity provider or an SSO proxy), weak for
// a portal's own login page (partner portals have those too).
func ssoEntry(env Env, findings []Finding, pages []*page.Fetch, short func(string) string) *kindSignal {
	var start *page.Fetch
	total, gated := 0, 0
	for _, p := range pages {
		if p.Kind != page.KindPage {
			continue
		}
		if start == nil && (env.StartURL != "" && stripFragment(p.URL) == stripFragment(env.StartURL) || env.StartURL == "" && p.Via == "start") {
			start = p
		}
		total++
		if fetchGate(p, nil) != "" {
			gated++
		}
	}
	loginHop := func(f *page.Fetch) string {
		hops := append([]string{}, f.Redirects...)
		if f.FinalURL != "" && f.FinalURL != f.URL {
			hops = append(hops, f.FinalURL)
		}
		for _, h := range hops {
			if isLoginURL(h) || ssoURL.MatchString(h) {
				return h
			}
		}
		return ""
	}
	if start != nil {
		hop := loginHop(start)
		if hop == "" {
			return nil
		}
		u, _ := url.Parse(hop)
		sso := ssoURL.MatchString(hop) || (u != nil && idpHost.MatchString(strings.ToLower(u.Hostname())))
		if sso {
			return &kindSignal{KindPlatform, 3, fmt.Sprintf("the start page %s redirects to single sign-on (%s); %d of %d pages need it",
				short(start.URL), short(hop), gated, total)}
		}
		return &kindSignal{KindPlatform, 1, fmt.Sprintf("the start page %s redirects to a sign-in page (%s); %d of %d pages need it",
			short(start.URL), short(hop), gated, total)}
	}
	if len(pages) > 0 {
		return nil
	}
	// Findings only: the portal root among the gated evidence.
	for _, f := range findings {
		for _, e := range f.Evidence {
			if !e.Gated {
				continue
			}
			u, err := url.Parse(e.URL)
			if err != nil || (u.Path != "/" && u.Path != "") {
				continue
			}
			if ssoURL.MatchString(e.Error) {
				return &kindSignal{KindPlatform, 3, fmt.Sprintf("the portal root %s needs single sign-on (%s)", short(e.URL), e.Error)}
			}
		}
	}
	return nil
}
