package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An internal platform portal behind SSO: with credentials it is recognised and scored as a
// platform portal; without them the wall is reported; the secret never reaches the store,
// the logs or the export.
func TestPlatformPortalWithAndWithoutCredentials(t *testing.T) {
	const secret = "letmein"
	srv := fixtureServer(t, "portals/platform")
	dir := t.TempDir()
	hf := filepath.Join(dir, "headers")
	if err := os.WriteFile(hf, []byte("# token for the test portal\nX-Portal-Token: "+secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "p.db")
	out := filepath.Join(dir, "with.json")
	r := runBin(t, "scan", srv.URL, "--db", db, "--json", out, "--header-file", hf, "--delay", "0s", "--render", "never", "--log-level", "debug", "--log-format", "json")
	if r.code != 0 {
		t.Fatalf("scan: %s", r.stderr)
	}
	raw, _ := os.ReadFile(out)
	doc := validateExport(t, raw)
	if doc["kind"] != "platform" {
		t.Fatalf("kind %v, reasons %v", doc["kind"], doc["kind_reasons"])
	}
	st := practiceStatus(doc)
	if st["plat-service-catalogue"] != "met" {
		t.Errorf("plat-service-catalogue %s", st["plat-service-catalogue"])
	}
	for _, id := range []string{"com-pricing-page", "onb-self-signup", "com-contact-sales"} {
		if st[id] != "not_applicable" {
			t.Errorf("%s is %s on a platform portal, want not_applicable", id, st[id])
		}
	}
	for name, text := range map[string]string{"export": string(raw), "logs": r.stderr, "summary": r.stdout} {
		if strings.Contains(text, secret) {
			t.Errorf("the credential appears in the %s", name)
		}
	}

	// The same scan without credentials meets the wall.
	out2 := filepath.Join(dir, "without.json")
	r = runBin(t, "scan", srv.URL, "--db", db, "--json", out2, "--delay", "0s", "--render", "never")
	if r.code != 0 {
		t.Fatalf("anonymous scan: %s", r.stderr)
	}
	raw2, _ := os.ReadFile(out2)
	doc2 := validateExport(t, raw2)
	if s := practiceStatus(doc2)["disc-public-docs"]; s != "not_met" {
		t.Errorf("anonymous scan: disc-public-docs %s, want not_met (the SSO wall)", s)
	}
	if st := practiceStatus(doc2)["plat-service-catalogue"]; st == "met" {
		t.Errorf("anonymous scan saw the catalogue behind the wall")
	}
	store, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(store), secret) {
		t.Error("the credential was written to the store")
	}
	// Credentials given on the command line are refused for schedules (they would be stored).
	if r := runBin(t, "schedule", "add", srv.URL, "--every", "24h", "--header", "X-Portal-Token: "+secret, "--db", db); r.code != 2 {
		t.Errorf("schedule with --header: exit %d", r.code)
	}
}
