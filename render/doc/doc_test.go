package doc

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"coo/render/font"
)

const hostile = `<script>alert("x")</script>"><img src=x onerror=alert(1)> & *b* _u_ [l](javascript:x) | # ~~s~~ ` + "`c`"

// hostileDocument puts hostile text in every field a writer prints.
func hostileDocument() *Document {
	return &Document{
		Lang:     `en" onload="x`,
		Title:    hostile,
		Subtitle: hostile,
		Footer:   hostile,
		Blocks: []Block{
			Heading{Level: 1, Text: hostile, ID: `a" onclick="x`},
			Paragraph{Text: hostile + "\n# not a heading\n1. not a list\n- not an item\n    not code"},
			List{Items: []string{hostile, "+ plus", "=== rule"}},
			Notice{Level: Bad, Title: hostile, Lines: []string{hostile}},
			Cards{Items: []Card{{Label: hostile, Value: hostile, Lines: []string{hostile, hostile}, Level: Warning}}},
			Table{Caption: hostile, Head: []string{hostile, "b|c"}, Align: []Align{Left, Right},
				Rows: [][]Cell{{{Text: hostile, Bold: true}, {Text: "1|2", Level: Good}}}, Notes: []string{hostile}},
			Figure{Name: "f", Caption: hostile, SVG: []byte(`<svg viewBox="0 0 1 1"><script>alert(1)</script></svg>`), PNG: tinyPNG},
		},
	}
}

// tinyPNG is a 1×1 PNG.
var tinyPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")

func TestHTMLEscapesText(t *testing.T) {
	var b bytes.Buffer
	if err := HTML(&b, hostileDocument()); err != nil {
		t.Fatal(err)
	}
	// The page's own script is the only one.
	out := strings.Replace(b.String(), "<script>\n"+htmlScript+"\n</script>", "", 1)
	for _, bad := range []string{"<script", "<img src=x", `onclick="x"`, `onload="x"`, `href="javascript`} {
		if strings.Contains(out, bad) {
			t.Errorf("output contains %q", bad)
		}
	}
	if !strings.Contains(out, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
		t.Error("the hostile text is not shown escaped")
	}
	// The figure's SVG has a script: the PNG is shown instead.
	if !strings.Contains(out, `src="data:image/png;base64,`) {
		t.Error("an unsafe SVG did not fall back to the PNG")
	}
}

func TestHTMLSVGScales(t *testing.T) {
	got, ok := inlineSVG(sampleSVG(), "")
	if !ok {
		t.Fatal("sample SVG refused")
	}
	s := string(got)
	if !strings.HasPrefix(s, "<svg ") || strings.Contains(s, "<?xml") || strings.Contains(s, "DOCTYPE") {
		t.Errorf("prolog kept: %.120s", s)
	}
	tag := s[:strings.Index(s, ">")]
	for _, want := range []string{`viewBox="0 0 540 270"`, `width="100%"`, `xmlns="http://www.w3.org/2000/svg"`} {
		if !strings.Contains(tag, want) {
			t.Errorf("start tag %q lacks %s", tag, want)
		}
	}
	if strings.Contains(tag, `height=`) || strings.Contains(tag, "540pt") {
		t.Errorf("fixed size kept: %q", tag)
	}
	// A viewBox already there is kept, not doubled.
	got, _ = inlineSVG([]byte(`<svg width="288pt" height="216pt" viewBox="0 0 288 216"><g/></svg>`), "")
	if strings.Count(string(got), "viewBox") != 1 {
		t.Errorf("viewBox doubled: %s", got)
	}
	for _, bad := range []string{"", "<svg", `<svg><foreignObject/></svg>`, `<svg onload="x()"></svg>`} {
		if _, ok := inlineSVG([]byte(bad), ""); ok {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestHTMLHeader(t *testing.T) {
	d := &Document{Lang: "zh", Title: "月报", Date: time.Date(2026, 11, 3, 16, 5, 0, 0, time.FixedZone("CST", 8*3600))}
	var b bytes.Buffer
	if err := HTML(&b, d); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<html lang="zh">`, "2026-11-03 08:05 UTC", `datetime="2026-11-03T08:05Z"`, "<title>月报</title>"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("no %q", want)
		}
	}
	b.Reset()
	if err := HTML(&b, &Document{Title: "x"}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "<time") || !strings.Contains(b.String(), `lang="en"`) {
		t.Error("zero date printed, or no default lang")
	}
}

// mdUnescaped finds a Markdown special character without its backslash.
var mdUnescaped = regexp.MustCompile("(^|[^\\\\])[<>*_\\[\\]`|~&#]")

func TestMarkdownEscapesText(t *testing.T) {
	for in, want := range map[string]string{
		"<script>":     `\<script\>`,
		"a|b":          `a\|b`,
		"# h":          `\# h`,
		"1. x":         `1\. x`,
		"12) x":        `12\) x`,
		"- x":          `\- x`,
		"x - y":        `x - y`,
		"-6.5%":        `-6.5%`,
		"---":          `\---`,
		"== x":         `== x`,
		"3.5%":         `3.5%`,
		"**b** _i_":    `\*\*b\*\* \_i\_`,
		"  code\nnext": `code next`,
		`back\slash`:   `back\\slash`,
		"&amp;":        `\&amp;`,
		"营业收入 12.4 M":  "营业收入 12.4 M",
	} {
		if got := mdLine(in); got != want {
			t.Errorf("mdLine(%q) = %q, want %q", in, got, want)
		}
	}
	var b bytes.Buffer
	files, err := Markdown(&b, hostileDocument(), "assets")
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(b.String(), "\n") {
		// Drop the markup the writer makes itself, then look for any special
		// character left unescaped.
		rest := line
		for _, own := range []string{"<br>", "<sub>", "</sub>", "**", "![", "](assets/f.png)", "| --- | ---: |", "| --- | ---: | --- |"} {
			rest = strings.ReplaceAll(rest, own, "")
		}
		rest = strings.TrimPrefix(strings.TrimPrefix(rest, "> "), "# ")
		rest = strings.TrimLeft(rest, "#")
		rest = strings.ReplaceAll(rest, " | ", " ")
		rest = strings.Trim(strings.TrimSpace(rest), "|*")
		if m := mdUnescaped.FindString(rest); m != "" {
			t.Errorf("line %d: unescaped %q in %q", i+1, m, line)
		}
	}
	for _, bad := range []string{"\n# not", "\n1. not", "\n- not", "\n    not", "\n+ plus", "\n=== rule"} {
		if strings.Contains(b.String(), bad) {
			t.Errorf("text became markup: %q", bad)
		}
	}
	if !bytes.Equal(files["f.png"], tinyPNG) || len(files) != 1 {
		t.Errorf("files = %v", files)
	}
}

func TestMarkdownFigures(t *testing.T) {
	d := sampleDocument(t)
	var b bytes.Buffer
	files, err := Markdown(&b, d, "report-assets")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "](report-assets/revenue-trend.png)") {
		t.Error("no image link")
	}
	if _, ok := files["revenue-trend.png"]; !ok || len(files) != 1 {
		t.Errorf("files: %v", slices.Collect(mapKeys(files)))
	}
	for _, blocks := range [][]Block{
		{Figure{Name: "../x", PNG: tinyPNG}},
		{Figure{Name: "", PNG: tinyPNG}},
		{Figure{Name: "a", PNG: tinyPNG}, Figure{Name: "a", PNG: tinyPNG}},
	} {
		if _, err := Markdown(&b, &Document{Blocks: blocks}, ""); err == nil {
			t.Errorf("%v: no error", blocks)
		}
	}
}

func mapKeys(m map[string][]byte) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func TestMarkdownTable(t *testing.T) {
	var b bytes.Buffer
	_, err := Markdown(&b, &Document{Title: "T", Blocks: []Block{&Table{
		Head: []string{"Name", "Amount"}, Align: []Align{Left, Right},
		Rows: [][]Cell{{{Text: "a|b"}, {Text: "1,200.5", Level: Bad, Bold: true}}, {{Text: "short row"}}},
	}}}, "")
	if err != nil {
		t.Fatal(err)
	}
	want := "# T\n\n| Name | Amount |\n| --- | ---: |\n| a\\|b | **✕ 1,200.5** |\n| short row |  |\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestEveryBlock(t *testing.T) {
	d := sampleDocument(t)
	// Pointers to blocks work as well as values.
	d.Blocks = append(d.Blocks, &Paragraph{Text: "pointer 指针"}, (*Notice)(nil), &PageBreak{}, &Cards{})
	var h, m, p bytes.Buffer
	if err := HTML(&h, d); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<h2 id="summary">`, "<h3", "<h4>", `class="cards n`, `class="notice warn"`, "<table",
		`<th scope="col" class="num">`, "<svg ", "<figcaption>", `<ul class="list">`, "pointer 指针"} {
		if !strings.Contains(h.String(), want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if _, err := Markdown(&m, d, "assets"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## 摘要 Summary", "### ", "#### ", "> **▲ 数据缺失 Missing data**", "| --- | ---: | ---: | ---: |", "![", "- Revenue", "pointer 指针"} {
		if !strings.Contains(m.String(), want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	if err := PDF(&p, d, cjkFont(t)); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(p.Bytes(), []byte("%PDF-")) {
		t.Error("not a PDF")
	}
	// An empty document is fine too.
	for _, err := range []error{HTML(&h, &Document{}), PDF(&p, &Document{}, font.Go())} {
		if err != nil {
			t.Error(err)
		}
	}
	if _, err := Markdown(&m, &Document{}, ""); err != nil {
		t.Error(err)
	}
}

func TestDeterministic(t *testing.T) {
	d := sampleDocument(t)
	render := func() (h, m, p []byte) {
		var hb, mb, pb bytes.Buffer
		if err := HTML(&hb, d); err != nil {
			t.Fatal(err)
		}
		if _, err := Markdown(&mb, d, "assets"); err != nil {
			t.Fatal(err)
		}
		if err := PDF(&pb, d, cjkFont(t)); err != nil {
			t.Fatal(err)
		}
		return hb.Bytes(), mb.Bytes(), pb.Bytes()
	}
	h1, m1, p1 := render()
	h2, m2, p2 := render()
	if !bytes.Equal(h1, h2) || !bytes.Equal(m1, m2) || !bytes.Equal(p1, p2) {
		t.Errorf("two renders differ: html %v, markdown %v, pdf %v", bytes.Equal(h1, h2), bytes.Equal(m1, m2), bytes.Equal(p1, p2))
	}
	// The Go fonts too, and a zero date, which stores 2000-01-01.
	e := &Document{Title: "Report", Blocks: []Block{Paragraph{Text: "Hello"}, Figure{Name: "f", PNG: samplePNG(t), Width: 200, Height: 100}}}
	var a, b bytes.Buffer
	if err := PDF(&a, e, font.Go()); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // a clock that leaked in would show
	if err := PDF(&b, e, font.Go()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two PDF renders differ")
	}
	if !bytes.Contains(a.Bytes(), []byte("/CreationDate (D:20000101000000)")) {
		t.Error("a zero date does not store 2000-01-01")
	}
}

// TestPDFDateOnlyChangesDates renders one document with two dates (same
// digits, so the same glyphs and layout) and checks that the files differ
// only in the stored dates and the one line of text that prints the date.
func TestPDFDateOnlyChangesDates(t *testing.T) {
	d := &Document{Title: "Report", Footer: "Demo", Blocks: []Block{Paragraph{Text: "Hello"}}}
	render := func(date time.Time) []byte {
		d.Date = date
		var b bytes.Buffer
		if _, err := writePDF(&b, d, font.Go(), false); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	a := render(time.Date(2026, 11, 3, 8, 0, 0, 0, time.UTC))
	b := render(time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC))
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	if len(la) != len(lb) {
		t.Fatalf("%d lines against %d", len(la), len(lb))
	}
	var text int
	for i := range la {
		if bytes.Equal(la[i], lb[i]) {
			continue
		}
		switch {
		case bytes.HasPrefix(la[i], []byte("/CreationDate (D:20261103080000)")) && bytes.HasPrefix(lb[i], []byte("/CreationDate (D:20261130080000)")):
		case bytes.HasPrefix(la[i], []byte("/ModDate (D:20261103080000)")) && bytes.HasPrefix(lb[i], []byte("/ModDate (D:20261130080000)")):
		case bytes.Contains(la[i], []byte(" Tj ET")):
			text++
		default:
			t.Errorf("line %d differs:\n%q\n%q", i+1, la[i], lb[i])
		}
	}
	if text != 1 {
		t.Errorf("%d lines of text differ, want 1 (the printed date)", text)
	}
}

func TestPDFRefusesCJKWithoutFont(t *testing.T) {
	for _, d := range []*Document{
		{Title: "Report", Blocks: []Block{Table{Rows: [][]Cell{{{Text: "营业收入"}}}}}},
		{Lang: "zh", Title: "Report"}, // the page footer's words are Chinese
	} {
		err := PDF(&bytes.Buffer{}, d, font.Go())
		if !errors.Is(err, ErrNoCJKFont) || !strings.Contains(err.Error(), "fonts-droid-fallback") {
			t.Errorf("err = %v", err)
		}
	}
	if err := PDF(&bytes.Buffer{}, &Document{Title: "Report", Blocks: []Block{Figure{Name: "x", PNG: []byte("not a png")}}}, font.Go()); err == nil {
		t.Error("a bad PNG gave no error")
	}
}

func TestPDFTableHeaderRepeats(t *testing.T) {
	d := sampleDocument(t)
	var b bytes.Buffer
	p, err := writePDF(&b, d, cjkFont(t), true)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.heads) != 2 {
		t.Fatalf("%d tables recorded, want 2", len(p.heads))
	}
	pages := p.heads[0]
	if len(pages) < 3 {
		t.Fatalf("the long table's header was drawn on pages %v, want 3 or more", pages)
	}
	for i := 1; i < len(pages); i++ {
		if pages[i] != pages[i-1]+1 {
			t.Errorf("header pages %v are not one a page", pages)
		}
	}
	// The table ends on its last header page, and the next block (a level-2
	// heading kept with its figure) comes after.
	if p.heads[1][0] <= pages[len(pages)-1] {
		t.Errorf("second table on page %d, first ends on %d", p.heads[1][0], pages[len(pages)-1])
	}
	// Read back by poppler when it is installed: every page of the table
	// shows the header.
	text := pdfText(t, b.Bytes())
	if text == nil {
		return
	}
	for _, pg := range pages {
		if !strings.Contains(text[pg-1], "Budget 预算") {
			t.Errorf("page %d lacks the header:\n%s", pg, text[pg-1])
		}
	}
}

func TestPDFChineseText(t *testing.T) {
	d := sampleDocument(t)
	var b bytes.Buffer
	if err := PDF(&b, d, cjkFont(t)); err != nil {
		t.Fatal(err)
	}
	pages := pdfText(t, b.Bytes())
	if pages == nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	all := strings.Join(pages, "")
	squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
	n := len(pages)
	if strings.TrimSpace(pages[n-1]) == "" {
		n-- // pdftotext ends every page with a form feed
	}
	for _, want := range []string{"营业收入", "华东区第1门店（旗舰店）", "数据缺失Missingdata", "目录", fmt.Sprintf("第1页，共%d页", n), fmt.Sprintf("第%d页，共%d页", n, n)} {
		if !strings.Contains(squash(all), want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	// The wrapped paragraphs come back whole: no character lost at a break.
	for _, blk := range d.Blocks {
		if p, ok := blk.(Paragraph); ok && hasCJK(p.Text) {
			if !strings.Contains(squash(all), squash(p.Text)) {
				t.Errorf("paragraph not whole in the PDF: %q", p.Text)
			}
		}
	}
}

// pdfText returns the text of each page by pdftotext, nil when it is not
// installed.
func pdfText(t *testing.T, pdf []byte) []string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		return nil
	}
	in := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Split(string(out), "\f")
}

func BenchmarkHTML(b *testing.B) {
	d := sampleDocument(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := HTML(&bytes.Buffer{}, d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarkdown(b *testing.B) {
	d := sampleDocument(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Markdown(&bytes.Buffer{}, d, "assets"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPDF(b *testing.B) {
	d := sampleDocument(b)
	face := cjkFont(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := PDF(&bytes.Buffer{}, d, face); err != nil {
			b.Fatal(err)
		}
	}
}
