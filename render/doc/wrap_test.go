package doc

import (
	"strings"
	"testing"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"

	"coo/render/font"
)

// cells measures text in character cells: 1 for ASCII, 2 for the rest
// (CJK is full width).
func cells(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r < utf8.RuneSelf {
			w++
		} else {
			w += 2
		}
	}
	return w
}

func TestWrap(t *testing.T) {
	for _, c := range []struct {
		in    string
		width float64
		want  []string
	}{
		{"", 10, nil},
		{"Revenue was up on September", 12, []string{"Revenue was ", "up on ", "September"}},
		{"本月营业收入比上月增长", 8, []string{"本月营业", "收入比上", "月增长"}},
		// closing punctuation never starts a line: it takes the character
		// before it along
		{"收入增长，成本下降。", 8, []string{"收入增", "长，成本", "下降。"}},
		{"Revenue 营业收入 up", 10, []string{"Revenue 营", "业收入 up"}},
		// a word wider than the line is never cut: it overflows alone
		{"Supercalifragilistic word", 8, []string{"Supercalifragilistic ", "word"}},
		{"see marketing-FY2027.xlsx now", 10, []string{"see ", "marketing-FY2027.xlsx ", "now"}},
		{"p = 5.601e-05 here", 6, []string{"p = ", "5.601e-05 ", "here"}},
		// a number keeps its unit, scale and sign
		{"range 323.32 M – 356.80 M", 12, []string{"range ", "323.32 M – ", "356.80 M"}},
		{"up +128.6 % on", 8, []string{"up ", "+128.6 % ", "on"}},
		{"Rolling 12 m", 8, []string{"Rolling ", "12 m"}},
		{"Complaints 46 count, up", 10, []string{"Complaints ", "46 count, ", "up"}},
		{"price ¥ 12.4 each", 7, []string{"price ", "¥ 12.4 ", "each"}},
		{"(12.4 M) and", 6, []string{"(12.4 M) ", "and"}},
		// Chinese: a number keeps its unit, with or without a space
		{"收入9,290.2 万元", 10, []string{"收入", "9,290.2 万元"}},
		{"收入为12.4万元，增长", 10, []string{"收入为", "12.4万元，", "增长"}},
		{"完成 7/12 个月", 8, []string{"完成 ", "7/12 个月"}},
		{"营业收入 Revenue 12.4 M（预算）", 12, []string{"营业收入 ", "Revenue ", "12.4 M（预", "算）"}},
		// full-width closing punctuation ends a Latin word
		{"31.8%；Supercalifragilistic", 10, []string{"31.8%；", "Supercalifragilistic"}},
		{"two\nlines", 20, []string{"two\n", "lines"}},
		{"ends with newline\n", 40, []string{"ends with newline\n"}},
		{"x", 0, []string{"x"}},
	} {
		got := wrap(c.in, c.width, cells)
		for _, l := range got {
			if w := cells(strings.TrimRight(l, " \n")); w > c.width && len(tokens(l)) > 1 {
				t.Errorf("wrap(%q, %g): line %q is %g wide and could have been broken", c.in, c.width, l, w)
			}
		}
		if strings.Join(got, "") != c.in {
			t.Errorf("wrap(%q) joined = %q", c.in, strings.Join(got, ""))
		}
		if c.want != nil && !equal(got, c.want) {
			t.Errorf("wrap(%q, %g) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestWrapPunctuation(t *testing.T) {
	got := wrap("收入增长，成本下降。利润（含税）持平", 8, cells)
	if strings.Join(got, "") != "收入增长，成本下降。利润（含税）持平" {
		t.Fatalf("lost text: %q", got)
	}
	for _, l := range got {
		r, _ := utf8.DecodeRuneInString(l)
		if isClosing(r) {
			t.Errorf("line starts with closing punctuation: %q in %q", l, got)
		}
		last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(l, " "))
		if isOpening(last) {
			t.Errorf("line ends with opening punctuation: %q in %q", l, got)
		}
	}
}

// TestWrapWithFont wraps real text with the PDF's own measure and checks
// that nothing is lost or repeated and that every line fits.
func TestWrapWithFont(t *testing.T) {
	face := cjkFont(t)
	f := fpdf.New("P", "pt", "A4", "")
	f.AddUTF8FontFromBytes("body", "", face.Regular)
	f.SetFont("body", "", 10)
	texts := []string{
		"Revenue was 12.4 M, up 4.1% on September and 96% of budget; East China led, South China fell short of plan after the typhoon.",
		"本月营业收入为12.4百万元，比上月增长4.1%，完成预算的96%。华东区表现最好，华南区受台风影响，收入低于计划。毛利率略有下降，主要原因是促销活动增加。",
		"营业收入 Revenue 12.4 M（预算 12.9 M），毛利率 Gross margin 31.8%；Supercalifragilisticexpialidocious-and-then-some-more-letters 收入。",
	}
	for _, s := range texts {
		for _, width := range []float64{40, 90, 200, 487} {
			lines := wrap(s, width, f.GetStringWidth)
			if got := strings.Join(lines, ""); got != s {
				t.Fatalf("width %g: joined lines differ:\n%q\n%q", width, got, s)
			}
			for _, l := range lines {
				ink := strings.TrimRight(l, " ")
				if w := f.GetStringWidth(ink); w > width+1e-9 && len(tokens(ink)) > 1 {
					t.Errorf("width %g: line %q is %g wide", width, ink, w)
				}
			}
		}
	}
	// The Go font (Latin only) measures the same way.
	g := font.Go()
	f.AddUTF8FontFromBytes("go", "", g.Regular)
	f.SetFont("go", "", 10)
	if lines := wrap(texts[0], 100, f.GetStringWidth); strings.Join(lines, "") != texts[0] || len(lines) < 5 {
		t.Errorf("Go font: %q", lines)
	}
}
