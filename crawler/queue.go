package crawler

import (
	"container/heap"
	"context"
	"net/url"
	"sync"
	"time"

	"github.com/portalscan/portalscan/crawler/page"
)

// Task classes, in dispatch order. Robots.txt must be known before anything else on its
// origin; the start page decides whether the scan goes on; sitemaps seed the page queue.
const (
	classRobots = iota
	classSoft404
	classStart
	classSitemap
	classProbe
	classPage
)

// Link ranks within a depth: navigation chrome lists a portal's main sections, so it is
// crawled before the sitemap's long tail and body links.
const (
	rankChrome = iota
	rankSitemap
	rankBody
)

type task struct {
	url     string // normalised, alias-rewritten
	u       *url.URL
	key     string
	origin  string
	kind    page.Kind
	depth   int
	foundOn string
	via     string
	class   int
	rank    int
	tier    int // 0: the link names evidence (evidence.go), 1: anything else
	seq     int // insertion order, the last tie-breaker (FIFO)
	start   bool
}

// taskQueue is a priority queue ordered by (class, depth, rank, seq). Keeping the ordering in
// one comparison leaves room for evidence-first scoring of URLs later.
type taskQueue struct {
	items []*task
	seq   int
	pages int // tasks of Kind page, for progress reporting
}

func (q *taskQueue) Len() int { return len(q.items) }
func (q *taskQueue) Less(i, j int) bool {
	a, b := q.items[i], q.items[j]
	if a.class != b.class {
		return a.class < b.class
	}
	if a.tier != b.tier {
		return a.tier < b.tier
	}
	if a.depth != b.depth {
		return a.depth < b.depth
	}
	if a.rank != b.rank {
		return a.rank < b.rank
	}
	return a.seq < b.seq
}
func (q *taskQueue) Swap(i, j int) { q.items[i], q.items[j] = q.items[j], q.items[i] }
func (q *taskQueue) Push(x any)    { q.items = append(q.items, x.(*task)) }
func (q *taskQueue) Pop() any {
	n := len(q.items)
	t := q.items[n-1]
	q.items[n-1] = nil
	q.items = q.items[:n-1]
	return t
}

func (q *taskQueue) push(t *task) {
	if t.seq == 0 {
		q.seq++
		t.seq = q.seq
	}
	if t.kind == page.KindPage {
		q.pages++
	}
	heap.Push(q, t)
}

func (q *taskQueue) peek() *task {
	if len(q.items) == 0 {
		return nil
	}
	return q.items[0]
}

func (q *taskQueue) pop() *task {
	t := heap.Pop(q).(*task)
	if t.kind == page.KindPage {
		q.pages--
	}
	return t
}

// limiter enforces politeness per host: at most per requests in flight and delay between
// request starts. It lives outside colly because each worker owns its own collector, and
// colly's LimitRule is per collector.
type limiter struct {
	per   int
	delay time.Duration
	mu    sync.Mutex
	hosts map[string]*hostSlot
}

type hostSlot struct {
	sem   chan struct{}
	next  time.Time
	delay time.Duration // the host's own minimum (robots.txt Crawl-delay), 0: none
}

func newLimiter(per int, delay time.Duration) *limiter {
	return &limiter{per: per, delay: delay, hosts: map[string]*hostSlot{}}
}

func (l *limiter) acquire(ctx context.Context, host string) (func(), error) {
	l.mu.Lock()
	h := l.slot(host)
	l.mu.Unlock()
	select {
	case h.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	release := func() { <-h.sem }
	if err := l.pace(ctx, host); err != nil {
		release()
		return nil, err
	}
	return release, nil
}

// pace waits for the host's next start slot without taking a request slot: a redirect hop
// is a new request to the server even though the worker already holds its slot.
func (l *limiter) pace(ctx context.Context, host string) error {
	l.mu.Lock()
	h := l.slot(host)
	delay := max(l.delay, h.delay)
	if delay <= 0 {
		l.mu.Unlock()
		return ctx.Err()
	}
	now := time.Now()
	at := h.next
	if at.Before(now) {
		at = now
	}
	h.next = at.Add(delay)
	l.mu.Unlock()
	return sleepCtx(ctx, time.Until(at))
}

// slot returns the host's slot, creating it; l.mu must be held.
func (l *limiter) slot(host string) *hostSlot {
	h := l.hosts[host]
	if h == nil {
		h = &hostSlot{sem: make(chan struct{}, l.per)}
		l.hosts[host] = h
	}
	return h
}

// setHostDelay raises the delay between request starts on one host.
func (l *limiter) setHostDelay(host string, d time.Duration) {
	l.mu.Lock()
	l.slot(host).delay = d
	l.mu.Unlock()
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
