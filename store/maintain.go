package store

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

var bSchedules = []byte("schedules")

// Schedule is a recurring scan of one portal.
type Schedule struct {
	Portal   string          `json:"portal"` // portal id
	URL      string          `json:"url"`    // start URL as given
	Every    string          `json:"every"`  // a Go duration ("24h") or a cron expression
	Options  json.RawMessage `json:"options,omitempty"`
	Created  time.Time       `json:"created"`
	NextRun  time.Time       `json:"next_run"`
	LastRun  time.Time       `json:"last_run,omitempty"`
	LastErr  string          `json:"last_error,omitempty"`
	LastScan uint64          `json:"last_crawl,omitempty"`
}

// PutSchedule adds or replaces the schedule of a portal.
func (s *Store) PutSchedule(sc Schedule) error {
	return s.update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bSchedules)
		if err != nil {
			return err
		}
		return putJSON(b, []byte(sc.Portal), &sc)
	})
}

// DeleteSchedule removes a portal's schedule; ErrNotFound when there is none.
func (s *Store) DeleteSchedule(portal string) error {
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSchedules)
		if b == nil || b.Get([]byte(portal)) == nil {
			return fmt.Errorf("schedule for %s: %w", portal, ErrNotFound)
		}
		return b.Delete([]byte(portal))
	})
}

// Schedules lists all schedules sorted by next run.
func (s *Store) Schedules() ([]Schedule, error) {
	var out []Schedule
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSchedules)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var sc Schedule
			if err := json.Unmarshal(v, &sc); err != nil {
				return err
			}
			out = append(out, sc)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].NextRun.Before(out[j].NextRun) })
	return out, err
}

// DeleteSnapshot drops a crawl's pages and bodies, keeping its metadata and assessment.
// The snapshot of a portal's latest complete crawl is never dropped.
func (s *Store) DeleteSnapshot(crawl uint64) error {
	return s.update(func(tx *bolt.Tx) error {
		var c Crawl
		found, err := getJSON(tx.Bucket(bCrawls), itob(crawl), &c)
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("crawl %d: %w", crawl, ErrNotFound)
		}
		var p Portal
		if ok, _ := getJSON(tx.Bucket(bPortals), []byte(c.Portal), &p); ok && p.LastCrawl == crawl {
			return fmt.Errorf("crawl %d is the latest crawl of %s: its snapshot is kept", crawl, c.Portal)
		}
		for _, parent := range [][]byte{bPages, bBodies} {
			b := tx.Bucket(parent)
			if b.Bucket(itob(crawl)) != nil {
				if err := b.DeleteBucket(itob(crawl)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// HasSnapshot reports whether a crawl's pages are still stored.
func (s *Store) HasSnapshot(crawl uint64) (bool, error) {
	has := false
	err := s.view(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bPages); b != nil {
			has = b.Bucket(itob(crawl)) != nil
		}
		return nil
	})
	return has, err
}

// Compact rewrites the store into a fresh file (bbolt files never shrink by themselves) and
// swaps it in atomically; the old file stays intact until the new one is complete.
func (s *Store) Compact() (before, after int64, err error) {
	src, err := s.open(false)
	if err != nil {
		return 0, 0, err
	}
	defer src.Close()
	fi, err := os.Stat(s.path)
	if err != nil {
		return 0, 0, err
	}
	tmp := filepath.Join(filepath.Dir(s.path), "."+filepath.Base(s.path)+".compact")
	os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: s.timeout})
	if err != nil {
		return 0, 0, err
	}
	if err := bolt.Compact(dst, src, 64<<20); err != nil {
		dst.Close()
		os.Remove(tmp)
		return 0, 0, fmt.Errorf("compact: %w", err)
	}
	if err := dst.Close(); err != nil {
		os.Remove(tmp)
		return 0, 0, err
	}
	// Renaming while the source is open and locked keeps other processes out until the swap.
	if err := os.Rename(tmp, s.path); err != nil {
		os.Remove(tmp)
		return 0, 0, err
	}
	nfi, err := os.Stat(s.path)
	if err != nil {
		return fi.Size(), 0, err
	}
	return fi.Size(), nfi.Size(), nil
}
