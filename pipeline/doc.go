// Package pipeline runs coo's jobs on an opened project: ingest a batch of
// workbooks (Ingest), forecast every series (Forecast), score a month
// (Assess), write the monthly report (Report) or a study (Study), and
// publish a month with its report, scores and run.json all at once
// (Publish). Each takes a context, the writer's session or an open
// warehouse, and options, and returns a typed result that says what it did;
// none prints. Command-line programs and tests call them alike.
//
// Read-only jobs take an open warehouse, or no project at all: export the
// facts as CSV or Parquet (ExportFacts, ExportParquet), check the project
// (Doctor), backtest forecasting methods on a series file (BacktestFile),
// measure forecasting throughput (Bench), fit a regression to a CSV file
// (Regress), and write the schedule that runs the monthly job (Schedule).
//
// Writing jobs run inside a Session: the writer's lock on the warehouse,
// the open database and the run recorded in its history. Errors carry the
// outcome the documented exit codes name (ExitCode): RejectsError when
// input was set aside, RefusedError when the job would publish something
// incomplete or overwrite without being told to, OptionError for a mistake
// in what was asked.
//
// pipeline is the one place that wires the warehouse to analysis and
// render: it passes *warehouse.DB where analysis asks for its small store
// interfaces, and folders written atomically (package safefile) where
// render asks for a Dest.
package pipeline

import (
	"coo/analysis"
	"coo/warehouse"
)

// The warehouse is what analysis reads.
var (
	_ analysis.Store       = (*warehouse.DB)(nil)
	_ analysis.AssessStore = (*warehouse.DB)(nil)
	_ analysis.StudyStore  = (*warehouse.DB)(nil)
)
