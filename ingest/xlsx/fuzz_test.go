package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf8"
)

// checkRows is the fuzz property for what Rows passes to fn: rows and
// columns ascend within Excel's bounds, text is UTF-8, numbers are finite
// and booleans are 0 or 1.
func checkRows(t *testing.T) func(int, []Cell) error {
	last := 0
	return func(row int, cells []Cell) error {
		if row <= last || row > maxRows || len(cells) == 0 {
			t.Fatalf("row %d after %d with %d cells", row, last, len(cells))
		}
		last = row
		for i, c := range cells {
			if c.Col < 1 || c.Col > maxCols || i > 0 && c.Col <= cells[i-1].Col {
				t.Fatalf("row %d: column %d after %v", row, c.Col, cells[:i])
			}
			if !utf8.ValidString(c.Raw) || !utf8.ValidString(c.Formula) {
				t.Fatalf("%s: not UTF-8: %q %q", cellName(c.Col, row), c.Raw, c.Formula)
			}
			switch c.Kind {
			case Number:
				v, err := strconv.ParseFloat(c.Raw, 64)
				if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
					t.Fatalf("%s: number %q", cellName(c.Col, row), c.Raw)
				}
			case Bool:
				if c.Raw != "0" && c.Raw != "1" {
					t.Fatalf("%s: bool %q", cellName(c.Col, row), c.Raw)
				}
			case Blank:
				if c.Raw != "" || c.Formula == "" && !c.Shared {
					t.Fatalf("%s: blank cell %+v", cellName(c.Col, row), c)
				}
			case Text, Error:
			default:
				t.Fatalf("%s: kind %d", cellName(c.Col, row), c.Kind)
			}
		}
		return nil
	}
}

// FuzzOpenRows fuzzes the whole open path: Open, then Sheets, Merges and
// Rows of every sheet. A panic caught by the API's last net fails it.
func FuzzOpenRows(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.xlsx")
	files = append(files, "testdata/libre.xls")
	for _, name := range files {
		f.Add(readFile(f, filepath.Base(name)))
	}
	f.Add(book(f, ws+`<sheetData><row r="1"><c r="A1"><f t="shared" ref="A1:A3" si="0">B1*$C$1&amp;"x"</f><v>1</v></c><c r="B1" t="inlineStr"><is><r><t>a</t></r><rPh><t>b</t></rPh></is></c></row><row><c t="s"><v>1</v></c><c r="C2" t="d"><v>2026-01-01</v></c><c r="D2"><f t="shared" si="0"/></c></row></sheetData><mergeCells><mergeCell ref="A1:B2"/></mergeCells></worksheet>`, nil))
	f.Fuzz(func(t *testing.T, data []byte) {
		// A watchdog: an input that takes seconds is a bug; crash with the stacks.
		dog := time.AfterFunc(5*time.Second, func() {
			buf := make([]byte, 1<<20)
			panic("slow input:\n" + string(buf[:runtime.Stack(buf, true)]))
		})
		defer dog.Stop()
		w, err := Open(data, Limits{MaxUnzipSize: 64 << 20, MaxPartSize: 16 << 20})
		if err != nil {
			if errors.Is(err, errPanic) {
				t.Fatalf("Open panicked: %v", err)
			}
			checkMessage(t, "Open", err)
			return
		}
		for _, s := range w.Sheets() {
			if !utf8.ValidString(s.Name) {
				t.Fatalf("sheet name %q is not UTF-8", s.Name)
			}
			merges, merr := w.Merges(s.Name)
			if errors.Is(merr, errPanic) {
				t.Fatalf("Merges(%q) panicked: %v", s.Name, merr)
			}
			checkMessage(t, "Merges", merr)
			check := checkRows(t)
			var rows []string
			err := w.Rows(s.Name, func(row int, cells []Cell) error {
				rows = append(rows, fmt.Sprint(row, cells))
				return check(row, cells)
			})
			if errors.Is(err, errPanic) {
				t.Fatalf("Rows(%q) panicked: %v", s.Name, err)
			}
			checkMessage(t, "Rows", err)
			// Walk is Merges, then Rows: the same ranges, rows and error.
			if merr != nil {
				err = merr
			}
			var walked []string
			var started []Range
			werr := w.Walk(s.Name, func(m []Range) error {
				started = m
				if started == nil {
					started = []Range{}
				}
				return nil
			}, func(row int, cells []Cell) error {
				walked = append(walked, fmt.Sprint(row, cells))
				return nil
			})
			// (the last passes may pass the workbook's inflate budget)
			if errors.Is(werr, ErrTooLarge) || errors.Is(err, ErrTooLarge) {
				continue
			}
			if fmt.Sprint(werr) != fmt.Sprint(err) || (merr == nil) != (started != nil) ||
				merr == nil && (!slices.Equal(started, merges) || !slices.Equal(walked, rows)) || merr != nil && walked != nil {
				t.Fatalf("Walk(%q): ranges %v, %d rows, %v; Merges and Rows: %v (%v), %d rows, %v",
					s.Name, started, len(walked), werr, merges, merr, len(rows), err)
			}
			// WalkAhead holding nothing: the same, or ErrMerged if there
			// are ranges (then whatever it read is thrown away).
			was := heldMax
			heldMax = 0
			var ahead []string
			aerr := w.WalkAhead(s.Name, func([]Range) error { return nil }, func(row int, cells []Cell) error {
				ahead = append(ahead, fmt.Sprint(row, cells))
				return nil
			})
			heldMax = was
			switch {
			case errors.Is(aerr, ErrTooLarge):
			case errors.Is(aerr, ErrMerged):
				if merr != nil || len(merges) == 0 {
					t.Fatalf("WalkAhead(%q) = ErrMerged; Merges: %v, %v", s.Name, merges, merr)
				}
			case fmt.Sprint(aerr) != fmt.Sprint(err) || merr == nil && !slices.Equal(ahead, rows):
				t.Fatalf("WalkAhead(%q): %d rows, %v; Merges and Rows: %v (%v), %d rows, %v", s.Name, len(ahead), aerr, merges, merr, len(rows), err)
			}
		}
	})
}

// FuzzScanner fuzzes the sheet scanner on raw worksheet XML, without the
// recover net: any panic fails it.
func FuzzScanner(f *testing.F) {
	seeds := []string{
		ws + `<sheetData><row r="1"><c r="A1"><v>1.5</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="b"><v>1</v></c><c r="D1" t="e"><v>#N/A</v></c></row></sheetData></worksheet>`,
		`<x:worksheet xmlns:x="m"><x:sheetData><x:row r="2"><x:c r="B2" t="s" s='1'><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
		ws + `<sheetData><row><c><v>1</v></c><c/><c><v>3</v></c></row><row><c r="B2" t="inlineStr"><is><r><t xml:space="preserve"> a </t></r><rPh><t>b</t></rPh></is></c></row></sheetData></worksheet>`,
		ws + `<sheetData><row r="1"><c r="A1" t="str"><v>&amp;&lt;&#65;&#x4E2D;_x000D_</v></c><c r="B1" t="inlineStr"><is><t><![CDATA[<raw>]]></t></is></c></row></sheetData></worksheet>`,
		ws + `<!-- c --><sheetData><?pi x?><row r="1"><c r="A1"><f t="shared" ref="A1:B9" si="0">SUM($A1:B$2)+'x y'!C3</f><v>3</v></c><c r="B1"><f t="shared" si="0"/></c></row><row r="3"><c r="A3" t="d"><v>2026-10-01T12:00:00</v></c></row></sheetData><mergeCells><mergeCell ref="A1:B2"/></mergeCells></worksheet>`,
		`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "x">]><worksheet/>`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	w := &Workbook{dates: []bool{false, true}}
	w.sst.arenas = []string{"zeroone"}
	w.sst.first = []int{0}
	w.sst.add(4)
	w.sst.add(7)
	f.Fuzz(func(t *testing.T, data []byte) {
		// Streamed through the window as the zip gives it, and a byte at a
		// time (every token split across reads): the same rows, and the
		// same reason to refuse (the words quote what the window held).
		var rows [2][]string
		var errs [2]error
		for i, s := range []*scanner{newScanner(bytes.NewReader(data), "sheet.xml"), newScanner(iotest.OneByteReader(bytes.NewReader(data)), "sheet.xml")} {
			check := checkRows(t)
			r := &sheetReader{w: w, s: s, fn: func(row int, cells []Cell) error {
				rows[i] = append(rows[i], fmt.Sprint(row, cells))
				return check(row, cells)
			}}
			errs[i] = r.run()
			checkMessage(t, "run", errs[i])
		}
		if reason(errs[0]) != reason(errs[1]) || !slices.Equal(rows[0], rows[1]) {
			t.Fatalf("streamed: %d rows, %v; a byte at a time: %d rows, %v", len(rows[0]), errs[0], len(rows[1]), errs[1])
		}
	})
}

// reason returns which of the reader's reasons err wraps, or nil.
func reason(err error) error {
	for _, r := range []error{ErrCorrupt, ErrDTD, ErrTooLarge} {
		if errors.Is(err, r) {
			return r
		}
	}
	return err
}

// checkMessage is the fuzz property for errors: the message is valid UTF-8
// (whatever bytes the file holds, so that a refusal can be stored as text).
func checkMessage(t *testing.T, call string, err error) {
	if err != nil && !utf8.ValidString(err.Error()) {
		t.Fatalf("%s = %q: not UTF-8", call, err)
	}
}
