package chart

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"image/color"
	"image/png"
	"math"
	"strings"
	"sync"
	"unicode"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot"
	pfont "gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"coo/internal/numfmt"
	"coo/render/font"
)

// DPI is the resolution of every PNG: crisp when a 16 cm chart is printed
// at full width.
const DPI = 200

// maxAbs is the largest magnitude drawn to scale; anything beyond is drawn
// at the edge of the chart's range and named (see clip.go).
const maxAbs = 1e15

// Picture is one chart in two encodings of the same drawing.
type Picture struct {
	// SVG is the drawing for a web page, text as text with a font-family
	// and no embedded font. The page captions the chart, so the title is
	// not drawn: it is the SVG's <title>. Every value drawn has a tooltip
	// (see svg_title.go).
	SVG []byte
	// SVGNarrow is SVG laid out for a phone's width: the same picture with
	// larger text, a little taller, to be shown about 9 cm wide.
	SVGNarrow     []byte
	PNG           []byte  // DPI dots per inch, with the title drawn (unless WithoutTitles)
	Width, Height float64 // points (1/72 inch)
	NoData        bool    // the input had no finite value; the chart says "No data"
	// Clipped says which values were too far outside the chart's range to
	// draw to scale (drawn at its edge): a note for the caption; nil if none.
	Clipped []string
}

// Renderer draws charts with one face. It is safe for concurrent use:
// gonum/plot keeps its default font in package variables, so a Renderer
// draws one chart at a time, under a lock shared by all Renderers.
type Renderer struct {
	face    font.Face
	family  []byte     // the SVG font-family as gonum/plot writes it, to add a fallback to
	generic []byte     // the same with a generic fallback
	regular pfont.Font // Typeface registered in pfont.DefaultCache
	bold    pfont.Font
	// hand draws text in the Latin face and its runs of CJK characters
	// in the CJK face (fontpair.go); cjkFamily and cjkGeneric are the CJK
	// face's family and generic fallback, like family and generic.
	hand                  text.Handler
	cjkFamily, cjkGeneric []byte
	words                 map[string]string // the charts' fixed words in the reader's language
	// web is set on the copies that draw the SVGs: no title is drawn and
	// values get tooltips; text is the scale of every text size (0 is 1).
	web  bool
	text vg.Length
	lang string // how numbers read (numfmt): "zh" or English
	// untitled: the PNG draws no title either, the document's caption
	// being the chart's one title (WithoutTitles).
	untitled bool
}

// Words translates the charts' fixed words: the legend's "Actual",
// "Forecast", "80% interval", "95% interval", "Budget", and "No data",
// keyed by the English word. A missing word stays English. Package render
// takes them from its catalogue (coo/internal/l10n, "chart.").
type Words map[string]string

// WithWords returns a Renderer that draws the fixed words as w says.
func (r *Renderer) WithWords(w Words) *Renderer {
	c := *r
	c.words = w
	return &c
}

// WithLang returns a Renderer that writes numbers the way lang's tables
// do (coo/internal/numfmt): K, M, B in English, 万 and 亿 in Chinese ("zh").
func (r *Renderer) WithLang(lang string) *Renderer {
	c := *r
	c.lang = lang
	return &c
}

// WithoutTitles returns a Renderer whose PNGs draw no title, as its SVGs
// never do: for a document that captions every chart, where a title drawn
// in the picture would name the chart a second time. The title is still
// the SVG's <title>.
func (r *Renderer) WithoutTitles() *Renderer {
	c := *r
	c.untitled = true
	return &c
}

func (r *Renderer) word(s string) string {
	if t, ok := r.words[s]; ok {
		return t
	}
	return s
}

// mu guards gonum/plot's package variables (plot.DefaultFont,
// plotter.DefaultFont, plot.DefaultTextHandler, font.DefaultCache) while a
// chart is set up and drawn.
var mu sync.Mutex

// NewRenderer parses face and registers it with gonum/plot. Faces are
// registered under a name derived from their bytes, so Renderers with
// different faces do not disturb each other.
func NewRenderer(face font.Face) (*Renderer, error) {
	if len(face.Regular) == 0 {
		return nil, fmt.Errorf("chart: face %q has no regular font", face.Name)
	}
	reg, err := opentype.Parse(face.Regular)
	if err != nil {
		return nil, fmt.Errorf("chart: parse font %q: %w", face.Name, err)
	}
	bold := reg
	if len(face.Bold) > 0 {
		if bold, err = opentype.Parse(face.Bold); err != nil {
			return nil, fmt.Errorf("chart: parse bold font %q: %w", face.Name, err)
		}
	}
	tf := pfont.Typeface(fmt.Sprintf("coo/%s/%08x", face.Name, crc32.ChecksumIEEE(face.Regular)))
	r := &Renderer{
		face:    face,
		regular: pfont.Font{Typeface: tf},
		bold:    pfont.Font{Typeface: tf, Weight: xfont.WeightBold},
	}
	// gonum/plot names the family from the font's name table, without a
	// fallback; a reader without the face should still get a sans-serif.
	if fam, err := reg.Name(nil, sfnt.NameIDFamily); err == nil && fam != "" && !strings.ContainsAny(fam, "'\"<>&;\\") {
		r.family = []byte(`style="font-family:` + fam + `;`)
		r.generic = []byte(`style="font-family:'` + fam + `',sans-serif;`)
	}
	coll := pfont.Collection{
		{Font: r.regular, Face: reg},
		{Font: r.bold, Face: bold},
	}
	pair := pairText{Plain: text.Plain{Fonts: pfont.DefaultCache}}
	if face.CJK && len(face.CJKRegular) > 0 {
		// Text with CJK characters is set in the CJK face (package font).
		creg, err := opentype.Parse(face.CJKRegular)
		if err != nil {
			return nil, fmt.Errorf("chart: parse font %q: %w", face.CJKName, err)
		}
		cbold := creg
		if len(face.CJKBold) > 0 {
			if cbold, err = opentype.Parse(face.CJKBold); err != nil {
				return nil, fmt.Errorf("chart: parse bold font %q: %w", face.CJKName, err)
			}
		}
		ctf := pfont.Typeface(fmt.Sprintf("coo/%s/%08x", face.CJKName, crc32.ChecksumIEEE(face.CJKRegular)))
		pair.cjk = map[pfont.Typeface]pfont.Typeface{tf: ctf}
		coll = append(coll, pfont.Face{Font: pfont.Font{Typeface: ctf}, Face: creg},
			pfont.Face{Font: pfont.Font{Typeface: ctf, Weight: xfont.WeightBold}, Face: cbold})
		if fam, err := creg.Name(nil, sfnt.NameIDFamily); err == nil && fam != "" && !strings.ContainsAny(fam, "'\"<>&;\\") {
			r.cjkFamily = []byte(`style="font-family:` + fam + `;`)
			r.cjkGeneric = []byte(`style="font-family:'` + fam + `',sans-serif;`)
		}
	}
	r.hand = pair
	mu.Lock()
	pfont.DefaultCache.Add(coll)
	mu.Unlock()
	return r, nil
}

// Face returns the face the Renderer draws with.
func (r *Renderer) Face() font.Face { return r.face }

// render sets gonum/plot up for r, builds the drawing and encodes it as PNG
// of w × h and as the SVGs for a web page (see Picture). build is called
// once per encoding with the Renderer to draw with. A panic inside
// gonum/plot becomes an error: nothing a workbook holds may bring the
// report down.
func (r *Renderer) render(kind string, w, h vg.Length, build func(r *Renderer) (func(draw.Canvas), error)) (pic Picture, err error) {
	mu.Lock()
	defer mu.Unlock()
	oldFont, oldLabelFont, oldHandler := plot.DefaultFont, plotter.DefaultFont, plot.DefaultTextHandler
	plot.DefaultFont, plotter.DefaultFont = r.regular, r.regular
	plot.DefaultTextHandler = r.hand
	defer func() {
		plot.DefaultFont, plotter.DefaultFont, plot.DefaultTextHandler = oldFont, oldLabelFont, oldHandler
	}()
	defer func() {
		if v := recover(); v != nil {
			pic, err = Picture{}, fmt.Errorf("chart: %s: internal error: %v", kind, v)
		}
	}()

	drawFn, err := build(r)
	if err != nil {
		return Picture{}, err
	}
	ic := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(DPI))
	dc := draw.New(ic)
	fillBackground(dc)
	drawFn(dc)
	var img bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if err := enc.Encode(&img, ic.Image()); err != nil {
		return Picture{}, fmt.Errorf("chart: %s: png: %w", kind, err)
	}
	pic = Picture{PNG: img.Bytes(), Width: w.Points(), Height: h.Points()}

	wide, narrow := *r, *r
	wide.web, narrow.web = true, true
	narrow.text = narrowText
	if pic.SVG, err = r.svg(kind, w, h, &wide, build); err != nil {
		return Picture{}, err
	}
	if pic.SVGNarrow, err = r.svg(kind, w, h*narrowHeight, &narrow, build); err != nil {
		return Picture{}, err
	}
	return pic, nil
}

// The narrow SVG's text is narrowText times larger and the picture
// narrowHeight times taller: a 16 cm chart shown 9.5 cm wide on a phone
// keeps its smallest text above 10 CSS pixels.
const (
	narrowText   = 1.9
	narrowHeight = 1.4
)

// svg draws build with web, a web copy of r, as an SVG of w × h with the
// values' tooltips (see svg_title.go).
func (r *Renderer) svg(kind string, w, h vg.Length, web *Renderer, build func(r *Renderer) (func(draw.Canvas), error)) ([]byte, error) {
	drawFn, err := build(web)
	if err != nil {
		return nil, err
	}
	sc := &hitCanvas{Canvas: vgsvg.New(w, h)}
	dc := draw.New(sc)
	fillBackground(dc)
	drawFn(dc)
	var svg bytes.Buffer
	if _, err := sc.WriteTo(&svg); err != nil {
		return nil, fmt.Errorf("chart: %s: svg: %w", kind, err)
	}
	b := svg.Bytes()
	if r.family != nil {
		b = bytes.ReplaceAll(b, r.family, r.generic)
	}
	if r.cjkFamily != nil {
		b = bytes.ReplaceAll(b, r.cjkFamily, r.cjkGeneric)
	}
	return sc.finish(compactSVG(b), h), nil
}

func fillBackground(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
}

// Colours: the Okabe–Ito palette, safe for the common colour-vision
// deficiencies, and greys for ink, axes and grid.
var (
	blue       = color.NRGBA{0x00, 0x72, 0xB2, 0xFF}
	orange     = color.NRGBA{0xE6, 0x9F, 0x00, 0xFF}
	skyBlue    = color.NRGBA{0x56, 0xB4, 0xE9, 0xFF}
	green      = color.NRGBA{0x00, 0x9E, 0x73, 0xFF}
	purple     = color.NRGBA{0xCC, 0x79, 0xA7, 0xFF}
	vermillion = color.NRGBA{0xD5, 0x5E, 0x00, 0xFF}
	yellow     = color.NRGBA{0xF0, 0xE4, 0x42, 0xFF}

	ink      = color.NRGBA{0x22, 0x22, 0x22, 0xFF}
	muted    = color.NRGBA{0x55, 0x55, 0x55, 0xFF}
	neutral  = color.NRGBA{0x6E, 0x7B, 0x8B, 0xFF} // totals in a bridge
	axisGrey = color.NRGBA{0xA0, 0xA0, 0xA0, 0xFF}
	gridGrey = color.NRGBA{0xE4, 0xE4, 0xE4, 0xFF}

	// series colours for bars, in order of use.
	seriesColors = []color.Color{blue, orange, skyBlue, green, purple, vermillion, yellow, muted}
)

// withAlpha returns c with alpha a, non-premultiplied.
func withAlpha(c color.NRGBA, a uint8) color.NRGBA {
	c.A = a
	return c
}

// Text sizes in points.
const (
	titleSize = 11
	panelSize = 8.5
	labelSize = 8
	tickSize  = 7.5
	keySize   = 7.5
	valueSize = 7
	pad       = 6 // margin around the picture
)

// style returns a text style of r's face.
func (r *Renderer) style(size vg.Length, bold bool, c color.Color) text.Style {
	f := r.regular
	if bold {
		f = r.bold
	}
	if r.text > 0 {
		size *= r.text
	}
	return text.Style{
		Color:   c,
		Font:    pfont.From(f, size),
		XAlign:  draw.XLeft,
		YAlign:  draw.YBottom,
		Handler: r.hand,
	}
}

// newPlot returns a plot in the house style: no title, light horizontal
// grid, a grey x axis, no y axis line, small grey tick labels.
func (r *Renderer) newPlot(yLabel string) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = color.White
	p.Title.TextStyle = r.style(panelSize, true, ink)
	p.Title.TextStyle.XAlign = draw.XCenter
	p.Title.TextStyle.YAlign = draw.YTop
	p.Title.Padding = 3

	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Padding = 0
		a.Label.TextStyle = r.style(labelSize, false, muted)
		a.Label.Padding = 3
		a.Tick.Label = r.style(tickSize, false, muted)
		a.Tick.LineStyle = draw.LineStyle{Color: axisGrey, Width: 0.5}
		a.Tick.Length = 3
	}
	p.X.Label.TextStyle.XAlign = draw.XCenter
	p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XCenter, draw.YTop
	p.X.LineStyle = draw.LineStyle{Color: axisGrey, Width: 0.6}
	p.Y.Label.Text = clean(yLabel, maxLabel)
	p.Y.Label.TextStyle.XAlign = draw.XCenter
	p.Y.Tick.Label.XAlign, p.Y.Tick.Label.YAlign = draw.XRight, draw.YCenter
	p.Y.LineStyle = draw.LineStyle{Color: color.Transparent, Width: 0}
	p.Y.Tick.LineStyle = draw.LineStyle{Color: color.Transparent, Width: 0}
	p.Y.Tick.Length = 2 // a gap between labels and the data area
	p.Legend.Padding = 0
	return p
}

// grid returns the house grid: horizontal lines only, or vertical only for
// horizontal bars.
func grid(vertical bool) *plotter.Grid {
	g := plotter.NewGrid()
	ls := draw.LineStyle{Color: gridGrey, Width: 0.5}
	if vertical {
		g.Vertical, g.Horizontal = ls, draw.LineStyle{}
	} else {
		g.Vertical, g.Horizontal = draw.LineStyle{}, ls
	}
	return g
}

// A key is one entry of a legend.
type key struct {
	name   string
	area   bool // a filled swatch; otherwise a line
	color  color.Color
	width  vg.Length
	dashes []vg.Length
}

// header draws the title, left-aligned, and the legend in a row beneath it
// (wrapping when it is wider than the picture), and returns the canvas left
// for the plot. The legend sits outside the data, so it never covers any.
func (r *Renderer) header(c draw.Canvas, title string, keys []key) draw.Canvas {
	c = draw.Crop(c, pad, -pad, pad, -pad)
	y := c.Max.Y
	title = clean(title, maxTitle)
	if r.web {
		setTitle(c, title) // the page shows it as the caption
	}
	if r.web || r.untitled {
		title = ""
	}
	if title != "" {
		ts := r.style(titleSize, true, ink)
		ts.YAlign = draw.YTop
		c.FillText(ts, vg.Point{X: c.Min.X, Y: y}, title)
		y -= ts.Rectangle(title).Size().Y + 3
	}
	if len(keys) > 0 {
		ks := r.style(keySize, false, ink)
		ks.YAlign = draw.YCenter
		const swatch, gap, space = 14, 4, 12
		rowH := ks.Rectangle("Ag").Size().Y + 2
		x := c.Min.X
		mid := y - rowH/2
		for _, k := range keys {
			name := clean(r.word(k.name), maxLabel)
			w := swatch + gap + ks.Width(name)
			if x > c.Min.X && x+w > c.Max.X {
				x = c.Min.X
				mid -= rowH
			}
			if k.area {
				c.FillPolygon(k.color, rect(x, mid-3.5, x+swatch, mid+3.5))
			} else {
				c.StrokeLine2(draw.LineStyle{Color: k.color, Width: k.width, Dashes: k.dashes}, x, mid, x+swatch, mid)
			}
			c.FillText(ks, vg.Point{X: x + swatch + gap, Y: mid}, name)
			x += w + space
		}
		y = mid - rowH/2
	}
	c.Max.Y = y - 4
	return c
}

// noData draws the words "No data" in the middle of c.
func (r *Renderer) noData(c draw.Canvas) {
	ts := r.style(10, false, muted)
	ts.XAlign, ts.YAlign = draw.XCenter, draw.YCenter
	c.FillText(ts, c.Center(), r.word("No data"))
}

// emptyChart is the drawing of a chart without data.
func (r *Renderer) emptyChart(kind, title string, w, h vg.Length) (Picture, error) {
	pic, err := r.render(kind, w, h, func(r *Renderer) (func(draw.Canvas), error) {
		return func(c draw.Canvas) {
			r.noData(r.header(c, title, nil))
		}, nil
	})
	pic.NoData = err == nil
	return pic, err
}

func rect(x0, y0, x1, y1 vg.Length) []vg.Point {
	return []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
}

// xy is a point in data coordinates.
type xy struct{ x, y float64 }

// layer is a plotter of shapes in data coordinates. It draws in order:
// polygons, lines, dots, then text. All its numbers are finite: the
// builders check before they add.
type layer struct {
	polys []poly
	lines []line
	dots  []dot
	texts []note
	hits  []hit // tooltips, drawn in SVG only (svg_title.go)
	// apart: a text that would overlap one drawn before it rises a line
	// at a time until it is clear, at most maxRise lines; one that is
	// still not clear is left out (its value is in the tooltip).
	apart bool
}

// maxRise is how many lines a text of a layer drawn apart may rise.
const maxRise = 3

type poly struct {
	pts  []xy
	fill color.Color
}

type line struct {
	pts []xy
	ls  draw.LineStyle
}

type dot struct {
	at xy
	r  vg.Length
	c  color.Color
}

// note is text at a data point, moved by (dx, dy) points.
type note struct {
	at     xy
	dx, dy vg.Length
	text   string
	style  text.Style
}

// Plot implements plot.Plotter.
func (l *layer) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pt := func(v xy) vg.Point { return vg.Point{X: trX(v.x), Y: trY(v.y)} }
	for _, q := range l.polys {
		pts := make([]vg.Point, len(q.pts))
		for i, v := range q.pts {
			pts[i] = pt(v)
		}
		if pts = c.ClipPolygonXY(pts); len(pts) > 2 {
			c.FillPolygon(q.fill, pts)
		}
	}
	for _, ln := range l.lines {
		pts := make([]vg.Point, len(ln.pts))
		for i, v := range ln.pts {
			pts[i] = pt(v)
		}
		c.StrokeLines(ln.ls, c.ClipLinesXY(pts)...)
	}
	for _, d := range l.dots {
		c.DrawGlyph(draw.GlyphStyle{Color: d.c, Radius: d.r, Shape: draw.CircleGlyph{}}, pt(d.at))
	}
	var drawn []vg.Rectangle
	for _, n := range l.texts {
		at := pt(n.at)
		p := vg.Point{X: at.X + n.dx, Y: at.Y + n.dy}
		if l.apart {
			box, ok := clearOf(drawn, textBox(n, p))
			if !ok {
				continue
			}
			p.Y += box.Min.Y - textBox(n, p).Min.Y
			drawn = append(drawn, box)
		}
		c.FillText(n.style, p, n.text)
	}
	l.plotHits(c, trX, trY)
}

// textBox is the box n's text covers when drawn at p, by its alignment.
func textBox(n note, p vg.Point) vg.Rectangle {
	r := n.style.Rectangle(n.text)
	return vg.Rectangle{Min: r.Min.Add(p), Max: r.Max.Add(p)}
}

// clearOf returns b, raised by whole lines (its height and a point) up to
// maxRise times, where it overlaps none of drawn and keeps a third of its
// height from them sideways; false when it cannot.
func clearOf(drawn []vg.Rectangle, b vg.Rectangle) (vg.Rectangle, bool) {
	step := b.Max.Y - b.Min.Y + 1
	gap := (b.Max.Y - b.Min.Y) / 3 // between two labels on a line, a third of their height
	for range maxRise + 1 {
		clear := true
		for _, d := range drawn {
			if b.Min.X-gap < d.Max.X && d.Min.X < b.Max.X+gap && b.Min.Y < d.Max.Y && d.Min.Y < b.Max.Y {
				clear = false
				break
			}
		}
		if clear {
			return b, true
		}
		b.Min.Y += step
		b.Max.Y += step
	}
	return b, false
}

// runs splits ys at non-finite values into runs of finite points, with x
// the index plus x0.
func runs(ys []float64, x0 int) [][]xy {
	var out [][]xy
	var cur []xy
	for i, y := range ys {
		if !finite(y) {
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, xy{float64(x0 + i), y})
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// addSeries adds ys as lines split at gaps, with a dot for a point that
// has no neighbour.
func (l *layer) addSeries(ys []float64, x0 int, ls draw.LineStyle) {
	for _, run := range runs(ys, x0) {
		if len(run) == 1 {
			l.dots = append(l.dots, dot{run[0], ls.Width + 1, ls.Color})
			continue
		}
		l.lines = append(l.lines, line{run, ls})
	}
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// span is a range of values, grown one value at a time.
type span struct{ lo, hi float64 }

func emptySpan() span { return span{math.Inf(1), math.Inf(-1)} }

func (s *span) add(vs ...float64) {
	for _, v := range vs {
		if finite(v) {
			s.lo, s.hi = math.Min(s.lo, v), math.Max(s.hi, v)
		}
	}
}

func (s span) empty() bool { return s.lo > s.hi }

// checkLen returns an error unless field has want values.
func checkLen(kind, field string, got, want int, wantField string) error {
	if got != want {
		return fmt.Errorf("chart: %s: %s has %d values, want %d (as %s)", kind, field, got, want, wantField)
	}
	return nil
}

// niceStep returns a step of 1, 2, 2.5 or 5 times a power of ten that
// cuts span into about n intervals.
func niceStep(span float64, n int) float64 {
	raw := span / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw*0.999 {
			return m * mag
		}
	}
	return 10 * mag
}

// niceRange widens [lo, hi] to whole steps of about n ticks. zero forces
// zero into the range (for bars). A range of one value is widened around it.
func niceRange(s span, n int, zero bool) (lo, hi, step float64) {
	lo, hi = s.lo, s.hi
	if zero {
		lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	}
	if hi-lo < 1e-9*math.Max(math.Abs(lo), math.Abs(hi)) || hi == lo {
		d := math.Abs(lo) * 0.1
		if d == 0 {
			d = 1
		}
		if zero && lo == 0 {
			hi += d
		} else if zero && hi == 0 {
			lo -= d
		} else {
			lo, hi = lo-d, hi+d
		}
	}
	step = niceStep(hi-lo, n)
	lo = math.Floor(lo/step+1e-9) * step
	hi = math.Ceil(hi/step-1e-9) * step
	if (hi-lo)/step > float64(n)+2.5 { // rounding out added steps: use fewer, wider ones
		step *= 2
		lo = math.Floor(lo/step+1e-9) * step
		hi = math.Ceil(hi/step-1e-9) * step
	}
	return lo, hi, step
}

// valueTicks marks a value axis at multiples of step with compact labels
// in the tables' scale (numfmt.Axis): 850, 150 K, 1.2 M, 4,000 万, 12%
// (percent: 0.12 is 12%). unit is the values' unit: counts are whole.
type valueTicks struct {
	step       float64
	percent    bool
	unit, lang string
}

// Ticks implements plot.Ticker.
func (t valueTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || !finite(lo) || !finite(hi) {
		return nil
	}
	step := t.step
	if !(step > 0) {
		step = niceStep(hi-lo, 5)
	}
	first, last := math.Ceil(lo/step-1e-9), math.Floor(hi/step+1e-9)
	if last-first > 50 {
		return nil
	}
	var vs []float64
	for k := first; k <= last; k++ {
		vs = append(vs, k*step)
	}
	labels := numfmt.Axis(vs, step, t.unit, t.lang, t.percent)
	ticks := make([]plot.Tick, len(vs))
	for i, v := range vs {
		ticks[i] = plot.Tick{Value: v, Label: labels[i]}
	}
	return ticks
}

// formatValue formats one value for a label on a bar in the tables' scale
// (numfmt.Short), to about three significant digits: 1.24 M, 850, 124 万,
// -12.5%, and +3,100 with sign.
func (r *Renderer) formatValue(v float64, unit string, percent, sign bool) string {
	return numfmt.Short(v, unit, r.lang, percent, sign)
}

// labelTicks marks a category or period axis: a tick at every index, with
// a label at every every-th index (those with (i-phase)%every == 0); the
// others are minor ticks.
type labelTicks struct {
	labels []string
	every  int
	phase  int
}

// Ticks implements plot.Ticker.
func (t labelTicks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	for i, l := range t.labels {
		v := float64(i)
		if v < lo || v > hi {
			continue
		}
		tk := plot.Tick{Value: v}
		if ((i-t.phase)%t.every+t.every)%t.every == 0 {
			tk.Label = l
		}
		ticks = append(ticks, tk)
	}
	return ticks
}

// periodTicks chooses how often to label a period axis of width w points
// so that labels do not crowd: every 1, 2, 3, 6 or 12 periods and so on.
// Labels of the form YYYY-MM are aligned with the calendar (quarters start
// in January, April, July, October); other labels keep the last one.
func periodTicks(labels []string, sty text.Style, w vg.Length) labelTicks {
	n := len(labels)
	if n == 0 {
		return labelTicks{every: 1}
	}
	var widest vg.Length
	for _, l := range labels {
		widest = max(widest, sty.Width(l))
	}
	slot := w / vg.Length(n)
	months, monthly := monthIndex(labels)
	choices := []int{1, 2, 3, 4, 6, 12, 24, 36, 60, 120, 240, 600, 1200}
	if monthly {
		choices = []int{1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200}
	}
	every := choices[len(choices)-1]
	for _, k := range choices {
		if vg.Length(k)*slot >= widest+8 {
			every = k
			break
		}
	}
	phase := n - 1
	if monthly {
		phase = 0
		for i, m := range months {
			if m%every == 0 {
				phase = i
				break
			}
		}
	}
	return labelTicks{labels: labels, every: every, phase: phase % every}
}

// monthIndex reads labels as consecutive YYYY-MM months and returns
// year*12+month-1 for each; ok is false unless all are months one apart.
func monthIndex(labels []string) (idx []int, ok bool) {
	idx = make([]int, len(labels))
	for i, l := range labels {
		var y, m int
		if len(l) != 7 || l[4] != '-' {
			return nil, false
		}
		if _, err := fmt.Sscanf(l, "%4d-%2d", &y, &m); err != nil || m < 1 || m > 12 {
			return nil, false
		}
		idx[i] = y*12 + m - 1
		if i > 0 && idx[i] != idx[i-1]+1 {
			return nil, false
		}
	}
	return idx, true
}

// Lengths, in runes, beyond which text from workbooks is cut with "…".
const (
	maxTitle = 90
	maxLabel = 40
	maxTick  = 24
)

// clean makes text from a workbook safe and readable in a chart: invalid
// UTF-8 is replaced, control and other characters that XML 1.0 forbids
// become spaces, runs of space collapse, and the text is cut to n runes.
func clean(s string, n int) string {
	if s == "" {
		return ""
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	rs := make([]rune, 0, len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = true
			continue
		}
		if r == 0xFFFE || r == 0xFFFF || !unicode.IsPrint(r) && !unicode.Is(unicode.Co, r) {
			continue // format characters such as U+202E, noncharacters
		}
		if space && len(rs) > 0 {
			rs = append(rs, ' ')
		}
		space = false
		rs = append(rs, r)
	}
	if len(rs) > n {
		rs = append(rs[:n-1], '…')
	}
	return string(rs)
}

// cleanAll cleans each of labels.
func cleanAll(labels []string, n int) []string {
	out := make([]string, len(labels))
	for i, l := range labels {
		out[i] = clean(l, n)
	}
	return out
}
