package chart

import (
	"bytes"
	"math"
	"regexp"
	"strconv"
)

// Compact SVG. gonum/plot's SVG canvas writes one <path> element per
// stroke, each with its whole style, and every text with the full font
// shorthand: a chart's axis ticks and grid lines alone took half of the
// monthly report's page. compactSVG rewrites the canvas output without
// changing the picture:
//
//   - consecutive stroke-only paths (fill:none) with the same style and no
//     dash pattern become one path with several subpaths (a dash pattern
//     is left alone: it would run on across the subpaths);
//   - path data of moves and lines is written shorter (see shortPath);
//   - the font family most texts use is set once on the <svg> element,
//     which they inherit it from, and dropped from their styles;
//   - the font properties at their initial values (font-variant:none,
//     font-weight:normal, font-style:normal) are dropped from text styles.

var (
	svgPathData = regexp.MustCompile(`<path d="([^"]*)"`)
	// svgStrokePath is a stroke-only path element on its own line, as
	// vgsvg writes it.
	svgStrokePath = regexp.MustCompile(`^<path d="([^"]*)" style="(fill:none;[^"]*)" />$`)
	svgFontFamily = regexp.MustCompile(`font-family:([^;"]*);`)
	svgFontNoise  = regexp.MustCompile(`font-variant:none;|font-weight:normal;|font-style:normal;`)
)

// compactSVG returns b, an SVG as vgsvg writes it, with the same picture
// in fewer bytes (see above). b is not modified.
func compactSVG(b []byte) []byte {
	lines := bytes.Split(b, []byte("\n"))
	out := make([]byte, 0, len(b))
	var (
		style []byte // style of the open merged path, nil when none is open
		d     []byte // its path data so far
	)
	flush := func() {
		if style == nil {
			return
		}
		out = append(out, `<path d="`...)
		out = append(out, d...)
		out = append(out, `" style="`...)
		out = append(out, style...)
		out = append(out, "\" />\n"...)
		style, d = nil, d[:0]
	}
	for i, line := range lines {
		if m := svgStrokePath.FindSubmatch(line); m != nil && !bytes.Contains(m[2], []byte("dasharray")) {
			if style != nil && !bytes.Equal(style, m[2]) {
				flush()
			}
			if style == nil {
				style = append([]byte(nil), m[2]...)
			}
			d = append(d, m[1]...)
			continue
		}
		flush()
		out = append(out, svgFontNoise.ReplaceAll(line, nil)...)
		if i < len(lines)-1 {
			out = append(out, '\n')
		}
	}
	flush()
	out = hoistFamily(out)
	return svgPathData.ReplaceAllFunc(out, func(m []byte) []byte {
		d := m[len(`<path d="`) : len(m)-1]
		short, ok := shortPath(d)
		if !ok {
			return m
		}
		return append(append([]byte(`<path d="`), short...), '"')
	})
}

// shortPath rewrites path data made of M, L and Z commands with absolute
// coordinates (as vgsvg writes them): coordinates rounded to two decimals,
// each command absolute or relative (m, l, h, v) whichever is shorter, a
// line along an axis as H or V, no separator where a sign does, and a line
// to the current point dropped. Other data is refused (false).
func shortPath(d []byte) ([]byte, bool) {
	var (
		out    []byte
		x, y   float64 // current point, rounded
		sx, sy float64 // start of the subpath
		have   bool
		i      int
		last   byte // the last command written, 0 after a number was cut
	)
	// args formats vs as path numbers, separated where needed.
	args := func(vs ...float64) []byte {
		var b []byte
		for k, v := range vs {
			s := strconv.FormatFloat(v, 'f', -1, 64)
			if k > 0 && s[0] != '-' {
				b = append(b, ' ')
			}
			b = append(b, s...)
		}
		return b
	}
	// emit writes the shorter of abs (command a) and rel (command r).
	emit := func(a byte, abs []byte, r byte, rel []byte) {
		c, b := a, abs
		if len(rel) < len(abs) {
			c, b = r, rel
		}
		if c == last && (b[0] == '-') {
			out = append(out, b...) // an implicit repeat of the command
		} else {
			out = append(out, c)
			out = append(out, b...)
		}
		last = c
	}
	round := func(v float64) float64 { return math.Round(v*100) / 100 }
	read := func() (float64, bool) {
		j := i
		for j < len(d) && (d[j] == '-' || d[j] == '+' || d[j] == '.' || d[j] == 'e' || d[j] == 'E' || (d[j] >= '0' && d[j] <= '9')) {
			if j > i && (d[j] == '-' || d[j] == '+') && d[j-1] != 'e' && d[j-1] != 'E' {
				break
			}
			j++
		}
		v, err := strconv.ParseFloat(string(d[i:j]), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, false
		}
		i = j
		return round(v), true
	}
	pair := func() (float64, float64, bool) {
		px, ok := read()
		if !ok || i >= len(d) || d[i] != ',' {
			return 0, 0, false
		}
		i++
		py, ok := read()
		return px, py, ok
	}
	for i < len(d) {
		c := d[i]
		i++
		switch c {
		case 'M':
			px, py, ok := pair()
			if !ok {
				return nil, false
			}
			if have {
				emit('M', args(px, py), 'm', args(round(px-x), round(py-y)))
			} else {
				out = append(out, 'M')
				out = append(out, args(px, py)...)
				last = 'M'
			}
			last = 0 // a repeated M would be a line
			x, y, sx, sy, have = px, py, px, py, true
		case 'L':
			px, py, ok := pair()
			if !ok || !have {
				return nil, false
			}
			switch {
			case px == x && py == y:
				continue
			case py == y:
				emit('H', args(px), 'h', args(round(px-x)))
			case px == x:
				emit('V', args(py), 'v', args(round(py-y)))
			default:
				emit('L', args(px, py), 'l', args(round(px-x), round(py-y)))
			}
			x, y = px, py
		case 'Z':
			out = append(out, 'Z')
			last = 0
			x, y = sx, sy
		default:
			return nil, false
		}
	}
	return out, true
}

// hoistFamily sets the font family most texts of b use on its <svg>
// element and drops it from theirs.
func hoistFamily(b []byte) []byte {
	count := map[string]int{}
	best := ""
	for _, m := range svgFontFamily.FindAllSubmatch(b, -1) {
		f := string(m[1])
		count[f]++
		if count[f] > count[best] || count[f] == count[best] && f < best {
			best = f
		}
	}
	open := bytes.Index(b, []byte("<svg"))
	if best == "" || open < 0 || bytes.Contains(b[open:open+bytes.IndexByte(b[open:], '>')], []byte("style=")) {
		return b
	}
	open += len("<svg")
	whole := []byte("font-family:" + best + ";")
	var out []byte
	out = append(out, b[:open]...)
	out = append(out, ` style="font-family:`...)
	out = append(out, bytes.ReplaceAll([]byte(best), []byte(`"`), []byte("&quot;"))...)
	out = append(out, '"')
	out = append(out, bytes.ReplaceAll(b[open:], whole, nil)...)
	return out
}
