// Package doc is the neutral form of a report, between the analysis and the
// formats people read: a document is a title and a list of blocks
// (headings, paragraphs, lists, notices, headline cards, tables and
// figures), and this package writes it as one self-contained HTML file, as
// Markdown with the figures as PNG files beside it, and as a paginated PDF.
//
// Text in a document is plain text, never markup: every writer escapes it
// for its format (html/template for HTML; Markdown's special characters; the
// PDF draws glyphs). Figures carry their own bytes, drawn elsewhere (package
// chart). Writers never read the clock: the document's Date is the only
// time they print or store, so the same document gives the same bytes.
package doc

import "time"

// Document is a report ready to write.
type Document struct {
	Lang     string    // "en" or "zh": the HTML lang attribute and the writers' fixed words
	Title    string    // the report's title, first on the first page
	Subtitle string    // one line under the title (company, period)
	Date     time.Time // the generation time printed and stored; zero prints none and stores 2000-01-01
	Footer   string    // printed at the foot of every PDF page beside the page number
	Blocks   []Block
}

// Block is one of Heading, Paragraph, List, Notice, Cards, Table, Figure or
// PageBreak.
type Block interface{ block() }

// Heading starts a section. Level 1 is a chapter, 2 a section, 3 a
// subsection. In the PDF every heading is a bookmark, levels 1 and 2 are
// listed in the contents, and a heading stays on the page of what follows
// it; a chapter does not start a new page (put a PageBreak before it for
// that).
type Heading struct {
	Level int
	Text  string
	ID    string // anchor for HTML links; "" lets the HTML derive one for levels 1 and 2 (its contents link them)
}

// Paragraph is running text.
type Paragraph struct{ Text string }

// List is a bulleted list.
type List struct{ Items []string }

// Level grades a notice or a cell.
type Level int

const (
	Neutral Level = iota
	Good          // green: better than planned
	Warning       // amber: look at it
	Bad           // red: worse than planned, or a failure
)

// Notice is a framed box: what is missing, what failed, what to check.
type Notice struct {
	Level Level
	Title string
	Lines []string
}

// Card is one headline number: "Revenue", "12.4 M", "+4.1% on September".
type Card struct {
	Label string
	Value string
	Lines []string // short lines under the value
	Level Level    // colours the first line
}

// Cards is a row of headline numbers (wraps on narrow screens).
type Cards struct{ Items []Card }

// Align is a column's alignment.
type Align int

const (
	Left Align = iota
	Right
)

// Cell is one table cell.
type Cell struct {
	Text  string
	Level Level // colours the text
	Bold  bool
}

// Table is a table with one header row. The PDF writer repeats the header on
// every page the table spans.
type Table struct {
	Caption string
	Head    []string
	Align   []Align   // per column; missing columns are Left
	Widths  []float64 // relative column widths for the PDF; nil shares by content
	Rows    [][]Cell
	Notes   []string // small print under the table
}

// Figure is a chart drawn in two forms of the same picture: SVG for HTML,
// PNG for Markdown and PDF.
type Figure struct {
	Name    string // file stem of the PNG written beside Markdown: letters, digits, '-', '_' only
	Caption string // shown under the figure; also the image's alternative text
	SVG     []byte // a complete <svg> document
	// SVGNarrow is the same chart laid out for a phone (larger text), shown
	// by the HTML instead of SVG on narrow screens; nil shows SVG there too.
	SVGNarrow []byte
	PNG       []byte  // the same picture at a fixed resolution
	Width     float64 // size in points (1/72 inch) at which it is drawn in the PDF
	Height    float64
}

// PageBreak starts a new PDF page; HTML and Markdown ignore it.
type PageBreak struct{}

func (Heading) block()   {}
func (Paragraph) block() {}
func (List) block()      {}
func (Notice) block()    {}
func (Cards) block()     {}
func (Table) block()     {}
func (Figure) block()    {}
func (PageBreak) block() {}
