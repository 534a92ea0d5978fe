package detectors

import (
	"strings"

	"golang.org/x/net/html"
)

// A page-level prefilter for selector rules. Each selector rule walks the whole DOM, though
// on most pages nothing matches: no element has the tag, class or attribute the selector
// names. selectorNeeds reads, from a selector group's source, what the subject of each of
// its selectors requires (a tag, an attribute, an attribute value containing some text);
// domIndex, built in one walk per page, answers whether any element could meet that. When
// no selector of the group can, the walk is skipped; otherwise cascadia decides, as before.
//
// Every requirement is necessary, never sufficient, and it is checked loosely (names and
// values lower-cased, an attribute's values of all elements joined), so the prefilter can
// only let through pages where the selector then fails, never hide a match.

// selNeed is what one selector's subject requires of some element: all must hold.
type selNeed struct {
	tag   string    // element name, "" for any
	attrs []attrReq // attributes present, with values containing text
}

type attrReq struct {
	name string
	sub  string // a substring of the value ("" when only presence is required)
}

// selectorNeeds returns one requirement per selector of the group, or nil when some
// selector's requirement cannot be read (the group then always runs).
func selectorNeeds(group string) []selNeed {
	var out []selNeed
	for _, sel := range splitTop(group, ',') {
		n, ok := subjectNeed(strings.TrimSpace(sel))
		if !ok {
			return nil
		}
		out = append(out, n)
	}
	return out
}

// scanTop calls visit for every byte of a selector outside quotes and escapes, with the
// bracket and parenthesis depth after it, until visit returns false.
func scanTop(s string, from int, visit func(i int, c byte, depth int) bool) {
	depth := 0
	var quote byte
	for i := from; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
			continue
		case c == '\\':
			i++
			continue
		case c == '"' || c == '\'':
			quote = c
			continue
		case c == '[' || c == '(':
			depth++
		case c == ']' || c == ')':
			depth--
		}
		if !visit(i, c, depth) {
			return
		}
	}
}

// splitTop splits s at sep outside brackets, parentheses and quotes.
func splitTop(s string, sep byte) []string {
	var out []string
	start := 0
	scanTop(s, 0, func(i int, c byte, depth int) bool {
		if c == sep && depth == 0 {
			out = append(out, s[start:i])
			start = i + 1
		}
		return true
	})
	return append(out, s[start:])
}

// subjectNeed reads the last compound selector (the element that matches) of one complex
// selector: its tag, ids, classes and attribute selectors. Pseudo-classes are skipped (a
// :not() or :matchesOwn() only narrows further).
func subjectNeed(sel string) (selNeed, bool) {
	// The subject compound starts after the last combinator outside brackets.
	start := 0
	scanTop(sel, 0, func(i int, c byte, depth int) bool {
		if depth == 0 && (c == ' ' || c == '>' || c == '+' || c == '~') {
			start = i + 1
		}
		return true
	})
	comp := sel[start:]
	if comp == "" {
		return selNeed{}, false
	}
	var n selNeed
	i := 0
	ident := func() string {
		var b strings.Builder
		for i < len(comp) {
			c := comp[i]
			if c == '\\' && i+1 < len(comp) {
				b.WriteByte(comp[i+1])
				i += 2
				continue
			}
			if c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 {
				b.WriteByte(c)
				i++
				continue
			}
			break
		}
		return strings.ToLower(b.String())
	}
	if comp[0] == '*' {
		i++
	} else {
		n.tag = ident()
	}
	for i < len(comp) {
		switch comp[i] {
		case '#':
			i++
			if v := ident(); v != "" {
				n.attrs = append(n.attrs, attrReq{"id", v})
			}
		case '.':
			i++
			if v := ident(); v != "" {
				n.attrs = append(n.attrs, attrReq{"class", v})
			}
		case '[':
			end := matchingClose(comp, i)
			if end < 0 {
				return selNeed{}, false
			}
			r, ok := attrNeed(comp[i+1 : end])
			if !ok {
				return selNeed{}, false
			}
			n.attrs = append(n.attrs, r)
			i = end + 1
		case ':':
			i++
			if i < len(comp) && comp[i] == ':' {
				return selNeed{}, false // pseudo-elements: not worth reading
			}
			ident()
			if i < len(comp) && comp[i] == '(' {
				end := matchingClose(comp, i)
				if end < 0 {
					return selNeed{}, false
				}
				i = end + 1
			}
		default:
			return selNeed{}, false
		}
	}
	return n, true
}

// matchingClose returns the index of the bracket closing the one at s[i], or -1.
func matchingClose(s string, i int) int {
	end := -1
	scanTop(s, i, func(j int, c byte, depth int) bool {
		if depth == 0 && (c == ']' || c == ')') {
			end = j
			return false
		}
		return true
	})
	return end
}

// attrNeed reads one attribute selector's inside: name, or name op value [flag].
func attrNeed(in string) (attrReq, bool) {
	in = strings.TrimSpace(in)
	k := strings.IndexAny(in, "=~|^$*")
	if k < 0 {
		return attrReq{name: strings.ToLower(in)}, in != ""
	}
	name := strings.ToLower(strings.TrimSpace(in[:k]))
	rest := in[k:]
	if rest[0] != '=' {
		rest = rest[1:]
	}
	if rest == "" || rest[0] != '=' || name == "" {
		return attrReq{}, false
	}
	v := strings.TrimSpace(rest[1:])
	if len(v) > 0 && (v[0] == '"' || v[0] == '\'') {
		end := strings.IndexByte(v[1:], v[0])
		if end < 0 {
			return attrReq{}, false
		}
		v = v[1 : 1+end]
	} else if f := strings.Fields(v); len(f) > 0 {
		v = f[0] // an unquoted value, perhaps followed by a flag
	}
	if strings.Contains(v, "\\") {
		v = "" // escapes: require presence only
	}
	// Every operator (= ~= |= ^= $= *=) matches only values that contain v.
	return attrReq{name: name, sub: strings.ToLower(v)}, true
}

// domIndex is what elements a page has: names, and per attribute its values joined.
type domIndex struct {
	tags  map[string]bool
	attrs map[string]string
}

func buildDOMIndex(root *html.Node) *domIndex {
	ix := &domIndex{tags: map[string]bool{}, attrs: map[string]string{}}
	vals := map[string]*strings.Builder{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for ; n != nil; n = n.NextSibling {
			if n.Type == html.ElementNode {
				ix.tags[strings.ToLower(n.Data)] = true
				for _, a := range n.Attr {
					k := strings.ToLower(a.Key)
					b := vals[k]
					if b == nil {
						b = &strings.Builder{}
						vals[k] = b
					}
					b.WriteString(lowerSameLen(a.Val))
					b.WriteByte('\n')
				}
			}
			walk(n.FirstChild)
		}
	}
	walk(root)
	for k, b := range vals {
		ix.attrs[k] = b.String()
	}
	return ix
}

// mayMatch reports whether some element could meet one of the needs.
func (ix *domIndex) mayMatch(needs []selNeed) bool {
	for _, n := range needs {
		if n.tag != "" && !ix.tags[n.tag] {
			continue
		}
		ok := true
		for _, a := range n.attrs {
			v, has := ix.attrs[a.name]
			if !has || a.sub != "" && !strings.Contains(v, a.sub) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
