// Package render writes what people read: the monthly report and the study
// report as HTML (one self-contained file), PDF and Markdown with charts
// drawn by gonum/plot, and the assessment workbook with excelize.
//
// It consumes analysis results only: it knows no SQL and no input workbooks.
// It never opens files; every writer takes an io.Writer, and output is
// deterministic (pinned clock, fonts and document dates).
//
// This is the foundation: the renderers arrive with the monthly report and
// assessment issues.
package render
