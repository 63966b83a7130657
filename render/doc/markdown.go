package doc

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"
)

// Markdown writes d as GitHub-flavoured Markdown and returns the figures'
// PNG files, keyed by file name ("Name.png"), for the caller to write into
// the directory assets (relative to the Markdown file; "" puts them beside
// it). Images are linked as ![caption](assets/Name.png). Document text is
// escaped so that it never becomes markup or HTML; cards come out as a
// small table, notices as quotes with a bold title, and PageBreak blocks are
// ignored. A figure name that is empty, has characters other than letters,
// digits, '-' and '_', or is used twice is an error; a figure without PNG
// bytes is written as its caption alone. The output depends on d and assets
// only.
func Markdown(w io.Writer, d *Document, assets string) (map[string][]byte, error) {
	var b bytes.Buffer
	wd := wordsFor(d.Lang)
	files := map[string][]byte{}
	b.WriteString("# " + mdLine(d.Title) + "\n\n")
	if d.Subtitle != "" {
		b.WriteString("**" + mdLine(d.Subtitle) + "**\n\n")
	}
	if !d.Date.IsZero() {
		b.WriteString("*" + mdLine(wd.generated+" "+stamp(d.Date)) + "*\n\n")
	}
	for _, blk := range d.Blocks {
		switch blk := plain(blk).(type) {
		case Heading:
			lv := min(max(blk.Level, 1), 3)
			b.WriteString(strings.Repeat("#", lv+1) + " " + mdLine(blk.Text) + "\n\n")
		case Paragraph:
			b.WriteString(mdText(blk.Text) + "\n\n")
		case List:
			for _, it := range blk.Items {
				b.WriteString("- " + mdLine(it) + "\n")
			}
			b.WriteString("\n")
		case Notice:
			title := blk.Title
			if m := levelMark(blk.Level); m != "" {
				title = m + " " + title
			}
			lines := escapeAll(blk.Lines)
			if t := mdLine(title); t != "" {
				lines = append([]string{"**" + t + "**"}, lines...)
			}
			if len(lines) == 0 {
				continue
			}
			b.WriteString("> " + strings.Join(lines, "\\\n> ") + "\n\n")
		case Cards:
			if len(blk.Items) == 0 {
				continue
			}
			b.WriteString("| " + mdLine(wd.measure) + " | " + mdLine(wd.value) + " | " + mdLine(wd.detail) + " |\n")
			b.WriteString("| --- | ---: | --- |\n")
			for _, c := range blk.Items {
				lines := append([]string(nil), c.Lines...)
				if len(lines) > 0 && c.Level != Neutral {
					lines[0] = levelMark(c.Level) + " " + lines[0]
				}
				for i := range lines {
					lines[i] = mdCell(lines[i])
				}
				b.WriteString("| " + mdCell(c.Label) + " | **" + mdCell(c.Value) + "** | " + strings.Join(lines, "<br>") + " |\n")
			}
			b.WriteString("\n")
		case Table:
			mdTable(&b, blk)
		case Figure:
			if !validName(blk.Name) {
				return nil, fmt.Errorf("markdown: figure name %q: use letters, digits, '-' and '_' only", blk.Name)
			}
			file := blk.Name + ".png"
			if _, dup := files[file]; dup {
				return nil, fmt.Errorf("markdown: figure name %q used twice", blk.Name)
			}
			if len(blk.PNG) == 0 {
				if blk.Caption != "" {
					b.WriteString("*" + mdLine(blk.Caption) + "*\n\n")
				}
				continue
			}
			files[file] = blk.PNG
			b.WriteString("![" + mdLine(blk.Caption) + "](" + path.Join(assets, file) + ")\n")
			if blk.Caption != "" {
				b.WriteString("\n*" + mdLine(blk.Caption) + "*\n")
			}
			b.WriteString("\n")
		}
	}
	if d.Footer != "" {
		b.WriteString("---\n\n" + mdText(d.Footer) + "\n")
	}
	out := bytes.TrimRight(b.Bytes(), "\n")
	out = append(out, '\n')
	if _, err := w.Write(out); err != nil {
		return nil, err
	}
	return files, nil
}

func mdTable(b *bytes.Buffer, t Table) {
	n := len(t.Head)
	for _, r := range t.Rows {
		n = max(n, len(r))
	}
	if n == 0 {
		return
	}
	if t.Caption != "" {
		b.WriteString("**" + mdLine(t.Caption) + "**\n\n")
	}
	row := func(cells []string) {
		b.WriteString("|")
		for j := range n {
			s := ""
			if j < len(cells) {
				s = cells[j]
			}
			b.WriteString(" " + s + " |")
		}
		b.WriteString("\n")
	}
	head := make([]string, n)
	for j := range n {
		if j < len(t.Head) {
			head[j] = mdCell(t.Head[j])
		}
	}
	row(head)
	rule := make([]string, n)
	for j := range n {
		rule[j] = "---"
		if j < len(t.Align) && t.Align[j] == Right {
			rule[j] = "---:"
		}
	}
	row(rule)
	for _, r := range t.Rows {
		cells := make([]string, len(r))
		for j, c := range r {
			s := c.Text
			if m := levelMark(c.Level); m != "" && s != "" {
				s = m + " " + s
			}
			s = mdCell(s)
			if c.Bold && s != "" {
				s = "**" + s + "**"
			}
			cells[j] = s
		}
		row(cells)
	}
	b.WriteString("\n")
	for _, note := range t.Notes {
		b.WriteString("<sub>" + mdLine(note) + "</sub>\\\n")
	}
	if len(t.Notes) > 0 {
		b.Truncate(b.Len() - 2)
		b.WriteString("\n\n")
	}
}

// validName reports whether s is a safe file stem: letters, digits, '-'
// and '_' only.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// mdText escapes running text that may span lines: each line is escaped
// as by mdLine, and the lines are joined with hard breaks.
func mdText(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = mdLine(l)
	}
	return strings.Join(lines, "\\\n")
}

// mdCell escapes one table cell: as mdLine, and '|' too (mdLine does).
func mdCell(s string) string { return mdLine(s) }

// mdLine escapes s as one line of Markdown text: newlines become spaces,
// leading blanks are dropped (they would start a code block), every ASCII
// punctuation mark that can start markup is backslash-escaped, and so is a
// line start that reads as a list item, heading or rule ("1. ", "- ").
func mdLine(s string) string {
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '`', '*', '_', '{', '}', '[', ']', '<', '>', '#', '|', '~', '&', '!', '$':
			b.WriteByte('\\')
		case '-', '+', '=': // "- item", "+ item", a "---" or "===" rule
			if i == 0 && (len(s) == 1 || s[1] == ' ' || strings.Trim(s, string(c)+" ") == "") {
				b.WriteByte('\\')
			}
		case '.', ')':
			if isDigits(s[:i]) && (i+1 == len(s) || s[i+1] == ' ') {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// escapeAll returns the lines escaped by mdLine.
func escapeAll(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = mdLine(l)
	}
	return out
}
