//go:build linux

package render

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
)

// procAttr puts the browser in its own process group, so Close can kill the whole tree
// (zygote, renderers, network service) with one signal and a terminal's Ctrl-C goes to
// the Go program alone, which decides; Pdeathsig kills the browser if the Go program dies
// without running Close (SIGTERM, SIGKILL, a panic). chromedp starts the browser from a
// goroutine locked to its OS thread, which Pdeathsig needs.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

func killGroup(pgid int) {
	if pgid > 1 {
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
	}
}

// processesUsing lists processes whose command line mentions dir. Every Chromium child
// is started with --user-data-dir (and the crash handler with a database under it), and
// dir is unique to one Renderer, so this finds processes that escaped the process group
// (Chromium's zygote can reparent them) without touching anyone else's browser.
func processesUsing(dir string) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	self := os.Getpid()
	want := []byte(dir)
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self {
			continue
		}
		cmdline, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err != nil || !bytes.Contains(cmdline, want) {
			continue
		}
		pids = append(pids, pid)
	}
	return pids
}

// liveGroup lists the members of process group pgid that are not zombies. Chromium's
// zygote, GPU and renderer processes do not carry --user-data-dir on their command line,
// so the group is the only way to find them; zombies are skipped because a container's
// PID 1 may never reap the orphans, and a zombie holds nothing.
func liveGroup(pgid int) []int {
	if pgid <= 1 {
		return nil
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// "pid (comm) state ppid pgrp ..."; comm may hold spaces and parentheses.
		i := bytes.LastIndexByte(stat, ')')
		if i < 0 {
			continue
		}
		f := bytes.Fields(stat[i+1:])
		if len(f) < 3 || string(f[0]) == "Z" || string(f[0]) == "X" {
			continue
		}
		if g, err := strconv.Atoi(string(f[2])); err == nil && g == pgid {
			pids = append(pids, pid)
		}
	}
	return pids
}

// exePath is the executable of a running process, for checking that a recorded process
// group still belongs to a browser and not to whoever reused the number.
func exePath(pid int) string {
	p, _ := os.Readlink("/proc/" + strconv.Itoa(pid) + "/exe")
	return p
}

func killPIDs(pids []int) {
	for _, pid := range pids {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}

// pidAlive reports whether a process exists; EPERM still means it exists.
func pidAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}
