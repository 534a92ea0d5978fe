package crawler

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"
)

// refusedError marks a dial the confinement rules forbade; it is never retried.
type refusedError struct {
	addr, why string
}

func (e *refusedError) Error() string { return "refused to dial " + e.addr + ": " + e.why }

// blockedNets are the ranges a public scan must not reach through a same-site host or a
// redirect: loopback, private, link-local (cloud metadata at 169.254.169.254 and
// fd00:ec2::254 included), carrier-grade NAT, unspecified, multicast and reserved.
var blockedNets = func() []*net.IPNet {
	var out []*net.IPNet
	for _, c := range []string{
		"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
		"172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4",
		"240.0.0.0/4", "::/128", "::1/128", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
		"64:ff9b::/96", // NAT64 can embed any IPv4 address, private ones included
	} {
		_, n, err := net.ParseCIDR(c)
		if err == nil {
			out = append(out, n)
		}
	}
	return out
}()

func isPrivateIP(ip net.IP) bool {
	if v4 := ip.To4(); v4 != nil {
		ip = v4
	}
	for _, n := range blockedNets {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

// dialer enforces confinement where it cannot be bypassed: every connection the transport
// opens goes through DialContext, which sees the host before anything resolves it.
type dialer struct {
	confined     bool   // the scanned host is private: nothing else is ever resolved or dialled
	startHost    string // scanned host name, lower-case, no brackets
	resolver     Resolver
	allowPrivate bool
	raw          func(ctx context.Context, network, addr string) (net.Conn, error) // dials an IP:port
}

func newDialer(startHost string, opts Options, hook func(network, addr string)) *dialer {
	nd := &net.Dialer{
		Timeout:   10 * time.Second,
		KeepAlive: 30 * time.Second,
		// Addresses reach the net.Dialer already resolved; should one ever not be, this
		// resolver fails instead of sending a DNS query on its own.
		Resolver: &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
			return nil, errors.New("crawler: unexpected DNS lookup by the dialer")
		}},
	}
	d := &dialer{
		confined:     isPrivateHost(startHost),
		startHost:    startHost,
		resolver:     opts.Resolver,
		allowPrivate: opts.AllowPrivate,
		raw:          nd.DialContext,
	}
	if hook != nil {
		d.raw = func(ctx context.Context, network, addr string) (net.Conn, error) {
			hook(network, addr)
			return nd.DialContext(ctx, network, addr)
		}
	}
	return d
}

func (d *dialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, &refusedError{addr, "bad address"}
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	isStart := host == d.startHost
	if d.confined {
		if !isStart {
			return nil, &refusedError{addr, "the scan of " + d.startHost + " is confined to that host"}
		}
		return d.dialIPs(ctx, network, port, localIPs(host))
	}
	if ip := net.ParseIP(host); ip != nil {
		if !isStart && !d.allowPrivate && isPrivateIP(ip) {
			return nil, &refusedError{addr, "private address"}
		}
		return d.raw(ctx, network, addr)
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		if !d.allowPrivate {
			return nil, &refusedError{addr, "private address"}
		}
		return d.dialIPs(ctx, network, port, localIPs(host))
	}
	addrs, err := d.resolver.LookupIPAddr(ctx, host)
	if err != nil {
		return nil, err
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("lookup %s: no addresses", host)
	}
	ips := make([]net.IP, 0, len(addrs))
	for _, a := range addrs {
		// One private answer is enough to refuse: a rebinding attacker controls the order.
		if !isStart && !d.allowPrivate && isPrivateIP(a.IP) {
			return nil, &refusedError{addr, host + " resolves to private address " + a.IP.String()}
		}
		ips = append(ips, a.IP)
	}
	return d.dialIPs(ctx, network, port, ips)
}

// localIPs maps localhost to the loopback addresses without asking any resolver (RFC 6761);
// an IP literal maps to itself.
func localIPs(host string) []net.IP {
	if ip := net.ParseIP(host); ip != nil {
		return []net.IP{ip}
	}
	return []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
}

func (d *dialer) dialIPs(ctx context.Context, network, port string, ips []net.IP) (net.Conn, error) {
	var last error
	for _, ip := range ips {
		c, err := d.raw(ctx, network, net.JoinHostPort(ip.String(), port))
		if err == nil {
			return c, nil
		}
		last = err
		if ctx.Err() != nil {
			break
		}
	}
	return nil, last
}
