package ingest

import (
	"math"
	"strconv"
	"time"

	"coo/ingest/xlsx"
)

// dimText is a label's text from a cell that holds no text, as Excel shows
// it rather than as the file stores it: a date as 2026-03-01 (it loaded as
// its serial, "46082"), TRUE or FALSE ("1"), and a whole number in full
// (12345678901234568, where the file's "1.2345678901234568E+16" loaded as
// written). Found from outside. ok is false for a cell it leaves as it is.
func dimText(c *xlsx.Cell, date1904 bool) (string, bool) {
	switch c.Kind {
	case xlsx.Bool:
		if c.Raw == "1" {
			return "TRUE", true
		}
		return "FALSE", true
	case xlsx.Number:
		v, err := strconv.ParseFloat(c.Raw, 64)
		if err != nil {
			return "", false
		}
		if c.Date {
			if t, ok := serialTime(v, date1904); ok {
				if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
					return t.Format("2006-01-02"), true
				}
				return t.Format("2006-01-02 15:04:05"), true
			}
			return "", false
		}
		if v == math.Trunc(v) && math.Abs(v) < 1e21 {
			return strconv.FormatFloat(v, 'f', -1, 64), true
		}
	}
	return "", false
}

// serialTime is the time an Excel serial date stands for (see
// serialPeriod), to the second.
func serialTime(v float64, date1904 bool) (time.Time, bool) {
	day, ok := serialDay(v, date1904)
	if !ok {
		return day, false
	}
	secs := math.Round((v - math.Floor(v)) * 86400)
	return day.Add(time.Duration(secs) * time.Second), true
}
