package warehouse

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"coo"
)

// TestDefects builds a warehouse by hand with one of each defect and one
// decoy of each, and checks the list against what was planted.
func TestDefects(t *testing.T) {
	ctx := context.Background()
	now := t0
	db, err := Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), Options{Version: "test",
		Now: func() time.Time { now = now.Add(time.Minute); return now }}) // every step a minute later
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
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

	got, err := db.Defects(ctx, []string{"sales", "hr", "ops"}, sep)
	if err != nil {
		t.Fatal(err)
	}
	want := []coo.Defect{
		{Kind: coo.Rejected, Source: "sales", File: "s-07.xlsx", Sheet: "Sales", Cell: "E16", Reason: "not_a_number", Detail: "not a number: \"n/a\"", Months: []coo.Period{jul}},
		{Kind: coo.Refused, Source: "finance", File: "f-bad.xlsx", Reason: "encrypted", Detail: "the workbook is encrypted"},
		{Kind: coo.Missing, Source: "hr", Reason: "missing", Months: []coo.Period{aug}},
		{Kind: coo.Missing, Source: "ops", Reason: "missing"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Defects =\n%+v\nwant\n%+v", got, want)
	}

	// Publish September's report, then: a corrected July (the fix the
	// reject asked for: no restatement) and a changed August (a restatement).
	run, err := db.StartRun(ctx, "coo run monthly", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.AddRunFile(ctx, run, RunFile{Role: "output", Path: "reports/2026-09/monthly-2026-09.html", SHA256: "x", Size: 1}); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishRun(run, RunOK, 0, ""); err != nil {
		t.Fatal(err)
	}
	if p, _, err := db.LastPublished(ctx); err != nil || p != sep {
		t.Fatalf("LastPublished = %s, %v; want %s", p, err, sep)
	}
	load(t, db, File{Source: "sales", Name: "s-07.xlsx", SHA256: "s7b"}, []Fact{fact("revenue", jul, "", 2, 2, 2)}, nil)
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
	wantKinds := []string{"refused finance f-bad.xlsx", "missing sales ", "restated sales s-08.xlsx"}
	if !reflect.DeepEqual(kinds, wantKinds) {
		t.Errorf("after the corrections: %q, want %q", kinds, wantKinds)
	}
}
