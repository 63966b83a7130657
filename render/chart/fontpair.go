package chart

import (
	"math"
	"strings"
	"unicode"

	pfont "gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// pairText is gonum/plot's plain text handler with a second face: in a
// text with a CJK character in it, each run of CJK characters (and
// full-width punctuation) is measured and drawn in the CJK typeface paired
// with its Latin one (same weight) and each other run in the Latin face,
// so that English labels, digits and units such as "M" are set in the Go
// fonts and Chinese ones in the report's CJK face (see package font). A
// CJK face need not have Latin glyphs: Droid Sans Fallback has none, and
// a label "3,000 万" drawn in it alone would lose its digits.
type pairText struct {
	text.Plain
	cjk map[pfont.Typeface]pfont.Typeface // Latin typeface -> its CJK partner
}

// faceRun is a piece of a line drawn in one face.
type faceRun struct {
	text string
	font pfont.Font
}

// runs splits a line into runs of one face each, in order; a line
// without CJK, or a font without a CJK partner, is one run.
func (h pairText) runs(line string, f pfont.Font) []faceRun {
	tf, ok := h.cjk[f.Typeface]
	if !ok || !hasHan(line) {
		return []faceRun{{line, f}}
	}
	cf := f
	cf.Typeface = tf
	var out []faceRun
	start, cur := 0, false
	for i, r := range line {
		c := hasHan(string(r))
		if i > start && c != cur {
			out = append(out, faceRun{line[start:i], pick(cur, f, cf)})
			start = i
		}
		if i == start {
			cur = c
		}
	}
	if start < len(line) {
		out = append(out, faceRun{line[start:], pick(cur, f, cf)})
	}
	return out
}

func pick(cjk bool, latin, cf pfont.Font) pfont.Font {
	if cjk {
		return cf
	}
	return latin
}

// extents are the largest ascent and descent of f and its CJK partner, so
// that a line's height does not depend on which faces it uses.
func (h pairText) extents(f pfont.Font) pfont.Extents {
	fc := h.Fonts.Lookup(f, f.Size)
	e := fc.Extents()
	if tf, ok := h.cjk[f.Typeface]; ok {
		cf := f
		cf.Typeface = tf
		cfc := h.Fonts.Lookup(cf, cf.Size)
		c := cfc.Extents()
		e.Ascent, e.Descent, e.Height = max(e.Ascent, c.Ascent), max(e.Descent, c.Descent), max(e.Height, c.Height)
	}
	return e
}

// Extents is the extents of f and its CJK partner together.
func (h pairText) Extents(f pfont.Font) pfont.Extents { return h.extents(f) }

// width is the width of a line, each run in its face.
func (h pairText) width(line string, f pfont.Font) vg.Length {
	var w vg.Length
	for _, r := range h.runs(line, f) {
		face := h.Fonts.Lookup(r.font, r.font.Size)
		w += face.Width(r.text)
	}
	return w
}

// Box is text.Plain's Box with each run in its face.
func (h pairText) Box(txt string, f pfont.Font) (width, height, depth vg.Length) {
	e := h.extents(f)
	return h.width(txt, f), e.Ascent, e.Descent
}

// Draw is text.Plain's Draw with each run in its face.
func (h pairText) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	txt = strings.TrimRight(txt, "\n")
	if len(txt) == 0 {
		return
	}
	c.SetColor(sty.Color)
	if sty.Rotation != 0 {
		c.Push()
		c.Rotate(sty.Rotation)
	}
	sin64, cos64 := math.Sincos(sty.Rotation)
	cos, sin := vg.Length(cos64), vg.Length(sin64)
	pt.X, pt.Y = pt.Y*sin+pt.X*cos, pt.Y*cos-pt.X*sin

	lines := h.Lines(txt)
	ht := sty.Height(txt)
	pt.Y += ht*vg.Length(sty.YAlign) - h.extents(sty.Font).Ascent
	for i, line := range lines {
		x := vg.Length(sty.XAlign) * h.width(line, sty.Font)
		n := vg.Length(len(lines) - i)
		for _, r := range h.runs(line, sty.Font) {
			face := h.Fonts.Lookup(r.font, r.font.Size)
			c.FillString(face, pt.Add(vg.Point{X: x, Y: n * sty.Font.Size}), r.text)
			x += face.Width(r.text)
		}
	}
	if sty.Rotation != 0 {
		c.Pop()
	}
}

// hasHan reports whether s holds a Chinese, Japanese or Korean character
// or full-width punctuation.
func hasHan(s string) bool {
	for _, r := range s {
		switch {
		case r < 0x2E80:
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul),
			r >= 0x3000 && r <= 0x303F, r >= 0xFF00 && r <= 0xFFEF:
			return true
		}
	}
	return false
}
