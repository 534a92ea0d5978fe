//go:build windows

package render

import (
	"os"
	"syscall"
)

// Windows has neither process groups of this kind nor Pdeathsig; rendering works, but a
// Go program killed without Close can leave a browser behind.
func procAttr() *syscall.SysProcAttr { return nil }

func killGroup(int) {}

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
	if err != nil {
		return false
	}
	_ = p.Release()
	return true
}
