package doc

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"coo/render/chart"
	"coo/render/font"
)

// chartDocument is a document with headings, cards and a real chart.
func chartDocument(t *testing.T) *Document {
	t.Helper()
	r, err := chart.NewRenderer(font.Go())
	if err != nil {
		t.Fatal(err)
	}
	pic, err := r.Fan(chart.Fan{Title: "Revenue", Unit: "CNY", Labels: []string{"2026-08", "2026-09", "2026-10", "2026-11"},
		Actual: []float64{1.25e6, 1.5e6, 1.75e6}, Start: 3, Mean: []float64{2e6}, Lo80: []float64{1.8e6}, Hi80: []float64{2.2e6},
		Lo95: []float64{1.7e6}, Hi95: []float64{2.3e6}})
	if err != nil {
		t.Fatal(err)
	}
	cards := Cards{}
	for _, l := range []string{"Revenue", "Cost", "Units", "Leads", "Headcount"} {
		cards.Items = append(cards.Items, Card{Label: l, Value: "1"})
	}
	return &Document{Title: "Monthly", Blocks: []Block{
		Heading{Level: 1, Text: "Summary", ID: "summary"},
		cards,
		Heading{Level: 2, Text: "Revenue"},
		Figure{Name: "fan", Caption: "Revenue: history and forecast", SVG: pic.SVG, SVGNarrow: pic.SVGNarrow, PNG: pic.PNG},
		Heading{Level: 3, Text: "Detail"},
		Table{Head: []string{"Month", "Value"}, Align: []Align{Left, Right},
			Rows: [][]Cell{{{Text: "2026-09"}, {Text: "1.2 M"}}, {{Text: "2026-10"}, {Text: "n/a"}}}},
		Heading{Level: 1, Text: "Appendix"},
	}}
}

func writeHTML(t *testing.T, d *Document) string {
	t.Helper()
	var b bytes.Buffer
	if err := HTML(&b, d); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestHTMLContents: the table of contents links every level 1 and 2
// heading, by its own ID or a derived one, and no deeper heading.
func TestHTMLContents(t *testing.T) {
	out := writeHTML(t, chartDocument(t))
	i, j := strings.Index(out, `<details class="toc" open>`), strings.Index(out, "</details>")
	if i < 0 || j < i {
		t.Fatal("HTML has no table of contents")
	}
	toc := out[i:j]
	ids := regexp.MustCompile(`<h[23] id="([^"]+)"`).FindAllStringSubmatch(out, -1)
	if len(ids) != 3 {
		t.Errorf("HTML has %d h2/h3 headings with an id, want 3 (Summary, Revenue, Appendix)", len(ids))
	}
	for _, m := range ids {
		if !strings.Contains(toc, `<a href="#`+m[1]+`">`) {
			t.Errorf("the contents do not link heading %q", m[1])
		}
	}
	if !strings.Contains(toc, `href="#summary"`) || !strings.Contains(out, `<h3 id="sec-3">Revenue</h3>`) {
		t.Errorf("a heading keeps its own ID and one without gets sec-N (block N)")
	}
	if strings.Contains(toc, "Detail") || strings.Contains(out, "<h4 id=") {
		t.Errorf("a level 3 heading is neither in the contents nor given an ID")
	}
}

// TestHTMLFigure: a chart's SVG comes with a tooltip per period (value and
// period), in a wide and a narrow layout, under one title: the caption,
// less the lead-in that repeats its heading.
func TestHTMLFigure(t *testing.T) {
	out := writeHTML(t, chartDocument(t))
	for _, class := range []string{"wide", "narrow"} {
		m := regexp.MustCompile(`(?s)<svg [^>]*class="` + class + `"[^>]*>(.*?)</svg>`).FindStringSubmatch(out)
		if m == nil {
			t.Errorf("no %s SVG", class)
			continue
		}
		svg := m[1]
		for _, want := range []string{"<title>Revenue</title>", "<title>2026-10&#xA;Actual: 1.75 M CNY</title>",
			"<title>2026-11&#xA;Forecast: 2.00 M CNY&#xA;80% interval: 1.80 M CNY – 2.20 M CNY&#xA;95% interval: 1.70 M CNY – 2.30 M CNY</title>"} {
			if !strings.Contains(svg, want) {
				t.Errorf("the %s SVG lacks %q", class, want)
			}
		}
		if n := strings.Count(svg, "<rect "); n != 4 {
			t.Errorf("the %s SVG has %d hit rectangles, want one per period (4)", class, n)
		}
		if strings.Contains(svg, ">Revenue</text>") {
			t.Errorf("the %s SVG draws its title: the caption is the figure's title", class)
		}
	}
	if !strings.Contains(out, "<figcaption>History and forecast</figcaption>") {
		t.Errorf("the caption should drop the lead-in that repeats its heading (Revenue: …)")
	}
	if strings.Count(out, "<figcaption>") != 1 {
		t.Errorf("a figure has one caption")
	}
}

// TestHTMLSelfContained: one inline script and no outside resources.
func TestHTMLSelfContained(t *testing.T) {
	out := writeHTML(t, chartDocument(t))
	if strings.Count(out, "<script") != 1 || !strings.Contains(out, "<script>\n"+htmlScript+"\n</script>") {
		t.Errorf("the page should carry its one inline script")
	}
	for _, m := range regexp.MustCompile(`(?i)\s(?:src|href)\s*=\s*["']([^"']*)`).FindAllStringSubmatch(out, -1) {
		if !strings.HasPrefix(m[1], "#") && !strings.HasPrefix(m[1], "data:") {
			t.Errorf("the page links %q: it should fetch nothing", m[1])
		}
	}
	if strings.Contains(out, "<link") || strings.Contains(out, "@import") || strings.Contains(out, "url(") {
		t.Errorf("the page's style should fetch nothing")
	}
	for _, want := range []string{"@media (prefers-color-scheme: dark)", `<meta name="color-scheme" content="light dark">`,
		`<div class="cards n5">`, "sortBy"} {
		if !strings.Contains(out, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

func TestDropLeadIn(t *testing.T) {
	for _, c := range []struct{ caption, heading, want string }{
		{"Revenue: history and forecast", "Revenue", "History and forecast"},
		{"营业收入：历史与预测", "营业收入", "历史与预测"},
		{"Revenue by month: this year", "Revenue", "Revenue by month: this year"},
		{"Revenue: ", "Revenue", "Revenue: "},
		{"Revenue: history", "", "Revenue: history"},
	} {
		if got := dropLeadIn(c.caption, c.heading); got != c.want {
			t.Errorf("dropLeadIn(%q, %q) = %q, want %q", c.caption, c.heading, got, c.want)
		}
	}
}
