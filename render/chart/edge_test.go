package chart

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"
)

var nan = math.NaN()

// checkPicture fails unless pic is a well-formed SVG without NaN or Inf and
// a PNG of the stated size at DPI.
func checkPicture(t *testing.T, name string, pic Picture) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(pic.SVG))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: svg is not well-formed XML: %v", name, err)
		}
	}
	for _, bad := range []string{"NaN", "Inf", "<script", "@font-face", "base64"} {
		if bytes.Contains(pic.SVG, []byte(bad)) {
			t.Errorf("%s: svg contains %q", name, bad)
		}
	}
	img, err := png.Decode(bytes.NewReader(pic.PNG))
	if err != nil {
		t.Fatalf("%s: png: %v", name, err)
	}
	w := int(math.Round(pic.Width / 72 * DPI))
	if got := img.Bounds().Dx(); got != w {
		t.Errorf("%s: png is %d px wide, want %d", name, got, w)
	}
}

func TestValidation(t *testing.T) {
	r := renderer(t)
	labels := months(2026, 1, 6)
	tests := []struct {
		name  string
		draw  func() (Picture, error)
		field string // in the error
	}{
		{"actual longer than labels", func() (Picture, error) {
			return r.Fan(Fan{Labels: labels[:2], Actual: []float64{1, 2, 3}})
		}, "Actual"},
		{"start outside", func() (Picture, error) {
			return r.Fan(Fan{Labels: labels, Actual: []float64{1}, Start: 7})
		}, "Start"},
		{"mean beyond labels", func() (Picture, error) {
			return r.Fan(Fan{Labels: labels, Start: 4, Mean: []float64{1, 2, 3}})
		}, "Mean"},
		{"band length", func() (Picture, error) {
			return r.Fan(Fan{Labels: labels, Start: 3, Mean: []float64{1, 2}, Lo80: []float64{1}, Hi80: []float64{2, 3}})
		}, "Lo80"},
		{"band without its other end", func() (Picture, error) {
			return r.Fan(Fan{Labels: labels, Start: 3, Mean: []float64{1, 2}, Lo95: []float64{1, 2}})
		}, "Hi95"},
		{"budget length", func() (Picture, error) {
			return r.Fan(Fan{Labels: labels, Actual: []float64{1}, Budget: []float64{1}})
		}, "Budget"},
		{"bar series length", func() (Picture, error) {
			return r.Bars(Bars{Categories: []string{"a", "b"}, Series: []BarSeries{{Values: []float64{1, 2}}, {Values: []float64{1}}}})
		}, "Series[1].Values"},
		{"bridge start NaN", func() (Picture, error) {
			return r.Bridge(Bridge{Start: nan})
		}, "Start"},
		{"bridge step Inf", func() (Picture, error) {
			return r.Bridge(Bridge{Start: 1, Steps: []Step{{"a", 1}, {"b", math.Inf(1)}}})
		}, "Steps[1].Delta"},
		{"line series length", func() (Picture, error) {
			return r.Lines(Lines{Labels: labels, Series: []LineSeries{{Values: make([]float64, 6)}, {Values: []float64{1}}}})
		}, "Series[1].Values"},
		{"panel", func() (Picture, error) {
			return r.Multiples(Multiples{Panels: []Panel{{Labels: labels}, {Labels: labels, Start: 5, Mean: []float64{1, 2}}}})
		}, "Panels[1].Mean"},
	}
	for _, tt := range tests {
		_, err := tt.draw()
		if err == nil || !strings.Contains(err.Error(), tt.field) || !strings.HasPrefix(err.Error(), "chart: ") {
			t.Errorf("%s: error %v, want one naming %s", tt.name, err, tt.field)
		}
	}
}

func TestEdgeCases(t *testing.T) {
	r := renderer(t)
	labels := months(2025, 11, 12)
	constant := []float64{5, 5, 5, 5, 5, 5}
	tests := []struct {
		name   string
		draw   func() (Picture, error)
		noData bool
	}{
		{"fan empty", func() (Picture, error) { return r.Fan(Fan{Title: "Empty"}) }, true},
		{"fan all NaN", func() (Picture, error) {
			return r.Fan(Fan{Labels: labels[:3], Actual: []float64{nan, nan, math.Inf(1)}, Budget: []float64{nan, nan, nan}})
		}, true},
		{"fan one point", func() (Picture, error) { return r.Fan(Fan{Labels: labels[:1], Actual: []float64{42}}) }, false},
		{"fan one forecast point", func() (Picture, error) {
			return r.Fan(Fan{Labels: labels[:1], Mean: []float64{1}, Lo80: []float64{0.5}, Hi80: []float64{1.5}, Lo95: []float64{0}, Hi95: []float64{2}})
		}, false},
		{"fan constant", func() (Picture, error) {
			return r.Fan(Fan{Labels: labels[:6], Actual: constant, Budget: constant})
		}, false},
		{"fan zeros", func() (Picture, error) { return r.Fan(Fan{Labels: labels[:3], Actual: []float64{0, 0, 0}}) }, false},
		{"fan negative", func() (Picture, error) {
			return r.Fan(Fan{Labels: labels[:6], Actual: []float64{-3e5, -1e5, nan, 2e5, -4e5, -1}, Start: 6})
		}, false},
		{"fan huge", func() (Picture, error) {
			return r.Fan(Fan{Labels: labels[:3], Actual: []float64{-1e15, 1e15, 0}})
		}, false},
		{"fan tiny", func() (Picture, error) {
			return r.Fan(Fan{Labels: labels[:3], Actual: []float64{1e-12, 3e-12, 2e-12}})
		}, false},
		{"fan gaps in forecast", func() (Picture, error) {
			return r.Fan(Fan{Labels: labels, Actual: []float64{1, 2, nan}, Start: 3,
				Mean: []float64{1, nan, 3, 4}, Lo80: []float64{0, nan, 2, nan}, Hi80: []float64{2, nan, 4, 5}})
		}, false},
		{"fan long", func() (Picture, error) {
			ls := months(1990, 1, 600)
			return r.Fan(Fan{Labels: ls, Actual: make([]float64, 600)})
		}, false},
		{"fan odd labels", func() (Picture, error) {
			return r.Fan(Fan{Labels: []string{"", "Q1 2026", "第二季度", "\x00\x1b[31m"}, Actual: []float64{1, 2, 3, 4}})
		}, false},
		{"bars empty", func() (Picture, error) { return r.Bars(Bars{Title: "Nothing"}) }, true},
		{"bars no series", func() (Picture, error) { return r.Bars(Bars{Categories: []string{"a"}}) }, true},
		{"bars all NaN", func() (Picture, error) {
			return r.Bars(Bars{Categories: []string{"a", "b"}, Series: []BarSeries{{Values: []float64{nan, nan}}}, Horizontal: true})
		}, true},
		{"bars negative", func() (Picture, error) {
			return r.Bars(Bars{Categories: []string{"a", "b"}, Series: []BarSeries{{Values: []float64{-1, -2}}}})
		}, false},
		{"bars many", func() (Picture, error) {
			cats := make([]string, 80)
			vs := make([]float64, 80)
			for i := range cats {
				cats[i], vs[i] = strings.Repeat("Category ", 1+i%4), float64(i)
			}
			return r.Bars(Bars{Categories: cats, Series: []BarSeries{{Values: vs}, {Values: vs}}})
		}, false},
		{"bars many horizontal", func() (Picture, error) {
			cats := make([]string, 120)
			vs := make([]float64, 120)
			for i := range cats {
				cats[i], vs[i] = "unit", float64(i)
			}
			return r.Bars(Bars{Categories: cats, Series: []BarSeries{{Values: vs}}, Horizontal: true})
		}, false},
		{"bars ten series", func() (Picture, error) {
			var ss []BarSeries
			for range 10 {
				ss = append(ss, BarSeries{Name: "s", Values: []float64{1, 2}})
			}
			return r.Bars(Bars{Categories: []string{"a", "b"}, Series: ss})
		}, false},
		{"bridge no steps", func() (Picture, error) { return r.Bridge(Bridge{Start: 10}) }, false},
		{"bridge zero", func() (Picture, error) { return r.Bridge(Bridge{Steps: []Step{{"x", 0}}}) }, false},
		{"bridge below zero", func() (Picture, error) {
			return r.Bridge(Bridge{Start: 1e5, Steps: []Step{{"loss", -3e5}, {"gain", 5e4}}, Percent: false})
		}, false},
		{"lines empty", func() (Picture, error) { return r.Lines(Lines{Title: "Nothing"}) }, true},
		{"lines all NaN", func() (Picture, error) {
			return r.Lines(Lines{Labels: labels[:2], Series: []LineSeries{{Values: []float64{nan, math.Inf(-1)}}}, Zero: true})
		}, true},
		{"lines one point", func() (Picture, error) {
			return r.Lines(Lines{Labels: labels[:1], Series: []LineSeries{{Name: "a", Values: []float64{3}}}})
		}, false},
		{"lines zero only", func() (Picture, error) {
			return r.Lines(Lines{Labels: labels[:3], Series: []LineSeries{{Values: []float64{0, 0, 0}, Dots: true}}, Zero: true})
		}, false},
		{"lines gaps, many series", func() (Picture, error) {
			var ss []LineSeries
			for k := range 10 {
				ss = append(ss, LineSeries{Name: "s", Values: []float64{float64(k), nan, 2, 3}, Dashed: k%2 == 0})
			}
			return r.Lines(Lines{Labels: labels[:4], Series: ss})
		}, false},
		{"lines odd labels", func() (Picture, error) {
			return r.Lines(Lines{Labels: []string{"", "第二季度", "\x00"}, Series: []LineSeries{{Values: []float64{1, 2, 3}}}})
		}, false},
		{"multiples none", func() (Picture, error) { return r.Multiples(Multiples{Title: "None"}) }, true},
		{"multiples all empty", func() (Picture, error) {
			return r.Multiples(Multiples{Panels: []Panel{{Title: "a"}, {Title: "b", Labels: labels[:1], Actual: []float64{nan}}}})
		}, true},
		{"multiples shared scale, one panel empty", func() (Picture, error) {
			return r.Multiples(Multiples{Shared: true, Cols: 2, Panels: []Panel{{Title: "a", Labels: labels[:3], Actual: []float64{1, 2, 3}},
				{Title: "b", Labels: labels[:3], Actual: []float64{nan, nan, nan}}, {Title: "c", Labels: labels[:3], Actual: []float64{100, 200, 300}}}})
		}, false},
		{"multiples one panel, many cols", func() (Picture, error) {
			return r.Multiples(Multiples{Cols: 9, Panels: []Panel{{Title: "a", Labels: labels[:2], Actual: []float64{1, 2}}}})
		}, false},
	}
	for _, tt := range tests {
		pic, err := tt.draw()
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if pic.NoData != tt.noData {
			t.Errorf("%s: NoData = %v, want %v", tt.name, pic.NoData, tt.noData)
		}
		checkPicture(t, tt.name, pic)
		look(t, "edge-"+strings.ReplaceAll(tt.name, " ", "-"), pic)
	}
}

// hostile is text from a workbook that tries to break out of SVG.
const hostile = `<script>alert(1)</script> & "quotes" 'single' ]]> <!-- x`

func TestEscaping(t *testing.T) {
	r := renderer(t)
	f := sampleFan()
	f.Title, f.YLabel = hostile, hostile
	f.Labels[0] = hostile
	b := sampleBars()
	b.Title, b.Categories[0], b.Series[0].Name = hostile, hostile, hostile
	br := sampleBridge()
	br.Title, br.StartLabel, br.Steps[0].Label = hostile, hostile, hostile
	m := sampleMultiples()
	m.Title, m.Panels[0].Title = hostile, hostile
	ln := sampleLines()
	ln.Title, ln.Labels[0], ln.Series[0].Name = hostile, hostile, hostile
	draws := map[string]func() (Picture, error){
		"fan":       func() (Picture, error) { return r.Fan(f) },
		"bars":      func() (Picture, error) { return r.Bars(b) },
		"bridge":    func() (Picture, error) { return r.Bridge(br) },
		"multiples": func() (Picture, error) { return r.Multiples(m) },
		"lines":     func() (Picture, error) { return r.Lines(ln) },
	}
	for name, draw := range draws {
		pic, err := draw()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkPicture(t, name, pic)
		if !bytes.Contains(pic.SVG, []byte("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quotes&#34;")) {
			t.Errorf("%s: svg does not hold the escaped title", name)
		}
	}
}

func TestCJK(t *testing.T) {
	r := renderer(t)
	if !r.Face().CJK {
		t.Skip("no CJK face installed (Debian: fonts-droid-fallback)")
	}
	// Chinese characters are drawn in the CJK face, the rest in the Latin
	// one (fontpair.go): each must have its glyphs.
	cjk, err := sfnt.Parse(r.Face().CJKRegular)
	if err != nil {
		t.Fatal(err)
	}
	latin, err := sfnt.Parse(r.Face().Regular)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range "营业收入 Revenue 0123456789%" {
		f, name := latin, "Latin"
		if hasHan(string(c)) {
			f, name = cjk, r.Face().CJKName
		}
		if g, err := f.GlyphIndex(nil, c); err != nil || g == 0 && c != ' ' {
			t.Errorf("face %s (%s) has no glyph for %q", r.Face().Name, name, c)
		}
	}
	pic, err := r.Fan(sampleFan())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(pic.SVG, []byte("<title>营业收入 Revenue</title>")) {
		t.Error("svg does not hold the Chinese title as its <title>")
	}
	// Chinese text is set in the CJK face, the rest in the Go fonts.
	zh, err := r.WithWords(Words{"Actual": "实际", "Forecast": "预测"}).Fan(sampleFan())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(zh.SVG, []byte(">实际</text>")) {
		t.Error("svg does not hold the Chinese legend as text")
	}
	if !bytes.Contains(zh.SVG, []byte("font-family:'"+r.Face().CJKName+"',sans-serif")) {
		t.Errorf("svg does not name the CJK face %s with a fallback", r.Face().CJKName)
	}
	if !bytes.Contains(pic.SVG, []byte("font-family:'Go',sans-serif")) {
		t.Error("svg does not name the Latin face Go with a fallback")
	}
}

// TestDeterministic draws the same charts twice, the second time from
// several goroutines at once, and wants the same bytes.
func TestDeterministic(t *testing.T) {
	r := renderer(t)
	draw := func() []Picture {
		var out []Picture
		for _, f := range []func() (Picture, error){
			func() (Picture, error) { return r.Fan(sampleFan()) },
			func() (Picture, error) { return r.Bars(sampleRanking()) },
			func() (Picture, error) { return r.Bridge(sampleBridge()) },
			func() (Picture, error) { return r.Multiples(sampleMultiples()) },
			func() (Picture, error) { return r.Lines(sampleLines()) },
		} {
			pic, err := f()
			if err != nil {
				t.Error(err)
			}
			out = append(out, pic)
		}
		return out
	}
	want := draw()
	got := make([][]Picture, 3)
	done := make(chan int)
	for i := range got {
		go func() { got[i] = draw(); done <- i }()
	}
	for range got {
		<-done
	}
	for _, g := range got {
		for k := range want {
			if !bytes.Equal(g[k].SVG, want[k].SVG) || !bytes.Equal(g[k].PNG, want[k].PNG) {
				t.Errorf("chart %d: bytes differ between runs", k)
			}
		}
	}
}

func TestSizes(t *testing.T) {
	r := renderer(t)
	for name, draw := range map[string]func() (Picture, error){
		"fan":       func() (Picture, error) { return r.Fan(sampleFan()) },
		"bars":      func() (Picture, error) { return r.Bars(sampleBars()) },
		"bridge":    func() (Picture, error) { return r.Bridge(sampleBridge()) },
		"multiples": func() (Picture, error) { return r.Multiples(sampleMultiples()) },
		"lines":     func() (Picture, error) { return r.Lines(sampleLines()) },
		"residuals": func() (Picture, error) { return r.Lines(sampleResiduals()) },
	} {
		pic, err := draw()
		if err != nil {
			t.Fatal(err)
		}
		if len(pic.SVG) > 100<<10 || len(pic.PNG) > 400<<10 {
			t.Errorf("%s: svg %d bytes, png %d bytes: too large", name, len(pic.SVG), len(pic.PNG))
		}
	}
}

// TestValueLabels checks that axes and bar labels read as the tables do
// (coo/internal/numfmt), in both languages.
func TestValueLabels(t *testing.T) {
	tests := []struct {
		lo, hi, step float64
		percent      bool
		unit, lang   string
		want         string
	}{
		{0, 1.2e6, 2e5, false, "CNY", "en", "0|0.2 M|0.4 M|0.6 M|0.8 M|1.0 M|1.2 M"},
		{0, 750e3, 250e3, false, "CNY", "en", "0|250 K|500 K|750 K"},
		{0, 4e7, 2e7, false, "CNY", "zh", "0|2,000 万|4,000 万"},
		{-1e9, 1e9, 1e9, false, "CNY", "en", "-1 B|0|1 B"},
		{0, 1.5e5, 5e4, false, "units", "en", "0|50,000|100,000|150,000"},
		{0, 0.15, 0.05, true, "", "en", "0%|5%|10%|15%"},
		{0.1, 0.15, 0.025, true, "", "zh", "10.0%|12.5%|15.0%"},
		{0, 1, 0.5, false, "", "en", "0|0.5|1.0"},
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range (valueTicks{step: tt.step, percent: tt.percent, unit: tt.unit, lang: tt.lang}).Ticks(tt.lo, tt.hi) {
			got = append(got, tk.Label)
		}
		if g := strings.Join(got, "|"); g != tt.want {
			t.Errorf("valueTicks{%v, %q, %q}.Ticks(%v, %v) = %q, want %q", tt.step, tt.unit, tt.lang, tt.lo, tt.hi, g, tt.want)
		}
	}
	en, zh := &Renderer{}, (&Renderer{}).WithLang("zh")
	values := []struct {
		r             *Renderer
		v             float64
		unit          string
		percent, sign bool
		want          string
	}{
		{en, 1.24e6, "CNY", false, false, "1.24 M"},
		{zh, 1.24e6, "CNY", false, false, "124 万"},
		{en, 850e3, "CNY", false, false, "850 K"},
		{en, 12500, "CNY", false, true, "+12,500"},
		{en, 59881.8, "count", false, false, "59,882"},
		{en, 0, "", false, true, "0"},
		{en, -0.125, "", true, false, "-12.5%"},
		{en, 0.84, "", true, false, "84.0%"},
		{en, 0.5, "", false, false, "0.5"},
		{en, -1e-9, "", true, true, "0.0%"},
	}
	for _, tt := range values {
		if got := tt.r.formatValue(tt.v, tt.unit, tt.percent, tt.sign); got != tt.want {
			t.Errorf("formatValue(%g, %q) in %q = %q, want %q", tt.v, tt.unit, tt.r.lang, got, tt.want)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  Sales\t\nEast  ", "Sales East"},
		{"a\x00b\x1bc", "a b c"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
		{"rtl\u202Eoverride", "rtloverride"},
		{strings.Repeat("长", 50), strings.Repeat("长", maxLabel-1) + "…"},
	}
	for _, tt := range tests {
		if got := clean(tt.in, maxLabel); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPeriodTicks(t *testing.T) {
	r := renderer(t)
	sty := r.style(tickSize, false, muted)
	lt := periodTicks(months(2023, 11, 48), sty, 380)
	var got []string
	for _, tk := range lt.Ticks(-0.5, 47.5) {
		if tk.Label != "" {
			got = append(got, tk.Label)
		}
	}
	if lt.every != 6 || got[0] != "2024-01" || got[1] != "2024-07" {
		t.Errorf("labelled every %d: %v; want every 6 from 2024-01", lt.every, got)
	}
}

// TestClipping: one value far outside the others (a unit slip, a value
// beyond ±1e15) is drawn at the edge and named, never an error, and the
// others keep their scale. The range is worked out by hand for the first
// fan: the twelve actuals have quartiles 102.75 and 108.25, a width of
// max(5.5, 108.25/10) = 10.825, and 10 widths past the quartiles give the
// range −5.5 to 216.5: only 1e12 is outside.
func TestClipping(t *testing.T) {
	r := renderer(t)
	labels := months(2026, 1, 12)
	actual := []float64{100, 101, 102, 103, 104, 105, 106, 107, 108, 1e12, 109, 110}
	pic, err := r.Fan(Fan{Labels: labels, Actual: actual})
	if err != nil {
		t.Fatal(err)
	}
	checkPicture(t, "clipped fan", pic)
	if len(pic.Clipped) != 1 || !strings.Contains(pic.Clipped[0], "actual "+labels[9]+" = 1e+12") {
		t.Errorf("fan with a slip: Clipped = %q, want one note naming actual %s = 1e+12", pic.Clipped, labels[9])
	}
	// The same without the slip: nothing clipped.
	clean := append([]float64(nil), actual...)
	clean[9] = 108.5
	if pic, err := r.Fan(Fan{Labels: labels, Actual: clean}); err != nil || pic.Clipped != nil {
		t.Errorf("a clean fan: %v, Clipped %q", err, pic.Clipped)
	}
	// A forecast that ran away, and the largest double in a line chart.
	pic, err = r.Fan(Fan{Labels: labels, Actual: clean[:9], Start: 9, Mean: []float64{109, 110, 5e9}, Lo95: []float64{100, 90, 1}, Hi95: []float64{120, 130, math.MaxFloat64}})
	if err != nil || len(pic.Clipped) != 1 || !strings.Contains(pic.Clipped[0], "forecast "+labels[11]+" = 5e+09") || !strings.Contains(pic.Clipped[0], "95% high "+labels[11]) {
		t.Errorf("runaway forecast: %v, Clipped %q", err, pic.Clipped)
	}
	pic, err = r.Lines(Lines{Labels: labels[:6], Series: []LineSeries{{Name: "Headcount", Values: []float64{50, 51, 52, math.MaxFloat64, 53, 54}}}})
	if err != nil || len(pic.Clipped) != 1 || !strings.Contains(pic.Clipped[0], "Headcount "+labels[3]+" = 1.79769e+308") {
		t.Errorf("lines with the largest double: %v, Clipped %q", err, pic.Clipped)
	}
	checkPicture(t, "clipped lines", pic)
	pic, err = r.Bars(Bars{Categories: []string{"a", "b", "c", "d", "e"}, Series: []BarSeries{{Values: []float64{3, 4, 5, 4, -2e16}}}})
	if err != nil || len(pic.Clipped) != 1 || !strings.Contains(pic.Clipped[0], "e = -2e+16") {
		t.Errorf("bars beyond ±1e15: %v, Clipped %q", err, pic.Clipped)
	}
}

// TestBridgeLabelsApart: the labels of small steps side by side (the
// demo's operating cost: payroll up 973 K, five lines moving by tens of
// thousands) do not overlap, in the PNG's layout and in both SVGs, where
// the phone's text is larger.
func TestBridgeLabelsApart(t *testing.T) {
	r := renderer(t)
	pic, err := r.Bridge(Bridge{Title: "Operating cost", Unit: "CNY", StartLabel: "2025-10", Start: 8.73e6, EndLabel: "2026-10", LowerIsBetter: true,
		Steps: []Step{{"Payroll", 9.73e5}, {"Logistics", 1.444e5}, {"Marketing", 71355.7}, {"IT", -27814.8}, {"Travel", -16706.8}, {"Rent", 12094.3}}})
	if err != nil {
		t.Fatal(err)
	}
	text := regexp.MustCompile(`<text x="([-0-9.]+)" y="([-0-9.]+)"[^>]*font-size:([0-9.]+)px[^>]*>([^<]*)</text>`)
	value := regexp.MustCompile(`^[+-]?[0-9][0-9,.]*( [KMB])?$`)
	for name, svg := range map[string][]byte{"SVG": pic.SVG, "SVGNarrow": pic.SVGNarrow} {
		type box struct {
			x0, x1, y0, y1 float64
			s              string
		}
		var boxes []box
		for _, m := range text.FindAllSubmatch(svg, -1) {
			s := string(m[4])
			if !value.MatchString(s) {
				continue
			}
			x, _ := strconv.ParseFloat(string(m[1]), 64)
			y, _ := strconv.ParseFloat(string(m[2]), 64)
			size, _ := strconv.ParseFloat(string(m[3]), 64)
			w := 0.55 * size * float64(len(s)) // x is the left edge as vgsvg writes it
			boxes = append(boxes, box{x, x + w, y - size*0.8, y, s})
		}
		if len(boxes) < 6 {
			t.Fatalf("%s: found %d value labels, want at least 6", name, len(boxes))
		}
		for i, a := range boxes {
			for _, b := range boxes[:i] {
				if a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 {
					t.Errorf("%s: labels %q and %q overlap", name, a.s, b.s)
				}
			}
		}
	}
}

// TestCJKRuns: in a label mixing Chinese and Latin ("3,000 万", "经营成本：
// 相对 2025-10 的变化") only the CJK runs are set in the CJK face, whose
// Latin glyphs may be missing (Droid Sans Fallback has none: digits drawn
// in it vanished from the PDF's charts); the digits stay in the Latin face
// in the SVG and the PNG alike.
func TestCJKRuns(t *testing.T) {
	r := renderer(t)
	if !r.Face().CJK {
		t.Skip("no CJK face installed (Debian: fonts-droid-fallback or fonts-lxgw-wenkai)")
	}
	h, ok := r.hand.(pairText)
	if !ok {
		t.Fatalf("the text handler is %T, want pairText", r.hand)
	}
	f := r.regular
	var got []string
	for _, run := range h.runs("经营成本：相对 2025-10 的变化", f) {
		face := "latin"
		if run.font.Typeface != f.Typeface {
			face = "cjk"
		}
		got = append(got, face+":"+run.text)
	}
	want := []string{"cjk:经营成本：相对", "latin: 2025-10 ", "cjk:的变化"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("runs = %q, want %q", got, want)
	}
	zh := r.WithLang("zh")
	fan := sampleFan()
	fan.Title, fan.Unit = "营业收入：相对 2025-10 的变化", "CNY"
	pic, err := zh.Fan(fan)
	if err != nil {
		t.Fatal(err)
	}
	cjkText := regexp.MustCompile(`<text[^>]*font-family:'` + regexp.QuoteMeta(r.Face().CJKName) + `'[^>]*>([^<]*)</text>`)
	for _, m := range cjkText.FindAllSubmatch(pic.SVG, -1) {
		if regexp.MustCompile(`[0-9A-Za-z]`).Match(m[1]) {
			t.Errorf("the CJK face draws %q", m[1])
		}
	}
	if !bytes.Contains(pic.SVG, []byte(" 万</text>")) && !bytes.Contains(pic.SVG, []byte(">万</text>")) {
		t.Error("the SVG has no axis label in 万")
	}
}

// TestWithoutTitles: a Renderer for captioned documents draws no title in
// the PNG (the caption names the chart once), and keeps it as the SVG's
// <title>; the plain Renderer still draws it.
func TestWithoutTitles(t *testing.T) {
	r := renderer(t)
	b := Bars{Title: "Revenue by month: this fiscal year, last year and budget", Categories: []string{"Apr", "May"},
		Series: []BarSeries{{Name: "FY2027", Values: []float64{3, 4}}}}
	titled, err := r.Bars(b)
	if err != nil {
		t.Fatal(err)
	}
	untitled, err := r.WithoutTitles().Bars(b)
	if err != nil {
		t.Fatal(err)
	}
	// ink counts the dark pixels where a title is drawn: the top band of
	// the picture, away from the legend's swatches at its left edge.
	ink := func(pngData []byte) int {
		img, err := png.Decode(bytes.NewReader(pngData))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		bd := img.Bounds()
		for y := bd.Min.Y; y < bd.Min.Y+bd.Dy()/8; y++ {
			for x := bd.Min.X + bd.Dx()/4; x < bd.Max.X-bd.Dx()/4; x++ {
				if r, g, b, _ := img.At(x, y).RGBA(); r+g+b < 3*0xc000 {
					n++
				}
			}
		}
		return n
	}
	if a, b := ink(titled.PNG), ink(untitled.PNG); a == 0 || b > a/10 {
		t.Errorf("the title's band has %d dark pixels untitled, %d titled: want the title drawn only in the titled PNG", b, a)
	}
	if !bytes.Contains(untitled.SVG, []byte("<title>Revenue by month: this fiscal year, last year and budget</title>")) {
		t.Error("the untitled SVG lost its <title>")
	}
}

// TestBridgeAxis: when the running totals lie close together (the demo's
// operating cost, 8.73 M to 9.88 M), zero would flatten every step into a
// hairline, so the axis starts near the smallest total and the total bars
// are drawn cut; when a total is far from the others (100 to 300), the
// axis keeps zero.
func TestBridgeAxis(t *testing.T) {
	r := renderer(t)
	zeroTick := regexp.MustCompile(`<text[^>]*>0</text>`)
	for _, tc := range []struct {
		name      string
		start     float64
		steps     []Step
		wantZero  bool
		wantBreak bool
	}{
		{"close totals", 8.73e6, []Step{{"Payroll", 9.73e5}, {"Logistics", 1.444e5}, {"IT", -27814.8}, {"Rent", 12094.3}}, false, true},
		{"far totals", 100, []Step{{"A", 150}, {"B", 50}}, true, false},
	} {
		pic, err := r.Bridge(Bridge{Title: tc.name, Unit: "CNY", StartLabel: "2025-10", EndLabel: "2026-10", Start: tc.start, Steps: tc.steps})
		if err != nil {
			t.Fatal(err)
		}
		if got := zeroTick.Match(pic.SVG); got != tc.wantZero {
			t.Errorf("%s: a tick at 0: %v, want %v", tc.name, got, tc.wantZero)
		}
		// The break marks are white lines across the cut total bars.
		if got := bytes.Contains(pic.SVG, []byte("stroke:#FFFFFF")) || bytes.Contains(pic.SVG, []byte(`stroke="#FFFFFF"`)) || bytes.Contains(pic.SVG, []byte("stroke:#ffffff")); got != tc.wantBreak {
			t.Errorf("%s: break marks drawn: %v, want %v", tc.name, got, tc.wantBreak)
		}
	}
}
