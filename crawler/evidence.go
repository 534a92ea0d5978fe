package crawler

import (
	"path"
	"regexp"
	"strings"
)

// Evidence-first crawling: with a page budget, links whose text or last path segment names
// something a practice looks for (pricing, changelog, status, support, terms, SDKs, the
// quickstart, authentication, errors, limits, the sandbox, community …) are fetched before
// the rest of their depth and before deeper breadth, so a 150-page budget on a 50k-page
// portal still reaches the pages that decide the assessment. Matching the last segment, not
// the whole path, keeps every page under /reference/ from jumping the queue.
// Go's \b is ASCII-only, so word edges are spelt out to work for Cyrillic too.
var evidenceWords = regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}])(` + strings.Join([]string{
	// English
	`pricing`, `plans?`, `prices?`, `changelog`, `change-?log`, `release[- ]?notes`, `what'?s[- ]new`, `status`,
	`support`, `contact(-?us)?`, `help`, `terms`, `tos`, `legal`, `privacy`, `security`, `trust`,
	`sdks?`, `libraries`, `client[- ]libraries`, `downloads?`, `quick[- ]?start`, `getting[- ]started`, `get[- ]started`,
	`authentication`, `authorization`, `auth`, `oauth`, `errors?`, `error[- ]codes`, `rate[- ]limits?`, `limits`,
	`sandbox`, `tutorials?`, `guides?`, `how[- ]?to`, `community`, `forum`, `faq`, `glossary`, `versioning`,
	`versions`, `migration`, `deprecation`, `webhooks?`, `postman`, `openapi`, `swagger`, `api[- ]reference`,
	`signup`, `sign[- ]up`, `register`, `blog`, `roadmap`, `catalog(ue)?`, `apis`,
	// German, French, Spanish, Portuguese, Dutch, Italian, Russian
	`preise`, `tarife`, `nutzungsbedingungen`, `datenschutz`, `hilfe`, `kontakt`, `fehler(codes)?`,
	`tarifs`, `conditions`, `confidentialit[eé]`, `aide`, `erreurs`, `d[eé]marrage`,
	`precios`, `t[eé]rminos`, `privacidad`, `ayuda`, `contacto`, `errores`, `gu[ií]as`,
	`pre[cç]os`, `termos`, `privacidade`, `ajuda`, `contato`, `erros`,
	`prijzen`, `voorwaarden`, `privacyverklaring`, `contact`, `fouten`,
	`prezzi`, `termini`, `assistenza`, `contatti`, `errori`,
	`тарифы`, `цены`, `условия`, `конфиденциальност\S*`, `поддержка`, `контакты`, `ошибки`, `песочница`, `начало`, `быстрый старт`,
}, "|") + `)(?:$|[^\p{L}\p{N}])`)

// evidenceLike reports whether a link's text or the last segment of its path names evidence.
func evidenceLike(text, urlPath string) bool {
	if text != "" && len(text) < 80 && evidenceWords.MatchString(text) {
		return true
	}
	seg := path.Base(strings.TrimSuffix(urlPath, "/"))
	seg = strings.TrimSuffix(seg, path.Ext(seg))
	if seg == "" || seg == "." || seg == "/" {
		return false
	}
	return evidenceWords.MatchString(strings.NewReplacer("-", " ", "_", " ").Replace(seg))
}
