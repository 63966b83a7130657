package doc

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// HTML writes d as one self-contained HTML5 page: inline CSS, figures as
// inline SVG (or the PNG as a data URI when a figure has no usable SVG), one
// small inline script and no outside requests. Every piece of document text
// goes through html/template, so markup in it is shown, never run.
//
// The page opens with a table of contents of the level 1 and 2 headings
// (a heading without an ID gets "sec-N", N its block's position). A figure's
// caption is its title, above the chart (the chart's SVG draws none), less
// a lead-in that repeats the heading it sits under ("Revenue: …" under
// "Revenue"); on narrow screens the figure shows its SVGNarrow. Cards sit
// in even rows (five in a row, 3+2, or two by two with a last card across).
// The script (see html_style.go) only adds: click a column's header to sort
// the table; the page reads the same without it. The page follows the
// reader's dark or light colour scheme, reads at phone width (wide tables
// scroll sideways in their own box) and prints on A4 with table headers
// repeated. PageBreak blocks are ignored. The output depends on d only.
func HTML(w io.Writer, d *Document) error {
	v := htmlPage{
		Lang:     d.Lang,
		Title:    d.Title,
		Subtitle: d.Subtitle,
		Footer:   d.Footer,
	}
	if v.Lang == "" {
		v.Lang = "en"
	}
	wd := wordsFor(d.Lang)
	if !d.Date.IsZero() {
		v.Generated = wd.generated
		v.Date = stamp(d.Date)
		v.DateTime = d.Date.UTC().Format("2006-01-02T15:04Z")
	}
	v.Contents = contentsWord(d.Lang)
	ids := headingIDs(d.Blocks)
	var under string // the text of the heading the block sits under
	for i, b := range d.Blocks {
		b = plain(b)
		switch b := b.(type) {
		case Heading:
			b.ID = ids[i]
			under = b.Text
			if b.ID != "" && b.Level <= 2 {
				v.TOC = append(v.TOC, tocEntry{Level: min(max(b.Level, 1), 2), ID: b.ID, Text: b.Text})
			}
			if hb, ok := htmlBlockOf(b, wd); ok {
				v.Blocks = append(v.Blocks, hb)
			}
			continue
		case Figure:
			b.Caption = dropLeadIn(b.Caption, under)
			if hb, ok := htmlBlockOf(b, wd); ok {
				v.Blocks = append(v.Blocks, hb)
			}
			continue
		}
		if hb, ok := htmlBlockOf(b, wd); ok {
			v.Blocks = append(v.Blocks, hb)
		}
	}
	var buf bytes.Buffer
	if err := htmlTemplate.Execute(&buf, v); err != nil {
		return fmt.Errorf("html: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

type htmlPage struct {
	Lang, Title, Subtitle, Footer string
	Generated, Date, DateTime     string
	Contents                      string // the word over the table of contents
	TOC                           []tocEntry
	Blocks                        []htmlBlock
}

// htmlBlock is one block as the template draws it: Kind says which of the
// other fields is set.
type htmlBlock struct {
	Kind   string // "h", "p", "ul", "notice", "cards", "table", "figure"
	Level  int
	ID     string
	Text   string
	Items  []string
	Class  string // level class of a notice
	Mark   string // level glyph of a notice
	Say    string // level word of a notice, for screen readers
	Lines  []string
	Cards  []htmlCard
	N      int // number of cards, for their grid
	Table  *htmlTable
	Figure *htmlFigure
}

type htmlCard struct {
	Label, Value string
	First        htmlCell
	Rest         []string
}

type htmlTable struct {
	Caption string
	Head    []htmlCell
	Rows    [][]htmlCell
	Notes   []string
	Stack   bool // too wide for a phone: each row is a block there (class "stack")
}

type htmlCell struct {
	Text  string
	Parts []string // a figure's text in pieces that may not break, when it has several
	Label string   // the column's header, shown before the value on a phone when Stack
	Class string
	Mark  string
	Say   string
	Bold  bool
}

// phoneWidth is the width in CSS pixels a table has on a 390 px phone:
// the screen less the page's padding (html_style.go).
const phoneWidth = 390 - 2*14

// tableWidth estimates the narrowest width in CSS pixels t can take at
// phone size, each column as wide as its longest piece that may not break
// (a word of text or a header, a figure or a part of a range; 14.5 px text
// at 88%: 7 px a Latin character, 13 a CJK one, 16 of padding per cell; a
// column of text at least 7.5 em).
func tableWidth(t *htmlTable) float64 {
	widths := make([]float64, len(t.Head))
	measure := func(s string) float64 {
		w := 0.0
		for _, r := range s {
			if isCJK(r) {
				w += 13
			} else {
				w += 7
			}
		}
		return w
	}
	// grow widens column j to hold c's longest piece that does not break:
	// a header breaks between words, a figure between its parts.
	grow := func(j int, c htmlCell, pieces []string, min float64) {
		for len(widths) <= j {
			widths = append(widths, 0)
		}
		w := 0.0
		for _, p := range pieces {
			w = max(w, measure(p))
		}
		if c.Mark != "" {
			w += 12
		}
		widths[j] = max(widths[j], w+16, min)
	}
	for j, h := range t.Head {
		grow(j, h, strings.Fields(h.Text), 0)
	}
	for _, row := range t.Rows {
		for j, c := range row {
			if !strings.Contains(c.Class, "num") {
				grow(j, c, strings.Fields(c.Text), 7.5*14.5*0.88+16) // text wraps between words
				continue
			}
			pieces := c.Parts
			if pieces == nil {
				pieces = []string{c.Text}
			}
			grow(j, c, pieces, 0)
		}
	}
	sum := 0.0
	for _, w := range widths {
		sum += w
	}
	return sum
}

// rangeBreak finds where a figure's text may break: before " – " of a
// range and before a parenthesis, never inside a number with its sign and
// unit ("324.97 M – 359.36 M", "+18.3% (+12.4% – +24.3%)").
var rangeBreak = regexp.MustCompile(` (?:– |\()`)

// numberParts splits s at rangeBreak, each piece keeping its dash or
// parenthesis; nil when s has a single piece.
func numberParts(s string) []string {
	idx := rangeBreak.FindAllStringIndex(s, -1)
	if len(idx) == 0 {
		return nil
	}
	var parts []string
	from := 0
	for _, m := range idx {
		parts = append(parts, s[from:m[0]])
		from = m[0] + 1
	}
	return append(parts, s[from:])
}

type htmlFigure struct {
	Caption string
	SVG     template.HTML // class "wide" when Narrow is set
	Narrow  template.HTML // class "narrow": shown instead of SVG on phones
	PNG     template.URL
}

func htmlBlockOf(b Block, wd words) (htmlBlock, bool) {
	switch b := b.(type) {
	case Heading:
		lv := min(max(b.Level, 1), 3)
		return htmlBlock{Kind: "h", Level: lv, ID: b.ID, Text: b.Text}, true
	case Paragraph:
		return htmlBlock{Kind: "p", Text: glueUnits(b.Text)}, true
	case List:
		return htmlBlock{Kind: "ul", Items: glueAll(b.Items)}, true
	case Notice:
		return htmlBlock{Kind: "notice", Text: glueUnits(b.Title), Lines: glueAll(b.Lines),
			Class: levelClass(b.Level), Mark: noticeMark(b.Level), Say: wd.level(b.Level)}, true
	case Cards:
		hb := htmlBlock{Kind: "cards"}
		for _, c := range b.Items {
			hc := htmlCard{Label: c.Label, Value: glueUnits(c.Value)}
			if len(c.Lines) > 0 {
				hc.First = htmlCell{Text: glueUnits(c.Lines[0]), Class: levelClass(c.Level), Mark: levelMark(c.Level), Say: wd.level(c.Level)}
				hc.Rest = glueAll(c.Lines[1:])
			}
			hb.Cards = append(hb.Cards, hc)
		}
		hb.N = len(hb.Cards)
		return hb, true
	case Table:
		t := &htmlTable{Caption: b.Caption, Notes: b.Notes}
		align := func(j int) string {
			if j < len(b.Align) && b.Align[j] == Right {
				return "num"
			}
			return ""
		}
		for j, h := range b.Head {
			t.Head = append(t.Head, htmlCell{Text: h, Class: align(j)})
		}
		for _, row := range b.Rows {
			hr := make([]htmlCell, len(row))
			for j, c := range row {
				cls := strings.TrimSpace(align(j) + " " + levelClass(c.Level))
				hc := htmlCell{Text: glueUnits(c.Text), Class: cls, Mark: levelMark(c.Level), Say: wd.level(c.Level), Bold: c.Bold}
				if j < len(b.Head) {
					hc.Label = b.Head[j]
				}
				if align(j) == "num" {
					if hc.Parts = numberParts(hc.Text); hc.Parts != nil {
						hc.Class += " brk"
					}
				}
				hr[j] = hc
			}
			t.Rows = append(t.Rows, hr)
		}
		t.Stack = len(t.Head) > 2 && tableWidth(t) > phoneWidth
		if !t.Stack {
			for _, row := range t.Rows {
				for j := range row {
					row[j].Label = ""
				}
			}
		}
		return htmlBlock{Kind: "table", Table: t}, true
	case Figure:
		f := &htmlFigure{Caption: b.Caption}
		if svg, ok := inlineSVG(b.SVG, ""); ok {
			f.SVG = svg
			if narrow, ok := inlineSVG(b.SVGNarrow, "narrow"); ok {
				f.SVG, _ = inlineSVG(b.SVG, "wide")
				f.Narrow = narrow
			}
		} else if len(b.PNG) > 0 {
			f.PNG = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(b.PNG))
		}
		return htmlBlock{Kind: "figure", Figure: f}, true
	}
	return htmlBlock{}, false
}

// glueAll is glueUnits of each of ss, in a new slice.
func glueAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = glueUnits(s)
	}
	return out
}

// noticeMark is the glyph in a notice's badge; Neutral notices get an "i".
func noticeMark(l Level) string {
	switch l {
	case Neutral:
		return "i"
	case Warning:
		return "!"
	}
	return levelMark(l)
}

var (
	// svgUnsafe finds what a chart never holds and a page must not run.
	svgUnsafe = regexp.MustCompile(`(?i)<script|<foreignobject|<iframe|\son[a-z]+\s*=|javascript:`)
	svgAttr   = regexp.MustCompile(`([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*("[^"]*"|'[^']*')`)
	svgNumber = regexp.MustCompile(`^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(pt|px)?\s*$`)
)

// inlineSVG prepares an SVG document for inlining in HTML: it drops
// everything before the <svg> element (XML prolog, comments, DOCTYPE) and
// after it, replaces the fixed width and height with width="100%" (the CSS
// sets height auto), and adds a viewBox from them when there is none, so
// that the figure scales with the page; class, if not "", is set as its
// class. It refuses (false) an empty SVG or one with scripts, event
// handlers or foreign objects.
func inlineSVG(b []byte, class string) (template.HTML, bool) {
	s := string(b)
	start := strings.Index(s, "<svg")
	end := strings.LastIndex(s, "</svg>")
	if start < 0 || end < start || svgUnsafe.MatchString(s) {
		return "", false
	}
	s = s[start : end+len("</svg>")]
	tagEnd := startTagEnd(s)
	if tagEnd < 0 {
		return "", false
	}
	var (
		attrs         []string
		width, height string
		hasViewBox    bool
	)
	for _, m := range svgAttr.FindAllStringSubmatch(s[len("<svg"):tagEnd], -1) {
		val := m[2][1 : len(m[2])-1]
		switch strings.ToLower(m[1]) {
		case "width":
			width = val
			continue
		case "height":
			height = val
			continue
		case "viewbox":
			hasViewBox = true
		case "class":
			if class != "" {
				continue
			}
		}
		attrs = append(attrs, m[1]+"="+m[2])
	}
	if !hasViewBox {
		w, okw := svgLength(width)
		h, okh := svgLength(height)
		if okw && okh {
			attrs = append(attrs, fmt.Sprintf(`viewBox="0 0 %g %g"`, w, h))
		}
	}
	attrs = append(attrs, `width="100%"`, `role="img"`)
	if class != "" {
		attrs = append(attrs, `class="`+class+`"`)
	}
	var out strings.Builder
	out.Grow(len(s) + 64)
	out.WriteString("<svg ")
	out.WriteString(strings.Join(attrs, " "))
	if strings.HasSuffix(strings.TrimSpace(s[:tagEnd]), "/") {
		out.WriteString("/")
	}
	out.WriteString(">")
	out.WriteString(s[tagEnd+1:])
	return template.HTML(out.String()), true
}

// startTagEnd returns the index of the '>' closing the first tag in s,
// skipping quoted attribute values; -1 when there is none.
func startTagEnd(s string) int {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i
		}
	}
	return -1
}

// svgLength reads "288pt", "400px" or "400" as a number of user units.
func svgLength(s string) (float64, bool) {
	m := svgNumber.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(m[1], 64)
	return v, err == nil && v > 0
}

var htmlTemplate = template.Must(template.New("doc").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{{.Title}}</title>
<style>
{{template "css"}}
</style>
</head>
<body>
<main>
<header class="doc">
<h1>{{.Title}}</h1>
{{- if .Subtitle}}
<p class="sub">{{.Subtitle}}</p>
{{- end}}
{{- if .Date}}
<p class="date">{{.Generated}} <time datetime="{{.DateTime}}">{{.Date}}</time></p>
{{- end}}
</header>
{{- if .TOC}}
<details class="toc" open>
<summary>{{.Contents}}</summary>
<nav aria-label="{{.Contents}}">
<ol>
{{- range .TOC}}
<li class="l{{.Level}}"><a href="#{{.ID}}">{{.Text}}</a></li>
{{- end}}
</ol>
</nav>
</details>
{{- end}}
{{range .Blocks}}
{{- if eq .Kind "h"}}
{{- if eq .Level 1}}<h2{{with .ID}} id="{{.}}"{{end}}>{{.Text}}</h2>
{{- else if eq .Level 2}}<h3{{with .ID}} id="{{.}}"{{end}}>{{.Text}}</h3>
{{- else}}<h4{{with .ID}} id="{{.}}"{{end}}>{{.Text}}</h4>{{end}}
{{- else if eq .Kind "p"}}
<p>{{.Text}}</p>
{{- else if eq .Kind "ul"}}
<ul class="list">
{{- range .Items}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- else if eq .Kind "notice"}}
<div class="notice{{with .Class}} {{.}}{{end}}" role="note">
<div class="badge" aria-hidden="true">{{.Mark}}</div>
<div class="body">
{{- if .Text}}
<p class="title">{{with .Say}}<span class="sr">{{.}}: </span>{{end}}{{.Text}}</p>
{{- end}}
{{- range .Lines}}
<p>{{.}}</p>
{{- end}}
</div>
</div>
{{- else if eq .Kind "cards"}}
<div class="cards n{{.N}}">
{{- range .Cards}}
<div class="card">
<div class="label">{{.Label}}</div>
<div class="value">{{.Value}}</div>
{{- if .First.Text}}
<p class="line first{{with .First.Class}} {{.}}{{end}}">{{template "mark" .First}}{{.First.Text}}</p>
{{- end}}
{{- range .Rest}}
<p class="line">{{.}}</p>
{{- end}}
</div>
{{- end}}
</div>
{{- else if eq .Kind "table"}}
{{- with .Table}}
<div class="tbl">
<div class="scroll">
<table{{if .Stack}} class="stack"{{end}}>
{{- if .Caption}}
<caption>{{.Caption}}</caption>
{{- end}}
{{- if .Head}}
<thead><tr>{{range .Head}}<th scope="col"{{with .Class}} class="{{.}}"{{end}}>{{.Text}}</th>{{end}}</tr></thead>
{{- end}}
<tbody>
{{- range .Rows}}
<tr>{{range .}}<td{{if or .Class .Bold}} class="{{.Class}}{{if .Bold}} b{{end}}"{{end}}{{with .Label}} data-label="{{.}}"{{end}}>{{template "mark" .}}{{if .Parts}}{{range $i, $p := .Parts}}{{if $i}} {{end}}<span class="nw">{{$p}}</span>{{end}}{{else}}{{.Text}}{{end}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
</div>
{{- if .Notes}}
<ul class="notes">
{{- range .Notes}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- end}}
</div>
{{- end}}
{{- else if eq .Kind "figure"}}
{{- with .Figure}}
<figure>
{{- if .Caption}}
<figcaption>{{.Caption}}</figcaption>
{{- end}}
<div class="chart">
{{- if .SVG}}
{{.SVG}}
{{- with .Narrow}}
{{.}}
{{- end}}
{{- else if .PNG}}
<img src="{{.PNG}}" alt="{{.Caption}}">
{{- end}}
</div>
</figure>
{{- end}}
{{- end}}
{{- end}}
{{- if .Footer}}
<footer class="doc">{{.Footer}}</footer>
{{- end}}
</main>
<script>
{{template "script"}}
</script>
</body>
</html>
{{define "css"}}` + htmlCSS + `{{end}}
{{define "script"}}` + htmlScript + `{{end}}
{{define "mark"}}{{if .Mark}}<span class="mark" aria-hidden="true">{{.Mark}}</span>{{with .Say}}<span class="sr">{{.}}: </span>{{end}}{{end}}{{end}}
`))
