package pipeline

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"

	"coo/forecast"
)

// RegressOptions names the columns of a CSV to fit: Y = X·β (+ intercept).
type RegressOptions struct {
	Y           string   // the response column's header, exactly (trimmed)
	X           []string // the predictors' headers, at least one, none twice, none Y
	NoIntercept bool     // fit through the origin: R² and F uncentred, as R's lm(y ~ 0 + x)
}

// Validate returns an *OptionError for a missing response or predictor, a
// predictor named twice or a predictor that is the response.
func (o *RegressOptions) Validate() error {
	if strings.TrimSpace(o.Y) == "" {
		return Optionf("--y is required: the response column")
	}
	if len(o.X) == 0 {
		return Optionf("--x is required: one or more predictor columns, comma-separated")
	}
	for i, x := range o.X {
		if x == o.Y {
			return Optionf("--x %s: it is the response (--y)", x)
		}
		if slices.Contains(o.X[:i], x) {
			return Optionf("--x: %s appears twice", x)
		}
	}
	return nil
}

// RegressResult is a fit and its diagnostics. Observations are numbered
// from 0, the first data row (CSV line 2).
type RegressResult struct {
	Regression  *forecast.Regression
	Diagnostics *forecast.Diagnostics
}

// Regress fits the columns opt names of the CSV file at path by ordinary
// least squares (forecast.Regress) and diagnoses the fit
// (forecast.Diagnose). Every row is an observation; a used cell that is
// empty or not a finite number is an *OptionError naming its line and
// column, as are a missing or repeated column and collinear predictors
// (named, with their relations): rows and columns are never dropped.
func Regress(path string, opt RegressOptions) (*RegressResult, error) {
	opt.Y = strings.TrimSpace(opt.Y)
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	y, x, err := ReadRegressCSV(bufio.NewReader(f), path, opt.Y, opt.X)
	f.Close()
	if err != nil {
		return nil, err
	}
	reg, err := forecast.Regress(x, y, nil, &forecast.RegressSettings{Intercept: !opt.NoIntercept, Names: opt.X})
	var ce *forecast.CollinearError
	switch {
	case errors.As(err, &ce):
		leave := ce.Names[0]
		if len(ce.Names) > 1 {
			leave = "one of " + strings.Join(ce.Names, ", ")
		}
		return nil, Optionf("%s: collinear columns %s: %s; leave %s out of --x",
			path, strings.Join(ce.Names, ", "), strings.Join(ce.Relations, "; "), leave)
	case err != nil:
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &RegressResult{Regression: reg, Diagnostics: forecast.Diagnose(reg)}, nil
}

// ReadRegressCSV reads the columns yCol and xCols, found by header name
// (exactly, after trimming spaces and a byte-order mark), of a CSV with a
// header row: y, and x with one row per data row and one column per xCols
// entry. A used cell that is empty or not a finite number, a missing or
// repeated column, an empty file or one without data rows is an
// *OptionError naming the file (name), line and column.
func ReadRegressCSV(r io.Reader, name, yCol string, xCols []string) (y []float64, x *mat.Dense, err error) {
	cr := csv.NewReader(r)
	head, err := cr.Read()
	if err == io.EOF {
		return nil, nil, Optionf("%s: empty file, want a header row", name)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%s: header: %w", name, err)
	}
	idx := map[string]int{}
	dup := map[string]bool{}
	for i, h := range head {
		h = strings.TrimSpace(h)
		if i == 0 {
			h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		}
		if _, ok := idx[h]; ok {
			dup[h] = true
		}
		idx[h] = i
	}
	used := append([]string{yCol}, xCols...)
	cols := make([]int, len(used))
	for k, c := range used {
		i, ok := idx[c]
		if !ok {
			return nil, nil, Optionf("%s: no column %q in the header (columns: %s)", name, c, strings.Join(head, ", "))
		}
		if dup[c] {
			return nil, nil, Optionf("%s: column %q appears more than once in the header", name, c)
		}
		cols[k] = i
	}
	vals := make([][]float64, len(used)) // by column of used
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		for k, i := range cols {
			cell := strings.TrimSpace(rec[i])
			v, err := strconv.ParseFloat(cell, 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				line, _ := cr.FieldPos(i)
				what := fmt.Sprintf("%q is not a finite number", cell)
				if cell == "" {
					what = "empty cell"
				}
				return nil, nil, Optionf("%s: line %d, column %q: %s (fix or delete the row)", name, line, used[k], what)
			}
			vals[k] = append(vals[k], v)
		}
	}
	n := len(vals[0])
	if n == 0 {
		return nil, nil, Optionf("%s: no data rows", name)
	}
	x = mat.NewDense(n, len(xCols), nil)
	for j := range xCols {
		x.SetCol(j, vals[j+1])
	}
	return vals[0], x, nil
}
