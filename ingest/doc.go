// Package ingest reads departmental workbooks into the warehouse.
//
// A Source (from the project file) says which files belong to it, which
// sheets hold data, how the table is laid out (long, or wide with months
// across the columns), where its month comes from, and which columns are the
// dimensions and the measures. Reading a workbook (Read) finds each table by
// its header names — never by row numbers — through titles, merged two-row
// headers, totals, notes and blank rows, and yields facts, each with the cell
// it came from, and rejects, each with the cell, a stable reason code (Code)
// and a message that says what to fix. Load stages a file in the warehouse in
// one transaction: all its facts and rejects, or nothing.
//
// ingest never opens files itself: callers pass the content and a name for
// messages. Workbook bytes are parsed by package ingest/xlsx. Nothing in a
// workbook makes it panic: every problem is an error or a reject (Read also
// keeps a last-chance recover that reports ErrInternal, which the fuzz tests
// treat as a failure).
package ingest
