package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"coo/pipeline"
	"coo/warehouse"
)

func cmdExport() *command {
	c := &command{
		name:    "export",
		args:    "[--project DIR] facts [--format csv] [--out FILE] | parquet --dir DIR [--force]",
		summary: "Write the facts as a tidy CSV file, or as a Parquet dataset for other engines.",
		help: `coo export facts writes every loaded fact with the columns of the facts
view: source, metric, period (YYYY-MM), dims (key=value pairs joined by ";"
in the source's order; a ";", "=" or "\" inside a key or value is escaped
with "\"), value (the shortest text that reads back to the same double),
unit, file, sheet, cell. RFC 4180 quoting. Text that a spreadsheet would run
as a formula (a field beginning with =, +, -, @, a tab or a carriage return)
gets a leading single quote, as OWASP advises; numbers are written as they
are. It writes to standard output, or with --out to FILE (through a
temporary file and a rename, so a reader never sees half of it).

coo export parquet writes the same columns (text as it is, value a DOUBLE)
as a Hive-partitioned Parquet dataset that DuckDB, Spark and Trino read:
DIR/source=NAME/year=YYYY/*.parquet, the partition columns source and year
in the folder names. It is written into a temporary folder beside DIR and
renamed into place when complete. An existing DIR that is not empty is
refused (exit 4) unless --force, which replaces it. Read it back with:
  SELECT * FROM read_parquet('DIR/**/*.parquet', hive_partitioning = true)
A project source can read such a dataset (parquet: in coo.yaml).

Examples:
  coo export --project acme facts > facts.csv
  coo export --project acme facts --out facts.csv
  coo export --project acme parquet --dir lake/facts`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		format := fs.String("format", "csv", "output `format` of facts: csv")
		out := fs.String("out", "", "facts: write to `FILE` instead of standard output")
		dir := fs.String("dir", "", "parquet: the `folder` to write the dataset to")
		force := fs.Bool("force", false, "parquet: replace DIR if it is not empty")
		if err := e.parse(fs, args); err != nil {
			return err
		}
		what := ""
		if fs.NArg() == 1 {
			what = fs.Arg(0)
		}
		switch what {
		case "facts":
			if *dir != "" || *force {
				return usagef("--dir and --force are for coo export parquet")
			}
		case "parquet":
			if *out != "" {
				return usagef("--out is for coo export facts; say --dir DIR")
			}
			if *dir == "" {
				return usagef("coo export parquet needs --dir DIR")
			}
		default:
			return usagef("export what? say coo export facts or coo export parquet --dir DIR")
		}
		if err := checkFormat(*format, "csv"); err != nil {
			return err
		}
		if what == "parquet" {
			if err := checkExportDir(*dir, *force); err != nil {
				return err
			}
		}
		db, err := e.openReadOnly(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		if what == "parquet" {
			return exportParquet(ctx, e, db, *dir)
		}
		if *out == "" {
			w := bufio.NewWriter(e.stdout)
			if err := exportFacts(ctx, db, w); err != nil {
				return err
			}
			return w.Flush()
		}
		tmp, err := os.CreateTemp(filepath.Dir(*out), "."+filepath.Base(*out)+".*.tmp")
		if err != nil {
			return err
		}
		defer os.Remove(tmp.Name())
		w := bufio.NewWriter(tmp)
		if err := exportFacts(ctx, db, w); err != nil {
			tmp.Close()
			return err
		}
		if err := w.Flush(); err != nil {
			tmp.Close()
			return err
		}
		if err := tmp.Close(); err != nil {
			return err
		}
		return os.Rename(tmp.Name(), *out)
	}
	return c
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
		return usagef("--dir %s is a file, not a folder", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) > 0 && !force {
		return &pipeline.RefusedError{Msg: fmt.Sprintf("%s is not empty; choose another folder, or add --force to replace it", dir)}
	}
	return nil
}

// exportParquet writes the dataset into a temporary folder beside dir and
// renames it into place; an existing dir (checked by checkExportDir) is
// moved aside first and removed once the new one is in place.
func exportParquet(ctx context.Context, e *env, db *warehouse.DB, dir string) error {
	dir = filepath.Clean(dir)
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".*.tmp")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // nothing left once renamed
	start := time.Now()
	rows, err := db.ExportParquet(ctx, tmp)
	if err != nil {
		return err
	}
	var files int
	var size int64
	err = filepath.WalkDir(tmp, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files++
			if fi, err := d.Info(); err == nil {
				size += fi.Size()
			}
		}
		return err
	})
	if err != nil {
		return err
	}
	old := ""
	if _, err := os.Stat(dir); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			os.Rename(old, dir) // put it back
		}
		return err
	}
	if old != "" {
		if err := os.RemoveAll(old); err != nil {
			e.log.Warn("could not remove the replaced dataset", "dir", old, "err", err)
		}
	}
	fmt.Fprintf(e.stdout, "%d facts in %d Parquet files (%d bytes) under %s, partitioned by source and year\n", rows, files, size, dir)
	e.log.Info("export done", "dir", dir, "rows", rows, "files", files, "bytes", size, "seconds", time.Since(start).Seconds())
	return nil
}

func exportFacts(ctx context.Context, db *warehouse.DB, w io.Writer) error {
	rows, err := db.Query(ctx, `SELECT source, metric, period, dims, value, unit, file, sheet, cell
		FROM facts ORDER BY source, metric, period, dims, file, sheet, length(cell), cell`)
	if err != nil {
		return err
	}
	defer rows.Close()
	cw := csv.NewWriter(w)
	cw.Write([]string{"source", "metric", "period", "dims", "value", "unit", "file", "sheet", "cell"})
	var (
		src, metric, period, dims, unit, file, sheet, cell string
		v                                                  float64
	)
	for rows.Next() {
		if err := rows.Scan(&src, &metric, &period, &dims, &v, &unit, &file, &sheet, &cell); err != nil {
			return err
		}
		cw.Write([]string{defuse(src), defuse(metric), period, defuse(dims), strconv.FormatFloat(v, 'g', -1, 64),
			defuse(unit), defuse(file), defuse(sheet), cell})
	}
	if err := rows.Err(); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
