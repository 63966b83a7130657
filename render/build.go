package render

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"coo/internal/l10n"
	"coo/internal/numfmt"
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
	for _, n := range pic.Clipped {
		caption = moreCaption(caption, " "+n)
	}
	return doc.Figure{Name: fmt.Sprintf("%02d-%s", b.fig, name), Caption: caption, SVG: pic.SVG, SVGNarrow: pic.SVGNarrow, PNG: pic.PNG, Width: pic.Width, Height: pic.Height}
}

// moreCaption adds a sentence to a caption, ending the caption's last one
// first ("… (80% and 95% ranges). Shaded months: …"; "…区间）。阴影月份…").
func moreCaption(caption, more string) string {
	c := strings.TrimRight(caption, " ")
	if r, _ := utf8.DecodeLastRuneInString(c); c != "" && !strings.ContainsRune(".。!?！？", r) {
		if strings.IndexFunc(c, func(r rune) bool { return r >= 0x3000 }) >= 0 {
			c += "。"
		} else {
			c += "."
		}
	}
	return c + more
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
		return nil, fmt.Errorf("the report is in Chinese but no font with Chinese glyphs was found: install fonts-droid-fallback (Debian) or set report.font in the project file")
	}
	cr, err := chart.NewRenderer(*face)
	if err != nil {
		return nil, err
	}
	// Every figure of a report has a caption: its one title (doc.Figure).
	return cr.WithWords(l10n.Table("chart", *lang)).WithLang(*lang).WithoutTitles(), nil
}

// writeFormats writes d in each format (html, pdf, md; nil is all three)
// into dst as stem.html, stem.pdf, stem.md and the Markdown's charts as
// stem-assets/NAME.png. step, if not nil, is called after each format.
func writeFormats(ctx context.Context, dst Dest, d *doc.Document, face font.Face, formats []string, stem string, step func()) error {
	if formats == nil {
		formats = []string{"html", "pdf", "md"}
	}
	if d.Lang == "zh" {
		notApplicable(d, "—")
	}
	for _, f := range formats {
		if err := ctx.Err(); err != nil {
			return err
		}
		var buf bytes.Buffer
		var err error
		files := map[string][]byte{}
		switch f {
		case "html":
			err = doc.HTML(&buf, d)
			files[stem+".html"] = buf.Bytes()
		case "pdf":
			err = doc.PDF(&buf, d, face)
			files[stem+".pdf"] = buf.Bytes()
		case "md":
			var assets map[string][]byte
			assets, err = doc.Markdown(&buf, d, stem+"-assets")
			files[stem+".md"] = buf.Bytes()
			for name, data := range assets {
				files[stem+"-assets/"+name] = data
			}
		default:
			return fmt.Errorf("render: unknown format %q: want html, pdf or md", f)
		}
		if err != nil {
			return fmt.Errorf("render %s: %w", f, err)
		}
		names := make([]string, 0, len(files))
		for name := range files {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if err := put(dst, name, files[name]); err != nil {
				return err
			}
		}
		if step != nil {
			step()
		}
	}
	return nil
}

// notApplicable replaces in d's tables and cards every value that is
// numfmt.NA alone ("n/a", a figure that does not apply or cannot be
// computed) by na: a Chinese reader sees a dash, as in the tables of a
// Chinese annual report, not English letters. The blocks are changed in
// place.
func notApplicable(d *doc.Document, na string) {
	for _, b := range d.Blocks {
		switch p := b.(type) {
		case *doc.Table:
			if p != nil {
				b = *p
			}
		case *doc.Cards:
			if p != nil {
				b = *p
			}
		}
		switch b := b.(type) {
		case doc.Table:
			for _, row := range b.Rows {
				for j := range row {
					if row[j].Text == numfmt.NA {
						row[j].Text = na
					}
				}
			}
		case doc.Cards:
			for i := range b.Items {
				if b.Items[i].Value == numfmt.NA {
					b.Items[i].Value = na
				}
			}
		}
	}
}
