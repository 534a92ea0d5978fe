package detectors

import (
	"sync/atomic"
	"unsafe"
)

// A trigram index speeds up literal checks on long texts. Many rules ask whether one of
// their literals occurs in the same page text or raw body; each scan is as long as the text.
// The index (one byte per 15-bit trigram code, built once per text) answers "certainly
// absent" for most literals in a few nanoseconds; a scan still decides whenever it cannot.
//
// Texts are recognised by identity (data pointer and length): a page's folded, lower-cased
// text and its raw body are strings every rule receives. indexOf builds an index the second
// time the same long text is asked about, so strings built afresh for every call are never
// indexed; pageIndex builds it at once for texts known to be reused.

const (
	indexMinLen = 4096    // shorter texts are scanned directly
	indexSize   = 1 << 15 // trigram codes: five bits of each byte
	indexSlots  = 4       // texts remembered at once (concurrent engines each have one)
)

type trigramIndex struct {
	ptr  *byte // keeps the text alive, so its address cannot be reused by another text
	n    int
	seen [indexSize]bool
}

type textSighting struct {
	ptr *byte
	n   int
}

var (
	indexCache [indexSlots]atomic.Pointer[trigramIndex]
	lastSeen   [indexSlots]atomic.Pointer[textSighting]
	nextIndex  atomic.Uint32 // round-robin slot for the next index
	nextSeen   atomic.Uint32 // round-robin slot for the next sighting
)

// indexOf returns the trigram index of a long text, building it on the text's second
// sighting; nil when the text is short or seen for the first time.
func indexOf(lower string) *trigramIndex { return lookupIndex(lower, false) }

// pageIndex is indexOf for a text known to be reused (the page's folded text, its raw body):
// the index is built on the first sighting.
func pageIndex(s string) *trigramIndex { return lookupIndex(s, true) }

func lookupIndex(s string, build bool) *trigramIndex {
	if len(s) < indexMinLen {
		return nil
	}
	ptr, n := unsafe.StringData(s), len(s)
	for i := range indexCache {
		if ix := indexCache[i].Load(); ix != nil && ix.ptr == ptr && ix.n == n {
			return ix
		}
	}
	seen := build
	for i := 0; !seen && i < len(lastSeen); i++ {
		if t := lastSeen[i].Load(); t != nil && t.ptr == ptr && t.n == n {
			seen = true
		}
	}
	if !seen {
		lastSeen[nextSeen.Add(1)%indexSlots].Store(&textSighting{ptr: ptr, n: n})
		return nil
	}
	ix := &trigramIndex{ptr: ptr, n: n}
	var h uint32
	for i := 0; i < n; i++ {
		h = (h<<5 ^ uint32(s[i])) & (indexSize - 1)
		ix.seen[h] = true
	}
	indexCache[nextIndex.Add(1)%indexSlots].Store(ix)
	return ix
}

// mayContain reports whether the indexed text may contain lit: false means it certainly
// does not.
func (ix *trigramIndex) mayContain(lit string) bool {
	if ix == nil {
		return true
	}
	var h uint32
	for i := 0; i < len(lit); i++ {
		h = (h<<5 ^ uint32(lit[i])) & (indexSize - 1)
		if i >= 2 && !ix.seen[h] {
			return false
		}
	}
	return true
}
