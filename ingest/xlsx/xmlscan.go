package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// The scanner below is a small pull tokenizer for the XML that SpreadsheetML
// producers write. It is not a general XML parser: it knows elements,
// attributes, text, character and the five predefined entity references,
// CDATA, comments and processing instructions, and it refuses any DOCTYPE or
// entity declaration (ErrDTD). It reads the part as a stream through a
// window that grows only to hold one tag, and it copies text only when the
// caller asks for it (capture), so that skipping what is not wanted is cheap.

const (
	bufSize  = 64 << 10 // initial window
	maxTag   = 1 << 20  // longest tag, comment, CDATA chunk or PI accepted
	maxText  = 1 << 20  // longest text of one cell or shared string
	maxDepth = 256      // deepest element nesting accepted
)

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokStart
	tokEnd
)

// attr is one attribute of the current tag; both slices point into the
// scanner's window and are valid until the next call of next.
type attr struct {
	name []byte // as written, with any prefix
	val  []byte // raw, entity references not yet decoded
}

type scanner struct {
	r    io.Reader
	part string

	buf      []byte // buf[pos:end] is read but not yet consumed
	pos, end int
	eof      bool
	err      error // sticky read error

	// The current tag, after next returns tokStart or tokEnd.
	kind      tokKind
	local     []byte // local name, without prefix
	attrs     []attr
	selfClose bool

	depth   int
	started bool // the root element has been seen
	closed  bool // the root element has ended

	// Text of elements is appended to text while capture is set.
	capture  bool
	text     []byte
	capStart int // len(text) when capture was set, to bound one value

	scratch []byte // attribute value decoding
}

func newScanner(r io.Reader, part string) *scanner {
	return &scanner{r: r, part: part, buf: make([]byte, bufSize), attrs: make([]attr, 0, 8)}
}

// reset reuses s (and its window) for another stream.
func (s *scanner) reset(r io.Reader, part string) {
	*s = scanner{r: r, part: part, buf: s.buf, attrs: s.attrs[:0], text: s.text[:0], scratch: s.scratch[:0]}
}

// corrupt reports a problem with the part. The message may quote bytes of
// the file, which need not be UTF-8 (a tag's name, an entity): they are
// escaped, so that every message is valid UTF-8 and can be stored as text.
func (s *scanner) corrupt(format string, args ...any) error {
	return fmt.Errorf("%w: %s: %s", ErrCorrupt, s.part, escapeInvalid(fmt.Sprintf(format, args...)))
}

// escapeInvalid returns s with each byte that is not part of valid UTF-8
// written as \xNN, as %q does ("<\xff>" for a tag named by the byte 0xFF).
func escapeInvalid(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	const hex = "0123456789abcdef"
	b := make([]byte, 0, len(s)+16)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b = append(b, '\\', 'x', hex[s[i]>>4], hex[s[i]&0xF])
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return string(b)
}

// fill moves the unconsumed bytes to the front of the window and reads more.
// It grows the window when it is full (one token longer than the window),
// up to maxTag. It reports whether any byte was added.
func (s *scanner) fill() bool {
	if s.eof {
		return false
	}
	if s.pos > 0 {
		copy(s.buf, s.buf[s.pos:s.end])
		s.end -= s.pos
		s.pos = 0
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= maxTag+bufSize {
			s.eof, s.err = true, s.corrupt("markup longer than %d bytes", maxTag)
			return false
		}
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for range 100 {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.eof = true
			if err != io.EOF {
				s.err = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	s.eof, s.err = true, s.corrupt("%v", io.ErrNoProgress)
	return false
}

// startCapture begins appending element text to s.text.
func (s *scanner) startCapture() {
	s.capture = true
	s.capStart = len(s.text)
}

// next advances to the next start or end tag, appending the text before it
// to s.text if capturing. At the end of the stream it returns tokEOF, or an
// error if the document is incomplete.
func (s *scanner) next() (tokKind, error) {
	for {
		if s.pos == 0 && s.end == 0 && !s.eof && !s.started {
			if !s.fill() {
				break
			}
			// A byte-order mark may come in pieces from a slow reader.
			for s.end < 3 && s.fill() {
			}
			s.skipBOM()
			if s.err != nil {
				return tokEOF, s.err
			}
		}
		b := s.buf[s.pos:s.end]
		i := bytes.IndexByte(b, '<')
		if i < 0 {
			// Text up to the end of the window; keep an entity reference
			// that may be cut by the window's edge for the next round.
			keep := 0
			if s.capture {
				if a := bytes.LastIndexByte(b, '&'); a >= 0 && bytes.IndexByte(b[a:], ';') < 0 && len(b)-a < 16 {
					keep = len(b) - a
				}
			}
			if err := s.addText(b[:len(b)-keep]); err != nil {
				return tokEOF, err
			}
			s.pos = s.end - keep
			if !s.fill() {
				if s.err != nil {
					return tokEOF, s.err
				}
				if keep > 0 {
					return tokEOF, s.corrupt("unterminated entity reference")
				}
				break
			}
			continue
		}
		if i > 0 {
			if err := s.addText(b[:i]); err != nil {
				return tokEOF, err
			}
			s.pos += i
		}
		// s.buf[s.pos] == '<'
		k, n, err := s.markup(s.buf[s.pos:s.end])
		if err != nil {
			return tokEOF, err
		}
		if n == 0 { // need more bytes
			if !s.fill() {
				if s.err != nil {
					return tokEOF, s.err
				}
				return tokEOF, s.corrupt("unexpected end of XML inside markup")
			}
			continue
		}
		s.pos += n
		switch k {
		case tokStart:
			if s.closed {
				return tokEOF, s.corrupt("element <%s> after the root element", s.local)
			}
			s.started = true
			if !s.selfClose {
				s.depth++
				if s.depth > maxDepth {
					return tokEOF, s.corrupt("elements nested deeper than %d", maxDepth)
				}
			} else if s.depth == 0 {
				s.closed = true
			}
			return k, nil
		case tokEnd:
			s.depth--
			if s.depth < 0 {
				return tokEOF, s.corrupt("unexpected end tag </%s>", s.local)
			}
			if s.depth == 0 {
				s.closed = true
			}
			return k, nil
		}
		// comment, PI or CDATA: go on
	}
	if s.err != nil {
		return tokEOF, s.err
	}
	if !s.started || s.depth != 0 {
		return tokEOF, s.corrupt("unexpected end of XML (truncated part?)")
	}
	return tokEOF, nil
}

func (s *scanner) skipBOM() {
	b := s.buf[:s.end]
	switch {
	case bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")):
		s.pos = 3
	case bytes.HasPrefix(b, []byte("\xFE\xFF")), bytes.HasPrefix(b, []byte("\xFF\xFE")):
		s.eof, s.err = true, s.corrupt("UTF-16 XML is not supported")
	}
}

// addText handles character data between tags: appended (decoded) when
// capturing, else checked only for being outside the root element.
func (s *scanner) addText(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	if !s.capture {
		return nil
	}
	if len(s.text)-s.capStart+len(b) > maxText || len(s.text)+len(b) > maxRowText {
		return s.corrupt("text longer than %d bytes", maxText)
	}
	for _, c := range b {
		if c == '&' || c == '\r' {
			var err error
			s.text, err = decodeText(s.text, b)
			if err != nil {
				return s.corrupt("%v", err)
			}
			return nil
		}
	}
	s.text = append(s.text, b...)
	return nil
}

var errEntity = errors.New("bad entity reference")

// decodeText appends b to dst with entity and character references decoded
// and line ends normalised to \n, as an XML processor must.
func decodeText(dst, b []byte) ([]byte, error) {
	for len(b) > 0 {
		i := bytes.IndexAny(b, "&\r")
		if i < 0 {
			return append(dst, b...), nil
		}
		dst = append(dst, b[:i]...)
		b = b[i:]
		if b[0] == '\r' {
			dst = append(dst, '\n')
			b = b[1:]
			if len(b) > 0 && b[0] == '\n' {
				b = b[1:]
			}
			continue
		}
		semi := bytes.IndexByte(b, ';')
		if semi < 0 || semi > 12 {
			return dst, fmt.Errorf("%w %q", errEntity, trunc(b, 12))
		}
		name := b[1:semi]
		b = b[semi+1:]
		switch string(name) {
		case "amp":
			dst = append(dst, '&')
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			if len(name) < 2 || name[0] != '#' {
				return dst, fmt.Errorf("%w &%s; (undefined entity, never resolved)", errEntity, trunc(name, 12))
			}
			r, ok := charRef(name[1:])
			if !ok {
				return dst, fmt.Errorf("%w &%s;", errEntity, trunc(name, 12))
			}
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst, nil
}

// charRef decodes the digits of &#NNN; or &#xHH; to a character allowed in XML.
func charRef(d []byte) (rune, bool) {
	base := rune(10)
	if len(d) > 0 && (d[0] == 'x' || d[0] == 'X') {
		base, d = 16, d[1:]
	}
	if len(d) == 0 || len(d) > 8 {
		return 0, false
	}
	var r rune
	for _, c := range d {
		var v rune
		switch {
		case c >= '0' && c <= '9':
			v = rune(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			v = rune(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			v = rune(c-'A') + 10
		default:
			return 0, false
		}
		r = r*base + v
	}
	ok := r == 0x9 || r == 0xA || r == 0xD || (r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
	return r, ok
}

func trunc(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// markup reads the markup at the start of b (b[0] == '<'). It returns n == 0
// if b does not hold all of it yet.
func (s *scanner) markup(b []byte) (tokKind, int, error) {
	if len(b) < 2 {
		return 0, 0, nil
	}
	switch b[1] {
	case '/':
		return s.endTag(b)
	case '?':
		return s.skipTo(b, 2, "?>", false)
	case '!':
		if len(b) < 9 {
			// Enough for "<!--", "<![CDATA[", "<!DOCTYPE" and "<!ENTITY".
			if !s.eof {
				return 0, 0, nil
			}
		}
		switch {
		case bytes.HasPrefix(b, []byte("<!--")):
			return s.skipTo(b, 4, "-->", false)
		case bytes.HasPrefix(b, []byte("<![CDATA[")):
			return s.skipTo(b, 9, "]]>", true)
		case bytes.HasPrefix(b, []byte("<!D")), bytes.HasPrefix(b, []byte("<!E")), bytes.HasPrefix(b, []byte("<!A")), bytes.HasPrefix(b, []byte("<!N")):
			return 0, 0, fmt.Errorf("%w: %s: %q", ErrDTD, s.part, trunc(b, 20))
		}
		return 0, 0, s.corrupt("unknown markup %q", trunc(b, 12))
	}
	return s.startTag(b)
}

// skipTo passes a comment, PI or CDATA section that ends with delim, the
// CDATA's content going to the text if capturing. Long sections are
// consumed in pieces, so they never need a big window.
func (s *scanner) skipTo(b []byte, from int, delim string, cdata bool) (tokKind, int, error) {
	i := bytes.Index(b[from:], []byte(delim))
	if i >= 0 {
		if cdata && s.capture {
			if err := s.addRaw(b[from : from+i]); err != nil {
				return 0, 0, err
			}
		}
		return tokEOF, from + i + len(delim), nil
	}
	// Not all here. At the end of the stream that is an error; a short
	// section waits for more bytes; a long one is consumed up to the last
	// few bytes, and its opening is written again over the consumed bytes
	// just before them so that the next round stays inside the section.
	if s.eof {
		return 0, 0, s.corrupt("unterminated %q section", b[:from])
	}
	if len(b) < bufSize/2 {
		return 0, 0, nil
	}
	cut := len(b) - len(delim)
	if cdata && s.capture {
		if err := s.addRaw(b[from:cut]); err != nil {
			return 0, 0, err
		}
	}
	copy(b[cut-from:cut], b[:from])
	s.pos += cut - from
	return 0, 0, nil
}

// addRaw appends CDATA content (no entity decoding, line ends normalised).
func (s *scanner) addRaw(b []byte) error {
	if len(s.text)-s.capStart+len(b) > maxText || len(s.text)+len(b) > maxRowText {
		return s.corrupt("text longer than %d bytes", maxText)
	}
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\r')
		if i < 0 {
			s.text = append(s.text, b...)
			break
		}
		s.text = append(s.text, b[:i]...)
		s.text = append(s.text, '\n')
		b = b[i+1:]
		if len(b) > 0 && b[0] == '\n' {
			b = b[1:]
		}
	}
	return nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// isNameByte reports whether c may appear in an XML name (ASCII subset plus
// any non-ASCII byte).
func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == ':' || c == '_' || c == '-' || c == '.' || c >= 0x80
}

// name reads a name at b[i:]; j is the index after it, j == len(b) means more
// bytes are needed.
func scanName(b []byte, i int) int {
	for i < len(b) && isNameByte(b[i]) {
		i++
	}
	return i
}

func localName(name []byte) []byte {
	if k := bytes.LastIndexByte(name, ':'); k >= 0 {
		return name[k+1:]
	}
	return name
}

func (s *scanner) startTag(b []byte) (tokKind, int, error) {
	j := scanName(b, 1)
	if j == len(b) {
		return 0, 0, nil
	}
	if j == 1 {
		return 0, 0, s.corrupt("bad markup %q", trunc(b, 12))
	}
	s.local = localName(b[1:j])
	s.attrs = s.attrs[:0]
	for {
		k := j
		for k < len(b) && isSpace(b[k]) {
			k++
		}
		if k == len(b) {
			return 0, 0, nil
		}
		switch b[k] {
		case '>':
			s.selfClose = false
			s.kind = tokStart
			return tokStart, k + 1, nil
		case '/':
			if k+1 == len(b) {
				return 0, 0, nil
			}
			if b[k+1] != '>' {
				return 0, 0, s.corrupt("bad tag <%s>", s.local)
			}
			s.selfClose = true
			s.kind = tokStart
			return tokStart, k + 2, nil
		}
		if k == j {
			return 0, 0, s.corrupt("bad tag <%s>", s.local)
		}
		e := scanName(b, k)
		if e == len(b) {
			return 0, 0, nil
		}
		if e == k {
			return 0, 0, s.corrupt("bad attribute in <%s>", s.local)
		}
		an := b[k:e]
		for e < len(b) && isSpace(b[e]) {
			e++
		}
		if e == len(b) {
			return 0, 0, nil
		}
		if b[e] != '=' {
			return 0, 0, s.corrupt("attribute %s of <%s> has no value", an, s.local)
		}
		e++
		for e < len(b) && isSpace(b[e]) {
			e++
		}
		if e == len(b) {
			return 0, 0, nil
		}
		q := b[e]
		if q != '"' && q != '\'' {
			return 0, 0, s.corrupt("attribute %s of <%s> is not quoted", an, s.local)
		}
		v := bytes.IndexByte(b[e+1:], q)
		if v < 0 {
			return 0, 0, nil
		}
		if bytes.IndexByte(b[e+1:e+1+v], '<') >= 0 {
			return 0, 0, s.corrupt("'<' in attribute %s of <%s>", an, s.local)
		}
		s.attrs = append(s.attrs, attr{name: an, val: b[e+1 : e+1+v]})
		j = e + 1 + v + 1
	}
}

func (s *scanner) endTag(b []byte) (tokKind, int, error) {
	j := scanName(b, 2)
	if j == len(b) {
		return 0, 0, nil
	}
	if j == 2 {
		return 0, 0, s.corrupt("bad end tag %q", trunc(b, 12))
	}
	s.local = localName(b[2:j])
	for j < len(b) && isSpace(b[j]) {
		j++
	}
	if j == len(b) {
		return 0, 0, nil
	}
	if b[j] != '>' {
		return 0, 0, s.corrupt("bad end tag </%s>", s.local)
	}
	s.kind = tokEnd
	s.selfClose = false
	return tokEnd, j + 1, nil
}

// attr returns the raw value of the attribute with the given local name (or
// qualified name, if name has a colon), and whether it is there.
func (s *scanner) attr(name string) ([]byte, bool) {
	for _, a := range s.attrs {
		n := a.name
		if strings.IndexByte(name, ':') < 0 {
			n = localName(n)
		}
		if string(n) == name {
			return a.val, true
		}
	}
	return nil, false
}

// attrString returns an attribute's decoded value as a new string.
func (s *scanner) attrString(name string) (string, bool, error) {
	v, ok := s.attr(name)
	if !ok {
		return "", false, nil
	}
	if bytes.IndexByte(v, '&') < 0 && bytes.IndexByte(v, '\r') < 0 {
		if !utf8.Valid(v) {
			return "", true, s.corrupt("attribute %s of <%s> is not UTF-8", name, s.local)
		}
		return string(v), true, nil
	}
	var err error
	s.scratch, err = decodeText(s.scratch[:0], v)
	if err != nil {
		return "", true, s.corrupt("attribute %s of <%s>: %v", name, s.local, err)
	}
	if !utf8.Valid(s.scratch) {
		return "", true, s.corrupt("attribute %s of <%s> is not UTF-8", name, s.local)
	}
	return string(s.scratch), true, nil
}
