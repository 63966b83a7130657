package ingest

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestOutOfRange: a value of magnitude 1e15 or more (after the measure's
// scale) is set aside as out_of_range, naming its cell (and its row, as
// any bad cell of a tidy row does). The cells and values are those
// written here.
func TestOutOfRange(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Ledger")
	rows := [][]any{
		{"Month", "Cost line", "Budget", "Actual"},
		{"2026-09", "Rent", 100, 1e16},                  // D2: a number cell
		{"2026-09", "IT", 200, "2,000,000,000,000,000"}, // D3: text
		{"2026-09", "Travel", 300, -1e15},               // D4: exactly -1e15
		{"2026-09", "Fees", 1.5e12, 5},                  // C5 is 1.5e15 in thousands
		{"2026-09", "Tax", 9.99e11, 9.99e14},            // both load
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Ledger", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	src := ledger
	src.Measures = []Measure{
		{Column: Column{Name: "budget", Header: "Budget"}, Unit: "CNY", Scale: 1000},
		{Column: Column{Name: "actual", Header: "Actual"}, Unit: "CNY"},
	}
	s := &memSink{}
	if _, err := Read(context.Background(), &src, "books/ledger.xlsx", buf.Bytes(), s, Limits{}); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range s.rejects {
		got[r.Cell] = r.Reason
		if r.Reason == "out_of_range" && (!strings.Contains(r.Message, "books/ledger.xlsx") || !strings.Contains(r.Message, "Ledger") || !strings.Contains(r.Message, r.Cell)) {
			t.Errorf("reject message %q does not name the file, sheet and cell %s", r.Message, r.Cell)
		}
	}
	for _, cell := range []string{"D2", "D3", "D4", "C5"} {
		if got[cell] != "out_of_range" {
			t.Errorf("%s: reject reason %q, want out_of_range (rejects %v)", cell, got[cell], got)
		}
	}
	loaded := map[float64]bool{}
	for _, x := range s.facts {
		loaded[x.Value] = true
	}
	for _, v := range []float64{9.99e14, 9.99e14} {
		if !loaded[v] {
			t.Errorf("value %v not loaded; facts %+v", v, s.facts)
		}
	}
	if len(s.facts) != 2 {
		t.Errorf("%d facts loaded, want 2 (row 6): %+v", len(s.facts), s.facts)
	}
}
