package coo

import (
	"fmt"
	"math"
)

// Series is a monthly series: Values[i] belongs to Start.Add(i). A missing month
// is NaN; code that cannot take gaps (forecast fitting, plotting) must split or
// refuse the series, never pass the NaN on.
type Series struct {
	Metric MetricName
	Dims   string // "" for the total; otherwise "key=value;key=value" as in the facts table
	Start  Period
	Values []float64
}

// Len returns the number of months.
func (s Series) Len() int { return len(s.Values) }

// End returns the last period, or Start-1 if the series is empty.
func (s Series) End() Period { return s.Start.Add(len(s.Values) - 1) }

// At returns the value at p, and false if p is outside the series or missing.
func (s Series) At(p Period) (float64, bool) {
	i := int(p - s.Start)
	if i < 0 || i >= len(s.Values) || math.IsNaN(s.Values[i]) {
		return 0, false
	}
	return s.Values[i], true
}

// Gaps returns the periods inside the series that have no value.
func (s Series) Gaps() []Period {
	var gaps []Period
	for i, v := range s.Values {
		if math.IsNaN(v) {
			gaps = append(gaps, s.Start.Add(i))
		}
	}
	return gaps
}

// Slice returns the part of the series from..to inclusive, padding with NaN
// where it has no data. The result does not share memory with s.
func (s Series) Slice(from, to Period) Series {
	out := Series{Metric: s.Metric, Dims: s.Dims, Start: from}
	if to < from {
		return out
	}
	out.Values = make([]float64, int(to-from)+1)
	for i := range out.Values {
		v, ok := s.At(from.Add(i))
		if !ok {
			v = math.NaN()
		}
		out.Values[i] = v
	}
	return out
}

func (s Series) String() string {
	return fmt.Sprintf("%s[%s] %s..%s (%d months)", s.Metric, s.Dims, s.Start, s.End(), len(s.Values))
}

// SeriesKey names one series of the metric layer: a metric's total (Dims
// "") or one breakdown.
type SeriesKey struct {
	Metric MetricName
	Dims   string
}
