package warehouse

import (
	"strings"
	"unicode/utf8"
)

// validText returns s with every byte that is not part of valid UTF-8
// written as \xNN (two lowercase hex digits), and valid text as it is.
// DuckDB stores only UTF-8: a parameter with other bytes fails to bind, and
// the Appender stores NULL. Every text that loads and refusals record
// (file names, sheet names, dimensions, messages, raw cells) passes through
// it, since a workbook or an error about one may quote any bytes.
func validText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	const hex = "0123456789abcdef"
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteString(`\x`)
			b.WriteByte(hex[s[i]>>4])
			b.WriteByte(hex[s[i]&0xf])
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// valid returns f with its texts made valid (validText), as stored and
// looked up.
func (f File) valid() File {
	f.Source, f.Name, f.SHA256, f.Mapping = validText(f.Source), validText(f.Name), validText(f.SHA256), validText(f.Mapping)
	return f
}
