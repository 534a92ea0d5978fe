package detectors

import (
	"regexp/syntax"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// A prefilter lets a text pattern skip its regular expression when none of the literals
// that any match must contain occurs in the text. Go's regexp scans a page's whole text
// byte by byte under case folding; strings.Contains on a lower-cased copy is an order of
// magnitude faster, and on most pages most phrases are absent. The regex still decides.

// requiredLiterals returns lower-cased literals one of which every match of re contains, or
// nil when the analysis cannot prove such a set (optional parts, large classes).
func requiredLiterals(re *syntax.Regexp) []string {
	set, _, _ := litsAround(re)
	return set
}

// litsAround is requiredLiterals together with how many bytes a match can reach before and
// after the literal it contains (-1: unbounded), so a phrase's regexp need run only that far
// around each occurrence.
func litsAround(re *syntax.Regexp) (set []string, before, after int) {
	const maxSet = 64
	switch re.Op {
	case syntax.OpLiteral:
		// White space and punctuation are everywhere in prose: useless as a filter.
		if strings.TrimFunc(string(re.Rune), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) == "" {
			return nil, 0, 0
		}
		return []string{lowerSameLen(string(re.Rune))}, 0, 0
	case syntax.OpCharClass:
		for k := 0; k+1 < len(re.Rune); k += 2 {
			if re.Rune[k+1]-re.Rune[k] > maxSet || len(set) > maxSet {
				return nil, 0, 0
			}
			for r := re.Rune[k]; r <= re.Rune[k+1]; r++ {
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					return nil, 0, 0
				}
				set = append(set, lowerSameLen(string(r)))
			}
		}
		return dedupe(set), 0, 0
	case syntax.OpCapture:
		return litsAround(re.Sub[0])
	case syntax.OpPlus, syntax.OpRepeat:
		if re.Op == syntax.OpRepeat && re.Min < 1 {
			return nil, 0, 0
		}
		if set, _, _ = litsAround(re.Sub[0]); set != nil {
			// The literal may be in any repetition: the match reaches as far as it is long.
			n := maxBytes(re)
			return set, n, n
		}
	case syntax.OpConcat:
		bi := -1
		for i, sub := range re.Sub {
			if s, pre, post := litsAround(sub); s != nil && better(s, set) {
				set, bi, before, after = s, i, pre, post
			}
		}
		for j, sub := range re.Sub {
			switch {
			case bi < 0 || j == bi:
			case j < bi:
				before = addBound(before, maxBytes(sub))
			default:
				after = addBound(after, maxBytes(sub))
			}
		}
		return set, before, after
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			s, pre, post := litsAround(sub)
			if s == nil {
				return nil, 0, 0
			}
			set = append(set, s...)
			before, after = maxBound(before, pre), maxBound(after, post)
		}
		if set = dedupe(set); len(set) > maxSet {
			return nil, 0, 0
		}
		return set, before, after
	}
	return nil, 0, 0
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
		return lowerASCII(s)
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

// phraseLits returns, for one phrase pattern, the literals one of which every match
// contains and the reach of a match before and after them (litsAround).
func phraseLits(pattern string) (lits []string, before, after int) {
	re, err := syntax.Parse(pattern, syntax.Perl|syntax.FoldCase)
	if err != nil {
		return nil, -1, -1
	}
	if lits, before, after = litsAround(re.Simplify()); lits == nil {
		return nil, -1, -1
	}
	return lits, before, after
}

func addBound(a, b int) int {
	if a < 0 || b < 0 {
		return -1
	}
	return a + b
}

func maxBound(a, b int) int {
	if a < 0 || b < 0 {
		return -1
	}
	return max(a, b)
}

func maxBytes(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return 0
	case syntax.OpLiteral:
		n := 0
		for _, r := range re.Rune {
			n += foldedLen(r)
		}
		return n
	case syntax.OpCharClass:
		w := 0
		for k := 0; k+1 < len(re.Rune); k += 2 {
			if re.Rune[k+1] >= utf8.RuneSelf {
				return utf8.UTFMax
			}
			for r := re.Rune[k]; r <= re.Rune[k+1]; r++ {
				w = max(w, foldedLen(r))
			}
		}
		return w
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return utf8.UTFMax
	case syntax.OpCapture:
		return maxBytes(re.Sub[0])
	case syntax.OpQuest:
		return maxBytes(re.Sub[0])
	case syntax.OpRepeat:
		if re.Max < 0 {
			return -1
		}
		n := maxBytes(re.Sub[0])
		if n < 0 {
			return -1
		}
		return n * re.Max
	case syntax.OpConcat, syntax.OpAlternate:
		// A concatenation spans the sum of its parts, an alternation its longest branch.
		total := 0
		for _, sub := range re.Sub {
			n := maxBytes(sub)
			if n < 0 {
				return -1
			}
			if re.Op == syntax.OpConcat {
				total += n
			} else {
				total = max(total, n)
			}
		}
		return total
	}
	return -1 // star, plus and anything not analysed: unbounded
}

// foldedLen is the longest UTF-8 encoding among the runes r matches under case folding.
func foldedLen(r rune) int {
	n := utf8.RuneLen(r)
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		n = max(n, utf8.RuneLen(f))
	}
	return max(n, 1)
}

// lowerASCII is strings.ToLower for ASCII text: a table lookup per byte, and no copy when
// nothing is upper case.
func lowerASCII(s string) string {
	i := 0
	for i < len(s) && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, len(s))
	copy(b, s[:i])
	for ; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return unsafe.String(&b[0], len(b))
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
// search the same page text scan it once, not once per rule: one Aho-Corasick pass finds
// every rule literal (and up to maxLitPos positions of each).
type litCache struct {
	lower string
	scan  *acScan // nil until first asked
	pos   map[string][]int
	has   map[string]bool // literals the automaton does not know (none, unless rules change at run time)
}

// maxLitPos bounds the occurrences remembered per literal; windows past them are not
// searched, which only matters for a phrase whose literal appears hundreds of times.
const maxLitPos = 256

func newLitCache(lower string) *litCache {
	return &litCache{lower: lower, pos: map[string][]int{}, has: map[string]bool{}}
}

func (c *litCache) scanned() *acScan {
	if c.scan == nil {
		acOnce.Do(func() { acAuto = buildAC(litNames) })
		c.scan = acAuto.scan(c.lower, len(litNames))
	}
	return c.scan
}

func (c *litCache) positions(l string) []int {
	if p, ok := c.pos[l]; ok {
		return p
	}
	var p []int
	if id, ok := litIDs[l]; ok && id < len(litNames) {
		p = c.scanned().positions(id)
	} else {
		for off := 0; off < len(c.lower) && len(p) < maxLitPos; {
			i := strings.Index(c.lower[off:], l)
			if i < 0 {
				break
			}
			p = append(p, off+i)
			off += i + max(1, len(l))
		}
	}
	c.pos[l] = p
	return p
}

func (c *litCache) any(lits []string) bool {
	sc := c.scanned()
	for _, l := range lits {
		if id, ok := litIDs[l]; ok && id < len(sc.count) {
			if sc.count[id] > 0 {
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

// windows returns the sorted, merged byte ranges of the text from before bytes ahead of an
// occurrence of any of lits to after bytes past it. A phrase match contains one of its literals, so it lies in one
// of these ranges (unless it is longer than margin).
func (c *litCache) windows(lits []string, before, after int) [][2]int {
	var wins [][2]int
	for _, l := range lits {
		for _, at := range c.positions(l) {
			wins = append(wins, [2]int{max(0, at-before), min(len(c.lower), at+len(l)+after)})
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

// acMatcher is the automaton as a dense DFA: a transition for every state and byte class,
// fail links already followed, so a scan makes one table load per byte of text. Bytes
// that occur in no literal share class 0, which keeps the table to states × ~90 classes.
// (A table of only the states near the root, with sparse lists below, was measured: it
// fits the CPU caches better but is slower, since text words walk deep into the trie.)
type acMatcher struct {
	class    [256]uint8
	nclass   int
	dense    []int32   // state*nclass + class -> state, complemented when the state has outputs
	out      [][]int32 // literal ids ending at a state, fail chain included
	lens     []int32   // by literal id
	numNodes int
}

func buildAC(lits []string) *acMatcher {
	// The trie, with sparse transitions.
	nodes := []acNode{{next: map[byte]int32{}}}
	for id, l := range lits {
		cur := int32(0)
		for i := 0; i < len(l); i++ {
			nx, ok := nodes[cur].next[l[i]]
			if !ok {
				nx = int32(len(nodes))
				nodes = append(nodes, acNode{next: map[byte]int32{}})
				nodes[cur].next[l[i]] = nx
			}
			cur = nx
		}
		nodes[cur].out = append(nodes[cur].out, int32(id))
	}
	m := &acMatcher{numNodes: len(nodes), lens: make([]int32, len(lits))}
	for id, l := range lits {
		m.lens[id] = int32(len(l))
	}
	var used [256]bool
	for _, l := range lits {
		for i := 0; i < len(l); i++ {
			used[l[i]] = true
		}
	}
	m.nclass = 1
	for b := 0; b < 256; b++ {
		if used[b] && m.nclass < 256 {
			m.class[b] = uint8(m.nclass)
			m.nclass++
		}
	}
	if m.nclass >= 256 {
		// (Nearly) every byte value is in some literal: classes are the bytes themselves.
		m.nclass = 256
		for b := range m.class {
			m.class[b] = uint8(b)
		}
	}

	// Breadth-first order (children in byte order, so the build is deterministic) gives
	// fail links, and numbers states so that shallow states come first.
	order := []int32{0}
	kids := func(n int32) []int {
		bs := make([]int, 0, len(nodes[n].next))
		for b := range nodes[n].next {
			bs = append(bs, int(b))
		}
		sort.Ints(bs)
		return bs
	}
	for i := 0; i < len(order); i++ {
		n := order[i]
		for _, b := range kids(n) {
			nx := nodes[n].next[byte(b)]
			if n != 0 {
				// The longest proper suffix that is in the trie: follow fail links from the parent's.
				f := nodes[n].fail
				for {
					if t, ok := nodes[f].next[byte(b)]; ok {
						nodes[nx].fail = t
						break
					}
					if f == 0 {
						break
					}
					f = nodes[f].fail
				}
			}
			order = append(order, nx)
		}
	}
	renum := make([]int32, len(nodes))
	for i, n := range order {
		renum[n] = int32(i)
	}
	m.out = make([][]int32, len(nodes))
	m.dense = make([]int32, len(nodes)*m.nclass)
	for i, n := range order {
		s := int32(i)
		f := renum[nodes[n].fail]
		if n != 0 {
			// BFS order: the fail state is shallower, so its outputs are complete.
			nodes[n].out = append(nodes[n].out, nodes[nodes[n].fail].out...)
		}
		m.out[s] = nodes[n].out
		row := m.dense[int(s)*m.nclass : int(s+1)*m.nclass]
		if s != 0 {
			copy(row, m.dense[int(f)*m.nclass:int(f+1)*m.nclass]) // f < s: its row is complete
		}
		for _, b := range kids(n) {
			row[m.class[b]] = renum[nodes[n].next[byte(b)]]
		}
	}
	// A transition into a state with outputs is stored complemented, so the scan learns it
	// from the load it already makes.
	for i, t := range m.dense {
		if len(m.out[t]) > 0 {
			m.dense[i] = ^t
		}
	}
	return m
}

// present returns, by literal id, whether each literal occurs in s.
func (m *acMatcher) present(s string, n int) []bool {
	sc := m.scan(s, n)
	seen := make([]bool, n)
	for id, c := range sc.count {
		seen[id] = c > 0
	}
	return seen
}

// acScan is what one pass of the automaton found: per literal, how often it occurs (up to
// maxLitPos) and where.
type acScan struct {
	count []uint16
	hits  []uint64 // literal id << 32 | end offset, in text order
	index []int32  // per literal, where its positions start in sorted (built on first use)
	start []int32  // positions grouped by literal
	lens  []int32  // literal lengths, to turn end offsets into starts
}

// scan runs the automaton over s.
func (m *acMatcher) scan(s string, n int) *acScan {
	sc := &acScan{count: make([]uint16, n)}
	cur := int32(0)
	dense, nclass, class := m.dense, int32(m.nclass), &m.class
	for i := 0; i < len(s); i++ {
		if cur = dense[cur*nclass+int32(class[s[i]])]; cur >= 0 {
			continue
		}
		cur = ^cur
		for _, id := range m.out[cur] {
			if sc.count[id] < maxLitPos {
				sc.count[id]++
				sc.hits = append(sc.hits, uint64(id)<<32|uint64(i+1))
			}
		}
	}
	sc.lens = m.lens
	return sc
}

// positions returns the start offsets of literal id, in text order, without overlaps (a
// match is searched for after the end of the previous one, as strings.Index would).
func (sc *acScan) positions(id int) []int {
	if sc.count[id] == 0 {
		return nil
	}
	if sc.index == nil {
		// Group the hits by literal (a counting sort; hits are already in text order).
		sc.index = make([]int32, len(sc.count)+1)
		for id, c := range sc.count {
			sc.index[id+1] = sc.index[id] + int32(c)
		}
		sc.start = make([]int32, len(sc.hits))
		next := append([]int32(nil), sc.index[:len(sc.count)]...)
		for _, h := range sc.hits {
			id, end := int32(h>>32), int32(h)
			sc.start[next[id]] = end - sc.lens[id]
			next[id]++
		}
		sc.hits = nil
	}
	var out []int
	last := -1
	for _, at := range sc.start[sc.index[id]:sc.index[id+1]] {
		if int(at) >= last {
			out = append(out, int(at))
			last = int(at) + max(1, int(sc.lens[id]))
		}
	}
	return out
}
