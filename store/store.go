// Package store keeps crawls in a bbolt file: for each crawl a snapshot (fetch records, and
// page bodies compressed in their own bucket), then the findings and the assessment, so
// detectors and scoring can run again without crawling again.
//
// The file is opened per operation, never held between them: a long scan writes in short
// batches, and between batches other commands (list, export, history) can open the file.
// A writer that cannot get the lock within the timeout gets ErrBusy.
package store

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterr "go.etcd.io/bbolt/errors"

	"github.com/portalscan/portalscan/crawler/page"
)

// SchemaVersion of the store layout; a file written by a newer layout is refused, not mangled.
const SchemaVersion = 1

var (
	bMeta        = []byte("meta")
	bPortals     = []byte("portals")
	bCrawls      = []byte("crawls")
	bPages       = []byte("pages")  // crawl id -> nested bucket: seq -> Fetch JSON
	bBodies      = []byte("bodies") // crawl id -> nested bucket: seq -> deflated body
	bAssessments = []byte("assessments")
)

// ErrBusy is returned when another process holds the store for writing past the timeout.
var ErrBusy = errors.New("store busy")

// ErrNotFound is returned when a portal or crawl is not in the store.
var ErrNotFound = errors.New("not found")

// Crawl states. A crawl still "running" whose process is gone was interrupted.
const (
	CrawlRunning    = "running"
	CrawlComplete   = "complete"
	CrawlIncomplete = "incomplete"
	CrawlFailed     = "failed"
)

// Portal is one scanned portal, identified by its normalised start URL.
type Portal struct {
	ID        string    `json:"id"`
	URL       string    `json:"url"`
	Title     string    `json:"title,omitempty"`
	FirstSeen time.Time `json:"first_seen"`
	LastCrawl uint64    `json:"last_crawl,omitempty"`
}

// Crawl is the metadata of one crawl.
type Crawl struct {
	ID       uint64          `json:"id"`
	Portal   string          `json:"portal"`
	StartURL string          `json:"start_url"`
	Started  time.Time       `json:"started"`
	Finished time.Time       `json:"finished,omitempty"`
	Status   string          `json:"status"`
	Error    string          `json:"error,omitempty"`
	PID      int             `json:"pid,omitempty"`
	Host     string          `json:"host,omitempty"`
	Options  json.RawMessage `json:"options,omitempty"`
	Stats    json.RawMessage `json:"stats,omitempty"`
	Pages    int             `json:"pages"`
	Bytes    int64           `json:"bytes"`
}

// Options configure how the store waits for the lock.
type Options struct {
	Timeout time.Duration // how long to wait for the file lock; default 5s
}

// Store is a handle on a store file; it holds no open file between calls.
type Store struct {
	path    string
	timeout time.Duration
}

// DefaultPath is the store in the XDG data directory.
func DefaultPath() string {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil || home == "" {
			home = "."
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "portalscan", "portalscan.db")
}

// Open checks the store file (creating it and its directory when missing) and returns a
// handle. It fails with a clear message for a corrupt file, a file of another program, a
// directory that cannot be created, or a store that stays locked past the timeout.
func Open(path string, opts Options) (*Store, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = 5 * time.Second
	}
	s := &Store{path: path, timeout: opts.Timeout}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	if err := s.update(func(tx *bolt.Tx) error { return nil }); err != nil {
		return nil, err
	}
	return s, nil
}

// OpenExisting is Open for read-only commands: a missing file is ErrNotFound, not created.
func OpenExisting(path string, opts Options) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("no store at %s (run a scan first, or pass --db): %w", path, ErrNotFound)
		}
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 5 * time.Second
	}
	s := &Store{path: path, timeout: opts.Timeout}
	return s, s.view(func(tx *bolt.Tx) error { return nil })
}

// Path is the file the store lives in.
func (s *Store) Path() string { return s.path }

func (s *Store) open(readOnly bool) (*bolt.DB, error) {
	db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: s.timeout, ReadOnly: readOnly})
	if err != nil {
		switch {
		case errors.Is(err, bolterr.ErrTimeout):
			return nil, fmt.Errorf("%w: %s is locked by another portalscan process (waited %s)", ErrBusy, s.path, s.timeout)
		}
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("store %s: %v", s.path, err)
		}
		// Anything bbolt cannot read as its own format: a truncated, garbled or foreign file.
		return nil, fmt.Errorf("store %s is corrupt or not a portalscan store: %v", s.path, err)
	}
	return db, nil
}

func (s *Store) update(fn func(tx *bolt.Tx) error) (err error) {
	db, err := s.open(false)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := db.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	return db.Update(func(tx *bolt.Tx) error {
		if err := ensureBuckets(tx); err != nil {
			return err
		}
		return fn(tx)
	})
}

func (s *Store) view(fn func(tx *bolt.Tx) error) error {
	db, err := s.open(true)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bMeta) == nil {
			// A fresh file that no writer has initialised yet: nothing stored.
			if tx.Bucket(bCrawls) == nil && isEmpty(tx) {
				return fn(tx)
			}
			return fmt.Errorf("store %s is not a portalscan store", s.path)
		}
		if err := checkSchema(tx); err != nil {
			return err
		}
		return fn(tx)
	})
}

func isEmpty(tx *bolt.Tx) bool {
	empty := true
	_ = tx.ForEach(func(name []byte, _ *bolt.Bucket) error { empty = false; return nil })
	return empty
}

func ensureBuckets(tx *bolt.Tx) error {
	if tx.Bucket(bMeta) == nil && !isEmpty(tx) {
		return errors.New("the file is a bbolt database but not a portalscan store")
	}
	for _, name := range [][]byte{bMeta, bPortals, bCrawls, bPages, bBodies, bAssessments} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	m := tx.Bucket(bMeta)
	if m.Get([]byte("schema")) == nil {
		return m.Put([]byte("schema"), []byte(strconv.Itoa(SchemaVersion)))
	}
	return checkSchema(tx)
}

func checkSchema(tx *bolt.Tx) error {
	v, _ := strconv.Atoi(string(tx.Bucket(bMeta).Get([]byte("schema"))))
	if v > SchemaVersion {
		return fmt.Errorf("store layout version %d is newer than this portalscan understands (%d); upgrade portalscan", v, SchemaVersion)
	}
	return nil
}

func itob(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func btoi(b []byte) uint64 { return binary.BigEndian.Uint64(b) }

func getJSON(b *bolt.Bucket, key []byte, v any) (bool, error) {
	if b == nil {
		return false, nil
	}
	raw := b.Get(key)
	if raw == nil {
		return false, nil
	}
	return true, json.Unmarshal(raw, v)
}

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, raw)
}

// BeginCrawl registers a portal (if new) and a crawl in state running, and returns the crawl.
func (s *Store) BeginCrawl(portalID, startURL string, options any) (*Crawl, error) {
	opts, err := json.Marshal(options)
	if err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	c := &Crawl{Portal: portalID, StartURL: startURL, Started: time.Now().UTC(), Status: CrawlRunning, PID: os.Getpid(), Host: host, Options: opts}
	err = s.update(func(tx *bolt.Tx) error {
		crawls := tx.Bucket(bCrawls)
		id, err := crawls.NextSequence()
		if err != nil {
			return err
		}
		c.ID = id
		if _, err := tx.Bucket(bPages).CreateBucket(itob(id)); err != nil {
			return err
		}
		if _, err := tx.Bucket(bBodies).CreateBucket(itob(id)); err != nil {
			return err
		}
		portals := tx.Bucket(bPortals)
		var p Portal
		found, err := getJSON(portals, []byte(portalID), &p)
		if err != nil {
			return err
		}
		if !found {
			p = Portal{ID: portalID, URL: startURL, FirstSeen: c.Started}
			if err := putJSON(portals, []byte(portalID), &p); err != nil {
				return err
			}
		}
		return putJSON(crawls, itob(id), c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// PageWriter buffers pages of one crawl and writes them in short transactions, so memory
// does not grow with the crawl and readers get the file between batches.
type PageWriter struct {
	s         *Store
	crawl     uint64
	buf       []pending
	bufBytes  int
	lastFlush time.Time
	pages     int
	bytes     int64
	// MaxBatch and MaxDelay bound a batch; exported for benchmarks.
	MaxBatch int
	MaxDelay time.Duration
}

type pending struct {
	seq   uint64
	meta  []byte
	body  []byte
	title string
}

// NewPageWriter starts writing pages into crawl.
func (s *Store) NewPageWriter(crawl uint64) *PageWriter {
	return &PageWriter{s: s, crawl: crawl, lastFlush: time.Now(), MaxBatch: 256, MaxDelay: time.Second}
}

// Add queues one page; its body is compressed now so the buffer holds little.
func (w *PageWriter) Add(p *page.Page) error {
	meta, err := json.Marshal(&p.Fetch)
	if err != nil {
		return err
	}
	var body []byte
	if len(p.Body) > 0 {
		body, err = Compress(p.Body)
		if err != nil {
			return err
		}
	}
	w.buf = append(w.buf, pending{seq: uint64(p.Seq), meta: meta, body: body})
	w.bufBytes += len(meta) + len(body)
	w.pages++
	w.bytes += int64(len(body) + len(meta))
	if len(w.buf) >= w.MaxBatch || w.bufBytes > 8<<20 || time.Since(w.lastFlush) > w.MaxDelay {
		return w.Flush()
	}
	return nil
}

// Flush writes the queued pages.
func (w *PageWriter) Flush() error {
	w.lastFlush = time.Now()
	if len(w.buf) == 0 {
		return nil
	}
	err := w.s.update(func(tx *bolt.Tx) error {
		pb := tx.Bucket(bPages).Bucket(itob(w.crawl))
		bb := tx.Bucket(bBodies).Bucket(itob(w.crawl))
		if pb == nil || bb == nil {
			return fmt.Errorf("crawl %d: %w", w.crawl, ErrNotFound)
		}
		for _, p := range w.buf {
			if err := pb.Put(itob(p.seq), p.meta); err != nil {
				return err
			}
			if p.body != nil {
				if err := bb.Put(itob(p.seq), p.body); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	w.buf = w.buf[:0]
	w.bufBytes = 0
	return nil
}

// Stored reports pages and bytes written so far (metadata plus compressed bodies).
func (w *PageWriter) Stored() (int, int64) { return w.pages, w.bytes }

// FinishCrawl records the end state of a crawl and its statistics.
func (s *Store) FinishCrawl(id uint64, status, errMsg string, stats any, pages int, bytes int64) error {
	st, err := json.Marshal(stats)
	if err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		var c Crawl
		found, err := getJSON(tx.Bucket(bCrawls), itob(id), &c)
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("crawl %d: %w", id, ErrNotFound)
		}
		c.Status, c.Error, c.Stats, c.Finished, c.Pages, c.Bytes = status, errMsg, st, time.Now().UTC(), pages, bytes
		if err := putJSON(tx.Bucket(bCrawls), itob(id), &c); err != nil {
			return err
		}
		if status == CrawlComplete {
			var p Portal
			if ok, err := getJSON(tx.Bucket(bPortals), []byte(c.Portal), &p); err != nil || !ok {
				return err
			}
			p.LastCrawl = id
			return putJSON(tx.Bucket(bPortals), []byte(c.Portal), &p)
		}
		return nil
	})
}

// SetPortalTitle records the home page title shown by list and reports.
func (s *Store) SetPortalTitle(portalID, title string) error {
	return s.update(func(tx *bolt.Tx) error {
		var p Portal
		ok, err := getJSON(tx.Bucket(bPortals), []byte(portalID), &p)
		if err != nil || !ok {
			return err
		}
		p.Title = title
		return putJSON(tx.Bucket(bPortals), []byte(portalID), &p)
	})
}

// SaveAssessment stores the assessment of a crawl (any JSON-encodable record), replacing
// an earlier one of the same crawl.
func (s *Store) SaveAssessment(crawl uint64, record any) error {
	return s.update(func(tx *bolt.Tx) error {
		return putJSON(tx.Bucket(bAssessments), itob(crawl), record)
	})
}

// Assessment loads the stored assessment of a crawl into v.
func (s *Store) Assessment(crawl uint64, v any) error {
	return s.view(func(tx *bolt.Tx) error {
		found, err := getJSON(tx.Bucket(bAssessments), itob(crawl), v)
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("assessment of crawl %d: %w", crawl, ErrNotFound)
		}
		return nil
	})
}

// Portals lists the portals, sorted by id.
func (s *Store) Portals() ([]Portal, error) {
	var out []Portal
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bPortals)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var p Portal
			if err := json.Unmarshal(v, &p); err != nil {
				return err
			}
			out = append(out, p)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, err
}

// Crawls lists a portal's crawls, newest first. A crawl left "running" by a process that
// no longer exists is reported as incomplete (the scan was killed).
func (s *Store) Crawls(portalID string) ([]Crawl, error) {
	var out []Crawl
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bCrawls)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var c Crawl
			if err := json.Unmarshal(v, &c); err != nil {
				return err
			}
			if portalID == "" || c.Portal == portalID {
				if c.Status == CrawlRunning && !alive(c) {
					c.Status = CrawlIncomplete
					c.Error = "interrupted: the scanning process ended before the crawl finished"
				}
				out = append(out, c)
			}
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID > out[j].ID })
	return out, err
}

// Crawl returns one crawl's metadata.
func (s *Store) Crawl(id uint64) (*Crawl, error) {
	var c Crawl
	err := s.view(func(tx *bolt.Tx) error {
		found, err := getJSON(tx.Bucket(bCrawls), itob(id), &c)
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("crawl %d: %w", id, ErrNotFound)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if c.Status == CrawlRunning && !alive(c) {
		c.Status = CrawlIncomplete
	}
	return &c, nil
}

func alive(c Crawl) bool {
	host, _ := os.Hostname()
	if c.Host != host || c.PID <= 0 {
		return false
	}
	return processAlive(c.PID)
}

// Fetches returns a crawl's fetch records in completion order (bodies not loaded).
func (s *Store) Fetches(crawl uint64) ([]page.Fetch, error) {
	var out []page.Fetch
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bPages).Bucket(itob(crawl))
		if b == nil {
			return fmt.Errorf("snapshot of crawl %d: %w", crawl, ErrNotFound)
		}
		return b.ForEach(func(k, v []byte) error {
			var f page.Fetch
			if err := json.Unmarshal(v, &f); err != nil {
				return err
			}
			out = append(out, f)
			return nil
		})
	})
	return out, err
}

// EachPage streams a crawl's snapshot, body included, in batches so no transaction stays
// open while fn runs (fn may take long: parsing, detectors).
func (s *Store) EachPage(crawl uint64, fn func(f page.Fetch, body []byte) error) error {
	const batch = 64
	var after []byte
	for {
		type item struct {
			f    page.Fetch
			body []byte
		}
		var items []item
		err := s.view(func(tx *bolt.Tx) error {
			pb := tx.Bucket(bPages).Bucket(itob(crawl))
			bb := tx.Bucket(bBodies).Bucket(itob(crawl))
			if pb == nil {
				return fmt.Errorf("snapshot of crawl %d: %w", crawl, ErrNotFound)
			}
			c := pb.Cursor()
			var k, v []byte
			if after == nil {
				k, v = c.First()
			} else {
				k, v = c.Seek(after)
				if k != nil && bytes.Equal(k, after) {
					k, v = c.Next()
				}
			}
			for ; k != nil && len(items) < batch; k, v = c.Next() {
				var it item
				if err := json.Unmarshal(v, &it.f); err != nil {
					return err
				}
				if bb != nil {
					if z := bb.Get(k); z != nil {
						body, err := Decompress(z)
						if err != nil {
							return fmt.Errorf("page %d of crawl %d: %w", btoi(k), crawl, err)
						}
						it.body = body
					}
				}
				items = append(items, it)
				after = append(after[:0], k...)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, it := range items {
			if err := fn(it.f, it.body); err != nil {
				return err
			}
		}
		if len(items) < batch {
			return nil
		}
	}
}

// flateWriters reuses compressors: a flate.Writer allocates about 600 KB, which per page
// would dominate the garbage a scan makes.
var flateWriters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, 5)
	return w
}}

// Compress deflates a body for storage.
func Compress(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(b)/3 + 64)
	w := flateWriters.Get().(*flate.Writer)
	defer flateWriters.Put(w)
	w.Reset(&buf)
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Decompress inflates a stored body.
func Decompress(b []byte) ([]byte, error) {
	r := flate.NewReader(bytes.NewReader(b))
	defer r.Close()
	return io.ReadAll(r)
}
