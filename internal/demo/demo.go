package demo

import (
	"bytes"
	"cmp"
	_ "embed"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"

	"coo"
)

// DefaultSeed is the seed used when Options.Seed is zero.
const DefaultSeed = 1

// Options controls Generate. The zero value is the documented demo company.
type Options struct {
	// Seed selects the random draws (noise, hires and leavers, which cells are
	// written as text). Zero means DefaultSeed. The same seed gives the same
	// bytes on every run and every machine.
	Seed int64
}

// File is one generated file.
type File struct {
	Path string // relative to the project folder, slash-separated, such as "workbooks/finance/finance-2026-10.xlsx"
	Data []byte
}

// Company is a generated demo company: its workbooks, its project file and the
// ground truth behind them. Generate does no I/O; the caller writes the files.
type Company struct {
	Files       []File // every workbook, sorted by Path
	ProjectFile []byte // coo.yaml, to be written in the project folder
	// Study is the demo's study file, studies/marketing.yaml: does
	// marketing spend drive sales units, and with which lag? The truth is
	// Params.Elasticity at a lag of one month.
	Study File
	Truth Truth
}

//go:embed marketing-study.yaml
var marketingStudy []byte

// Truth is what the generator knows and an ingest or an analysis must find.
type Truth struct {
	// Facts holds every data value written into a workbook, exactly once, with
	// the cell that holds it, ordered by file (as Company.Files), then as written.
	Facts []Fact
	// Problems holds the cells an ingest must set aside (reject), with the
	// reason, and the totals that refuse their whole file.
	Problems []Problem
	// Notes lists the other messy features and where they are: what an ingest
	// must recognise and skip (titles, totals, notes, aggregate and hidden
	// sheets), or read in an unusual form (text numbers and dates, the 1904
	// date system, formulas whose value must be computed).
	Notes []Note
	// Events are the planted surprises and policy changes.
	Events []Event
	// Params are the generating model's true parameters.
	Params Params
}

// Fact is one data value as a workbook holds it.
type Fact struct {
	Source  string     // "finance", "hr", "sales", "sales_budget", "sales_reps", "marketing", "rd"
	Measure string     // "actual", "headcount", ...
	Period  coo.Period // the month the value belongs to
	Dims    []coo.Dim  // in the source's declared dimension order
	Value   float64    // scale applied: a percent as 0.085
	Unit    string     // "CNY", "units", "people", "hours", "count", "ratio"
	File    string     // File.Path of the workbook
	Sheet   string
	Cell    string // A1 reference of the cell holding the value
}

// Problem is a cell an ingest must reject. The value it should have held is
// known to the generator (Value) but not readable from the workbook, so it is
// not among the facts.
//
// A total that its members do not add up to (Reason "total_mismatch") is
// not a value of the model: an ingest refuses its whole file, naming the
// cell, and loads none of the file's facts until it is corrected. Such a
// problem has Source set but no Measure, Period or Dims, and its Value is
// the sum of its members, which the corrected workbook holds.
type Problem struct {
	File, Sheet, Cell string
	Reason            string // "formula without cached value", "#N/A", "#DIV/0!", "total_mismatch"
	Raw               string // the formula or the error text as stored; for a total, the number as written
	Source, Measure   string
	Period            coo.Period
	Dims              []coo.Dim
	Value             float64 // what the model generated for this cell
}

// RefusesFile reports whether the problem refuses its whole file (a total
// that does not add up) rather than setting one cell aside.
func (p Problem) RefusesFile() bool { return p.Reason == "total_mismatch" }

// Note locates one messy feature of a workbook. Ref is a cell, a range such as
// "B7:B9", a row ("23:23") or "" for the whole sheet or file.
type Note struct {
	File, Sheet, Ref string
	What             string
}

// Event is a planted surprise or a change of regime. Dims names the series it
// touches; a dimension that is left out means all of its values (the East
// supply disruption has Dims region=East and touches every product line).
type Event struct {
	Period  coo.Period // the first month affected
	Until   coo.Period // the last month affected; equal to Period for a one-month event, Params.Last for a lasting step
	Source  string
	Measure string
	Dims    []coo.Dim
	Kind    string  // "shock" (multiplier), "one-off" (added units), "step" (a lasting change), "lagged" (an effect through the marketing lag)
	Effect  float64 // the multiplier, the amount added, or the new level, as What says
	What    string
}

// Generate builds the demo company. The result depends only on opt.
func Generate(opt Options) (*Company, error) {
	return generate(opt, false)
}

// Corrections returns the workbooks a department sends again once told
// of the problems planted in them: each file of Truth.Problems, at the same
// path, with the value the model generated in every problem cell (a
// total: the sum of its members; the other cells as before). Loaded over
// the originals, they leave the warehouse holding every value of the
// model, and no reject.
func Corrections(opt Options) ([]File, error) {
	orig, err := generate(opt, false)
	if err != nil {
		return nil, err
	}
	fixed, err := generate(opt, true)
	if err != nil {
		return nil, err
	}
	bad := map[string]bool{}
	for _, p := range orig.Truth.Problems {
		bad[p.File] = true
	}
	var out []File
	for _, f := range fixed.Files {
		if bad[f.Path] {
			out = append(out, f)
		}
	}
	return out, nil
}

func generate(opt Options, corrected bool) (*Company, error) {
	seed := opt.Seed
	if seed == 0 {
		seed = DefaultSeed
	}
	m := simulate(defaultParams(seed))
	g := &generator{m: m, truth: &Truth{Params: m.p, Events: m.events()}, corrected: corrected}
	for _, step := range []func() error{g.finance, g.hr, g.sales, g.marketing, g.rd} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(g.files, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })
	order := make(map[string]int, len(g.files))
	for i, f := range g.files {
		order[f.Path] = i
	}
	byFile := func(file string) int { return order[file] }
	slices.SortStableFunc(g.truth.Facts, func(a, b Fact) int { return cmp.Compare(byFile(a.File), byFile(b.File)) })
	slices.SortStableFunc(g.truth.Problems, func(a, b Problem) int { return cmp.Compare(byFile(a.File), byFile(b.File)) })
	slices.SortStableFunc(g.truth.Notes, func(a, b Note) int { return cmp.Compare(byFile(a.File), byFile(b.File)) })
	study := File{Path: "studies/marketing.yaml", Data: bytes.Clone(marketingStudy)}
	return &Company{Files: g.files, ProjectFile: projectFile(), Study: study, Truth: *g.truth}, nil
}

// generator collects the files and the truth while the workbooks are written.
type generator struct {
	m         *model
	truth     *Truth
	files     []File
	corrected bool // write the value where a problem would be planted
}

func (g *generator) add(b *book) error {
	data, err := b.bytes()
	if err != nil {
		return fmt.Errorf("demo: %s: %w", b.path, err)
	}
	g.files = append(g.files, File{Path: b.path, Data: data})
	return nil
}

// FactsCSV returns the facts as CSV with the header
// source,measure,period,dims,value,unit,file,sheet,cell: dims as
// coo.FormatDims writes them, value as the shortest text that reads back to
// the same float64.
func (t *Truth) FactsCSV() []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"source", "measure", "period", "dims", "value", "unit", "file", "sheet", "cell"})
	for _, f := range t.Facts {
		_ = w.Write([]string{f.Source, f.Measure, f.Period.String(), coo.FormatDims(f.Dims),
			strconv.FormatFloat(f.Value, 'g', -1, 64), f.Unit, f.File, f.Sheet, f.Cell})
	}
	w.Flush()
	return buf.Bytes()
}
