// Package render writes what people read: the monthly report and the study
// report as HTML (one self-contained file), PDF and Markdown with charts
// drawn by package chart, and the assessment score workbook (.xlsx, with
// live formulas) with its HTML summary.
//
// It consumes analysis results only: it knows no SQL, no warehouse and no
// input workbooks. Every renderer has one signature: a context, a Dest to
// write into (render never opens files; the caller's Dest decides where the
// bytes go, and package pipeline gives a folder written atomically), the
// analysis result and the options. Output is deterministic: the same inputs
// and Options.GeneratedAt give the same bytes (fonts and document dates are
// pinned). Text from workbooks and project files is escaped in HTML and
// Markdown and written as text, never as a formula, in workbooks.
package render
