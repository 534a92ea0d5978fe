package page

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestParseExtractsWhatDetectorsNeed(t *testing.T) {
	html := `<!doctype html><html lang="DE"><head><title> Dev  Portal </title>
<meta name="description" content="APIs"><meta http-equiv="refresh" content="0; url=/next">
<link rel="canonical" href="/home"><link rel="alternate" type="text/markdown" href="/index.md">
<script src="/js/app.js"></script><script>docsearch({indexName:"x"})</script>
<script type="application/ld+json">{"@type":"WebAPI"}</script></head>
<body><header><nav><a href="/pricing">Pricing</a><a href="#">placeholder</a><a href="javascript:void(0)">js</a></nav></header>
<main><h1 id="top">Welcome</h1><h2><a name="auth"></a>Authentication</h2>
<p>Use   an API key.</p><a href="https://status.example.com">Status</a>
<section id="errors"><h2>Errors</h2><a href="errors.html"><img alt="Error list"></a></section>
<h3>Java</h3><a href="https://central.sonatype.com/artifact/com.h/sdk">Maven</a>
<form role="search" action="/search"><input type="search" name="q" placeholder="Search docs"></form>
<pre><code class="language-bash">curl https://api.example.com</code></pre>
<div hidden><a href="/secret">hidden</a></div><script>var notText = 1;</script><style>.x{}</style>
</main><footer><a href="/privacy" aria-label="Privacy policy"></a></footer></body></html>`
	d, enc, err := Parse("http://h.test/docs/", []byte(html), "text/html; charset=utf-8")
	if err != nil {
		t.Fatal(err)
	}
	if enc != "utf-8" || d.Lang != "de" || d.Title != "Dev Portal" {
		t.Fatalf("enc %q lang %q title %q", enc, d.Lang, d.Title)
	}
	want := []Link{
		{URL: "http://h.test/pricing", Text: "Pricing", Section: "nav"},
		{URL: "https://status.example.com", Text: "Status", Section: "main", Near: "auth", NearText: "Authentication"},
		{URL: "http://h.test/docs/errors.html", Text: "Error list", Section: "main", Near: "errors", NearText: "Errors"},
		// A heading without an id gives its text as context; the anchor stays the last id.
		{URL: "https://central.sonatype.com/artifact/com.h/sdk", Text: "Maven", Section: "main", Near: "errors", NearText: "Java"},
		{URL: "http://h.test/secret", Text: "hidden", Section: "main", Near: "errors", NearText: "Java", Hidden: true},
		{URL: "http://h.test/privacy", Text: "Privacy policy", Section: "footer", Near: "errors", NearText: "Java"},
	}
	if len(d.Links) != len(want) {
		t.Fatalf("links: %+v", d.Links)
	}
	for i, w := range want {
		if d.Links[i] != w {
			t.Errorf("link %d: got %+v want %+v", i, d.Links[i], w)
		}
	}
	if len(d.Headings) != 4 || d.Headings[1].ID != "auth" || d.Headings[1].Text != "Authentication" {
		t.Fatalf("headings: %+v", d.Headings)
	}
	if strings.Contains(d.Text, "notText") || strings.Contains(d.Text, ".x{}") || strings.Contains(d.Text, "Dev Portal") {
		t.Fatalf("script, style or title leaked into visible text: %q", d.Text)
	}
	if !strings.Contains(d.Text, "Use an API key.") {
		t.Fatalf("text not folded: %q", d.Text)
	}
	if d.Refresh != "http://h.test/next" || d.Canonical != "http://h.test/home" || d.Meta["description"] != "APIs" {
		t.Fatalf("refresh %q canonical %q meta %v", d.Refresh, d.Canonical, d.Meta)
	}
	if len(d.Scripts) != 1 || !strings.Contains(d.Inline, "docsearch") || len(d.JSONLD) != 1 {
		t.Fatalf("scripts %v inline %q jsonld %v", d.Scripts, d.Inline, d.JSONLD)
	}
	if len(d.Forms) != 1 || d.Forms[0].Role != "search" || len(d.Forms[0].Inputs) != 1 || d.Inputs[0].Type != "search" {
		t.Fatalf("forms %+v inputs %+v", d.Forms, d.Inputs)
	}
	if len(d.Code) != 1 || d.Code[0].Lang != "bash" || d.Code[0].Near != "errors" {
		t.Fatalf("code %+v", d.Code)
	}
	if d.DOM.Find("form[role=search]").Length() != 1 {
		t.Fatal("DOM not kept for selectors")
	}
}

func TestDecodeWHATWGOrder(t *testing.T) {
	latin1 := []byte("<html><head><meta charset=\"utf-8\"></head><body>caf\xe9</body></html>")
	cases := []struct {
		name, ct string
		body     []byte
		wantEnc  string
		wantSub  string
	}{
		{"header wins over meta", "text/html; charset=iso-8859-1", latin1, "windows-1252", "café"},
		{"meta when no header charset", "text/html", []byte("<meta charset=\"iso-8859-1\">caf\xe9"), "windows-1252", "café"},
		{"BOM wins over header", "text/html; charset=iso-8859-1", []byte("\xef\xbb\xbfcaf\xc3\xa9"), "utf-8", "café"},
		{"undeclared non-UTF-8 is windows-1252", "text/html", []byte("caf\xe9 \x93quoted\x94"), "windows-1252", "café “quoted”"},
		{"undeclared UTF-8", "", []byte("café"), "utf-8", "café"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, enc := Decode(tc.body, tc.ct)
			if enc != tc.wantEnc || !strings.Contains(s, tc.wantSub) {
				t.Fatalf("got %q (%s)", s, enc)
			}
			if strings.HasPrefix(s, "\uFEFF") {
				t.Fatal("BOM kept")
			}
		})
	}
}

func TestParseSurvivesHostileMarkup(t *testing.T) {
	deep := strings.Repeat("<div>", 100000) + "deep text" + strings.Repeat("</div>", 100000)
	huge := `<a href="/x" title="` + strings.Repeat("A", 5<<20) + `">x</a>`
	for name, body := range map[string]string{
		"deep":   deep,
		"attr":   huge,
		"binary": "\x00\x01\x02\xff\xfe<html>\x00<a href=/y>y</a>",
	} {
		t.Run(name, func(t *testing.T) {
			d, _, err := Parse("http://h.test/", []byte(body), "text/html")
			if name == "deep" {
				if err == nil {
					t.Fatal("nesting past the parser's limit must be reported, not hidden")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range d.Links {
				if len(l.Text) > 1000 {
					t.Fatalf("unbounded link text %d", len(l.Text))
				}
			}
		})
	}
}

// TestParseNodeBudget: a page of tiny elements is cut at MaxNodes tokens, while a large page
// of ordinary documentation (about 30 bytes of HTML a node) is parsed to its footer.
func TestParseNodeBudget(t *testing.T) {
	countNodes := func(d *Doc) int {
		n := 0
		var walk func(*html.Node)
		walk = func(x *html.Node) {
			n++
			for c := x.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(d.DOM.Nodes[0])
		return n
	}
	tests := []struct {
		name      string
		unit      string
		wantWhole bool
	}{
		{name: "tiny elements", unit: "<p>x</p>", wantWhole: false},
		{name: "documentation prose", unit: `<h2 id="s">Section</h2><p>Requests are authenticated with a bearer token and answered in JSON; see <a href="/guide">the guide</a> for details.</p>`, wantWhole: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := strings.Repeat(tt.unit, (3<<20)/len(tt.unit)) + `<footer><a href="/status">Status</a></footer>`
			d, _, err := Parse("http://h.test/", []byte(body), "text/html")
			if err != nil {
				t.Fatal(err)
			}
			if n := countNodes(d); n > MaxNodes+10 {
				t.Errorf("%d DOM nodes, budget %d", n, MaxNodes)
			}
			if whole := d.DOM.Find("footer a[href='/status']").Length() == 1; whole != tt.wantWhole {
				t.Errorf("parsed to the end: %v, want %v", whole, tt.wantWhole)
			}
		})
	}
}

func TestNodeBudgetEnd(t *testing.T) {
	tests := []struct {
		text string
		max  int
		want int
	}{
		{"<p>a</p><p>b</p>", 4, 16},
		{"<p>a</p><p>b</p>", 3, 11},    // the text of the second <p> would be the fourth node
		{"<p>a</p><p>b</p>", 2, 8},     // cut before the second <p>
		{"<!doctype html><b>x", 1, 15}, // doctype counts
		{"plain text", 0, 0},
	}
	for _, tt := range tests {
		if got := nodeBudgetEnd(tt.text, tt.max); got != tt.want {
			t.Errorf("nodeBudgetEnd(%q, %d) = %d, want %d", tt.text, tt.max, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`<html lang=en><a href="/a">A</a><h2 id=x>X</h2></html>`), "text/html")
	f.Add([]byte("\xef\xbb\xbf<meta charset=latin1><base href='//evil/'><a href=../b>"), "")
	f.Add([]byte(`<meta http-equiv=refresh content="0;URL='http://x/'">`), "text/html; charset=utf-16")
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		d, _, err := Parse("http://h.test/a/b", body, ct)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range d.Links {
			if l.URL == "" {
				t.Fatal("empty link URL")
			}
		}
	})
}

func BenchmarkParse(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`<html lang="en"><head><title>Bench</title></head><body><nav><a href="/a">A</a><a href="/b">B</a></nav><main>`)
	for sb.Len() < 20000 {
		sb.WriteString(`<h2 id="x">Section</h2><p>Some text about the API with a <a href="/c">link</a>.</p><pre><code class="language-bash">curl x</code></pre>`)
	}
	sb.WriteString(`</main></body></html>`)
	body := []byte(sb.String())
	b.SetBytes(int64(len(body)))
	for i := 0; i < b.N; i++ {
		if _, _, err := Parse("http://h.test/", body, "text/html"); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzFold checks the fast folding against its definition: the fields of s joined by one
// space, and an already folded string comes back unchanged.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"", " ", "a  b", " a b ", "a\tb\nc", "a\u00a0b", "x\u3000 y", "\xff \xfe", "already folded text", "end\u2029"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.Join(strings.Fields(s), " ")
		if got := Fold(s); got != want {
			t.Fatalf("Fold(%q) = %q, want %q", s, got, want)
		}
		if again := Fold(want); again != want {
			t.Fatalf("Fold(%q) = %q, not unchanged", want, again)
		}
	})
}
