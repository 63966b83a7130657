package pipeline

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"coo/forecast"
)

// BenchOptions says what Bench measures. Series, H and Chunk must be at
// least 1 and Method one of forecast.Methods.
type BenchOptions struct {
	Series int    // how many series to generate (BenchSeries 0 to Series-1)
	H      int    // horizon in months
	Method string // forecasting method
	Chunk  int    // series per batch: only one chunk's series and forecasts are held
	// Out, if not empty, is the CSV file (ForecastHeader) every forecast is
	// streamed to; its folder is created. It appears whole when the
	// benchmark ends, or not at all.
	Out   string
	Log   *slog.Logger // progress every tenth of the series; nil discards
	Stage Stage        // told as chunks finish; nil for none
}

// Validate returns an *OptionError for a size below 1 or an unknown method.
func (o *BenchOptions) Validate() error {
	if o.Series < 1 || o.H < 1 || o.Chunk < 1 {
		return Optionf("--series, --h and --chunk must be at least 1")
	}
	return checkMethods("--method", o.Method)
}

// BenchResult is what Bench measured. Sizes are in bytes, times in seconds.
type BenchResult struct {
	OK, Failed     int
	Errors         map[string]int // failures by the start of their message
	Methods        map[string]int // the methods chosen, by family (MethodFamily)
	Wall, CPU      float64        // CPU: user + system, NaN where not measured
	AllocPerSeries float64
	PeakRSS        int64 // VmHWM at the end; -1 where unknown (not Linux)
	BaseRSS        int64 // VmRSS before forecasting; -1 where unknown
}

// Bench forecasts generated series (BenchSeries) through forecast.Batch,
// Chunk at a time, and measures throughput and memory. Memory stays
// bounded whatever Series is. Only cancellation or an error writing Out
// stops it; a series that cannot be forecast counts as failed.
func Bench(ctx context.Context, opt BenchOptions) (*BenchResult, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	var res *BenchResult
	err := writeTo(opt.Out, true, func(w io.Writer) error {
		var err error
		res, err = bench(ctx, opt, w)
		return err
	})
	return res, err
}

func bench(ctx context.Context, opt BenchOptions, w io.Writer) (*BenchResult, error) {
	log, bar := opt.Log, opt.Stage
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if bar == nil {
		bar = noStage{}
	}
	defer bar.Done()
	var cw *csv.Writer
	if w != nil {
		cw = csv.NewWriter(w)
		cw.Write(ForecastHeader)
	}
	st := &BenchResult{Errors: map[string]int{}, Methods: map[string]int{}, BaseRSS: procStatus("VmRSS")}
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	cpu0, start := cpuSeconds(), time.Now()
	log.Info("bench start", "series", opt.Series, "h", opt.H, "method", opt.Method, "chunk", opt.Chunk, "gomaxprocs", runtime.GOMAXPROCS(0))
	nextLog := opt.Series / 10
	batch := make([]forecast.Series, 0, min(opt.Chunk, opt.Series))
	for lo := 0; lo < opt.Series; lo += opt.Chunk {
		batch = batch[:0]
		for i := lo; i < min(lo+opt.Chunk, opt.Series); i++ {
			batch = append(batch, BenchSeries(i))
		}
		res, err := forecast.Batch(ctx, opt.Method, batch, opt.H, nil)
		if err != nil {
			return nil, err
		}
		for _, r := range res {
			if r.Err != nil {
				st.Failed++
				st.Errors[firstWords(r.Err.Error())]++
				continue
			}
			st.OK++
			st.Methods[MethodFamily(r.Forecast.Method)]++
			if cw != nil {
				writeForecast(cw, r.ID, r.Forecast.Method, r.Forecast)
			}
		}
		if cw != nil {
			if cw.Flush(); cw.Error() != nil {
				return nil, fmt.Errorf("write %s: %w", opt.Out, cw.Error())
			}
		}
		done := lo + len(batch)
		bar.Add(len(batch))
		if done >= nextLog && done < opt.Series {
			el := time.Since(start).Seconds()
			log.Info("bench progress", "done", done, "series_per_s", math.Round(float64(done)/el*10)/10,
				"eta_s", math.Round(el/float64(done)*float64(opt.Series-done)), "rss_mib", procStatus("VmRSS")>>20)
			nextLog += opt.Series / 10
		}
	}
	bar.Done()
	st.Wall, st.CPU = time.Since(start).Seconds(), cpuSeconds()-cpu0
	runtime.ReadMemStats(&ms1)
	st.AllocPerSeries = float64(ms1.TotalAlloc-ms0.TotalAlloc) / float64(opt.Series)
	st.PeakRSS = procStatus("VmHWM")
	return st, nil
}

// Count is a name and how many times it came up.
type Count struct {
	Name string
	N    int
}

// Ranked returns the counts of m, largest first, ties by name.
func Ranked(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for name, n := range m {
		out = append(out, Count{name, n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].N > out[j].N || out[i].N == out[j].N && out[i].Name < out[j].Name })
	return out
}

// MethodFamily shortens a method's name for a tally: "ETS(M,Ad,M)" stays,
// "comb(ets+theta+...)" becomes "comb".
func MethodFamily(m string) string {
	if i := strings.IndexAny(m, "(["); i > 0 && !strings.HasPrefix(m, "ETS") {
		return m[:i]
	}
	return m
}

// firstWords keeps the start of an error message, for the tally of failures.
func firstWords(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// procStatus returns a memory figure of /proc/self/status (such as VmHWM,
// the peak resident set) in bytes, or -1 where there is no such file.
func procStatus(key string) int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, key+":"); ok {
			f := strings.Fields(v)
			if len(f) == 2 && f[1] == "kB" {
				if n, err := strconv.ParseInt(f[0], 10, 64); err == nil {
					return n << 10
				}
			}
		}
	}
	return -1
}

// BenchSeries generates series i of the benchmark, monthly (M 12): the same
// i gives the same series on every machine. It is "SKU x store", and the ID
// names both (sku00000@store000). Histories run from 6 to 60 months (most
// 60), levels from 1 to 100,000, with trends, seasonal shapes and noise
// from 2% to 30%; about 10% are intermittent (mostly zero months) and 1%
// all zero. No value is negative.
func BenchSeries(i int) forecast.Series {
	r := rand.New(rand.NewPCG(0xC00BE4C4, uint64(i)))
	id := fmt.Sprintf("sku%05d@store%03d", i/100, i%100)
	// History: most 5 years, some 2–5, a few new items with 6–23 months.
	var n int
	switch u := r.Float64(); {
	case u < 0.7:
		n = 60
	case u < 0.9:
		n = 24 + r.IntN(36)
	default:
		n = 6 + r.IntN(18)
	}
	y := make([]float64, n)
	switch u := r.Float64(); {
	case u < 0.01: // discontinued or never sold here: all zero
	case u < 0.11: // intermittent: a small count in some months, zero in most
		p := 0.1 + 0.4*r.Float64()
		rate := 1 + 4*r.Float64()
		for t := range y {
			if r.Float64() < p {
				y[t] = math.Round(rate * r.ExpFloat64())
			}
		}
	default:
		level := math.Pow(10, 5*r.Float64()) // 1 to 100,000
		slope := 0.0
		if r.Float64() < 0.6 {
			slope = r.NormFloat64() * 0.01 // per month, relative to the level
		}
		amp := 0.0
		if r.Float64() < 0.75 {
			amp = 0.4 * r.Float64()
		}
		phase, sharp := 2*math.Pi*r.Float64(), r.Float64()
		cv := 0.02 + 0.28*r.Float64()
		for t := range y {
			a := 2 * math.Pi * float64(t) / 12
			season := amp * ((1-sharp)*math.Sin(a+phase) + sharp*0.6*math.Sin(2*a+phase))
			v := level * (1 + slope*float64(t)) * (1 + season) * (1 + cv*r.NormFloat64())
			y[t] = math.Max(0, math.Round(v*100)/100)
		}
	}
	return forecast.Series{ID: id, Y: y, M: 12}
}
