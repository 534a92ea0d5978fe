package render

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/chromedp/chromedp"
)

// ErrNotLoaded: the document had not finished parsing at PageTimeout (a script or
// stylesheet that never arrives); Result.HTML is the partial DOM when it could be read.
var ErrNotLoaded = errors.New("render: page still loading at the deadline")

// probe is a cheap fingerprint of the DOM: the mutation count of pageInit, with text length
// and element count as a fallback for a page that broke the observer. textContent, unlike
// innerText, needs no layout, so polling it every few tens of milliseconds does not slow
// the page it watches.
type probe struct {
	State   string  `json:"state"`
	Text    int     `json:"text"`
	Els     int     `json:"els"`
	Href    string  `json:"href"`
	Refresh float64 `json:"refresh"`
	Muts    int     `json:"muts"`
}

const probeJS = `(() => {
  const d = document, b = d.body;
  let refresh = -1;
  const m = d.querySelector('meta[http-equiv="refresh" i]');
  if (m) { const n = parseFloat(m.getAttribute("content") || ""); if (!isNaN(n)) refresh = n; }
  return {state: d.readyState, text: b ? b.textContent.length : 0,
    els: d.getElementsByTagName("*").length, href: location.href, refresh,
    muts: window.__portalscanMutations || 0};
})()`

const outerHTMLJS = `document.documentElement ? document.documentElement.outerHTML : ""`

// maxRefreshWait is the longest meta-refresh delay worth waiting for; longer ones are
// "this page moved" notices the crawler reads from the raw HTML anyway.
const maxRefreshWait = 5 * time.Second

// settle polls until the document has parsed (DOMContentLoaded), no main-frame navigation
// is pending, and the DOM fingerprint has not changed for Settle while the network is
// idle. A page that keeps the network busy (analytics beacons, long polling) settles once
// its DOM has been still for four Settle periods. Everything is bounded by the page's
// deadline, keeping a little time back to read the DOM.
func (r *Renderer) settle(ctx context.Context, st *tabState, res *Result) error {
	settle := r.opts.Settle
	poll := min(max(settle/5, 25*time.Millisecond), 100*time.Millisecond)
	grace := min(2*time.Second, r.opts.PageTimeout/5)
	deadline := time.Now().Add(r.opts.PageTimeout - grace)
	if d, ok := ctx.Deadline(); ok && d.Add(-grace).Before(deadline) {
		deadline = d.Add(-grace)
	}

	var last probe
	stableSince := time.Now()
	ready, settled := false, false
	for {
		nav, blockedNav, fatal := st.pending()
		if blockedNav != "" {
			res.FinalURL = blockedNav
			return fmt.Errorf("%w: %s", ErrRedirectOutOfScope, blockedNav)
		}
		if fatal != nil {
			return fatal
		}
		p, err := chromedp.Run(ctx, chromedp.Evaluate[probe](probeJS))
		now := time.Now()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			// The document is being replaced by a navigation: not settled.
			stableSince, ready = now, false
		} else {
			if p != last {
				last, stableSince = p, now
			}
			ready = p.State != "loading"
		}
		quiet := now.Sub(stableSince)
		if ready && !nav && quiet >= settle && (quiet >= 4*settle || st.netQuiet(now, settle)) &&
			(last.Refresh < 0 || time.Duration(last.Refresh*float64(time.Second)) > maxRefreshWait ||
				quiet >= time.Duration(last.Refresh*float64(time.Second))+settle) {
			settled = true
			break
		}
		if now.After(deadline) {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(poll):
		}
	}

	html, err := chromedp.Run(ctx, chromedp.Evaluate[string](outerHTMLJS))
	if err != nil {
		return err
	}
	res.HTML = html
	res.Settled = settled
	if last.Href != "" && last.Href != "about:blank" {
		res.FinalURL = last.Href
	}
	if !ready {
		return ErrNotLoaded
	}
	return nil
}
