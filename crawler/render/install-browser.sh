#!/bin/sh
# Makes sure a headless Chromium is available for crawler/render.
#
# Idempotent: exits 0 at once when a browser is found (in the order render.FindBrowser
# uses). Otherwise, as root with apt-get, installs Debian's chromium-headless-shell (starts
# in about 0.3 s, half the memory of full Chromium) and falls back to chromium; without
# root or apt-get it prints what to install and exits 1.
set -eu

find_browser() {
	if [ -n "${PORTALSCAN_BROWSER:-}" ]; then
		if [ -x "$PORTALSCAN_BROWSER" ] || command -v "$PORTALSCAN_BROWSER" >/dev/null 2>&1; then
			echo "$PORTALSCAN_BROWSER"
			return 0
		fi
		echo "install-browser: PORTALSCAN_BROWSER=$PORTALSCAN_BROWSER is not executable" >&2
		return 1
	fi
	for b in /usr/lib/chromium/chromium-headless-shell chromium-headless-shell headless_shell \
		/usr/lib/chromium/chromium chromium chromium-browser google-chrome google-chrome-stable; do
		case "$b" in
		/*) [ -x "$b" ] && { echo "$b"; return 0; } ;;
		*) p=$(command -v "$b" 2>/dev/null) && [ -n "$p" ] && { echo "$p"; return 0; } ;;
		esac
	done
	return 1
}

# --version starts no network service and opens no socket.
report() {
	v=$("$1" --version 2>/dev/null || true)
	echo "install-browser: using $1${v:+ ($v)}"
}

if b=$(find_browser); then
	report "$b"
	exit 0
fi
if [ -n "${PORTALSCAN_BROWSER:-}" ]; then
	exit 1 # a configured browser that is missing is not ours to replace
fi

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	cat >&2 <<'EOF'
install-browser: no Chromium found, and installing one needs root and apt-get.
Install one of these, then run this script again:
  Debian/Ubuntu:  sudo apt-get install chromium-headless-shell   (or: chromium)
  elsewhere:      a Chromium or Google Chrome package, then
                  export PORTALSCAN_BROWSER=/path/to/chrome
EOF
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
if ! apt-get install -y -qq chromium-headless-shell; then
	echo "install-browser: chromium-headless-shell unavailable, installing chromium" >&2
	apt-get install -y -qq chromium
fi

if b=$(find_browser); then
	report "$b"
	exit 0
fi
echo "install-browser: the packages installed but no browser was found" >&2
exit 1
