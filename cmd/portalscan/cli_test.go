package main

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/portalscan/portalscan/fixtures"
)

var binPath string

// TestMain builds the real binary once: the contract is tested as a user meets it.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "portalscan-bin-")
	if err != nil {
		panic(err)
	}
	binPath = filepath.Join(dir, "portalscan")
	if runtime.GOOS == "windows" {
		binPath += ".exe"
	}
	out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
	if err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	code           int
	stdout, stderr string
}

func runBin(t *testing.T, args ...string) result {
	t.Helper()
	cmd := exec.Command(binPath, args...)
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	cmd.Env = append(os.Environ(), "XDG_DATA_HOME="+t.TempDir())
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(3 * time.Minute):
		cmd.Process.Kill()
		t.Fatalf("portalscan %v did not finish", args)
	}
	return result{cmd.ProcessState.ExitCode(), so.String(), se.String()}
}

func fixtureServer(t *testing.T, dir string) *httptest.Server {
	t.Helper()
	fsys, err := fixtures.Portal(dir)
	if err != nil {
		t.Fatal(err)
	}
	h, err := fixtures.Handler(fsys, "/")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func validateExport(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	c := jsonschema.NewCompiler()
	var schemaDoc any
	if err := json.Unmarshal(exportSchema, &schemaDoc); err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("export.schema.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("export.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("export is not JSON: %v\n%.300s", err, raw)
	}
	if err := sch.Validate(doc); err != nil {
		t.Fatalf("export does not match its schema: %v", err)
	}
	return doc.(map[string]any)
}

func practiceStatus(doc map[string]any) map[string]string {
	out := map[string]string{}
	for _, p := range doc["practices"].([]any) {
		m := p.(map[string]any)
		out[m["id"].(string)] = m["status"].(string)
	}
	return out
}

func TestScanExportListContract(t *testing.T) {
	srv := fixtureServer(t, "portals/mature")
	db := filepath.Join(t.TempDir(), "s.db")
	out := filepath.Join(t.TempDir(), "scan.json")
	// Flags after the positional argument too (pflag, not Go's flag).
	r := runBin(t, "scan", srv.URL, "--db", db, "--json", out, "--delay", "0s")
	if r.code != 0 {
		t.Fatalf("scan exit %d\n%s", r.code, r.stderr)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	doc := validateExport(t, raw)
	if len(doc["practices"].([]any)) < 130 {
		t.Fatalf("export lists %d practices", len(doc["practices"].([]any)))
	}
	if !strings.Contains(r.stdout, "Overall") {
		t.Fatalf("no summary on stdout:\n%s", r.stdout)
	}

	// --json - : stdout is only the JSON document.
	r = runBin(t, "--db", db, "scan", "--json", "-", srv.URL+"/", "--delay=0s")
	if r.code != 0 {
		t.Fatalf("scan --json - exit %d\n%s", r.code, r.stderr)
	}
	validateExport(t, []byte(r.stdout))
	if !strings.Contains(r.stderr, "Overall") {
		t.Fatalf("summary should go to stderr with --json -")
	}

	// export accepts any URL form of the portal.
	u := strings.Replace(srv.URL, "http://", "HTTP://", 1) + "/#top"
	r = runBin(t, "export", u, "--db", db)
	if r.code != 0 {
		t.Fatalf("export exit %d: %s", r.code, r.stderr)
	}
	validateExport(t, []byte(r.stdout))

	r = runBin(t, "list", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, srv.URL+"/") || strings.Count(r.stdout, "complete") != 2 {
		t.Fatalf("list: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestBadInputGivesOneLineErrors(t *testing.T) {
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.db")
	os.WriteFile(corrupt, bytes.Repeat([]byte("garbage!"), 2000), 0o600)
	img := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\nnot really"))
	}))
	defer img.Close()
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := "http://" + ln.Addr().String() + "/"
	ln.Close()
	srv := fixtureServer(t, "portals/bare")
	db := filepath.Join(dir, "ok.db")

	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"invalid URL", []string{"scan", "ht!tp://nope", "--db", db}, 2, "invalid URL"},
		{"not http", []string{"scan", "ftp://example.com/", "--db", db}, 2, "invalid URL"},
		{"unreachable", []string{"scan", closed, "--db", db}, 1, ""},
		{"image start", []string{"scan", img.URL + "/logo.png", "--db", db}, 1, "not"},
		{"corrupt store", []string{"scan", srv.URL, "--db", corrupt}, 1, "corrupt"},
		{"unwritable json", []string{"scan", srv.URL, "--db", db, "--json", filepath.Join(dir, "no", "such", "dir", "x.json")}, 1, "cannot write"},
		{"bad flag", []string{"scan", srv.URL, "--max-pages", "0"}, 2, "--max-pages"},
		{"bad render", []string{"scan", srv.URL, "--render", "sometimes"}, 2, "--render"},
		{"unknown portal", []string{"export", "http://127.0.0.1:9/", "--db", db}, 1, ""},
		{"missing store", []string{"export", srv.URL, "--db", filepath.Join(dir, "none.db")}, 1, "no store"},
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
	}
	// A store with one scan in it, for the export case.
	if r := runBin(t, "scan", srv.URL, "--db", db, "--delay", "0s"); r.code != 0 {
		t.Fatalf("setup scan: %s", r.stderr)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := runBin(t, append(tc.args, "--log-level", "error")...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d\nstderr: %s", r.code, tc.code, r.stderr)
			}
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			last := lines[len(lines)-1]
			if !strings.HasPrefix(last, "portalscan: ") || !strings.Contains(last, tc.want) {
				t.Fatalf("error line %q does not say %q", last, tc.want)
			}
			if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine ") {
				t.Fatalf("panicked: %s", r.stderr)
			}
		})
	}
}

func TestLockedStoreSaysBusy(t *testing.T) {
	srv := fixtureServer(t, "portals/bare")
	db := filepath.Join(t.TempDir(), "locked.db")
	if r := runBin(t, "scan", srv.URL, "--db", db, "--delay", "0s"); r.code != 0 {
		t.Fatalf("setup scan: %s", r.stderr)
	}
	holder, err := bboltOpen(db)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	r := runBin(t, "scan", srv.URL, "--db", db)
	if r.code != 1 || !strings.Contains(r.stderr, "store busy") {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
}

// Every static site of the shared corpus scans with exit 0 and a schema-valid export.
func TestCorpusStaticSitesScan(t *testing.T) {
	corpus := filepath.Join("..", "..", "..", "shared", "corpus")
	manifest, err := os.ReadFile(filepath.Join(corpus, "manifest.tsv"))
	if err != nil {
		t.Skipf("no corpus beside the repo: %v", err)
	}
	if testing.Short() {
		t.Skip("corpus scans are long")
	}
	for _, line := range strings.Split(strings.TrimSpace(string(manifest)), "\n")[1:] {
		f := strings.Split(line, "\t")
		name, prefix, start, live, needsJS := f[0], f[1], f[2], f[3], f[4]
		if needsJS == "true" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h, err := fixtures.Handler(os.DirFS(filepath.Join(corpus, "sites", name)), prefix)
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(h)
			defer srv.Close()
			out := filepath.Join(t.TempDir(), "x.json")
			r := runBin(t, "scan", srv.URL+start, "--alias", live, "--db", filepath.Join(t.TempDir(), "c.db"), "--json", out, "--delay", "0s", "--log-level", "warn")
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			raw, _ := os.ReadFile(out)
			validateExport(t, raw)
		})
	}
}
