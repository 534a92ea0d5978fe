package detectors

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/portalscan/portalscan/crawler/page"
)

// Login walls. A page sits behind one when fetching it anonymously ends on a sign-in page
// or an identity provider, answers 401/403 as a docs server (not a bot filter, not an API
// host), or serves a short page whose point is a password form or a "sign in to view"
// notice.

// idpHost matches identity-provider hosts: where a redirect to sign in ends.
var idpHost = regexp.MustCompile(`^(?:login\.microsoftonline\.com|login\.live\.com|login\.windows\.net|accounts\.google\.com|` +
	`[a-z0-9-]+\.b2clogin\.com|[a-z0-9.-]+\.okta(?:preview)?\.com|[a-z0-9.-]+\.auth0\.com|[a-z0-9.-]+\.onelogin\.com|` +
	`[a-z0-9.-]+\.amazoncognito\.com|[a-z0-9.-]+\.pingidentity\.com|[a-z0-9.-]+\.pingone\.[a-z.]+|[a-z0-9.-]+\.fusionauth\.io|` +
	`[a-z0-9.-]+\.clerk\.accounts\.dev|[a-z0-9.-]+\.kinde\.com|[a-z0-9.-]+\.frontegg\.com|[a-z0-9.-]+\.stytch\.com|` +
	`(?:login|signin|sso|auth|idp|id|iam|identity|account|accounts|secure)\.[a-z0-9.-]+)$`)

// loginPath matches paths of sign-in pages and authorisation endpoints.
var loginPath = regexp.MustCompile(`(?i)(?:^|/)(?:log-?in|sign-?in|sign_in|logon|sso|saml2?|cas/login|auth/realms/[^/]+/protocol|` +
	`realms/[^/]+/protocol/openid-connect/auth|oauth2?/(?:v[0-9.]+/)?authorize|connect/authorize|authorize|` +
	`users/sign_in|session/new|sessions/new|account/login|accounts/login|anmelden|connexion|iniciar-sesion|entrar|vhod)(?:/|$|\.[a-z]+$)`)

// isLoginURL reports whether a URL is a sign-in page or an identity provider.
func isLoginURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	host := strings.ToLower(u.Hostname())
	if idpHost.MatchString(host) {
		return true
	}
	return loginPath.MatchString(u.Path)
}

// apiHost matches hosts whose 401 is an API or an application asking for credentials,
// not documentation behind a wall.
var apiHost = regexp.MustCompile(`^(?:api|apis|app|apps|dashboard|console|portal|my|manage|admin|gateway|sandbox)[0-9]*[.-]`)

// fetchGate says why a fetch ended behind a login wall ("" when it did not). r is what the
// fetched body said about itself, nil when unknown.
func fetchGate(f *page.Fetch, r *resource) string {
	hops := append([]string{}, f.Redirects...)
	if f.FinalURL != "" && f.FinalURL != f.URL {
		hops = append(hops, f.FinalURL)
	}
	for _, h := range hops {
		if isLoginURL(h) {
			return "redirected to sign-in " + h
		}
	}
	if f.Status == 401 || f.Status == 403 {
		if isBotWall(f) || apiHost.MatchString(hostOf(f.URL)) {
			return ""
		}
		return fmt.Sprintf("answered HTTP %d", f.Status)
	}
	if r != nil && r.Gate != "" {
		return r.Gate
	}
	return ""
}

// isBotWall recognises a 403/401 from a bot filter or web application firewall: the docs
// may well be public for people.
func isBotWall(f *page.Fetch) bool {
	for k, v := range f.Headers {
		lk, lv := strings.ToLower(k), strings.ToLower(v)
		switch {
		case lk == "cf-mitigated", lk == "cf-chl-bypass", lk == "x-amzn-waf-action", lk == "x-datadome", lk == "x-px-blocked":
			return true
		case lk == "server" && (strings.Contains(lv, "cloudflare") || strings.Contains(lv, "akamai") || strings.Contains(lv, "awselb") ||
			strings.Contains(lv, "imperva") || strings.Contains(lv, "sucuri") || strings.Contains(lv, "ddos-guard")):
			return true
		}
	}
	t := strings.ToLower(f.Title)
	return strings.Contains(t, "just a moment") || strings.Contains(t, "attention required") || strings.Contains(t, "access denied") && f.Status == 403 && f.TextLen < 500
}

var signInWords = regexp.MustCompile(`(?i)\b(?:sign[ -]?in|log[ -]?in|log on|anmelden|connexion|se connecter|iniciar sesi[oó]n|entrar|inloggen|accedi)\b|войти|вход`)

// wallText matches a notice that content needs an account. Error messages such as
// "authentication required" are not notices: they fill error-code tables.
var wallText = regexp.MustCompile(`(?i)\b(?:(?:sign|log)[ -]?in (?:to|in order to) (?:view|see|access|read|continue|browse)|` +
	`please (?:sign|log)[ -]?in (?:to|first|or)|you (?:must|need to) (?:be )?(?:signed|logged)[ -]?in to|` +
	`members only|(?:only )?available to (?:registered|logged[ -]in|signed[ -]in) (?:users|members|partners|customers)|` +
	`bitte melden sie sich an|veuillez vous connecter pour)|войдите,? чтобы`)

// loginWall says why a parsed page is a login wall rather than content ("" when it is not):
// a password form that is the page's point, or a short "sign in to view" notice. A docs page
// with a sign-in box in its header stays content.
func loginWall(d *page.Doc) string {
	short := d.TextLen < 2500
	for _, in := range d.Inputs {
		if in.Type != "password" || consoleSecret(in) {
			continue
		}
		h1 := ""
		for _, h := range d.Headings {
			if h.Level <= 2 {
				h1 = h.Text
				break
			}
		}
		if short || signInWords.MatchString(d.Title) || signInWords.MatchString(h1) {
			return "sign-in form (password field)"
		}
	}
	// A notice is the wall only when it is the title, a heading or all the page says.
	if m := wallText.FindString(d.Title); m != "" {
		return fmt.Sprintf("page title says %q", m)
	}
	for _, h := range d.Headings {
		if m := wallText.FindString(h.Text); m != "" {
			return fmt.Sprintf("page heading says %q", m)
		}
	}
	if d.TextLen < 300 {
		if m := wallText.FindString(d.Text); m != "" {
			return fmt.Sprintf("page says %q", m)
		}
	}
	return ""
}

// apiSecret names what an API console's masked field holds (a token, an API key, a client
// secret): reference renderers (ReadMe, Scalar, Stoplight, Swagger UI) put one beside
// "Try it", and it does not make the page a sign-in form.
var apiSecret = regexp.MustCompile(`(?i)token|api[-_ ]?key|apikey|bearer|secret|credential`)

func consoleSecret(in page.Input) bool {
	s := strings.Join([]string{in.Name, in.ID, in.Placeholder, in.Aria}, " ")
	return apiSecret.MatchString(s) && !strings.Contains(strings.ToLower(s), "password")
}

// accountPath matches URLs one expects to need an account (their first path segment,
// after an optional locale): gating there is no wall in front of the docs.
var accountPath = regexp.MustCompile(`(?i)^(?:/[a-z]{2}(?:[-_][a-z]{2})?)?/(?:log-?in|log-?out|sign-?in|sign-?up|sign_in|sign_up|register|registration|join|account|accounts|my-?account|` +
	`dashboard|console|profile|settings|my|me|admin|apps|applications|keys|api-keys|credentials|cart|checkout|billing|subscriptions?|` +
	`oauth2?|authorize|auth|sso|session|sessions|users?/(?:sign_in|login|edit)|user|portal|tickets?|requests|cabinet|lk|kabinet|logon|members?)(?:/|$|\.[a-z]+$)`)

// docsWall reports whether a gated URL is content a reader of the docs expects to read
// (docs, reference, pricing, terms) rather than an account area.
func docsWall(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	if apiHost.MatchString(strings.ToLower(u.Hostname())) || accountPath.MatchString(u.Path) {
		return false
	}
	return true
}
