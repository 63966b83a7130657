package forecast

import (
	"encoding/csv"
	"os"
	"sort"
	"strconv"
	"testing"
)

// m3Monthly reads the training parts of the M3 monthly series from the
// shared data beside the repository (../../shared/data), for benchmarks
// only; it skips the benchmark when the file is absent.
func m3Monthly(b testing.TB) [][]float64 {
	b.Helper()
	f, err := os.Open("../../shared/data/m3/m3_monthly.csv")
	if err != nil {
		b.Skipf("M3 data not present: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	type obs struct {
		t int
		v float64
	}
	by := map[string][]obs{}
	var ids []string
	for _, r := range rows[1:] {
		if r[4] != "0" {
			continue
		}
		t, _ := strconv.Atoi(r[2])
		v, _ := strconv.ParseFloat(r[3], 64)
		if _, ok := by[r[0]]; !ok {
			ids = append(ids, r[0])
		}
		by[r[0]] = append(by[r[0]], obs{t, v})
	}
	sort.Strings(ids)
	out := make([][]float64, len(ids))
	for i, id := range ids {
		o := by[id]
		sort.Slice(o, func(a, b int) bool { return o[a].t < o[b].t })
		for _, x := range o {
			out[i] = append(out[i], x.v)
		}
	}
	return out
}

// BenchmarkETSAuto runs AutoETS and an 18-step forecast over the M3 monthly
// training series (one iteration = all 1,428 series, one goroutine), with
// R's exhaustive search and with screening.
func BenchmarkETSAuto(b *testing.B) {
	series := m3Monthly(b)
	for _, bc := range []struct {
		name string
		s    *ETSSettings
	}{
		{"Exhaustive", nil},
		{"Screen", &ETSSettings{Screen: true}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, y := range series {
					e, err := AutoETS(y, 12, bc.s)
					if err != nil {
						b.Fatal(err)
					}
					e.Forecast(18)
				}
			}
			b.ReportMetric(float64(len(series)*b.N)/b.Elapsed().Seconds(), "series/s")
			b.ReportMetric(b.Elapsed().Seconds()*1e3/float64(len(series)*b.N), "ms/series")
		})
	}
}

// BenchmarkFitETS fits each model to the 72 monthly reference series in
// testdata.
func BenchmarkFitETS(b *testing.B) {
	d := loadRef(b)
	var ys [][]float64
	for _, s := range d.series {
		if s.m == 12 {
			ys = append(ys, s.y)
		}
	}
	for _, spec := range ETSModels() {
		b.Run(spec.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, y := range ys {
					if _, err := FitETS(y, 12, spec, nil); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()*1e3/float64(len(ys)*b.N), "ms/fit")
		})
	}
}

// BenchmarkAuto runs Auto (18 steps) over the M3 monthly training series,
// one goroutine: one iteration = all 1,428 series.
func BenchmarkAuto(b *testing.B) {
	series := m3Monthly(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, y := range series {
			if _, err := Auto(y, 12, 18, nil); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(series)*b.N)/b.Elapsed().Seconds(), "series/s")
	b.ReportMetric(b.Elapsed().Seconds()*1e3/float64(len(series)*b.N), "ms/series")
}
