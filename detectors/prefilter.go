package detectors

import (
	"regexp/syntax"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// A prefilter lets a text pattern skip its regular expression when none of the literals
// that any match must contain occurs in the text. Go's regexp scans a page's whole text
// byte by byte under case folding; strings.Contains on a lower-cased copy is an order of
// magnitude faster, and on most pages most phrases are absent. The regex still decides.

// requiredLiterals returns lower-cased literals one of which every match of re contains, or
// nil when the analysis cannot prove such a set (optional parts, large classes).
func requiredLiterals(re *syntax.Regexp) []string {
	const maxSet = 64
	switch re.Op {
	case syntax.OpLiteral:
		// White space and punctuation are everywhere in prose: useless as a filter.
		if strings.TrimFunc(string(re.Rune), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) == "" {
			return nil
		}
		return []string{lowerSameLen(string(re.Rune))}
	case syntax.OpCharClass:
		var set []string
		for k := 0; k+1 < len(re.Rune); k += 2 {
			if re.Rune[k+1]-re.Rune[k] > maxSet || len(set) > maxSet {
				return nil
			}
			for r := re.Rune[k]; r <= re.Rune[k+1]; r++ {
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					return nil
				}
				set = append(set, lowerSameLen(string(r)))
			}
		}
		return dedupe(set)
	case syntax.OpCapture, syntax.OpPlus:
		return requiredLiterals(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredLiterals(re.Sub[0])
		}
	case syntax.OpConcat:
		var best []string
		for _, sub := range re.Sub {
			if set := requiredLiterals(sub); set != nil && better(set, best) {
				best = set
			}
		}
		return best
	case syntax.OpAlternate:
		var union []string
		for _, sub := range re.Sub {
			set := requiredLiterals(sub)
			if set == nil {
				return nil
			}
			union = append(union, set...)
		}
		if union = dedupe(union); len(union) > maxSet {
			return nil
		}
		return union
	}
	return nil
}

// better prefers the set whose shortest literal is longest (rarer in text), then the smaller.
func better(a, b []string) bool {
	if b == nil {
		return true
	}
	ma, mb := minLen(a), minLen(b)
	if ma != mb {
		return ma > mb
	}
	return len(a) < len(b)
}

func minLen(s []string) int {
	m := 1 << 30
	for _, x := range s {
		m = min(m, len(x))
	}
	return m
}

func dedupe(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// literalsFor returns literals one of which every match of any of the phrase patterns
// (joined by alternation) contains; ok is false when some phrase has no such set.
func literalsFor(phrases []string) (lits []string, ok bool) {
	for _, p := range phrases {
		re, err := syntax.Parse(p, syntax.Perl|syntax.FoldCase)
		if err != nil {
			return nil, false
		}
		set := requiredLiterals(re.Simplify())
		if set == nil {
			return nil, false
		}
		lits = append(lits, set...)
	}
	return dedupe(lits), true
}

// anyLiteral reports whether lower (a lowerSameLen text) contains one of lits.
func anyLiteral(lower string, lits []string) bool {
	ix := indexOf(lower) // textindex.go: skips literals a long text certainly lacks
	for _, l := range lits {
		if ix != nil && !ix.mayContain(l) {
			continue
		}
		if strings.Contains(lower, l) {
			return true
		}
	}
	return false
}

// lowerSameLen lower-cases s rune by rune, keeping a rune whose lower case has another
// UTF-8 length, so byte offsets stay valid; simple folds beyond ToLower (the Kelvin sign,
// long s) are folded to their ASCII letter as the regexp's case folding would.
func lowerSameLen(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		l := unicode.ToLower(r)
		switch r {
		case 'K': // Kelvin sign folds to k
			l = 'k'
		case 'ſ': // long s folds to s
			l = 's'
		}
		if utf8.RuneLen(l) != utf8.RuneLen(r) {
			if utf8.RuneLen(l) < utf8.RuneLen(r) {
				// Pad with the original width so offsets still line up.
				b.WriteRune(l)
				for k := utf8.RuneLen(l); k < utf8.RuneLen(r); k++ {
					b.WriteByte(' ')
				}
				continue
			}
			l = r
		}
		b.WriteRune(l)
	}
	return b.String()
}

// windowMargin bounds how far a phrase match may reach beyond its required literal; phrases
// are a few words long, so a match longer than this is not a phrase.
const windowMargin = 100

// mergeWindows sorts and merges byte ranges and aligns them to rune starts.
func mergeWindows(lower string, wins [][2]int) [][2]int {
	if len(wins) == 0 {
		return nil
	}
	sortWindows(wins)
	out := wins[:1]
	for _, w := range wins[1:] {
		last := &out[len(out)-1]
		if w[0] <= last[1] {
			last[1] = max(last[1], w[1])
			continue
		}
		out = append(out, w)
	}
	for i := range out {
		for out[i][0] > 0 && !utf8.RuneStart(lower[out[i][0]]) {
			out[i][0]--
		}
		for out[i][1] < len(lower) && !utf8.RuneStart(lower[out[i][1]]) {
			out[i][1]++
		}
	}
	return out
}

func sortWindows(w [][2]int) {
	sort.Slice(w, func(i, j int) bool { return w[i][0] < w[j][0] })
}

// litCache remembers where literals occur in one lower-cased text, so the many rules that
// search the same page text scan it once per literal, not once per rule.
type litCache struct {
	lower string
	pos   map[string][]int
	has   map[string]bool
	seen  []bool // by litID, from one Aho-Corasick pass (nil until first asked)
}

// maxLitPos bounds the occurrences remembered per literal; windows past them are not
// searched, which only matters for a phrase whose literal appears hundreds of times.
const maxLitPos = 256

func newLitCache(lower string) *litCache {
	return &litCache{lower: lower, pos: map[string][]int{}, has: map[string]bool{}}
}

func (c *litCache) positions(l string) []int {
	if p, ok := c.pos[l]; ok {
		return p
	}
	var p []int
	for off := 0; off < len(c.lower) && len(p) < maxLitPos; {
		i := strings.Index(c.lower[off:], l)
		if i < 0 {
			break
		}
		p = append(p, off+i)
		off += i + max(1, len(l))
	}
	c.pos[l] = p
	return p
}

func (c *litCache) any(lits []string) bool {
	if c.seen == nil {
		acOnce.Do(func() { acAuto = buildAC(litNames) })
		c.seen = acAuto.present(c.lower, len(litNames))
	}
	for _, l := range lits {
		if id, ok := litIDs[l]; ok && id < len(c.seen) {
			if c.seen[id] {
				return true
			}
			continue
		}
		h, ok := c.has[l]
		if !ok {
			h = strings.Contains(c.lower, l)
			c.has[l] = h
		}
		if h {
			return true
		}
	}
	return false
}

// windows returns the sorted, merged byte ranges of the text that lie within margin of an
// occurrence of any of lits. A phrase match contains one of its literals, so it lies in one
// of these ranges (unless it is longer than margin).
func (c *litCache) windows(lits []string, margin int) [][2]int {
	var wins [][2]int
	for _, l := range lits {
		for _, at := range c.positions(l) {
			wins = append(wins, [2]int{max(0, at-margin), min(len(c.lower), at+len(l)+margin)})
		}
	}
	return mergeWindows(c.lower, wins)
}

// All literals of all patterns are numbered as they are compiled and matched together, in
// one pass over a page's text, by an Aho-Corasick automaton: testing each literal with
// strings.Contains costs a scan of the text per literal, and rules have a thousand.
var (
	litIDs   = map[string]int{}
	litNames []string
	acOnce   sync.Once
	acAuto   *acMatcher
)

// litID numbers a literal (at rule compile time, during package init).
func litID(l string) int {
	if id, ok := litIDs[l]; ok {
		return id
	}
	id := len(litNames)
	litIDs[l] = id
	litNames = append(litNames, l)
	return id
}

type acNode struct {
	next map[byte]int32
	fail int32
	out  []int32
}

type acMatcher struct {
	nodes []acNode
	root  [256]int32 // the root's transitions, dense: most bytes of a text start no literal
}

func buildAC(lits []string) *acMatcher {
	m := &acMatcher{nodes: []acNode{{next: map[byte]int32{}}}}
	for id, l := range lits {
		cur := int32(0)
		for i := 0; i < len(l); i++ {
			nx, ok := m.nodes[cur].next[l[i]]
			if !ok {
				nx = int32(len(m.nodes))
				m.nodes = append(m.nodes, acNode{next: map[byte]int32{}})
				m.nodes[cur].next[l[i]] = nx
			}
			cur = nx
		}
		m.nodes[cur].out = append(m.nodes[cur].out, int32(id))
	}
	for b, nx := range m.nodes[0].next {
		m.root[b] = nx
	}
	// Breadth-first fail links; each node's output includes its fail chain's.
	queue := []int32{}
	for _, nx := range m.nodes[0].next {
		queue = append(queue, nx)
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for b, nx := range m.nodes[n].next {
			f := m.nodes[n].fail
			for {
				if t, ok := m.nodes[f].next[b]; ok && t != nx {
					m.nodes[nx].fail = t
					break
				}
				if f == 0 {
					m.nodes[nx].fail = 0
					break
				}
				f = m.nodes[f].fail
			}
			m.nodes[nx].out = append(m.nodes[nx].out, m.nodes[m.nodes[nx].fail].out...)
			queue = append(queue, nx)
		}
	}
	return m
}

// present returns, by literal id, whether each literal occurs in s.
func (m *acMatcher) present(s string, n int) []bool {
	seen := make([]bool, n)
	cur := int32(0)
	for i := 0; i < len(s); i++ {
		b := s[i]
		if cur == 0 {
			cur = m.root[b]
			for _, id := range m.nodes[cur].out {
				seen[id] = true
			}
			continue
		}
		for {
			if nx, ok := m.nodes[cur].next[b]; ok {
				cur = nx
				break
			}
			if cur == 0 {
				break
			}
			cur = m.nodes[cur].fail
		}
		for _, id := range m.nodes[cur].out {
			seen[id] = true
		}
	}
	return seen
}
