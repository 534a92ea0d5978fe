package render

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// ErrNoBrowser means no Chromium-family browser was found; crawler/render/install-browser.sh
// installs one on Debian.
var ErrNoBrowser = errors.New("render: no Chromium browser found (run crawler/render/install-browser.sh or set PORTALSCAN_BROWSER)")

// browserCandidates is the search order. The headless shell comes first: it starts in a
// fraction of the time of full Chromium and uses about half the memory. Debian's real
// binaries under /usr/lib/chromium come before the /usr/bin names because those are shell
// wrappers: /usr/bin/chromium sources /etc/chromium.d (remote extensions, extension loading,
// API keys), and /usr/bin/chromium-headless-shell does not exec, so the browser would not be
// our direct child and Pdeathsig would not reach it.
var browserCandidates = []string{
	"/usr/lib/chromium/chromium-headless-shell",
	"chromium-headless-shell",
	"headless_shell", // the name in chromedp's headless-shell images
	"/usr/lib/chromium/chromium",
	"chromium",
	"chromium-browser",
	"google-chrome",
	"google-chrome-stable",
}

// FindBrowser: explicit path if non-empty (error if not executable), else $PORTALSCAN_BROWSER,
// else the usual locations in order: chromium-headless-shell, then chromium, chromium-browser,
// google-chrome, google-chrome-stable. A name without a slash is looked up in PATH.
func FindBrowser(explicit string) (string, error) {
	if explicit != "" {
		return executable(explicit)
	}
	if env := strings.TrimSpace(os.Getenv("PORTALSCAN_BROWSER")); env != "" {
		// A configured browser that is missing is a configuration error, not a reason to
		// silently pick another one.
		p, err := executable(env)
		if err != nil {
			return "", fmt.Errorf("PORTALSCAN_BROWSER: %w", err)
		}
		return p, nil
	}
	for _, c := range browserCandidates {
		if p, err := executable(c); err == nil {
			return p, nil
		}
	}
	return "", ErrNoBrowser
}

func executable(p string) (string, error) {
	if !strings.Contains(p, "/") {
		found, err := exec.LookPath(p)
		if err != nil {
			return "", fmt.Errorf("render: browser %q not found in PATH", p)
		}
		return found, nil
	}
	st, err := os.Stat(p)
	if err != nil {
		return "", fmt.Errorf("render: browser %q: %w", p, err)
	}
	if st.IsDir() || st.Mode().Perm()&0o111 == 0 {
		return "", fmt.Errorf("render: browser %q is not executable", p)
	}
	return p, nil
}
