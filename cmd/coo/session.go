package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strings"

	"coo/internal/project"
	"coo/warehouse"
)

// loadProject reads the project file of --project.
func (e *env) loadProject() (*project.Project, error) {
	return project.Load(e.projectDir)
}

// openReadOnly opens the project's warehouse for reading.
func (e *env) openReadOnly(ctx context.Context) (*warehouse.DB, error) {
	p, err := e.loadProject()
	if err != nil {
		return nil, err
	}
	return warehouse.Open(ctx, p.Warehouse, warehouse.Options{ReadOnly: true, Version: version(), MemoryLimit: memoryBudget(p)})
}

// memoryBudget applies the project's memory budget: about 40% as Go's soft
// limit (unless GOMEMLIMIT says otherwise) and 37.5% to DuckDB, whose
// memory_limit it returns (the rest is the runtime, the workbook's bytes and
// DuckDB's own overhead). With 256 MB, 1,048,576 rows × 8 columns load in
// under 300 MiB of RSS.
func memoryBudget(p *project.Project) string {
	if p.Memory <= 0 {
		return ""
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(p.Memory * 2 / 5)
	}
	return fmt.Sprintf("%dMB", p.Memory*3/8/1e6)
}

// checkFormat refuses a --format value not among allowed.
func checkFormat(format string, allowed ...string) error {
	for _, a := range allowed {
		if format == a {
			return nil
		}
	}
	return usagef("--format %q: want %s", format, strings.Join(allowed, ", "))
}

// writeSession is a writing command's hold on the warehouse: the lock, the
// open database and the run being recorded.
type writeSession struct {
	db    *warehouse.DB
	lock  *warehouse.Lock
	runID int64
}

// beginWrite takes the writer's lock, opens (and if needed migrates) the
// warehouse and records the start of the run. A second writer gets a
// *warehouse.BusyError naming the first.
func (e *env) beginWrite(ctx context.Context, p *project.Project) (*writeSession, error) {
	lock, err := warehouse.Acquire(p.Warehouse, warehouse.Holder{PID: os.Getpid(), Command: e.command, Started: e.now()})
	if err != nil {
		return nil, err
	}
	db, err := warehouse.Open(ctx, p.Warehouse, warehouse.Options{Now: e.now, Version: version(), MemoryLimit: memoryBudget(p)})
	if err != nil {
		lock.Release()
		return nil, err
	}
	if n, err := db.FailAbandonedRuns(ctx); err != nil {
		db.Close()
		lock.Release()
		return nil, err
	} else if n > 0 {
		e.log.Warn("earlier runs ended without recording how (killed or crashed); recorded them as failed", "runs", n)
	}
	id, err := db.StartRun(ctx, e.command, e.args)
	if err != nil {
		db.Close()
		lock.Release()
		return nil, err
	}
	e.log = e.log.With("run", id)
	return &writeSession{db: db, lock: lock, runID: id}, nil
}

// end records how the run ended, closes the warehouse and releases the lock.
// It returns err, or the error of recording it if err was nil.
func (s *writeSession) end(err error, message string) error {
	status := warehouse.RunOK
	var re *rejectsError
	switch {
	case err == nil:
	case errors.As(err, &re):
		status = warehouse.RunRejects
	case errors.Is(err, context.Canceled):
		status = warehouse.RunInterrupted
	default:
		status = warehouse.RunFailed
	}
	if err != nil && message == "" {
		message = err.Error()
	}
	ferr := s.db.FinishRun(s.runID, status, exitCode(err), message)
	cerr := s.db.Close()
	s.lock.Release()
	if err != nil {
		return err
	}
	return errors.Join(ferr, cerr)
}
