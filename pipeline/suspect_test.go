package pipeline

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"coo"
	"coo/analysis"
	"coo/internal/demo"
	"coo/internal/project"

	"github.com/xuri/excelize/v2"
)

// TestSuspectSlips is the outside testers' case on a copy of the demo:
// in the report's month, the largest revenue cell and the Sales unit's
// headcount (146 people) are multiplied by 1,000, and so is the largest
// cost cell (Payroll) four months back, in the fiscal year to date. The
// truth is the edit: the cells come from the generator's facts, the
// figures that read them from the project file (revenue, cost, payroll,
// headcount; the ratios over headcount). The report is refused naming
// the three cells; published anyway, it marks those figures and leaves
// them off page one's findings, headline and questions, but for a
// question to check each cell; the assessment does not score the Sales
// unit's revenue KPIs on the slip and names the cell.
func TestSuspectSlips(t *testing.T) {
	ctx := context.Background()
	dir, res := demoCopy(t)
	last := res.Company.Truth.Params.Last
	pick := func(source, measure string, p coo.Period, ok func(demo.Fact) bool) demo.Fact {
		var cell demo.Fact
		for _, f := range res.Company.Truth.Facts {
			if f.Source == source && f.Measure == measure && f.Period == p && ok(f) && f.Value > cell.Value {
				cell = f
			}
		}
		if cell.File == "" {
			t.Fatalf("no %s %s fact for %s in the demo's truth", source, measure, p)
		}
		return cell
	}
	any := func(demo.Fact) bool { return true }
	revenue := pick("sales", "revenue", last, any)
	head := pick("hr", "headcount", last, func(f demo.Fact) bool { return len(f.Dims) == 1 && f.Dims[0] == (coo.Dim{Key: "unit", Value: "Sales"}) })
	cost := pick("finance", "actual", last-4, any)
	cells := []demo.Fact{revenue, head, cost}
	for _, c := range cells {
		slip(t, filepath.Join(dir, filepath.FromSlash(c.File)), c.Sheet, c.Cell, 1000)
	}
	where := func(c demo.Fact) string { return c.File + ", " + c.Sheet + "!" + c.Cell }

	p, err := project.Load(dir)
	must(t, err)
	s, err := Begin(ctx, p, Config{Command: "coo test"})
	must(t, err)
	var (
		refused error
		rep     *ReportResult
		as      *AssessResult
	)
	err = func() error {
		if _, err := Ingest(ctx, s, IngestOptions{}); err != nil {
			return err
		}
		if _, err := Forecast(ctx, s, ForecastOptions{H: 12, TotalsOnly: true,
			Metrics: []coo.MetricName{"sales.revenue", "finance.cost", "finance.payroll", "hr.headcount"}}); err != nil {
			return err
		}
		_, refused = Report(ctx, s, ReportOptions{Out: filepath.Join(dir, "reports-refused"), Formats: []string{"md"}})
		if rep, err = Report(ctx, s, ReportOptions{Out: filepath.Join(dir, "reports-slip"), Formats: []string{"md"}, AllowIncomplete: true}); err != nil {
			return err
		}
		as, err = Assess(ctx, s.DB, p.Assessment, AssessOptions{Period: last, Out: filepath.Join(dir, "assess-slip"), Metrics: p.Metrics})
		return err
	}()
	must(t, s.End(err, ""))
	must(t, err)

	// Refused, naming each cell.
	var ie *IncompleteError
	if !errors.As(refused, &ie) {
		t.Fatalf("report without --allow-incomplete: %v; want an IncompleteError", refused)
	}
	for _, c := range cells {
		if !strings.Contains(refused.Error(), where(c)+": suspected unit slip") {
			t.Errorf("the refusal does not name %s as a suspected unit slip:\n%v", where(c), refused)
		}
	}

	t.Logf("refused:\n%v", refused)

	// The defects: the three cells, in their months.
	r := rep.Report
	var got []string
	for _, d := range r.Quality.Defects {
		if d.Kind == coo.Suspect {
			got = append(got, d.Where()+" "+d.Months[0].String())
		}
	}
	want := []string{where(revenue) + " " + last.String(), where(head) + " " + last.String(), where(cost) + " " + (last - 4).String()}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("suspect defects %q, want %q", got, want)
	}

	// The figures that read them, and only those, are suspect.
	suspectKPI := map[coo.MetricName]bool{"sales.revenue": true, "finance.cost": true, "finance.payroll": true, "hr.headcount": true}
	suspectRatio := map[string]bool{"Revenue per salesperson": true, "Staff turnover": true, "Training hours per head": true}
	var labels []string
	kpis := slices.Clone(r.KPIs)
	for _, d := range r.Depts {
		kpis = append(kpis, d.KPIs...)
		for _, q := range d.Ratios {
			if q.Suspect != suspectRatio[q.Spec.Name] || q.Suspect && len(q.Defects) == 0 {
				t.Errorf("ratio %s: suspect %v (defects %v), want %v", q.Spec.Name, q.Suspect, q.Defects, suspectRatio[q.Spec.Name])
			}
			if q.Suspect {
				labels = append(labels, q.Spec.Name)
			}
		}
	}
	for _, k := range kpis {
		if k.Suspect != suspectKPI[k.Spec.Metric] {
			t.Errorf("KPI %s: suspect %v (defects %v), want %v", k.Spec.Metric, k.Suspect, k.Defects, suspectKPI[k.Spec.Metric])
		}
		if k.Suspect && !slices.Contains(labels, k.Label) {
			labels = append(labels, k.Label)
		}
	}
	if len(labels) != 7 {
		t.Fatalf("suspect figures %q, want 7", labels)
	}
	mentions := func(text string) string {
		for _, l := range labels {
			if strings.Contains(strings.ToLower(text), strings.ToLower(l)) {
				return l
			}
		}
		return ""
	}
	for _, f := range r.Findings {
		if suspectKPI[f.Metric] || suspectRatio[f.Ratio] {
			t.Errorf("finding %q reads a suspected value", f.Text)
		}
	}
	if l := mentions(r.Headline.Text); l != "" {
		t.Errorf("headline %q names %s", r.Headline.Text, l)
	}
	var checks []string
	for _, dq := range r.Questions {
		for _, it := range dq.Items {
			if strings.Contains(it, "unit slip") {
				checks = append(checks, it)
			} else if l := mentions(it); l != "" {
				t.Errorf("%s question %q asks about %s", dq.Dept, it, l)
			}
		}
	}
	for _, c := range cells {
		if !slices.ContainsFunc(checks, func(q string) bool { return strings.Contains(q, where(c)) }) {
			t.Errorf("no question asks to check %s: %q", where(c), checks)
		}
	}

	// The Markdown: the year-to-date row of the cost is marked.
	md, err := os.ReadFile(filepath.Join(dir, "reports-slip", "monthly-"+last.String()+".md"))
	must(t, err)
	var costLabel string
	for _, k := range r.KPIs {
		if k.Spec.Metric == "finance.cost" {
			costLabel = k.Label
		}
	}
	ytd := string(md)
	if i := strings.Index(ytd, "Year to date: FY"); i >= 0 {
		ytd = ytd[i:]
	}
	if j := strings.Index(ytd, "Fiscal-year outlook"); j >= 0 {
		ytd = ytd[:j]
	}
	if !strings.Contains(strings.ReplaceAll(ytd, `\[`, "["), costLabel+" [") { // Markdown escapes [
		t.Errorf("the year-to-date table does not mark %s:\n%s", costLabel, ytd)
	}

	// The revenue's bridges read the slipped cell: their rows are not
	// graded (they read "North ✓ +1.96 B"; found from outside).
	if i := strings.Index(string(md), "## Revenue \\["); i >= 0 {
		sec := string(md)[i:]
		if j := strings.Index(sec[3:], "\n#"); j >= 0 {
			sec = sec[:j+3]
		}
		for _, line := range strings.Split(sec, "\n") {
			if strings.HasPrefix(line, "| ") && (strings.Contains(line, "✓") || strings.Contains(line, "✕")) {
				t.Errorf("a bridge row of the slipped revenue is graded: %s", line)
			}
		}
	} else {
		t.Errorf("no marked revenue bridge section in the report")
	}

	// The data section's anomaly lines of a marked figure carry its mark
	// (found from outside: "Revenue 1.99 B CNY; expected 29.95 M" had none).
	for _, line := range strings.Split(string(md), "\n") {
		if strings.Contains(line, "; expected ") && strings.Contains(line, "(95%:") && strings.Contains(line, "Revenue ") &&
			!strings.Contains(line, "Revenue \\[") {
			t.Errorf("an anomaly line of the slipped revenue is not marked: %s", line)
		}
	}

	// The year-against-budget bars of the slipped revenue shade its month
	// and say so (they showed it unshaded; found from outside).
	if !strings.Contains(string(md), "Revenue by month: this fiscal year, last year and budget. Shaded months:") {
		t.Errorf("the revenue bars' caption does not say which months are shaded")
	}

	if i := strings.Index(string(md), "### Questions"); i >= 0 {
		t.Logf("page one:\n%s", string(md)[:min(len(md), i+2500)])
	}

	// The assessment: the Sales unit's revenue KPIs are not scored on the
	// slip; its total is its units KPI's score alone (reweighted).
	sc := as.Scorecard
	var sales *struct{}
	for _, u := range sc.Units {
		if u.Name != "Sales" {
			continue
		}
		sales = &struct{}{}
		for _, k := range u.KPIs {
			if k.Metric != "sales.revenue" {
				continue
			}
			if !k.Suspect || !math.IsNaN(k.Actual) || !math.IsNaN(k.Attainment) || k.EffectiveWeight != 0 ||
				!strings.Contains(k.Note, "suspected unit slip") || !strings.Contains(k.Note, revenue.Sheet+"!"+revenue.Cell) {
				t.Errorf("Sales %s: %+v; want not scored, the note naming %s", k.Name, k, where(revenue))
			}
		}
		for _, k := range u.KPIs {
			t.Logf("assessment, Sales, %s: actual %v, score %v, weight %v: %s", k.Name, k.Actual, k.Score, k.EffectiveWeight, k.Note)
		}
		if units := u.KPIs[len(u.KPIs)-1]; !u.Scored || math.Abs(u.Total-units.Score) > 1e-9 {
			t.Errorf("Sales total %v, want its units KPI's %v alone", u.Total, units.Score)
		}
	}
	if sales == nil {
		t.Fatal("no Sales unit in the assessment")
	}
	if !slices.ContainsFunc(sc.Incomplete, func(s string) bool { return strings.HasPrefix(s, where(revenue)) }) {
		t.Errorf("the scorecard's incomplete inputs %q do not name %s", sc.Incomplete, where(revenue))
	}
	html, err := os.ReadFile(filepath.Join(dir, "assess-slip", "assessment-"+last.String()+".html"))
	must(t, err)
	if !strings.Contains(string(html), "suspected unit slip") || !strings.Contains(string(html), revenue.Sheet+"!"+revenue.Cell) {
		t.Errorf("the assessment's HTML does not say the revenue is a suspected slip of %s", where(revenue))
	}
}

// TestSuspectCellSlips is the outside testers' second case on a copy of
// the demo: one revenue cell of the report's month, North's Office line
// (Sales!E8, 1.96 M of 31.86 M), typed a thousand times too small, which
// made revenue 29.90 M, published complete and graded; one of four months
// back (West's Office line) a thousand times too large; and one of two
// months back (East's Home line) a thousand times too small, in the year
// to date. The truth is the edit: the cells come from the generator's
// facts, the figures that read them from the project file (revenue, and
// revenue per salesperson over it). The report is refused naming each
// cell; published anyway, it marks those figures, and only those, says
// what the cell would be at the usual scale, and leaves them off page
// one's findings and headline.
func TestSuspectCellSlips(t *testing.T) {
	ctx := context.Background()
	dir, res := demoCopy(t)
	last := res.Company.Truth.Params.Last
	cell := func(p coo.Period, region, line string) demo.Fact {
		for _, f := range res.Company.Truth.Facts {
			if f.Source == "sales" && f.Measure == "revenue" && f.Period == p &&
				slices.Equal(f.Dims, []coo.Dim{{Key: "region", Value: region}, {Key: "product_line", Value: line}}) {
				return f
			}
		}
		t.Fatalf("no revenue fact of %s %s for %s in the demo's truth", region, line, p)
		return demo.Fact{}
	}
	type planted struct {
		demo.Fact
		k float64
	}
	cells := []planted{
		{cell(last, "North", "Office"), 0.001},
		{cell(last-4, "West", "Office"), 1000},
		{cell(last-2, "East", "Home"), 0.001},
	}
	if c := cells[0]; c.Sheet != "Sales" || c.Cell != "E8" {
		t.Logf("North's Office revenue is %s!%s (the issue's Sales!E8)", c.Sheet, c.Cell)
	}
	for _, c := range cells {
		slip(t, filepath.Join(dir, filepath.FromSlash(c.File)), c.Sheet, c.Cell, c.k)
	}
	where := func(c planted) string { return c.File + ", " + c.Sheet + "!" + c.Cell }

	p, err := project.Load(dir)
	must(t, err)
	s, err := Begin(ctx, p, Config{Command: "coo test"})
	must(t, err)
	var (
		refused error
		rep     *ReportResult
		as      *AssessResult
	)
	err = func() error {
		if _, err := Ingest(ctx, s, IngestOptions{}); err != nil {
			return err
		}
		if _, err := Forecast(ctx, s, ForecastOptions{H: 12, TotalsOnly: true, Metrics: []coo.MetricName{"sales.revenue"}}); err != nil {
			return err
		}
		_, refused = Report(ctx, s, ReportOptions{Out: filepath.Join(dir, "reports-refused"), Formats: []string{"md"}})
		rep, err = Report(ctx, s, ReportOptions{Out: filepath.Join(dir, "reports-slip"), Formats: []string{"md"}, AllowIncomplete: true})
		if err != nil {
			return err
		}
		as, err = Assess(ctx, s.DB, p.Assessment, AssessOptions{Period: last, Out: filepath.Join(dir, "assess-slip"), Metrics: p.Metrics})
		return err
	}()
	must(t, s.End(err, ""))
	must(t, err)

	// Refused, naming each cell.
	var ie *IncompleteError
	if !errors.As(refused, &ie) {
		t.Fatalf("report without --allow-incomplete: %v; want an IncompleteError", refused)
	}
	for _, c := range cells {
		if !strings.Contains(refused.Error(), where(c)+": suspected unit slip") {
			t.Errorf("the refusal does not name %s as a suspected unit slip:\n%v", where(c), refused)
		}
	}
	t.Logf("refused:\n%v", refused)

	// The defects: the three cells, in their months, once each.
	r := rep.Report
	var got []string
	for _, d := range r.Quality.Defects {
		if d.Kind == coo.Suspect {
			got = append(got, d.Where()+" "+d.Months[0].String())
		}
	}
	var want []string
	for _, c := range cells {
		want = append(want, where(c)+" "+c.Period.String())
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("suspect defects %q, want %q", got, want)
	}

	// The figures that read them, and only those, are suspect and not graded.
	kpis := slices.Clone(r.KPIs)
	for _, d := range r.Depts {
		kpis = append(kpis, d.KPIs...)
		for _, q := range d.Ratios {
			if wantS := q.Spec.Name == "Revenue per salesperson"; q.Suspect != wantS {
				t.Errorf("ratio %s: suspect %v (defects %v), want %v", q.Spec.Name, q.Suspect, q.Defects, wantS)
			}
		}
	}
	for _, k := range kpis {
		if wantS := k.Spec.Metric == "sales.revenue"; k.Suspect != wantS || wantS && k.Levels != (analysis.KPILevels{}) {
			t.Errorf("KPI %s: suspect %v (defects %v), levels %+v; want suspect %v", k.Spec.Metric, k.Suspect, k.Defects, k.Levels, wantS)
		}
	}
	for _, f := range r.Findings {
		if f.Metric == "sales.revenue" || f.Ratio == "Revenue per salesperson" {
			t.Errorf("finding %q reads a suspected value", f.Text)
		}
	}
	if strings.Contains(strings.ToLower(r.Headline.Text), "revenue") {
		t.Errorf("headline %q names the revenue", r.Headline.Text)
	}

	// The Markdown: the revenue card is marked, and the note of the
	// report's month says what E8 would be at the usual scale.
	md, err := os.ReadFile(filepath.Join(dir, "reports-slip", "monthly-"+last.String()+".md"))
	must(t, err)
	text := strings.ReplaceAll(strings.ReplaceAll(string(md), `\[`, "["), `\!`, "!") // Markdown escapes [ and !
	if !strings.Contains(text, "| Revenue [") {
		t.Errorf("the summary's revenue row is not marked")
	}
	// The revenue's forecast table says it read the slipped months (it was
	// unmarked; found from outside).
	if !strings.Contains(text, "Forecast from a history with incomplete or suspect months (note ") {
		t.Errorf("the revenue's forecast table does not say it read the suspect months")
	}
	usual := fmt.Sprintf("at the usual scale it would be %s", analysis.Amount(cells[0].Value, "CNY", "en"))
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, where(cells[0])+": suspected unit slip") && !strings.Contains(line, usual) {
			t.Errorf("the note on %s does not say %q: %s", where(cells[0]), usual, line)
		}
	}

	// The assessment does not score the Sales unit's revenue KPIs on the
	// month's slipped cell, and names it.
	n := 0
	for _, u := range as.Scorecard.Units {
		for _, k := range u.KPIs {
			if u.Name != "Sales" || k.Metric != "sales.revenue" {
				continue
			}
			n++
			if !k.Suspect || k.EffectiveWeight != 0 || !strings.Contains(k.Note, cells[0].Sheet+"!"+cells[0].Cell) {
				t.Errorf("assessment, Sales %s: suspect %v, weight %v, note %q; want not scored, naming %s", k.Name, k.Suspect, k.EffectiveWeight, k.Note, where(cells[0]))
			}
		}
	}
	if n == 0 {
		t.Error("no Sales revenue KPI in the assessment")
	}
	if !slices.ContainsFunc(as.Scorecard.Incomplete, func(s string) bool { return strings.HasPrefix(s, where(cells[0])) }) {
		t.Errorf("the scorecard's incomplete inputs %q do not name %s", as.Scorecard.Incomplete, where(cells[0]))
	}
}

// TestAssessTargetIncomplete: a rejected cell in the source of a KPI's
// target (the sales budget, a separate source) marks the assessment's
// month as scored on incomplete data, naming the cell; only the KPIs'
// own sources were looked at (found from outside: scored on a target
// from a budget with a formula without a value, unmarked).
func TestAssessTargetIncomplete(t *testing.T) {
	ctx := context.Background()
	dir, res := demoCopy(t)
	last := res.Company.Truth.Params.Last
	book := filepath.Join(dir, "workbooks", "sales", "sales-"+last.String()+".xlsx")
	setCell(t, book, "Budget", "C6", "tbd")
	var as *AssessResult
	ingested(t, dir, func(s *Session, p *project.Project) (err error) {
		as, err = Assess(ctx, s.DB, p.Assessment, AssessOptions{Period: last, Out: filepath.Join(dir, "assess"), Metrics: p.Metrics})
		return err
	})
	if !slices.ContainsFunc(as.Scorecard.Incomplete, func(s string) bool { return strings.Contains(s, "Budget!C6") }) {
		t.Errorf("the scorecard's incomplete inputs %q do not name the budget's rejected Budget!C6", as.Scorecard.Incomplete)
	}
}

// TestSuspectCopiedMonth: finance sends September's workbook again as
// October's, only its months changed. Every figure of it was published as
// October's (found from outside, "operating cost 9.4% over budget" with
// September's numbers); the report now refuses, naming the workbook as a
// suspected copy of last month, while the budget (which repeats a monthly
// split in many companies) is not judged for copies.
func TestSuspectCopiedMonth(t *testing.T) {
	ctx := context.Background()
	dir, res := demoCopy(t)
	last := res.Company.Truth.Params.Last
	book := func(p coo.Period) string {
		return filepath.Join(dir, "workbooks", "finance", "finance-"+p.String()+".xlsx")
	}
	x, err := excelize.OpenFile(book(last - 1))
	must(t, err)
	rows, err := x.GetRows("Ledger")
	must(t, err)
	for r := 2; r <= len(rows); r++ {
		must(t, x.SetCellStr("Ledger", fmt.Sprintf("A%d", r), last.String()))
	}
	must(t, x.SaveAs(book(last)))
	x.Close()
	var refused error
	ingested(t, dir, func(s *Session, _ *project.Project) error {
		_, refused = Report(ctx, s, ReportOptions{Out: filepath.Join(dir, "reports"), Formats: []string{"md"}})
		_, err := Report(ctx, s, ReportOptions{Out: filepath.Join(dir, "reports-marked"), Formats: []string{"md"}, AllowIncomplete: true})
		return err
	})
	// Published marked, the copy is not called a unit slip on the cards,
	// questions and risks (found from outside: "▲ Suspected unit slip:
	// note 5" over a note saying "suspected copy of last month").
	md, err := os.ReadFile(filepath.Join(dir, "reports-marked", "monthly-"+last.String()+".md"))
	must(t, err)
	if strings.Contains(string(md), "unit slip") {
		i := strings.Index(string(md), "unit slip")
		t.Errorf("a copied month is called a unit slip: …%s…", string(md)[max(0, i-200):min(len(md), i+60)])
	}
	var ie *IncompleteError
	if !errors.As(refused, &ie) || !strings.Contains(refused.Error(), "finance-"+last.String()+".xlsx, Ledger!") ||
		!strings.Contains(refused.Error(), "suspected copy of last month") {
		t.Fatalf("report on September's finance workbook sent as October's: %v; want refused as a suspected copy naming it", refused)
	}
	if strings.Contains(refused.Error(), "budget") && strings.Contains(refused.Error(), "copy of last month: every value of Operating cost budget") {
		t.Errorf("the budget was judged for copies: %v", refused)
	}
}

// TestIncompleteNotNews: one representative's quota left blank in the
// report's month makes quota attainment incomplete; published with
// --allow-incomplete, it led page one's findings, marked but ranked as
// news (found from outside). A figure's comparison that reads an
// incomplete month is not news.
func TestIncompleteNotNews(t *testing.T) {
	ctx := context.Background()
	dir, res := demoCopy(t)
	last := res.Company.Truth.Params.Last
	book := filepath.Join(dir, "workbooks", "sales", "sales-"+last.String()+".xlsx")
	setCell(t, book, "Reps", "E4", nil)
	var rep *ReportResult
	ingested(t, dir, func(s *Session, _ *project.Project) (err error) {
		rep, err = Report(ctx, s, ReportOptions{Out: filepath.Join(dir, "reports"), Formats: []string{"md"}, AllowIncomplete: true})
		return err
	})
	r := rep.Report
	for _, f := range r.Findings {
		if len(f.Defects) > 0 && (f.Basis == "budget" || f.Basis == "yoy" || f.Basis == "ytd" || f.Basis == "ytdbudget") {
			t.Errorf("page one ranks %s on %s, which reads an incomplete month (defects %v): %s", f.Label, f.Basis, f.Defects, f.Text)
		}
	}
}

// ingested loads the project in dir, ingests it and runs fn in the same
// session; any error fails t.
func ingested(t *testing.T, dir string, fn func(s *Session, p *project.Project) error) {
	t.Helper()
	ctx := context.Background()
	p, err := project.Load(dir)
	must(t, err)
	s, err := Begin(ctx, p, Config{Command: "coo test"})
	must(t, err)
	err = func() error {
		if _, err := Ingest(ctx, s, IngestOptions{}); err != nil {
			return err
		}
		return fn(s, p)
	}()
	must(t, s.End(err, ""))
	must(t, err)
}

// setCell writes v into a cell of the workbook at path (nil empties it).
func setCell(t *testing.T, path, sheet, cell string, v any) {
	t.Helper()
	x, err := excelize.OpenFile(path)
	must(t, err)
	defer x.Close()
	must(t, x.SetCellValue(sheet, cell, v))
	must(t, x.Save())
}
