package coo

import (
	"errors"
	"fmt"
	"strings"
)

// CellRef is a position in a workbook: a sheet and a 1-based column and row.
type CellRef struct {
	Sheet string
	Col   int // 1 = A
	Row   int // 1-based
}

// Excel's limits.
const (
	MaxCols = 16384
	MaxRows = 1048576
)

// ErrCellRef reports text that is not an A1 reference.
var ErrCellRef = errors.New("not a cell reference such as B7")

// ParseA1 parses an A1 reference such as "B7" (no sheet, no $).
func ParseA1(s string) (col, row int, err error) {
	i := 0
	for i < len(s) && (s[i] >= 'A' && s[i] <= 'Z' || s[i] >= 'a' && s[i] <= 'z') {
		c := int(s[i]|0x20-'a') + 1
		col = col*26 + c
		if col > MaxCols {
			return 0, 0, fmt.Errorf("%q: %w", s, ErrCellRef)
		}
		i++
	}
	if i == 0 || i == len(s) || s[i] == '0' {
		return 0, 0, fmt.Errorf("%q: %w", s, ErrCellRef)
	}
	for ; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, 0, fmt.Errorf("%q: %w", s, ErrCellRef)
		}
		row = row*10 + int(s[i]-'0')
		if row > MaxRows {
			return 0, 0, fmt.Errorf("%q: %w", s, ErrCellRef)
		}
	}
	return col, row, nil
}

// ColumnName returns the letters of a 1-based column: 1 is "A", 28 is "AB".
func ColumnName(col int) string {
	var b [4]byte
	i := len(b)
	for col > 0 {
		col--
		i--
		b[i] = byte('A' + col%26)
		col /= 26
	}
	return string(b[i:])
}

// A1 returns the reference without the sheet, such as "B7".
func (c CellRef) A1() string { return fmt.Sprintf("%s%d", ColumnName(c.Col), c.Row) }

// String returns "Sheet!B7", quoting the sheet name as Excel does when needed.
func (c CellRef) String() string {
	if c.Sheet == "" {
		return c.A1()
	}
	return quoteSheet(c.Sheet) + "!" + c.A1()
}

func quoteSheet(s string) string {
	plain := true
	for _, r := range s {
		if !(r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 0x7f) {
			plain = false
			break
		}
	}
	if plain && s != "" && !(s[0] >= '0' && s[0] <= '9') {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// FactCell is one value as a workbook held it: where it was read and what
// was loaded.
type FactCell struct {
	File  string  // the workbook as loaded, relative to the project folder
	Cell  CellRef // Col and Row 0 for a fact loaded without a cell (from a Parquet dataset)
	Dims  string  // the fact's dimensions, as stored
	Value float64 // scale applied
	// Typical is the median of the same dimensions' values in the six
	// months either side; NaN when there are none.
	Typical float64
}
