package ingest

import (
	"context"
	"errors"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"coo/warehouse"
)

// wideTwo maps the trap workbooks of testdata/layouts (as its coo.yaml does).
var wideTwo = Source{Name: "marketing", Files: "*.xlsx", Layout: Wide,
	Dimensions: []Column{{Name: "channel", Header: "Channel"}},
	Measures:   []Measure{{Column: Column{Name: "spend"}, Title: "Spend", Scale: 1000}, {Column: Column{Name: "leads"}, Title: "Leads"}}}

// TestLoadDuplicates: through Load, a value given twice on two sheets of one
// file refuses the file, recorded with the reason duplicate_value; and two
// files of one batch with values for the same source and month (so possibly
// the same key) are a conflict at promotion: neither loads.
func TestLoadDuplicates(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	ctx := context.Background()
	db, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	copySheet, err := os.ReadFile(filepath.Join("testdata", "layouts", "trap_copy_sheet.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	src := wideTwo
	res, err := Load(ctx, db, &src, "trap_copy_sheet.xlsx", copySheet, 1, Limits{})
	if err != nil || !errors.Is(res.Err, ErrDuplicate) {
		t.Fatalf("Load(trap_copy_sheet.xlsx) = %+v, %v; want it refused with ErrDuplicate", res, err)
	}
	var reason, msg string
	if err := db.SQL().QueryRowContext(ctx, `SELECT reason, message FROM rejects WHERE file = 'trap_copy_sheet.xlsx'`).Scan(&reason, &msg); err != nil {
		t.Fatal(err)
	}
	if reason != "duplicate_value" || !strings.Contains(msg, `sheet "Spend" cell B3`) || !strings.Contains(msg, `sheet "Print" cell B3`) {
		t.Errorf("recorded refusal %s %q, want duplicate_value naming both cells", reason, msg)
	}

	one, err := os.ReadFile(filepath.Join("testdata", "layouts", "title_above.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	// Two workbooks of one batch with values for the same months.
	two, err := os.ReadFile(filepath.Join("testdata", "layouts", "label_rows.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"a.xlsx": one, "b.xlsx": two} {
		if res, err := Load(ctx, db, &src, name, data, 2, Limits{}); err != nil || res.Err != nil {
			t.Fatalf("Load(%s) = %+v, %v", name, res, err)
		}
	}
	p, err := db.Promote(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if p.Loaded != 0 || len(p.Conflicts) != 1 || len(p.Conflicts[0].Files) != 2 {
		t.Errorf("Promote = %+v, want a.xlsx and b.xlsx in conflict and nothing loaded", p)
	}
}

// TestTolerance: a total is compared to the precision it is written in.
func TestTolerance(t *testing.T) {
	for _, tc := range []struct {
		raw        string
		total, sum float64
		ok         bool
	}{
		{"3.3", 3.3, 3.33, true},
		{"3.3", 3.3, 3.36, false},
		{"3", 3, 3.4, true},
		{"3", 3, 3.6, false},
		{"1,234.50", 1234.5, 1234.504, true},
		{"1,234.50", 1234.5, 1234.51, false},
		{"85%", 0.85, 0.854, true},
		{"85%", 0.85, 0.856, false},
		{"0.30000000000000004", 0.30000000000000004, 0.1 + 0.2, true},
		{"1E+20", 1e20, 1e20 + 1e5, true},
		{"1.7976931348623157e308", math.MaxFloat64, math.MaxFloat64, true},
		{"", 10, 10.000000001, true},
		{"", 10, 10.001, false},
	} {
		if got := math.Abs(tc.total-tc.sum) <= tolerance(tc.raw, tc.total, tc.sum); got != tc.ok {
			t.Errorf("total %q = %v against %v: within tolerance %v, want %v", tc.raw, tc.total, tc.sum, got, tc.ok)
		}
	}
}

// TestIsTotal: the usual forms of a total label, and labels that are not.
func TestIsTotal(t *testing.T) {
	for _, tc := range []struct {
		label string
		alone bool
		want  bool
	}{
		{"Total", false, true}, {"TOTAL:", false, true}, {"Totals", false, true}, {"Grand total", false, true},
		{"Subtotal", false, true}, {"Sub-total", false, true}, {"North subtotal", false, true}, {"North total", false, true},
		{"Sum", false, true}, {"FY total", false, true}, {"H1 total", false, true}, {"Q3 total", false, true},
		{"YTD", false, true}, {"合计", false, true}, {"总计", false, true}, {"小计", false, true}, {"华东小计", false, true},
		{"合计：", false, true}, {"Total spend", true, true}, {"Total - Spend", true, true},
		{"Total Care Kit", false, false}, {"Total spend", false, false}, {"Totally Fans", true, false},
		{"Ｔｏｔａｌ", false, true}, {"ＮＯＲＴＨ　ＴＯＴＡＬ", false, true}, // full-width (found from outside)
		{"Summit", false, false}, {"Search", true, false}, {"", true, false}, {"All channels", true, true},
	} {
		if got := isTotal(tc.label, tc.alone, nil); got != tc.want {
			t.Errorf("isTotal(%q, alone %v) = %v, want %v", tc.label, tc.alone, got, tc.want)
		}
	}
	if !isTotal("ALL  channels.", false, []string{normLabel("All channels")}) {
		t.Errorf("isTotal(%q) with totals [All channels] = false", "ALL  channels.")
	}
	for label, want := range map[string]int{"Q1 total": levelQuarter, "H2 total": levelHalf, "FY total": levelYear, "Total": levelYear,
		"YTD": levelYear, "2026 total": levelYear, "Grand total": levelGrand, "总计": levelGrand, "Notes": 0, "Budget": 0} {
		if got := columnLevel(label, nil); got != want {
			t.Errorf("columnLevel(%q) = %d, want %d", label, got, want)
		}
	}
}

// TestLabelOf: a label matches a whole cell, never part of a caption.
func TestLabelOf(t *testing.T) {
	tb := &table{src: &wideTwo}
	for text, want := range map[string]int{
		"Spend": 0, " SPEND: ": 0, "Spend (CNY thousands)": 0, "spend（万元）": 0, "Leads": 1, "leads.": 1,
		"Spend and leads by channel": -1, "Marketing spend": -1, "Spending": -1, "": -1, "(Spend)": 0,
	} {
		k, ok := tb.labelOf(text)
		if !ok {
			k = -1
		}
		if k != want {
			t.Errorf("labelOf(%q) = %d, want %d", text, k, want)
		}
	}
}

// TestDuplicateSameThroughLoad: Load finds values given twice in the
// warehouse (no memory per fact) and Read with its in-memory guard: both
// refuse with the same words, naming the same pair, the one whose second
// value comes first (here C4 and C5, not C3 and C7), on one sheet and
// across two.
func TestDuplicateSameThroughLoad(t *testing.T) {
	ctx := context.Background()
	oneSheet := rowsBook(t, [][]any{{"Month", "Region", "Units"},
		{"2026-09", "North", 1}, {"2026-09", "South", 2}, {"2026-09", "East", 3}, {"2026-09", "East", 4},
		{"2026-10", "North", 5}, {"2026-09", "South", 6}})
	copySheet, err := os.ReadFile(filepath.Join("testdata", "layouts", "trap_copy_sheet.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		src  Source
		data []byte
		want string
	}{
		{"one_sheet.xlsx", regionUnits(), oneSheet, "in C4 and again in C5"},
		{"trap_copy_sheet.xlsx", wideTwo, copySheet, `sheet "Print" cell B3`},
	} {
		_, rerr := Read(ctx, &tc.src, tc.name, tc.data, &memSink{}, Limits{})
		// Load with Read's guard, and with the check handed to the
		// warehouse after the first value (as a file of millions is).
		for _, max := range []int{guardMax, 1} {
			defer func(was int) { guardMax = was }(guardMax)
			guardMax = max
			db, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), warehouse.Options{})
			if err != nil {
				t.Fatal(err)
			}
			res, err := Load(ctx, db, &tc.src, tc.name, tc.data, 1, Limits{})
			db.Close()
			if err != nil || !errors.Is(rerr, ErrDuplicate) || !errors.Is(res.Err, ErrDuplicate) {
				t.Fatalf("%s, guard of %d: Read = %v; Load = %+v, %v; want both ErrDuplicate", tc.name, max, rerr, res, err)
			}
			if rerr.Error() != res.Err.Error() || !strings.Contains(rerr.Error(), tc.want) {
				t.Errorf("%s, guard of %d:\nRead: %v\nLoad: %v\nwant the same words, with %q", tc.name, max, rerr, res.Err, tc.want)
			}
		}
	}
}

// TestRepeated: the first hashes that keys share are found by the bucketed
// sort exactly as by sorting them all, for key counts around the bucket
// widths' steps, with and without planted repeats.
func TestRepeated(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 3, 4, 7, 8, 9, 255, 256, 1000, 4097, 70000} {
		for _, plant := range []int{0, 1, 5} {
			var keys [][]factKey
			var all []uint64
			for i := range n {
				if i%1000 == 0 {
					keys = append(keys, nil)
				}
				h := rng.Uint64()
				if i < plant*2 && i%2 == 1 {
					h = all[i-1] // a repeat of the key before
				}
				if i == n-1 && plant > 0 && n > 2 {
					h = all[0] // and of the first, last
				}
				keys[len(keys)-1] = append(keys[len(keys)-1], factKey{h1: h})
				all = append(all, h)
			}
			slices.Sort(all)
			want := map[uint64]bool{}
			for i := 1; i < len(all); i++ {
				if all[i] == all[i-1] {
					want[all[i]] = true
				}
			}
			if got := repeated(keys, n); !maps.Equal(got, want) {
				t.Errorf("n %d, %d planted: repeated = %d hashes, want %d (%v)", n, plant, len(got), len(want), want)
			}
			if plant > 0 && n > 10 && len(want) == 0 {
				t.Errorf("n %d: the planted repeats are missing from the test", n)
			}
		}
	}
}

// BenchmarkRepeated is the check for values given twice at the end of a
// 100,000 × 4-value file (it was a sort of every key: 45 ms).
func BenchmarkRepeated(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 400000
	var keys [][]factKey
	for i := range n {
		if i%keyChunk == 0 {
			keys = append(keys, make([]factKey, 0, keyChunk))
		}
		keys[len(keys)-1] = append(keys[len(keys)-1], factKey{h1: rng.Uint64()})
	}
	for b.Loop() {
		if len(repeated(keys, n)) != 0 {
			b.Fatal("repeats in random keys")
		}
	}
}
