package chart

import (
	"strings"
	"testing"
)

// TestTooltips: every bar gets its own tooltip with category, series and
// value, in both SVGs; the title is the SVG's <title>, not drawn.
func TestTooltips(t *testing.T) {
	r := renderer(t)
	for _, horizontal := range []bool{false, true} {
		pic, err := r.Bars(Bars{Title: "Units by region", Unit: "units", Categories: []string{"North", "South"}, Horizontal: horizontal,
			Series: []BarSeries{{Name: "2025", Values: []float64{1200, nan}}, {Name: "2026", Values: []float64{1500, 900}}}})
		if err != nil {
			t.Fatal(err)
		}
		checkPicture(t, "bars", pic)
		for name, svg := range map[string]string{"SVG": string(pic.SVG), "SVGNarrow": string(pic.SVGNarrow)} {
			for _, want := range []string{"<title>Units by region</title>", "<title>North&#xA;2025: 1,200 units</title>",
				"<title>North&#xA;2026: 1,500 units</title>", "<title>South&#xA;2026: 900 units</title>"} {
				if !strings.Contains(svg, want) {
					t.Errorf("horizontal %v: %s lacks %q", horizontal, name, want)
				}
			}
			if n := strings.Count(svg, "<rect "); n != 3 {
				t.Errorf("horizontal %v: %s has %d hit rectangles, want one per drawn bar (3)", horizontal, name, n)
			}
			if strings.Contains(svg, ">Units by region</text>") {
				t.Errorf("horizontal %v: %s draws the title", horizontal, name)
			}
		}
	}
}
