package warehouse

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

// TestRejects: by default only the current version of a file counts; with
// all, every version's rejects, by file, then in sheet order (B2 and C3
// before A10); a refused file's reject has no sheet or cell.
func TestRejects(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "w.duckdb"))
	load(t, db, File{Source: "finance", Name: "a.xlsx", SHA256: "v1"}, []Fact{fact("actual", sep, "", 1, 2, 4)}, []Reject{
		{Sheet: "Ledger", Cell: "A10", Reason: "not_a_number", Message: "type a number", Raw: "n/a"},
		{Sheet: "Ledger", Cell: "B2", Reason: "blank_value", Message: "fill it in"},
	})
	load(t, db, File{Source: "hr", Name: "b.xlsx", SHA256: "b1"}, nil, []Reject{{Reason: "encrypted", Message: "save it without a password"}})
	promote(t, db)
	load(t, db, File{Source: "finance", Name: "a.xlsx", SHA256: "v2"}, []Fact{fact("actual", sep, "", 1, 2, 4)}, []Reject{
		{Sheet: "Ledger", Cell: "C3", Reason: "not_a_period", Message: "write the month as YYYY-MM", Raw: "Sept"},
	})
	promote(t, db)

	cells := func(rs []StoredReject) (out []string) {
		for _, r := range rs {
			out = append(out, r.File+"!"+r.Cell)
		}
		return out
	}
	for _, tc := range []struct {
		all  bool
		want []string
	}{
		{false, []string{"a.xlsx!C3", "b.xlsx!"}},
		{true, []string{"a.xlsx!B2", "a.xlsx!C3", "a.xlsx!A10", "b.xlsx!"}},
	} {
		got, err := db.Rejects(ctx, tc.all)
		if err != nil {
			t.Fatal(err)
		}
		if g := cells(got); !slices.Equal(g, tc.want) {
			t.Errorf("Rejects(all %v) = %v, want %v", tc.all, g, tc.want)
		}
	}
	got, _ := db.Rejects(ctx, false)
	if r := got[0]; r.Reason != "not_a_period" || r.Message != "write the month as YYYY-MM" || r.Raw != "Sept" || r.Sheet != "Ledger" || r.Run != nil {
		t.Errorf("Rejects()[0] = %+v, want C3 not_a_period with its message and raw text, no run", r)
	}
}
