package xlsx

import "strconv"

// shiftFormula appends to dst the formula f of a shared formula's master
// cell moved by dr rows and dc columns, as Excel does for the cells that
// share it: relative parts of A1 references (B7, B$7, $B7, B:C, 3:5) move,
// absolute parts ($B$7) stay, and string literals, quoted sheet names,
// structured references ([...]) and error literals are copied as they are.
// It reports false if f cannot be read with certainty or a reference would
// move off the sheet; the caller then marks the formula unrecovered.
func shiftFormula(dst []byte, f string, dr, dc int) ([]byte, bool) {
	start := len(dst)
	fail := func() ([]byte, bool) { return dst[:start], false }
	i := 0
	for i < len(f) {
		c := f[i]
		switch {
		case c == '"': // string literal, "" inside
			j := i + 1
			for {
				if j >= len(f) {
					return fail()
				}
				if f[j] == '"' {
					if j+1 < len(f) && f[j+1] == '"' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			dst = append(dst, f[i:j+1]...)
			i = j + 1
		case c == '\'': // quoted sheet name, '' inside, then '!'
			j := i + 1
			for {
				if j >= len(f) {
					return fail()
				}
				if f[j] == '\'' {
					if j+1 < len(f) && f[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			if j+1 >= len(f) || f[j+1] != '!' {
				return fail()
			}
			dst = append(dst, f[i:j+2]...)
			i = j + 2
		case c == '[': // structured reference or external book, nested brackets
			depth, j := 0, i
			for ; j < len(f); j++ {
				if f[j] == '[' {
					depth++
				} else if f[j] == ']' {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			if j >= len(f) {
				return fail()
			}
			dst = append(dst, f[i:j+1]...)
			i = j + 1
		case c == '#': // error literal such as #REF! or #N/A
			j := i + 1
			for j < len(f) && (isAlnum(f[j]) || f[j] == '/') {
				j++
			}
			if j < len(f) && (f[j] == '!' || f[j] == '?') {
				j++
			}
			dst = append(dst, f[i:j]...)
			i = j
		case c == '$' || isAlnum(c) || c == '_' || c == '\\' || c == '.' || c >= 0x80:
			j := i
			for j < len(f) && (isAlnum(f[j]) || f[j] == '$' || f[j] == '_' || f[j] == '.' || f[j] == '\\' || f[j] == '?' || f[j] >= 0x80) {
				j++
			}
			tok := f[i:j]
			next := byte(0)
			if j < len(f) {
				next = f[j]
			}
			switch {
			case next == '(' || next == '!':
				dst = append(dst, tok...) // a function or a sheet name
			case isCellRef(tok):
				var ok bool
				if dst, ok = shiftCell(dst, tok, dr, dc); !ok {
					return fail()
				}
			case next == ':' && (isColRef(tok) || isRowRef(tok)):
				// A whole-column (B:C) or whole-row (3:5) range: both ends.
				k := j + 1
				for k < len(f) && (isAlnum(f[k]) || f[k] == '$') {
					k++
				}
				end := f[j+1 : k]
				var ok bool
				switch {
				case k < len(f) && f[k] == '!': // Sheet1:Sheet3!A1, a range of sheets
					dst = append(dst, f[i:k]...)
				case isColRef(tok) && isColRef(end):
					if dst, ok = shiftCol(dst, tok, dc); !ok {
						return fail()
					}
					dst = append(dst, ':')
					if dst, ok = shiftCol(dst, end, dc); !ok {
						return fail()
					}
				case isRowRef(tok) && isRowRef(end):
					if dst, ok = shiftRow(dst, tok, dr); !ok {
						return fail()
					}
					dst = append(dst, ':')
					if dst, ok = shiftRow(dst, end, dr); !ok {
						return fail()
					}
				case isRowRef(tok) && !isNumberStart(tok):
					return fail()
				default:
					dst = append(dst, tok...)
					j = i + len(tok) // the ':' goes on as an operator
					k = j
				}
				j = k
			case tok[0] == '$':
				return fail() // a lone $ part we do not understand
			default:
				dst = append(dst, tok...) // a name, number or keyword
			}
			i = j
		default:
			dst = append(dst, c)
			i++
		}
	}
	return dst, true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isNumberStart(s string) bool { return s[0] >= '0' && s[0] <= '9' }

// splitCell splits $?letters$?digits; ok is false for anything else or a
// reference off the sheet.
func splitCell(s string) (colAbs bool, col int, rowAbs bool, row int, ok bool) {
	i := 0
	if i < len(s) && s[i] == '$' {
		colAbs, i = true, i+1
	}
	a := i
	for i < len(s) && i-a < 4 && (s[i]|0x20) >= 'a' && (s[i]|0x20) <= 'z' {
		col = col*26 + int(s[i]|0x20-'a'+1)
		i++
	}
	if i == a || i-a > 3 || col > maxCols {
		return
	}
	if i < len(s) && s[i] == '$' {
		rowAbs, i = true, i+1
	}
	d := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		row = row*10 + int(s[i]-'0')
		i++
		if row > maxRows {
			return
		}
	}
	if i == d || i != len(s) || row == 0 || s[d] == '0' {
		return
	}
	return colAbs, col, rowAbs, row, true
}

func isCellRef(s string) bool { _, _, _, _, ok := splitCell(s); return ok }

func shiftCell(dst []byte, s string, dr, dc int) ([]byte, bool) {
	colAbs, col, rowAbs, row, _ := splitCell(s)
	if !colAbs {
		col += dc
	}
	if !rowAbs {
		row += dr
	}
	if col < 1 || col > maxCols || row < 1 || row > maxRows {
		return dst, false
	}
	if colAbs {
		dst = append(dst, '$')
	}
	dst = append(dst, colName(col)...)
	if rowAbs {
		dst = append(dst, '$')
	}
	return strconv.AppendInt(dst, int64(row), 10), true
}

func isColRef(s string) bool {
	if s != "" && s[0] == '$' {
		s = s[1:]
	}
	if len(s) == 0 || len(s) > 3 {
		return false
	}
	col := 0
	for i := range len(s) {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
		col = col*26 + int(c-'a'+1)
	}
	return col <= maxCols
}

func isRowRef(s string) bool {
	if s != "" && s[0] == '$' {
		s = s[1:]
	}
	if len(s) == 0 || len(s) > 7 || s[0] == '0' {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	n, _ := strconv.Atoi(s)
	return n <= maxRows
}

func shiftCol(dst []byte, s string, dc int) ([]byte, bool) {
	abs := s[0] == '$'
	if abs {
		s = s[1:]
	}
	col := 0
	for i := range len(s) {
		col = col*26 + int(s[i]|0x20-'a'+1)
	}
	if !abs {
		col += dc
	}
	if col < 1 || col > maxCols {
		return dst, false
	}
	if abs {
		dst = append(dst, '$')
	}
	return append(dst, colName(col)...), true
}

func shiftRow(dst []byte, s string, dr int) ([]byte, bool) {
	abs := s[0] == '$'
	if abs {
		s = s[1:]
	}
	row, _ := strconv.Atoi(s)
	if !abs {
		row += dr
	}
	if row < 1 || row > maxRows {
		return dst, false
	}
	if abs {
		dst = append(dst, '$')
	}
	return strconv.AppendInt(dst, int64(row), 10), true
}
