package render

import (
	"bytes"
	"fmt"

	"coo/render/chart"
	"coo/render/doc"
	"coo/render/font"
)

// docBuilder is what the report builders share: the document being built
// and the numbering of its figures.
type docBuilder struct {
	d   doc.Document
	fig int
}

func (b *docBuilder) add(bl ...doc.Block) { b.d.Blocks = append(b.d.Blocks, bl...) }

// figure wraps a chart as the document's next figure, its file name
// numbered in order ("03-sales-revenue-fan").
func (b *docBuilder) figure(name, caption string, pic chart.Picture) doc.Figure {
	b.fig++
	return doc.Figure{Name: fmt.Sprintf("%02d-%s", b.fig, name), Caption: caption, SVG: pic.SVG, PNG: pic.PNG, Width: pic.Width, Height: pic.Height}
}

// setup completes a report's language and face, and returns the chart
// renderer that draws with them: the Go fonts when no face is given, and
// an error for Chinese without a face that has Chinese glyphs.
func setup(lang *string, face *font.Face) (*chart.Renderer, error) {
	if *lang == "" {
		*lang = "en"
	}
	if face.Regular == nil {
		*face = font.Go()
	}
	if *lang == "zh" && !face.CJK {
		return nil, fmt.Errorf("the report is in Chinese but no font with Chinese glyphs was found: install fonts-lxgw-wenkai (Debian) or set report.font in the project file")
	}
	cr, err := chart.NewRenderer(*face)
	if err != nil {
		return nil, err
	}
	if *lang == "zh" {
		cr = cr.WithWords(chart.Chinese)
	}
	return cr, nil
}

// writeFormats writes d in each format (html, pdf, md; nil is all three)
// and returns the files by name relative to the report's stem: ".html",
// ".pdf", ".md", and the Markdown's charts as "-assets/NAME.png", linked
// as stem-assets/NAME.png. step, if not nil, is called after each format.
func writeFormats(d *doc.Document, face font.Face, formats []string, stem string, step func()) (map[string][]byte, error) {
	if formats == nil {
		formats = []string{"html", "pdf", "md"}
	}
	out := map[string][]byte{}
	for _, f := range formats {
		var buf bytes.Buffer
		var err error
		switch f {
		case "html":
			err = doc.HTML(&buf, d)
			out[".html"] = buf.Bytes()
		case "pdf":
			err = doc.PDF(&buf, d, face)
			out[".pdf"] = buf.Bytes()
		case "md":
			var assets map[string][]byte
			assets, err = doc.Markdown(&buf, d, stem+"-assets")
			out[".md"] = buf.Bytes()
			for name, data := range assets {
				out["-assets/"+name] = data
			}
		default:
			return nil, fmt.Errorf("render: unknown format %q: want html, pdf or md", f)
		}
		if err != nil {
			return nil, fmt.Errorf("render %s: %w", f, err)
		}
		if step != nil {
			step()
		}
	}
	return out, nil
}
