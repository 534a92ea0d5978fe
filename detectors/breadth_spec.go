package detectors

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/PuerkitoBio/goquery"
	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"

	"github.com/portalscan/portalscan/crawler/page"
)

// The api-check detector reads the API descriptions the crawl fetched with kin-openapi:
// whether they load and validate, how completely parameters are described, how many
// operations carry examples, which OAuth scopes and servers they declare, and the channels
// of AsyncAPI documents. Reference pages in HTML add evidence for parameters (tables with
// type and description columns) and examples (Example request / response sections).
//
// kin-openapi runs with external references disallowed and no custom reader: loading a
// description never reads a file or a URL.

func init() { Register(apiCheckDetector{}) }

const (
	pracSpecDownload  = "fit-spec-download"
	pracParams        = "ref-param-completeness"
	pracExamples      = "ref-examples"
	pracScopes        = "sec-scopes-reference"
	pracEnvironments  = "fit-environments"
	pracEventCatalog  = "ref-event-catalog"
	paramsMet         = 0.8 // share of documented parameters for met
	paramsPartial     = 0.4 // … for partial
	examplesMet       = 0.5 // share of operations with examples for met
	specCheckDeadline = 20 * time.Second
)

type apiCheckDetector struct{}

func (apiCheckDetector) Doc() Doc {
	return Doc{
		Name:      "api-check",
		Practices: []string{pracSpecDownload, pracParams, pracExamples, pracScopes, pracEnvironments, pracEventCatalog},
		Looks: "The OpenAPI / Swagger / AsyncAPI descriptions the crawl fetched, loaded with kin-openapi (Swagger 2.0 converted): whether they load " +
			"and validate (errors are noted); the share of parameters (and request-body properties) with a description and a type; the share of " +
			"operations with request or response examples and response schemas; OAuth scopes in securitySchemes; servers (two or more, or a " +
			"named sandbox and production); AsyncAPI channels (candidate event catalogue). In HTML reference pages: parameter tables with name, " +
			"type and description columns, and Example request / response sections.",
		Why: "The description is the reference: readers and code generators see exactly what it documents, and agents call the API from it.",
		Fix: "Describe every parameter and property (type, required, constraints, description), add request and response examples to each " +
			"operation, list the OAuth scopes and the sandbox and production servers, and validate the description in CI.",
	}
}

func (apiCheckDetector) Begin(env Env) Run {
	return &apiCheckRun{sh: sharedOf(env), cands: map[string]pool{}}
}

type apiCheckRun struct {
	sh    *shared
	cands map[string]pool
	notes map[string][]string
}

func (r *apiCheckRun) add(practice string, c *candidate) {
	if r.cands[practice] == nil {
		r.cands[practice] = newPool()
	}
	r.cands[practice].add("api-check", c)
}

func (r *apiCheckRun) note(practice, s string) {
	if r.notes == nil {
		r.notes = map[string][]string{}
	}
	r.notes[practice] = append(r.notes[practice], s)
}

func (r *apiCheckRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if p.Doc != nil {
		if pf.usable {
			r.htmlReference(p, pf)
		}
		return
	}
	if !p.OK() || len(p.Body) > maxSpecParse {
		return
	}
	switch pf.spec {
	case "openapi", "swagger":
		r.openAPI(p, pf)
	case "asyncapi":
		r.asyncAPI(p, pf)
	}
}

// ---------------------------------------------------------------- parsing

// decodeSpec decodes a JSON or YAML description into generic values with string keys.
func decodeSpec(body []byte) (map[string]any, error) {
	b := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	var v any
	var err error
	if len(b) > 0 && b[0] == '{' {
		err = json.Unmarshal(b, &v)
	} else {
		err = yaml.Unmarshal(b, &v)
	}
	if err != nil {
		return nil, err
	}
	m, ok := normalizeYAML(v, 0).(map[string]any)
	if !ok {
		return nil, fmt.Errorf("not a mapping")
	}
	return m, nil
}

// normalizeYAML turns YAML maps with non-string keys into string-keyed maps (JSON-able).
func normalizeYAML(v any, depth int) any {
	if depth > 200 {
		return nil
	}
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = normalizeYAML(e, depth+1)
		}
		return x
	case map[any]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[fmt.Sprint(k)] = normalizeYAML(e, depth+1)
		}
		return out
	case []any:
		for i, e := range x {
			x[i] = normalizeYAML(e, depth+1)
		}
		return x
	}
	return v
}

// parseCache remembers whether the last few bodies parse, so the spec check (shared facts,
// artifact rules, this detector) decodes a description once.
var parseCache struct {
	sync.Mutex
	keys [4]struct {
		ptr *byte
		n   int
		ok  bool
	}
	next int
}

// specParses reports whether a sniffed API description is well-formed JSON or YAML with a
// mapping at the top: what a generator or an agent needs before anything else.
func specParses(body []byte, kind string) bool {
	if kind == "graphql" || len(body) == 0 {
		return kind != ""
	}
	ptr, n := unsafe.SliceData(body), len(body)
	parseCache.Lock()
	for _, k := range parseCache.keys {
		if k.ptr == ptr && k.n == n {
			parseCache.Unlock()
			return k.ok
		}
	}
	parseCache.Unlock()
	_, err := decodeSpec(body)
	ok := err == nil
	parseCache.Lock()
	parseCache.keys[parseCache.next%len(parseCache.keys)] = struct {
		ptr *byte
		n   int
		ok  bool
	}{ptr, n, ok}
	parseCache.next++
	parseCache.Unlock()
	return ok
}

// loadOpenAPI loads an OpenAPI 3 or Swagger 2 description as OpenAPI 3, resolving only
// internal references. It returns the document (possibly with unresolved references when
// loading failed half-way) and the load error.
func loadOpenAPI(body []byte, kind string) (*openapi3.T, error) {
	ctx, cancel := context.WithTimeout(context.Background(), specCheckDeadline)
	defer cancel()
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	loader.ReadFromURIFunc = nil
	loader.Context = ctx
	generic, err := decodeSpec(body)
	if err != nil {
		return nil, err
	}
	js, err := json.Marshal(generic)
	if err != nil {
		return nil, err
	}
	if kind == "swagger" {
		var d2 openapi2.T
		if err := json.Unmarshal(js, &d2); err != nil {
			return nil, err
		}
		return openapi2conv.ToV3WithLoader(&d2, loader, nil)
	}
	doc, err := loader.LoadFromData(js)
	if err == nil {
		return doc, nil
	}
	// References that do not resolve (another file, a typo): read what is there.
	raw := &openapi3.T{}
	if uerr := json.Unmarshal(js, raw); uerr != nil {
		return nil, err
	}
	return raw, err
}

func firstLineOf(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return clip(s, 160)
}

// ---------------------------------------------------------------- OpenAPI

func (r *apiCheckRun) openAPI(p *page.Page, pf *pageFacts) {
	spec := pf.url
	doc, loadErr := loadOpenAPI(p.Body, pf.spec)
	if doc == nil {
		if loadErr != nil {
			r.note(pracSpecDownload, spec+" does not parse: "+firstLineOf(loadErr))
		}
		return
	}
	version := doc.OpenAPI
	if pf.spec == "swagger" {
		version = "Swagger 2.0"
	} else {
		version = "OpenAPI " + version
	}
	status := "loads and validates"
	switch {
	case loadErr != nil:
		status = "parses; references do not resolve: " + firstLineOf(loadErr)
	default:
		ctx, cancel := context.WithTimeout(context.Background(), specCheckDeadline)
		verr := doc.Validate(ctx, openapi3.DisableExamplesValidation())
		cancel()
		if verr != nil {
			status = "parses; validation: " + firstLineOf(verr)
		}
	}
	title := ""
	if doc.Info != nil {
		title = doc.Info.Title
	}
	r.add(pracSpecDownload, &candidate{ev: Evidence{URL: spec, FoundOn: firstNonEmpty(p.FoundOn, spec), Matched: "api-check: " + version + " " + status, Snippet: clip(title, 120)}, status: Met, prio: 40, depth: p.Depth})
	if status != "loads and validates" {
		r.note(pracSpecDownload, spec+": "+status)
	}

	// Operations, parameters and examples.
	var ops, opsExample, opsSchema, params, documented int
	var undocumented []string
	paths := doc.Paths.Map()
	names := make([]string, 0, len(paths))
	for n := range paths {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		item := paths[name]
		if item == nil {
			continue
		}
		opsMap := item.Operations()
		methods := make([]string, 0, len(opsMap))
		for m := range opsMap {
			methods = append(methods, m)
		}
		sort.Strings(methods)
		for _, method := range methods {
			op := opsMap[method]
			if op == nil {
				continue
			}
			ops++
			all := append(append(openapi3.Parameters{}, item.Parameters...), op.Parameters...)
			for _, pr := range all {
				if pr == nil || pr.Value == nil {
					continue
				}
				params++
				if paramDocumented(pr.Value) {
					documented++
				} else if len(undocumented) < 5 {
					undocumented = append(undocumented, fmt.Sprintf("%s %s %s", method, name, pr.Value.Name))
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for _, mt := range op.RequestBody.Value.Content {
					if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
						continue
					}
					for pname, prop := range mt.Schema.Value.Properties {
						params++
						if prop != nil && prop.Value != nil && prop.Value.Description != "" && !prop.Value.Type.IsEmpty() {
							documented++
						} else if len(undocumented) < 5 {
							undocumented = append(undocumented, fmt.Sprintf("%s %s body.%s", method, name, pname))
						}
					}
					break
				}
			}
			hasExample, hasSchema := operationExamples(op)
			if hasExample {
				opsExample++
			}
			if hasSchema {
				opsSchema++
			}
		}
	}
	if params > 0 {
		share := float64(documented) / float64(params)
		m := fmt.Sprintf("api-check: %d of %d parameters and body properties have a description and a type (%.0f%%)", documented, params, 100*share)
		status := NotMet
		switch {
		case share >= paramsMet:
			status = Met
		case share >= paramsPartial:
			status = Partial
		}
		if status != NotMet {
			r.add(pracParams, &candidate{ev: Evidence{URL: spec, FoundOn: firstNonEmpty(p.FoundOn, spec), Matched: m}, status: status, prio: 40, depth: p.Depth})
		}
		note := strings.TrimPrefix(m, "api-check: ") + " in " + spec
		if len(undocumented) > 0 {
			note += "; e.g. without: " + strings.Join(undocumented, ", ")
		}
		r.note(pracParams, note)
	}
	if ops > 0 {
		share := float64(opsExample) / float64(ops)
		m := fmt.Sprintf("api-check: %d of %d operations have request or response examples; %d describe a response schema", opsExample, ops, opsSchema)
		status := NotMet
		switch {
		case share >= examplesMet:
			status = Met
		case opsExample > 0 || opsSchema*5 >= ops*4:
			status = Partial
		}
		if status != NotMet {
			r.add(pracExamples, &candidate{ev: Evidence{URL: spec, FoundOn: firstNonEmpty(p.FoundOn, spec), Matched: m}, status: status, prio: 40, depth: p.Depth})
		}
		r.note(pracExamples, strings.TrimPrefix(m, "api-check: ")+" in "+spec)
	}

	// OAuth scopes.
	if doc.Components != nil {
		var scopes []string
		for _, sref := range doc.Components.SecuritySchemes {
			if sref == nil || sref.Value == nil || sref.Value.Flows == nil {
				continue
			}
			fl := sref.Value.Flows
			for _, flow := range []*openapi3.OAuthFlow{fl.Implicit, fl.Password, fl.ClientCredentials, fl.AuthorizationCode} {
				if flow == nil {
					continue
				}
				for s := range flow.Scopes {
					scopes = append(scopes, s)
				}
			}
		}
		scopes = dedupe(scopes)
		if len(scopes) > 0 {
			r.add(pracScopes, &candidate{ev: Evidence{URL: spec, FoundOn: firstNonEmpty(p.FoundOn, spec), Matched: fmt.Sprintf("api-check: %d OAuth scopes in securitySchemes", len(scopes)), Snippet: clip(strings.Join(scopes, ", "), 160)}, status: Met, prio: 40, depth: p.Depth})
		}
	}

	// Servers.
	var urls []string
	sandbox, production := false, false
	for _, s := range doc.Servers {
		if s == nil || s.URL == "" || s.URL == "/" {
			continue
		}
		urls = append(urls, s.URL)
		t := strings.ToLower(s.URL + " " + s.Description)
		if envSandbox.MatchString(t) {
			sandbox = true
		} else if envProduction.MatchString(t) || !envSandbox.MatchString(t) {
			production = true
		}
	}
	if len(urls) >= 2 || sandbox && production {
		r.add(pracEnvironments, &candidate{ev: Evidence{URL: spec, FoundOn: firstNonEmpty(p.FoundOn, spec), Matched: fmt.Sprintf("api-check: %d servers in the API description", len(urls)), Snippet: clip(strings.Join(urls, ", "), 160)}, status: Met, prio: 40, depth: p.Depth})
	}
}

var (
	envSandbox    = regexp.MustCompile(`sandbox|\btest|staging|\bdemo|\buat\b|preprod|pre-prod|\bqa\b|песочниц|тест`)
	envProduction = regexp.MustCompile(`production|\bprod\b|\blive\b|продуктив|боев`)
)

// paramDocumented: a description and a type (a schema with a type or a $ref, or content).
func paramDocumented(p *openapi3.Parameter) bool {
	if strings.TrimSpace(p.Description) == "" {
		return false
	}
	if len(p.Content) > 0 {
		return true
	}
	if p.Schema == nil {
		return false
	}
	return p.Schema.Ref != "" || p.Schema.Value != nil && (!p.Schema.Value.Type.IsEmpty() || len(p.Schema.Value.Enum) > 0 || len(p.Schema.Value.OneOf) > 0 || len(p.Schema.Value.AllOf) > 0 || len(p.Schema.Value.AnyOf) > 0)
}

func mediaExample(c openapi3.Content) (example, schema bool) {
	for _, mt := range c {
		if mt == nil {
			continue
		}
		if mt.Example != nil || len(mt.Examples) > 0 {
			example = true
		}
		if mt.Schema != nil {
			schema = true
			if v := mt.Schema.Value; v != nil && (v.Example != nil || len(v.Examples) > 0) {
				example = true
			}
		}
	}
	return
}

// operationExamples reports whether an operation carries a request or response example, and
// whether a success response describes a schema.
func operationExamples(op *openapi3.Operation) (example, schema bool) {
	if op.RequestBody != nil && op.RequestBody.Value != nil {
		if e, _ := mediaExample(op.RequestBody.Value.Content); e {
			example = true
		}
	}
	for _, pr := range op.Parameters {
		if pr != nil && pr.Value != nil && (pr.Value.Example != nil || len(pr.Value.Examples) > 0) {
			example = true
		}
	}
	if op.Responses == nil {
		return
	}
	for code, rr := range op.Responses.Map() {
		if rr == nil || rr.Value == nil {
			continue
		}
		e, s := mediaExample(rr.Value.Content)
		if e {
			example = true
		}
		if s && (strings.HasPrefix(code, "2") || code == "default") {
			schema = true
		}
	}
	return
}

// ---------------------------------------------------------------- AsyncAPI

func (r *apiCheckRun) asyncAPI(p *page.Page, pf *pageFacts) {
	spec := pf.url
	doc, err := decodeSpec(p.Body)
	if err != nil {
		r.note(pracSpecDownload, spec+" does not parse: "+firstLineOf(err))
		return
	}
	version, _ := doc["asyncapi"].(string)
	channels := asMap(doc["channels"])
	r.add(pracSpecDownload, &candidate{ev: Evidence{URL: spec, FoundOn: firstNonEmpty(p.FoundOn, spec), Matched: fmt.Sprintf("api-check: AsyncAPI %s parses, %d channels", version, len(channels))}, status: Met, prio: 40, depth: p.Depth})
	if len(channels) > 0 {
		var names []string
		for n := range channels {
			names = append(names, n)
		}
		sort.Strings(names)
		r.add(pracEventCatalog, &candidate{ev: Evidence{URL: spec, FoundOn: firstNonEmpty(p.FoundOn, spec), Matched: fmt.Sprintf("api-check: AsyncAPI with %d channels", len(channels)), Snippet: clip(strings.Join(names, ", "), 160)}, status: Partial, prio: 40, depth: p.Depth})
	}
	if servers := asMap(doc["servers"]); len(servers) >= 2 {
		r.add(pracEnvironments, &candidate{ev: Evidence{URL: spec, FoundOn: firstNonEmpty(p.FoundOn, spec), Matched: fmt.Sprintf("api-check: %d servers in the AsyncAPI description", len(servers))}, status: Met, prio: 40, depth: p.Depth})
	}
}

// ---------------------------------------------------------------- HTML reference pages

var exampleHeading = regexp.MustCompile(`(?i)^\W*(?:(?:example|sample) (?:request|response|payload|call)s?|(?:request|response) (?:example|sample|body example)s?|` +
	`beispiel-?(?:anfrage|antwort|request|response)|(?:anfrage|antwort)-?beispiel|exemple de (?:requête|réponse)|(?:requête|réponse) d.exemple|` +
	`ejemplo de (?:solicitud|petición|respuesta)|(?:solicitud|respuesta) de ejemplo|exemplo de (?:requisição|solicitação|resposta)|(?:requisição|resposta) de exemplo|` +
	`voorbeeld(?:verzoek|antwoord|request|response)|esempio di (?:richiesta|risposta)|(?:richiesta|risposta) di esempio|пример[а-яё]* (?:запроса|ответа|вызова))\W*$`)

// exampleWord is a cheap test before exampleHeading: the heading names an example or a sample.
func exampleWord(low string) bool {
	for _, w := range []string{"exampl", "sampl", "beispiel", "exempl", "ejempl", "voorbeeld", "esempi", "пример"} {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

var (
	thName        = regexp.MustCompile(`(?i)^\s*(?:parameters?|params?|name|field|attribute|property|key|argument|parameter name|параметр|поле|имя|nom|nombre|nome|naam|feld|champ|campo|veld)s?\s*$`)
	thType        = regexp.MustCompile(`(?i)^\s*(?:type|data ?type|format|тип|typ|tipo)\s*$`)
	thDescription = regexp.MustCompile(`(?i)^\s*(?:description|details|meaning|описание|beschreibung|omschrijving|beschrijving|descripción|descrição|descrizione)\s*$`)
	thRequired    = regexp.MustCompile(`(?i)^\s*(?:required|mandatory|optional|required\?|обязательн\S*|pflicht\S*|erforderlich|obligatoire|requis|obligatorio|requerido|obrigatório|verplicht|obbligatorio)\s*$`)
)

func (r *apiCheckRun) htmlReference(p *page.Page, pf *pageFacts) {
	for i := range p.Doc.Headings {
		h := &p.Doc.Headings[i]
		if h.Level < 2 || h.Level > 5 {
			continue
		}
		t, low := pf.heading(h)
		if exampleWord(low) && exampleHeading.MatchString(t) {
			r.add(pracExamples, &candidate{ev: Evidence{URL: withAnchor(pf.url, h.ID), FoundOn: pf.url, Matched: "api-check: " + clip(t, 60), Snippet: clip(t, 120)}, status: Met, prio: 60, depth: p.Depth})
			break
		}
	}
	if p.Doc.DOM == nil || !bytes.Contains(p.Body, []byte("<th")) {
		return
	}
	best := 0
	var bestID string
	p.Doc.DOM.Find("table").EachWithBreak(func(_ int, tbl *goquery.Selection) bool {
		name, typ, desc, req := false, false, false, false
		tbl.Find("th").Each(func(_ int, th *goquery.Selection) {
			t := strings.TrimSpace(th.Text())
			switch {
			case thName.MatchString(t):
				name = true
			case thType.MatchString(t):
				typ = true
			case thDescription.MatchString(t):
				desc = true
			case thRequired.MatchString(t):
				req = true
			}
		})
		score := 0
		if name && typ && desc {
			score = 1
			if req {
				score = 2
			}
		}
		if score > best {
			best = score
			bestID, _ = tbl.Attr("id")
		}
		return best < 2
	})
	switch best {
	case 2:
		r.add(pracParams, &candidate{ev: Evidence{URL: withAnchor(pf.url, bestID), FoundOn: pf.url, Matched: "api-check: parameter table with name, type, required and description columns"}, status: Met, prio: 60, depth: p.Depth})
	case 1:
		r.add(pracParams, &candidate{ev: Evidence{URL: withAnchor(pf.url, bestID), FoundOn: pf.url, Matched: "api-check: parameter table with name, type and description columns (no required column)"}, status: Partial, prio: 60, depth: p.Depth})
	}
}

func (r *apiCheckRun) Finish(idx Index) []Finding {
	var out []Finding
	for _, prac := range (apiCheckDetector{}).Doc().Practices {
		var cs []*candidate
		for _, c := range r.cands[prac].all() {
			st := c.status
			if resolveCandidate(c, idx, r.sh) {
				c.status = st // the candidate's own verdict (resolveCandidate resets it for target-less evidence)
				cs = append(cs, c)
			}
		}
		f := verdict(prac, cs)
		if ns := r.notes[prac]; len(ns) > 0 {
			sort.Strings(ns)
			f.Note = strings.Join(firstN(ns, 3), "; ")
		}
		out = append(out, f)
	}
	return out
}
