package chart

import (
	"bytes"
	"encoding/xml"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// absPoints reads path data with M/m, L/l, H/h, V/v and Z/z commands and
// returns the absolute points it visits, in order (a Z adds the subpath's
// start).
func absPoints(t *testing.T, d string) [][2]float64 {
	t.Helper()
	tok := regexp.MustCompile(`[MmLlHhVvZz]|-?[0-9]*\.?[0-9]+(?:e[-+]?[0-9]+)?`)
	var (
		pts        [][2]float64
		x, y       float64
		sx, sy     float64
		cmd        byte
		nums       []float64
		first      = true
		needs      = map[byte]int{'M': 2, 'm': 2, 'L': 2, 'l': 2, 'H': 1, 'h': 1, 'V': 1, 'v': 1}
		repeatedAs = map[byte]byte{'M': 'L', 'm': 'l'}
	)
	apply := func() {
		switch cmd {
		case 'M':
			x, y = nums[0], nums[1]
			sx, sy = x, y
		case 'm':
			if first {
				x, y = nums[0], nums[1]
			} else {
				x, y = x+nums[0], y+nums[1]
			}
			sx, sy = x, y
		case 'L':
			x, y = nums[0], nums[1]
		case 'l':
			x, y = x+nums[0], y+nums[1]
		case 'H':
			x = nums[0]
		case 'h':
			x += nums[0]
		case 'V':
			y = nums[0]
		case 'v':
			y += nums[0]
		}
		first = false
		pts = append(pts, [2]float64{x, y})
		nums = nums[:0]
		if r, ok := repeatedAs[cmd]; ok {
			cmd = r
		}
	}
	for _, s := range tok.FindAllString(d, -1) {
		switch c := s[0]; {
		case c == 'Z' || c == 'z':
			x, y = sx, sy
			pts = append(pts, [2]float64{x, y})
			cmd = 0
		case strings.ContainsRune("MmLlHhVv", rune(c)):
			cmd = c
		default:
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || cmd == 0 {
				t.Fatalf("path %q: bad token %q", d, s)
			}
			nums = append(nums, v)
			if len(nums) == needs[cmd] {
				apply()
			}
		}
	}
	return pts
}

// TestShortPath: the short path data visits the same points as the
// original, rounded to two decimals, and a path with other commands is
// left alone.
func TestShortPath(t *testing.T) {
	for _, d := range []string{
		"M29.071,148.57L29.071,150.07",
		"M0,0L453.54,0L453.54,283.46L0,283.46Z",
		"M8.926,138.4L147.74,138.4L147.74,260.8L8.926,260.8ZM10,10L20,-5L20,-5L-3.333,-7.5Z",
		"M1e-3,5L2.5e2,5",
	} {
		short, ok := shortPath([]byte(d))
		if !ok {
			t.Fatalf("shortPath(%q) refused", d)
		}
		var want [][2]float64
		for _, p := range absPoints(t, d) {
			if len(want) > 0 && want[len(want)-1] == [2]float64{math.Round(p[0]*100) / 100, math.Round(p[1]*100) / 100} {
				continue // a line to the current point is dropped
			}
			want = append(want, [2]float64{math.Round(p[0]*100) / 100, math.Round(p[1]*100) / 100})
		}
		got := absPoints(t, string(short))
		if len(got) != len(want) {
			t.Fatalf("shortPath(%q) = %q: %d points, want %d", d, short, len(got), len(want))
		}
		for i := range got {
			if math.Abs(got[i][0]-want[i][0]) > 1e-6 || math.Abs(got[i][1]-want[i][1]) > 1e-6 {
				t.Errorf("shortPath(%q) = %q: point %d is %v, want %v", d, short, i, got[i], want[i])
			}
		}
		if len(short) > len(d) {
			t.Errorf("shortPath(%q) = %q is longer", d, short)
		}
	}
	if _, ok := shortPath([]byte("M0,0C1,1,2,2,3,3")); ok {
		t.Error("shortPath took a curve")
	}
}

// TestCompactSVG: a chart's SVG is well-formed XML, merges its stroke-only
// paths, sets the font family once, and stays small: the monthly report's
// page carries two SVGs per chart (wide and narrow), and it grew from 318
// KB to 874 KB before they were compacted.
func TestCompactSVG(t *testing.T) {
	r := renderer(t)
	pic, err := r.Fan(sampleFan())
	if err != nil {
		t.Fatal(err)
	}
	sameStroke := regexp.MustCompile(`<path d="[^"]*" style="(fill:none;[^"]*)" />\n<path d="[^"]*" style="(fill:none;[^"]*)" />`)
	for name, svg := range map[string][]byte{"SVG": pic.SVG, "SVGNarrow": pic.SVGNarrow} {
		dec := xml.NewDecoder(bytes.NewReader(svg))
		for {
			_, err := dec.Token()
			if err != nil {
				if err.Error() != "EOF" {
					t.Fatalf("%s is not well-formed: %v", name, err)
				}
				break
			}
		}
		for _, m := range sameStroke.FindAllSubmatch(svg, -1) {
			if bytes.Equal(m[1], m[2]) && !bytes.Contains(m[1], []byte("dasharray")) {
				t.Errorf("%s has consecutive stroke-only paths with style %s", name, m[1])
			}
		}
		if bytes.Contains(svg, []byte("font-variant:none")) {
			t.Errorf("%s still sets initial font properties", name)
		}
		if n := bytes.Count(svg, []byte("font-family:")); n > 2 {
			t.Errorf("%s names a font family %d times, want it once on <svg>", name, n)
		}
		// 48 periods of hits with up to five lines each, axes, grid, bands.
		if len(svg) > 15000 {
			t.Errorf("%s is %d bytes, want at most 15,000", name, len(svg))
		}
		t.Logf("%s: %d bytes", name, len(svg))
	}
}
