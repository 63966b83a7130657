package warehouse

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"coo"
)

// TestLastCompleteMonth builds a warehouse where sales reports up to
// October, hr up to September with a gap in August, and ops only through a
// replaced file, and checks the month by hand.
func TestLastCompleteMonth(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "w.duckdb"))
	aug := coo.NewPeriod(2026, 8)
	jul := coo.NewPeriod(2026, 7)
	load(t, db, File{Source: "sales", Name: "s.xlsx", SHA256: "s"},
		[]Fact{fact("revenue", jul, "", 1, 2, 2), fact("revenue", aug, "", 1, 3, 2), fact("revenue", sep, "", 1, 4, 2), fact("revenue", oct, "", 1, 5, 2)}, nil)
	load(t, db, File{Source: "hr", Name: "h.xlsx", SHA256: "h"},
		[]Fact{fact("headcount", jul, "", 1, 2, 2), fact("headcount", sep, "", 1, 3, 2)}, nil)
	promote(t, db)
	for _, tc := range []struct {
		required []string
		month    coo.Period
		missing  []string
	}{
		{[]string{"sales"}, oct, nil},
		{[]string{"sales", "hr"}, sep, nil},
		{[]string{"hr", "sales", "sales"}, sep, nil},
		{[]string{"sales", "ops"}, 0, []string{"ops"}},
		{[]string{"zeta", "alpha"}, 0, []string{"alpha", "zeta"}},
	} {
		month, missing, err := db.LastCompleteMonth(ctx, tc.required)
		if err != nil {
			t.Fatal(err)
		}
		if month != tc.month || !reflect.DeepEqual(missing, tc.missing) {
			t.Errorf("LastCompleteMonth(%v) = %s, %v; want %s, %v", tc.required, month, missing, tc.month, tc.missing)
		}
	}
	// A file that replaces sales' October with September only: October is
	// no longer there.
	load(t, db, File{Source: "sales", Name: "s2.xlsx", SHA256: "s2"}, []Fact{fact("revenue", jul, "", 2, 2, 2), fact("revenue", aug, "", 2, 3, 2), fact("revenue", sep, "", 2, 4, 2), fact("revenue", oct, "", 2, 5, 2)}, nil)
	promote(t, db)
	if month, _, _ := db.LastCompleteMonth(ctx, []string{"sales", "hr"}); month != sep {
		t.Errorf("after a replacement: %s, want %s", month, sep)
	}
}

func TestRefusedEarlier(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "w.duckdb"))
	f := File{Source: "ops", Name: "ops/o.xlsx", SHA256: "bad", Mapping: "m1"}
	if _, ok, err := db.RefusedEarlier(ctx, f); ok || err != nil {
		t.Fatalf("before anything: refused %v, err %v", ok, err)
	}
	if err := db.RefuseFile(ctx, f, Reject{Reason: "encrypted", Message: "the workbook is encrypted"}, 0); err != nil {
		t.Fatal(err)
	}
	reason, ok, err := db.RefusedEarlier(ctx, f)
	if err != nil || !ok || reason != "the workbook is encrypted" {
		t.Errorf("after refusing: %q, %v, %v", reason, ok, err)
	}
	other := f
	other.SHA256 = "good"
	if _, ok, _ := db.RefusedEarlier(ctx, other); ok {
		t.Error("another content at the same path: want not refused")
	}
	remapped := f
	remapped.Mapping = "m2"
	if _, ok, _ := db.RefusedEarlier(ctx, remapped); ok {
		t.Error("the same content under a changed mapping: want not refused (it is read again)")
	}
	load(t, db, File{Source: "ops", Name: "ops/o.xlsx", SHA256: "good", Mapping: "m1"}, []Fact{fact("cost", oct, "", 1, 2, 2)}, nil)
	promote(t, db)
	if _, ok, _ := db.RefusedEarlier(ctx, f); ok {
		t.Error("after a good version loaded at the path: want not refused")
	}
}
