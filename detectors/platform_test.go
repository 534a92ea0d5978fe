package detectors_test

import (
	"encoding/json"
	"io/fs"
	"math/rand"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/portalscan/portalscan/detectors"
	"github.com/portalscan/portalscan/detectors/detectortest"
)

// The platform portal fixture (fixtures/portals/platform) is an internal developer portal
// of our own: a software catalogue of 10 components, 7 of them complete, with TechDocs,
// API definitions, templates, scorecards, search, an InnerSource guide and a lifecycle
// policy. Its _server.json puts it behind single sign-on (the _auth key); these tests read
// it as an authenticated crawler would, straight from the files, unless they build the wall.

var platformPractices = []string{
	"plat-service-catalogue", "plat-catalogue-completeness", "plat-cross-service-search", "plat-api-scorecards",
	"plat-golden-paths", "plat-lifecycle-states", "plat-oncall-ownership", "plat-docs-as-code", "plat-innersource",
}

var platformEnv = detectors.Env{StartURL: base + "/", Host: "127.0.0.1:8080"}

func platformFindings(t *testing.T) (*detectortest.Snapshot, []detectors.Finding) {
	t.Helper()
	snap := crawlFixture(t, fixtureDir("portals", "platform"))
	return snap, run(snap)
}

func TestPlatformPortal(t *testing.T) {
	snap, fs := platformFindings(t)
	checkDiscipline(t, fs)
	got := detectortest.Status(fs)
	for _, p := range platformPractices {
		want := detectors.Met
		if p == "plat-catalogue-completeness" {
			want = detectors.Partial // 7 of 10 entries complete
		}
		if got[p] != want {
			f, _ := detectortest.Find(fs, p)
			t.Errorf("%s: %s, want %s (note %q, evidence %+v)", p, got[p], want, f.Note, f.Evidence)
		}
	}

	// Completeness: the share as the fixture has it, and which entries lack what.
	f, _ := detectortest.Find(fs, "plat-catalogue-completeness")
	for _, want := range []string{
		"7 of 10 catalogue entries complete (70%)",
		"owner 9/10, description 9/10, docs 9/10, API spec 9/10",
		"customs-declarations (no description)", "legacy-billing (no owner)", "warehouse-sync (no docs, API spec)",
	} {
		if !strings.Contains(f.Note, want) {
			t.Errorf("completeness note %q lacks %q", f.Note, want)
		}
	}
	for _, want := range []string{"/catalog/", "/catalog/default/component/legacy-billing/", "/catalog/default/component/warehouse-sync/",
		"/catalog/default/component/customs-declarations/"} {
		if !hasURL(evidenceURLs(fs, "plat-catalogue-completeness"), base+want) {
			t.Errorf("completeness evidence lacks %s: %v", want, evidenceURLs(fs, "plat-catalogue-completeness"))
		}
	}
	if f, _ := detectortest.Find(fs, "plat-catalogue-completeness"); !strings.Contains(f.Evidence[0].Matched, "7 of 10 entries complete (70%)") {
		t.Errorf("completeness evidence does not carry the share: %+v", f.Evidence[0])
	}

	// The catalogue, its owners and lifecycle states.
	f, _ = detectortest.Find(fs, "plat-service-catalogue")
	if !strings.Contains(f.Note, "catalogue of 10 entries at "+base+"/catalog/: 9 with an owner, 10 with a lifecycle state") {
		t.Errorf("catalogue note %q", f.Note)
	}
	if !hasURL(evidenceURLs(fs, "plat-service-catalogue"), base+"/catalog/") {
		t.Errorf("catalogue evidence %v lacks the list", evidenceURLs(fs, "plat-service-catalogue"))
	}
	f, _ = detectortest.Find(fs, "plat-oncall-ownership")
	if !strings.HasPrefix(f.Note, "8 of 10 catalogue entries") {
		t.Errorf("on-call note %q", f.Note)
	}
	for practice, want := range map[string]string{
		"plat-lifecycle-states":     base + "/catalog/default/component/legacy-billing/",
		"plat-api-scorecards":       base + "/scorecards/#scorecards",
		"plat-golden-paths":         base + "/create/",
		"plat-cross-service-search": base + "/search/",
		"plat-innersource":          base + "/docs/platform/innersource/#innersource",
		"plat-docs-as-code":         base + "/docs/default/component/customs-declarations/",
	} {
		if urls := evidenceURLs(fs, practice); !hasURL(urls, want) {
			t.Errorf("%s: evidence %v lacks %s", practice, urls, want)
		}
	}
	if urls := evidenceURLs(fs, "plat-lifecycle-states"); !hasURL(urls, base+"/docs/platform/lifecycle/#service-lifecycle") {
		t.Errorf("lifecycle evidence %v lacks the lifecycle policy", urls)
	}
	if g := detectors.GatingMap(fs); len(g) != 0 {
		t.Errorf("gating map of an authenticated crawl: %+v", g)
	}

	// The kind: platform, with reasons that name the evidence.
	kind, reasons := detectors.DecideKind(platformEnv, fs, snap.Index().Pages())
	if kind != detectors.KindPlatform {
		t.Fatalf("kind %s, want platform: %q", kind, reasons)
	}
	all := strings.Join(reasons, "\n")
	for _, want := range []string{
		"software catalogue of 10 entries with owners at /catalog/ (9 with an owner, 10 with a lifecycle state)",
		"API scorecards at /scorecards/",
		"software templates / golden paths at /create/",
		"Backstage-style pages (/catalog/default/component/",
		`page titles say it is internal: "Halyard Internal Developer Portal" (/)`,
		"no sign-up, pricing or sales links",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("kind reasons lack %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "127.0.0.1") {
		t.Errorf("reasons should name pages of the scanned host by path:\n%s", all)
	}
	// From the findings alone (a stored assessment without fetch records) it is still platform.
	if kind, reasons := detectors.KindFromFindings(fs); kind != detectors.KindPlatform || !strings.Contains(strings.Join(reasons, "\n"), base+"/catalog/") {
		t.Errorf("KindFromFindings: %s %q", kind, reasons)
	}
}

// TestPlatformArrivalOrder: the catalogue detector's findings do not depend on page order.
func TestPlatformArrivalOrder(t *testing.T) {
	snap, fs := platformFindings(t)
	want, _ := json.Marshal(fs)
	r := rand.New(rand.NewSource(11))
	for i := 0; i < 3; i++ {
		r.Shuffle(len(snap.Pages), func(a, b int) { snap.Pages[a], snap.Pages[b] = snap.Pages[b], snap.Pages[a] })
		got, _ := json.Marshal(run(snap))
		if string(got) != string(want) {
			t.Fatalf("shuffle %d changed the findings:\n%s", i, firstDiff(string(want), string(got)))
		}
	}
}

// authWall is the fixture's _server.json "_auth" key: what the fixtures server answers a
// request without the credential.
type authWall struct {
	Header   string   `json:"header"`
	Value    string   `json:"value"`
	Cookie   string   `json:"cookie"`
	Redirect string   `json:"redirect"`
	Status   int      `json:"status"`
	Public   []string `json:"public"`
}

// behindSSO loads a fixture as an anonymous visitor sees it: every path that is not public
// answers the _auth redirect (the detectortest server has no request headers, so the test
// lists the paths the files answer).
func behindSSO(t *testing.T, dir string) *detectortest.Site {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, detectortest.ServerFile))
	if err != nil {
		t.Fatal(err)
	}
	var server struct {
		Auth *authWall `json:"_auth"`
	}
	if err := json.Unmarshal(raw, &server); err != nil || server.Auth == nil {
		t.Fatalf("%s: no _auth key (%v)", detectortest.ServerFile, err)
	}
	a := server.Auth
	if a.Header != "X-Portal-Token" || a.Value != "letmein" || a.Cookie != "session=letmein" || a.Status != 302 || !strings.Contains(a.Redirect, "%s") {
		t.Fatalf("_auth = %+v", a)
	}
	site, err := detectortest.LoadSite(dir, "/")
	if err != nil {
		t.Fatal(err)
	}
	public := func(p string) bool {
		for _, pub := range a.Public {
			if p == pub || strings.HasSuffix(pub, "/") && strings.HasPrefix(p, pub) {
				return true
			}
		}
		return false
	}
	wall := func(p string) {
		if public(p) {
			return
		}
		site.Special[p] = detectortest.Special{Status: a.Status, Location: strings.Replace(a.Redirect, "%s", url.QueryEscape(p), 1)}
	}
	if site.Special == nil {
		site.Special = map[string]detectortest.Special{}
	}
	for _, p := range detectortest.DefaultProbes("/") {
		wall(p)
	}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = "/" + filepath.ToSlash(rel)
		wall(rel)
		if strings.HasSuffix(rel, ".html") {
			wall(strings.TrimSuffix(rel, ".html"))
		}
		if strings.HasSuffix(rel, "/index.html") {
			d := strings.TrimSuffix(rel, "index.html")
			wall(d)
			wall(strings.TrimSuffix(d, "/"))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return site
}

// TestPlatformPortalBehindSSO: scanned without the credential, the portal shows only its
// sign-in page, and the kind decision reads that as an internal portal.
func TestPlatformPortalBehindSSO(t *testing.T) {
	site := behindSSO(t, fixtureDir("portals", "platform"))
	snap := detectortest.Crawl(site, detectortest.Options{Base: base, Start: "/"})
	fs := run(snap)
	checkDiscipline(t, fs)
	got := detectortest.Status(fs)
	for _, p := range platformPractices {
		if got[p] != detectors.NotMet {
			t.Errorf("%s behind the wall: %s, want not_met", p, got[p])
		}
	}
	if f, _ := detectortest.Find(fs, "disc-public-docs"); f.Status != detectors.NotMet || len(f.Evidence) == 0 || !f.Evidence[0].Gated {
		t.Errorf("disc-public-docs behind SSO: %+v", f)
	}
	kind, reasons := detectors.DecideKind(platformEnv, fs, snap.Index().Pages())
	all := strings.Join(reasons, "\n")
	if kind != detectors.KindPlatform {
		t.Fatalf("kind %s, want platform:\n%s", kind, all)
	}
	for _, want := range []string{
		"the start page / redirects to single sign-on (/oauth2/sign_in?rd=%2F)",
		`page titles say it is internal: "Sign in · Halyard Internal Developer Portal"`,
		"no sign-up, pricing or sales links",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("kind reasons lack %q:\n%s", want, all)
		}
	}
}

// TestInterfaceFixturesKind: the external portals are interface portals, with reasons.
func TestInterfaceFixturesKind(t *testing.T) {
	for name, want := range map[string][]string{
		"mature": {"sign-up link at https://dashboard.orbitly.io/signup", "pricing at /pricing/", "contact-sales link at mailto:sales@orbitly.io",
			"no internal-portal markers"},
		"bank": {"sign-up link at /register", "no internal-portal markers"},
		"bare": {"no internal-portal markers", "scored as an interface portal, the default"},
	} {
		t.Run(name, func(t *testing.T) {
			snap := crawlFixture(t, fixtureDir("portals", name))
			fs := run(snap)
			kind, reasons := detectors.DecideKind(platformEnv, fs, snap.Index().Pages())
			all := strings.Join(reasons, "\n")
			if kind != detectors.KindInterface {
				t.Fatalf("kind %s, want interface:\n%s", kind, all)
			}
			for _, w := range want {
				if !strings.Contains(all, w) {
					t.Errorf("reasons lack %q:\n%s", w, all)
				}
			}
			if k, _ := detectors.KindFromFindings(fs); k != detectors.KindInterface {
				t.Errorf("KindFromFindings: %s", k)
			}
		})
	}
}

// TestPlatformNearMisses: public portals and reference pages that look like platform
// practices but are not, under detectors/testdata/platform-nearmiss.
func TestPlatformNearMisses(t *testing.T) {
	type expect struct {
		notMet []string
		status map[string]detectors.Status
		notes  map[string]string
		kind   string
	}
	cases := map[string]expect{
		// An "API catalogue" page listing APIs with status badges but no owners.
		"public-api-catalogue": {
			notMet: []string{"plat-service-catalogue", "plat-catalogue-completeness", "plat-oncall-ownership"},
			notes: map[string]string{
				"plat-service-catalogue":      "no entry names an owner, so it is a list of APIs, not a catalogue with ownership",
				"plat-catalogue-completeness": "0 of 5 catalogue entries complete (0%)",
			},
			kind: detectors.KindInterface,
		},
		// Owners but nothing else: a partial catalogue, no lifecycle states.
		"owned-no-lifecycle": {
			notMet: []string{"plat-lifecycle-states", "plat-catalogue-completeness", "plat-oncall-ownership"},
			status: map[string]detectors.Status{"plat-service-catalogue": detectors.Partial},
			notes: map[string]string{
				"plat-service-catalogue":      "lifecycle states are missing",
				"plat-catalogue-completeness": "0 of 4 catalogue entries complete (0%): owner 4/4, description 4/4, docs 0/4, API spec 0/4",
			},
		},
		// "owner", "type" and "status" parameters of an API reference are no catalogue entry.
		"owner-params":      {notMet: []string{"plat-service-catalogue", "plat-catalogue-completeness", "plat-lifecycle-states"}, kind: detectors.KindInterface},
		"scorecard-object":  {notMet: []string{"plat-api-scorecards"}, kind: detectors.KindInterface},
		"message-templates": {notMet: []string{"plat-golden-paths"}, kind: detectors.KindInterface},
		"docs-search":       {notMet: []string{"plat-cross-service-search"}, kind: detectors.KindInterface},
		"oss-contributing":  {notMet: []string{"plat-innersource"}, kind: detectors.KindInterface},
		"cms-edit-link":     {notMet: []string{"plat-docs-as-code"}, kind: detectors.KindInterface},
	}
	root := filepath.Join("testdata", "platform-nearmiss")
	dirs, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if _, ok := cases[d.Name()]; d.IsDir() && !ok {
			t.Errorf("near miss %s has no expectation in the test", d.Name())
		}
	}
	for name, want := range cases {
		t.Run(name, func(t *testing.T) {
			snap := crawlFixture(t, filepath.Join(root, name))
			fs := run(snap)
			checkDiscipline(t, fs)
			status := map[string]detectors.Status{}
			for _, p := range want.notMet {
				status[p] = detectors.NotMet
			}
			for p, s := range want.status {
				status[p] = s
			}
			for p, s := range status {
				f, ok := detectortest.Find(fs, p)
				if !ok {
					t.Fatalf("no finding for %s", p)
				}
				if f.Status != s {
					t.Errorf("%s: %s, want %s (note %q, evidence %+v)", p, f.Status, s, f.Note, f.Evidence)
				}
			}
			for p, n := range want.notes {
				if f, _ := detectortest.Find(fs, p); !strings.Contains(f.Note, n) {
					t.Errorf("%s: note %q lacks %q", p, f.Note, n)
				}
			}
			if want.kind != "" {
				if kind, reasons := detectors.DecideKind(platformEnv, fs, snap.Index().Pages()); kind != want.kind {
					t.Errorf("kind %s, want %s: %q", kind, want.kind, reasons)
				}
			}
		})
	}
}

// TestDecideKindWeighing: the decision weighs platform markers against interface markers.
func TestDecideKindWeighing(t *testing.T) {
	met := func(p, u string) detectors.Finding {
		return detectors.Finding{Practice: p, Status: detectors.Met, Evidence: []detectors.Evidence{{URL: u, Matched: "x"}}}
	}
	catalogue := detectors.Finding{Practice: "plat-service-catalogue", Status: detectors.Met,
		Evidence: []detectors.Evidence{{URL: "https://dev.corp.test/catalog/", Matched: "catalogue-list"}},
		Note:     "catalogue of 14 entries at https://dev.corp.test/catalog/: 14 with an owner, 12 with a lifecycle state"}
	signup := met("onb-self-signup", "https://dev.corp.test/signup")
	pricing := met("com-pricing-page", "https://dev.corp.test/pricing")
	env := detectors.Env{StartURL: "https://dev.corp.test/", Host: "dev.corp.test"}

	// Catalogue and templates outweigh one sign-up link: platform, with a warning.
	kind, reasons := detectors.DecideKind(env, []detectors.Finding{catalogue, met("plat-golden-paths", "https://dev.corp.test/create/"), signup}, nil)
	all := strings.Join(reasons, "\n")
	if kind != detectors.KindPlatform || !strings.Contains(all, "software catalogue of 14 entries with owners at /catalog/ (14 with an owner, 12 with a lifecycle state)") ||
		!strings.Contains(all, "one portal for both audiences is risky") || !strings.Contains(all, "sign-up link at /signup") {
		t.Errorf("catalogue+templates vs sign-up: %s\n%s", kind, all)
	}
	// A catalogue against sign-up and pricing: interface, the platform markers named.
	kind, reasons = detectors.DecideKind(env, []detectors.Finding{catalogue, signup, pricing}, nil)
	if all := strings.Join(reasons, "\n"); kind != detectors.KindInterface || !strings.Contains(all, "platform markers do not outweigh them (software catalogue of 14 entries") {
		t.Errorf("catalogue vs sign-up+pricing: %s\n%s", kind, all)
	}
	// Weak markers alone do not make a platform portal.
	kind, reasons = detectors.DecideKind(env, []detectors.Finding{met("plat-innersource", "https://dev.corp.test/innersource/"), met("plat-cross-service-search", "https://dev.corp.test/search/")}, nil)
	if all := strings.Join(reasons, "\n"); kind != detectors.KindInterface || !strings.Contains(all, "platform markers too weak to decide (InnerSource contribution guide at /innersource/") {
		t.Errorf("InnerSource and search alone: %s\n%s", kind, all)
	}
	// Docs-as-code is common on public portals: an Edit link is no platform marker, TechDocs is.
	kind, _ = detectors.DecideKind(env, []detectors.Finding{met("plat-docs-as-code", "https://github.com/x/y/edit/main/docs/a.md")}, nil)
	if kind != detectors.KindInterface {
		t.Errorf("an edit link alone: %s", kind)
	}
	// Findings only: the portal root behind single sign-on.
	wall := detectors.Finding{Practice: "disc-public-docs", Status: detectors.NotMet, Evidence: []detectors.Evidence{{
		URL: "https://dev.corp.test/", Matched: "login-wall", Gated: true, Error: "redirected to sign-in https://dev.corp.test/oauth2/sign_in?rd=%2F"}}}
	kind, reasons = detectors.KindFromFindings([]detectors.Finding{wall})
	if kind != detectors.KindPlatform || !strings.Contains(strings.Join(reasons, "\n"), "the portal root https://dev.corp.test/ needs single sign-on") {
		t.Errorf("root behind SSO: %s %q", kind, reasons)
	}
	// A partner portal whose own login page guards the root, with a sign-up link: interface.
	login := wall
	login.Evidence = []detectors.Evidence{{URL: "https://partners.bank.test/", Matched: "login-wall", Gated: true, Error: "redirected to sign-in https://partners.bank.test/login"}}
	if kind, _ := detectors.KindFromFindings([]detectors.Finding{login, signup}); kind != detectors.KindInterface {
		t.Errorf("partner login: %s", kind)
	}
}
