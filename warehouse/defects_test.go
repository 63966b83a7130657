package warehouse

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"coo"
)

// TestDefects builds a warehouse by hand with one of each defect and one
// decoy of each, and checks the list against what was planted.
func TestDefects(t *testing.T) {
	ctx := context.Background()
	db := openTicking(t)
	jul, aug := coo.NewPeriod(2026, 7), coo.NewPeriod(2026, 8)

	// sales: July's file has a rejected cell; August's and September's are clean.
	load(t, db, File{Source: "sales", Name: "s-07.xlsx", SHA256: "s7"}, []Fact{fact("revenue", jul, "", 1, 2, 2)},
		[]Reject{{Sheet: "Sales", Cell: "E16", Reason: "not_a_number", Message: "not a number: \"n/a\""}})
	load(t, db, File{Source: "sales", Name: "s-08.xlsx", SHA256: "s8"}, []Fact{fact("revenue", aug, "", 1, 2, 2)}, nil)
	load(t, db, File{Source: "sales", Name: "s-09.xlsx", SHA256: "s9"}, []Fact{fact("revenue", sep, "", 1, 2, 2)}, nil)
	// hr: July and September, no August (a gap); ops is required and never reported.
	load(t, db, File{Source: "hr", Name: "h.xlsx", SHA256: "h"}, []Fact{fact("headcount", jul, "", 1, 2, 2), fact("headcount", sep, "", 1, 3, 2)}, nil)
	promote(t, db)
	// finance: a file refused whole, still pending; and a refused file that a
	// good one replaced at the same path (no longer a defect).
	if err := db.RefuseFile(ctx, File{Source: "finance", Name: "f-bad.xlsx", SHA256: "fb"}, Reject{Reason: "encrypted", Message: "the workbook is encrypted"}, 0); err != nil {
		t.Fatal(err)
	}
	if err := db.RefuseFile(ctx, File{Source: "finance", Name: "f-ok.xlsx", SHA256: "fo1"}, Reject{Reason: "not_a_workbook", Message: "not a zip"}, 0); err != nil {
		t.Fatal(err)
	}
	load(t, db, File{Source: "finance", Name: "f-ok.xlsx", SHA256: "fo2"}, []Fact{fact("cost", sep, "", 1, 2, 2)}, nil)
	promote(t, db)
	// A truncated workbook two sources read: one defect naming both.
	for _, src := range []string{"sales_reps", "budget"} {
		if err := db.RefuseFile(ctx, File{Source: src, Name: "s-cut.xlsx", SHA256: "sc"}, Reject{Reason: "not_a_workbook", Message: "truncated"}, 0); err != nil {
			t.Fatal(err)
		}
	}

	got, err := db.Defects(ctx, []string{"sales", "hr", "ops"}, sep)
	if err != nil {
		t.Fatal(err)
	}
	want := []coo.Defect{
		{Kind: coo.Rejected, Source: "sales", File: "s-07.xlsx", Sheet: "Sales", Cell: "E16", Reason: "not_a_number", Detail: "not a number: \"n/a\"", Months: []coo.Period{jul}},
		{Kind: coo.Refused, Source: "finance", File: "f-bad.xlsx", Reason: "encrypted", Detail: "the workbook is encrypted"},
		{Kind: coo.Refused, Source: "budget, sales_reps", File: "s-cut.xlsx", Reason: "not_a_workbook", Detail: "truncated"},
		{Kind: coo.Missing, Source: "hr", Reason: "missing", Months: []coo.Period{aug}},
		{Kind: coo.Missing, Source: "ops", Reason: "missing"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Defects =\n%+v\nwant\n%+v", got, want)
	}

	// Publish September's report, then: a corrected July (the fix the
	// reject asked for, its row loaded: no restatement) and a changed August (a restatement).
	publish(t, db, "reports/2026-09/monthly-2026-09.html")
	if p, _, err := db.LastPublished(ctx, oct); err != nil || p != sep {
		t.Fatalf("LastPublished = %s, %v; want %s", p, err, sep)
	}
	load(t, db, File{Source: "sales", Name: "s-07.xlsx", SHA256: "s7b"}, []Fact{fact("revenue", jul, "", 1, 2, 2), fact("revenue", jul, "region=East", 2, 16, 5)}, nil)
	load(t, db, File{Source: "sales", Name: "s-08.xlsx", SHA256: "s8b"}, []Fact{fact("revenue", aug, "", 3, 2, 2)}, nil)
	promote(t, db)
	got, err = db.Defects(ctx, []string{"sales"}, oct)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, d := range got {
		kinds = append(kinds, string(d.Kind)+" "+d.Source+" "+d.File)
		if d.Kind == coo.Restated && !reflect.DeepEqual(d.Months, []coo.Period{aug}) {
			t.Errorf("restatement months %v, want [%s]", d.Months, aug)
		}
	}
	// finance's refusal stays; sales has no October (missing); August was restated.
	wantKinds := []string{"refused finance f-bad.xlsx", "refused budget, sales_reps s-cut.xlsx", "missing sales ", "restated sales s-08.xlsx"}
	if !reflect.DeepEqual(kinds, wantKinds) {
		t.Errorf("after the corrections: %q, want %q", kinds, wantKinds)
	}
}

// TestDefectsRefusedNotMissing: the months a required source lacks because
// its workbook was refused whole are named once, as that refusal; a gap of
// a source whose refused file had been loaded before at its path (a
// resend that failed: its months are loaded) stays a missing month, as
// does a gap of a source with no refusal.
func TestDefectsRefusedNotMissing(t *testing.T) {
	ctx := context.Background()
	db := openTicking(t)
	months := func(from coo.Period, n int) []Fact {
		var out []Fact
		for i := range n {
			out = append(out, fact("spend", from.Add(i), "", 1, 2+i, 2))
		}
		return out
	}
	apr24, apr26 := coo.NewPeriod(2024, 4), coo.NewPeriod(2026, 4)
	// marketing: FY2025 and FY2027 loaded, FY2026 refused whole (twelve months lacking).
	load(t, db, File{Source: "marketing", Name: "m-FY2025.xlsx", SHA256: "m5"}, months(apr24, 12), nil)
	load(t, db, File{Source: "marketing", Name: "m-FY2027.xlsx", SHA256: "m7"}, months(apr26, 7), nil)
	promote(t, db)
	if err := db.RefuseFile(ctx, File{Source: "marketing", Name: "m-FY2026.xlsx", SHA256: "m6"}, Reject{Sheet: "Channels", Cell: "S7", Reason: "total_mismatch", Message: "m-FY2026.xlsx: a total does not add up"}, 0); err != nil {
		t.Fatal(err)
	}
	// sales: monthly files from 2026-01, no 2026-03; 2026-05 was loaded,
	// then sent again and refused (its month is loaded: not a gap).
	for _, p := range []coo.Period{coo.NewPeriod(2026, 1), coo.NewPeriod(2026, 2)} {
		load(t, db, File{Source: "sales", Name: "s-" + p.String() + ".xlsx", SHA256: "s" + p.String()}, []Fact{fact("revenue", p, "", 1, 2, 2)}, nil)
	}
	for p := coo.NewPeriod(2026, 4); p <= oct; p++ {
		load(t, db, File{Source: "sales", Name: "s-" + p.String() + ".xlsx", SHA256: "s" + p.String()}, []Fact{fact("revenue", p, "", 1, 2, 2)}, nil)
	}
	promote(t, db)
	if err := db.RefuseFile(ctx, File{Source: "sales", Name: "s-2026-05.xlsx", SHA256: "s5b"}, Reject{Reason: "encrypted", Message: "the workbook is encrypted"}, 0); err != nil {
		t.Fatal(err)
	}
	// hr: no refusal, a gap in August.
	load(t, db, File{Source: "hr", Name: "h.xlsx", SHA256: "h"}, []Fact{fact("headcount", sep.Add(-2), "", 1, 2, 2), fact("headcount", sep, "", 1, 3, 2), fact("headcount", oct, "", 1, 4, 2)}, nil)
	promote(t, db)

	got, err := db.Defects(ctx, []string{"marketing", "sales", "hr"}, oct)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, d := range got {
		lines = append(lines, fmt.Sprintf("%s %s %s %v", d.Kind, d.Source, d.File, d.Months))
	}
	want := []string{
		"refused marketing m-FY2026.xlsx []",
		"refused sales s-2026-05.xlsx []",
		"missing sales  [2026-03]",
		"missing hr  [2026-08]",
	}
	if !reflect.DeepEqual(lines, want) {
		t.Errorf("Defects =\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

// TestDefectsRestated: a workbook that three sources read (as the demo's
// sales workbooks feed sales, sales_budget and sales_reps) is sent again
// after September's report was published. Sent with the same values it is
// no restatement; with one source's value changed it is one restatement
// naming that source and month; with two sources' values changed, still
// one, naming both. A month after the published one is no restatement.
func TestDefectsRestated(t *testing.T) {
	jul, aug := coo.NewPeriod(2026, 7), coo.NewPeriod(2026, 8)
	type values struct{ revenue, budget, quota float64 }
	loadBook := func(t *testing.T, db *DB, name, sha string, p coo.Period, v values) {
		t.Helper()
		fs := []File{{Source: "sales", Name: name, SHA256: sha}, {Source: "sales_budget", Name: name, SHA256: sha}, {Source: "sales_reps", Name: name, SHA256: sha}}
		load(t, db, fs[0], []Fact{fact("revenue", p, "region=East", v.revenue, 5, 3), fact("revenue", p, "region=West", 2, 6, 3)}, nil)
		load(t, db, fs[1], []Fact{fact("revenue_budget", p, "", v.budget, 20, 3)}, nil)
		load(t, db, fs[2], []Fact{fact("quota", p, "rep=Li", v.quota, 30, 3)}, nil)
		promote(t, db)
	}
	base := values{revenue: 100, budget: 90, quota: 10}
	for _, tc := range []struct {
		name      string
		resend    values
		month     coo.Period // of the workbook sent again
		want      []string   // kind, source, file, detail, months
		published coo.Period
	}{
		{"same values", base, jul, nil, sep},
		{"one source changed", values{101, 90, 10}, jul,
			[]string{"restated|sales|s-07.xlsx|s-07.xlsx|[2026-07]"}, sep},
		{"two sources changed", values{101, 90, 12}, aug,
			[]string{"restated|sales, sales_reps|s-08.xlsx|s-08.xlsx|[2026-08]"}, sep},
		{"after the published month", values{101, 95, 12}, oct, nil, sep},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			db := openTicking(t)
			for _, p := range []coo.Period{jul, aug, sep, oct} {
				loadBook(t, db, fmt.Sprintf("s-%02d.xlsx", p.Month()), "a", p, base)
			}
			publish(t, db, "reports/"+tc.published.String()+"/monthly-"+tc.published.String()+".pdf")
			loadBook(t, db, fmt.Sprintf("s-%02d.xlsx", tc.month.Month()), "b", tc.month, tc.resend)
			got, err := db.Defects(ctx, nil, oct)
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, d := range got {
				lines = append(lines, fmt.Sprintf("%s|%s|%s|%s|%v", d.Kind, d.Source, d.File, d.Detail, d.Months))
			}
			if !reflect.DeepEqual(lines, tc.want) {
				t.Errorf("Defects after sending %s again =\n%s\nwant\n%s", tc.name, strings.Join(lines, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestDefectsRestatedPreview: a report of an earlier month, written after
// a restatement, is not the baseline of the later month's next report.
// Found from outside: October published; May's workbook sent again with a
// changed value; a June report written to another folder named the
// restatement; October's next report then showed the changed year to date
// unmarked, as if its readers had seen it published.
func TestDefectsRestatedPreview(t *testing.T) {
	ctx := context.Background()
	db := openTicking(t)
	may := coo.NewPeriod(2026, 5)
	for p := may; p <= oct; p++ {
		load(t, db, File{Source: "sales", Name: fmt.Sprintf("s-%02d.xlsx", p.Month()), SHA256: "a"}, []Fact{fact("revenue", p, "", 100, 2, 2)}, nil)
	}
	promote(t, db)
	report := func(p coo.Period, dir string) {
		t.Helper()
		publish(t, db, dir+"/monthly-"+p.String()+".md")
	}
	restated := func(upTo coo.Period) []string {
		t.Helper()
		got, err := db.Defects(ctx, nil, upTo)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range got {
			out = append(out, fmt.Sprintf("%s %s %v", d.Kind, d.File, d.Months))
		}
		return out
	}
	report(oct, "reports/2026-10")
	load(t, db, File{Source: "sales", Name: "s-05.xlsx", SHA256: "b"}, []Fact{fact("revenue", may, "", 101, 2, 2)}, nil)
	promote(t, db)
	want := []string{"restated s-05.xlsx [2026-05]"}
	if got := restated(oct); !reflect.DeepEqual(got, want) {
		t.Fatalf("before the preview: %q, want %q", got, want)
	}
	report(coo.NewPeriod(2026, 6), "/tmp/scratch")
	if got := restated(oct); !reflect.DeepEqual(got, want) {
		t.Errorf("October after a June preview: %q, want %q", got, want)
	}
	if got := restated(coo.NewPeriod(2026, 6)); got != nil {
		t.Errorf("June after its own report: %q, want none", got)
	}
	report(oct, "reports/2026-10")
	if got := restated(oct); got != nil {
		t.Errorf("October after October published again: %q, want none", got)
	}
}

// TestDefectsAbsent: a member with a value in each of the six months
// before the report's and none in it is named, per source and measure,
// with the workbooks that sent the month; a member that comes and goes,
// the total's own facts, and a measure not sent for the month are not.
// Found from outside: a unit's row left out of October's headcount
// workbook took a third off the company's headcount without a mark. By
// hand: one workbook a month, 2026-04 to 2026-10.
func TestDefectsAbsent(t *testing.T) {
	ctx := context.Background()
	db := openTicking(t)
	apr := coo.NewPeriod(2026, 4)
	for p := apr; p <= oct; p++ {
		fs := []Fact{fact("headcount", p, "unit=Finance", 20, 2, 2), fact("headcount", p, "", 60, 5, 2)}
		if p < oct {
			fs = append(fs, fact("headcount", p, "unit=Sales", 40, 3, 2), fact("headcount", p, "unit=R&D", 30, 4, 2),
				fact("leavers", p, "unit=Sales", 1, 3, 3))
		}
		if p%2 == 0 {
			fs = append(fs, fact("headcount", p, "unit=Temps", 5, 6, 2)) // every other month
		}
		if p == sep {
			fs = fs[:len(fs)-1] // no Temps in September either way
		}
		load(t, db, File{Source: "hr", Name: fmt.Sprintf("hr-%02d.xlsx", p.Month()), SHA256: p.String()}, fs, nil)
	}
	promote(t, db)
	got, err := db.Defects(ctx, nil, oct)
	if err != nil {
		t.Fatal(err)
	}
	want := []coo.Defect{{Kind: coo.Absent, Source: "hr", Measure: "headcount", File: "hr-10.xlsx", Reason: "absent",
		Detail: "unit=R&D, unit=Sales", Months: []coo.Period{oct}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Defects =\n%+v\nwant\n%+v", got, want)
	}
	if got, err := db.Defects(ctx, nil, sep); err != nil || got != nil {
		t.Errorf("September: %+v, %v; want none", got, err)
	}
	// November and December bring Sales and R&D back: December's year to
	// date still lacks their October, and says so (found from outside:
	// only October's own report named it); a year later it is no longer
	// judged.
	nov, dec := oct+1, oct+2
	for _, p := range []coo.Period{nov, dec} {
		load(t, db, File{Source: "hr", Name: fmt.Sprintf("hr-%02d.xlsx", p.Month()), SHA256: p.String()},
			[]Fact{fact("headcount", p, "unit=Finance", 20, 2, 2), fact("headcount", p, "unit=Sales", 40, 3, 2), fact("headcount", p, "unit=R&D", 30, 4, 2)}, nil)
	}
	promote(t, db)
	if got, err := db.Defects(ctx, nil, dec); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("December: %+v, %v; want October's absence\n%+v", got, err, want)
	}
	// January's workbook has a cell set aside and no Finance row (Finance
	// had a value in every month before): the row set aside is the one
	// missing, named by its cell, not also as absent.
	jan := dec + 1
	load(t, db, File{Source: "hr", Name: "hr-01.xlsx", SHA256: jan.String()},
		[]Fact{fact("headcount", jan, "unit=Sales", 40, 3, 2), fact("headcount", jan, "unit=R&D", 30, 4, 2)},
		[]Reject{{Sheet: "HR", Cell: "B3", Reason: "not_a_number", Message: "not a number"}})
	promote(t, db)
	got, err = db.Defects(ctx, nil, jan)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, d := range got {
		kinds = append(kinds, fmt.Sprintf("%s %v", d.Kind, d.Months))
	}
	if want := []string{"rejected [2027-01]", "absent [2026-10]"}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("January: %q, want %q", kinds, want)
	}
	if got, err := db.Defects(ctx, nil, jan+coo.AbsentWindow); err != nil || len(got) != 1 || got[0].Kind != coo.Rejected {
		t.Errorf("a year after January: %+v, %v; want only January's cell set aside", got, err)
	}
}

// TestDefectsRestatedFix: a workbook that had a cell set aside, sent
// again with the cell filled, is the fix; one that also changes a value
// that had loaded restates it (found from outside: September re-sent with
// its blank travel cell filled and payroll 1 M higher, and October's next
// report read as complete).
func TestDefectsRestatedFix(t *testing.T) {
	for _, tc := range []struct {
		name string
		east float64 // East's revenue in the corrected workbook (100 before)
		want []string
	}{
		{"the row set aside comes", 100, nil},
		{"and a loaded value changes", 130, []string{"restated|sales|s-09.xlsx|s-09.xlsx|[2026-09]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			db := openTicking(t)
			f := File{Source: "sales", Name: "s-09.xlsx", SHA256: "a"}
			load(t, db, f, []Fact{fact("revenue", sep, "region=East", 100, 5, 3)},
				[]Reject{{Sheet: "S", Cell: "C6", Reason: "blank_value", Message: "no value"}})
			promote(t, db)
			publish(t, db, "reports/monthly-2026-09.md")
			f.SHA256 = "b"
			load(t, db, f, []Fact{fact("revenue", sep, "region=East", tc.east, 5, 3), fact("revenue", sep, "region=West", 40, 6, 3)}, nil)
			promote(t, db)
			got, err := db.Defects(ctx, nil, oct)
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, d := range got {
				lines = append(lines, fmt.Sprintf("%s|%s|%s|%s|%v", d.Kind, d.Source, d.File, d.Detail, d.Months))
			}
			if !reflect.DeepEqual(lines, tc.want) {
				t.Errorf("Defects =\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// openTicking opens a new warehouse whose clock moves a minute at each
// reading, so that every load and run is later than the one before.
func openTicking(t *testing.T) *DB {
	t.Helper()
	now := t0
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "w.duckdb"), Options{Version: "test",
		Now: func() time.Time { now = now.Add(time.Minute); return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// publish records a successful run that wrote the report output path.
func publish(t *testing.T, db *DB, path string) {
	t.Helper()
	ctx := context.Background()
	run, err := db.StartRun(ctx, "coo report monthly", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.AddRunFile(ctx, run, RunFile{Role: "output", Path: path, SHA256: "x", Size: 1}); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishRun(run, RunOK, 0, ""); err != nil {
		t.Fatal(err)
	}
}
