package crawler

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"io"
	"net/http"
	"strings"
)

// capBody decodes a response body and keeps at most max decoded bytes. The cap sits after
// decompression because a 10 KB gzip bomb inflates to gigabytes: colly's MaxBodySize wraps
// the compressed stream, so it would not stop one. It also keeps the raw bytes itself,
// because colly converts bodies to UTF-8 from the Content-Type alone before handing them
// over, and page.Parse needs them as served to decode them in the WHATWG order.
type capBody struct {
	raw       io.ReadCloser
	encoding  string // Content-Encoding of the response, lower-case
	src       io.Reader
	max       int64
	buf       bytes.Buffer
	truncated bool
	done      bool
}

func newCapBody(raw io.ReadCloser, encoding string, max int64) *capBody {
	return &capBody{raw: raw, encoding: strings.ToLower(strings.TrimSpace(encoding)), max: max}
}

// decoder is built lazily so that reading a gzip header never blocks RoundTrip, and a body
// mislabelled as gzip is kept as served rather than lost.
func (c *capBody) decoder() io.Reader {
	br := bufio.NewReader(c.raw)
	switch c.encoding {
	case "gzip", "x-gzip":
		if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
			if zr, err := gzip.NewReader(br); err == nil {
				return zr
			}
		}
	case "deflate":
		// "deflate" is meant to be zlib, but servers send raw deflate too.
		if h, _ := br.Peek(2); len(h) == 2 && h[0]&0x0f == 8 && (uint16(h[0])<<8|uint16(h[1]))%31 == 0 {
			if zr, err := zlib.NewReader(br); err == nil {
				return zr
			}
		} else if len(h) > 0 {
			return flate.NewReader(br)
		}
	}
	return br
}

func (c *capBody) Read(p []byte) (int, error) {
	if c.done {
		return 0, io.EOF
	}
	if c.src == nil {
		c.src = c.decoder()
	}
	remaining := c.max - int64(c.buf.Len())
	if remaining <= 0 {
		// Learn whether anything was cut without inflating more than one byte of it.
		var one [1]byte
		n, _ := io.ReadFull(c.src, one[:])
		c.truncated = n > 0
		c.done = true
		return 0, io.EOF
	}
	if int64(len(p)) > remaining {
		p = p[:remaining]
	}
	n, err := c.src.Read(p)
	c.buf.Write(p[:n])
	if err == io.EOF {
		c.done = true
	}
	return n, err
}

func (c *capBody) Close() error { return c.raw.Close() }

// recorder is a worker's view of the transport: it sees every response of the current
// fetch (redirect hops included) and keeps the last one with its decoded, capped body.
// A worker runs one fetch at a time, so this state needs no lock.
type recorder struct {
	base    http.RoundTripper
	maxBody int64
	last    *http.Response
	body    *capBody
}

func (r *recorder) reset() { r.last, r.body = nil, nil }

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	cb := newCapBody(resp.Body, resp.Header.Get("Content-Encoding"), r.maxBody)
	switch cb.encoding {
	case "gzip", "x-gzip", "deflate":
		resp.Header.Del("Content-Encoding")
		resp.Header.Del("Content-Length")
		resp.ContentLength = -1
	}
	// Uncompressed tells colly the body is already decoded, so it does not gunzip it again
	// (it would otherwise do so for any ".xml.gz" path, uncapped).
	resp.Uncompressed = true
	resp.Body = cb
	r.last, r.body = resp, cb
	return resp, nil
}

// gunzipCapped inflates a gzip body (a sitemap served as a .gz file) with the same cap.
func gunzipCapped(b []byte, max int64) ([]byte, bool, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, false, err
	}
	out, err := io.ReadAll(io.LimitReader(zr, max+1))
	if int64(len(out)) > max {
		return out[:max], true, nil
	}
	if err != nil && len(out) == 0 {
		return nil, false, err
	}
	return out, false, nil
}
