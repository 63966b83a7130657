package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"coo/forecast"
)

func cmdBench() *command {
	c := &command{
		name:    "bench",
		args:    "forecast [--series N] [--h 12] [--method auto] [--chunk N] [--out FILE.csv]",
		summary: "Measure forecasting throughput and memory on generated series.",
		help: `Generates N monthly series deterministically (the same N gives the same
series on every machine) at SKU x store scale: levels from 1 to 100,000,
trends, seasonal shapes, noise from 2% to 30%, about 10% intermittent series
(mostly zero months), 1% all zero, and histories from 6 to 60 months (most
of them 5 years). It forecasts them --h months ahead with --method through
the same parallel batch as coo forecast (one goroutine per core,
GOMAXPROCS), --chunk series at a time: only one chunk's series and
forecasts are held, so memory stays bounded whatever N is.

Prints series/s, CPU seconds (user + system), allocation per series and
peak resident memory (VmHWM from /proc/self/status on Linux; "–" elsewhere),
the failures and the methods chosen. --out streams every forecast to a CSV
file (series_id,method,step,mean,lo80,hi80,lo95,hi95) as chunks finish.

No project file or warehouse is needed. Set GOMAXPROCS to measure fewer
cores than the machine has.

Examples:
  coo bench forecast --series 2000
  coo bench forecast --series 100000 --out /tmp/bench100k/forecasts.csv`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		n := fs.Int("series", 10000, "how many `series` to generate and forecast")
		h := fs.Int("h", 12, "forecast `horizon` in months")
		method := fs.String("method", "auto", "forecasting `method`")
		chunk := fs.Int("chunk", 1000, "series per batch: the memory bound")
		out := fs.String("out", "", "write every forecast to this CSV `file`")
		if err := e.parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() != 1 || fs.Arg(0) != "forecast" {
			return usagef("bench what? say coo bench forecast")
		}
		if *n < 1 || *h < 1 || *chunk < 1 {
			return usagef("--series, --h and --chunk must be at least 1")
		}
		if !contains(forecast.Methods(), *method) {
			return usagef("--method: unknown method %q (want %s)", *method, strings.Join(forecast.Methods(), ", "))
		}
		return runBench(ctx, e, benchConfig{series: *n, h: *h, method: *method, chunk: *chunk, out: *out})
	}
	return c
}

type benchConfig struct {
	series, h, chunk int
	method, out      string
}

// benchStats is what a benchmark measured.
type benchStats struct {
	ok, failed       int
	errs, methods    map[string]int
	wall, cpu        float64 // seconds
	allocPerSeries   float64 // bytes
	peakRSS, baseRSS int64   // bytes; -1 when unknown
}

func runBench(ctx context.Context, e *env, cfg benchConfig) error {
	var cw *csv.Writer
	var finish func() error
	if cfg.out != "" {
		if err := os.MkdirAll(filepath.Dir(cfg.out), 0o755); err != nil {
			return err
		}
		f, err := os.Create(cfg.out)
		if err != nil {
			return err
		}
		defer f.Close()
		bw := bufio.NewWriterSize(f, 1<<20)
		cw = csv.NewWriter(bw)
		cw.Write([]string{"series_id", "method", "step", "mean", "lo80", "hi80", "lo95", "hi95"})
		finish = func() error {
			cw.Flush()
			if err := cw.Error(); err != nil {
				return err
			}
			if err := bw.Flush(); err != nil {
				return err
			}
			return f.Close()
		}
	}
	st := benchStats{errs: map[string]int{}, methods: map[string]int{}, baseRSS: procStatus("VmRSS")}
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	cpu0, start := cpuSeconds(), time.Now()
	e.log.Info("bench start", "series", cfg.series, "h", cfg.h, "method", cfg.method, "chunk", cfg.chunk, "gomaxprocs", runtime.GOMAXPROCS(0))
	bar := e.stage("forecast", cfg.series)
	defer bar.Done()
	nextLog := cfg.series / 10
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	batch := make([]forecast.Series, 0, cfg.chunk)
	for lo := 0; lo < cfg.series; lo += cfg.chunk {
		batch = batch[:0]
		for i := lo; i < min(lo+cfg.chunk, cfg.series); i++ {
			batch = append(batch, benchSeries(i))
		}
		res, err := forecast.Batch(ctx, cfg.method, batch, cfg.h, nil)
		if err != nil {
			return err
		}
		for _, r := range res {
			if r.Err != nil {
				st.failed++
				st.errs[firstWords(r.Err.Error())]++
				continue
			}
			st.ok++
			st.methods[methodFamily(r.Forecast.Method)]++
			if cw != nil {
				f := r.Forecast
				for k := range f.Mean {
					cw.Write([]string{r.ID, f.Method, strconv.Itoa(k + 1), num(f.Mean[k]), num(f.Lo80[k]), num(f.Hi80[k]), num(f.Lo95[k]), num(f.Hi95[k])})
				}
			}
		}
		done := lo + len(batch)
		bar.Add(len(batch))
		if done >= nextLog && done < cfg.series {
			el := time.Since(start).Seconds()
			e.log.Info("bench progress", "done", done, "series_per_s", round1(float64(done)/el),
				"eta_s", math.Round(el/float64(done)*float64(cfg.series-done)), "rss_mib", procStatus("VmRSS")>>20)
			nextLog += cfg.series / 10
		}
	}
	bar.Done()
	st.wall, st.cpu = time.Since(start).Seconds(), cpuSeconds()-cpu0
	runtime.ReadMemStats(&ms1)
	st.allocPerSeries = float64(ms1.TotalAlloc-ms0.TotalAlloc) / float64(cfg.series)
	st.peakRSS = procStatus("VmHWM")
	if finish != nil {
		if err := finish(); err != nil {
			return err
		}
	}
	printBench(e, cfg, &st)
	return nil
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

// printBench prints the benchmark's figures.
func printBench(e *env, cfg benchConfig, st *benchStats) {
	mib := func(b int64) string {
		if b < 0 {
			return "–"
		}
		return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20))
	}
	w := e.stdout
	fmt.Fprintf(w, "series      %d (%d forecast, %d failed), h %d, method %s, chunk %d\n", cfg.series, st.ok, st.failed, cfg.h, cfg.method, cfg.chunk)
	fmt.Fprintf(w, "machine     %d cores used (GOMAXPROCS) of %d, %s %s/%s\n", runtime.GOMAXPROCS(0), runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(w, "wall        %.1f s: %.1f series/s\n", st.wall, float64(cfg.series)/st.wall)
	fmt.Fprintf(w, "cpu         %.1f s: %.2f ms per series\n", st.cpu, 1000*st.cpu/float64(cfg.series))
	fmt.Fprintf(w, "memory      peak RSS %s (%s before forecasting); %.0f KiB allocated per series\n", mib(st.peakRSS), mib(st.baseRSS), st.allocPerSeries/1024)
	fmt.Fprintf(w, "chosen      %s\n", topCounts(st.methods, 8))
	if st.failed > 0 {
		fmt.Fprintf(w, "failures    %s\n", topCounts(st.errs, 5))
	}
}

// topCounts formats the k largest counts as "name n, name n, ...".
func topCounts(m map[string]int, k int) string {
	type kv struct {
		k string
		n int
	}
	var all []kv
	for name, n := range m {
		all = append(all, kv{name, n})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].n > all[j].n || all[i].n == all[j].n && all[i].k < all[j].k })
	var parts []string
	rest := 0
	for i, x := range all {
		if i < k {
			parts = append(parts, fmt.Sprintf("%s %d", x.k, x.n))
		} else {
			rest += x.n
		}
	}
	if rest > 0 {
		parts = append(parts, fmt.Sprintf("others %d", rest))
	}
	if len(parts) == 0 {
		return "–"
	}
	return strings.Join(parts, ", ")
}

// methodFamily shortens a method's name for the tally: "ETS(M,Ad,M)" stays,
// "comb(ets+theta+...)" becomes "comb".
func methodFamily(m string) string {
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

// benchSeries generates series i of the benchmark: the same i always gives
// the same series. It is "SKU x store": the id names both.
func benchSeries(i int) forecast.Series {
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
