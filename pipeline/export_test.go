package pipeline

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"coo/warehouse"
)

// TestDefuse: OWASP's rule for CSV injection, numbers left alone.
func TestDefuse(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "Rent": "Rent", "=1+2": "'=1+2", "+cmd": "'+cmd", "-x": "'-x", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "\rx": "'\rx", "-2.25": "-2.25", "+1e3": "+1e3", "a=b": "a=b",
	} {
		if got := Defuse(in); got != want {
			t.Errorf("Defuse(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestExport: the facts CSV holds every fact once, to a writer or a file
// alike; the Parquet dataset holds as many rows, and a folder in the way
// is refused unless forced.
func TestExport(t *testing.T) {
	ctx := context.Background()
	p := tidyProject(t)
	db, err := OpenReadOnly(ctx, p)
	must(t, err)
	defer db.Close()
	var facts int64
	must(t, db.EachFact(ctx, func(*warehouse.FactRow) error { facts++; return nil }))

	var buf bytes.Buffer
	n, err := ExportFacts(ctx, db, &buf)
	must(t, err)
	recs, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	must(t, err)
	if n != facts || n == 0 || int64(len(recs)) != 1+n || strings.Join(recs[0], ",") != "source,metric,period,dims,value,unit,file,sheet,cell" {
		t.Errorf("ExportFacts = %d facts, %d records, header %v; want the %d facts and the header", n, len(recs), recs[0], facts)
	}
	out := filepath.Join(t.TempDir(), "facts.csv")
	if _, err := ExportFactsFile(ctx, db, out); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(out); !bytes.Equal(b, buf.Bytes()) {
		t.Errorf("ExportFactsFile wrote %d bytes that differ from ExportFacts' %d", len(b), buf.Len())
	}

	dir := filepath.Join(t.TempDir(), "lake", "facts")
	res, err := ExportParquet(ctx, db, dir, false)
	must(t, err)
	if res.Rows != facts || res.Files == 0 || res.Bytes == 0 || res.Dir != dir {
		t.Errorf("ExportParquet = %+v, want %d rows in some files at %s", res, facts, dir)
	}
	var re *RefusedError
	if _, err := ExportParquet(ctx, db, dir, false); !errors.As(err, &re) || !strings.Contains(err.Error(), "--force") {
		t.Errorf("ExportParquet into a folder that is not empty = %v, want a *RefusedError naming --force", err)
	}
	if res, err := ExportParquet(ctx, db, dir, true); err != nil || res.Rows != facts {
		t.Errorf("ExportParquet with force = %+v, %v", res, err)
	}
	if left, _ := os.ReadDir(filepath.Dir(dir)); len(left) != 1 {
		t.Errorf("beside the dataset: %d entries, want no temporary folder left", len(left))
	}
	var oe *OptionError
	if _, err := ExportParquet(ctx, db, out, true); !errors.As(err, &oe) {
		t.Errorf("ExportParquet onto a file = %v, want an *OptionError", err)
	}
}
