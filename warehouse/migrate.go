package warehouse

import (
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// migrations are applied in order, all of them in one transaction; migration
// i brings the schema to version i+1. Never edit a released migration: add
// one, then write schema.sql again (TestSchemaSQL says how).
var migrations = []string{
	// 1: files, facts, rejects, runs, metrics.
	`
CREATE TABLE coo_schema (
	version    INTEGER PRIMARY KEY,
	applied_at TIMESTAMP NOT NULL,
	coo        TEXT NOT NULL      -- the coo version that applied it
);
CREATE SEQUENCE files_id START 1;
CREATE TABLE files (
	id          BIGINT PRIMARY KEY,
	source      TEXT NOT NULL,
	name        TEXT NOT NULL,     -- path relative to the project folder
	sha256      TEXT NOT NULL,
	size        BIGINT NOT NULL,
	loaded_at   TIMESTAMP NOT NULL,
	run_id      BIGINT,
	facts       BIGINT NOT NULL,
	rejects     BIGINT NOT NULL,
	replaced_by BIGINT,            -- the file that superseded this one, if any
	replaced_at TIMESTAMP
);
CREATE TABLE fact_rows (
	file_id BIGINT NOT NULL,
	source  TEXT NOT NULL,
	metric  TEXT NOT NULL,
	period  TEXT NOT NULL,
	dims    TEXT NOT NULL,
	value   DOUBLE NOT NULL,
	unit    TEXT NOT NULL,
	sheet   TEXT NOT NULL,
	cell    TEXT NOT NULL
);
CREATE VIEW facts AS
	SELECT r.source, r.metric, r.period, r.dims, r.value, r.unit,
	       f.name AS file, r.sheet, r.cell, r.file_id, f.sha256 AS file_sha256
	FROM fact_rows r JOIN files f ON f.id = r.file_id
	WHERE f.replaced_by IS NULL;
CREATE TABLE rejects (
	file_id BIGINT,                -- NULL when the whole file was refused before loading
	file    TEXT NOT NULL,
	sha256  TEXT NOT NULL,
	sheet   TEXT NOT NULL,
	cell    TEXT NOT NULL,
	reason  TEXT NOT NULL,         -- a stable code such as not_a_number
	message TEXT NOT NULL,
	raw     TEXT NOT NULL,
	run_id  BIGINT
);
CREATE SEQUENCE runs_id START 1;
CREATE TABLE runs (
	id        BIGINT PRIMARY KEY,
	command   TEXT NOT NULL,
	args      TEXT NOT NULL,       -- JSON array
	pid       INTEGER NOT NULL,
	coo       TEXT NOT NULL,
	started   TIMESTAMP NOT NULL,
	ended     TIMESTAMP,
	status    TEXT NOT NULL,       -- running | ok | rejects | failed | interrupted
	exit_code INTEGER,
	message   TEXT NOT NULL DEFAULT ''
);
CREATE TABLE run_files (
	run_id BIGINT NOT NULL,
	role   TEXT NOT NULL,          -- input | output
	path   TEXT NOT NULL,
	sha256 TEXT NOT NULL,
	size   BIGINT NOT NULL
);
-- dim_value('region=North;product=Home', 'region') = 'North' (still %-escaped).
CREATE MACRO dim_value(dims, k) AS
	regexp_extract(';' || dims || ';', ';' || k || '=([^;]*);', 1);
CREATE TABLE metrics (
	name       TEXT PRIMARY KEY,
	label      TEXT NOT NULL,
	unit       TEXT NOT NULL,
	kind       TEXT NOT NULL,      -- flow | stock
	definition TEXT NOT NULL       -- the SQL that computes it, for people to read
);
CREATE TABLE metric_values (
	metric TEXT NOT NULL,
	period TEXT NOT NULL,
	dims   TEXT NOT NULL,          -- '' for the total
	value  DOUBLE NOT NULL,
	rows   BIGINT NOT NULL         -- how many facts went into it
);
`,
	// 2: a lean fact layout (numbers and dictionary ids: the Appender takes
	// millions of such rows a second), staged loads promoted per batch,
	// replacement by source and period, and dims escaped with backslashes.
	`
-- Dictionary ids are 63 bits of the md5 of the text (md5_number_lower >> 1),
-- so a load computes them without asking the database; Load adds only ids
-- not yet there (no index needed: one writer at a time) and checks for
-- collisions.
CREATE TABLE fact_metrics (
	id     BIGINT NOT NULL,        -- of source || chr(31) || metric || chr(31) || unit
	source TEXT NOT NULL,
	metric TEXT NOT NULL,
	unit   TEXT NOT NULL
);
CREATE TABLE fact_dims (
	id   BIGINT NOT NULL,
	dims TEXT NOT NULL
);
CREATE TABLE fact_sheets (
	id    BIGINT NOT NULL,
	sheet TEXT NOT NULL
);
CREATE TABLE fact_cells (
	file_id   INTEGER NOT NULL,
	metric_id BIGINT NOT NULL,
	period    INTEGER NOT NULL,    -- months since 0000-01: year*12 + month-1
	dims_id   BIGINT NOT NULL,
	value     DOUBLE NOT NULL,
	sheet_id  BIGINT NOT NULL,
	"row"     INTEGER NOT NULL,
	col       SMALLINT NOT NULL
);
CREATE TABLE replacements (
	run_id      BIGINT,
	source      TEXT NOT NULL,
	period      TEXT NOT NULL,
	old_file_id BIGINT NOT NULL,
	new_file_id BIGINT NOT NULL,
	"rows"      BIGINT NOT NULL
);
ALTER TABLE files ADD COLUMN status TEXT DEFAULT 'loaded';
UPDATE files SET status = 'replaced' WHERE replaced_by IS NOT NULL;

-- Version 1 escaped dims with %25 %3B %3D; now \\ \; \= .
CREATE TEMP TABLE old_rows AS SELECT *,
	replace(replace(replace(replace(dims, '\', '\\'), '%3B', '\;'), '%3D', '\='), '%25', '%') AS new_dims
	FROM fact_rows;
CREATE MACRO text_id(t) AS CAST(md5_number_lower(t) >> 1 AS BIGINT);
INSERT INTO fact_metrics SELECT text_id(source || chr(31) || metric || chr(31) || unit), source, metric, unit
	FROM (SELECT DISTINCT source, metric, unit FROM old_rows);
INSERT INTO fact_dims SELECT text_id(new_dims), new_dims FROM (SELECT DISTINCT new_dims FROM old_rows);
INSERT INTO fact_sheets SELECT text_id(sheet), sheet FROM (SELECT DISTINCT sheet FROM old_rows);
CREATE MACRO col_number(letters) AS
	CASE length(letters)
	WHEN 1 THEN ascii(letters[1]) - 64
	WHEN 2 THEN (ascii(letters[1]) - 64) * 26 + ascii(letters[2]) - 64
	ELSE (ascii(letters[1]) - 64) * 676 + (ascii(letters[2]) - 64) * 26 + ascii(letters[3]) - 64 END;
INSERT INTO fact_cells SELECT o.file_id, m.id,
		CAST(substr(o.period, 1, 4) AS INTEGER) * 12 + CAST(substr(o.period, 6, 2) AS INTEGER) - 1,
		d.id, o.value, s.id,
		CAST(regexp_extract(o.cell, '[0-9]+$') AS INTEGER), col_number(regexp_extract(o.cell, '^[A-Z]+'))
	FROM old_rows o
	JOIN fact_metrics m ON m.source = o.source AND m.metric = o.metric AND m.unit = o.unit
	JOIN fact_dims d ON d.dims = o.new_dims
	JOIN fact_sheets s ON s.sheet = o.sheet;
UPDATE metric_values SET dims = replace(replace(replace(replace(dims, '\', '\\'), '%3B', '\;'), '%3D', '\='), '%25', '%');
DROP TABLE old_rows;
DROP VIEW facts;
DROP TABLE fact_rows;

-- 28 -> 'AB'.
CREATE MACRO col_letters(c) AS
	CASE WHEN c <= 26 THEN chr(64 + c)
	WHEN c <= 702 THEN chr(64 + (c - 1) // 26) || chr(65 + (c - 1) % 26)
	ELSE chr(64 + (c - 27) // 676) || chr(65 + ((c - 27) // 26) % 26) || chr(65 + (c - 1) % 26) END;
-- 24321 -> '2026-10'.
CREATE MACRO period_text(p) AS lpad(CAST(p // 12 AS TEXT), 4, '0') || '-' || lpad(CAST(p % 12 + 1 AS TEXT), 2, '0');
-- dim_value('region=North;product=Home', 'region') = 'North', still escaped;
-- dim_text unescapes it.
CREATE OR REPLACE MACRO dim_value(dims, k) AS
	regexp_extract(dims, '^(?:(?:[^;\\]|\\.)*;)*?' || k || '=((?:[^;\\]|\\.)*)(?:;|$)', 1);
CREATE MACRO dim_text(dims, k) AS regexp_replace(dim_value(dims, k), '\\(.)', '\1', 'g');
CREATE VIEW facts AS
	SELECT m.source, m.metric, period_text(c.period) AS period, d.dims, c.value, m.unit,
	       f.name AS file, s.sheet, col_letters(c.col) || c."row" AS cell,
	       c.file_id, f.sha256 AS file_sha256
	FROM fact_cells c
	JOIN files f ON f.id = c.file_id AND f.status = 'loaded'
	JOIN fact_metrics m ON m.id = c.metric_id
	JOIN fact_dims d ON d.id = c.dims_id
	JOIN fact_sheets s ON s.id = c.sheet_id;
`,
	// 3: forecasts, with the model and backtest behind each; the mapping a
	// file was loaded with.
	`
ALTER TABLE files ADD COLUMN mapping TEXT DEFAULT '';
CREATE TABLE forecast_models (
	run_id          BIGINT,
	metric          TEXT NOT NULL,
	dims            TEXT NOT NULL,
	origin          TEXT NOT NULL,   -- the last month of data (YYYY-MM)
	first           TEXT NOT NULL,   -- the first month used
	months          INTEGER NOT NULL,
	method          TEXT NOT NULL,
	rule            TEXT NOT NULL,   -- how the method was chosen
	backtest_smape  DOUBLE,
	backtest_mase   DOUBLE,
	benchmark_smape DOUBLE,          -- seasonal naive over the same origins
	benchmark_mase  DOUBLE,
	backtest_cov95  DOUBLE,
	warning         TEXT NOT NULL,   -- set when it did worse than seasonal naive in backtest
	note            TEXT NOT NULL,   -- what was done about gaps, short history
	error           TEXT NOT NULL,   -- why there is no forecast
	summary         TEXT NOT NULL    -- one line for people
);
CREATE TABLE forecasts (
	run_id BIGINT,
	metric TEXT NOT NULL,
	dims   TEXT NOT NULL,
	origin TEXT NOT NULL,
	step   INTEGER NOT NULL,
	period TEXT NOT NULL,
	method TEXT NOT NULL,
	mean   DOUBLE NOT NULL,
	lo80   DOUBLE NOT NULL,
	hi80   DOUBLE NOT NULL,
	lo95   DOUBLE NOT NULL,
	hi95   DOUBLE NOT NULL
);
-- The latest forecast of each series.
CREATE VIEW latest_forecasts AS
	SELECT f.* FROM forecasts f
	JOIN (SELECT metric, dims, max(run_id) AS run_id FROM forecast_models WHERE error = '' GROUP BY ALL) l
	USING (metric, dims, run_id);
`,
	// 4: facts loaded from a Parquet dataset may have no cell (column 0):
	// the facts view shows '' for them.
	`
CREATE OR REPLACE VIEW facts AS
	SELECT m.source, m.metric, period_text(c.period) AS period, d.dims, c.value, m.unit,
	       f.name AS file, s.sheet,
	       CASE WHEN c.col = 0 THEN '' ELSE col_letters(c.col) || c."row" END AS cell,
	       c.file_id, f.sha256 AS file_sha256
	FROM fact_cells c
	JOIN files f ON f.id = c.file_id AND f.status = 'loaded'
	JOIN fact_metrics m ON m.id = c.metric_id
	JOIN fact_dims d ON d.id = c.dims_id
	JOIN fact_sheets s ON s.id = c.sheet_id;
`,
	// 5: the months of its history a forecast was fitted without (a value
	// far outside the rest of the series, replaced by its expected value);
	// what its backtest coverage was counted on.
	`
ALTER TABLE forecast_models ADD COLUMN backtest_points INTEGER DEFAULT 0;  -- actual values the backtest scored
ALTER TABLE forecast_models ADD COLUMN backtest_months INTEGER DEFAULT 0;  -- the months they span, up to the origin
CREATE TABLE forecast_adjustments (
	run_id   BIGINT,
	metric   TEXT NOT NULL,
	dims     TEXT NOT NULL,
	origin   TEXT NOT NULL,     -- the forecast's origin, as in forecast_models
	period   TEXT NOT NULL,     -- the month set aside (YYYY-MM)
	value    DOUBLE NOT NULL,   -- as observed
	expected DOUBLE NOT NULL    -- what the fit used instead
);
`,
	// 6: whether a replacement changed a value: a workbook sent again with
	// the same values restates nothing.
	`
ALTER TABLE replacements ADD COLUMN changed BIGINT;  -- facts of the month whose value changed, came or went; NULL: not known (before 6)
`,
	// 7: the latest forecast of each series is its latest run's, even
	// when that run could not forecast it: a series whose new month
	// stopped its forecast (a suspected unit slip) kept showing the
	// forecast made before, which no longer added up with the others.
	`
CREATE OR REPLACE VIEW latest_forecasts AS
	SELECT f.* FROM forecasts f
	JOIN (SELECT metric, dims, max(run_id) AS run_id FROM forecast_models GROUP BY ALL) l
	USING (metric, dims, run_id);
`,
	// 8: what history a forecast read, so that a report does not use a
	// forecast of data since corrected (coo.Fingerprint); which changes
	// of a replacement touched values that had loaded, so that a
	// correction of a workbook with cells set aside that also changes
	// others is a restatement.
	`
ALTER TABLE forecast_models ADD COLUMN data TEXT;  -- coo.Fingerprint of the months first..origin it read; NULL: not known (before 8)
ALTER TABLE replacements ADD COLUMN altered BIGINT;  -- of changed, the facts that were there before (changed or gone, not come); NULL: not known (before 8)
`,
}

// schemaSQL is the schema the migrations make, as DuckDB prints it: a new
// warehouse is created with it in about a fifth of the time the migrations
// take (8 against 35 ms). Written by go test ./warehouse -run TestSchemaSQL
// -update after a migration is added.
//
//go:embed schema.sql
var schemaSQL string

// SchemaVersion is the schema version this build of coo writes.
var SchemaVersion = len(migrations)

// ErrSchemaNewer reports a warehouse written by a newer coo.
var ErrSchemaNewer = errors.New("the warehouse was written by a newer coo")

// ErrSchemaOlder reports a warehouse that needs migrating but was opened read-only.
var ErrSchemaOlder = errors.New("the warehouse schema is older than this coo")

// version returns the schema version of the open database: 0 when empty.
// It is one small query, since every command pays for it: a database
// without coo_schema is one DuckDB says has no such table (information_schema
// would take several times as long to ask).
func version(ctx context.Context, q querier) (int, error) {
	var v sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT max(version) FROM main.coo_schema`).Scan(&v)
	var de *duckdb.Error
	if errors.As(err, &de) && de.Type == duckdb.ErrorTypeCatalog && strings.Contains(de.Msg, "coo_schema") {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return int(v.Int64), nil
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// migrate brings the schema from its current version to target in one
// transaction, so a failure leaves the version it had.
func migrate(ctx context.Context, db *sql.DB, target int, now time.Time, coo string) error {
	v, err := version(ctx, db)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if v > len(migrations) {
		return fmt.Errorf("schema version %d, this coo knows up to %d: %w; use that coo or a newer one", v, len(migrations), ErrSchemaNewer)
	}
	if v >= target {
		return nil
	}
	// One transaction for every step: a warehouse is at its old version or
	// the new one, never between, and a new one is created in one commit.
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if v == 0 && target == len(migrations) {
		// A new warehouse: the schema the migrations make, in one go
		// (schema.sql; TestSchemaSQL keeps it the same).
		if _, err := tx.ExecContext(ctx, schemaSQL); err != nil {
			return fmt.Errorf("create the schema: %w", err)
		}
		for ; v < target; v++ {
			if _, err := tx.ExecContext(ctx, `INSERT INTO coo_schema VALUES (?, ?, ?)`, v+1, now, coo); err != nil {
				return fmt.Errorf("create the schema: %w", err)
			}
		}
	}
	for ; v < target; v++ {
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			return fmt.Errorf("migration %d: %w", v+1, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO coo_schema VALUES (?, ?, ?)`, v+1, now, coo); err != nil {
			return fmt.Errorf("migration %d: %w", v+1, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration to version %d: %w", target, err)
	}
	return nil
}
