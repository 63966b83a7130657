package forecast

import (
	"compress/gzip"
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The R reference fixtures in testdata/ (see testdata/README.md): the
// training parts of 143 M3 series, R forecast 8.20's ETS fits and its
// forecasts with 80/95% intervals.

type refSeries struct {
	id, sheet string
	m         int
	y         []float64
}

type refFit struct {
	series, method, model string
	n, m, npar            int
	alpha, beta, gamma    float64 // NaN when not applicable
	phi, l0, b0           float64
	s                     []float64 // s1..sm; nil for non-seasonal models
	sigma2, loglik        float64
	aic, aicc, bic, mse   float64
}

type refForecast struct {
	model                        string
	mean, lo80, hi80, lo95, hi95 []float64
}

type refData struct {
	series    []refSeries
	byID      map[string]refSeries
	fits      []refFit
	forecasts map[[2]string]*refForecast // (series_id, method)
}

var (
	refOnce sync.Once
	ref     refData
	refErr  error
)

func loadRef(tb testing.TB) *refData {
	tb.Helper()
	refOnce.Do(func() { refErr = readRef(&ref) })
	if refErr != nil {
		tb.Fatalf("reading R reference fixtures: %v", refErr)
	}
	return &ref
}

func readCSV(path string, gz bool) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r *csv.Reader
	if gz {
		z, err := gzip.NewReader(f)
		if err != nil {
			return nil, err
		}
		r = csv.NewReader(z)
	} else {
		r = csv.NewReader(f)
	}
	rows, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	return rows[1:], nil
}

func num(s string) float64 {
	if s == "" {
		return nan
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic(err)
	}
	return v
}

func readRef(d *refData) error {
	rows, err := readCSV("testdata/series.csv", false)
	if err != nil {
		return err
	}
	d.byID = make(map[string]refSeries)
	for _, r := range rows {
		m, _ := strconv.Atoi(r[2])
		var y []float64
		for _, f := range strings.Fields(r[3]) {
			y = append(y, num(f))
		}
		s := refSeries{id: r[0], sheet: r[1], m: m, y: y}
		d.series = append(d.series, s)
		d.byID[s.id] = s
	}
	rows, err = readCSV("testdata/r_fits.csv", false)
	if err != nil {
		return err
	}
	for _, r := range rows {
		f := refFit{series: r[0], method: r[1], model: r[2]}
		f.n, _ = strconv.Atoi(r[3])
		f.m, _ = strconv.Atoi(r[4])
		f.alpha, f.beta, f.gamma, f.phi, f.l0, f.b0 = num(r[5]), num(r[6]), num(r[7]), num(r[8]), num(r[9]), num(r[10])
		if r[11] != "" {
			for k := 0; k < f.m; k++ {
				f.s = append(f.s, num(r[11+k]))
			}
		}
		f.sigma2, f.loglik, f.aic, f.aicc, f.bic, f.mse = num(r[23]), num(r[24]), num(r[25]), num(r[26]), num(r[27]), num(r[28])
		f.npar, _ = strconv.Atoi(r[29])
		d.fits = append(d.fits, f)
	}
	rows, err = readCSV("testdata/r_forecasts.csv.gz", true)
	if err != nil {
		return err
	}
	d.forecasts = make(map[[2]string]*refForecast)
	for _, r := range rows {
		k := [2]string{r[0], r[1]}
		f := d.forecasts[k]
		if f == nil {
			f = &refForecast{model: r[2]}
			d.forecasts[k] = f
		}
		f.mean = append(f.mean, num(r[4]))
		f.lo80 = append(f.lo80, num(r[5]))
		f.hi80 = append(f.hi80, num(r[6]))
		f.lo95 = append(f.lo95, num(r[7]))
		f.hi95 = append(f.hi95, num(r[8]))
	}
	return nil
}

var nan = math.NaN()
