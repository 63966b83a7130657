package ingest

import (
	"errors"
	"strconv"
	"testing"

	"coo/ingest/xlsx"
)

// TestRowPipe: rows reach fn in order and whole though the reader reuses
// its cells; fn's first error stops the rows and is what close returns; a
// panic in fn comes back in the caller's goroutine.
func TestRowPipe(t *testing.T) {
	const n = 3*rowPipeBatch + 17
	var got []string
	p := newRowPipe(func(row int, cells []xlsx.Cell) error {
		got = append(got, strconv.Itoa(row)+":"+cells[0].Raw+","+cells[1].Raw)
		return nil
	})
	cells := make([]xlsx.Cell, 2)
	for r := 1; r <= n; r++ {
		cells[0].Raw, cells[1].Raw = "a"+strconv.Itoa(r), "b"+strconv.Itoa(r) // reused, as the reader does
		if err := p.row(r, cells); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.close(); err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("%d rows, want %d", len(got), n)
	}
	for i, g := range got {
		r := strconv.Itoa(i + 1)
		if want := r + ":a" + r + ",b" + r; g != want {
			t.Fatalf("row %d: %q, want %q", i+1, g, want)
		}
	}

	bad := errors.New("bad row")
	seen := 0
	p = newRowPipe(func(row int, cells []xlsx.Cell) error {
		seen++
		if row == 5 {
			return bad
		}
		return nil
	})
	stopped := false
	for r := 1; r <= 100*rowPipeBatch && !stopped; r++ {
		if err := p.row(r, cells); err != nil {
			if !errors.Is(err, errRowsStopped) {
				t.Fatalf("row: %v, want errRowsStopped", err)
			}
			stopped = true
		}
	}
	if err := p.close(); !errors.Is(err, bad) {
		t.Fatalf("close: %v, want fn's error", err)
	}
	if !stopped || seen != 5 {
		t.Fatalf("stopped %v after fn saw %d rows; want stopped, 5 rows", stopped, seen)
	}

	p = newRowPipe(func(row int, cells []xlsx.Cell) error { panic("boom") })
	p.row(1, cells)
	defer func() {
		if v := recover(); v != "boom" {
			t.Fatalf("recovered %v, want fn's panic", v)
		}
	}()
	p.close()
	t.Fatal("close did not panic")
}
