package store

import (
	"errors"
	"testing"
	"time"
)

func TestReviewsRoundTrip(t *testing.T) {
	s := tempStore(t)
	// A fresh store has no reviews bucket: reading is not an error.
	if rs, err := s.Reviews("http://a.test/"); err != nil || len(rs) != 0 {
		t.Fatalf("empty store: %v %v", rs, err)
	}
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	in := []Review{
		{Portal: "http://a.test/", Practice: "zz-last", Status: "met", By: "Ana", At: at, Crawl: 2, Fingerprint: "ev1:aa"},
		{Portal: "http://a.test/", Practice: "aa-first", Status: "not_met", Note: "only a PDF", By: "Ben", At: at, Crawl: 2, Fingerprint: "ev1:bb"},
		{Portal: "http://b.test/", Practice: "aa-first", Status: "partial", By: "Ana", At: at, Crawl: 3, Fingerprint: "ev1:cc"},
	}
	if err := s.SaveReviews(in); err != nil {
		t.Fatal(err)
	}
	rs, err := s.Reviews("http://a.test/")
	if err != nil || len(rs) != 2 || rs[0].Practice != "aa-first" || rs[0].Note != "only a PDF" || !rs[1].At.Equal(at) {
		t.Fatalf("reviews of a: %+v %v", rs, err)
	}
	// Replacing keeps one review per portal and practice.
	if err := s.SaveReviews([]Review{{Portal: "http://a.test/", Practice: "zz-last", Status: "partial", By: "Cy", Crawl: 4}}); err != nil {
		t.Fatal(err)
	}
	rs, _ = s.Reviews("http://a.test/")
	if len(rs) != 2 || rs[1].Status != "partial" || rs[1].By != "Cy" {
		t.Fatalf("after replace: %+v", rs)
	}
	if n, err := s.DeleteReviews("http://a.test/", []string{"zz-last", "nope"}); err != nil || n != 1 {
		t.Fatalf("delete one: %d %v", n, err)
	}
	if n, err := s.DeleteReviews("http://b.test/", nil); err != nil || n != 1 {
		t.Fatalf("delete all: %d %v", n, err)
	}
	if rs, _ := s.Reviews("http://b.test/"); len(rs) != 0 {
		t.Fatalf("b still has %+v", rs)
	}
	if err := s.SaveReviews([]Review{{Practice: "x"}}); err == nil {
		t.Fatal("a review without portal was stored")
	}
}

func TestCohorts(t *testing.T) {
	s := tempStore(t)
	if _, err := s.LoadCohort("banks-eu"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing cohort: %v", err)
	}
	if err := s.SaveCohort("banks-eu", []string{"http://a.test/", "http://b.test/"}); err != nil {
		t.Fatal(err)
	}
	c, err := s.LoadCohort("banks-eu")
	if err != nil || len(c.Portals) != 2 || c.Saved.IsZero() {
		t.Fatalf("cohort: %+v %v", c, err)
	}
	if err := s.SaveCohort("banks-eu", []string{"http://c.test/"}); err != nil {
		t.Fatal(err)
	}
	all, err := s.Cohorts()
	if err != nil || len(all) != 1 || all[0].Portals[0] != "http://c.test/" {
		t.Fatalf("cohorts: %+v %v", all, err)
	}
	for _, bad := range []string{"", " x", "a/b", "tab\there", string(make([]byte, 65))} {
		if err := s.SaveCohort(bad, nil); err == nil {
			t.Errorf("cohort name %q accepted", bad)
		}
	}
}
