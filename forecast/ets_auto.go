package forecast

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
)

// AutoETS fits every admissible ETS model that the data allow and returns
// the one with the smallest AICc (R forecast's ets(y) with its defaults).
// The candidates are those of ETSModels, less
//   - the multiplicative ones when y has a zero or negative value,
//   - the seasonal ones when m == 1 or len(y) <= m,
//   - those whose parameters and free initial states number len(y)−1 or more.
//
// With s.Screen the seasonal candidates are screened first: each gets a
// short fit, and only the s.Keep best by AICc get a full one (see
// ETSSettings); the non-seasonal ones, which are cheap, are always fitted
// fully.
//
// A constant series gets R's fallback, ETS(A,N,N) with α = 0.99999. If no
// candidate can be fitted, the error wraps ErrTooShort when the series is
// too short for every candidate and ErrNoModel otherwise.
func AutoETS(y []float64, m int, s *ETSSettings) (*ETS, error) {
	return autoETS(y, m, s, nil)
}

// autoETS is AutoETS; when all is not nil, every fully fitted candidate is
// appended to it (the constant fallback alone for a constant series).
func autoETS(y []float64, m int, s *ETSSettings, all *[]*ETS) (*ETS, error) {
	return autoETSBy(y, m, s, all, nil)
}

// autoETSBy is autoETS over the candidates admit admits (nil: all of
// them); a constant series gets the fallback whatever admit says.
func autoETSBy(y []float64, m int, s *ETSSettings, all *[]*ETS, admit func(ETSSpec) bool) (*ETS, error) {
	checkPeriod(m)
	if err := checkSeries(y, 1); err != nil {
		return nil, fmt.Errorf("auto ETS: %w", err)
	}
	if isConstant(y) {
		e, err := constantETS(y)
		if err != nil {
			return nil, fmt.Errorf("auto ETS: %w", err)
		}
		if all != nil {
			*all = append(*all, e)
		}
		return e, nil
	}
	f := newFitter(y, m, s)
	pos := positive(y)
	screenEval, keep, screen := s.screen()
	var best *ETS
	bestIC := math.Inf(1)
	short := true
	var lastErr error
	type cand struct {
		spec ETSSpec
		ic   float64
		nm   *nmState // where the screening fit stopped
	}
	var seasonal []cand
	try := func(spec ETSSpec, maxEval int, full bool, from, save *nmState) *ETS {
		e, err := f.fitFrom(spec, maxEval, from, save)
		if err != nil {
			if !errors.Is(err, ErrTooShort) {
				short = false
			}
			lastErr = err
			return nil
		}
		short = false
		if all != nil && full {
			*all = append(*all, e)
		}
		return e
	}
	for _, spec := range ETSModels() {
		if spec.Season != None && (m == 1 || len(y) <= m) {
			continue
		}
		if spec.multiplicative() && !pos || admit != nil && !admit(spec) {
			continue
		}
		if screen && spec.Season != None {
			st := &nmState{}
			if e := try(spec, screenEval, false, nil, st); e != nil {
				seasonal = append(seasonal, cand{spec, e.Stats.AICc, st})
			}
			continue
		}
		if e := try(spec, f.s.maxEval(), true, nil, nil); e != nil && e.Stats.AICc < bestIC {
			best, bestIC = e, e.Stats.AICc
		}
	}
	// Full fits of the most promising seasonal candidates, in R's order
	// among equals (a stable sort). Each goes on from where its screening
	// fit stopped, which is where a full fit from the start would be after
	// as many evaluations.
	slices.SortStableFunc(seasonal, func(a, b cand) int { return cmp.Compare(a.ic, b.ic) })
	for _, c := range seasonal[:min(keep, len(seasonal))] {
		from := c.nm
		if screenEval >= f.s.maxEval() {
			from = nil // the screening budget was the larger: start again
		}
		if e := try(c.spec, f.s.maxEval(), true, from, nil); e != nil && e.Stats.AICc < bestIC {
			best, bestIC = e, e.Stats.AICc
		}
	}
	if best == nil {
		if short {
			return nil, fmt.Errorf("auto ETS: %w: %d observations", ErrTooShort, len(y))
		}
		return nil, fmt.Errorf("auto ETS: %w: %v", ErrNoModel, lastErr)
	}
	return best, nil
}
