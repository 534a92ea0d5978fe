package main

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"syscall"
	"time"
	"unsafe"
)

// runIsolated re-runs this program in a fresh network namespace that has only a loopback
// interface, so neither the scanner nor anything it launches (a browser, a resolver) can send
// a packet off the machine, whatever their own confinement does. Without privileges (or as a
// root stripped of CAP_SYS_ADMIN, as in containers) it needs a user namespace too, mapped to
// root inside as `unshare -rn` does. err is set only when no child could be started;
// otherwise code is its exit status.
func runIsolated(ctx context.Context, args []string, stdout, stderr io.Writer) (code int, err error) {
	exe, err := os.Executable()
	if err != nil {
		return 0, err
	}
	uid, gid := os.Geteuid(), os.Getegid()
	attrs := []*syscall.SysProcAttr{{
		Cloneflags:                 syscall.CLONE_NEWNET | syscall.CLONE_NEWUSER,
		UidMappings:                []syscall.SysProcIDMap{{ContainerID: 0, HostID: uid, Size: 1}},
		GidMappings:                []syscall.SysProcIDMap{{ContainerID: 0, HostID: gid, Size: 1}},
		GidMappingsEnableSetgroups: false,
	}}
	if uid == 0 {
		// Real root keeps its own identity when it can.
		attrs = append([]*syscall.SysProcAttr{{Cloneflags: syscall.CLONE_NEWNET}}, attrs...)
	}
	for _, attr := range attrs {
		cmd := exec.CommandContext(ctx, exe, args...)
		cmd.Env = append(os.Environ(), netnsEnv+"=1")
		cmd.Stdout, cmd.Stderr = stdout, stderr
		cmd.SysProcAttr = attr
		// The child gets Ctrl-C itself (same process group); on other cancellations let it
		// clean up its scans before it is killed.
		cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
		cmd.WaitDelay = 30 * time.Second
		if err = cmd.Start(); err != nil {
			continue
		}
		_ = cmd.Wait()
		if code = cmd.ProcessState.ExitCode(); code < 0 { // killed by a signal
			code = 1
		}
		return code, nil
	}
	return 0, err
}

// enterIsolated runs inside the namespace: loopback starts down there, and the check that no
// other interface exists is what makes "isolated" a fact rather than an assumption.
func enterIsolated() error {
	if err := loopbackUp(); err != nil {
		return fmt.Errorf("bringing up lo: %v", err)
	}
	ifs, err := net.Interfaces()
	if err != nil {
		return err
	}
	for _, i := range ifs {
		if i.Flags&net.FlagLoopback == 0 {
			return fmt.Errorf("interface %s present: not an isolated namespace", i.Name)
		}
	}
	return nil
}

func loopbackUp() error {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_DGRAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer syscall.Close(fd)
	// struct ifreq: a 16-byte name, then a union whose first member is the short flags;
	// 40 bytes covers the union on every Linux architecture.
	var ifr [40]byte
	copy(ifr[:], "lo")
	ioctl := func(req uintptr) error {
		if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), req, uintptr(unsafe.Pointer(&ifr[0]))); e != 0 {
			return e
		}
		return nil
	}
	if err := ioctl(syscall.SIOCGIFFLAGS); err != nil {
		return err
	}
	flags := binary.NativeEndian.Uint16(ifr[16:])
	binary.NativeEndian.PutUint16(ifr[16:], flags|syscall.IFF_UP)
	return ioctl(syscall.SIOCSIFFLAGS)
}
