package pipeline

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"coo"
	"coo/forecast"
	"coo/internal/demo"
	"coo/internal/project"
)

// TestOneBadValue is the unit slip: on a copy of the demo, the
// largest revenue cell five months back is multiplied by 1,000 (its
// subtotal and grand total recomputed, as Excel would), the workbook is
// loaded again and every series forecast. The truth is the edit: the
// workbook and cell come from the generator's facts, the history's other
// months from the warehouse. The stored 12-month revenue forecast must stay
// within twice the largest other month of its history, and the report's
// table of values set aside must name the workbook and cell.
func TestOneBadValue(t *testing.T) {
	ctx := context.Background()
	dir, res := demoCopy(t)
	slipMonth := res.Company.Truth.Params.Last - 5
	var cell demo.Fact
	for _, f := range res.Company.Truth.Facts {
		if f.Source == "sales" && f.Measure == "revenue" && f.Period == slipMonth && f.Value > cell.Value {
			cell = f
		}
	}
	if cell.File == "" {
		t.Fatalf("no sales revenue fact for %s in the demo's truth", slipMonth)
	}
	slip(t, filepath.Join(dir, filepath.FromSlash(cell.File)), cell.Sheet, cell.Cell, 1000)

	p, err := project.Load(dir)
	must(t, err)
	s, err := Begin(ctx, p, Config{Command: "coo test"})
	must(t, err)
	var (
		fc      *ForecastResult
		rep     *ReportResult
		history coo.Series
	)
	err = func() error {
		ing, err := Ingest(ctx, s, IngestOptions{})
		if err != nil {
			return err
		}
		if ing.Loaded == 0 || ing.Refused > 0 { // the workbook feeds three sources
			t.Errorf("ingest after the edit: %s; want the edited workbook loaded", ing)
		}
		if fc, err = Forecast(ctx, s, ForecastOptions{H: 12, Metrics: []coo.MetricName{"sales.revenue"}}); err != nil {
			return err
		}
		if history, err = s.DB.Series(ctx, "sales.revenue", ""); err != nil {
			return err
		}
		rep, err = Report(ctx, s, ReportOptions{Out: filepath.Join(dir, "reports-slip"), Formats: []string{"md"}, AllowIncomplete: true})
		return err
	}()
	must(t, s.End(err, ""))
	must(t, err)

	// The slip is in the data as sent.
	got, ok := history.At(slipMonth)
	if !ok || got < 1000*cell.Value {
		t.Fatalf("sales.revenue %s = %v: the edited cell (%v × 1000) did not load", slipMonth, got, cell.Value)
	}
	largest := 0.0
	for i, v := range history.Values {
		if history.Start.Add(i) != slipMonth && !math.IsNaN(v) {
			largest = max(largest, v)
		}
	}
	var stored *coo.StoredForecast
	for i := range fc.Series {
		if fc.Series[i].Key == (coo.SeriesKey{Metric: "sales.revenue"}) {
			f := fc.Series[i].Stored()
			stored = &f
		}
	}
	if stored == nil || stored.Error != "" {
		t.Fatalf("no forecast of sales.revenue: %+v", stored)
	}
	peak, peak95 := 0.0, 0.0
	for i := range stored.Mean {
		peak, peak95 = max(peak, stored.Mean[i]), max(peak95, stored.Hi95[i])
	}
	// What the forecast was before: auto on the history as it stands.
	before, err := forecast.Auto(history.Values[len(history.Values)-stored.Months:], 12, 12, nil)
	must(t, err)
	beforePeak, before95 := 0.0, 0.0
	for i := range before.Mean {
		beforePeak, before95 = max(beforePeak, before.Mean[i]), max(before95, before.Hi95[i])
	}
	t.Logf("largest other month %.4g; forecast peak %.4g (%.2f×), hi95 peak %.4g (%.2f×); fitted on the history as it stands: peak %.4g (%.2f×), hi95 %.4g (%.2f×)",
		largest, peak, peak/largest, peak95, peak95/largest, beforePeak, beforePeak/largest, before95, before95/largest)
	if peak > 2*largest {
		t.Errorf("sales.revenue forecast peaks at %.4g, more than twice the largest other month %.4g", peak, largest)
	}
	if len(stored.Adjusted) != 1 || stored.Adjusted[0].Period != slipMonth || stored.Adjusted[0].Value != got {
		t.Errorf("stored adjustments %+v, want one for %s of %v", stored.Adjusted, slipMonth, got)
	}
	if !strings.Contains(stored.Summary, "fitted on the history with 1 value(s) adjusted") {
		t.Errorf("summary %q does not say the history was adjusted", stored.Summary)
	}

	// The report names the cell.
	want := cell.File + "!" + cell.Sheet + "!" + cell.Cell
	var named bool
	for _, o := range rep.Report.Outliers {
		for _, c := range o.Cells {
			named = named || o.Metric == "sales.revenue" && o.Period == slipMonth && c.File == cell.File && c.Cell.String() == cell.Sheet+"!"+cell.Cell
		}
	}
	if !named {
		t.Errorf("report outliers %+v do not name %s", rep.Report.Outliers, want)
	}
	md, err := os.ReadFile(filepath.Join(dir, "reports-slip", "monthly-"+rep.Month.String()+".md"))
	must(t, err)
	var lines []string
	for _, l := range strings.Split(string(md), "\n") {
		if strings.Contains(strings.ReplaceAll(l, `\!`, "!"), want) { // Markdown escapes !
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		t.Errorf("the Markdown report does not name %s", want)
	}
	t.Logf("report lines naming the cell:\n%s", strings.Join(lines, "\n"))
	if i := strings.Index(string(md), "## Values set aside"); i >= 0 {
		t.Logf("%s", string(md)[i:min(len(md), i+1500)])
	}
}

// slip multiplies a number cell of a workbook by k and recomputes the
// cached values of the formulas below it in its column, as Excel would on
// saving.
func slip(t *testing.T, path, sheet, cell string, k float64) {
	t.Helper()
	x, err := excelize.OpenFile(path)
	must(t, err)
	defer x.Close()
	raw, err := x.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	must(t, err)
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Fatalf("%s!%s is %q, not a number", sheet, cell, raw)
	}
	must(t, x.SetCellFloat(sheet, cell, v*k, -1, 64))
	col, row, err := excelize.CellNameToCoordinates(cell)
	must(t, err)
	rows, err := x.GetRows(sheet)
	must(t, err)
	for r := row + 1; r <= len(rows); r++ {
		ref, _ := excelize.CoordinatesToCellName(col, r)
		f, err := x.GetCellFormula(sheet, ref)
		if err != nil || f == "" {
			continue
		}
		txt, err := x.CalcCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		must(t, err)
		c, err := strconv.ParseFloat(txt, 64)
		must(t, err)
		must(t, x.SetCellFloat(sheet, ref, c, -1, 64))
		must(t, x.SetCellFormula(sheet, ref, f))
	}
	must(t, x.Save())
}
