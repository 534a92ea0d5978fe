package page

import (
	"bytes"
	"mime"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// Caps keep one hostile page from dominating memory: text beyond them is not needed to
// decide any practice, and the full body stays in the store.
const (
	MaxText   = 256 << 10
	MaxInline = 64 << 10
	MaxLinks  = 5000
	MaxCode   = 200
	// MaxParse bounds the HTML turned into a DOM: a DOM costs ten times its source in
	// memory, and no real documentation page comes near it (the largest seen is 1.4 MB).
	// A longer page is parsed up to here; its whole body is still stored.
	MaxParse = 4 << 20
	// MaxNodes bounds the same DOM by its nodes, which is what it costs (about 110 bytes a
	// node before its text and attributes): real documentation pages spend 18-40 bytes of
	// HTML a node, so 4 MiB of them stays under it, while 4 MiB of "<p>x</p>" would make
	// 800k nodes and close to 100 MB.
	MaxNodes = 250_000
	// nodeCheckFrom is the body size below which no page can reach MaxNodes: a node takes
	// at least two bytes of source ("<b>x" is two).
	nodeCheckFrom = 256 << 10
	maxCodeLen    = 4 << 10
	maxAttr       = 2048
)

// Decode converts a body to UTF-8 in the WHATWG order: byte-order mark, then the
// Content-Type charset, then <meta charset> in the first 1024 bytes, then windows-1252
// (valid UTF-8 without any declaration is taken as UTF-8, which is what portals mean).
// It returns the text and the encoding's name.
func Decode(body []byte, contentType string) (string, string) {
	if len(body) == 0 {
		return "", "utf-8"
	}
	enc, name, certain := charset.DetermineEncoding(body, contentType)
	if !certain && name != "utf-8" && utf8.Valid(body) {
		// Nothing declared an encoding and the bytes are valid UTF-8: that is what the
		// author wrote, whatever a browser's legacy default would guess.
		name = "utf-8"
	}
	if name == "utf-8" {
		b := bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
		if utf8.Valid(b) {
			return string(b), name
		}
		return strings.ToValidUTF8(string(b), "\uFFFD"), name
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return strings.ToValidUTF8(string(body), "\uFFFD"), name
	}
	// A BOM of another encoding survives some decoders as U+FEFF.
	return strings.TrimPrefix(string(out), "\uFEFF"), name
}

func sniffHTML(contentType string, body []byte) bool {
	if contentType != "" {
		mt, _, err := mime.ParseMediaType(contentType)
		if err == nil {
			return mt == "text/html" || mt == "application/xhtml+xml"
		}
	}
	head := bytes.ToLower(bytes.TrimSpace(bytes.TrimPrefix(firstN(body, 512), []byte("\xef\xbb\xbf"))))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) ||
		bytes.Contains(head, []byte("<head")) || bytes.Contains(head, []byte("<body"))
}

func firstN(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// Parse decodes and parses an HTML body fetched from base into a Doc. Malformed markup is
// accepted as browsers accept it; it fails when base is not a URL or the document nests
// deeper than the HTML parser allows (512 open elements), which the caller records as the
// page's error. The returned Doc keeps the DOM for selector rules.
func Parse(base string, body []byte, contentType string) (*Doc, string, error) {
	baseURL, err := url.Parse(base)
	if err != nil {
		return nil, "", err
	}
	if len(body) > MaxParse {
		body = body[:MaxParse]
	}
	// Large documents are parsed one at a time so a burst of them cannot stack their DOMs.
	if len(body) > 1<<20 {
		bigParse <- struct{}{}
		defer func() { <-bigParse }()
	}
	text, enc := Decode(body, contentType)
	if len(text) > nodeCheckFrom {
		text = text[:nodeBudgetEnd(text, MaxNodes)]
	}
	root, err := html.ParseWithOptions(strings.NewReader(text), html.ParseOptionEnableScripting(true))
	if err != nil {
		return nil, enc, err
	}
	gq := goquery.NewDocumentFromNode(root)
	gq.Url = baseURL
	d := &Doc{URL: base, Meta: map[string]string{}, DOM: gq}
	w := walker{doc: d, base: baseURL}
	// <base href> changes how every relative link resolves.
	if b, ok := gq.Find("base[href]").First().Attr("href"); ok {
		if u, err := baseURL.Parse(strings.TrimSpace(b)); err == nil {
			w.base = u
		}
	}
	w.walk(root, ctx{section: "body"})
	d.Text = strings.TrimSpace(w.text.String())
	d.TextLen = w.textLen
	d.Inline = w.inline.String()
	return d, enc, nil
}

var bigParse = make(chan struct{}, 1)

// nodeBudgetEnd returns the length of the longest prefix of text whose tokens make at most
// max tokens that make DOM nodes (start tags, text runs, comments, doctypes). It is an
// estimate: the parser adds html/head/body and may reopen formatting elements left open,
// so a crafted page still gets more nodes than tokens, within the byte cap. The tokenizer
// pass costs a fraction of the parse and runs only on large bodies.
func nodeBudgetEnd(text string, max int) int {
	z := html.NewTokenizer(strings.NewReader(text))
	nodes, end := 0, 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return len(text)
		case html.StartTagToken, html.SelfClosingTagToken, html.TextToken, html.CommentToken, html.DoctypeToken:
			nodes++
			if nodes > max {
				return end
			}
		}
		end += len(z.Raw())
	}
}

type ctx struct {
	section string
	hidden  bool
	inForm  *Form
	inText  bool // inside a node whose text is not visible (script, style …)
}

type walker struct {
	doc       *Doc
	base      *url.URL
	text      strings.Builder
	textLen   int
	inline    strings.Builder
	near      string
	nearText  string
	lastSpace bool
}

func (w *walker) resolve(href string) (string, bool) {
	href = strings.TrimSpace(href)
	if href == "" || href == "#" || strings.HasPrefix(href, "#!") && len(href) == 2 {
		return "", false
	}
	low := strings.ToLower(href)
	if strings.HasPrefix(low, "javascript:") || strings.HasPrefix(low, "data:") || strings.HasPrefix(low, "about:") {
		return "", false
	}
	u, err := w.base.Parse(href)
	if err != nil {
		return "", false
	}
	if u.Scheme == "" {
		return "", false
	}
	return u.String(), true
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			v := a.Val
			if len(v) > maxAttr {
				v = v[:maxAttr]
			}
			return v
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// Fold collapses runs of white space (as unicode.IsSpace defines it) to single spaces and
// trims the result. Detectors fold texts the parser has already folded, so an already
// folded string is returned as it is, without copying.
func Fold(s string) string {
	if s == "" || folded(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for i := 0; i < len(s); {
		c := s[i]
		var space bool
		size := 1
		if c < utf8.RuneSelf {
			space = asciiSpace[c]
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
		}
		if space {
			pending = b.Len() > 0
		} else {
			if pending {
				b.WriteByte(' ')
				pending = false
			}
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// folded reports whether s is already folded: no white space at either end, no two spaces
// in a row, no white space other than ' '. Control bytes and non-ASCII are rare in text,
// so one comparison per byte rules most bytes out, and the double-space search is
// vectorised.
func folded(s string) bool {
	if s[0] == ' ' || s[len(s)-1] == ' ' || strings.Contains(s, "  ") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c-' ' >= utf8.RuneSelf-' ' { // c < ' ' or c >= 0x80
			if c < utf8.RuneSelf {
				if asciiSpace[c] {
					return false
				}
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				return false
			}
			i += size - 1
		}
	}
	return true
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// textOf returns the folded visible text under n.
func textOf(n *html.Node, limit int) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if b.Len() > limit {
			return
		}
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			b.WriteByte(' ')
		case html.ElementNode:
			switch n.Data {
			case "script", "style", "template", "noscript":
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	s := Fold(b.String())
	if len(s) > limit {
		s = truncUTF8(s, limit)
	}
	return s
}

func truncUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func sectionOf(n *html.Node, cur string) string {
	switch n.Data {
	case "nav":
		return "nav"
	case "header":
		if cur == "body" || cur == "main" {
			return "header"
		}
	case "footer":
		return "footer"
	case "aside":
		return "aside"
	case "main", "article":
		if cur == "body" {
			return "main"
		}
	}
	switch strings.ToLower(attr(n, "role")) {
	case "navigation":
		return "nav"
	case "banner":
		return "header"
	case "contentinfo":
		return "footer"
	case "main":
		return "main"
	}
	return cur
}

func isHiddenEl(n *html.Node) bool {
	if hasAttr(n, "hidden") || strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	st := strings.ReplaceAll(strings.ToLower(attr(n, "style")), " ", "")
	return strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden")
}

func (w *walker) addText(s string) {
	if w.text.Len() >= MaxText {
		w.textLen += len(strings.TrimSpace(s))
		return
	}
	for _, f := range strings.Fields(s) {
		if !w.lastSpace && w.text.Len() > 0 {
			w.text.WriteByte(' ')
		}
		w.text.WriteString(f)
		w.textLen += len(f) + 1
		w.lastSpace = false
	}
	if len(s) > 0 && isSpace(s[len(s)-1]) {
		w.lastSpace = false // next word still gets one separator
	}
}

func isSpace(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\f' }

func (w *walker) walk(n *html.Node, c ctx) {
	// An explicit stack would survive any depth; Go's growable stacks make recursion safe
	// for the 100k-deep documents the HTML parser can produce, at a bounded cost.
	switch n.Type {
	case html.TextNode:
		if !c.inText && !c.hidden {
			w.addText(n.Data)
		}
		return
	case html.ElementNode:
		c = w.element(n, c)
		if c.inText {
			return
		}
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		w.walk(ch, c)
	}
	if n.Type == html.ElementNode {
		switch n.Data {
		case "p", "div", "li", "td", "th", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "pre", "dd", "dt":
			w.lastSpace = false
		}
	}
}

func (w *walker) element(n *html.Node, c ctx) ctx {
	d := w.doc
	c.section = sectionOf(n, c.section)
	if isHiddenEl(n) {
		c.hidden = true
	}
	if id := attr(n, "id"); id != "" {
		d.BodyIDs++
	}
	switch n.Data {
	case "html":
		if l := attr(n, "lang"); l != "" {
			d.Lang = strings.ToLower(strings.TrimSpace(l))
		} else if l := attr(n, "xml:lang"); l != "" {
			d.Lang = strings.ToLower(strings.TrimSpace(l))
		}
	case "title":
		if d.Title == "" && n.Parent != nil && (n.Parent.Data == "head" || n.Parent.Data == "html") {
			d.Title = textOfRaw(n)
		}
		c.inText = true
	case "style", "template", "noscript":
		c.inText = true
	case "script":
		c.inText = true
		typ := strings.ToLower(attr(n, "type"))
		if src := attr(n, "src"); src != "" {
			if u, ok := w.resolve(src); ok {
				d.Scripts = append(d.Scripts, u)
			}
		} else if typ == "application/ld+json" {
			d.JSONLD = append(d.JSONLD, textOfRaw(n))
		} else if w.inline.Len() < MaxInline {
			s := textOfRaw(n)
			w.inline.WriteString(truncUTF8(s, MaxInline-w.inline.Len()))
			w.inline.WriteByte('\n')
		}
	case "meta":
		key := strings.ToLower(attr(n, "name"))
		if key == "" {
			key = strings.ToLower(attr(n, "property"))
		}
		if key == "" {
			key = strings.ToLower(attr(n, "http-equiv"))
		}
		if cs := attr(n, "charset"); cs != "" {
			d.Meta["charset"] = cs
		}
		if key != "" {
			d.Meta[key] = attr(n, "content")
			if key == "refresh" {
				if t := refreshTarget(attr(n, "content")); t != "" {
					if u, ok := w.resolve(t); ok {
						d.Refresh = u
					}
				}
			}
		}
	case "link":
		rel := strings.ToLower(Fold(attr(n, "rel")))
		href := attr(n, "href")
		if u, ok := w.resolve(href); ok {
			d.LinkTags = append(d.LinkTags, LinkTag{Rel: rel, Href: u, Type: strings.ToLower(attr(n, "type")), Hreflang: attr(n, "hreflang")})
			if rel == "canonical" && d.Canonical == "" {
				d.Canonical = u
			}
		}
	case "h1", "h2", "h3", "h4", "h5", "h6":
		id := attr(n, "id")
		if id == "" {
			id = childAnchorID(n)
		}
		h := Heading{Level: int(n.Data[1] - '0'), Text: textOf(n, 300), ID: id}
		d.Headings = append(d.Headings, h)
		w.nearText = h.Text
		if id != "" {
			w.near = id
		}
	case "section", "article", "div":
		// Single-page portals (Slate, Redoc) put the anchor on the section wrapper.
		if id := attr(n, "id"); id != "" && (n.Data != "div" || firstElementIsHeading(n)) {
			w.near = id
		}
	case "a", "area":
		href := attr(n, "href")
		u, ok := w.resolve(href)
		if !ok || len(d.Links) >= MaxLinks {
			break
		}
		text := textOf(n, 300)
		if text == "" {
			text = Fold(attr(n, "aria-label"))
		}
		if text == "" {
			text = Fold(attr(n, "title"))
		}
		if text == "" {
			text = imgAlt(n)
		}
		var hints []string
		for _, a := range n.Attr {
			if a.Key == "download" || strings.HasPrefix(a.Key, "data-") || a.Key == "target" {
				hints = append(hints, a.Key+"="+truncUTF8(a.Val, 80))
			}
		}
		d.Links = append(d.Links, Link{
			URL: u, Text: text, Rel: strings.ToLower(Fold(attr(n, "rel"))), Section: c.section,
			Near: w.near, NearText: w.nearText, Class: truncUTF8(attr(n, "class"), 200), Attrs: strings.Join(hints, " "), Hidden: c.hidden,
		})
	case "form":
		f := Form{Method: strings.ToLower(attr(n, "method")), Role: strings.ToLower(attr(n, "role"))}
		if a := attr(n, "action"); a != "" {
			if u, ok := w.resolve(a); ok {
				f.Action = u
			}
		}
		d.Forms = append(d.Forms, f)
		c.inForm = &d.Forms[len(d.Forms)-1]
	case "input", "textarea", "select":
		in := Input{Tag: n.Data, Type: strings.ToLower(attr(n, "type")), Name: attr(n, "name"), ID: attr(n, "id"),
			Placeholder: attr(n, "placeholder"), Aria: attr(n, "aria-label"), Class: truncUTF8(attr(n, "class"), 200), InForm: c.inForm != nil}
		if n.Data == "input" && in.Type == "" {
			in.Type = "text"
		}
		d.Inputs = append(d.Inputs, in)
		if c.inForm != nil {
			c.inForm.Inputs = append(c.inForm.Inputs, in)
		}
	case "button":
		if t := textOf(n, 120); t != "" {
			d.Buttons = append(d.Buttons, t)
		} else if a := Fold(attr(n, "aria-label")); a != "" {
			d.Buttons = append(d.Buttons, a)
		}
	case "iframe", "frame":
		if u, ok := w.resolve(attr(n, "src")); ok {
			d.Iframes = append(d.Iframes, u)
		}
	case "pre":
		if len(d.Code) < MaxCode {
			d.Code = append(d.Code, CodeBlock{Lang: codeLang(n), Text: textOfRaw2(n, maxCodeLen), Near: w.near})
		}
	}
	return c
}

func firstElementIsHeading(n *html.Node) bool {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode {
			return len(ch.Data) == 2 && ch.Data[0] == 'h' && ch.Data[1] >= '1' && ch.Data[1] <= '6'
		}
	}
	return false
}

func childAnchorID(n *html.Node) string {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode && ch.Data == "a" {
			if id := attr(ch, "id"); id != "" {
				return id
			}
			if nm := attr(ch, "name"); nm != "" {
				return nm
			}
		}
	}
	return ""
}

func imgAlt(n *html.Node) string {
	var alt string
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if alt != "" {
			return
		}
		if n.Type == html.ElementNode && (n.Data == "img" || n.Data == "svg") {
			alt = Fold(attr(n, "alt"))
			if alt == "" {
				alt = Fold(attr(n, "aria-label"))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return alt
}

func codeLang(n *html.Node) string {
	for _, cand := range []*html.Node{n, n.FirstChild} {
		if cand == nil || cand.Type != html.ElementNode {
			continue
		}
		for _, cl := range strings.Fields(attr(cand, "class")) {
			cl = strings.ToLower(cl)
			for _, p := range []string{"language-", "lang-", "highlight-source-"} {
				if strings.HasPrefix(cl, p) {
					return strings.TrimPrefix(cl, p)
				}
			}
		}
		if l := attr(cand, "data-lang"); l != "" {
			return strings.ToLower(l)
		}
	}
	if p := n.Parent; p != nil {
		for _, cl := range strings.Fields(attr(p, "class")) {
			cl = strings.ToLower(cl)
			if strings.HasPrefix(cl, "highlight-") || strings.HasPrefix(cl, "language-") {
				return strings.TrimPrefix(strings.TrimPrefix(cl, "highlight-"), "language-")
			}
		}
	}
	return ""
}

// textOfRaw keeps the text as written (scripts, titles), not folded.
func textOfRaw(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	s := b.String()
	if n.Data == "title" {
		return Fold(s)
	}
	return s
}

func textOfRaw2(n *html.Node, limit int) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if b.Len() >= limit {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return truncUTF8(b.String(), limit)
}

// refreshTarget extracts the URL of a meta refresh ("5; url=/next").
func refreshTarget(content string) string {
	i := strings.IndexByte(content, ';')
	if i < 0 {
		i = strings.IndexByte(content, ',')
	}
	if i < 0 {
		return ""
	}
	rest := strings.TrimSpace(content[i+1:])
	if len(rest) >= 4 && strings.EqualFold(rest[:3], "url") {
		rest = strings.TrimSpace(rest[3:])
		rest = strings.TrimPrefix(rest, "=")
		rest = strings.TrimSpace(rest)
	}
	return strings.Trim(rest, `'"`)
}
