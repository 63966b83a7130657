package chart

import (
	"math"
	"strings"
	"testing"
)

func BenchmarkFan(b *testing.B) {
	r, c := renderer(b), sampleFan()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Fan(c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBars(b *testing.B) {
	r, c := renderer(b), sampleBars()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Bars(c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBridge(b *testing.B) {
	r, c := renderer(b), sampleBridge()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Bridge(c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMultiples(b *testing.B) {
	r, c := renderer(b), sampleMultiples()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Multiples(c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLines(b *testing.B) {
	r, c := renderer(b), sampleLines()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Lines(c); err != nil {
			b.Fatal(err)
		}
	}
}

// floats turns fuzz bytes into values, some of them NaN, ±Inf, zero, huge
// or negative.
func floats(data []byte) []float64 {
	special := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, 1e15, -1e15, 1e-300, -7}
	out := make([]float64, len(data))
	for i, d := range data {
		if d < 16 {
			out[i] = special[d%8]
		} else {
			out[i] = (float64(d) - 128) * math.Pow(10, float64(d%7))
		}
	}
	return out
}

// FuzzCharts draws all five kinds from arbitrary numbers and text: never a
// panic, and every picture is well-formed without NaN.
func FuzzCharts(f *testing.F) {
	f.Add([]byte{1, 2, 3, 200, 0, 9}, "营业收入 <b>&", uint8(3))
	f.Add([]byte{0, 0, 0}, "", uint8(0))
	f.Add([]byte{128, 128}, "\xff\x00", uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, label string, start uint8) {
		if len(data) > 64 {
			data = data[:64]
		}
		r := renderer(t)
		vs := floats(data)
		n := len(vs)
		labels := make([]string, n)
		for i := range labels {
			labels[i] = label
		}
		st := min(int(start)%(n+1), n)
		m := n - st
		fc := Fan{Title: label, Labels: labels, Actual: vs[:st], Start: st, Mean: vs[st:], Lo95: vs[st:], Hi95: vs[st:], Budget: vs}
		fc.Lo80, fc.Hi80 = make([]float64, m), make([]float64, m)
		check := func(name string, pic Picture, err error) {
			if err != nil {
				if !strings.Contains(err.Error(), "internal error") {
					return // a validation error: fine
				}
				t.Fatalf("%s: %v", name, err)
			}
			checkPicture(t, name, pic)
		}
		pic, err := r.Fan(fc)
		check("fan", pic, err)
		pic, err = r.Bars(Bars{Title: label, Categories: labels, Series: []BarSeries{{label, vs}}, Horizontal: start%2 == 0})
		check("bars", pic, err)
		steps := make([]Step, n)
		for i, v := range vs {
			steps[i] = Step{label, v}
		}
		pic, err = r.Bridge(Bridge{Title: label, Start: float64(start), Steps: steps})
		check("bridge", pic, err)
		pic, err = r.Multiples(Multiples{Title: label, Cols: int(start % 5), Panels: []Panel{
			{Title: label, Labels: labels, Actual: vs[:st], Start: st, Mean: vs[st:], Lo95: vs[st:], Hi95: vs[st:]},
			{Title: label},
		}})
		check("multiples", pic, err)
		pic, err = r.Lines(Lines{Title: label, Labels: labels, Zero: start%2 == 0, Series: []LineSeries{
			{Name: label, Values: vs}, {Name: label, Values: vs, Dashed: true, Dots: true}}})
		check("lines", pic, err)
	})
}
