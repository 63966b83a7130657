package main

import (
	"context"
	"fmt"
	"runtime"
	"strings"

	"coo/pipeline"
)

func cmdBench() *command {
	c := &command{
		name:    "bench",
		args:    "forecast [--series N] [--h 12] [--method auto] [--chunk N] [--out FILE.csv]",
		summary: "Measure forecasting throughput and memory on generated series.",
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
		opt := pipeline.BenchOptions{Series: *n, H: *h, Method: *method, Chunk: *chunk, Out: *out, Log: e.log}
		if err := opt.Validate(); err != nil {
			return err
		}
		if err := e.guardOutputs(*out); err != nil {
			return err
		}
		opt.Stage = e.stage("forecast", *n)
		st, err := pipeline.Bench(ctx, opt)
		if err != nil {
			return err
		}
		mib := func(b int64) string {
			if b < 0 {
				return "–"
			}
			return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20))
		}
		w := e.stdout
		fmt.Fprintf(w, "series      %d (%d forecast, %d failed), h %d, method %s, chunk %d\n", *n, st.OK, st.Failed, *h, *method, *chunk)
		fmt.Fprintf(w, "machine     %d cores used (GOMAXPROCS) of %d, %s %s/%s\n", runtime.GOMAXPROCS(0), runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
		fmt.Fprintf(w, "wall        %.1f s: %.1f series/s\n", st.Wall, float64(*n)/st.Wall)
		fmt.Fprintf(w, "cpu         %.1f s: %.2f ms per series\n", st.CPU, 1000*st.CPU/float64(*n))
		fmt.Fprintf(w, "memory      peak RSS %s (%s before forecasting); %.0f KiB allocated per series\n", mib(st.PeakRSS), mib(st.BaseRSS), st.AllocPerSeries/1024)
		fmt.Fprintf(w, "chosen      %s\n", topCounts(st.Methods, 8))
		if st.Failed > 0 {
			fmt.Fprintf(w, "failures    %s\n", topCounts(st.Errors, 5))
		}
		return nil
	}
	return c
}

// topCounts formats the k largest counts as "name n, name n, ..., others n".
func topCounts(m map[string]int, k int) string {
	var parts []string
	rest := 0
	for i, c := range pipeline.Ranked(m) {
		if i < k {
			parts = append(parts, fmt.Sprintf("%s %d", c.Name, c.N))
		} else {
			rest += c.N
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
