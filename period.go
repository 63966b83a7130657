package coo

import (
	"errors"
	"fmt"
	"strconv"
)

// Period is a calendar month, counted in months from January of year 0, so that
// ordinary integer arithmetic moves through the calendar: p+1 is the next month,
// q-p the number of months between them. The zero Period is 0000-01 and is
// treated as "no period" by callers that need one.
type Period int32

// ErrPeriod reports text that is not a period of the form YYYY-MM.
var ErrPeriod = errors.New("not a period (want YYYY-MM, such as 2026-10)")

// MinYear and MaxYear bound the years a Period accepts from text; anything
// outside is more likely a typing error than a month of business data.
const (
	MinYear = 1900
	MaxYear = 9999
)

// NewPeriod returns the period of year and month (1-12). It panics if month is
// out of range: that is a bug in the caller, not a condition of the data.
func NewPeriod(year, month int) Period {
	if month < 1 || month > 12 {
		panic(fmt.Sprintf("coo: month %d out of range", month))
	}
	return Period(year*12 + month - 1)
}

// ParsePeriod parses "YYYY-MM". It accepts nothing else: the many spellings of a
// month found in workbooks are the business of ingest.
func ParsePeriod(s string) (Period, error) {
	if len(s) != 7 || s[4] != '-' {
		return 0, fmt.Errorf("%q: %w", s, ErrPeriod)
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:])
	if err1 != nil || err2 != nil || s[5] == '+' || s[5] == '-' || y < MinYear || y > MaxYear || m < 1 || m > 12 {
		return 0, fmt.Errorf("%q: %w", s, ErrPeriod)
	}
	return NewPeriod(y, m), nil
}

// Year returns the calendar year.
func (p Period) Year() int { return int(p) / 12 }

// Month returns the calendar month, 1-12.
func (p Period) Month() int { return int(p)%12 + 1 }

// String formats the period as "YYYY-MM".
func (p Period) String() string { return fmt.Sprintf("%04d-%02d", p.Year(), p.Month()) }

// Add returns the period n months later (earlier if n is negative).
func (p Period) Add(n int) Period { return p + Period(n) }

// MarshalText implements encoding.TextMarshaler ("YYYY-MM").
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (p *Period) UnmarshalText(b []byte) error {
	q, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = q
	return nil
}

// Calendar holds the fiscal-year convention. FirstMonth is the calendar month
// (1-12) in which a fiscal year starts; zero means January. A fiscal year is
// named by the calendar year in which it ends: with FirstMonth 11, FY2026 runs
// 2025-11 .. 2026-10; with FirstMonth 1 fiscal and calendar years coincide.
type Calendar struct {
	FirstMonth int
}

// Validate reports a first month outside 0-12.
func (c Calendar) Validate() error {
	if c.FirstMonth < 0 || c.FirstMonth > 12 {
		return fmt.Errorf("fiscal year first month %d: want 1-12", c.FirstMonth)
	}
	return nil
}

func (c Calendar) first() int {
	if c.FirstMonth == 0 {
		return 1
	}
	return c.FirstMonth
}

// FiscalYear returns the fiscal year that p belongs to.
func (c Calendar) FiscalYear(p Period) int {
	if c.first() == 1 || p.Month() < c.first() {
		return p.Year()
	}
	return p.Year() + 1
}

// YearStart returns the first period of fiscal year fy.
func (c Calendar) YearStart(fy int) Period {
	if c.first() == 1 {
		return NewPeriod(fy, 1)
	}
	return NewPeriod(fy-1, c.first())
}

// YearEnd returns the last period of fiscal year fy.
func (c Calendar) YearEnd(fy int) Period { return c.YearStart(fy).Add(11) }

// MonthOfYear returns p's position in its fiscal year, 1-12.
func (c Calendar) MonthOfYear(p Period) int { return int(p-c.YearStart(c.FiscalYear(p))) + 1 }

// YearToDate returns the periods from the start of p's fiscal year to p, inclusive.
func (c Calendar) YearToDate(p Period) (from, to Period) {
	return c.YearStart(c.FiscalYear(p)), p
}
