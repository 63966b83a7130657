package pipeline

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"coo/internal/safefile"
	"coo/warehouse"
)

// FactsHeader is the header of the facts CSV: the columns of the facts view.
var FactsHeader = []string{"source", "metric", "period", "dims", "value", "unit", "file", "sheet", "cell"}

// ExportFacts writes every loaded fact to w as RFC 4180 CSV (FactsHeader),
// in the warehouse's order (warehouse.EachFact), and returns how many it
// wrote. value is the shortest text that reads back to the same double.
// Text that a spreadsheet would run as a formula (a field beginning with
// =, +, -, @, a tab or a carriage return that is not a number) gets a
// leading single quote, as OWASP advises.
func ExportFacts(ctx context.Context, db *warehouse.DB, w io.Writer) (int64, error) {
	cw := csv.NewWriter(w)
	cw.Write(FactsHeader)
	var n int64
	err := db.EachFact(ctx, func(f *warehouse.FactRow) error {
		n++
		return cw.Write([]string{Defuse(f.Source), Defuse(f.Metric), f.Period, Defuse(f.Dims), strconv.FormatFloat(f.Value, 'g', -1, 64),
			Defuse(f.Unit), Defuse(f.File), Defuse(f.Sheet), f.Cell})
	})
	if err != nil {
		return n, err
	}
	cw.Flush()
	return n, cw.Error()
}

// ExportFactsFile writes ExportFacts to the file at path atomically: a
// reader never sees half of it, and on error it is left as it was.
func ExportFactsFile(ctx context.Context, db *warehouse.DB, path string) (int64, error) {
	var n int64
	err := writeTo(path, false, func(w io.Writer) error {
		var err error
		n, err = ExportFacts(ctx, db, w)
		return err
	})
	return n, err
}

// Defuse neutralises text that a spreadsheet opening the CSV would run as a
// formula (OWASP's CSV injection rule): a leading = + - @, tab or CR gets a
// single quote in front. Numbers stay as they are. ExportFacts and Query's
// csv format use it.
func Defuse(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return s
		}
		return "'" + s
	}
	return s
}

// ParquetExport is a Parquet dataset written by ExportParquet.
type ParquetExport struct {
	Dir   string // where it is
	Rows  int64  // facts written
	Files int    // Parquet files written
	Bytes int64  // their total size
}

// ExportParquet writes the facts as a Hive-partitioned Parquet dataset at
// dir (warehouse.ExportParquet): into a temporary folder beside dir, put in
// place with one rename once complete. An existing dir that is a file is an
// *OptionError; one that is not empty is a *RefusedError unless force, and
// with force it is replaced (removed once the new one is in place).
func ExportParquet(ctx context.Context, db *warehouse.DB, dir string, force bool) (*ParquetExport, error) {
	dir = filepath.Clean(dir)
	if err := checkExportDir(dir, force); err != nil {
		return nil, err
	}
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".*.tmp")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp) // nothing left once renamed
	res := &ParquetExport{Dir: dir}
	if res.Rows, err = db.ExportParquet(ctx, tmp); err != nil {
		return nil, err
	}
	err = filepath.WalkDir(tmp, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			res.Files++
			if fi, err := d.Info(); err == nil {
				res.Bytes += fi.Size()
			}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := safefile.ReplaceDir(tmp, dir, tmp+".old"); err != nil {
		return nil, err
	}
	return res, nil
}

// checkExportDir refuses a target folder that is a file, or that is not
// empty without force.
func checkExportDir(dir string, force bool) error {
	fi, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return Optionf("--dir %s is a file, not a folder", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) > 0 && !force {
		return refusedf("%s is not empty; choose another folder, or add --force to replace it", dir)
	}
	return nil
}
