package doc

import (
	"strings"
	"unicode/utf8"
)

// wrap breaks s into lines no wider than width, as measure reports widths
// (measure must be additive: the width of a+b is the width of a plus that
// of b, as in a PDF without kerning). Latin text breaks after spaces; CJK
// text breaks between any two characters, except that closing punctuation
// (，。）and the like) stays with the character before it and opening
// punctuation with the one after. A word wider than the line is cut between
// characters. A newline ends a line. Nothing is dropped or repeated: the
// lines joined give s back exactly; spaces and the newline at a line's end
// stay on that line and are not counted in its width, so callers trim them
// when drawing. An empty s gives no lines.
//
// fpdf's own MultiCell and SplitText lose a CJK character at each automatic
// break, which is why the PDF writer wraps with this.
func wrap(s string, width float64, measure func(string) float64) []string {
	var (
		lines []string
		start = 0   // byte offset where the current line starts
		end   = 0   // byte offset where the line's placed tokens end
		lineW = 0.0 // width of s[start:end], trailing spaces included
	)
	flush := func() {
		lines = append(lines, s[start:end])
		start, lineW = end, 0
	}
	for _, t := range tokens(s) {
		ink := measure(s[t.start:t.inkEnd])
		if end > start && lineW+ink > width {
			flush()
		}
		if end == start && ink > width {
			// The line is empty and the word too long: cut it between
			// characters, at least one character a line.
			i := t.start
			for {
				j, w := i, 0.0
				for j < t.inkEnd {
					_, n := utf8.DecodeRuneInString(s[j:])
					cw := measure(s[j : j+n])
					if j > i && w+cw > width {
						break
					}
					w += cw
					j += n
				}
				if j >= t.inkEnd {
					break
				}
				end = j
				flush()
				i = j
			}
			lineW = measure(s[i:t.end])
		} else {
			lineW += ink + measure(s[t.inkEnd:t.end])
		}
		end = t.end
		if t.hard {
			flush()
		}
	}
	if end > start {
		lines = append(lines, s[start:end])
	}
	return lines
}

// token is a piece of text that wrap never breaks inside unless it is wider
// than the line: a word with its trailing spaces, or one CJK character with
// any punctuation bound to it.
type token struct {
	start, end int  // bytes of s, trailing spaces and newline included
	inkEnd     int  // end without the trailing spaces and newline
	hard       bool // ends with a newline: the line must end after it
}

// tokens splits s into tokens.
func tokens(s string) []token {
	var ts []token
	at := func(i int) (rune, int) { return utf8.DecodeRuneInString(s[i:]) }
	for i := 0; i < len(s); {
		t := token{start: i}
		if r, _ := at(i); !isSpace(r) && r != '\n' {
			for i < len(s) { // opening punctuation binds to what follows
				r, n := at(i)
				if !isOpening(r) {
					break
				}
				i += n
			}
			if i < len(s) {
				if r, n := at(i); isCJK(r) && !isClosing(r) {
					i += n // one CJK character
				} else {
					for i < len(s) { // a Latin word
						r, n := at(i)
						if isSpace(r) || r == '\n' || isCJK(r) && !isClosing(r) || isOpening(r) && r >= utf8.RuneSelf {
							break
						}
						i += n
					}
				}
			}
			for i < len(s) { // closing punctuation binds to what precedes
				r, n := at(i)
				if !isClosing(r) {
					break
				}
				i += n
			}
		}
		t.inkEnd = i
		for i < len(s) {
			r, n := at(i)
			if !isSpace(r) {
				break
			}
			i += n
		}
		if i < len(s) && s[i] == '\n' {
			i++
			t.hard = true
		}
		if i == t.start { // cannot happen; never loop forever
			_, n := at(i)
			i += n
			t.inkEnd = i
		}
		t.end = i
		ts = append(ts, t)
	}
	return ts
}

// isSpace reports a blank that may end a line: space, tab, CR, ideographic
// space.
func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\r' || r == '\u3000' }

// Punctuation that must not start a line (closing) or end one (opening).
const (
	closingPunct = "，。、；：！？）》」』】〕〉”’…‥・ー々,.;:!?)]}%"
	openingPunct = "（《「『【〔〈“‘([{"
)

func isClosing(r rune) bool { return strings.ContainsRune(closingPunct, r) }
func isOpening(r rune) bool { return strings.ContainsRune(openingPunct, r) }
