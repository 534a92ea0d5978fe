package render

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/chromedp/chromedp"
)

// disabledFeatures keeps Chromium's own services from calling home. Site isolation is off
// (IsolateOrigins, site-per-process) so every frame of a page lives in the page's renderer
// and its requests pass through the tab's request interception; the browser holds no
// credentials, so isolation would protect nothing and would cost a process per site.
const disabledFeatures = "Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider," +
	"AutofillServerCommunication,CertificateTransparencyComponentUpdater," +
	"InterestFeedContentSuggestions,IsolateOrigins,site-per-process"

// resolverRules builds --host-resolver-rules. Chromium applies the rules to every host
// its network service resolves (page loads, preconnect, dns-prefetch, WebSockets, its own
// background services) and also to IP literals, so "MAP * ~NOTFOUND" fails anything not
// excluded before a DNS query or a connect happens. EXCLUDE matches the bare host: an IPv6
// literal is written without brackets ("EXCLUDE [::1]" does not match, checked with a net
// log on Chromium 156). It returns "" when no confinement was asked for.
func resolverRules(confine bool, resolveOnly, extra []string) string {
	var rules []string
	rules = append(rules, extra...)
	if !confine && len(resolveOnly) == 0 {
		return strings.Join(rules, ", ")
	}
	rules = append(rules, "MAP * ~NOTFOUND")
	if confine {
		rules = append(rules, "EXCLUDE 127.0.0.1", "EXCLUDE localhost", "EXCLUDE ::1")
	}
	for _, h := range resolveOnly {
		if h = bareHost(h); h != "" {
			rules = append(rules, "EXCLUDE "+h)
		}
	}
	return strings.Join(rules, ", ")
}

// bareHost strips a port and IPv6 brackets, and refuses anything that could smuggle
// another rule into the comma-separated list.
func bareHost(h string) string {
	h = strings.TrimSpace(strings.ToLower(h))
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	if h == "" || strings.ContainsAny(h, ", \t\r\n") {
		return ""
	}
	return h
}

// allocatorOptions lists every flag explicitly instead of starting from chromedp's
// defaults, whose --enable-automation and --disable-popup-blocking a crawler of hostile
// pages does not want.
func allocatorOptions(opts Options, browser, dir string) []chromedp.ExecAllocatorOption {
	profile := filepath.Join(dir, "profile")
	tmp := filepath.Join(dir, "tmp")
	home := filepath.Join(dir, "home")
	o := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browser),
		chromedp.Headless,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("disable-client-side-phishing-detection", true),
		chromedp.Flag("disable-site-isolation-trials", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("dns-prefetch-disable", true),
		chromedp.Flag("disable-features", disabledFeatures),
		// WebRTC opens its own UDP sockets to STUN servers, outside the resolver and the
		// request interception; no portal needs it to show its documentation.
		chromedp.Flag("force-webrtc-ip-handling-policy", "disable_non_proxied_udp"),
		chromedp.Flag("webrtc-ip-handling-policy", "disable_non_proxied_udp"),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
		// A desktop viewport: many portals hide their navigation on narrow screens.
		chromedp.WindowSize(1366, 900),
		// The browser gets only what it needs: the scan's secrets stay out of its
		// environment, and HOME/XDG/TMPDIR point into dir so nothing lands in the real home
		// (NSS databases, caches) or in the shared /tmp.
		chromedp.NoInheritEnv,
		chromedp.Env(
			"PATH="+os.Getenv("PATH"),
			"HOME="+home,
			"TMPDIR="+tmp,
			"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
			"XDG_CACHE_HOME="+filepath.Join(home, ".cache"),
			"LANG=C.UTF-8",
		),
		chromedp.ModifyCmdFunc(func(cmd *exec.Cmd) { cmd.SysProcAttr = procAttr() }),
	}
	if os.Geteuid() == 0 {
		// Chromium refuses to start its sandbox as root. Other users keep the sandbox:
		// the pages we render are written by strangers.
		o = append(o, chromedp.NoSandbox)
	}
	if opts.UserAgent != "" {
		o = append(o, chromedp.UserAgent(opts.UserAgent))
	}
	if rules := resolverRules(opts.ConfineToLoopback, opts.ResolveOnly, opts.extraResolverRules); rules != "" {
		o = append(o, chromedp.Flag("host-resolver-rules", rules))
	}
	for name, v := range opts.extraFlags {
		o = append(o, chromedp.Flag(name, v))
	}
	return o
}
