// Package warehouse is coo's embedded DuckDB store: its schema and migrations,
// the lock that keeps two writers apart, bulk loading through the Appender, the
// run history, and typed queries for the metric layer.
//
// The warehouse is one DuckDB file (by default coo.duckdb in the project folder).
// Its public face, which people and other tools may query with SQL, is:
//
//	facts          one row per loaded value: source, metric, period (YYYY-MM),
//	               dims (key=value;...), value (DOUBLE, scale applied), unit,
//	               file, sheet, cell, plus file_id and file_sha256
//	files          every file ever loaded: sha256, name, size, time, replaced_by
//	rejects        every cell or row set aside: file, sheet, cell, reason, message, raw
//	runs           what ran: command, arguments, start, end, status
//	run_files      each run's inputs and outputs with their sha256
//	metrics        the named metrics of the project file and their definitions
//	metric_values  each metric by period (and by dimension where declared)
//
// Conventions: SQL takes placeholders only; names that come from configuration
// (sources, measures, dimensions, metrics) are checked with coo.ValidIdent or
// coo.MetricName.Validate before use and still go in as parameters. The package
// opens no files other than the database and its lock, and the Parquet files
// it is asked to write (ExportParquet) or read (LoadParquet: the scale path,
// where another engine holds the facts); it reads no configuration of its
// own: callers pass Options. Text it stores is valid UTF-8: other bytes are
// kept as \xNN.
//
// People's own queries (coo sql) go through a Sandbox: the database opened
// read-only inside DuckDB's sandbox, running one query that may read only
// the files and folders the caller allows (SandboxOptions.Read) and write
// nothing.
//
// The writer's lock (Acquire) names its holder in the lock file. ReadLock
// tells a live holder from a stale one (a writer killed with the lock held:
// the operating system released the lock, the file still names it), and
// Acquire takes a stale lock over, saying so through Lock.Stale.
package warehouse
