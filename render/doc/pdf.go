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
var ErrNoCJKFont = errors.New("the report has Chinese text but no CJK font: install fonts-lxgw-wenkai or set report.font")

// PDF writes d as an A4 portrait PDF drawn with face, which is embedded as
// a subset. The title opens the first page; a level-1 heading starts a new
// page unless the page is still empty; tables repeat their header row on
// every page they span; figures are drawn from their PNG bytes at Width ×
// Height points, scaled down to fit the page; every page has a footer with
// d.Footer and "page N / M". The output is byte-reproducible: the PDF's
// creation and modification dates are d.Date, or 2000-01-01 when it is
// zero, and nothing else depends on the clock. A document with CJK text and
// a face without CJK glyphs is refused with ErrNoCJKFont; a figure whose PNG
// cannot be read is an error.
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
	cellPadX      = 5.0
	cellPadY      = 3.6
	markRoom      = 8.0 // room for a level mark before a cell's text
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
	pageW float64
	pageH float64
	left  float64 // text box
	right float64
	width float64
	top   float64
	bot   float64
	start float64 // where blocks start on this page: below the title on the first

	figures int
	widths  map[int]bool // pixel widths of the figures drawn so far
	// heads records, for each table in order, the pages on which its
	// header row was drawn (tests check the repeat).
	heads [][]int
}

// writePDF draws d; compress false leaves the page streams readable (tests).
func writePDF(w io.Writer, d *Document, face font.Face, compress bool) (*pdfWriter, error) {
	if !face.CJK && (texts(d, hasCJK) || hasCJK(wordsFor(d.Lang).page)) {
		return nil, ErrNoCJKFont
	}
	if len(face.Regular) == 0 {
		return nil, errors.New("pdf: the font face has no regular TrueType bytes")
	}
	bold := face.Bold
	if len(bold) == 0 {
		bold = face.Regular
	}
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
	f.AddUTF8FontFromBytes("body", "", face.Regular)
	f.AddUTF8FontFromBytes("body", "B", bold)
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("pdf: font %s: %w", face.Name, err)
	}
	p := &pdfWriter{f: f, d: d, wd: wordsFor(d.Lang), widths: map[int]bool{}}
	p.pageW, p.pageH = f.GetPageSize()
	p.left, p.right = pageMarginX, p.pageW-pageMarginX
	p.width = p.right - p.left
	p.top, p.bot = pageMarginTop, p.pageH-pageMarginBot
	f.SetMargins(p.left, p.top, pageMarginX)
	f.SetAutoPageBreak(false, pageMarginBot)
	f.SetCellMargin(0)
	f.AliasNbPages("{nb}")
	f.SetFooterFunc(p.footer)
	f.AddPage()

	p.title()
	for i, b := range d.Blocks {
		var next Block
		if i+1 < len(d.Blocks) {
			next = plain(d.Blocks[i+1])
		}
		if err := p.block(plain(b), next); err != nil {
			return nil, err
		}
		if err := f.Error(); err != nil {
			return nil, fmt.Errorf("pdf: %w", err)
		}
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return p, err
}

// --- drawing primitives ---

func (p *pdfWriter) font(bold bool, size float64) {
	style := ""
	if bold {
		style = "B"
	}
	p.f.SetFont("body", style, size)
}

func (p *pdfWriter) textColour(c rgb) { p.f.SetTextColor(c.r, c.g, c.b) }
func (p *pdfWriter) fillColour(c rgb) { p.f.SetFillColor(c.r, c.g, c.b) }
func (p *pdfWriter) drawColour(c rgb) { p.f.SetDrawColor(c.r, c.g, c.b) }

// lines wraps s in the current font to width.
func (p *pdfWriter) lines(s string, width float64) []string {
	return wrap(s, width, p.f.GetStringWidth)
}

// text draws one wrapped line in a line box of height lead whose top is y;
// align is 'L', 'R' or 'C' within [x, x+w].
func (p *pdfWriter) text(x, y, w, lead float64, line string, align byte) {
	line = strings.TrimRight(line, " \t\r\n\u3000")
	if line == "" {
		return
	}
	size, _ := p.f.GetFontSize()
	switch align {
	case 'R':
		x += w - p.f.GetStringWidth(line)
	case 'C':
		x += (w - p.f.GetStringWidth(line)) / 2
	}
	p.f.Text(x, y+lead/2+0.34*size, line)
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

// footer draws the page's foot: the document footer left, the page number
// right.
func (p *pdfWriter) footer() {
	y := p.pageH - pageMarginBot + 24
	p.drawColour(colLine)
	p.f.SetLineWidth(0.5)
	p.f.Line(p.left, y-6, p.right, y-6)
	p.font(false, 7.8)
	p.textColour(colMuted)
	label := fmt.Sprintf(p.wd.page, p.f.PageNo(), "{nb}")
	// The total is filled in at the end; measure it as two digits.
	lw := p.f.GetStringWidth(strings.Replace(label, "{nb}", "99", 1))
	p.f.Text(p.right-lw, y+6, label)
	if p.d.Footer != "" {
		s := strings.Join(strings.Fields(p.d.Footer), " ")
		s = p.clip(s, p.width-lw-24)
		p.f.Text(p.left, y+6, s)
	}
}

// clip shortens s with an ellipsis to fit width in the current font.
func (p *pdfWriter) clip(s string, width float64) string {
	if p.f.GetStringWidth(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && p.f.GetStringWidth(string(r)+"…") > width {
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

// block draws b; next is the block after it, which a heading keeps on its
// page.
func (p *pdfWriter) block(b, next Block) error {
	switch b := b.(type) {
	case Heading:
		p.heading(b, next)
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
		return p.figure(b)
	case PageBreak:
		if !p.atTop() {
			p.newPage()
		}
	}
	return nil
}

func (p *pdfWriter) heading(h Heading, next Block) {
	lv := min(max(h.Level, 1), 3)
	size, lead, before := 16.0, 21.0, 18.0
	switch lv {
	case 2:
		size, lead, before = 13, 18, 14
	case 3:
		size, lead, before = 11, 15, 10
	}
	if lv == 1 && !p.atTop() {
		p.newPage()
	}
	p.font(true, size)
	ls := p.lines(h.Text, p.width)
	// Keep the heading with the start of what follows it.
	p.room(before + float64(len(ls))*lead + 4 + p.opening(next))
	p.gap(before)
	if lv == 3 {
		p.textColour(colInk)
	} else {
		p.textColour(colAccent)
	}
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

// opening estimates the height of the first part of b that must share a
// page with the heading before it: a figure whole, a table's caption,
// header and first rows, a row of cards, a few lines of anything else.
func (p *pdfWriter) opening(b Block) float64 {
	switch b := b.(type) {
	case Figure:
		if _, h, ok := p.figureSize(b); ok {
			return h + 40
		}
	case Table:
		h := 3*(tableLead+2*cellPadY) + 6
		if b.Caption != "" {
			h += bodyLead + 3
		}
		return h
	case Cards:
		return 90
	case Heading:
		return 24 + 3*bodyLead
	}
	return 3 * bodyLead
}

func (p *pdfWriter) paragraph(s string) {
	p.font(false, bodySize)
	p.textColour(colInk)
	for _, l := range p.lines(s, p.width) {
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

// table draws t with its header row on every page it spans.
func (p *pdfWriter) table(t Table) {
	n := len(t.Head)
	for _, r := range t.Rows {
		n = max(n, len(r))
	}
	if n == 0 {
		return
	}
	cell := func(row []Cell, j int) Cell {
		if j < len(row) {
			return row[j]
		}
		return Cell{}
	}
	right := func(j int) bool { return j < len(t.Align) && t.Align[j] == Right }
	widths := p.columnWidths(t, n)

	// Wrap every cell first: row heights decide the page breaks.
	textW := func(j int, c Cell) float64 {
		w := widths[j] - 2*cellPadX
		if c.Level != Neutral {
			w -= markRoom
		}
		return w
	}
	p.font(true, tableSize)
	head := make([][]string, n)
	headH := 0.0
	for j := range n {
		if j < len(t.Head) {
			head[j] = p.lines(t.Head[j], widths[j]-2*cellPadX)
		}
		headH = math.Max(headH, float64(len(head[j])))
	}
	headH = headH*tableLead + 2*cellPadY
	rows := make([][][]string, len(t.Rows))
	rowH := make([]float64, len(t.Rows))
	for i, r := range t.Rows {
		rows[i] = make([][]string, n)
		k := 1
		for j := range n {
			c := cell(r, j)
			p.font(c.Bold, tableSize)
			rows[i][j] = p.lines(c.Text, textW(j, c))
			k = max(k, len(rows[i][j]))
		}
		rowH[i] = float64(k)*tableLead + 2*cellPadY
	}

	var pages []int
	drawHead := func() {
		y0 := p.y()
		p.fillColour(colHead)
		p.f.Rect(p.left, y0, p.width, headH, "F")
		p.drawColour(colAccent)
		p.f.SetLineWidth(0.9)
		p.f.Line(p.left, y0+headH, p.right, y0+headH)
		p.font(true, tableSize)
		p.textColour(colAccent)
		x := p.left
		for j := range n {
			align := byte('L')
			if right(j) {
				align = 'R'
			}
			for k, l := range head[j] {
				p.text(x+cellPadX, y0+cellPadY+float64(k)*tableLead, widths[j]-2*cellPadX, tableLead, l, align)
			}
			x += widths[j]
		}
		p.setY(y0 + headH)
		pages = append(pages, p.f.PageNo())
	}

	p.gap(6)
	captionH := 0.0
	var caption []string
	if t.Caption != "" {
		p.font(true, bodySize)
		caption = p.lines(t.Caption, p.width)
		captionH = float64(len(caption))*bodyLead + 3
	}
	firstRow := 0.0
	if len(rowH) > 0 {
		firstRow = rowH[0]
	}
	p.room(captionH + headH + firstRow)
	if len(caption) > 0 {
		p.font(true, bodySize)
		p.textColour(colInk)
		for _, l := range caption {
			p.text(p.left, p.y(), p.width, bodyLead, l, 'L')
			p.setY(p.y() + bodyLead)
		}
		p.setY(p.y() + 3)
	}
	if len(t.Head) > 0 {
		drawHead()
	}
	for i, r := range t.Rows {
		if p.y()+rowH[i] > p.bot && !p.atTop() {
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
			c := cell(r, j)
			p.font(c.Bold, tableSize)
			p.textColour(levelColour(c.Level))
			tx, tw := x+cellPadX, textW(j, c)
			if c.Level != Neutral {
				tx += markRoom
			}
			align := byte('L')
			if right(j) {
				align = 'R'
			}
			for k, l := range rows[i][j] {
				ly := y0 + cellPadY + float64(k)*tableLead
				if k == 0 && c.Level != Neutral {
					mx := tx - markRoom/2 - 1
					if align == 'R' {
						mx = tx + tw - p.f.GetStringWidth(strings.TrimRight(l, " \t\r\n\u3000")) - markRoom/2 - 1
					}
					p.mark(c.Level, mx, ly+tableLead/2-0.5, 2.3)
				}
				p.text(tx, ly, tw, tableLead, l, align)
			}
			x += widths[j]
		}
		p.setY(y0 + rowH[i])
	}
	p.heads = append(p.heads, pages)
	if len(t.Notes) > 0 {
		p.setY(p.y() + 4)
		p.font(false, 7.8)
		p.textColour(colMuted)
		for _, s := range t.Notes {
			for _, l := range p.lines(s, p.width) {
				p.room(10.5)
				p.text(p.left, p.y(), p.width, 10.5, l, 'L')
				p.setY(p.y() + 10.5)
			}
		}
	}
	p.setY(p.y() + 12)
}

// columnWidths shares the text width among n columns: by t.Widths when
// given, else by content (each column gets at least its longest word, the
// rest goes where the text is longest).
func (p *pdfWriter) columnWidths(t Table, n int) []float64 {
	out := make([]float64, n)
	total := 0.0
	for j := range n {
		if j < len(t.Widths) && t.Widths[j] > 0 {
			total += t.Widths[j]
		}
	}
	if total > 0 && len(t.Widths) >= n {
		for j := range n {
			out[j] = p.width * math.Max(t.Widths[j], 0) / total
		}
		return out
	}
	natural := make([]float64, n) // the widest cell on one line
	least := make([]float64, n)   // the widest unbreakable piece
	measure := func(j int, s string, bold bool, extra float64) {
		p.font(bold, tableSize)
		natural[j] = math.Max(natural[j], p.f.GetStringWidth(s)+extra)
		for _, tk := range tokens(s) {
			least[j] = math.Max(least[j], p.f.GetStringWidth(s[tk.start:tk.inkEnd])+extra)
		}
	}
	for j := range min(n, len(t.Head)) {
		measure(j, t.Head[j], true, 0)
		// A short header stays on one line when the columns allow.
		least[j] = math.Max(least[j], math.Min(natural[j], p.width/float64(n)-2*cellPadX))
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
	sumNat, sumLeast := 0.0, 0.0
	for j := range n {
		natural[j] += 2 * cellPadX
		least[j] = math.Min(least[j]+2*cellPadX, p.width/2)
		least[j] = math.Max(least[j], 24)
		natural[j] = math.Max(natural[j], least[j])
		sumNat += natural[j]
		sumLeast += least[j]
	}
	switch {
	case sumNat <= p.width:
		for j := range n {
			out[j] = natural[j] + (p.width-sumNat)*natural[j]/sumNat
		}
	case sumLeast >= p.width:
		for j := range n {
			out[j] = p.width * least[j] / sumLeast
		}
	default:
		spare, need := p.width-sumLeast, sumNat-sumLeast
		for j := range n {
			out[j] = least[j] + spare*(natural[j]-least[j])/need
		}
	}
	return out
}

// figure draws a PNG at its size in points, scaled down to the text width
// and the page height, centred, with its caption below.
func (p *pdfWriter) figure(fig Figure) error {
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
	p.room(h + capH + 6)
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
