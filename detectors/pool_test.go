package detectors

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"
)

// A full pool keeps the maxPool most convincing candidates, whatever order they came in.
func TestPoolKeepsTheBestInAnyOrder(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	var cs []*candidate
	for i := 0; i < 1000; i++ {
		cs = append(cs, &candidate{prio: r.Intn(5), depth: r.Intn(6),
			ev: Evidence{URL: fmt.Sprintf("https://h/p%d", r.Intn(400)), FoundOn: fmt.Sprintf("https://h/f%d", r.Intn(50))}})
	}
	kept := func(order []int) string {
		pl := newPool()
		for _, i := range order {
			pl.add("rule", cs[i])
		}
		var out []string
		for k, c := range pl.all() {
			out = append(out, k+" "+c.ev.FoundOn+fmt.Sprint(c.prio, c.depth))
		}
		sort.Strings(out)
		return strings.Join(out, "\n")
	}
	order := r.Perm(len(cs))
	first := kept(order)
	for round := 0; round < 5; round++ {
		if got := kept(r.Perm(len(cs))); got != first {
			t.Fatal("what a pool keeps depends on the order candidates arrive in")
		}
	}
	// The reference: best candidate per URL, then the best maxPool of those.
	best := map[string]*candidate{}
	for _, c := range cs {
		if b, ok := best[c.ev.URL]; !ok || c.less(b) {
			best[c.ev.URL] = c
		}
	}
	var all []*candidate
	for _, c := range best {
		all = append(all, c)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].less(all[j]) })
	var want []string
	for _, c := range all[:maxPool] {
		want = append(want, "rule\x00"+c.ev.URL+" "+c.ev.FoundOn+fmt.Sprint(c.prio, c.depth))
	}
	sort.Strings(want)
	if first != strings.Join(want, "\n") {
		t.Fatal("the pool did not keep the best candidate per URL, best first")
	}
}
