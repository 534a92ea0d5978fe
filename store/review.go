package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Analyst reviews and benchmark cohorts. Both are small, written rarely and read by every
// export or report, so they live in their own buckets beside the crawl data: reviews must
// outlive the crawls they were made on (they carry over to later crawls), and retention or
// re-scoring must never touch them.
var (
	bReviews = []byte("reviews") // portal id -> nested bucket: practice id -> Review JSON
	bCohorts = []byte("cohorts") // cohort name -> Cohort JSON
)

// Review is an analyst's override of one practice's status on one portal. It applies to the
// crawl it was made on and to later crawls for as long as the practice's evidence keeps the
// same Fingerprint (defined by scoring.Fingerprint; the store only keeps it).
type Review struct {
	Portal         string    `json:"portal"`
	Practice       string    `json:"practice"`
	Status         string    `json:"status"`
	Note           string    `json:"note,omitempty"`
	By             string    `json:"by"`
	At             time.Time `json:"at"`
	Crawl          uint64    `json:"crawl"`                     // the crawl whose evidence was reviewed
	Fingerprint    string    `json:"fingerprint"`               // of that evidence
	DetectorStatus string    `json:"detector_status,omitempty"` // what the detectors said then
}

// SaveReviews adds or replaces reviews (key: portal and practice) in one transaction, so an
// import is stored whole or not at all.
func (s *Store) SaveReviews(rs []Review) error {
	for _, r := range rs {
		if r.Portal == "" || r.Practice == "" {
			return errors.New("review without portal or practice")
		}
	}
	return s.update(func(tx *bolt.Tx) error {
		root, err := tx.CreateBucketIfNotExists(bReviews)
		if err != nil {
			return err
		}
		for _, r := range rs {
			b, err := root.CreateBucketIfNotExists([]byte(r.Portal))
			if err != nil {
				return err
			}
			if err := putJSON(b, []byte(r.Practice), &r); err != nil {
				return err
			}
		}
		return nil
	})
}

// Reviews lists a portal's reviews sorted by practice id; none is not an error.
func (s *Store) Reviews(portal string) ([]Review, error) {
	var out []Review
	err := s.view(func(tx *bolt.Tx) error {
		root := tx.Bucket(bReviews)
		if root == nil {
			return nil
		}
		b := root.Bucket([]byte(portal))
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var r Review
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("review %s of %s: %w", k, portal, err)
			}
			out = append(out, r)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Practice < out[j].Practice })
	return out, err
}

// DeleteReviews removes a portal's reviews of the given practices (all of them when none is
// given) and returns how many were removed.
func (s *Store) DeleteReviews(portal string, practices []string) (int, error) {
	n := 0
	err := s.update(func(tx *bolt.Tx) error {
		root := tx.Bucket(bReviews)
		if root == nil || root.Bucket([]byte(portal)) == nil {
			return nil
		}
		if len(practices) == 0 {
			b := root.Bucket([]byte(portal))
			n = b.Stats().KeyN
			return root.DeleteBucket([]byte(portal))
		}
		b := root.Bucket([]byte(portal))
		for _, p := range practices {
			if b.Get([]byte(p)) != nil {
				if err := b.Delete([]byte(p)); err != nil {
					return err
				}
				n++
			}
		}
		return nil
	})
	return n, err
}

// Cohort is a named list of portals benchmarked together.
type Cohort struct {
	Name    string    `json:"name"`
	Portals []string  `json:"portals"` // portal ids
	Saved   time.Time `json:"saved"`
}

// ValidCohortName accepts short names that are easy to type on a command line.
func ValidCohortName(name string) error {
	if name == "" || len(name) > 64 || strings.TrimSpace(name) != name || strings.ContainsAny(name, "\x00\n\r\t/") {
		return fmt.Errorf("cohort name %q: want 1 to 64 characters without slashes or control characters", name)
	}
	return nil
}

// SaveCohort stores (or replaces) a cohort.
func (s *Store) SaveCohort(name string, portals []string) error {
	if err := ValidCohortName(name); err != nil {
		return err
	}
	c := Cohort{Name: name, Portals: append([]string{}, portals...), Saved: time.Now().UTC()}
	return s.update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bCohorts)
		if err != nil {
			return err
		}
		return putJSON(b, []byte(name), &c)
	})
}

// LoadCohort returns a saved cohort; ErrNotFound when there is none of that name.
func (s *Store) LoadCohort(name string) (*Cohort, error) {
	var c Cohort
	err := s.view(func(tx *bolt.Tx) error {
		found, err := getJSON(tx.Bucket(bCohorts), []byte(name), &c)
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("cohort %q: %w", name, ErrNotFound)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// Cohorts lists the saved cohorts sorted by name.
func (s *Store) Cohorts() ([]Cohort, error) {
	var out []Cohort
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bCohorts)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var c Cohort
			if err := json.Unmarshal(v, &c); err != nil {
				return err
			}
			out = append(out, c)
			return nil
		})
	})
	return out, err
}
