package main

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"coo"
	"coo/internal/demo"
)

// TestReportMonthlyAgainstTruth runs coo demo and coo report monthly, reads
// the Markdown report's key-figures table, and checks every number in it
// against figures this test computes from the generator's ground truth:
// the month, MoM, YoY, year to date and its change, budget, attainment and
// the rolling 12 months. It does not call analysis.
func TestReportMonthlyAgainstTruth(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	if code, out, errs := runCoo(t, "demo", "--project", dir, "--quiet"); code != exitOK {
		t.Fatalf("coo demo = %d\n%s\n%s", code, out, errs)
	}
	out := filepath.Join(dir, "out")
	if code, stdout, errs := runCoo(t, "report", "monthly", "--project", dir, "--period", "2026-10", "--out", out, "--format", "md,html"); code != exitOK {
		t.Fatalf("coo report monthly = %d\n%s\n%s", code, stdout, errs)
	}
	md, err := os.ReadFile(filepath.Join(out, "monthly-2026-10.md"))
	if err != nil {
		t.Fatal(err)
	}
	tables := keyFigures(t, md)
	if len(tables) != 2 {
		t.Fatalf("key figures: want the month's table and the year's, got %d tables", len(tables))
	}

	// The truth: every value the generator wrote, the planted problem cells
	// with the values the corrected workbooks carry (the demo's departments
	// send them again after the first report is refused).
	co, err := demo.Generate(demo.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	monthly := map[[2]string]map[coo.Period]float64{} // source, measure -> month -> total
	add := func(source, measure string, p coo.Period, v float64) {
		k := [2]string{source, measure}
		if monthly[k] == nil {
			monthly[k] = map[coo.Period]float64{}
		}
		monthly[k][p] += v
	}
	for _, f := range co.Truth.Facts {
		add(f.Source, f.Measure, f.Period, f.Value)
	}
	for _, f := range co.Truth.Problems {
		add(f.Source, f.Measure, f.Period, f.Value)
	}
	p := coo.NewPeriod(2026, 10)
	fyStart := coo.NewPeriod(2026, 4) // the demo's fiscal year starts in April
	sum := func(m map[coo.Period]float64, from, to coo.Period) float64 {
		s := 0.0
		for q := from; q <= to; q++ {
			v, ok := m[q]
			if !ok {
				return math.NaN()
			}
			s += v
		}
		return s
	}
	type kpi struct {
		label          string
		actual, budget [2]string
		stock          bool
	}
	kpis := []kpi{
		{"Revenue", [2]string{"sales", "revenue"}, [2]string{"sales_budget", "revenue_budget"}, false},
		{"Operating cost", [2]string{"finance", "actual"}, [2]string{"finance", "budget"}, false},
		{"Units sold", [2]string{"sales", "units"}, [2]string{}, false},
		{"Leads", [2]string{"marketing", "leads"}, [2]string{}, false},
		{"Headcount", [2]string{"hr", "headcount"}, [2]string{}, true},
	}
	checked := 0
	for _, k := range kpis {
		month, ok := tables[0][k.label]
		year, ok2 := tables[1][k.label]
		if !ok || !ok2 {
			t.Errorf("key figures: no row %q (rows: %v)", k.label, keys(tables[0]))
			continue
		}
		a := monthly[k.actual]
		v := a[p]
		ytd, ytdLY := sum(a, fyStart, p), sum(a, fyStart-12, p-12)
		r12 := sum(a, p-11, p)
		if k.stock {
			ytd, ytdLY, r12 = v, a[p-12], r12/12
		}
		// table 0: month, MoM, YoY, budget, variance, attainment; table 1:
		// year to date, its change on last year, rolling 12 months.
		want := map[[2]int]float64{{0, 1}: v, {0, 2}: v/a[p-1] - 1, {0, 3}: v/a[p-12] - 1, {1, 1}: ytd, {1, 2}: ytd/ytdLY - 1, {1, 3}: r12}
		if k.budget != [2]string{} {
			b := monthly[k.budget]
			want[[2]int{0, 4}], want[[2]int{0, 5}], want[[2]int{0, 6}] = b[p], v-b[p], v/b[p]
		}
		for col, w := range want {
			cell := [][]string{month, year}[col[0]][col[1]]
			got, tol, isPct := parseFigure(cell)
			if math.IsNaN(got) {
				t.Errorf("%s column %d: %q is not a number (want %g)", k.label, col, cell, w)
				continue
			}
			if isPct {
				w *= 100
			}
			if math.Abs(got-w) > tol*(1+1e-9) {
				t.Errorf("%s column %d: report says %q (%g), truth is %g", k.label, col, cell, got, w)
			}
			checked++
		}
	}
	// check compares one printed figure with the truth.
	check := func(what, cell string, w float64) {
		t.Helper()
		got, tol, isPct := parseFigure(cell)
		if isPct {
			w *= 100
		}
		if math.IsNaN(got) || math.Abs(got-w) > tol*(1+1e-9) {
			t.Errorf("%s: report says %q, truth is %g", what, cell, w)
		}
		checked++
	}

	// What drove revenue's change: each region then (a year ago) and now.
	byDim := map[string]map[coo.Period]float64{} // source/measure/dim=value -> month -> total
	addDims := func(source, measure string, dims []coo.Dim, p coo.Period, v float64) {
		for _, d := range dims {
			k := source + "/" + measure + "/" + d.Key + "=" + d.Value
			if byDim[k] == nil {
				byDim[k] = map[coo.Period]float64{}
			}
			byDim[k][p] += v
		}
	}
	for _, f := range co.Truth.Problems {
		addDims(f.Source, f.Measure, f.Dims, f.Period, f.Value)
	}
	for _, f := range co.Truth.Facts {
		addDims(f.Source, f.Measure, f.Dims, f.Period, f.Value)
	}
	drivers := tablesUnder(t, md, "### Revenue: change on 2025-10")
	if len(drivers) != 1 || len(drivers[0]) != 5 { // the header and 4 regions
		t.Fatalf("revenue's contributions: want one table of the 4 regions, got %v", drivers)
	}
	for region, row := range drivers[0] {
		if region == "(header)" {
			continue
		}
		m := byDim["sales/revenue/region="+region]
		check("revenue of "+region+" a year ago", row[1], m[p-12])
		check("revenue of "+region, row[2], m[p])
		check("revenue change of "+region, row[3], m[p]-m[p-12])
	}

	// The departments' ratios: month, last month, last year, rolling 12
	// months (sums over sums; a stock's average).
	r12 := func(m map[coo.Period]float64, stock bool) float64 {
		v := sum(m, p-11, p)
		if stock {
			v /= 12
		}
		return v
	}
	ratios := []struct {
		dept, name string
		num, den   map[coo.Period]float64
		denStock   bool
	}{
		{"Sales", "Revenue per salesperson", monthly[[2]string{"sales", "revenue"}], byDim["hr/headcount/unit=Sales"], true},
		{"Sales", "Quota attainment", monthly[[2]string{"sales_reps", "revenue"}], monthly[[2]string{"sales_reps", "quota"}], false},
		{"Marketing", "Cost per lead", monthly[[2]string{"marketing", "spend"}], monthly[[2]string{"marketing", "leads"}], false},
		{"R&D", "Task completion", monthly[[2]string{"rd", "done_tasks"}], monthly[[2]string{"rd", "planned_tasks"}], false},
		{"R&D", "Defects per task done", monthly[[2]string{"rd", "defects"}], monthly[[2]string{"rd", "done_tasks"}], false},
		{"HR", "Staff turnover", monthly[[2]string{"hr", "leavers"}], monthly[[2]string{"hr", "headcount"}], true},
		{"HR", "Training hours per head", monthly[[2]string{"hr", "training_hours"}], monthly[[2]string{"hr", "headcount"}], true},
	}
	for _, rt := range ratios {
		var row []string
		for _, tb := range tablesUnder(t, md, "## Department review: "+strings.ReplaceAll(rt.dept, "&", `\&`)) {
			if r, ok := tb[rt.name]; ok {
				row = r
			}
		}
		if row == nil {
			t.Errorf("%s: no ratio %q", rt.dept, rt.name)
			continue
		}
		check(rt.name+" in the month", row[1], rt.num[p]/rt.den[p])
		check(rt.name+" last month", row[2], rt.num[p-1]/rt.den[p-1])
		check(rt.name+" last year", row[3], rt.num[p-12]/rt.den[p-12])
		check(rt.name+" over 12 months", row[4], r12(rt.num, false)/r12(rt.den, rt.denStock))
	}
	if checked < 76 {
		t.Errorf("only %d figures checked", checked)
	}
	t.Logf("%d figures of the report agree with the truth", checked)

	// The same warehouse, month and generation time give the same bytes,
	// in every format, charts included.
	t.Setenv("SOURCE_DATE_EPOCH", "1795000000")
	var runs [2]map[string][]byte
	for i := range runs {
		o := filepath.Join(dir, fmt.Sprint("again", i))
		if code, stdout, errs := runCoo(t, "report", "monthly", "--project", dir, "--period", "2026-10", "--out", o); code != exitOK {
			t.Fatalf("coo report monthly = %d\n%s\n%s", code, stdout, errs)
		}
		runs[i] = readTree(t, o)
	}
	if len(runs[0]) < 4 {
		t.Fatalf("report wrote %d files", len(runs[0]))
	}
	for name, data := range runs[0] {
		if !bytes.Equal(data, runs[1][name]) {
			t.Errorf("%s differs between two runs on the same warehouse", name)
		}
	}
	if !bytes.Contains(runs[0]["monthly-2026-10.html"], []byte("2026-11-18")) {
		t.Errorf("the HTML does not print SOURCE_DATE_EPOCH's date")
	}

	// A month nobody has reported is not published, unless asked; then the
	// first page says what is missing. (A rejected cell's refusal is tested
	// in package pipeline, TestIncompleteReportRefused, and by the demo.)
	for _, c := range []struct{ period, want string }{
		{"2026-11", "no data for 2026-11 from finance, hr, marketing, rd, sales"},
	} {
		o := filepath.Join(dir, "refused"+c.period)
		code, _, errs := runCoo(t, "report", "monthly", "--project", dir, "--period", c.period, "--out", o, "--format", "html")
		if code != exitRefused || !strings.Contains(errs, c.want) || !strings.Contains(errs, "--allow-incomplete") {
			t.Errorf("report %s = %d, want %d saying %q and how to publish anyway:\n%s", c.period, code, exitRefused, c.want, errs)
		}
		if _, err := os.Stat(o); err == nil {
			t.Errorf("report %s refused but wrote %s", c.period, o)
		}
		code, _, errs = runCoo(t, "report", "monthly", "--project", dir, "--period", c.period, "--out", o, "--format", "html", "--allow-incomplete")
		if code != exitOK {
			t.Fatalf("report %s --allow-incomplete = %d\n%s", c.period, code, errs)
		}
		page, err := os.ReadFile(filepath.Join(o, "monthly-"+c.period+".html"))
		if err != nil {
			t.Fatal(err)
		}
		if i, j := bytes.Index(page, []byte("This report is incomplete")), bytes.Index(page, []byte(`id="summary"`)); i < 0 || i > j {
			t.Errorf("report %s --allow-incomplete: the first page does not say it is incomplete", c.period)
		}
	}

	// The HTML escapes what came from workbooks and is one file.
	html, err := os.ReadFile(filepath.Join(out, "monthly-2026-10.html"))
	if err != nil {
		t.Fatal(err)
	}
	// Its one script is inline (sortable tables); nothing is fetched.
	if !bytes.Contains(html, []byte("<svg")) || bytes.Count(html, []byte("<script")) != 1 || !regexp.MustCompile(`<script>\s*\(function`).Match(html) {
		t.Errorf("the HTML should inline its charts and its one script")
	}
	for _, m := range regexp.MustCompile(`(?i)\s(?:src|href)\s*=\s*["']([^"']*)`).FindAllSubmatch(html, -1) {
		if v := string(m[1]); !strings.HasPrefix(v, "#") && !strings.HasPrefix(v, "data:") {
			t.Errorf("the HTML should fetch nothing, but links %q", v)
		}
	}
	if bytes.Contains(html, []byte("@import")) || regexp.MustCompile(`url\(\s*['"]?[^d'"#]`).Match(html) {
		t.Errorf("the HTML's style should fetch nothing")
	}
}

// keyFigures returns the Markdown tables under the "Key figures" heading,
// each as its rows by their first cell.
func keyFigures(t *testing.T, md []byte) []map[string][]string {
	t.Helper()
	var tables []map[string][]string
	in, inTable := false, false
	for _, line := range strings.Split(string(md), "\n") {
		if !strings.HasPrefix(line, "|") {
			inTable = false
		}
		switch {
		case strings.HasPrefix(line, "#") && strings.Contains(line, "Key figures"):
			in = true
		case in && strings.HasPrefix(line, "#"):
			return tables
		case in && strings.HasPrefix(line, "|"):
			if !inTable {
				tables = append(tables, map[string][]string{})
				inTable = true
			}
			rows := tables[len(tables)-1]
			cells := strings.Split(strings.Trim(line, "|"), "|")
			for i := range cells {
				cells[i] = strings.TrimSpace(strings.ReplaceAll(cells[i], `\`, ""))
				cells[i] = strings.Trim(cells[i], "*")
			}
			if len(cells) > 1 && !strings.HasPrefix(cells[0], "---") && !strings.HasPrefix(cells[0], ":--") {
				rows[cells[0]] = cells
			}
		}
	}
	if len(tables) == 0 {
		t.Fatalf("no key-figures table in the Markdown:\n%s", md)
	}
	return tables
}

// tablesUnder returns the Markdown tables between the heading line and the
// next heading of the same or a higher level, each as its rows by their
// first cell.
func tablesUnder(t *testing.T, md []byte, heading string) []map[string][]string {
	t.Helper()
	level := strings.Index(heading, " ")
	var tables []map[string][]string
	in, inTable := false, false
	for _, line := range strings.Split(string(md), "\n") {
		if !strings.HasPrefix(line, "|") {
			inTable = false
		}
		switch {
		case line == heading:
			in = true
		case in && strings.HasPrefix(line, "#") && strings.Index(line, " ") <= level:
			return tables
		case in && strings.HasPrefix(line, "|"):
			if !inTable {
				tables = append(tables, map[string][]string{})
				inTable = true
			}
			cells := strings.Split(strings.Trim(line, "|"), "|")
			for i := range cells {
				cells[i] = strings.Trim(strings.TrimSpace(strings.ReplaceAll(cells[i], `\`, "")), "*")
			}
			tb := tables[len(tables)-1]
			switch {
			case len(cells) < 2 || strings.HasPrefix(cells[0], "---") || strings.HasPrefix(cells[0], ":--"):
				// the delimiter row
			case len(tb) == 0:
				tb["(header)"] = cells
			default:
				tb[cells[0]] = cells
			}
		}
	}
	return tables
}

func keys(m map[string][]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// parseFigure reads a figure as the report prints it ("12.35 M", "850.2 K",
// "1,234", "+4.1%", "96.0%") and returns its value (a percentage as
// printed), half a unit of its last printed digit, and whether it is a
// percentage. NaN when it is not a figure.
// figurePrefix is a figure without what follows it: "+1,234.5 M", "18.1%".
var figurePrefix = regexp.MustCompile(`^[+-]?[\d,]+(\.\d+)?(%| [KMB]\b)?`)

func parseFigure(s string) (v, tol float64, pct bool) {
	// The writer marks levels with a sign before the figure (✓, ✕, ▲) and
	// anomalies with ※ after it.
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "※"))
	s = strings.TrimSpace(strings.TrimLeft(s, "✓✕▲● "))
	// A ratio names its unit after the figure ("224.1 CNY per lead", "18.1%
	// (annual)").
	if m := figurePrefix.FindString(s); m != "" {
		s = m
	}
	scale := 1.0
	switch {
	case strings.HasSuffix(s, "%"):
		pct, s = true, strings.TrimSuffix(s, "%")
	case strings.HasSuffix(s, " B"):
		scale, s = 1e9, strings.TrimSuffix(s, " B")
	case strings.HasSuffix(s, " M"):
		scale, s = 1e6, strings.TrimSuffix(s, " M")
	case strings.HasSuffix(s, " K"):
		scale, s = 1e3, strings.TrimSuffix(s, " K")
	}
	s = strings.ReplaceAll(strings.TrimPrefix(s, "+"), ",", "")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN(), 0, pct
	}
	decimals := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		decimals = len(s) - i - 1
	}
	return f * scale, 0.5 * math.Pow(10, -float64(decimals)) * scale, pct
}

// readTree reads every file under dir by its slash-separated relative path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// BenchmarkReportMonthly writes the demo's monthly report in all three
// formats from a warehouse whose forecasts are stored (coo demo stores
// them), as coo report monthly does: analysis, charts, HTML, PDF, Markdown.
func BenchmarkReportMonthly(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "demo")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"demo", "--project", dir, "--quiet"}, &out, &errb); code != exitOK {
		b.Fatalf("coo demo = %d\n%s", code, errb.String())
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := run(context.Background(), []string{"report", "monthly", "--project", dir, "--period", "2026-10", "--out", filepath.Join(dir, "bench"), "--quiet"}, &out, &errb); code != exitOK {
			b.Fatalf("coo report monthly = %d\n%s", code, errb.String())
		}
	}
}
