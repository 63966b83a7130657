package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"coo/internal/project"
	"coo/internal/safefile"
	"coo/warehouse"
)

// Config is what every job needs from its caller besides options.
type Config struct {
	Command string   // "coo ingest": for the lock and the run history
	Args    []string // the command line, recorded in the run history
	Log     *slog.Logger
	Now     func() time.Time
	// Progress, if set, is told how far long stages have got.
	Progress Progress
}

// Progress shows how far a job has got (a progress bar on a terminal).
type Progress interface {
	// Stage starts a stage of total steps; the job calls Add as steps end
	// and Done once at the end.
	Stage(name string, total int) Stage
}

// Stage is one stage of a Progress.
type Stage interface {
	Add(n int)
	Done()
}

type noStage struct{}

func (noStage) Add(int) {}
func (noStage) Done()   {}

func (c *Config) stage(name string, total int) Stage {
	if c.Progress == nil || total == 0 {
		return noStage{}
	}
	return c.Progress.Stage(name, total)
}

func (c *Config) log() *slog.Logger {
	if c.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.Log
}

func (c *Config) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

// Version is coo's version from the build information: the module's
// version, or "dev" with the commit.
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Version == "" || bi.Main.Version == "(devel)" {
		v := "dev"
		if ok {
			for _, s := range bi.Settings {
				if s.Key == "vcs.revision" && len(s.Value) >= 12 {
					v += "-" + s.Value[:12]
				}
			}
		}
		return v
	}
	return strings.TrimPrefix(bi.Main.Version, "v")
}

// memoryBudget applies the project's memory budget: about 40% as Go's soft
// limit (unless GOMEMLIMIT says otherwise) and 37.5% to DuckDB, whose
// memory_limit it returns (the rest is the runtime, the workbook's bytes and
// DuckDB's own overhead). With 256 MB, `coo ingest` of 1,048,576 rows × 8
// columns peaks at 315–321 MiB of RSS (2026-12-06), of which the program
// itself is about 49 MiB and the workbook's bytes 41 MiB.
func memoryBudget(p *project.Project) string {
	if p.Memory <= 0 {
		return ""
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(p.Memory * 2 / 5)
	}
	return fmt.Sprintf("%dMB", p.Memory*3/8/1e6)
}

// OpenReadOnly opens the project's warehouse for reading.
func OpenReadOnly(ctx context.Context, p *project.Project) (*warehouse.DB, error) {
	return warehouse.Open(ctx, p.Warehouse, warehouse.Options{ReadOnly: true, Version: Version(), MemoryLimit: memoryBudget(p)})
}

// Session is a writing job's hold on the project: the writer's lock, the
// open warehouse and the run being recorded.
type Session struct {
	Project *project.Project
	DB      *warehouse.DB
	RunID   int64
	cfg     Config
	lock    *warehouse.Lock
}

// Begin takes the writer's lock, opens (and if needed migrates) the
// warehouse and records the start of the run. A second writer gets an error
// matching warehouse.ErrBusy that names the first. The caller must End the
// session.
func Begin(ctx context.Context, p *project.Project, cfg Config) (*Session, error) {
	lock, err := acquire(p, cfg)
	if err != nil {
		return nil, err
	}
	db, err := warehouse.Open(ctx, p.Warehouse, warehouse.Options{Now: cfg.Now, Version: Version(), MemoryLimit: memoryBudget(p)})
	if err != nil {
		lock.Release()
		return nil, err
	}
	fail := func(err error) (*Session, error) {
		db.Close()
		lock.Release()
		return nil, err
	}
	if n, err := db.FailAbandonedRuns(ctx); err != nil {
		return fail(err)
	} else if n > 0 {
		cfg.log().Warn("earlier runs ended without recording how (killed or crashed); recorded them as failed", "runs", n)
	}
	id, err := db.StartRun(ctx, cfg.Command, cfg.Args)
	if err != nil {
		return fail(err)
	}
	cfg.Log = cfg.log().With("run", id)
	return &Session{Project: p, DB: db, RunID: id, cfg: cfg, lock: lock}, nil
}

// acquire takes the writer's lock for cfg.Command, and says so when it
// takes over the lock of a writer that was killed or crashed.
func acquire(p *project.Project, cfg Config) (*warehouse.Lock, error) {
	lock, err := warehouse.Acquire(p.Warehouse, warehouse.Holder{PID: os.Getpid(), Command: cfg.Command, Started: cfg.now()})
	if err != nil {
		return nil, err
	}
	if h := lock.Stale(); h != nil {
		cfg.log().Warn("took over the lock of a writer that ended without releasing it (killed or crashed)", "pid", h.PID, "command", h.Command, "started", h.Started)
	}
	return lock, nil
}

// Log is the session's logger, which names the run.
func (s *Session) Log() *slog.Logger { return s.cfg.Log }

// End records how the run ended (from err, with message, or err's text),
// closes the warehouse and releases the lock. It returns err, or the error
// of recording it if err was nil.
func (s *Session) End(err error, message string) error {
	status := warehouse.RunOK
	var re *RejectsError
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
	ferr := s.DB.FinishRun(s.RunID, status, ExitCode(err), message)
	cerr := s.DB.Close()
	s.lock.Release()
	if err != nil {
		return err
	}
	return errors.Join(ferr, cerr)
}

// recordOutputs records files written into a folder as the run's outputs.
func (s *Session) recordOutputs(ctx context.Context, dir string, files []safefile.Written) error {
	for _, f := range files {
		rf := warehouse.RunFile{Role: "output", Path: joinSlash(dir, f.Name), SHA256: f.SHA256, Size: f.Size}
		if err := s.DB.AddRunFile(ctx, s.RunID, rf); err != nil {
			return err
		}
	}
	return nil
}

// joinSlash joins a slash-separated name inside dir.
func joinSlash(dir, name string) string { return filepath.Join(dir, filepath.FromSlash(name)) }
