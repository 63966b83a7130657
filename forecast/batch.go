package forecast

import (
	"context"
	"fmt"
	"runtime"

	"golang.org/x/sync/errgroup"
)

// Series is one input of Batch: a series, oldest first, with its season
// length.
type Series struct {
	ID string // the caller's name for it, copied to the result
	Y  []float64
	M  int
}

// Result is the outcome of one series of Batch: a forecast or an error.
type Result struct {
	ID       string
	Forecast *Forecast
	Err      error
}

// Batch forecasts every series with the named method (see Run), h steps,
// in parallel on at most GOMAXPROCS goroutines. The results are in the
// order of series. A series that fails records its error in its Result and
// the others go on; a series with m < 1 fails that way too. Only
// cancellation of ctx stops the batch: Batch then returns the results so
// far (unfinished series carry ctx's error) and ctx's error. It panics if
// h < 1.
func Batch(ctx context.Context, method string, series []Series, h int, opt *Options) ([]Result, error) {
	checkHorizon(h)
	out := make([]Result, len(series))
	for i, s := range series {
		out[i] = Result{ID: s.ID}
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, s := range series {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				out[i].Err = err
				return err
			}
			out[i].Forecast, out[i].Err = runOne(method, s, h, opt)
			return nil
		})
	}
	err := g.Wait()
	if cerr := ctx.Err(); cerr != nil {
		for i := range out {
			if out[i].Forecast == nil && out[i].Err == nil {
				out[i].Err = cerr
			}
		}
		return out, cerr
	}
	return out, err
}

// runOne runs one series, turning a panic (a bug of ours) into that
// series' error so that the batch goes on.
func runOne(method string, s Series, h int, opt *Options) (f *Forecast, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("%s: internal error: %v", s.ID, r)
		}
	}()
	if s.M < 1 {
		return nil, fmt.Errorf("%s: season length %d < 1", s.ID, s.M)
	}
	f, err = Run(method, s.Y, s.M, h, opt)
	if err == nil && !f.finite() {
		return nil, fmt.Errorf("%s: %s: %w: forecast not finite", s.ID, method, ErrNoModel)
	}
	return f, err
}
