package xlsx

import (
	"slices"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// sharedStrings holds the workbook's shared string table in arenas of a
// few MiB (each a string, so that a cell's text is a substring: no
// allocation per cell) and the end offset of each entry in its arena, four
// bytes per entry, in blocks. Nothing grows by doubling, so what a table
// allocates is close to what it holds (a shared-string bomb stays cheap).
type sharedStrings struct {
	arenas []string
	first  []int      // index of the first entry of each arena
	ends   [][]uint32 // blocks of sstBlock entries: end offset within its arena
	n      int
}

const (
	sstArena = 4 << 20
	sstBlock = 1 << 16
)

func (t *sharedStrings) len() int { return t.n }

func (t *sharedStrings) end(i int) uint32 { return t.ends[i/sstBlock][i%sstBlock] }

func (t *sharedStrings) add(end uint32) {
	if t.n%sstBlock == 0 {
		t.ends = append(t.ends, make([]uint32, 0, sstBlock))
	}
	b := &t.ends[len(t.ends)-1]
	*b = append(*b, end)
	t.n++
}

func (t *sharedStrings) get(i int) string {
	a, _ := slices.BinarySearch(t.first, i+1)
	a-- // the last arena whose first entry is <= i
	var from uint32
	if i > t.first[a] {
		from = t.end(i - 1)
	}
	return t.arenas[a][from:t.end(i)]
}

// readSharedStrings reads the shared string table. The text of an entry is
// its <t> runs concatenated, phonetic runs (<rPh>) left out.
func (w *Workbook) readSharedStrings(name string) error {
	p, err := w.open(name, w.lim.MaxPartSize)
	if err != nil {
		return err
	}
	defer p.Close()
	s := newScanner(p, name)
	s.text = make([]byte, 0, 64<<10)
	t := &w.sst
	t.first = append(t.first, 0)
	var (
		inSi  bool
		rph   int
		start int
	)
	seal := func() {
		t.arenas = append(t.arenas, unsafe.String(unsafe.SliceData(s.text), len(s.text)))
	}
	for {
		k, err := s.next()
		if err != nil {
			return err
		}
		if k == tokEOF {
			break
		}
		switch string(s.local) {
		case "si":
			switch {
			case k == tokStart && inSi:
				return s.corrupt("<si> inside <si>")
			case k == tokStart:
				start = len(s.text)
				s.capStart = start
				if s.selfClose {
					t.add(uint32(start))
					continue
				}
				inSi, rph = true, 0
			case inSi:
				s.capture, inSi = false, false
				s.text = append(s.text[:start], decodeXEscapes(s.text[start:])...)
				if !utf8.Valid(s.text[start:]) {
					return s.corrupt("shared string %d is not UTF-8", t.n)
				}
				t.add(uint32(len(s.text)))
				if len(s.text) >= sstArena {
					seal()
					t.first = append(t.first, t.n)
					s.text = make([]byte, 0, sstArena+64<<10)
				}
			}
		case "rPh":
			if k == tokStart && !s.selfClose {
				rph++
			} else if k == tokEnd {
				rph--
			}
		case "t":
			if inSi && rph == 0 {
				s.capture = k == tokStart && !s.selfClose
			}
		}
	}
	seal()
	return nil
}

// decodeXEscapes decodes the _xHHHH_ escapes with which OOXML writes
// characters that XML cannot hold (such as _x000D_ for a carriage return),
// in place; _x005F_ is the escape of the underscore itself.
func decodeXEscapes(b []byte) []byte {
	i := indexXEscape(b, 0)
	if i < 0 {
		return b
	}
	out := b[:i]
	for i < len(b) {
		if j := i; isXEscape(b[j:]) {
			v, _ := strconv.ParseUint(string(b[j+2:j+6]), 16, 32)
			r := rune(v)
			if r >= 0xD800 && r <= 0xDFFF {
				out = append(out, b[j:j+7]...) // a lone surrogate half: keep as written
			} else {
				out = utf8.AppendRune(out, r)
			}
			i += 7
			continue
		}
		out = append(out, b[i])
		i++
	}
	return out
}

func indexXEscape(b []byte, from int) int {
	for i := from; i+7 <= len(b); i++ {
		if b[i] == '_' && isXEscape(b[i:]) {
			return i
		}
	}
	return -1
}

func isXEscape(b []byte) bool {
	if len(b) < 7 || b[0] != '_' || b[1] != 'x' || b[6] != '_' {
		return false
	}
	for _, c := range b[2:6] {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// readStyles finds which cell formats (cellXfs) show dates or times.
func (w *Workbook) readStyles(name string) error {
	p, err := w.open(name, w.lim.MaxPartSize)
	if err != nil {
		return err
	}
	defer p.Close()
	s := newScanner(p, name)
	codes := map[int]string{}
	var xfs []int
	var inNumFmts, inCellXfs bool
	xfDepth := 0
	for {
		k, err := s.next()
		if err != nil {
			return err
		}
		if k == tokEOF {
			break
		}
		switch string(s.local) {
		case "numFmts":
			inNumFmts = k == tokStart && !s.selfClose
		case "cellXfs":
			inCellXfs = k == tokStart && !s.selfClose
		case "numFmt":
			if k != tokStart || !inNumFmts {
				continue
			}
			id, _, err := s.attrString("numFmtId")
			if err != nil {
				return err
			}
			code, _, err := s.attrString("formatCode")
			if err != nil {
				return err
			}
			n, err := strconv.Atoi(id)
			if err != nil || n < 0 {
				return s.corrupt("numFmt with id %q", id)
			}
			codes[n] = code
		case "xf":
			if !inCellXfs {
				continue
			}
			if k == tokEnd {
				xfDepth--
				continue
			}
			if !s.selfClose {
				xfDepth++
			}
			if xfDepth > 1 || (xfDepth == 1 && s.selfClose) {
				return s.corrupt("<xf> inside <xf>")
			}
			id := 0
			if v, ok, err := s.attrString("numFmtId"); err != nil {
				return err
			} else if ok {
				n, err := strconv.Atoi(v)
				if err != nil || n < 0 {
					return s.corrupt("xf with numFmtId %q", v)
				}
				id = n
			}
			xfs = append(xfs, id)
		}
	}
	w.dates = make([]bool, len(xfs))
	for i, id := range xfs {
		if code, ok := codes[id]; ok {
			w.dates[i] = isDateCode(code)
		} else {
			w.dates[i] = isDateID(id)
		}
	}
	return nil
}

// isDateID reports whether a built-in number format shows a date or time:
// 14-22 and 45-47 everywhere, 27-36 and 50-58 in the CJK locales (elsewhere
// those ids are not defined, and a workbook that uses one without defining
// it comes from a CJK locale).
func isDateID(id int) bool {
	return id >= 14 && id <= 22 || id >= 45 && id <= 47 || id >= 27 && id <= 36 || id >= 50 && id <= 58
}

// isDateCode reports whether a custom number format code shows a date or
// time: a y, m, d, h or s outside quoted text, escapes (\x, _x, *x) and
// brackets, or an elapsed time such as [h] or [mm].
func isDateCode(code string) bool {
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			for i++; i < len(code) && code[i] != '"'; i++ {
			}
		case '\\', '_', '*':
			i++
		case '[':
			j := i + 1
			for j < len(code) && code[j] != ']' {
				j++
			}
			if in := code[i+1 : j]; in != "" && isElapsed(in) {
				return true
			}
			i = j
		case 'y', 'Y', 'm', 'M', 'd', 'D', 'h', 'H', 's', 'S':
			return true
		}
	}
	return false
}

func isElapsed(s string) bool {
	for i := range len(s) {
		if c := s[i] | 0x20; c != s[0]|0x20 || (c != 'h' && c != 'm' && c != 's') {
			return false
		}
	}
	return true
}
