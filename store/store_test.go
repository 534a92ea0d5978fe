package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/portalscan/portalscan/crawler/page"
)

func tempStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "sub", "p.db"), Options{Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCrawlRoundTrip(t *testing.T) {
	s := tempStore(t)
	c, err := s.BeginCrawl("http://a.test/", "http://a.test/", map[string]int{"max_pages": 3})
	if err != nil {
		t.Fatal(err)
	}
	w := s.NewPageWriter(c.ID)
	w.MaxBatch = 7 // several batches
	const n = 150
	for i := 1; i <= n; i++ {
		p := &page.Page{Fetch: page.Fetch{Seq: i, URL: fmt.Sprintf("http://a.test/p%d", i), Status: 200, Kind: page.KindPage}}
		if i%3 != 0 {
			p.Body = bytes.Repeat([]byte(fmt.Sprintf("<p>page %d</p>", i)), 50)
		}
		if err := w.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	pages, b := w.Stored()
	if err := s.FinishCrawl(c.ID, CrawlComplete, "", map[string]int{"pages": n}, pages, b); err != nil {
		t.Fatal(err)
	}
	got := 0
	err = s.EachPage(c.ID, func(f page.Fetch, body []byte) error {
		got++
		if f.Seq != got {
			return fmt.Errorf("seq %d at position %d", f.Seq, got)
		}
		want := ""
		if got%3 != 0 {
			want = strings.Repeat(fmt.Sprintf("<p>page %d</p>", got), 50)
		}
		if string(body) != want {
			return fmt.Errorf("page %d body mismatch", got)
		}
		return nil
	})
	if err != nil || got != n {
		t.Fatalf("EachPage: %v, %d pages", err, got)
	}
	crawls, err := s.Crawls("http://a.test/")
	if err != nil || len(crawls) != 1 || crawls[0].Status != CrawlComplete || crawls[0].Pages != n {
		t.Fatalf("crawls: %v %+v", err, crawls)
	}
	ps, err := s.Portals()
	if err != nil || len(ps) != 1 || ps[0].LastCrawl != c.ID {
		t.Fatalf("portals: %v %+v", err, ps)
	}
	if err := s.SaveAssessment(c.ID, map[string]string{"x": "y"}); err != nil {
		t.Fatal(err)
	}
	var a map[string]string
	if err := s.Assessment(c.ID, &a); err != nil || a["x"] != "y" {
		t.Fatalf("assessment: %v %v", err, a)
	}
	if err := s.Assessment(999, &a); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing assessment: %v", err)
	}
}

// A crawl whose process died stays readable and says it was interrupted.
func TestInterruptedCrawlIsIncomplete(t *testing.T) {
	s := tempStore(t)
	c, err := s.BeginCrawl("http://a.test/", "http://a.test/", nil)
	if err != nil {
		t.Fatal(err)
	}
	err = s.update(func(tx *bolt.Tx) error {
		var cr Crawl
		if _, err := getJSON(tx.Bucket(bCrawls), itob(c.ID), &cr); err != nil {
			return err
		}
		cr.PID = 1 << 30 // no such process
		return putJSON(tx.Bucket(bCrawls), itob(c.ID), &cr)
	})
	if err != nil {
		t.Fatal(err)
	}
	crawls, err := s.Crawls("")
	if err != nil || len(crawls) != 1 || crawls[0].Status != CrawlIncomplete {
		t.Fatalf("%v %+v", err, crawls)
	}
}

func TestBusyStoreGivesClearError(t *testing.T) {
	s := tempStore(t)
	db, err := bolt.Open(s.Path(), 0o600, nil) // another writer holds the lock
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	_, err = s.BeginCrawl("http://a.test/", "http://a.test/", nil)
	if !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), "store busy") {
		t.Fatalf("want store busy, got %v", err)
	}
	if time.Since(start) > 3*time.Second {
		t.Fatalf("busy error took %s", time.Since(start))
	}
}

func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, bytes.Repeat([]byte("not a database "), 500), 0o600); err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join(dir, "foreign.db")
	db, err := bolt.Open(foreign, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("other")); return err }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, tc := range []struct {
		name, path, want string
	}{
		{"garbage", garbage, "corrupt or not a portalscan store"},
		{"foreign bbolt", foreign, "not a portalscan store"},
		{"missing", filepath.Join(dir, "missing.db"), "no store at"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := OpenExisting(tc.path, Options{Timeout: 200 * time.Millisecond})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("want %q, got %v", tc.want, err)
			}
		})
	}
	// A writer must refuse the foreign file too rather than add buckets to it.
	if _, err := Open(foreign, Options{Timeout: 200 * time.Millisecond}); err == nil || !strings.Contains(err.Error(), "not a portalscan store") {
		t.Fatalf("writer on foreign file: %v", err)
	}
}

func TestCompressRoundTrip(t *testing.T) {
	in := bytes.Repeat([]byte("hello portal "), 1000)
	z, err := Compress(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(z) >= len(in)/10 {
		t.Fatalf("compressed %d -> %d", len(in), len(z))
	}
	out, err := Decompress(z)
	if err != nil || !bytes.Equal(in, out) {
		t.Fatalf("round trip failed: %v", err)
	}
}
