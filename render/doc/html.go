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
// inline SVG (or the PNG as a data URI when a figure has no usable SVG), no
// scripts and no outside requests. Every piece of document text goes through
// html/template, so markup in it is shown, never run. The page reads at
// phone width (wide tables scroll sideways) and prints on A4 with table
// headers repeated. PageBreak blocks are ignored. The output depends on d
// only.
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
	for _, b := range d.Blocks {
		if hb, ok := htmlBlockOf(plain(b), wd); ok {
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
}

type htmlCell struct {
	Text  string
	Class string
	Mark  string
	Say   string
	Bold  bool
}

type htmlFigure struct {
	Caption string
	SVG     template.HTML
	PNG     template.URL
}

func htmlBlockOf(b Block, wd words) (htmlBlock, bool) {
	switch b := b.(type) {
	case Heading:
		lv := min(max(b.Level, 1), 3)
		return htmlBlock{Kind: "h", Level: lv, ID: b.ID, Text: b.Text}, true
	case Paragraph:
		return htmlBlock{Kind: "p", Text: b.Text}, true
	case List:
		return htmlBlock{Kind: "ul", Items: b.Items}, true
	case Notice:
		return htmlBlock{Kind: "notice", Text: b.Title, Lines: b.Lines,
			Class: levelClass(b.Level), Mark: noticeMark(b.Level), Say: wd.level(b.Level)}, true
	case Cards:
		hb := htmlBlock{Kind: "cards"}
		for _, c := range b.Items {
			hc := htmlCard{Label: c.Label, Value: c.Value}
			if len(c.Lines) > 0 {
				hc.First = htmlCell{Text: c.Lines[0], Class: levelClass(c.Level), Mark: levelMark(c.Level), Say: wd.level(c.Level)}
				hc.Rest = c.Lines[1:]
			}
			hb.Cards = append(hb.Cards, hc)
		}
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
				hr[j] = htmlCell{Text: c.Text, Class: cls, Mark: levelMark(c.Level), Say: wd.level(c.Level), Bold: c.Bold}
			}
			t.Rows = append(t.Rows, hr)
		}
		return htmlBlock{Kind: "table", Table: t}, true
	case Figure:
		f := &htmlFigure{Caption: b.Caption}
		if svg, ok := inlineSVG(b.SVG); ok {
			f.SVG = svg
		} else if len(b.PNG) > 0 {
			f.PNG = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(b.PNG))
		}
		return htmlBlock{Kind: "figure", Figure: f}, true
	}
	return htmlBlock{}, false
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
// that the figure scales with the page. It refuses (false) an empty SVG or
// one with scripts, event handlers or foreign objects.
func inlineSVG(b []byte) (template.HTML, bool) {
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
<meta name="color-scheme" content="light">
<title>{{.Title}}</title>
<style>
:root {
  --ink: #1c2433; --muted: #5d6778; --line: #dde2ea; --soft: #f6f8fb; --accent: #1f3b63;
  --good: #117a45; --good-bg: #ecf7f0; --warn: #9a5b00; --warn-bg: #fff6e5; --bad: #b42318; --bad-bg: #fdeeec;
  --info: #38557f; --info-bg: #eef3fa;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: #eef1f5; color: var(--ink);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans",
    "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
}
main { max-width: 980px; margin: 0 auto; padding: 32px 36px 40px; background: #fff; min-height: 100vh; }
header.doc { border-bottom: 3px solid var(--accent); padding-bottom: 14px; margin-bottom: 8px; }
header.doc h1 { font-size: 1.85em; line-height: 1.25; margin: 0 0 6px; color: var(--accent); letter-spacing: -.01em; }
header.doc .sub { margin: 0; font-size: 1.05em; color: var(--ink); }
header.doc .date { margin: 6px 0 0; font-size: .85em; color: var(--muted); }
h2, h3, h4 { color: var(--accent); line-height: 1.3; break-after: avoid; page-break-after: avoid; }
h2 { font-size: 1.35em; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.12em; margin: 26px 0 10px; }
h4 { font-size: 1em; margin: 20px 0 8px; color: var(--ink); }
p { margin: 0 0 12px; white-space: pre-line; overflow-wrap: anywhere; }
ul.list { margin: 0 0 14px; padding-left: 1.3em; }
ul.list li { margin: 3px 0; overflow-wrap: anywhere; }
.mark { display: inline-block; margin-right: .3em; font-weight: 700; font-size: .9em; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.good { color: var(--good); } .warn { color: var(--warn); } .bad { color: var(--bad); }
.notice { display: flex; gap: 12px; margin: 14px 0 18px; padding: 12px 16px; border: 1px solid #cdd8e8;
  border-left: 5px solid var(--info); border-radius: 6px; background: var(--info-bg); break-inside: avoid; page-break-inside: avoid; }
.notice .badge { flex: none; width: 1.6em; height: 1.6em; line-height: 1.6em; border-radius: 50%; text-align: center;
  font-weight: 700; color: #fff; background: var(--info); font-size: .9em; margin-top: 1px; }
.notice.warn .badge { border-radius: 3px; }
.notice.bad .badge { border-radius: 2px; }
.notice .body { min-width: 0; }
.notice .title { font-weight: 650; margin: 0 0 4px; white-space: normal; }
.notice p { margin: 0 0 4px; color: var(--ink); }
.notice.good { border-color: #b9e0c8; border-left-color: var(--good); background: var(--good-bg); } .notice.good .badge { background: var(--good); }
.notice.warn { border-color: #f1d7a6; border-left-color: #c98a00; background: var(--warn-bg); } .notice.warn .badge { background: #c98a00; }
.notice.bad { border-color: #f3c2bc; border-left-color: var(--bad); background: var(--bad-bg); } .notice.bad .badge { background: var(--bad); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; margin: 14px 0 20px; }
.card { border: 1px solid var(--line); border-top: 3px solid var(--accent); border-radius: 6px; padding: 12px 14px 10px;
  background: var(--soft); break-inside: avoid; page-break-inside: avoid; min-width: 0; }
.card .label { font-size: .82em; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; overflow-wrap: anywhere; }
.card .value { font-size: 1.55em; font-weight: 700; line-height: 1.25; margin: 2px 0 4px; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.card .line { font-size: .88em; color: var(--muted); margin: 0; white-space: normal; }
.card .line.good { color: var(--good); } .card .line.warn { color: var(--warn); } .card .line.bad { color: var(--bad); }
.card .line.good, .card .line.warn, .card .line.bad { font-weight: 600; }
.tbl { margin: 14px 0 22px; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: .92em; font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; font-weight: 650; padding: 8px 10px 7px; color: var(--ink); }
th, td { padding: 7px 10px; text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); }
thead th { background: #e9eef5; color: var(--accent); font-weight: 650; font-size: .9em; border-bottom: 2px solid #c8d2e0; white-space: nowrap; }
tbody tr:nth-child(even) td { background: var(--soft); }
tbody tr:last-child td { border-bottom: none; }
th.num, td.num { text-align: right; white-space: nowrap; }
td.b { font-weight: 700; }
td.good, td.warn, td.bad { font-weight: 600; }
.notes { margin: 6px 0 0; padding: 0; list-style: none; font-size: .82em; color: var(--muted); }
.notes li { margin: 2px 0; }
figure { margin: 18px 0 24px; break-inside: avoid; page-break-inside: avoid; }
figure svg, figure img { display: block; width: 100%; height: auto; max-width: 100%; }
figcaption { margin-top: 6px; font-size: .88em; color: var(--muted); text-align: center; }
footer.doc { margin-top: 36px; padding-top: 10px; border-top: 1px solid var(--line); font-size: .82em; color: var(--muted); }
@media (max-width: 640px) {
  body { font-size: 14.5px; background: #fff; }
  main { padding: 18px 14px 28px; }
  header.doc h1 { font-size: 1.5em; }
  h2 { font-size: 1.2em; margin-top: 28px; }
  .cards { grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; }
  .card { padding: 10px 11px 8px; }
  .card .value { font-size: 1.3em; }
  th, td { padding: 6px 8px; }
  td:not(.num) { min-width: 8.5em; }
  .notice { padding: 10px 12px; gap: 10px; }
}
@media print {
  @page { size: A4; margin: 16mm 14mm 18mm; }
  body { background: #fff; font-size: 10pt; }
  main { max-width: none; padding: 0; min-height: 0; }
  .scroll { overflow: visible; border: none; }
  table { font-size: 9pt; }
  thead { display: table-header-group; }
  tr, .card, .notice, figure { break-inside: avoid; page-break-inside: avoid; }
  .cards { grid-template-columns: repeat(4, 1fr); }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
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
<div class="cards">
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
<table>
{{- if .Caption}}
<caption>{{.Caption}}</caption>
{{- end}}
{{- if .Head}}
<thead><tr>{{range .Head}}<th scope="col"{{with .Class}} class="{{.}}"{{end}}>{{.Text}}</th>{{end}}</tr></thead>
{{- end}}
<tbody>
{{- range .Rows}}
<tr>{{range .}}<td{{if or .Class .Bold}} class="{{.Class}}{{if .Bold}} b{{end}}"{{end}}>{{template "mark" .}}{{.Text}}</td>{{end}}</tr>
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
{{- if .SVG}}
{{.SVG}}
{{- else if .PNG}}
<img src="{{.PNG}}" alt="{{.Caption}}">
{{- end}}
{{- if .Caption}}
<figcaption>{{.Caption}}</figcaption>
{{- end}}
</figure>
{{- end}}
{{- end}}
{{- end}}
{{- if .Footer}}
<footer class="doc">{{.Footer}}</footer>
{{- end}}
</main>
</body>
</html>
{{define "mark"}}{{if .Mark}}<span class="mark" aria-hidden="true">{{.Mark}}</span>{{with .Say}}<span class="sr">{{.}}: </span>{{end}}{{end}}{{end}}
`))
