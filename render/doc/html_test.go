package doc

import (
	"bytes"
	"html"
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

// TestHTMLTablesFitAPhone: a table wider than a 390 px phone (the study's
// sensitivity table: eight columns, long driver names) is marked to show
// each row as a block there, every cell labelled with its column's
// header; a narrow table is left a table. A figure's range breaks between
// its ends, never inside a number.
func TestHTMLTablesFitAPhone(t *testing.T) {
	head := []string{"Driver", "-20.0%", "-10.0%", "-5.0%", "+5.0%", "+10.0%", "+20.0%", "Elasticity, 95% interval"}
	align := []Align{Left, Right, Right, Right, Right, Right, Right, Right}
	row := []Cell{{Text: "Marketing spend: one month, effect in the same month"}, {Text: "-0.4%"}, {Text: "-0.2%"}, {Text: "-0.1%"},
		{Text: "+0.1%"}, {Text: "+0.2%"}, {Text: "+0.3%"}, {Text: "0.0173 (-0.0943 to 0.129)"}}
	d := &Document{Title: "Study", Blocks: []Block{
		Table{Caption: "Sensitivity", Head: head, Align: align, Rows: [][]Cell{row}},
		Table{Caption: "Backtest", Head: []string{"Month", "Forecast", "95% range"}, Align: []Align{Left, Right, Right},
			Rows: [][]Cell{{{Text: "2026-11"}, {Text: "36.07 M"}, {Text: "32.89 M – 39.25 M"}}}},
	}}
	out := writeHTML(t, d)
	tables := regexp.MustCompile(`(?s)<table[^>]*>.*?</table>`).FindAllString(out, -1)
	if len(tables) != 2 {
		t.Fatalf("%d tables, want 2", len(tables))
	}
	if !strings.HasPrefix(tables[0], `<table class="stack">`) {
		t.Errorf("the sensitivity table is not stacked on a phone: %.80s", tables[0])
	}
	for _, h := range head[1:] {
		if !strings.Contains(html.UnescapeString(tables[0]), `data-label="`+h+`"`) {
			t.Errorf("the stacked table's cells lack the label %q", h)
		}
	}
	if strings.Contains(tables[1], "stack") || strings.Contains(tables[1], "data-label") {
		t.Errorf("a table that fits a phone is stacked: %.80s", tables[1])
	}
	if !strings.Contains(tables[1], "<span class=\"nw\">32.89\u00a0M</span> <span class=\"nw\">– 39.25\u00a0M</span>") {
		t.Errorf("the range is not two unbreakable ends: %s", tables[1])
	}
	// The phone's style shows a stacked table's rows as blocks, hides its
	// header row and labels each value; nothing is wider than the screen.
	for _, want := range []string{"@media (max-width: 640px)", "table.stack thead { display: none; }",
		"table.stack td[data-label]::before { content: attr(data-label);", ".nw { white-space: nowrap; }", "td.num.brk { white-space: normal; }"} {
		if !strings.Contains(htmlCSS, want) {
			t.Errorf("the style sheet lacks %q", want)
		}
	}
}

func TestNumberParts(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"36.07 M", nil},
		{"324.97 M – 359.36 M", []string{"324.97 M", "– 359.36 M"}},
		{"+18.3% (+12.4% – +24.3%)", []string{"+18.3%", "(+12.4%", "– +24.3%)"}},
		{"3,288.9 万 – 3,925.1 万", []string{"3,288.9 万", "– 3,925.1 万"}},
		{"0.0173 (-0.0943 to 0.129)", []string{"0.0173", "(-0.0943 to 0.129)"}},
	} {
		if got := numberParts(c.in); strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("numberParts(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestGlueUnits: a number keeps its unit or scale on its line in the page,
// a currency after a scale too; words, ranges and other spaces still break.
func TestGlueUnits(t *testing.T) {
	const nb = "\u00a0"
	for _, c := range []struct{ in, want string }{
		{"FY2027 outlook 366 people", "FY2027 outlook 366" + nb + "people"},
		{"FY2027 全年预测 3.42 亿元", "FY2027 全年预测 3.42" + nb + "亿元"},
		{"FY2027 outlook 342.17 M CNY", "FY2027 outlook 342.17" + nb + "M" + nb + "CNY"},
		{"a gap of +384.2 K CNY, 73.2% of cost", "a gap of +384.2" + nb + "K" + nb + "CNY, 73.2% of cost"},
		{"324.97 M – 359.36 M", "324.97" + nb + "M – 359.36" + nb + "M"},
		{"+18.5% on last month", "+18.5% on last month"},
		{"12,684 units", "12,684" + nb + "units"},
		{"no numbers here", "no numbers here"},
	} {
		if got := glueUnits(c.in); got != c.want {
			t.Errorf("glueUnits(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
