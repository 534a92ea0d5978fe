package scoring

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/portalscan/portalscan/detectors"
)

func loadReal(t *testing.T) *Catalogue {
	t.Helper()
	c, err := Parse(YAML(), nil)
	if err != nil {
		t.Fatalf("embedded catalogue: %v", err)
	}
	return c
}

func TestLoad(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if c.Version != "2026.11.0" {
		t.Errorf("version = %q", c.Version)
	}
}

// platformPractices are the practices added for internal platform portals (not in the
// reference): id -> focus area, enabler, stage.
var platformPractices = map[string][3]string{
	"plat-service-catalogue":      {"discovery", "api-catalogue", StageFoundational},
	"plat-catalogue-completeness": {"discovery", "api-catalogue", StageDeveloping},
	"plat-cross-service-search":   {"discovery", "api-catalogue", StageDeveloping},
	"plat-api-scorecards":         {"decision", "technical-fit", StageAdvanced},
	"plat-golden-paths":           {"onboarding", "code-sdks", StageDeveloping},
	"plat-lifecycle-states":       {"maintenance", "change", StageDeveloping},
	"plat-oncall-ownership":       {"maintenance", "support", StageDeveloping},
	"plat-docs-as-code":           {"maintenance", "content-quality", StageDeveloping},
	"plat-innersource":            {"community", "feedback", StageAdvanced},
}

// The reference's section 2.1 summary and its tables agree (checked when the catalogue was
// built): 155 practices; auto 102, partial 51, manual 2; F/D/A 38/78/39. The 9 platform
// practices (all auto; F/D/A 1/6/2) come on top: 164.
func TestCatalogueCounts(t *testing.T) {
	c := loadReal(t)
	if len(c.Practices) != 164 || len(c.FocusAreas) != 6 || len(c.Enablers) != 24 {
		t.Fatalf("got %d practices, %d focus areas, %d enablers; want 164, 6, 24",
			len(c.Practices), len(c.FocusAreas), len(c.Enablers))
	}
	counts := c.Counts()
	want := map[string]map[string]int{
		"mode":  {"auto": 111, "partial": 51, "manual": 2},
		"stage": {"foundational": 39, "developing": 84, "advanced": 41},
		"focus_area": {"discovery": 36, "decision": 29, "onboarding": 31, "golive": 21,
			"maintenance": 34, "community": 13},
		// Every practice applies to interface portals except the 9 platform ones; 35 of the
		// reference's practices are interface-only.
		"applies_to": {"interface": 155, "platform": 129},
	}
	for dim, w := range want {
		if !maps.Equal(counts[dim], w) {
			t.Errorf("counts[%s] = %v, want %v", dim, counts[dim], w)
		}
	}
	// Per focus area, the reference summary's mode and stage split.
	type split struct{ auto, partial, manual, f, d, a int }
	wantSplit := map[string]split{
		"discovery":   {23 + 3, 10, 0, 9 + 1, 12 + 2, 12},
		"decision":    {18 + 1, 10, 0, 11, 13, 4 + 1},
		"onboarding":  {18 + 1, 10, 2, 8, 14 + 1, 8},
		"golive":      {9, 12, 0, 3, 14, 4},
		"maintenance": {24 + 3, 7, 0, 6, 19 + 3, 6},
		"community":   {10 + 1, 2, 0, 1, 6, 5 + 1},
	}
	got := map[string]*split{}
	for _, p := range c.Practices {
		s := got[p.FocusArea]
		if s == nil {
			s = &split{}
			got[p.FocusArea] = s
		}
		switch p.Mode {
		case ModeAuto:
			s.auto++
		case ModePartial:
			s.partial++
		case ModeManual:
			s.manual++
		}
		switch p.Stage {
		case StageFoundational:
			s.f++
		case StageDeveloping:
			s.d++
		case StageAdvanced:
			s.a++
		}
	}
	for area, w := range wantSplit {
		if got[area] == nil || *got[area] != w {
			t.Errorf("%s: split = %+v, want %+v", area, got[area], w)
		}
	}
	for area, n := range map[string]int{"discovery": 4, "decision": 4, "onboarding": 4, "golive": 4, "maintenance": 4, "community": 4} {
		k := 0
		for _, e := range c.Enablers {
			if e.FocusArea == area {
				k++
			}
		}
		if k != n {
			t.Errorf("%s has %d enablers, want %d", area, k, n)
		}
	}
	for _, e := range c.Enablers {
		if counts["enabler"][e.ID] == 0 {
			t.Errorf("enabler %s has no practices", e.ID)
		}
	}
}

func TestCatalogueContent(t *testing.T) {
	c := loadReal(t)
	weight3 := []string{"disc-public-docs", "com-pricing-page", "onb-self-signup", "onb-quickstart",
		"onb-auth-guide", "ops-status-page", "chg-changelog", "ref-error-catalog", "fit-spec-download",
		"trust-api-terms", "try-sandbox"}
	interfaceOnly := []string{"com-pricing-page", "com-free-tier", "com-cost-estimator", "com-contact-sales",
		"com-commercial-process", "com-billing-docs", "proof-case-studies", "proof-logos-testimonials",
		"proof-app-gallery", "proof-partner-directory", "eco-partner-program", "eco-marketplace",
		"onb-self-signup", "onb-social-login", "devrel-newsletter", "trust-certifications",
		"trust-trust-center", "trust-regulatory-identity",
		// Aimed at the public: make no sense for a portal behind single sign-on.
		"disc-entry-from-homepage", "disc-robots-open", "ai-robots-ai-policy", "ai-content-signals",
		"trust-api-terms", "trust-privacy", "trust-licensing-branding", "trust-provider-identity",
		"trust-security-txt", "code-github-org", "cmty-social", "cmty-stackoverflow"}
	whys, fixes := map[string]string{}, map[string]string{}
	for _, p := range c.Practices {
		if p.Why == "" || p.Fix == "" || p.Hint == "" || p.Title == "" {
			t.Errorf("%s: empty title, hint, why or fix", p.ID)
		}
		if p.Why == p.Fix {
			t.Errorf("%s: why and fix are the same text", p.ID)
		}
		if other, dup := whys[p.Why]; dup {
			t.Errorf("%s and %s share the same why", p.ID, other)
		}
		if other, dup := fixes[p.Fix]; dup {
			t.Errorf("%s and %s share the same fix", p.ID, other)
		}
		whys[p.Why], fixes[p.Fix] = p.ID, p.ID
		want := 1.0
		switch {
		case slices.Contains(weight3, p.ID):
			want = 3
		case p.Stage == StageFoundational:
			want = 2
		}
		if p.Weight != want {
			t.Errorf("%s: weight %v, want %v by the weight rule", p.ID, p.Weight, want)
		}
		if len(p.Personas) == 0 || len(p.AppliesTo) == 0 {
			t.Errorf("%s: needs at least one persona and one kind", p.ID)
		}
		if slices.Contains(interfaceOnly, p.ID) && p.AppliesToKind(KindPlatform) {
			t.Errorf("%s should be interface-only", p.ID)
		}
		if want, ok := platformPractices[p.ID]; ok {
			if !slices.Equal(p.AppliesTo, []string{KindPlatform}) {
				t.Errorf("%s applies to %v, want platform only", p.ID, p.AppliesTo)
			}
			if got := [3]string{p.FocusArea, p.Enabler, p.Stage}; got != want {
				t.Errorf("%s: focus area, enabler, stage = %v, want %v", p.ID, got, want)
			}
			if p.Mode != ModeAuto {
				t.Errorf("%s: mode %s, want auto (a detector decides it)", p.ID, p.Mode)
			}
		} else if !p.AppliesToKind(KindInterface) {
			t.Errorf("%s does not apply to interface portals", p.ID)
		}
		if strings.HasPrefix(p.ID, "plat-") != slices.Contains(slices.Collect(maps.Keys(platformPractices)), p.ID) {
			t.Errorf("%s: plat- ids are exactly the platform practices", p.ID)
		}
	}
	for id := range platformPractices {
		if _, ok := c.Practice(id); !ok {
			t.Errorf("platform practice %s missing", id)
		}
	}
	for _, id := range weight3 {
		if p, ok := c.Practice(id); !ok || p.Stage != StageFoundational {
			t.Errorf("weight-3 practice %s missing or not foundational", id)
		}
	}
	// Every lens and persona is used.
	counts := c.Counts()
	for _, dim := range []string{"lens", "persona"} {
		for id, n := range counts[dim] {
			if n == 0 {
				t.Errorf("%s %s tags no practice", dim, id)
			}
		}
	}
	for _, id := range []string{"ai-llms-txt", "disc-sitemap", "ai-robots-ai-policy", "disc-ssr-content", "fit-spec-download", "disc-structured-data", "ai-markdown-twins"} {
		if p, _ := c.Practice(id); p == nil || !slices.Contains(p.Lenses, "ai_visibility") {
			t.Errorf("%s should carry the ai_visibility lens", id)
		}
	}
	for _, id := range []string{"val-use-cases", "com-pricing-page", "com-commercial-process", "trust-certifications", "proof-case-studies"} {
		if p, _ := c.Practice(id); p == nil || !slices.Contains(p.Lenses, "business_readiness") {
			t.Errorf("%s should carry the business_readiness lens", id)
		}
	}
	if e, ok := c.Enabler("ai-readability"); !ok || e.FocusArea != "discovery" || e.Title == "" {
		t.Errorf("Enabler(ai-readability) = %+v, %v", e, ok)
	}
	if _, ok := c.Practice("no-such-practice"); ok {
		t.Error("Practice found an unknown id")
	}
}

func TestDetectorsAttached(t *testing.T) {
	dets := []detectors.Detector{
		fakeDetector{name: "zeta", practices: []string{"ai-llms-txt", "disc-sitemap"}},
		fakeDetector{name: "alpha", practices: []string{"ai-llms-txt", "ai-llms-txt"}},
	}
	c, err := Parse(YAML(), dets)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := c.Practice("ai-llms-txt")
	if !slices.Equal(p.Detectors, []string{"alpha", "zeta"}) {
		t.Errorf("detectors = %v, want [alpha zeta]", p.Detectors)
	}
	p, _ = c.Practice("disc-public-docs")
	if len(p.Detectors) != 0 {
		t.Errorf("disc-public-docs detectors = %v, want none", p.Detectors)
	}

	_, err = Parse(YAML(), []detectors.Detector{fakeDetector{name: "typo", practices: []string{"ai-llms-text"}}})
	if err == nil || !strings.Contains(err.Error(), `detector "typo" declares unknown practice "ai-llms-text"`) {
		t.Errorf("unknown declared practice: err = %v", err)
	}
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 1 {
		t.Errorf("want one *ValidationError problem, got %#v", err)
	}
}

const baseYAML = `version: "1"
focus_areas:
  - id: discovery
    title: Discovery
    description: Found?
  - id: decision
    title: Decision
    description: Decide?
enablers:
  - id: findability
    focus_area: discovery
    title: Findability
    description: Find it.
  - id: commercial
    focus_area: decision
    title: Commercial
    description: Pay for it.
lenses:
  - id: ai_visibility
    title: AI visibility
    description: Agents.
personas:
  - id: developer
    title: Developer
    description: Devs.
practices:
  - id: disc-one
    title: One
    focus_area: discovery
    enabler: findability
    stage: foundational
    mode: auto
    weight: 2
    lenses: [ai_visibility]
    personas: [developer]
    applies_to: [interface, platform]
    hint: look
    why: because
    fix: do it
  - id: com-two
    title: Two
    focus_area: decision
    enabler: commercial
    stage: developing
    mode: partial
    weight: 1
    lenses: []
    personas: [developer]
    applies_to: [interface]
    hint: look
    why: because
    fix: do it
`

func TestValidation(t *testing.T) {
	if _, err := Parse([]byte(baseYAML), nil); err != nil {
		t.Fatalf("base YAML should be valid: %v", err)
	}
	// Each case replaces the first occurrence of old in the base YAML with new.
	cases := []struct {
		name, old, new, want string
	}{
		{"duplicate practice", "id: com-two", "id: disc-one", `duplicate practice id "disc-one"`},
		{"unknown enabler", "enabler: commercial\n    stage", "enabler: pricing\n    stage", `practice "com-two": unknown enabler "pricing"`},
		{"unknown focus area", "focus_area: decision\n    enabler", "focus_area: golive\n    enabler", `practice "com-two": unknown focus area "golive"`},
		{"area mismatch", "focus_area: decision\n    enabler", "focus_area: discovery\n    enabler", `practice "com-two": focus area "discovery" does not match the focus area "decision" of its enabler "commercial"`},
		{"enabler without practices", "enabler: commercial\n    stage", "enabler: findability\n    stage", `enabler "commercial" has no practices`},
		{"enabler with unknown area", "focus_area: decision\n    title: Commercial", "focus_area: money\n    title: Commercial", `enabler "commercial": unknown focus area "money"`},
		{"focus area without enablers", "  - id: decision\n    title: Decision\n    description: Decide?\n", "  - id: decision\n    title: Decision\n    description: Decide?\n  - id: community\n    title: Community\n    description: Talk.\n", `focus area "community" has no enablers`},
		{"bad stage", "stage: developing", "stage: expert", `practice "com-two": bad stage "expert"`},
		{"bad mode", "mode: partial", "mode: magic", `practice "com-two": bad mode "magic"`},
		{"bad lens", "lenses: [ai_visibility]", "lenses: [seo]", `practice "disc-one": unknown lens "seo"`},
		{"bad persona", "personas: [developer]\n    applies_to: [interface]", "personas: [cfo]\n    applies_to: [interface]", `practice "com-two": unknown persona "cfo"`},
		{"no persona", "personas: [developer]\n    applies_to: [interface]", "personas: []\n    applies_to: [interface]", `practice "com-two": no persona given`},
		{"bad kind", "applies_to: [interface]", "applies_to: [internal]", `practice "com-two": bad kind "internal" in applies_to`},
		{"no kind", "applies_to: [interface]", "applies_to: []", `practice "com-two": no kind given`},
		{"duplicate kind", "applies_to: [interface]", "applies_to: [interface, interface]", `practice "com-two": duplicate kind "interface"`},
		{"zero weight", "weight: 1", "weight: 0", `practice "com-two": weight must be a positive number, got 0`},
		{"negative weight", "weight: 2", "weight: -1", `practice "disc-one": weight must be a positive number, got -1`},
		{"missing weight", "    weight: 1\n", "", `practice "com-two": weight must be a positive number, got 0`},
		{"empty why", "why: because", "why: \"\"", `practice "disc-one": empty why`},
		{"empty fix", "fix: do it\n  - id: com-two", "fix: \"  \"\n  - id: com-two", `practice "disc-one": empty fix`},
		{"empty title", "title: Two", "title: \"\"", `practice "com-two": empty title`},
		{"empty id", "id: com-two", "id: \"\"", `practices[1]: practice with empty id`},
		{"id not a slug", "id: com-two", "id: Com Two", `practice "Com Two": id is not a lower-case slug`},
		{"duplicate enabler", "id: commercial", "id: findability", `duplicate enabler id "findability"`},
		{"duplicate focus area", "id: decision", "id: discovery", `duplicate focus area id "discovery"`},
		{"empty version", `version: "1"`, `version: ""`, "version is empty"},
		{"unknown field", "hint: look", "hint: look\n    detectors: [x]", "field detectors not found"},
		{"typo in field", "applies_to: [interface]", "applies-to: [interface]", "field applies-to not found"},
		{"not yaml", "version: \"1\"", "version: [", "scoring: parse catalogue"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(baseYAML, tc.old) {
				t.Fatalf("old text %q not in base YAML", tc.old)
			}
			data := strings.Replace(baseYAML, tc.old, tc.new, 1)
			_, err := Parse([]byte(data), nil)
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q\nwant it to contain %q", err, tc.want)
			}
		})
	}
	if _, err := Parse(nil, nil); err == nil || !strings.Contains(err.Error(), "empty document") {
		t.Errorf("empty input: err = %v", err)
	}
}

func TestValidateReportsAllProblems(t *testing.T) {
	data := strings.Replace(baseYAML, "stage: developing", "stage: expert", 1)
	data = strings.Replace(data, "mode: partial", "mode: magic", 1)
	_, err := Parse([]byte(data), nil)
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 2 {
		t.Fatalf("want 2 problems, got %v", err)
	}
}

func TestCountsIncludeZeros(t *testing.T) {
	c, err := Parse([]byte(baseYAML), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := c.Counts()
	if got["mode"]["manual"] != 0 || got["mode"]["auto"] != 1 || got["stage"]["advanced"] != 0 || got["applies_to"]["platform"] != 1 {
		t.Errorf("counts = %v", got)
	}
	if _, ok := got["mode"]["manual"]; !ok {
		t.Error("zero counts should be present")
	}
}

func TestParseKind(t *testing.T) {
	for in, want := range map[string]string{"": "interface", " Platform ": "platform", "interface": "interface"} {
		if got, err := ParseKind(in); err != nil || got != want {
			t.Errorf("ParseKind(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseKind("internal"); err == nil {
		t.Error("ParseKind(internal) should fail")
	}
}

// The platform practices have detectors, and each kind leaves the other kind's practices out.
func TestPlatformPractices(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for id := range platformPractices {
		p, ok := c.Practice(id)
		if !ok || len(p.Detectors) == 0 {
			t.Errorf("%s: no detector attached", id)
		}
	}
	for kind, want := range map[string]struct{ applicable, notApplicable int }{
		KindInterface: {155, 9},
		KindPlatform:  {129, 35},
	} {
		a := Assess(c, nil, Options{Kind: kind})
		na := 0
		for _, p := range a.Practices {
			if p.Status == detectors.NotApplicable {
				na++
				if _, plat := platformPractices[p.ID]; plat == (kind == KindPlatform) {
					t.Errorf("%s on %s: not_applicable", p.ID, kind)
				}
			}
		}
		if na != want.notApplicable || len(a.Practices)-na != want.applicable {
			t.Errorf("%s: %d applicable, %d not_applicable; want %d, %d", kind, len(a.Practices)-na, na, want.applicable, want.notApplicable)
		}
	}
}
