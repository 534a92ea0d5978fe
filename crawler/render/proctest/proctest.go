// Package proctest finds browser processes a scan started, for the tests that prove no
// Chromium process or profile outlives a scan (crawler and CLI tests share it). Linux only:
// it reads /proc.
package proctest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// MarkedProcesses lists live processes whose command line or environment mentions marker.
func MarkedProcesses(marker string) []int {
	entries, _ := os.ReadDir("/proc")
	var out []int
	for _, e := range entries {
		var pid int
		if _, err := fmt.Sscanf(e.Name(), "%d", &pid); err != nil || pid == os.Getpid() {
			continue
		}
		stat, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if i := bytes.LastIndexByte(stat, ')'); i > 0 && len(stat) > i+2 && (stat[i+2] == 'Z' || stat[i+2] == 'X') {
			continue // a zombie holds nothing; a container's PID 1 may never reap it
		}
		for _, f := range []string{"cmdline", "environ"} {
			b, _ := os.ReadFile(filepath.Join("/proc", e.Name(), f))
			if bytes.Contains(b, []byte(marker)) {
				out = append(out, pid)
				break
			}
		}
	}
	return out
}

// Tracker records every process running the browser that descends from root, with its
// start time, polling while a scan runs: the tree's children do not inherit TMPDIR, and once
// the browser dies its orphans are re-parented away from the scanner, so neither the
// marker nor the parent chain alone can find them afterwards.
type Tracker struct {
	root int
	exe  string
	mu   sync.Mutex
	seen map[int]string // pid -> start time, so a reused pid is not mistaken for a survivor
	stop chan struct{}
	done chan struct{}
}

func Track(root int, exe string) *Tracker {
	pt := &Tracker{root: root, exe: exe, seen: map[int]string{}, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(pt.done)
		for {
			pt.poll()
			select {
			case <-pt.stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return pt
}

// Stat returns a process's parent and start time from /proc/PID/stat.
func Stat(pid int) (ppid int, start string, ok bool) {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, "", false
	}
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, "", false
	}
	f := strings.Fields(string(stat[i+1:]))
	if len(f) < 20 || f[0] == "Z" || f[0] == "X" {
		return 0, "", false
	}
	ppid, _ = strconv.Atoi(f[1])
	return ppid, f[19], true
}

func (pt *Tracker) poll() {
	entries, _ := os.ReadDir("/proc")
	children := map[int][]int{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if ppid, _, ok := Stat(pid); ok {
			children[ppid] = append(children[ppid], pid)
		}
	}
	queue := []int{pt.root}
	pt.mu.Lock()
	defer pt.mu.Unlock()
	for len(queue) > 0 {
		pid := queue[0]
		queue = queue[1:]
		queue = append(queue, children[pid]...)
		if exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); exe == pt.exe {
			if _, start, ok := Stat(pid); ok {
				pt.seen[pid] = start
			}
		}
	}
}

func (pt *Tracker) Count() int {
	pt.mu.Lock()
	defer pt.mu.Unlock()
	return len(pt.seen)
}

// Check stops tracking and fails if any recorded browser process is still alive.
func (pt *Tracker) Check(t testing.TB) {
	t.Helper()
	select {
	case <-pt.stop:
	default:
		close(pt.stop)
	}
	<-pt.done
	if pt.Count() == 0 {
		t.Fatal("no browser process was seen: the check would prove nothing")
	}
	deadline := time.Now().Add(3 * time.Second)
	for {
		var alive []int
		for pid, start := range pt.seen {
			if _, s, ok := Stat(pid); ok && s == start {
				alive = append(alive, pid)
			}
		}
		if len(alive) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("browser processes %v (of %d seen) outlived the scan", alive, len(pt.seen))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// AssertNothingLeft waits briefly for the tree to go, then fails on any process of it and
// on any file left in the scan's TMPDIR (the browser's profile lives there).
func AssertNothingLeft(t testing.TB, tmp string) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		procs := MarkedProcesses(tmp)
		entries, _ := os.ReadDir(tmp)
		if len(procs) == 0 && len(entries) == 0 {
			return
		}
		if time.Now().After(deadline) {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Fatalf("left behind: processes %v, files in TMPDIR %v", procs, names)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
