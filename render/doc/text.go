package doc

import (
	"time"
	"unicode"
)

// dateLayout is how every writer prints Document.Date.
const dateLayout = "2006-01-02 15:04 UTC"

// words are the fixed words a writer adds around the document's own text.
type words struct {
	generated       string // before the date
	page            string // "page %d of %d": this page, all pages
	contents        string // the PDF's list of contents
	good, warn, bad string // levels, for screen readers and Markdown
	measure, value  string // the card table's header in Markdown
	detail          string
}

var (
	english = words{
		generated: "Generated", page: "page %d of %d", contents: "Contents",
		good: "good", warn: "warning", bad: "bad",
		measure: "Measure", value: "Value", detail: "Detail",
	}
	chinese = words{
		generated: "生成于", page: "第 %d 页，共 %d 页", contents: "目录",
		good: "良好", warn: "注意", bad: "异常",
		measure: "指标", value: "数值", detail: "说明",
	}
)

// wordsFor returns the fixed words for a document language: Chinese for
// "zh" and its regional forms, English otherwise.
func wordsFor(lang string) words {
	if len(lang) >= 2 && (lang[:2] == "zh" || lang[:2] == "ZH") {
		return chinese
	}
	return english
}

// levelWord names a level in the document's language; "" for Neutral.
func (w words) level(l Level) string {
	switch l {
	case Good:
		return w.good
	case Warning:
		return w.warn
	case Bad:
		return w.bad
	}
	return ""
}

// levelMark is the glyph that repeats a level's colour as a shape, for
// readers who cannot tell red from green and for black-and-white prints:
// a tick, a triangle, a cross. The PDF draws the same shapes as lines.
func levelMark(l Level) string {
	switch l {
	case Good:
		return "✓"
	case Warning:
		return "▲"
	case Bad:
		return "✕"
	}
	return ""
}

// levelClass is the CSS class of a level; "" for Neutral.
func levelClass(l Level) string {
	switch l {
	case Good:
		return "good"
	case Warning:
		return "warn"
	case Bad:
		return "bad"
	}
	return ""
}

// stamp formats the document date, "" when it is zero.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(dateLayout)
}

// isCJK reports whether r is a Chinese, Japanese or Korean character or
// punctuation mark: text a Latin-only font cannot draw.
func isCJK(r rune) bool {
	switch {
	case r < 0x2E80:
		return false
	case unicode.Is(unicode.Han, r), unicode.Is(unicode.Hiragana, r),
		unicode.Is(unicode.Katakana, r), unicode.Is(unicode.Hangul, r):
		return true
	case r >= 0x3000 && r <= 0x303F: // CJK symbols and punctuation
		return true
	case r >= 0xFF00 && r <= 0xFFEF: // full-width forms
		return true
	}
	return false
}

// hasCJK reports whether s holds a CJK character.
func hasCJK(s string) bool {
	for _, r := range s {
		if isCJK(r) {
			return true
		}
	}
	return false
}

// texts calls fn with every piece of text in d that a writer draws,
// stopping at the first true result.
func texts(d *Document, fn func(string) bool) bool {
	if fn(d.Title) || fn(d.Subtitle) || fn(d.Footer) {
		return true
	}
	anyOf := func(ss []string) bool {
		for _, s := range ss {
			if fn(s) {
				return true
			}
		}
		return false
	}
	for _, b := range d.Blocks {
		switch b := plain(b).(type) {
		case Heading:
			if fn(b.Text) {
				return true
			}
		case Paragraph:
			if fn(b.Text) {
				return true
			}
		case List:
			if anyOf(b.Items) {
				return true
			}
		case Notice:
			if fn(b.Title) || anyOf(b.Lines) {
				return true
			}
		case Cards:
			for _, c := range b.Items {
				if fn(c.Label) || fn(c.Value) || anyOf(c.Lines) {
					return true
				}
			}
		case Table:
			if fn(b.Caption) || anyOf(b.Head) || anyOf(b.Notes) {
				return true
			}
			for _, row := range b.Rows {
				for _, c := range row {
					if fn(c.Text) {
						return true
					}
				}
			}
		case Figure:
			if fn(b.Caption) {
				return true
			}
		}
	}
	return false
}

// plain returns the block a pointer points to, so that writers accept
// &Table{...} as well as Table{...}; nil pointers become nil.
func plain(b Block) Block {
	switch p := b.(type) {
	case *Heading:
		if p != nil {
			return *p
		}
	case *Paragraph:
		if p != nil {
			return *p
		}
	case *List:
		if p != nil {
			return *p
		}
	case *Notice:
		if p != nil {
			return *p
		}
	case *Cards:
		if p != nil {
			return *p
		}
	case *Table:
		if p != nil {
			return *p
		}
	case *Figure:
		if p != nil {
			return *p
		}
	case *PageBreak:
		if p != nil {
			return *p
		}
	default:
		return b
	}
	return nil
}
