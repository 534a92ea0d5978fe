package render

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestCloseAfterUse(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{"/": html(spaShell), "/api/nav.json": jsonBody(navJSON)})
	opts := Options{Browser: needBrowser(t), AllowHost: onlyHost(s.host()), Settle: 200 * time.Millisecond, ConfineToLoopback: true}
	r, err := Start(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(processesUsing(r.dir)) == 0 {
		t.Fatalf("no browser process found under %s: the hygiene checks would prove nothing", r.dir)
	}
	if _, err := r.Render(context.Background(), s.URL+"/"); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	assertClean(t, r.dir, r.pid, r.exe)
	if err := r.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := r.Render(context.Background(), s.URL+"/"); !errors.Is(err, ErrClosed) {
		t.Errorf("Render after Close: %v, want ErrClosed", err)
	}
}

// hang answers nothing until the client goes away (or the test server shuts down).
func hang(w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(60 * time.Second):
	}
}

func TestParentCancelCleansUp(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{"/": html(`<p>ok</p>`), "/hang": hang})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r, err := Start(ctx, Options{Browser: needBrowser(t), AllowHost: onlyHost(s.host()), PageTimeout: 20 * time.Second, ConfineToLoopback: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Render(context.Background(), s.URL+"/"); err != nil {
		t.Fatal(err)
	}
	// Cancel the scan while a page hangs: the render must end at once, not at PageTimeout,
	// and everything must go without anyone calling Close.
	errc := make(chan error, 1)
	go func() {
		_, err := r.Render(context.Background(), s.URL+"/hang")
		errc <- err
	}()
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	cancel()
	select {
	case err := <-errc:
		if err == nil {
			t.Error("hanging render succeeded after cancel")
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("render ended %v after cancel", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("render did not end after the parent context was cancelled")
	}
	assertClean(t, r.dir, r.pid, r.exe)
	if err := r.Close(); err != nil {
		t.Errorf("Close after cancel: %v", err)
	}
}

func TestRenderCallerCancel(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{"/": html(`<p>ok</p>`), "/hang": hang})
	r := startRenderer(t, Options{AllowHost: onlyHost(s.host()), PageTimeout: 20 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := r.Render(ctx, s.URL+"/hang"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the caller's deadline", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Render took %v after its caller's deadline", d)
	}
	if _, err := r.Render(context.Background(), s.URL+"/"); err != nil {
		t.Errorf("renderer unusable after a cancelled render: %v", err)
	}
}

func TestHangingPages(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/ok":   html(`<p>fine</p>`),
		"/hang": hang,
		// The parser stops at a script that never arrives: DOMContentLoaded never fires.
		"/stuck":       html(`<html><body><h1>Partial</h1><script src="/never.js"></script><p>after</p></body></html>`),
		"/never.js":    hang,
		"/busy":        html(`<html><body><h1>Busy</h1><script>setTimeout(() => { for (;;) {} }, 10)</script></body></html>`),
		"/restless":    html(`<html><body><p id=n>0</p><script>let i = 0; setInterval(() => { document.getElementById("n").textContent = ++i }, 50)</script></body></html>`),
		"/alert":       html(`<html><body><script>alert("hi"); confirm("sure?"); document.body.insertAdjacentHTML("beforeend", "<p>after the dialogs</p>")</script></body></html>`),
		"/neverending": html(`<html><body><p>polling</p><script>setInterval(() => fetch("/ok").catch(() => {}), 60)</script></body></html>`),
	})
	const timeout = 2 * time.Second
	r := startRenderer(t, Options{AllowHost: onlyHost(s.host()), PageTimeout: timeout})

	check := func(path string, wantErr error, wantHTML string, wantSettled bool) {
		t.Helper()
		start := time.Now()
		res, err := r.Render(context.Background(), s.URL+path)
		d := time.Since(start)
		if d > timeout+500*time.Millisecond {
			t.Errorf("%s: took %v, PageTimeout is %v", path, d, timeout)
		}
		switch {
		case wantErr == nil && err != nil:
			t.Errorf("%s: %v", path, err)
		case wantErr != nil && !errors.Is(err, wantErr):
			t.Errorf("%s: err = %v, want %v", path, err, wantErr)
		}
		if res != nil && !strings.Contains(res.HTML, wantHTML) {
			t.Errorf("%s: HTML lacks %q: %.200s", path, wantHTML, res.HTML)
		}
		if res != nil && res.Settled != wantSettled {
			t.Errorf("%s: Settled = %v", path, res.Settled)
		}
		t.Logf("%s: %v in %v", path, err, d)
	}
	check("/hang", context.DeadlineExceeded, "", false)
	check("/stuck", ErrNotLoaded, "Partial", false)
	check("/busy", context.DeadlineExceeded, "", false)
	check("/restless", nil, `<p id="n">`, false)    // a DOM that never stops changing: a snapshot at the deadline
	check("/neverending", nil, "polling", true)     // a busy network with a still DOM settles
	check("/alert", nil, "after the dialogs", true) // dialogs are dismissed, not waited on
	check("/ok", nil, "fine", true)                 // and the pool is intact
}

// TestKilledProcessLeavesNoBrowser kills a Go process that runs a browser the hard ways
// (SIGTERM, SIGKILL: no Close, no deferred code) and checks that the browser dies with it
// and that the next Start sweeps the orphaned temp dir.
func TestKilledProcessLeavesNoBrowser(t *testing.T) {
	needBrowser(t)
	s := newSite(t, map[string]http.HandlerFunc{"/": html(`<p>child</p>`)})
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperRenderer$", "-test.v")
			cmd.Env = append(os.Environ(), "PORTALSCAN_RENDER_HELPER="+s.URL+"/")
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			var dir string
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				if d, ok := strings.CutPrefix(sc.Text(), "READY "); ok {
					dir = d
					break
				}
			}
			if dir == "" {
				t.Fatalf("helper never became ready: %v", sc.Err())
			}
			pgid, exe := readPIDFile(dir)
			alive := func() []int {
				pids := processesUsing(dir)
				for _, p := range liveGroup(pgid) {
					if exePath(p) == exe {
						pids = append(pids, p)
					}
				}
				return pids
			}
			if len(alive()) < 2 {
				t.Fatalf("helper's browser tree not found (pgid %d, exe %q)", pgid, exe)
			}
			_ = cmd.Process.Signal(sig)
			_ = cmd.Wait()
			deadline := time.Now().Add(3 * time.Second)
			for len(alive()) > 0 {
				if time.Now().After(deadline) {
					t.Fatalf("browser outlived its Go process: %v", alive())
				}
				time.Sleep(20 * time.Millisecond)
			}
			sweepStale()
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("orphaned dir %s not swept: %v", dir, err)
			}
		})
	}
}

// TestHelperRenderer is the child of TestKilledProcessLeavesNoBrowser.
func TestHelperRenderer(t *testing.T) {
	u := os.Getenv("PORTALSCAN_RENDER_HELPER")
	if u == "" {
		t.Skip("helper process only")
	}
	r, err := Start(context.Background(), Options{Settle: 100 * time.Millisecond, AllowHost: func(string) bool { return true }, ConfineToLoopback: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Render(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("\nREADY %s\n", r.dir)
	time.Sleep(30 * time.Second)
}
