//go:build !linux && !windows

package render

import (
	"os"
	"syscall"
)

// Outside Linux there is no Pdeathsig and no /proc: the process group is the only handle
// on the browser tree, and a Go program killed without Close can leave a browser behind.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

func killGroup(pgid int) {
	if pgid > 1 {
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
	}
}

func processesUsing(string) []int { return nil }

func liveGroup(int) []int { return nil }

func exePath(int) string { return "" }

func killPIDs(pids []int) {
	for _, pid := range pids {
		if p, err := os.FindProcess(pid); err == nil {
			_ = p.Kill()
		}
	}
}

func pidAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	return err == nil && p.Signal(syscall.Signal(0)) == nil
}
