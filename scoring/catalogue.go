package scoring

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/portalscan/portalscan/detectors"
)

// Stages, in increasing order of maturity.
const (
	StageFoundational = "foundational"
	StageDeveloping   = "developing"
	StageAdvanced     = "advanced"
)

// Detection modes.
const (
	ModeAuto    = "auto"
	ModePartial = "partial"
	ModeManual  = "manual"
)

// Portal kinds a practice can apply to.
const (
	KindInterface = "interface" // a public API product offered to customers and partners
	KindPlatform  = "platform"  // a platform or internal portal with no commercial offer
)

var (
	stageOrder = []string{StageFoundational, StageDeveloping, StageAdvanced}
	modeOrder  = []string{ModeAuto, ModePartial, ModeManual}
	kindOrder  = []string{KindInterface, KindPlatform}
	slugRE     = regexp.MustCompile(`^[a-z0-9]+(?:[-_][a-z0-9]+)*$`)
)

//go:embed catalogue.yaml
var catalogueYAML []byte

// FocusArea is one of the model's top-level areas (discovery, decision, ...).
type FocusArea struct {
	ID          string `yaml:"id" json:"id"`
	Title       string `yaml:"title" json:"title"`
	Description string `yaml:"description" json:"description"`
}

// Enabler groups the practices of one capability inside a focus area.
type Enabler struct {
	ID          string `yaml:"id" json:"id"`
	Title       string `yaml:"title" json:"title"`
	Description string `yaml:"description" json:"description"`
	FocusArea   string `yaml:"focus_area" json:"focus_area"`
}

// Facet is a lens or a persona: a cross-cutting view on the practices tagged with it.
type Facet struct {
	ID          string `yaml:"id" json:"id"`
	Title       string `yaml:"title" json:"title"`
	Description string `yaml:"description" json:"description"`
}

// Practice is one observable practice of the model.
type Practice struct {
	ID        string   `yaml:"id" json:"id"`
	Title     string   `yaml:"title" json:"title"`
	FocusArea string   `yaml:"focus_area" json:"focus_area"`
	Enabler   string   `yaml:"enabler" json:"enabler"`
	Stage     string   `yaml:"stage" json:"stage"` // foundational | developing | advanced
	Mode      string   `yaml:"mode" json:"mode"`   // auto | partial | manual
	Weight    float64  `yaml:"weight" json:"weight"`
	Lenses    []string `yaml:"lenses" json:"lenses"`
	Personas  []string `yaml:"personas" json:"personas"`
	AppliesTo []string `yaml:"applies_to" json:"applies_to"` // interface and/or platform
	Hint      string   `yaml:"hint" json:"hint"`             // detection hint from the reference
	Why       string   `yaml:"why" json:"why"`
	Fix       string   `yaml:"fix" json:"fix"`
	// Detectors are the names of the registered detectors whose Doc().Practices list this
	// practice, sorted. Filled at load time, never read from the YAML.
	Detectors []string `yaml:"-" json:"detectors"`
}

// AppliesToKind reports whether the practice applies to a portal kind.
func (p *Practice) AppliesToKind(kind string) bool { return slices.Contains(p.AppliesTo, kind) }

// Catalogue is the whole model. Slices keep catalogue (file) order.
type Catalogue struct {
	Version    string      `yaml:"version" json:"version"`
	FocusAreas []FocusArea `yaml:"focus_areas" json:"focus_areas"`
	Enablers   []Enabler   `yaml:"enablers" json:"enablers"`
	Lenses     []Facet     `yaml:"lenses" json:"lenses"`
	Personas   []Facet     `yaml:"personas" json:"personas"`
	Practices  []Practice  `yaml:"practices" json:"practices"`

	// declared records every (detector, practice) declaration seen while attaching
	// detectors, so Validate can reject declarations of unknown practices.
	declared []declaration
}

type declaration struct{ detector, practice string }

// YAML returns a copy of the embedded catalogue file.
func YAML() []byte { return bytes.Clone(catalogueYAML) }

// Load parses the embedded catalogue, attaches the registered detectors (detectors.All) and
// validates the result. Call it after every detector package has been imported.
func Load() (*Catalogue, error) { return Parse(catalogueYAML, detectors.All()) }

// Parse parses a catalogue, attaches the given detectors and validates the result. Unknown
// YAML keys are errors.
func Parse(data []byte, dets []detectors.Detector) (*Catalogue, error) {
	var c Catalogue
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("scoring: parse catalogue: empty document")
		}
		return nil, fmt.Errorf("scoring: parse catalogue: %w", err)
	}
	c.attach(dets)
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// attach fills Practice.Detectors from the detectors' declarations.
func (c *Catalogue) attach(dets []detectors.Detector) {
	idx := make(map[string]int, len(c.Practices))
	for i := range c.Practices {
		c.Practices[i].Detectors = []string{}
		idx[c.Practices[i].ID] = i
	}
	c.declared = nil
	for _, d := range dets {
		doc := d.Doc()
		for _, pid := range doc.Practices {
			c.declared = append(c.declared, declaration{doc.Name, pid})
			if i, ok := idx[pid]; ok && !slices.Contains(c.Practices[i].Detectors, doc.Name) {
				c.Practices[i].Detectors = append(c.Practices[i].Detectors, doc.Name)
			}
		}
	}
	for i := range c.Practices {
		slices.Sort(c.Practices[i].Detectors)
	}
}

// ValidationError lists every problem Validate found, each a complete sentence naming the
// offending item.
type ValidationError struct{ Problems []string }

func (e *ValidationError) Error() string {
	return "scoring: invalid catalogue: " + strings.Join(e.Problems, "; ")
}

// Validate checks the catalogue's integrity and returns a *ValidationError listing every
// problem, or nil.
func (c *Catalogue) Validate() error {
	var probs []string
	bad := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }

	if strings.TrimSpace(c.Version) == "" {
		bad("version is empty")
	}
	if len(c.FocusAreas) == 0 {
		bad("no focus areas")
	}
	if len(c.Practices) == 0 {
		bad("no practices")
	}

	areas := map[string]bool{}
	for i, fa := range c.FocusAreas {
		name := checkID(bad, "focus area", fmt.Sprintf("focus_areas[%d]", i), fa.ID, areas)
		if strings.TrimSpace(fa.Title) == "" {
			bad("%s: empty title", name)
		}
		if strings.TrimSpace(fa.Description) == "" {
			bad("%s: empty description", name)
		}
	}

	enablers := map[string]bool{}
	enablerArea := map[string]string{}
	areaEnablers := map[string]int{}
	for i, e := range c.Enablers {
		name := checkID(bad, "enabler", fmt.Sprintf("enablers[%d]", i), e.ID, enablers)
		if strings.TrimSpace(e.Title) == "" {
			bad("%s: empty title", name)
		}
		if strings.TrimSpace(e.Description) == "" {
			bad("%s: empty description", name)
		}
		switch {
		case e.FocusArea == "":
			bad("%s: empty focus area", name)
		case !areas[e.FocusArea]:
			bad("%s: unknown focus area %q", name, e.FocusArea)
		default:
			areaEnablers[e.FocusArea]++
		}
		if _, dup := enablerArea[e.ID]; !dup {
			enablerArea[e.ID] = e.FocusArea
		}
	}
	for _, fa := range c.FocusAreas {
		if fa.ID != "" && areaEnablers[fa.ID] == 0 {
			bad("focus area %q has no enablers", fa.ID)
		}
	}

	lenses, personas := map[string]bool{}, map[string]bool{}
	for i, l := range c.Lenses {
		name := checkID(bad, "lens", fmt.Sprintf("lenses[%d]", i), l.ID, lenses)
		if strings.TrimSpace(l.Title) == "" {
			bad("%s: empty title", name)
		}
	}
	for i, p := range c.Personas {
		name := checkID(bad, "persona", fmt.Sprintf("personas[%d]", i), p.ID, personas)
		if strings.TrimSpace(p.Title) == "" {
			bad("%s: empty title", name)
		}
	}

	practices := map[string]bool{}
	enablerPractices := map[string]int{}
	for i := range c.Practices {
		p := &c.Practices[i]
		name := checkID(bad, "practice", fmt.Sprintf("practices[%d]", i), p.ID, practices)
		for _, f := range []struct{ field, val string }{{"title", p.Title}, {"why", p.Why}, {"fix", p.Fix}} {
			if strings.TrimSpace(f.val) == "" {
				bad("%s: empty %s", name, f.field)
			}
		}
		if p.FocusArea == "" {
			bad("%s: empty focus area", name)
		} else if !areas[p.FocusArea] {
			bad("%s: unknown focus area %q", name, p.FocusArea)
		}
		switch {
		case p.Enabler == "":
			bad("%s: empty enabler", name)
		case !enablers[p.Enabler]:
			bad("%s: unknown enabler %q", name, p.Enabler)
		default:
			enablerPractices[p.Enabler]++
			if ea := enablerArea[p.Enabler]; areas[p.FocusArea] && ea != p.FocusArea {
				bad("%s: focus area %q does not match the focus area %q of its enabler %q", name, p.FocusArea, ea, p.Enabler)
			}
		}
		if !slices.Contains(stageOrder, p.Stage) {
			bad("%s: bad stage %q (want foundational, developing or advanced)", name, p.Stage)
		}
		if !slices.Contains(modeOrder, p.Mode) {
			bad("%s: bad mode %q (want auto, partial or manual)", name, p.Mode)
		}
		if !(p.Weight > 0) || math.IsInf(p.Weight, 0) {
			bad("%s: weight must be a positive number, got %v", name, p.Weight)
		}
		checkList(bad, name, "lens", p.Lenses, false, func(v string) {
			if !lenses[v] {
				bad("%s: unknown lens %q", name, v)
			}
		})
		checkList(bad, name, "persona", p.Personas, true, func(v string) {
			if !personas[v] {
				bad("%s: unknown persona %q", name, v)
			}
		})
		checkList(bad, name, "kind", p.AppliesTo, true, func(v string) {
			if !slices.Contains(kindOrder, v) {
				bad("%s: bad kind %q in applies_to (want interface or platform)", name, v)
			}
		})
	}
	for _, e := range c.Enablers {
		if e.ID != "" && enablerPractices[e.ID] == 0 {
			bad("enabler %q has no practices", e.ID)
		}
	}

	seen := map[declaration]bool{}
	for _, d := range c.declared {
		if !practices[d.practice] && !seen[d] {
			seen[d] = true
			bad("detector %q declares unknown practice %q", d.detector, d.practice)
		}
	}

	if len(probs) > 0 {
		return &ValidationError{Problems: probs}
	}
	return nil
}

// checkID validates an id (non-empty, slug, unique), records it in seen and returns the name
// to use in further messages about the item.
func checkID(bad func(string, ...any), what, pos, id string, seen map[string]bool) string {
	if id == "" {
		bad("%s: %s with empty id", pos, what)
		return pos
	}
	name := fmt.Sprintf("%s %q", what, id)
	if !slugRE.MatchString(id) {
		bad("%s: id is not a lower-case slug", name)
	}
	if seen[id] {
		bad("duplicate %s id %q", what, id)
	}
	seen[id] = true
	return name
}

// checkList checks one of a practice's lists: each value (by check), no duplicates, and
// non-empty when required.
func checkList(bad func(string, ...any), name, what string, vals []string, required bool, check func(string)) {
	if required && len(vals) == 0 {
		bad("%s: no %s given", name, what)
	}
	seen := map[string]bool{}
	for _, v := range vals {
		check(v)
		if seen[v] {
			bad("%s: duplicate %s %q", name, what, v)
		}
		seen[v] = true
	}
}

// Practice returns the practice with the given id.
func (c *Catalogue) Practice(id string) (*Practice, bool) {
	for i := range c.Practices {
		if c.Practices[i].ID == id {
			return &c.Practices[i], true
		}
	}
	return nil, false
}

// Enabler returns the enabler with the given id.
func (c *Catalogue) Enabler(id string) (*Enabler, bool) {
	for i := range c.Enablers {
		if c.Enablers[i].ID == id {
			return &c.Enablers[i], true
		}
	}
	return nil, false
}

// FocusArea returns the focus area with the given id.
func (c *Catalogue) FocusArea(id string) (*FocusArea, bool) {
	for i := range c.FocusAreas {
		if c.FocusAreas[i].ID == id {
			return &c.FocusAreas[i], true
		}
	}
	return nil, false
}

// Counts returns practice counts by dimension: "mode", "stage", "focus_area", "enabler",
// "lens", "persona" and "applies_to", each mapping a value to its number of practices.
// Every known mode, stage, kind and every defined focus area, enabler, lens and persona is
// present, with 0 when no practice has it.
func (c *Catalogue) Counts() map[string]map[string]int {
	out := map[string]map[string]int{
		"mode": {}, "stage": {}, "focus_area": {}, "enabler": {}, "lens": {}, "persona": {}, "applies_to": {},
	}
	for _, m := range modeOrder {
		out["mode"][m] = 0
	}
	for _, s := range stageOrder {
		out["stage"][s] = 0
	}
	for _, k := range kindOrder {
		out["applies_to"][k] = 0
	}
	for _, fa := range c.FocusAreas {
		out["focus_area"][fa.ID] = 0
	}
	for _, e := range c.Enablers {
		out["enabler"][e.ID] = 0
	}
	for _, l := range c.Lenses {
		out["lens"][l.ID] = 0
	}
	for _, p := range c.Personas {
		out["persona"][p.ID] = 0
	}
	for _, p := range c.Practices {
		out["mode"][p.Mode]++
		out["stage"][p.Stage]++
		out["focus_area"][p.FocusArea]++
		out["enabler"][p.Enabler]++
		for _, l := range p.Lenses {
			out["lens"][l]++
		}
		for _, ps := range p.Personas {
			out["persona"][ps]++
		}
		for _, k := range p.AppliesTo {
			out["applies_to"][k]++
		}
	}
	return out
}

// ParseKind normalises a portal kind given by a user: "" means interface; anything other
// than interface or platform is an error.
func ParseKind(s string) (string, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	if k == "" {
		return KindInterface, nil
	}
	if !slices.Contains(kindOrder, k) {
		return "", fmt.Errorf("scoring: unknown portal kind %q (want interface or platform)", s)
	}
	return k, nil
}
