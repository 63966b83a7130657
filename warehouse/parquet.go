package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// The scale path: the facts leave as Parquet (ExportParquet) that DuckDB,
// Spark or Trino read, and come back from a Parquet dataset that such an
// engine prepared (LoadParquet).
//
// A dataset is loaded, not queried in place: its rows are copied, set-based
// (INSERT ... SELECT FROM read_parquet, never row by row), into fact_cells
// as one file per snapshot of the dataset. We chose this over computing
// metric_values straight from read_parquet because everything downstream
// keeps working unchanged: the facts view, coo sql and coo export see the
// dataset's rows; SourceMonths (the monthly report's data quality and "is
// the month complete") counts them; a new snapshot replaces the months it
// holds as a corrected workbook does, with the replacement recorded; and a
// snapshot is consistent and stays readable even while the other engine
// rewrites the dataset, or after it has moved. The cost is the copy, which
// is small: 4.8 million facts (100,000 series of 48 months) load in 3-5 s on
// 2 cores and take 14 bytes each in the warehouse file; metrics and
// forecasts then read the small metric_values table, not the dataset.

// ParquetColumns are the columns that ExportParquet writes and LoadParquet
// requires, in order; file, sheet and cell are optional for LoadParquet.
var ParquetColumns = []string{"source", "metric", "period", "dims", "value", "unit", "file", "sheet", "cell"}

// ExportParquet writes the facts view's columns (ParquetColumns) as a
// Hive-partitioned Parquet dataset under dir: one folder per source and
// year, dir/source=NAME/year=YYYY/*.parquet, the two partition columns in
// the paths and not inside the files (as Spark and Trino expect). Rows are
// sorted by source, metric, period, dims, file, sheet and cell. dir must
// not exist or be empty; with no facts nothing is written. It returns the
// number of rows written.
//
// Read it back with
//
//	SELECT * FROM read_parquet('DIR/**/*.parquet', hive_partitioning = true)
func (db *DB) ExportParquet(ctx context.Context, dir string) (int64, error) {
	// DuckDB binds the target of COPY as a parameter, so the path is never
	// spliced into the SQL.
	res, err := db.sql.ExecContext(ctx, `COPY (
		SELECT source, metric, period, dims, value, unit, file, sheet, cell,
		       CAST(substr(period, 1, 4) AS INTEGER) AS year
		FROM facts ORDER BY source, metric, period, dims, file, sheet, length(cell), cell
	) TO ? (FORMAT parquet, PARTITION_BY (source, year))`, dir)
	if err != nil {
		return 0, fmt.Errorf("export parquet to %s: %w", dir, err)
	}
	return res.RowsAffected()
}

// Dataset is one snapshot of a Parquet dataset to be loaded as the facts of
// one source. File describes the snapshot: Name is the dataset as the
// project file gives it (a glob), SHA256 identifies the snapshot (say, a
// hash of the file names, sizes and modification times) and Size is the
// total size of its files.
type Dataset struct {
	File
	// Paths are the dataset's Parquet files (paths DuckDB can open), as
	// listed when the snapshot was identified. Hive partitions in the paths
	// (source=stores/year=2026/...) are read as columns.
	Paths []string
	// Verify, if not nil, is called when the rows have been read and before
	// they are committed: an error abandons the load (a *DatasetError is
	// returned as it is, to be recorded as a refusal). It is the place to
	// check that the dataset did not change while it was read.
	Verify func() error
}

// DatasetError reports a dataset that cannot be loaded as it is: a column
// missing or of the wrong type, or values that are not facts. Nothing of the
// dataset was loaded.
type DatasetError struct {
	Dataset string // as the project file gives it
	Column  string // "" when it is not about one column
	Msg     string // what is wrong and what to do
}

func (e *DatasetError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("dataset %s: %s", e.Dataset, e.Msg)
	}
	return fmt.Sprintf("dataset %s: column %s: %s", e.Dataset, e.Column, e.Msg)
}

// Glob lists the files that pattern matches, sorted, as DuckDB's
// read_parquet sees them: * and ? within a folder name, ** across folders.
func (db *DB) Glob(ctx context.Context, pattern string) ([]string, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT file FROM glob(?) ORDER BY file`, pattern)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// Patterns the dataset's values must match; the same as coo.ValidIdent, the
// A1 references of CellRef and the text of coo.FormatDims.
const (
	identRE  = `^[a-z][a-z0-9_]{0,62}$`
	periodRE = `^[0-9]{4}-(0[1-9]|1[0-2])$`
	cellRE   = `^[A-Z]{1,3}[1-9][0-9]{0,6}$`
	dimRE    = `(?:[^\\;=]|\\[\\;=])`
	dimsRE   = `^(?:` + dimRE + `+=` + dimRE + `*(?:;` + dimRE + `+=` + dimRE + `*)*)?$`
)

// LoadParquet stages the rows of dataset d whose source column is d.Source
// (every row, when the paths are partitioned by source) as the facts of one
// file, in one transaction: all of them or nothing. Like a workbook's, they
// become visible when the batch is promoted (Promote), where they replace
// the rows of earlier files (earlier snapshots) of the same source and
// months; months the new snapshot lacks keep their earlier rows.
//
// The dataset must have the columns source, metric, period, dims, value and
// unit, and may have sheet and cell (a file column is not kept: the facts'
// file is the dataset); other columns are ignored. metric is a lowercase
// name (a measure), period text YYYY-MM, value a finite number, dims the
// text of coo.FormatDims, cell empty or an A1 reference. NULL dims, unit,
// sheet or cell read as "". A dataset that breaks any of this gives a
// *DatasetError naming the column and what to do, and nothing is loaded.
// It returns the file's id and the number of facts staged.
func (db *DB) LoadParquet(ctx context.Context, d Dataset, runID int64) (id, facts int64, err error) {
	if len(d.Paths) == 0 {
		return 0, 0, &DatasetError{Dataset: d.Name, Msg: "no Parquet files match; check the path in the project file"}
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return 0, 0, err
	}
	defer func() {
		if err != nil {
			// A background context: the caller's may be what was cancelled.
			conn.ExecContext(context.Background(), "ROLLBACK")
		}
	}()
	const read = `read_parquet(?, hive_partitioning = true, hive_types_autocast = false, union_by_name = true)`
	paths := d.Paths
	cols, err := describe(ctx, conn, `SELECT * FROM `+read, paths)
	if err != nil {
		return 0, 0, &DatasetError{Dataset: d.Name, Msg: fmt.Sprintf("cannot be read as Parquet: %v", err)}
	}
	if err := checkColumns(d.Name, cols); err != nil {
		return 0, 0, err
	}
	opt := func(c string) string {
		if _, ok := cols[c]; ok {
			return "coalesce(" + c + ", '')"
		}
		return "''"
	}
	if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE parquet_rows AS
		SELECT metric, period, coalesce(dims, '') AS dims, CAST(value AS DOUBLE) AS value, coalesce(unit, '') AS unit,
		       `+opt("sheet")+` AS sheet, `+opt("cell")+` AS cell
		FROM `+read+` WHERE source = ?`, paths, d.Source); err != nil {
		return 0, 0, &DatasetError{Dataset: d.Name, Msg: fmt.Sprintf("cannot be read: %v", err)}
	}
	defer conn.ExecContext(context.Background(), `DROP TABLE IF EXISTS temp.parquet_rows`)
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM parquet_rows`).Scan(&facts); err != nil {
		return 0, 0, err
	}
	if facts == 0 {
		return 0, 0, noRows(ctx, conn, d, read)
	}
	if err := checkValues(ctx, conn, d.Name); err != nil {
		return 0, 0, err
	}
	if err := conn.QueryRowContext(ctx, `SELECT nextval('files_id')`).Scan(&id); err != nil {
		return 0, 0, err
	}
	// Dictionaries: the ids are text_id of the text, as Load computes them,
	// hashed once per distinct text; the rows then join them by text.
	dicts := []struct{ table, sel string }{
		{"fact_metrics", `SELECT text_id(? || chr(31) || metric || chr(31) || unit) AS id, ? AS source, metric, unit
			FROM (SELECT DISTINCT metric, unit FROM parquet_rows)`},
		{"fact_dims", `SELECT text_id(dims) AS id, dims FROM (SELECT DISTINCT dims FROM parquet_rows)`},
		{"fact_sheets", `SELECT text_id(sheet) AS id, sheet FROM (SELECT DISTINCT sheet FROM parquet_rows)`},
	}
	for i, dt := range dicts {
		var args []any
		if i == 0 {
			args = []any{d.Source, d.Source}
		}
		tmp := "new_" + dt.table
		if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE `+tmp+` AS `+dt.sel, args...); err != nil {
			return 0, 0, fmt.Errorf("%s: %w", dt.table, err)
		}
		defer conn.ExecContext(context.Background(), `DROP TABLE IF EXISTS temp.`+tmp)
		var clash int
		if err := conn.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM `+tmp+` n JOIN `+dt.table+` t ON t.id = n.id WHERE n IS DISTINCT FROM t)
			+ (SELECT count(*) - count(DISTINCT id) FROM `+tmp+`)`).Scan(&clash); err != nil {
			return 0, 0, err
		}
		if clash > 0 {
			return 0, 0, fmt.Errorf("%s: two texts share a hash id; please report this", dt.table)
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO `+dt.table+` SELECT n.* FROM `+tmp+` n ANTI JOIN `+dt.table+` t ON t.id = n.id`); err != nil {
			return 0, 0, err
		}
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO fact_cells
		SELECT ?, m.id, CAST(substr(r.period, 1, 4) AS INTEGER) * 12 + CAST(substr(r.period, 6, 2) AS INTEGER) - 1,
		       d.id, r.value, s.id,
		       CASE WHEN r.cell = '' THEN 0 ELSE CAST(regexp_extract(r.cell, '[0-9]+$') AS INTEGER) END,
		       CASE WHEN r.cell = '' THEN 0 ELSE col_number(regexp_extract(r.cell, '^[A-Z]+')) END
		FROM parquet_rows r
		JOIN new_fact_metrics m ON m.metric = r.metric AND m.unit = r.unit
		JOIN new_fact_dims d ON d.dims = r.dims
		JOIN new_fact_sheets s ON s.sheet = r.sheet`, int32(id)); err != nil {
		return 0, 0, fmt.Errorf("load dataset %s: %w", d.Name, err)
	}
	if err := insertFile(ctx, conn, id, d.File, runID, FileStaged, facts, 0, db.now()); err != nil {
		return 0, 0, err
	}
	if d.Verify != nil {
		if err := d.Verify(); err != nil {
			return 0, 0, err
		}
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return 0, 0, err
	}
	return id, facts, nil
}

// describe returns the column names and types of a query.
func describe(ctx context.Context, conn *sql.Conn, q string, args ...any) (map[string]string, error) {
	rows, err := conn.QueryContext(ctx, `DESCRIBE `+q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols := map[string]string{}
	for rows.Next() {
		var name, typ string
		var null, key, def, extra sql.NullString
		if err := rows.Scan(&name, &typ, &null, &key, &def, &extra); err != nil {
			return nil, err
		}
		cols[name] = typ
	}
	return cols, rows.Err()
}

// checkColumns checks that the required columns are there with usable types.
func checkColumns(name string, cols map[string]string) error {
	have := slices.Sorted(maps.Keys(cols))
	for _, c := range ParquetColumns {
		typ, ok := cols[c]
		optional := c == "file" || c == "sheet" || c == "cell"
		switch {
		case !ok && optional:
		case !ok:
			return &DatasetError{Dataset: name, Column: c, Msg: fmt.Sprintf(
				"missing (the dataset has %s); write the columns source, metric, period, dims, value and unit, as coo export parquet does",
				strings.Join(have, ", "))}
		case c == "value":
			if !isNumeric(typ) {
				return &DatasetError{Dataset: name, Column: c, Msg: fmt.Sprintf("is %s: want a number (DOUBLE); cast it when writing the dataset", typ)}
			}
		case typ != "VARCHAR":
			hint := ""
			if c == "period" {
				hint = ` YYYY-MM (in Spark date_format(period, 'yyyy-MM'), in DuckDB strftime(period, '%Y-%m'))`
			}
			return &DatasetError{Dataset: name, Column: c, Msg: fmt.Sprintf("is %s: want text (VARCHAR); write it as text%s", typ, hint)}
		}
	}
	return nil
}

func isNumeric(typ string) bool {
	switch typ {
	case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "FLOAT", "DOUBLE":
		return true
	}
	return strings.HasPrefix(typ, "DECIMAL")
}

// checkValues checks the staged rows of parquet_rows against the rules of
// the facts, naming the first broken rule with an example and a count.
func checkValues(ctx context.Context, conn *sql.Conn, name string) error {
	checks := []struct{ column, bad, expr, msg string }{
		{"period", `period IS NULL OR NOT regexp_full_match(period, '` + periodRE + `')`, "period",
			"not a month as text YYYY-MM, such as 2026-10"},
		{"metric", `metric IS NULL OR NOT regexp_full_match(metric, '` + identRE + `')`, "metric",
			"not a measure name: want a lowercase letter, then lowercase letters, digits or _, such as revenue"},
		{"value", `value IS NULL OR isnan(value) OR isinf(value)`, "CAST(value AS VARCHAR)",
			"not a finite number: leave such rows out, or write the number"},
		{"dims", `NOT regexp_full_match(dims, '` + dimsRE + `')`, "dims",
			`not key=value pairs joined by ";" with \, ; and = inside a key or value escaped by \, as coo export writes them`},
		{"cell", `cell <> '' AND NOT regexp_full_match(cell, '` + cellRE + `')`, "cell",
			"not a cell reference such as C17: leave it empty or drop the column"},
	}
	for _, c := range checks {
		var n int64
		var example sql.NullString
		err := conn.QueryRowContext(ctx, `SELECT count(*), any_value(coalesce(`+c.expr+`, 'NULL')) FROM parquet_rows WHERE `+c.bad).Scan(&n, &example)
		if err != nil {
			return err
		}
		if n > 0 {
			rows := "rows"
			if n == 1 {
				rows = "row"
			}
			return &DatasetError{Dataset: name, Column: c.column, Msg: fmt.Sprintf("%d %s (such as %q): %s; fix the dataset and run coo ingest again",
				n, rows, example.String, c.msg)}
		}
	}
	return nil
}

// noRows explains a dataset without rows for the source.
func noRows(ctx context.Context, conn *sql.Conn, d Dataset, read string) error {
	var others []any
	err := conn.QueryRowContext(ctx, `SELECT coalesce(list(DISTINCT source ORDER BY source), []) FROM (SELECT source FROM `+read+` LIMIT 1000000)`, d.Paths).Scan(&others)
	if err != nil {
		return err
	}
	if len(others) == 0 {
		return &DatasetError{Dataset: d.Name, Msg: "has no rows"}
	}
	names := make([]string, len(others))
	for i, o := range others {
		names[i] = fmt.Sprint(o)
	}
	return &DatasetError{Dataset: d.Name, Column: "source", Msg: fmt.Sprintf(
		"no rows for source %s (it has %s): name the source in the project file as the dataset does", d.Source, strings.Join(names, ", "))}
}
