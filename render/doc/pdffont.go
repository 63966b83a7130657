package doc

import (
	"bytes"
	"fmt"
	"strings"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"coo/render/font"
)

// pdfFonts measures text for the PDF writer the way fpdf draws it (glyph
// advances, no kerning) and says which face draws each character: the
// Latin face of a font.Face for everything it has a glyph for except CJK
// characters, the CJK face for those and for what the Latin face lacks.
type pdfFonts struct {
	latin [2]*metrics // regular, bold
	cjk   [2]*metrics // nil without a CJK face
	// cjkBold is false when the CJK face has no bold of its own: bold CJK
	// runs are then drawn with the regular, registered once.
	cjkBold bool
}

// metrics are one TrueType face's glyph coverage and advances.
type metrics struct {
	f    *sfnt.Font
	upem fixed.Int26_6
	buf  sfnt.Buffer
	adv  map[rune]float64 // advance in ems; absent: not measured yet
	has  map[rune]bool
}

func newMetrics(name string, b []byte) (*metrics, error) {
	f, err := sfnt.Parse(b)
	if err != nil {
		return nil, fmt.Errorf("pdf: font %s: %w", name, err)
	}
	return &metrics{f: f, upem: fixed.I(int(f.UnitsPerEm())), adv: map[rune]float64{}, has: map[rune]bool{}}, nil
}

// covers reports whether the face has a glyph for r.
func (m *metrics) covers(r rune) bool {
	h, ok := m.has[r]
	if !ok {
		g, err := m.f.GlyphIndex(&m.buf, r)
		h = err == nil && g != 0
		m.has[r] = h
	}
	return h
}

// advance returns r's advance width in ems (0 for a missing glyph).
func (m *metrics) advance(r rune) float64 {
	if w, ok := m.adv[r]; ok {
		return w
	}
	w := 0.0
	if g, err := m.f.GlyphIndex(&m.buf, r); err == nil {
		if a, err := m.f.GlyphAdvance(&m.buf, g, m.upem, xfont.HintingNone); err == nil {
			w = float64(a) / float64(m.upem)
		}
	}
	m.adv[r] = w
	return w
}

func newPDFFonts(face font.Face) (*pdfFonts, error) {
	if len(face.Regular) == 0 {
		return nil, fmt.Errorf("pdf: the font face has no regular TrueType bytes")
	}
	bold := face.Bold
	if len(bold) == 0 {
		bold = face.Regular
	}
	var fs pdfFonts
	var err error
	if fs.latin[0], err = newMetrics(face.Name, face.Regular); err != nil {
		return nil, err
	}
	if fs.latin[1], err = newMetrics(face.Name, bold); err != nil {
		return nil, err
	}
	if face.CJK && len(face.CJKRegular) > 0 {
		if fs.cjk[0], err = newMetrics(face.CJKName, face.CJKRegular); err != nil {
			return nil, err
		}
		fs.cjk[1] = fs.cjk[0]
		if len(face.CJKBold) > 0 && !bytes.Equal(face.CJKBold, face.CJKRegular) {
			if fs.cjk[1], err = newMetrics(face.CJKName, face.CJKBold); err != nil {
				return nil, err
			}
			fs.cjkBold = true
		}
	}
	return &fs, nil
}

// inCJK reports whether r is drawn in the CJK face.
func (fs *pdfFonts) inCJK(r rune) bool {
	if fs.cjk[0] == nil || r < 0x80 {
		return false
	}
	return isCJK(r) || !fs.latin[0].covers(r) && fs.cjk[0].covers(r)
}

// needsCJK reports whether s has a character for the CJK face, or one
// that only a CJK face could draw.
func (fs *pdfFonts) needsCJK(s string) bool {
	for _, r := range s {
		if isCJK(r) || r >= 0x80 && fs.cjk[0] != nil && fs.inCJK(r) {
			return true
		}
	}
	return false
}

// stand is what a mark no face has is drawn as: the reference mark of
// the Chinese tables (※, "outside the forecast range") has no glyph in
// the Go fonts, and an English report has no CJK face.
var stand = map[rune]rune{'※': '*'}

// drawable returns r, or its stand-in when no face of fs has it.
func (fs *pdfFonts) drawable(r rune) rune {
	if r < 0x80 || fs.latin[0].covers(r) || fs.cjk[0] != nil && fs.cjk[0].covers(r) {
		return r
	}
	if s, ok := stand[r]; ok {
		return s
	}
	return r
}

// width returns the width of s at size points, in bold or regular.
func (fs *pdfFonts) width(s string, bold bool, size float64) float64 {
	b := 0
	if bold {
		b = 1
	}
	w := 0.0
	for _, r := range s {
		r = fs.drawable(r)
		if fs.inCJK(r) {
			w += fs.cjk[b].advance(r)
		} else {
			w += fs.latin[b].advance(r)
		}
	}
	return w * size
}

// run is a piece of a line drawn in one face.
type run struct {
	text string
	cjk  bool
}

// runs splits s into runs of one face each, in order, each mark no face
// has replaced by its stand-in.
func (fs *pdfFonts) runs(s string) []run {
	s = strings.Map(fs.drawable, s)
	var out []run
	start, cur := 0, false
	for i, r := range s {
		c := fs.inCJK(r)
		if i > start && c != cur {
			out = append(out, run{s[start:i], cur})
			start = i
		}
		if i == start {
			cur = c
		}
	}
	if start < len(s) {
		out = append(out, run{s[start:], cur})
	}
	return out
}
