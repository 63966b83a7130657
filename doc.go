// Package coo is the vocabulary of the coo pipeline: the calendar (Period and
// fiscal years), series of monthly values, metric names and cell references.
//
// It imports only the standard library and holds no I/O, so every other package
// can depend on it: ingest and warehouse speak of periods and cells, analysis of
// series, render of metrics, without depending on each other.
//
// Conventions: a Period is a calendar month; series are monthly and oldest first;
// a fiscal year is named by the calendar year in which it ends (FY2026 with a
// November start runs 2025-11 .. 2026-10); percentages are stored as fractions
// (85% as 0.85).
package coo
