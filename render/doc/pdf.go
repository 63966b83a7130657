package doc

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"coo/render/font"
)

// ErrNoCJKFont is returned by PDF for a document with Chinese (or other CJK)
// text when the face has no CJK glyphs: the PDF would show empty boxes.
var ErrNoCJKFont = errors.New("the report has Chinese text but no CJK font: install fonts-droid-fallback (Debian) or set report.font")

// PDF writes d as an A4 portrait PDF. Latin text is set in face's Latin
// face and runs of CJK characters in its CJK face; both are embedded as
// subsets. The title opens the first page, followed by a list of contents
// (when the document has three headings or more) whose entries link to
// their pages; every heading is a bookmark in the PDF's outline. Blocks
// fill the pages: a heading stays with the start of what follows it, a
// figure with its caption and a short table whole; a long table continues
// on the next page with its header row repeated; only a PageBreak forces a
// new page. Figures are drawn from their PNG bytes at Width × Height points,
// scaled down to fit the page. Every page has a footer with d.Footer and
// "page n of N". Lines break only between words and CJK characters, never
// inside a number with its unit, a word or a file name (see wrap); a line
// still too wide is drawn smaller. The output is byte-reproducible: the
// PDF's creation and modification dates are d.Date, or 2000-01-01 when it
// is zero, and nothing else depends on the clock. A document with CJK text
// and a face without CJK glyphs is refused with ErrNoCJKFont; a figure
// whose PNG cannot be read is an error.
func PDF(w io.Writer, d *Document, face font.Face) error {
	_, err := writePDF(w, d, face, true)
	return err
}

// Layout, in points (1/72 inch), and colours.
const (
	pageMarginX   = 54.0
	pageMarginTop = 54.0
	pageMarginBot = 62.0 // the footer sits inside it
	bodySize      = 10.0
	bodyLead      = 14.6
	tableSize     = 8.8
	tableLead     = 11.6
	minTableSize  = 6.6 // a wide table's text is made smaller down to this
	cellPadX      = 5.0
	cellPadY      = 3.6
	markRoom      = 8.0 // room for a level mark before a cell's text
	minShrink     = 0.6 // an over-wide line is drawn down to this share of its size
	figMinScale   = 0.8 // a figure is drawn down to this share of its size to fit a page
)

type rgb struct{ r, g, b int }

var (
	colInk     = rgb{28, 36, 51}
	colMuted   = rgb{93, 103, 120}
	colAccent  = rgb{31, 59, 99}
	colLine    = rgb{214, 220, 229}
	colSoft    = rgb{245, 247, 250}
	colHead    = rgb{233, 238, 245}
	colInfo    = rgb{56, 85, 127}
	colInfoBg  = rgb{238, 243, 250}
	colGood    = rgb{17, 122, 69}
	colGoodBg  = rgb{236, 247, 240}
	colWarn    = rgb{176, 106, 0}
	colWarnBg  = rgb{255, 246, 229}
	colBad     = rgb{180, 35, 24}
	colBadBg   = rgb{253, 238, 236}
	fixedEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
)

func levelColour(l Level) rgb {
	switch l {
	case Good:
		return colGood
	case Warning:
		return colWarn
	case Bad:
		return colBad
	}
	return colInk
}

// pdfWriter draws one document.
type pdfWriter struct {
	f     *fpdf.Fpdf
	d     *Document
	wd    words
	fonts *pdfFonts
	bold  bool    // the current font
	size  float64 // the current size
	pageW float64
	pageH float64
	left  float64 // text box
	right float64
	width float64
	top   float64
	bot   float64
	start float64 // where blocks start on this page: below the title on the first

	ts, tl float64 // the current table's text size and leading

	figures int
	widths  map[int]bool // pixel widths of the figures drawn so far
	// heads records, for each table in order, the pages on which its
	// header row was drawn (tests check the repeat).
	heads [][]int
	// marks records every heading in order: where it was drawn and its
	// level in the outline; the second pass prints their pages in the
	// contents.
	marks   []mark
	outline int // the outline level of the last bookmark, -1 before the first
	// prev is the first pass: the pages of the headings and the number of
	// pages, for the contents and the footers; nil in the first pass.
	prev *pdfWriter
	// lines records each line of text drawn, for tests.
	drawn []drawnLine
}

// mark is a heading as drawn.
type mark struct {
	level int
	text  string
	page  int
	y     float64
	link  int
}

// drawnLine is one line of text as drawn: its text, the width of its box
// and its width as drawn (after any shrinking).
type drawnLine struct {
	text       string
	box, width float64
}

// writePDF draws d; compress false leaves the page streams readable
// (tests). It lays d out twice: the first pass finds the page of every
// heading and the number of pages, which the second prints in the contents
// and the footers; the contents take the same room in both passes.
func writePDF(w io.Writer, d *Document, face font.Face, compress bool) (*pdfWriter, error) {
	fonts, err := newPDFFonts(face)
	if err != nil {
		return nil, err
	}
	cjk := texts(d, fonts.needsCJK) || fonts.needsCJK(wordsFor(d.Lang).page+wordsFor(d.Lang).contents)
	if cjk && fonts.cjk[0] == nil && (texts(d, hasCJK) || hasCJK(wordsFor(d.Lang).page)) {
		return nil, ErrNoCJKFont
	}
	first, err := layoutPDF(d, face, fonts, cjk, compress, nil)
	if err != nil {
		return nil, err
	}
	p, err := layoutPDF(d, face, fonts, cjk, compress, first)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := p.f.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return p, err
}

// layoutPDF draws d into a new fpdf document; prev is the first pass, nil
// in the first pass itself. cjk says whether to embed the CJK face.
func layoutPDF(d *Document, face font.Face, fonts *pdfFonts, cjk, compress bool, prev *pdfWriter) (*pdfWriter, error) {
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "pt", SizeStr: "A4"})
	date := d.Date
	if date.IsZero() {
		date = fixedEpoch
	}
	// Per document rather than fpdf's SetDefault* globals, so that
	// concurrent renders do not race.
	f.SetCreationDate(date.UTC())
	f.SetModificationDate(date.UTC())
	f.SetCatalogSort(true)
	f.SetCompression(compress)
	f.SetProducer("coo", false)
	f.SetCreator("coo", false)
	f.SetTitle(d.Title, true)
	if d.Lang != "" {
		f.SetLang(d.Lang)
	}
	bold := face.Bold
	if len(bold) == 0 {
		bold = face.Regular
	}
	f.AddUTF8FontFromBytes("latin", "", face.Regular)
	f.AddUTF8FontFromBytes("latin", "B", bold)
	if cjk && fonts.cjk[0] != nil {
		f.AddUTF8FontFromBytes("cjk", "", face.CJKRegular)
		if fonts.cjkBold {
			f.AddUTF8FontFromBytes("cjk", "B", face.CJKBold)
		}
	}
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("pdf: font %s: %w", face.Name, err)
	}
	p := &pdfWriter{f: f, d: d, wd: wordsFor(d.Lang), fonts: fonts, widths: map[int]bool{}, outline: -1, prev: prev}
	p.pageW, p.pageH = f.GetPageSize()
	p.left, p.right = pageMarginX, p.pageW-pageMarginX
	p.width = p.right - p.left
	p.top, p.bot = pageMarginTop, p.pageH-pageMarginBot
	f.SetMargins(p.left, p.top, pageMarginX)
	f.SetAutoPageBreak(false, pageMarginBot)
	f.SetCellMargin(0)
	f.SetFooterFunc(p.footer)
	f.AddPage()
	p.font(false, bodySize)

	p.title()
	p.contents()
	blocks := make([]Block, len(d.Blocks))
	for i, b := range d.Blocks {
		blocks[i] = plain(b)
	}
	for i, b := range blocks {
		if err := p.block(blocks, i, b); err != nil {
			return nil, err
		}
		if err := f.Error(); err != nil {
			return nil, fmt.Errorf("pdf: %w", err)
		}
	}
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return p, nil
}

// --- drawing primitives ---

func (p *pdfWriter) font(bold bool, size float64) {
	p.bold, p.size = bold, size
	p.f.SetFont("latin", style(bold), size)
}

func style(bold bool) string {
	if bold {
		return "B"
	}
	return ""
}

func (p *pdfWriter) textColour(c rgb) { p.f.SetTextColor(c.r, c.g, c.b) }
func (p *pdfWriter) fillColour(c rgb) { p.f.SetFillColor(c.r, c.g, c.b) }
func (p *pdfWriter) drawColour(c rgb) { p.f.SetDrawColor(c.r, c.g, c.b) }

// measure returns the width of s in the current font.
func (p *pdfWriter) measure(s string) float64 { return p.fonts.width(s, p.bold, p.size) }

// lines wraps s in the current font to width.
func (p *pdfWriter) lines(s string, width float64) []string {
	return wrap(s, width, p.measure)
}

// text draws one wrapped line in a line box of height lead whose top is y;
// align is 'L', 'R' or 'C' within [x, x+w]. Each run is drawn in its face.
// A line wider than w (one word or number longer than the column) is drawn
// smaller to fit, down to minShrink of the size, and then cut with an
// ellipsis.
func (p *pdfWriter) text(x, y, w, lead float64, line string, align byte) {
	line = strings.TrimRight(line, " \t\r\n\u3000")
	if line == "" {
		return
	}
	size := p.size
	lw := p.measure(line)
	if lw > w+0.01 && w > 0 {
		p.size = math.Max(size*w/lw, size*minShrink)
		if lw = p.measure(line); lw > w+0.01 {
			line = p.clip(line, w)
			lw = p.measure(line)
		}
	}
	switch align {
	case 'R':
		x += w - lw
	case 'C':
		x += (w - lw) / 2
	}
	p.drawn = append(p.drawn, drawnLine{text: line, box: w, width: lw})
	base := y + lead/2 + 0.34*size
	for _, r := range p.fonts.runs(line) {
		if r.cjk {
			p.f.SetFont("cjk", style(p.bold && p.fonts.cjkBold), p.size)
		} else {
			p.f.SetFont("latin", style(p.bold), p.size)
		}
		p.f.Text(x, base, r.text)
		x += p.measure(r.text)
	}
	p.font(p.bold, size)
}

// y returns the current vertical position; setY moves it.
func (p *pdfWriter) y() float64     { return p.f.GetY() }
func (p *pdfWriter) setY(y float64) { p.f.SetXY(p.left, y) }

// atTop reports whether no block has been drawn on the page yet.
func (p *pdfWriter) atTop() bool { return p.y() <= p.start+0.01 }

// newPage starts a page and puts the pen at its top.
func (p *pdfWriter) newPage() {
	p.f.AddPage()
	p.setY(p.top)
	p.start = p.top
}

// room starts a new page unless h points fit below the pen (or the page
// is empty, where nothing more can be done); it reports a new page.
func (p *pdfWriter) room(h float64) bool {
	if p.y()+h <= p.bot || p.atTop() {
		return false
	}
	p.newPage()
	return true
}

// gap moves the pen down by h, but not at the top of a page.
func (p *pdfWriter) gap(h float64) {
	if !p.atTop() {
		p.setY(math.Min(p.y()+h, p.bot))
	}
}

// mark draws a level's shape, centred at (x, y) with radius r: a tick for
// Good, a triangle for Warning, a cross for Bad (the glyphs of the HTML),
// so that the level reads without colour.
func (p *pdfWriter) mark(l Level, x, y, r float64) {
	c := levelColour(l)
	p.fillColour(c)
	p.drawColour(c)
	p.f.SetLineWidth(r * 0.5)
	p.f.SetLineCapStyle("round")
	p.f.SetLineJoinStyle("round")
	switch l {
	case Good:
		p.f.Line(x-r, y, x-r*0.3, y+r*0.75)
		p.f.Line(x-r*0.3, y+r*0.75, x+r, y-r*0.8)
	case Warning:
		p.f.Polygon([]fpdf.PointType{{X: x, Y: y - r}, {X: x + r*1.1, Y: y + r*0.85}, {X: x - r*1.1, Y: y + r*0.85}}, "F")
	case Bad:
		p.f.Line(x-r*0.8, y-r*0.8, x+r*0.8, y+r*0.8)
		p.f.Line(x-r*0.8, y+r*0.8, x+r*0.8, y-r*0.8)
	}
	p.f.SetLineCapStyle("butt")
	p.f.SetLineJoinStyle("miter")
}

// footer draws the page's foot: the document footer left, "page n of N"
// right (N is the first pass's count; the first pass prints its own
// running count, which changes nothing in the layout).
func (p *pdfWriter) footer() {
	bold, size := p.bold, p.size
	y := p.pageH - pageMarginBot + 24
	p.drawColour(colLine)
	p.f.SetLineWidth(0.5)
	p.f.Line(p.left, y-6, p.right, y-6)
	p.font(false, 7.8)
	p.textColour(colMuted)
	total := p.f.PageNo()
	if p.prev != nil {
		total = p.prev.f.PageNo()
	}
	label := fmt.Sprintf(p.wd.page, p.f.PageNo(), total)
	lw := p.measure(label)
	ty := y - 0.34*7.8 // the line box whose baseline is y+6
	p.text(p.right-lw, ty, lw, 12, label, 'L')
	if p.d.Footer != "" {
		s := strings.Join(strings.Fields(p.d.Footer), " ")
		p.text(p.left, ty, p.width-lw-24, 12, p.clip(s, p.width-lw-24), 'L')
	}
	p.font(bold, size)
}

// clip shortens s with an ellipsis to fit width in the current font.
func (p *pdfWriter) clip(s string, width float64) string {
	if p.measure(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && p.measure(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// --- blocks ---

func (p *pdfWriter) title() {
	p.setY(p.top)
	p.font(true, 21)
	p.textColour(colAccent)
	for _, l := range p.lines(p.d.Title, p.width) {
		p.text(p.left, p.y(), p.width, 27, l, 'L')
		p.setY(p.y() + 27)
	}
	if p.d.Subtitle != "" {
		p.font(false, 12)
		p.textColour(colInk)
		for _, l := range p.lines(p.d.Subtitle, p.width) {
			p.text(p.left, p.y(), p.width, 17, l, 'L')
			p.setY(p.y() + 17)
		}
	}
	if s := stamp(p.d.Date); s != "" {
		p.font(false, 8.8)
		p.textColour(colMuted)
		p.setY(p.y() + 2)
		p.text(p.left, p.y(), p.width, 13, p.wd.generated+" "+s, 'L')
		p.setY(p.y() + 13)
	}
	p.setY(p.y() + 6)
	p.fillColour(colAccent)
	p.f.Rect(p.left, p.y(), p.width, 2, "F")
	p.setY(p.y() + 16)
	p.start = p.y()
}

// contents lists the headings after the title, with dotted leaders to
// their page numbers and links to them: levels 1 and 2, or level 1 alone
// when there are too many. It draws nothing for fewer than three entries.
// The first pass leaves the numbers out; the room is the same.
func (p *pdfWriter) contents() {
	depth := 2
	count := func(depth int) int {
		n := 0
		for _, b := range p.d.Blocks {
			if h, ok := plain(b).(Heading); ok && h.Level <= depth && strings.TrimSpace(h.Text) != "" {
				n++
			}
		}
		return n
	}
	if count(2) > 16 {
		depth = 1
	}
	if count(depth) < 3 {
		return
	}
	p.font(true, 13)
	p.textColour(colAccent)
	p.text(p.left, p.y(), p.width, 18, p.wd.contents, 'L')
	p.setY(p.y() + 22)
	const numW, indent = 36.0, 14.0
	k := 0 // index into the headings, as marks counts them
	for _, b := range p.d.Blocks {
		h, ok := plain(b).(Heading)
		if !ok || strings.TrimSpace(h.Text) == "" {
			continue
		}
		k++
		if h.Level > depth {
			continue
		}
		x, size, lead := p.left, 9.6, 14.0
		if h.Level <= 1 && depth > 1 {
			p.font(true, size)
		} else {
			p.font(false, size)
		}
		if h.Level > 1 {
			x += indent
		}
		w := p.right - numW - x
		ls := p.lines(h.Text, w-8)
		p.room(float64(len(ls)) * lead)
		y0 := p.y()
		p.textColour(colInk)
		for _, l := range ls {
			p.text(x, p.y(), w, lead, l, 'L')
			p.setY(p.y() + lead)
		}
		if p.prev == nil || k > len(p.prev.marks) {
			continue
		}
		m := p.prev.marks[k-1]
		// Leader dots from the end of the text (measured in its own
		// weight) to the number; they end at one edge for every entry, so
		// that they line up.
		from := x + p.measure(strings.TrimRight(ls[len(ls)-1], " \n")) + 4
		p.font(false, size)
		p.textColour(colMuted)
		to, dw := p.right-numW+12, p.measure(". ")
		if dots := int((to - from) / dw); dots > 0 {
			p.text(to-float64(dots)*dw, p.y()-lead, float64(dots)*dw, lead, strings.Repeat(". ", dots), 'L')
		}
		num := fmt.Sprint(m.page)
		p.textColour(colInk)
		p.text(p.right-numW, p.y()-lead, numW, lead, num, 'R')
		link := p.f.AddLink()
		p.f.SetLink(link, m.y, m.page)
		p.f.Link(x, y0, p.right-x, p.y()-y0, link)
	}
	p.setY(p.y() + 14)
	p.drawColour(colLine)
	p.f.SetLineWidth(0.5)
	p.f.Line(p.left, p.y(), p.right, p.y())
	p.setY(p.y() + 16)
	p.start = p.y()
}

// block draws blocks[i], which is b; the blocks after it decide what a
// heading or a figure keeps on its page.
func (p *pdfWriter) block(blocks []Block, i int, b Block) error {
	switch b := b.(type) {
	case Heading:
		p.heading(b, blocks, i)
	case Paragraph:
		p.paragraph(b.Text)
	case List:
		p.list(b.Items)
	case Notice:
		p.notice(b)
	case Cards:
		p.cards(b.Items)
	case Table:
		p.table(b)
	case Figure:
		return p.figure(b, blocks, i)
	case PageBreak:
		if !p.atTop() {
			p.newPage()
		}
	}
	return nil
}

// headingStyle is a heading level's size, leading and space before.
func headingStyle(level int) (lv int, size, lead, before float64) {
	lv = min(max(level, 1), 3)
	switch lv {
	case 2:
		return lv, 13, 18, 14
	case 3:
		return lv, 11, 15, 10
	}
	return lv, 16, 21, 22
}

func (p *pdfWriter) heading(h Heading, blocks []Block, i int) {
	lv, size, lead, before := headingStyle(h.Level)
	p.font(true, size)
	ls := p.lines(h.Text, p.width)
	// Keep the heading with the start of what follows it.
	p.room(p.headingHeight(h, ls) + p.opening(blocks, i+1, p.bot-p.top-p.headingHeight(h, ls)))
	p.gap(before)
	if lv == 3 {
		p.textColour(colInk)
	} else {
		p.textColour(colAccent)
	}
	if strings.TrimSpace(h.Text) != "" {
		m := mark{level: min(lv-1, p.outline+1), text: strings.Join(strings.Fields(h.Text), " "), page: p.f.PageNo(), y: p.y()}
		p.outline = m.level
		p.marks = append(p.marks, m)
		p.f.Bookmark(m.text, m.level, p.y())
	}
	p.font(true, size)
	for _, l := range ls {
		p.text(p.left, p.y(), p.width, lead, l, 'L')
		p.setY(p.y() + lead)
	}
	if lv == 1 {
		p.drawColour(colLine)
		p.f.SetLineWidth(0.8)
		p.f.Line(p.left, p.y()+2, p.right, p.y()+2)
		p.setY(p.y() + 8)
	} else {
		p.setY(p.y() + 4)
	}
}

// headingHeight is the room h takes, drawn as the lines ls.
func (p *pdfWriter) headingHeight(h Heading, ls []string) float64 {
	lv, _, lead, before := headingStyle(h.Level)
	after := 4.0
	if lv == 1 {
		after = 8
	}
	return before + float64(len(ls))*lead + after
}

// opening estimates the height of the first part of blocks[i] that must
// share a page with the heading or figure before it, at most limit: a
// heading with the opening of what follows it, a figure whole at the
// smallest scale it may be drawn (with the opening of a table after it
// when that fits too), a table's caption,
// header and first rows (see laidTable.heights), a row of cards, a few lines
// of anything else.
func (p *pdfWriter) opening(blocks []Block, i int, limit float64) float64 {
	if i >= len(blocks) {
		return 0
	}
	h := 3 * bodyLead
	switch b := blocks[i].(type) {
	case Heading:
		_, size, _, _ := headingStyle(b.Level)
		bold, sz := p.bold, p.size
		p.font(true, size)
		hh := p.headingHeight(b, p.lines(b.Text, p.width))
		p.font(bold, sz)
		h = hh + p.opening(blocks, i+1, limit-hh)
	case Figure:
		if _, fh, ok := p.figureSize(b); ok {
			bold, size := p.bold, p.size
			p.font(false, 8.5)
			h = 6 + fh*figMinScale + 5 + float64(len(p.lines(b.Caption, p.width)))*11.5 + 12
			p.font(bold, size)
			if next := p.opening(blocks, i+1, limit-h); i+1 < len(blocks) && isTable(blocks[i+1]) && h+next <= limit {
				h += next
			}
		}
	case Table:
		_, h = p.tableHeights(b)
	case Cards:
		h = 90
	case PageBreak:
		h = 0
	}
	return math.Min(h, math.Max(limit, 0))
}

func isTable(b Block) bool { _, ok := b.(Table); return ok }

// paragraph draws running text; it starts on a new page rather than leave
// one line alone at the foot of a page.
func (p *pdfWriter) paragraph(s string) {
	p.font(false, bodySize)
	p.textColour(colInk)
	ls := p.lines(s, p.width)
	p.room(float64(min(len(ls), 2)) * bodyLead)
	for _, l := range ls {
		p.room(bodyLead)
		p.text(p.left, p.y(), p.width, bodyLead, l, 'L')
		p.setY(p.y() + bodyLead)
	}
	p.setY(p.y() + 7)
}

func (p *pdfWriter) list(items []string) {
	const indent = 14.0
	p.font(false, bodySize)
	for _, it := range items {
		for i, l := range p.lines(it, p.width-indent) {
			p.room(bodyLead)
			if i == 0 {
				p.fillColour(colAccent)
				p.f.Circle(p.left+4, p.y()+bodyLead/2, 1.7, "F")
			}
			p.textColour(colInk)
			p.text(p.left+indent, p.y(), p.width-indent, bodyLead, l, 'L')
			p.setY(p.y() + bodyLead)
		}
		p.setY(p.y() + 2)
	}
	p.setY(p.y() + 6)
}

// notice draws a framed box tinted by level with a bar and a mark on the
// left; a box taller than the rest of the page continues on the next.
func (p *pdfWriter) notice(n Notice) {
	const pad, bar, iconRoom = 9.0, 3.5, 20.0
	edge, bg := colInfo, colInfoBg
	switch n.Level {
	case Good:
		edge, bg = colGood, colGoodBg
	case Warning:
		edge, bg = colWarn, colWarnBg
	case Bad:
		edge, bg = colBad, colBadBg
	}
	type line struct {
		text string
		bold bool
	}
	inner := p.width - bar - pad*2 - iconRoom
	var ls []line
	p.font(true, bodySize)
	for _, l := range p.lines(n.Title, inner) {
		ls = append(ls, line{l, true})
	}
	p.font(false, bodySize)
	for _, s := range n.Lines {
		for _, l := range p.lines(s, inner) {
			ls = append(ls, line{l, false})
		}
	}
	if len(ls) == 0 {
		return
	}
	p.gap(4)
	p.room(math.Min(float64(len(ls))*bodyLead+2*pad, p.bot-p.top))
	first := true
	for len(ls) > 0 {
		// as many lines as fit on this page, at least one
		k := int((p.bot - p.y() - 2*pad) / bodyLead)
		k = max(1, min(k, len(ls)))
		h := float64(k)*bodyLead + 2*pad
		y0 := p.y()
		p.fillColour(bg)
		p.drawColour(edge)
		p.f.SetLineWidth(0.6)
		p.f.Rect(p.left, y0, p.width, h, "FD")
		p.fillColour(edge)
		p.f.Rect(p.left, y0, bar, h, "F")
		if first {
			if n.Level == Neutral {
				p.f.Circle(p.left+bar+pad+6, y0+pad+bodyLead/2, 4.2, "F")
				p.font(true, 7)
				p.f.SetTextColor(255, 255, 255)
				p.text(p.left+bar+pad+2, y0+pad, 8, bodyLead, "i", 'C')
			} else {
				p.mark(n.Level, p.left+bar+pad+6, y0+pad+bodyLead/2, 4.4)
			}
		}
		y := y0 + pad
		for _, l := range ls[:k] {
			p.font(l.bold, bodySize)
			if l.bold {
				p.textColour(edge)
			} else {
				p.textColour(colInk)
			}
			p.text(p.left+bar+pad+iconRoom, y, inner, bodyLead, l.text, 'L')
			y += bodyLead
		}
		ls = ls[k:]
		p.setY(y0 + h)
		first = false
		if len(ls) > 0 {
			p.newPage()
		}
	}
	p.setY(p.y() + 10)
}

// cards draws headline numbers as a grid of boxes, up to four a row.
func (p *pdfWriter) cards(items []Card) {
	if len(items) == 0 {
		return
	}
	const gapX, gapY, pad = 9.0, 9.0, 8.0
	cols := 4
	switch n := len(items); {
	case n <= 4:
		cols = n
	case n <= 6 || n == 9:
		cols = 3
	}
	cw := (p.width - gapX*float64(cols-1)) / float64(cols)
	inner := cw - 2*pad
	type laid struct {
		label, value, lines []string
		first               int // lines from the card's first line
	}
	p.gap(4)
	type laidRow struct {
		items []Card
		ls    []laid
		h     float64
	}
	var rows []laidRow
	total := 0.0
	for r := 0; r < len(items); r += cols {
		row := items[r:min(r+cols, len(items))]
		ls := make([]laid, len(row))
		h := 0.0
		for i, c := range row {
			p.font(false, 7.8)
			ls[i].label = p.lines(c.Label, inner)
			p.font(true, 15)
			ls[i].value = p.lines(c.Value, inner)
			p.font(false, 8.2)
			for j, s := range c.Lines {
				wl := p.lines(s, inner)
				if j == 0 {
					ls[i].first = len(wl)
				}
				ls[i].lines = append(ls[i].lines, wl...)
			}
			ch := 2*pad + 3 + float64(len(ls[i].label))*10.5 + float64(len(ls[i].value))*19 + float64(len(ls[i].lines))*11
			h = math.Max(h, ch)
		}
		rows = append(rows, laidRow{row, ls, h})
		total += h + gapY
	}
	// The rows stay together when they fit on one page.
	p.room(math.Min(total-gapY, p.bot-p.top))
	for _, lr := range rows {
		row, ls, h := lr.items, lr.ls, lr.h
		p.room(h)
		y0 := p.y()
		for i, c := range row {
			x := p.left + float64(i)*(cw+gapX)
			p.fillColour(colSoft)
			p.drawColour(colLine)
			p.f.SetLineWidth(0.6)
			p.f.Rect(x, y0, cw, h, "FD")
			p.fillColour(colAccent)
			p.f.Rect(x, y0, cw, 2.4, "F")
			y := y0 + pad + 3
			p.font(false, 7.8)
			p.textColour(colMuted)
			for _, l := range ls[i].label {
				p.text(x+pad, y, inner, 10.5, l, 'L')
				y += 10.5
			}
			p.font(true, 15)
			p.textColour(colInk)
			for _, l := range ls[i].value {
				p.text(x+pad, y, inner, 19, l, 'L')
				y += 19
			}
			for j, l := range ls[i].lines {
				firstLine := j < ls[i].first
				p.font(firstLine && c.Level != Neutral, 8.2)
				if firstLine {
					p.textColour(levelColour(c.Level))
					if j == 0 && c.Level != Neutral {
						p.mark(c.Level, x+pad+2.5, y+5.5, 2.4)
					}
					if c.Level != Neutral {
						p.text(x+pad+markRoom, y, inner-markRoom, 11, l, 'L')
						y += 11
						continue
					}
				} else {
					p.textColour(colMuted)
				}
				p.text(x+pad, y, inner, 11, l, 'L')
				y += 11
			}
		}
		p.setY(y0 + h + gapY)
	}
	p.setY(p.y() + 4)
}

// laidTable is a table wrapped into its columns at one text size.
type laidTable struct {
	n        int
	size     float64 // text size; the leading is in p.tl
	widths   []float64
	caption  []string
	captionH float64
	head     [][]string
	headH    float64
	rows     [][][]string
	rowH     []float64
}

// layTable wraps every cell of t: row heights decide the page breaks. A
// table whose unbreakable pieces do not fit the text width at tableSize is
// set smaller, down to minTableSize. It leaves p.ts and p.tl set to the
// size chosen.
func (p *pdfWriter) layTable(t Table) laidTable {
	lt := laidTable{n: len(t.Head)}
	for _, r := range t.Rows {
		lt.n = max(lt.n, len(r))
	}
	if lt.n == 0 {
		return lt
	}
	p.ts, p.tl = tableSize, tableLead
	var least float64
	lt.widths, least = p.columnWidths(t, lt.n)
	if least > p.width {
		p.ts = math.Max(tableSize*p.width/least, minTableSize)
		p.tl = tableLead * p.ts / tableSize
		lt.widths, _ = p.columnWidths(t, lt.n)
	}
	lt.size = p.ts
	if t.Caption != "" {
		p.font(true, bodySize)
		lt.caption = p.lines(t.Caption, p.width)
		lt.captionH = float64(len(lt.caption))*bodyLead + 3
	}
	p.font(true, p.ts)
	lt.head = make([][]string, lt.n)
	k := 0
	for j := range lt.n {
		if j < len(t.Head) {
			lt.head[j] = p.lines(t.Head[j], lt.widths[j]-2*cellPadX)
		}
		k = max(k, len(lt.head[j]))
	}
	if len(t.Head) > 0 {
		lt.headH = float64(k)*p.tl + 2*cellPadY
	}
	lt.rows = make([][][]string, len(t.Rows))
	lt.rowH = make([]float64, len(t.Rows))
	for i, r := range t.Rows {
		lt.rows[i] = make([][]string, lt.n)
		k := 1
		for j := range lt.n {
			c := tableCell(r, j)
			p.font(c.Bold, p.ts)
			lt.rows[i][j] = p.lines(c.Text, lt.cellWidth(j, c))
			k = max(k, len(lt.rows[i][j]))
		}
		lt.rowH[i] = float64(k)*p.tl + 2*cellPadY
	}
	return lt
}

// cellWidth is the room for a cell's text in column j.
func (lt laidTable) cellWidth(j int, c Cell) float64 {
	w := lt.widths[j] - 2*cellPadX
	if c.Level != Neutral {
		w -= markRoom
	}
	return w
}

func tableCell(row []Cell, j int) Cell {
	if j < len(row) {
		return row[j]
	}
	return Cell{}
}

// tableHeights returns the height of t whole and of its opening, the
// part that must start on the page where the table starts.
func (p *pdfWriter) tableHeights(t Table) (full, opening float64) {
	bold, size, ts, tl := p.bold, p.size, p.ts, p.tl
	defer func() { p.font(bold, size); p.ts, p.tl = ts, tl }()
	lt := p.layTable(t)
	full, opening = lt.heights()
	return full + 6, opening + 6
}

// keepRows is how many rows a table keeps with its header at the foot of
// a page; a table of at most keepRows+2 rows is kept whole.
const keepRows = 2

// heights returns the height of the table whole and of its opening: the
// caption, the header and the first keepRows rows, or the whole table
// when it has few more rows than that (none is left alone on a page).
func (lt laidTable) heights() (full, opening float64) {
	full = lt.captionH + lt.headH
	opening = full
	for i, h := range lt.rowH {
		full += h
		if i < keepRows {
			opening += h
		}
	}
	if len(lt.rowH) <= keepRows+2 {
		opening = full
	}
	return full, opening
}

// table draws t with its header row on every page it spans. It starts on
// a new page unless its caption, header and first rows fit (see heights).
func (p *pdfWriter) table(t Table) {
	lt := p.layTable(t)
	if lt.n == 0 {
		return
	}
	n, widths, head, headH, rows, rowH := lt.n, lt.widths, lt.head, lt.headH, lt.rows, lt.rowH
	right := func(j int) bool { return j < len(t.Align) && t.Align[j] == Right }

	var pages []int
	drawHead := func() {
		y0 := p.y()
		p.fillColour(colHead)
		p.f.Rect(p.left, y0, p.width, headH, "F")
		p.drawColour(colAccent)
		p.f.SetLineWidth(0.9)
		p.f.Line(p.left, y0+headH, p.right, y0+headH)
		p.font(true, p.ts)
		p.textColour(colAccent)
		x := p.left
		for j := range n {
			align := byte('L')
			if right(j) {
				align = 'R'
			}
			for k, l := range head[j] {
				p.text(x+cellPadX, y0+cellPadY+float64(k)*p.tl, widths[j]-2*cellPadX, p.tl, l, align)
			}
			x += widths[j]
		}
		p.setY(y0 + headH)
		pages = append(pages, p.f.PageNo())
	}

	p.gap(6)
	_, opening := lt.heights()
	p.room(opening)
	if len(lt.caption) > 0 {
		p.font(true, bodySize)
		p.textColour(colInk)
		for _, l := range lt.caption {
			p.text(p.left, p.y(), p.width, bodyLead, l, 'L')
			p.setY(p.y() + bodyLead)
		}
		p.setY(p.y() + 3)
	}
	if len(t.Head) > 0 {
		drawHead()
	}
	// The notes go with the last rows: a note alone at the top of the next
	// page reads as the next section's.
	var notes [][]string
	notesH := 0.0
	if len(t.Notes) > 0 {
		p.font(false, 7.8)
		notesH = 4
		for _, s := range t.Notes {
			ls := p.lines(s, p.width)
			notes = append(notes, ls)
			notesH += 10.5 * float64(len(ls))
		}
		if notesH > (p.bot-p.top)/3 {
			notesH = 0 // too long to keep with anything: it breaks where it must
		}
	}
	for i, r := range t.Rows {
		need := rowH[i]
		if i == len(t.Rows)-2 && i > 0 {
			need += rowH[i+1] + notesH // the last row is not left alone on a page
		} else if i == len(t.Rows)-1 {
			need += notesH
		}
		if p.y()+need > p.bot && !p.atTop() && p.y() > p.top+headH+0.01 {
			p.newPage()
			if len(t.Head) > 0 {
				drawHead()
			}
		}
		y0 := p.y()
		if i%2 == 1 {
			p.fillColour(colSoft)
			p.f.Rect(p.left, y0, p.width, rowH[i], "F")
		}
		p.drawColour(colLine)
		p.f.SetLineWidth(0.5)
		p.f.Line(p.left, y0+rowH[i], p.right, y0+rowH[i])
		x := p.left
		for j := range n {
			c := tableCell(r, j)
			p.font(c.Bold, p.ts)
			p.textColour(levelColour(c.Level))
			tx, tw := x+cellPadX, lt.cellWidth(j, c)
			if c.Level != Neutral {
				tx += markRoom
			}
			align := byte('L')
			if right(j) {
				align = 'R'
			}
			for k, l := range rows[i][j] {
				ly := y0 + cellPadY + float64(k)*p.tl
				if k == 0 && c.Level != Neutral {
					mx := tx - markRoom/2 - 1
					if align == 'R' {
						mx = tx + tw - math.Min(p.measure(strings.TrimRight(l, " \t\r\n\u3000")), tw) - markRoom/2 - 1
					}
					p.mark(c.Level, mx, ly+p.tl/2-0.5, 2.3)
				}
				p.text(tx, ly, tw, p.tl, l, align)
			}
			x += widths[j]
		}
		p.setY(y0 + rowH[i])
	}
	p.heads = append(p.heads, pages)
	if len(notes) > 0 {
		p.setY(p.y() + 4)
		p.font(false, 7.8)
		p.textColour(colMuted)
		for _, ls := range notes {
			for _, l := range ls {
				p.room(10.5)
				p.text(p.left, p.y(), p.width, 10.5, l, 'L')
				p.setY(p.y() + 10.5)
			}
		}
	}
	p.setY(p.y() + 12)
}

// columnWidths shares the text width among n columns at the table size
// p.ts: by t.Widths when given, else by content (each column gets at least
// its longest unbreakable piece, the rest goes where the text is longest).
// least is the sum of those pieces: more than the text width means they
// cannot all fit at this size.
func (p *pdfWriter) columnWidths(t Table, n int) (out []float64, least float64) {
	out = make([]float64, n)
	total := 0.0
	for j := range n {
		if j < len(t.Widths) && t.Widths[j] > 0 {
			total += t.Widths[j]
		}
	}
	fixed := total > 0 && len(t.Widths) >= n
	natural := make([]float64, n) // the widest cell on one line
	pieces := make([]float64, n)  // the widest unbreakable piece
	measure := func(j int, s string, bold bool, extra float64) {
		p.font(bold, p.ts)
		natural[j] = math.Max(natural[j], p.measure(s)+extra)
		for _, tk := range tokens(s) {
			pieces[j] = math.Max(pieces[j], p.measure(s[tk.start:tk.inkEnd])+extra)
		}
	}
	for j := range min(n, len(t.Head)) {
		measure(j, t.Head[j], true, 0)
	}
	for _, r := range t.Rows {
		for j := range min(n, len(r)) {
			extra := 0.0
			if r[j].Level != Neutral {
				extra = markRoom
			}
			measure(j, r[j].Text, r[j].Bold, extra)
		}
	}
	if fixed {
		for j := range n {
			out[j] = p.width * math.Max(t.Widths[j], 0) / total
			// the pieces must fit the given share
			least = math.Max(least, (pieces[j]+2*cellPadX)*total/math.Max(t.Widths[j], 1e-9))
		}
		return out, least
	}
	lowest := make([]float64, n)
	for j := range min(n, len(t.Head)) {
		// A short header stays on one line when the columns allow.
		p.font(true, p.ts)
		lowest[j] = math.Min(p.measure(t.Head[j]), p.width/float64(n)-2*cellPadX)
	}
	sumNat, sumLeast := 0.0, 0.0
	for j := range n {
		natural[j] += 2 * cellPadX
		least += pieces[j] + 2*cellPadX
		lo := math.Max(math.Max(pieces[j], lowest[j])+2*cellPadX, 24)
		lo = math.Min(lo, p.width/2)
		pieces[j] = lo
		natural[j] = math.Max(natural[j], lo)
		sumNat += natural[j]
		sumLeast += lo
	}
	switch {
	case sumNat <= p.width:
		for j := range n {
			out[j] = natural[j] + (p.width-sumNat)*natural[j]/sumNat
		}
	case sumLeast >= p.width:
		for j := range n {
			out[j] = p.width * pieces[j] / sumLeast
		}
	default:
		spare, need := p.width-sumLeast, sumNat-sumLeast
		for j := range n {
			out[j] = pieces[j] + spare*(natural[j]-pieces[j])/need
		}
	}
	return out, least
}

// figure draws a PNG at its size in points, scaled down to the text width
// and the page height, centred, with its caption below.
func (p *pdfWriter) figure(fig Figure, blocks []Block, i int) error {
	if len(fig.PNG) == 0 {
		if fig.Caption != "" {
			p.paragraph(fig.Caption)
		}
		return nil
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(fig.PNG))
	if err != nil {
		return fmt.Errorf("pdf: figure %q: %w", fig.Name, err)
	}
	data, px := fig.PNG, cfg.Width
	if p.widths[px] {
		if data, px, err = uniqueWidth(data, p.widths); err != nil {
			return fmt.Errorf("pdf: figure %q: %w", fig.Name, err)
		}
	}
	p.widths[px] = true
	p.figures++
	name := fmt.Sprintf("figure-%d", p.figures)
	p.f.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(data))
	if err := p.f.Error(); err != nil {
		return fmt.Errorf("pdf: figure %q: %w", fig.Name, err)
	}
	w, h, _ := p.figureSize(fig)
	w *= float64(px) / float64(cfg.Width) // a cropped figure keeps its scale
	p.font(false, 8.5)
	var caption []string
	if fig.Caption != "" {
		caption = p.lines(fig.Caption, p.width)
	}
	capH := float64(len(caption)) * 11.5
	if lim := p.bot - p.top - capH - 12; h > lim {
		w, h = w*lim/h, lim
	}
	p.gap(6)
	rest := 5 + capH + 12 // what goes below the picture on its page
	if i+1 < len(blocks) && isTable(blocks[i+1]) {
		// keep the figure with the opening of the table it goes with
		rest += p.opening(blocks, i+1, p.bot-p.top-h-rest)
	}
	// A figure a little too tall for the rest of the page is drawn smaller
	// rather than leave the space empty.
	if s := (p.bot - p.y() - rest) / h; s < 1 && s >= figMinScale && !p.atTop() {
		w, h = w*s, h*s
	}
	p.room(h + rest)
	x := p.left + (p.width-w)/2
	p.f.ImageOptions(name, x, p.y(), w, h, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	p.setY(p.y() + h + 5)
	p.font(false, 8.5)
	p.textColour(colMuted)
	for _, l := range caption {
		p.text(p.left, p.y(), p.width, 11.5, l, 'C')
		p.setY(p.y() + 11.5)
	}
	p.setY(p.y() + 12)
	return nil
}

// uniqueWidth crops a PNG by as few columns at its right edge (the chart's
// white margin) as make its width one no earlier figure has. fpdf writes
// images sorted by width, in map order among equal widths: unique widths
// keep the PDF's bytes the same from run to run.
func uniqueWidth(data []byte, used map[int]bool) ([]byte, int, error) {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, 0, err
	}
	b := img.Bounds()
	w := b.Dx()
	for used[w] && w > 1 {
		w--
	}
	sub, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	})
	if !ok {
		return nil, 0, fmt.Errorf("cannot crop a %T", img)
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, sub.SubImage(image.Rect(b.Min.X, b.Min.Y, b.Min.X+w, b.Max.Y))); err != nil {
		return nil, 0, err
	}
	return buf.Bytes(), w, nil
}

// figureSize is the size at which fig is drawn: Width × Height points (or
// the PNG's pixels at 96 dpi when they are not set) scaled down to the text
// width. ok is false when the PNG cannot be read.
func (p *pdfWriter) figureSize(fig Figure) (w, h float64, ok bool) {
	w, h = fig.Width, fig.Height
	if w <= 0 || h <= 0 {
		cfg, err := png.DecodeConfig(bytes.NewReader(fig.PNG))
		if err != nil || cfg.Width == 0 || cfg.Height == 0 {
			return 0, 0, false
		}
		w, h = float64(cfg.Width)*0.75, float64(cfg.Height)*0.75
	}
	if w > p.width {
		w, h = p.width, h*p.width/w
	}
	return w, h, true
}
