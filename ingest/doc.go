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
// Read and Load take the content and a name for messages; they open no
// files. The one function that does is ReadFile, which the batch calls to
// get the content: it refuses, from stat and before reading, what is not a
// regular file (not_regular: a folder named x.xlsx, a FIFO, a device) or is
// larger than the limit (too_large), and never blocks opening one. Workbook
// bytes are parsed by package ingest/xlsx. Nothing in a workbook makes it
// panic: every problem is an error or a reject (Read also keeps a
// last-chance recover that reports ErrInternal, which the fuzz tests treat
// as a failure). Messages are valid UTF-8 whatever the workbook holds: bytes
// that are not are written as \xNN, so that a refusal can always be stored.
package ingest
