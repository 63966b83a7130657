package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"coo/warehouse"
)

func cmdExport() *command {
	c := &command{
		name:    "export",
		args:    "[--project DIR] facts [--format csv] [--out FILE]",
		summary: "Write the facts as a tidy CSV file.",
		help: `Writes every loaded fact with the columns of the facts view: source,
metric, period (YYYY-MM), dims (key=value pairs joined by ";" in the source's
order; a ";", "=" or "\" inside a key or value is escaped with "\"), value
(the shortest text that reads back to the same double), unit, file, sheet,
cell. RFC 4180 quoting. Text that a spreadsheet would run as a formula (a
field beginning with =, +, -, @, a tab or a carriage return) gets a leading
single quote, as OWASP advises; numbers are written as they are.

Writes to standard output, or with --out to FILE (through a temporary file
and a rename, so a reader never sees half of it).

Examples:
  coo export --project acme facts > facts.csv
  coo export --project acme facts --out facts.csv`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		format := fs.String("format", "csv", "output `format`: csv")
		out := fs.String("out", "", "write to `FILE` instead of standard output")
		if err := e.parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() != 1 || fs.Arg(0) != "facts" {
			return usagef("export what? say coo export facts (the Parquet export comes with the operations issue)")
		}
		if err := checkFormat(*format, "csv"); err != nil {
			return err
		}
		db, err := e.openReadOnly(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
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
