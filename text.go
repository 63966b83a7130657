package coo

import (
	"strings"
	"unicode/utf8"
)

// ValidUTF8 returns s with every byte that is not part of valid UTF-8
// written as \xNN (two lowercase hex digits), and valid text as it is. A
// workbook, or an error about one, may quote any bytes; DuckDB stores only
// UTF-8, and messages are printed and stored, so every such text passes
// through it.
func ValidUTF8(s string) string {
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
