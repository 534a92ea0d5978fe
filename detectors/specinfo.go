package detectors

import (
	"encoding/json"
	"fmt"
	"net/mail"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/portalscan/portalscan/crawler/page"
)

// specInfoDetector reads the API descriptions the crawl fetched (linked, configured in a
// reference viewer, or served at a well-known path): their info block links terms of
// service and a contact, their security schemes explain authentication, their responses
// document errors. Reference renderers (Redoc, Swagger UI) show exactly this to readers.
type specInfoDetector struct{}

func init() { Register(specInfoDetector{}) }

func (specInfoDetector) Doc() Doc {
	return Doc{
		Name:      "spec-info",
		Practices: []string{"trust-api-terms", "sup-contact", "onb-auth-guide", "ref-error-catalog"},
		Looks: "OpenAPI / Swagger documents fetched by the crawl: info.termsOfService, info.contact (e-mail or URL), security schemes " +
			"(API keys, OAuth flows) and 4xx/5xx responses described per operation.",
		Why: "Reference renderers show the description's info block, security schemes and error responses to every reader of the reference.",
		Fix: "Fill info.termsOfService and info.contact, declare the security schemes with descriptions, and describe the error responses of each operation.",
	}
}

func (specInfoDetector) Begin(env Env) Run {
	return &specInfoRun{sh: sharedOf(env), cands: map[string]pool{}}
}

type specInfoRun struct {
	sh    *shared
	cands map[string]pool
}

const maxSpecParse = 8 << 20

func (r *specInfoRun) add(practice string, c *candidate) {
	if r.cands[practice] == nil {
		r.cands[practice] = newPool()
	}
	r.cands[practice].add("spec-info", c)
}

func (r *specInfoRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if !p.OK() || p.Doc != nil || len(p.Body) > maxSpecParse || (pf.spec != "openapi" && pf.spec != "swagger") {
		return
	}
	doc := map[string]any{}
	b := strings.TrimSpace(string(p.Body))
	var err error
	if strings.HasPrefix(b, "{") {
		err = json.Unmarshal(p.Body, &doc)
	} else {
		err = yaml.Unmarshal(p.Body, &doc)
	}
	if err != nil {
		return
	}
	spec := pf.url
	info := asMap(doc["info"])
	if tos, _ := info["termsOfService"].(string); tos != "" {
		if u := resolveRef(spec, tos); u != "" {
			r.add("trust-api-terms", &candidate{ev: Evidence{URL: u, FoundOn: spec, Matched: "spec-info: info.termsOfService", Snippet: "termsOfService: " + clip(tos, 120)},
				status: Met, prio: 50, depth: p.Depth, target: u})
		}
	}
	if contact := asMap(info["contact"]); contact != nil {
		if email, _ := contact["email"].(string); email != "" {
			if a, err := mail.ParseAddress(email); err == nil {
				r.add("sup-contact", &candidate{ev: Evidence{URL: "mailto:" + a.Address, FoundOn: spec, Matched: "spec-info: info.contact.email", Snippet: "email: " + clip(email, 100)},
					status: Met, prio: 50, depth: p.Depth})
			}
		} else if cu, _ := contact["url"].(string); cu != "" {
			if u := resolveRef(spec, cu); u != "" {
				r.add("sup-contact", &candidate{ev: Evidence{URL: u, FoundOn: spec, Matched: "spec-info: info.contact.url", Snippet: "url: " + clip(cu, 120)},
					status: Met, prio: 50, depth: p.Depth, target: u, gateSkip: true})
			}
		}
	}
	schemes := asMap(asMap(doc["components"])["securitySchemes"])
	if len(schemes) == 0 {
		schemes = asMap(doc["securityDefinitions"])
	}
	if len(schemes) > 0 {
		var kinds []string
		for name, v := range schemes {
			t, _ := asMap(v)["type"].(string)
			kinds = append(kinds, name+" ("+t+")")
		}
		sort.Strings(kinds)
		r.add("onb-auth-guide", &candidate{ev: Evidence{URL: spec, FoundOn: spec, Matched: "spec-info: security schemes " + clip(strings.Join(kinds, ", "), 100), Snippet: clip(strings.Join(kinds, ", "), 160)},
			status: Met, prio: 50, depth: p.Depth})
	}
	ops, errs := 0, 0
	example := ""
	paths := asMap(doc["paths"])
	var names []string
	for name := range paths {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		item := asMap(paths[name])
		for _, method := range []string{"get", "put", "post", "delete", "patch", "options", "head"} {
			op := asMap(item[method])
			if op == nil {
				continue
			}
			ops++
			resp := asMap(op["responses"])
			codes := make([]string, 0, len(resp))
			for code := range resp {
				codes = append(codes, code)
			}
			sort.Strings(codes)
			for _, code := range codes {
				if len(code) == 3 && (code[0] == '4' || code[0] == '5') {
					if desc, _ := asMap(resp[code])["description"].(string); strings.TrimSpace(desc) != "" {
						errs++
						if example == "" {
							example = fmt.Sprintf("%s %s %s: %s", strings.ToUpper(method), name, code, page.Fold(desc))
						}
						break
					}
				}
			}
		}
	}
	if errs > 0 {
		r.add("ref-error-catalog", &candidate{ev: Evidence{URL: spec, FoundOn: spec, Matched: fmt.Sprintf("spec-info: %d of %d operations describe error responses", errs, ops), Snippet: clip(example, 160)},
			status: Met, prio: 50, depth: p.Depth})
	}
}

// asMap reads a decoded JSON or YAML mapping (YAML maps with non-string keys, such as
// unquoted response codes, decode with interface keys).
func asMap(v any) map[string]any {
	switch m := v.(type) {
	case map[string]any:
		return m
	case map[any]any:
		out := make(map[string]any, len(m))
		for k, x := range m {
			out[fmt.Sprint(k)] = x
		}
		return out
	}
	return nil
}

func (r *specInfoRun) Finish(idx Index) []Finding {
	var out []Finding
	for _, prac := range (specInfoDetector{}).Doc().Practices {
		var cs []*candidate
		for _, c := range r.cands[prac].all() {
			if resolveCandidate(c, idx, r.sh) {
				cs = append(cs, c)
			}
		}
		out = append(out, verdict(prac, cs))
	}
	return out
}
