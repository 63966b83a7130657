package ingest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"coo"
)

// messyCells are cell texts as departments type them: the seeds of the
// number, period and formula fuzzers.
var messyCells = []string{
	"1,234.50", "(1,200)", "85%", " 3,294 ", "-8.5%", "+12", "1e3", "-0", "1,2,3", "\u00a042\u00a0",
	"(1,200.5)%", "12abc", "#N/A", "#REF!", "#DIV/0!", "", " ", "1.", ".5", "1e-400", "9e307",
	"Oct 2026", "Jan-2024", "2026-10", "2026年10月", "Nov25", "2026/10", "10/2026", "202610",
	"2026年10月1日", "Oct. 2026", "sept 2026", "2026 Oct", "FY total", "Q1 2026", "季度汇总", "01/10/2026",
}

// FuzzPeriodText: parsePeriodText never panics, and a month it accepts is a
// real one that reads back the same from its canonical text.
func FuzzPeriodText(f *testing.F) {
	for _, s := range messyCells {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parsePeriodText(s)
		if err != nil {
			if !errors.Is(err, ErrNotPeriod) {
				t.Fatalf("parsePeriodText(%q) = %v, want ErrNotPeriod", s, err)
			}
			return
		}
		if p.Year() < coo.MinYear || p.Year() > coo.MaxYear || p.Month() < 1 || p.Month() > 12 {
			t.Fatalf("parsePeriodText(%q) = %v: not a month", s, p)
		}
		if q, err := parsePeriodText(p.String()); err != nil || q != p {
			t.Fatalf("parsePeriodText(%q) = %v, but its text %q reads as %v, %v", s, p, p.String(), q, err)
		}
	})
}

// grid is the small fixed sheet FuzzFormula computes over: A1..C4 with
// numbers, text numbers, a blank, a label and an error value.
func grid(row, col int) (float64, bool, bool, bool) {
	cells := map[[2]int]string{
		{1, 1}: "1", {1, 2}: "2.5", {1, 3}: "-3",
		{2, 1}: "1,000", {2, 2}: "85%", {2, 3}: "",
		{3, 1}: "label", {3, 2}: "#N/A", {3, 3}: "1e300",
		{4, 1}: "0", {4, 2}: "(7)", {4, 3}: "4",
	}
	raw, ok := cells[[2]int{row, col}]
	if !ok || raw == "" {
		return 0, false, true, false
	}
	v, err := parseNumber(raw)
	return v, err == nil, false, row == 2 && col <= 2 || row == 4 && col == 2 // typed as text
}

// FuzzFormula: evalFormula never panics (nor overflows the stack) and
// returns a finite value or an error wrapping ErrFormula.
func FuzzFormula(f *testing.F) {
	for _, s := range []string{
		"A1+B1", "SUM(A1:C1)", "SUM(A1:A4,B1)*2", "(A1+B1)/C1", "-A1^2", "2^-1", "50%*A2", "$A$1*$B$2",
		"SUM(A1:C4)", "A3+1", "B3*2", "Sheet2!A1", "'My sheet'!A1", "VLOOKUP(A1,B1:C4,2,FALSE)",
		"A1/A4", "C3*C3*C3", "SUM()", "SUM(A1:A2", "((((1))))", "1e3+.5", "A1 + B1 ", "sum(a1:b2)",
		"XFD1048576", "SUM(A1:XFD1048576)", "---1", "2^2^2^2", "1E+308*10",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := evalFormula(s, grid)
		switch {
		case err != nil && !errors.Is(err, ErrFormula):
			t.Fatalf("evalFormula(%q) = %v, want an error wrapping ErrFormula", s, err)
		case err == nil && (math.IsNaN(v) || math.IsInf(v, 0)):
			t.Fatalf("evalFormula(%q) = %v, not finite", s, v)
		}
	})
}

// TestFormulaDeep: formulas that nest without bound are refused quickly,
// whatever rule recurses. Before maxDepth covered unary signs and powers,
// ten million minus signs (a few KiB in a zipped sheet) overflowed the
// stack, a fatal error that Read's recover cannot catch.
func TestFormulaDeep(t *testing.T) {
	for _, s := range []string{
		strings.Repeat("-", 10_000_000) + "1",
		strings.Repeat("+", 10_000_000) + "1",
		strings.Repeat("2^(", 5_000_000) + "2",
		strings.Repeat("(", 10_000_000) + "1",
		"SUM(" + strings.Repeat("SUM(", 1_000_000) + "1",
	} {
		start := time.Now()
		_, err := evalFormula(s, grid)
		if !errors.Is(err, ErrFormula) || !strings.Contains(err.Error(), "nested too deeply") {
			t.Errorf("evalFormula(%q…) = %v, want nested too deeply", s[:10], err)
		}
		if el := time.Since(start); el > time.Second {
			t.Errorf("evalFormula(%q…) took %v", s[:10], el)
		}
	}
	// Excel's SUM skips numbers stored as text in a range (arithmetic reads
	// them): such a sum is refused, not guessed.
	if _, err := evalFormula("SUM(A2:B2)", grid); !errors.Is(err, ErrFormula) || !strings.Contains(err.Error(), "A2 in A2:B2 is a number stored as text") {
		t.Errorf("evalFormula(SUM over text numbers) = %v, want it refused", err)
	}
	// A number typed as text is not read by + either: Excel reads it,
	// LibreOffice reads it or not by its settings, and both by locale.
	if _, err := evalFormula("A2+B2", grid); !errors.Is(err, ErrFormula) || !strings.Contains(err.Error(), "A2 is a number stored as text") {
		t.Errorf("evalFormula(A2+B2 over text numbers) = %v, want it refused", err)
	}
	// Ordinary formulas are far below the bound; ^ is left to right.
	for s, want := range map[string]float64{
		"--1": 1, "-(-(-(2)))": -2, "2^3^2": 64, "SUM(A1:C1)+A4": 0.5, "A1+B1": 3.5, "((((((((((1+1))))))))))*B1": 5,
	} {
		if v, err := evalFormula(s, grid); err != nil || v != want {
			t.Errorf("evalFormula(%q) = %v, %v; want %v", s, v, err, want)
		}
	}
}

// fuzzSources are the mappings FuzzRead reads with: the ledger, and every
// mapping of layouts.want.json (each layout, each period source).
func fuzzSources(tb testing.TB) []Source {
	srcs := []Source{ledger}
	for _, c := range loadLayoutCases(tb) {
		srcs = append(srcs, c.Source)
	}
	return srcs
}

// messyBook is a ledger workbook whose cells are the messy texts, as inline
// strings and as formulas without results.
func messyBook(tb testing.TB) []byte {
	var b strings.Builder
	b.WriteString(wsOpen + "<sheetData>" + ledgerHead)
	for i, s := range messyCells {
		r := i + 2
		esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c><c r="B%d" t="s"><v>5</v></c>`+
			`<c r="C%d" t="inlineStr"><is><t>%s</t></is></c><c r="D%d"><f>C%d*2+SUM(C2:C%d)</f></c></row>`, r, r, esc, r, r, esc, r, r, r)
	}
	b.WriteString("</sheetData></worksheet>")
	return hostileBook(tb, b.String(), nil)
}

// FuzzRead: no workbook, however broken, makes Read panic (its last-net
// recover, or the reader's, must never fire) or emit a value that is not
// finite, a month that is not one, or a fact without its cell. The seeds are
// every fixture of both packages, the hostile files and a workbook of messy
// cells; the second argument picks the mapping.
func FuzzRead(f *testing.F) {
	var seeds [][]byte
	for _, glob := range []string{"testdata/*.xlsx", "xlsx/testdata/*.xlsx", "xlsx/testdata/*.xls"} {
		names, _ := filepath.Glob(glob)
		for _, n := range names {
			data, err := os.ReadFile(n)
			if err != nil {
				f.Fatal(err)
			}
			seeds = append(seeds, data)
		}
	}
	for _, h := range hostileFiles(f) {
		seeds = append(seeds, h.data)
	}
	seeds = append(seeds, messyBook(f))
	srcs := fuzzSources(f)
	for i, data := range seeds {
		f.Add(data, uint8(i))
	}
	f.Fuzz(func(t *testing.T, data []byte, pick uint8) {
		// A watchdog: an input that takes seconds is a bug (a file must
		// never hang the batch); crash with the stacks.
		dog := time.AfterFunc(5*time.Second, func() {
			buf := make([]byte, 1<<20)
			panic("slow input:\n" + string(buf[:runtime.Stack(buf, true)]))
		})
		defer dog.Stop()
		src := srcs[int(pick)%len(srcs)]
		s := &memSink{}
		_, err := Read(context.Background(), &src, "fuzz-2026-10.xlsx", data, s, Limits{MaxUnzipSize: 8 << 20})
		// (xlsx's recovered panics say "internal error"; the inflater's
		// "flate: internal error" is a damaged stream's, not a panic)
		if errors.Is(err, ErrInternal) || err != nil && strings.Contains(strings.ReplaceAll(err.Error(), "flate: internal error", ""), "internal error") {
			t.Fatalf("Read panicked: %v", err)
		}
		for _, f := range s.facts {
			if math.IsNaN(f.Value) || math.IsInf(f.Value, 0) {
				t.Fatalf("non-finite value %+v", f)
			}
			if f.Period.Year() < coo.MinYear || f.Period.Year() > coo.MaxYear || f.Row < 1 || f.Col < 1 || f.Sheet == "" {
				t.Fatalf("fact without a month or a cell: %+v", f)
			}
		}
	})
}

// FuzzLabels: the label and total helpers of the wide layout never panic;
// folding is idempotent; a month name is a month; a total's tolerance is
// positive and at most half a unit; a label never matches a text that
// folds to something else (it matches whole cells only).
func FuzzLabels(f *testing.F) {
	for _, s := range append(messyCells, "Spend", "Spend (CNY thousands)", "spend（万元）", "Spend and leads by channel", "Total spend",
		"Totals", "TOTAL:", "North subtotal", "华东小计", "合计：", "Q1 total", "H2 total", "Grand total", "YTD", "1月", "十二月", "Sept",
		"(", ")", "()", "（）", "1E+20", "-1e-400", "12.3456789012345678901%") {
		f.Add(s)
	}
	tb := &table{src: &Source{Name: "m", Files: "*", Layout: Wide, Dimensions: []Column{{Name: "c", Header: "C"}},
		Measures: []Measure{{Column: Column{Name: "spend", Aliases: []string{"支出"}}, Title: "Spend"}, {Column: Column{Name: "leads"}, Title: "Leads (count)"}}}}
	f.Fuzz(func(t *testing.T, s string) {
		n := normLabel(s)
		if normLabel(n) != n {
			t.Fatalf("normLabel(%q) = %q, which folds again to %q", s, n, normLabel(n))
		}
		isTotal(s, true, []string{"all channels"})
		isTotal(s, false, nil)
		rowIsSubtotal(s)
		if l := columnLevel(s, nil); l < 0 || l > levelGrand {
			t.Fatalf("columnLevel(%q) = %d", s, l)
		}
		if m, ok := monthName(s); ok && (m < 1 || m > 12) {
			t.Fatalf("monthName(%q) = %d", s, m)
		}
		if h := halfUnit(s); !(h > 0 && h <= 0.5) {
			t.Fatalf("halfUnit(%q) = %v", s, h)
		}
		if k, ok := tb.labelOf(s); ok {
			base, _ := stripNote(s)
			matched := false
			for _, l := range tb.src.Measures[k].labels() {
				if normLabel(l) == n || normLabel(l) == normLabel(base) {
					matched = true
				}
			}
			if !matched {
				t.Fatalf("labelOf(%q) = %s, but no label of it folds like the whole text", s, tb.src.Measures[k].Name)
			}
		}
	})
}
