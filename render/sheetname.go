package render

import (
	"fmt"
	"strings"
	"unicode/utf16"
)

// maxSheetName is Excel's limit on a sheet name, in UTF-16 code units.
const maxSheetName = 31

// sheetNamer hands out sheet names that Excel accepts and that are unique
// case-insensitively, as Excel compares them.
type sheetNamer struct {
	used map[string]bool // lower-cased names taken
}

func newSheetNamer(reserved ...string) *sheetNamer {
	n := &sheetNamer{used: map[string]bool{"history": true}} // Excel reserves "History"
	for _, r := range reserved {
		n.used[strings.ToLower(r)] = true
	}
	return n
}

// name returns a sheet name for s: the characters Excel forbids (: \ / ? * [ ])
// and control characters replaced by "_", no apostrophe at either end, cut
// to 31 characters, and if taken, suffixed " (2)", " (3)", ... within the 31.
func (n *sheetNamer) name(s string) string {
	base := strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(`:\/?*[]`, r), r < 0x20, r == 0x7f, r == 0xfffe, r == 0xffff:
			return '_'
		}
		return r
	}, s)
	base = strings.TrimSpace(strings.Trim(base, "'"))
	if base == "" {
		base = "Unit"
	}
	for i := 1; ; i++ {
		suffix := ""
		if i > 1 {
			suffix = fmt.Sprintf(" (%d)", i)
		}
		cand := cutUTF16(base, maxSheetName-len(suffix))
		cand = strings.TrimRight(cand, "' ") + suffix
		if cand == "" || cand[0] == '\'' {
			cand = "Unit" + suffix
		}
		if k := strings.ToLower(cand); !n.used[k] {
			n.used[k] = true
			return cand
		}
	}
}

// cutUTF16 returns the longest prefix of s of at most max UTF-16 code units,
// never splitting a character.
func cutUTF16(s string, max int) string {
	n := 0
	for i, r := range s {
		w := len(utf16.Encode([]rune{r}))
		if n+w > max {
			return s[:i]
		}
		n += w
	}
	return s
}

// sheetRef quotes a sheet name for a formula, doubling any apostrophe in it.
func sheetRef(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'!"
}
