package doc

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"coo/render/font"
)

// protected are pieces of text that no line may break inside: numbers
// with their sign and unit, words and file names.
var protected = []string{
	"+128.6%", "323.32 M –", "356.80 M", "12 m", "5.601e-05", "sales_budget",
	"marketing-FY2027.xlsx", "46 count", "9,290.2 万", "12.4万元，",
}

// narrowDocument puts the protected pieces in narrow table columns, a
// paragraph and a list.
func narrowDocument(lang string) *Document {
	rows := [][]Cell{
		{{Text: "Revenue"}, {Text: "+128.6%"}, {Text: "323.32 M – 356.80 M"}, {Text: "5.601e-05"}},
		{{Text: "sales_budget"}, {Text: "46 count"}, {Text: "marketing-FY2027.xlsx"}, {Text: "0.0001"}},
	}
	if lang == "zh" {
		rows = append(rows, []Cell{{Text: "营业收入"}, {Text: "9,290.2 万"}, {Text: "收入12.4万元，增长"}, {Text: "5.601e-05"}})
	}
	return &Document{
		Lang:  lang,
		Title: "Numbers in narrow columns",
		Blocks: []Block{
			Heading{Level: 1, Text: "Table"},
			Table{
				Caption: "Narrow columns",
				Head:    []string{"Figure", "Rolling 12 m", "95% range", "p-value"},
				Align:   []Align{Left, Right, Right, Right},
				Widths:  []float64{2, 1, 1.2, 1},
				Rows:    rows,
			},
			Heading{Level: 2, Text: "Text"},
			Paragraph{Text: strings.Repeat("Defects rose +128.6% on last year, a range of 323.32 M – 356.80 M; see marketing-FY2027.xlsx and sales_budget, p = 5.601e-05, over the Rolling 12 m; 46 count. ", 3)},
			Heading{Level: 2, Text: "List"},
			List{Items: []string{"Outlook 323.32 M – 356.80 M against the budget of sales_budget in marketing-FY2027.xlsx."}},
		},
	}
}

// TestPDFNeverBreaksNumbers renders numbers, units and file names in
// narrow columns and checks every line drawn: no line starts with a unit
// or a dash after a number, each protected piece is drawn whole on one line, and a line
// wider than its box was shrunk, never split.
func TestPDFNeverBreaksNumbers(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		face := font.Go()
		if lang == "zh" {
			face = cjkFont(t)
		}
		d := narrowDocument(lang)
		var b bytes.Buffer
		p, err := writePDF(&b, d, face, true)
		if err != nil {
			t.Fatal(err)
		}
		squash := func(s string) string { return strings.Join(strings.Fields(s), " ") }
		var all []string
		prev := ""
		for _, l := range p.drawn {
			s := squash(l.text)
			all = append(all, s)
			f := strings.Fields(s)
			if len(f) == 0 {
				continue
			}
			if isDash(f[0]) || isNumber(prev) && isUnit(f[0]) {
				t.Errorf("%s: line %q starts with a unit or a dash after %q", lang, s, prev)
			}
			prev = f[len(f)-1]
			if l.width > l.box+0.05 {
				t.Errorf("%s: line %q is %.1f wide in a box of %.1f", lang, s, l.width, l.box)
			}
		}
		for _, want := range protected {
			if lang != "zh" && hasCJK(want) {
				continue
			}
			found := false
			for _, s := range all {
				if strings.Contains(s, want) {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("%s: %q is not drawn whole on one line; lines:\n%s", lang, want, strings.Join(all, "\n"))
			}
		}
		// Read back by poppler when it is installed.
		text := pdfText(t, b.Bytes())
		if text == nil {
			continue
		}
		lines := strings.Split(squash(strings.ReplaceAll(strings.Join(text, "\n"), "\n", "\x00")), "\x00")
		for i := range lines {
			lines[i] = squash(lines[i])
		}
		joined := strings.Join(lines, "\n")
		for _, want := range []string{"356.80 M", "5.601e-05", "sales_budget", "marketing-FY2027.xlsx", "+128.6%"} {
			if !strings.Contains(joined, want) {
				t.Errorf("%s: pdftotext does not read %q on one line:\n%s", lang, want, joined)
			}
		}
	}
}

// TestPDFOutline checks the navigation: one bookmark per heading, in
// order, a list of contents on the first page whose page numbers are where
// the headings are, and "page n of N" in every footer.
func TestPDFOutline(t *testing.T) {
	d := sampleDocument(t)
	var headings []string
	for _, b := range d.Blocks {
		if h, ok := b.(Heading); ok {
			headings = append(headings, h.Text)
		}
	}
	var b bytes.Buffer
	p, err := writePDF(&b, d, cjkFont(t), true)
	if err != nil {
		t.Fatal(err)
	}
	if got := bytes.Count(b.Bytes(), []byte("\n<</Title ")); got != len(headings) {
		t.Errorf("%d outline entries, want %d (one per heading)", got, len(headings))
	}
	if !bytes.Contains(b.Bytes(), []byte("/PageMode /UseOutlines")) {
		t.Error("the PDF does not open with its outline shown")
	}
	if len(p.marks) != len(headings) {
		t.Fatalf("%d headings marked, want %d", len(p.marks), len(headings))
	}
	for i, m := range p.marks {
		if m.text != headings[i] {
			t.Errorf("bookmark %d = %q, want %q", i, m.text, headings[i])
		}
		// the heading's level less one, never more than one below the last
		want := min(max(headingLevel(d, i), 1), 3) - 1
		if i == 0 {
			want = 0
		} else {
			want = min(want, p.marks[i-1].level+1)
		}
		if m.level != want {
			t.Errorf("bookmark %q at level %d, want %d", m.text, m.level, want)
		}
		if m.page != p.prev.marks[i].page || m.y != p.prev.marks[i].y {
			t.Errorf("heading %q moved between the passes: page %d y %.1f, then %d %.1f", m.text, p.prev.marks[i].page, p.prev.marks[i].y, m.page, m.y)
		}
	}
	text := pdfText(t, b.Bytes())
	if text == nil {
		return
	}
	n := p.f.PageNo()
	for i := 1; i <= n; i++ {
		if want := fmt.Sprintf("第 %d 页，共 %d 页", i, n); !strings.Contains(text[i-1], want) {
			t.Errorf("page %d's footer lacks %q", i, want)
		}
	}
	// The contents: each level-1 and level-2 heading with its page.
	for _, m := range p.marks {
		if m.level > 1 {
			continue
		}
		found := false
		for _, l := range strings.Split(text[0], "\n") {
			f := strings.Fields(l)
			if len(f) > 1 && strings.Contains(l, m.text) && f[len(f)-1] == fmt.Sprint(m.page) {
				found = true
			}
		}
		if !found {
			t.Errorf("the contents lack %q on page %d:\n%s", m.text, m.page, text[0])
		}
	}
}

// headingLevel is the level of the i-th heading of d.
func headingLevel(d *Document, i int) int {
	for _, b := range d.Blocks {
		if h, ok := b.(Heading); ok {
			if i == 0 {
				return h.Level
			}
			i--
		}
	}
	return 0
}

// TestPDFStandIn: a mark the faces lack (the Chinese reference mark ※ in
// an English report set in the Go fonts) is drawn as its stand-in, never
// as a missing glyph; a character a face has is kept.
func TestPDFStandIn(t *testing.T) {
	fs, err := newPDFFonts(font.Go())
	if err != nil {
		t.Fatal(err)
	}
	if fs.latin[0].covers('※') {
		t.Skip("the Go fonts have ※ now")
	}
	var got string
	for _, r := range fs.runs("12,684 ※ outside · 5%") {
		got += r.text
	}
	if got != "12,684 * outside · 5%" {
		t.Errorf("runs drew %q, want the stand-in * for ※", got)
	}
	if w, want := fs.width("※", false, 10), fs.width("*", false, 10); w != want {
		t.Errorf("※ measures %g, want its stand-in's %g", w, want)
	}
}

// TestPDFTableNotesStay: a table's notes are printed on the page of its
// last row, however much text comes before it (a forecast table's note
// that it read incomplete months stood alone at the top of the next
// page, under no table).
func TestPDFTableNotesStay(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	for n := 20; n <= 60; n += 2 { // pushes the table across the page's foot
		d := &Document{Lang: "en", Title: "Notes"}
		for i := range n {
			d.Blocks = append(d.Blocks, Paragraph{Text: fmt.Sprintf("Filler paragraph %d.", i)})
		}
		tb := Table{Head: []string{"Month", "Forecast"}, Notes: []string{"NOTEMARK read with care."}}
		for i := range 6 {
			tb.Rows = append(tb.Rows, []Cell{{Text: fmt.Sprintf("ROW%d", i)}, {Text: "1.0"}})
		}
		d.Blocks = append(d.Blocks, tb, Paragraph{Text: "After."})
		var b bytes.Buffer
		if err := PDF(&b, d, font.Go()); err != nil {
			t.Fatal(err)
		}
		for _, page := range pdfText(t, b.Bytes()) {
			if strings.Contains(page, "NOTEMARK") && !strings.Contains(page, "ROW5") {
				t.Errorf("%d paragraphs before: the note is on a page without the last row:\n%s", n, page)
			}
		}
	}
}
