// Package ingest reads departmental workbooks into the warehouse.
//
// A Source (from the project file) says which files belong to it, which sheet
// holds the table, which columns are the period, the dimensions and the
// measures. Reading a workbook yields facts, each with the cell it came from,
// and rejects, each with the cell, a stable reason code and a message that
// says what to do. A file loads in one transaction: all its facts and rejects,
// or nothing.
//
// This version reads tidy long tables: the header is the first non-blank row
// of the sheet, one row per period and combination of dimensions. Columns are
// found by name (case, spaces and aliases forgiven), never by position.
//
// ingest never opens files itself: callers pass the content and a name for
// messages. It never panics on a workbook's content: every problem is an error
// or a reject.
package ingest
