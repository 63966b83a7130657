package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"coo"
	"coo/internal/demo"
	"coo/internal/project"
)

// TestIncompleteReportRefused: on a copy of the demo, one revenue cell five
// months back made unreadable. The October report must refuse, naming the
// workbook and cell; with AllowIncomplete it publishes, marking exactly the
// figures whose metrics come from that workbook's source and naming the
// cell. The cell and the figures it touches are worked out here from the
// generator's truth and the project file, not from the report.
func TestIncompleteReportRefused(t *testing.T) {
	ctx := context.Background()
	dir, res := demoCopy(t)
	if res.Refused == nil || res.Corrected == nil {
		t.Fatalf("the demo's first report was not refused (%v) or nothing was corrected (%v)", res.Refused, res.Corrected)
	}
	for _, p := range res.Company.Truth.Problems {
		want := p.File + ", " + p.Sheet + "!" + p.Cell
		if p.RefusesFile() { // a workbook refused whole, with the cell in the reason
			want = fmt.Sprintf("%s: file refused (%s): sheet %q cell %s", p.File, p.Reason, p.Sheet, p.Cell)
		}
		if !strings.Contains(res.Refused.Error(), want) {
			t.Errorf("the demo's refusal does not name the planted %s %s!%s:\n%v", p.File, p.Sheet, p.Cell, res.Refused)
		}
	}
	// One line per planted problem, no more: the months the refused
	// workbook would have supplied are named once, as its refusal, not
	// again as months its source sent no data for.
	var lines []string
	for _, l := range strings.Split(res.Refused.Error(), "\n") {
		if strings.HasPrefix(l, "  ") {
			lines = append(lines, l)
		}
	}
	if len(lines) != len(res.Company.Truth.Problems) {
		t.Errorf("the demo's refusal has %d defect lines, want %d (one per planted problem):\n%s", len(lines), len(res.Company.Truth.Problems), strings.Join(lines, "\n"))
	}
	if !res.Report.Report.Quality.Complete() {
		t.Errorf("after the corrections the report is still incomplete: %+v", res.Report.Report.Quality.Defects)
	}

	// Five months back: May's first revenue cell that holds a plain number.
	may := coo.NewPeriod(2026, 5)
	var (
		cell demo.Fact
		x    *excelize.File
		path string
		err  error
	)
	for _, f := range res.Company.Truth.Facts {
		if f.Source != "sales" || f.Measure != "revenue" || f.Period != may {
			continue
		}
		if x == nil {
			path = filepath.Join(dir, filepath.FromSlash(f.File))
			x, err = excelize.OpenFile(path)
			must(t, err)
		}
		if formula, _ := x.GetCellFormula(f.Sheet, f.Cell); formula == "" {
			cell = f
			break
		}
	}
	if cell.File == "" {
		t.Fatal("no May revenue cell with a plain number in the truth")
	}
	must(t, x.SetCellStr(cell.Sheet, cell.Cell, "n/a"))
	must(t, x.SaveAs(path))
	x.Close()

	p, err := project.Load(dir)
	must(t, err)
	s, err := Begin(ctx, p, Config{Command: "coo ingest"})
	must(t, err)
	ing, err := Ingest(ctx, s, IngestOptions{})
	must(t, err)
	if err := ing.Err(); ExitCode(err) != ExitRejects {
		t.Errorf("ingest of the damaged May: %v (exit %d), want exit %d", err, ExitCode(err), ExitRejects)
	}
	must(t, s.End(nil, ""))

	oct := coo.NewPeriod(2026, 10)
	where := cell.File + ", " + cell.Sheet + "!" + cell.Cell
	s, err = Begin(ctx, p, Config{Command: "coo report monthly"})
	must(t, err)
	_, err = Report(ctx, s, ReportOptions{Period: oct, Out: filepath.Join(t.TempDir(), "refused")})
	var inc *IncompleteError
	if !errors.As(err, &inc) || ExitCode(err) != ExitRefused {
		t.Fatalf("report with a damaged May: %v (exit %d), want an IncompleteError, exit %d", err, ExitCode(err), ExitRefused)
	}
	if !strings.Contains(err.Error(), where) {
		t.Errorf("the refusal does not name %s:\n%v", where, err)
	}

	// Published anyway: the figures of sales' metrics are marked, no other.
	out := filepath.Join(t.TempDir(), "published")
	r, err := Report(ctx, s, ReportOptions{Period: oct, Out: out, AllowIncomplete: true})
	must(t, err)
	must(t, s.End(nil, ""))
	source := map[coo.MetricName]string{}
	for _, m := range p.Metrics {
		source[m.Name] = m.Source
	}
	rep := r.Report
	var marked, unmarked []string
	check := func(label string, marks []int, metrics ...coo.MetricName) {
		want := false
		for _, m := range metrics {
			want = want || source[m] == "sales"
		}
		got := false
		for _, i := range marks {
			got = got || rep.Quality.Defects[i].Where() == where
		}
		if got != want {
			t.Errorf("%s: marked %v, want %v (its metrics %v)", label, got, want, metrics)
		}
		if want {
			marked = append(marked, label)
		} else {
			unmarked = append(unmarked, label)
		}
	}
	for _, k := range rep.KPIs {
		check(k.Label, k.Defects, k.Spec.Metric, k.Spec.Budget)
	}
	for _, d := range rep.Depts {
		for _, k := range d.KPIs {
			check(d.Name+": "+k.Label, k.Defects, k.Spec.Metric, k.Spec.Budget)
		}
		for _, q := range d.Ratios {
			check(d.Name+": "+q.Spec.Name, q.Defects, q.Spec.Num.Metric, q.Spec.Den.Metric)
		}
	}
	if len(marked) == 0 || len(unmarked) == 0 {
		t.Errorf("marked %v, unmarked %v: want some of each", marked, unmarked)
	}
	// A comparison that reads May (year to date) is not graded, and not
	// page one's news: the figure is incomplete there.
	for _, k := range rep.KPIs {
		if source[k.Spec.Metric] == "sales" && (k.Levels.YTD != 0 || k.Levels.YTDBudget != 0) {
			t.Errorf("%s: year to date graded %+v though May is incomplete", k.Label, k.Levels)
		}
	}
	for _, f := range rep.Findings {
		if source[f.Metric] == "sales" && (f.Basis == "ytd" || f.Basis == "ytdbudget") {
			t.Errorf("page one ranks %s's year to date, which reads the incomplete May: %s", f.Label, f.Text)
		}
	}
	for _, f := range r.Main() {
		if strings.HasSuffix(f, ".pdf") {
			continue // compressed: the HTML and Markdown say the same
		}
		b, err := os.ReadFile(f)
		must(t, err)
		text := strings.ReplaceAll(string(b), `\!`, "!") // Markdown escapes "!"
		if !strings.Contains(text, cell.Sheet+"!"+cell.Cell) || !strings.Contains(text, cell.File) {
			t.Errorf("%s does not name %s", filepath.Base(f), where)
		}
	}
	if !slices.ContainsFunc(rep.Quality.Defects, func(d coo.Defect) bool { return d.Where() == where && slices.Contains(d.Months, may) }) {
		t.Errorf("the defects %+v do not hold %s in %s", rep.Quality.Defects, where, may)
	}

	// The score workbook marks May, scored on the damaged workbook, and no
	// other month (the demo's assessment scores sales.revenue).
	db, err := OpenReadOnly(ctx, p)
	must(t, err)
	defer db.Close()
	assessed := t.TempDir()
	a, err := Assess(ctx, db, p.Assessment, AssessOptions{Period: oct, Out: assessed, Metrics: p.Metrics})
	must(t, err)
	if got := a.Scorecard.Incomplete; len(got) != 0 {
		t.Errorf("October scored as incomplete: %v", got)
	}
	var book string
	for _, f := range a.Files {
		if strings.HasSuffix(f.Name, ".xlsx") {
			book = filepath.Join(assessed, f.Name)
		}
	}
	xb, err := excelize.OpenFile(book)
	must(t, err)
	defer xb.Close()
	found := false
	for _, sh := range xb.GetSheetList() {
		rows, _ := xb.GetRows(sh)
		for _, r := range rows {
			line := strings.Join(r, " ")
			found = found || strings.Contains(line, "2026-05") && strings.Contains(line, where)
		}
	}
	if !found {
		t.Errorf("the score workbook does not mark 2026-05 as scored on %s", where)
	}
}

// TestRestatementOnePerWorkbook: on a copy of the demo, whose October
// report is published, May's sales workbook (read by three sources: sales,
// sales_budget and sales_reps) is sent again. Saved again with the same
// values, it restates nothing and October publishes complete; with one
// revenue cell changed, October's report refuses with one restatement,
// naming the workbook and the one source whose values changed. The cells
// are chosen from the generator's truth: two products of one region, one
// up by 1,000 and the other down, so that the region's subtotal row, which
// is checked, still adds up.
func TestRestatementOnePerWorkbook(t *testing.T) {
	ctx := context.Background()
	dir, res := demoCopy(t)
	may, oct := coo.NewPeriod(2026, 5), coo.NewPeriod(2026, 10)
	var cell, other demo.Fact
	for _, f := range res.Company.Truth.Facts {
		if f.Source != "sales" || f.Measure != "revenue" || f.Period != may {
			continue
		}
		if cell.File == "" {
			cell = f
		} else if f.File == cell.File && f.Sheet == cell.Sheet && f.Dims[0] == cell.Dims[0] {
			other = f
			break
		}
	}
	if other.File == "" {
		t.Fatal("no two May revenue cells of one region in the truth")
	}
	p, err := project.Load(dir)
	must(t, err)
	resend := func(change bool) (*ReportResult, error) {
		t.Helper()
		path := filepath.Join(dir, filepath.FromSlash(cell.File))
		x, err := excelize.OpenFile(path)
		must(t, err)
		if change {
			for _, c := range []struct {
				f demo.Fact
				d float64
			}{{cell, 1000}, {other, -1000}} {
				must(t, x.SetCellFormula(c.f.Sheet, c.f.Cell, ""))
				must(t, x.SetCellFloat(c.f.Sheet, c.f.Cell, c.f.Value+c.d, -1, 64))
			}
		}
		// New bytes either way, so that ingest loads the workbook again.
		must(t, x.SetDocProps(&excelize.DocProperties{Description: fmt.Sprintf("sent again, changed: %v", change)}))
		must(t, x.SaveAs(path))
		x.Close()
		s, err := Begin(ctx, p, Config{Command: "coo ingest"})
		must(t, err)
		ing, err := Ingest(ctx, s, IngestOptions{})
		must(t, err)
		must(t, ing.Err())
		must(t, s.End(nil, ""))
		s, err = Begin(ctx, p, Config{Command: "coo report monthly"})
		must(t, err)
		defer s.End(nil, "")
		return Report(ctx, s, ReportOptions{Period: oct, Out: filepath.Join(t.TempDir(), "out"), Formats: []string{"md"}})
	}
	if r, err := resend(false); err != nil {
		t.Errorf("October after May's workbook was sent again unchanged: %v, want it published", err)
	} else if !r.Report.Quality.Complete() {
		t.Errorf("October after May's workbook was sent again unchanged: incomplete %+v", r.Report.Quality.Defects)
	}
	_, err = resend(true)
	var inc *IncompleteError
	if !errors.As(err, &inc) {
		t.Fatalf("October after a May revenue cell changed: %v, want an IncompleteError", err)
	}
	var restated []coo.Defect
	for _, d := range inc.Quality.Defects {
		if d.Kind == coo.Restated {
			restated = append(restated, d)
		}
	}
	if len(restated) != 1 || restated[0].File != cell.File || restated[0].Source != "sales" || !slices.Equal(restated[0].Months, []coo.Period{may}) {
		t.Errorf("restatements %+v, want one: %s, source sales, months [%s]", restated, cell.File, may)
	}
	if n := strings.Count(err.Error(), "restated"); n != 1 {
		t.Errorf("the refusal names %d restatements, want 1:\n%v", n, err)
	}
}

// TestAbsentMemberRefused: a unit's row left out of the latest HR
// workbook (found from outside: the company's headcount fell by a third,
// ranked first under "needs attention", complete=true) refuses the report,
// naming the workbook and the unit; published anyway, the headcount is
// marked. The truth is the demo generator's: the cell of unit Sales's
// October headcount.
func TestAbsentMemberRefused(t *testing.T) {
	ctx := context.Background()
	dir, res := demoCopy(t)
	oct := coo.NewPeriod(2026, 10)
	var cell demo.Fact
	for _, f := range res.Company.Truth.Facts {
		if f.Source == "hr" && f.Measure == "headcount" && f.Period == oct && slices.Contains(f.Dims, coo.Dim{Key: "unit", Value: "Sales"}) {
			cell = f
		}
	}
	if cell.File == "" {
		t.Fatal("no October headcount of unit Sales in the truth")
	}
	path := filepath.Join(dir, filepath.FromSlash(cell.File))
	x, err := excelize.OpenFile(path)
	must(t, err)
	_, row, err := excelize.CellNameToCoordinates(cell.Cell)
	must(t, err)
	must(t, x.RemoveRow(cell.Sheet, row))
	must(t, x.SaveAs(path))
	x.Close()

	// A new warehouse, so that the workbook is the month's first (sent
	// again, it would be a replacement that drops values: a reject).
	p, err := project.Load(dir)
	must(t, err)
	must(t, os.Remove(p.Warehouse))
	s, err := Begin(ctx, p, Config{Command: "coo ingest"})
	must(t, err)
	ing, err := Ingest(ctx, s, IngestOptions{})
	must(t, err)
	must(t, ing.Err())
	must(t, s.End(nil, ""))

	s, err = Begin(ctx, p, Config{Command: "coo report monthly"})
	must(t, err)
	_, err = Report(ctx, s, ReportOptions{Period: oct, Out: filepath.Join(t.TempDir(), "refused")})
	var inc *IncompleteError
	if !errors.As(err, &inc) {
		t.Fatalf("report without unit Sales's October row: %v, want an IncompleteError", err)
	}
	for _, d := range inc.Quality.Defects {
		if d.Kind != coo.Absent || d.Detail != "unit=Sales" {
			t.Errorf("defect %+v, want the absent unit's only (one per measure)", d)
		}
	}
	if want := cell.File + ": unit=Sales had a value of headcount"; !strings.Contains(err.Error(), want) {
		t.Errorf("the refusal does not say %q:\n%v", want, err)
	}
	r, err := Report(ctx, s, ReportOptions{Period: oct, Out: filepath.Join(t.TempDir(), "published"), AllowIncomplete: true})
	must(t, err)
	must(t, s.End(nil, ""))
	for _, k := range r.Report.KPIs {
		if k.Spec.Metric != "hr.headcount" {
			continue
		}
		marked := false
		for _, i := range k.Defects {
			marked = marked || r.Report.Quality.Defects[i].Kind == coo.Absent
		}
		if !marked {
			t.Errorf("the headcount (%v) is not marked for the absent unit", k.Value)
		}
		return
	}
	t.Error("no headcount among the headline figures")
}
