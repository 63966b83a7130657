package chart

import (
	"unicode"

	pfont "gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// pairText is gonum/plot's plain text handler with a second face: a text
// with a CJK character in it is measured and drawn in the CJK typeface
// paired with its Latin one (same weight), the rest in the Latin face, so
// that English labels are set in the Go fonts and Chinese ones in the
// report's CJK face (see package font).
type pairText struct {
	text.Plain
	cjk map[pfont.Typeface]pfont.Typeface // Latin typeface -> its CJK partner
}

func (h pairText) pick(txt string, f pfont.Font) pfont.Font {
	if tf, ok := h.cjk[f.Typeface]; ok && hasHan(txt) {
		f.Typeface = tf
	}
	return f
}

// Box is text.Plain's Box in the face pick chooses.
func (h pairText) Box(txt string, f pfont.Font) (width, height, depth vg.Length) {
	return h.Plain.Box(txt, h.pick(txt, f))
}

// Draw is text.Plain's Draw in the face pick chooses.
func (h pairText) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	sty.Font = h.pick(txt, sty.Font)
	h.Plain.Draw(c, txt, sty, pt)
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
