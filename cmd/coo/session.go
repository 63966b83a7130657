package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"coo/internal/project"
	"coo/pipeline"
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
	return pipeline.OpenReadOnly(ctx, p)
}

// config is what the pipeline's jobs get from the command line.
func (e *env) config() pipeline.Config {
	c := pipeline.Config{Command: e.command, Args: e.args, Log: e.log, Now: e.now}
	if e.terminal {
		c.Progress = bars{e}
	}
	return c
}

// begin starts a writing job's session.
func (e *env) begin(ctx context.Context, p *project.Project) (*pipeline.Session, error) {
	s, err := pipeline.Begin(ctx, p, e.config())
	if err == nil {
		e.log = s.Log()
	}
	return s, err
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

// stage starts a progress bar on a terminal (nothing otherwise).
func (e *env) stage(name string, total int) pipeline.Stage {
	if !e.terminal || total == 0 {
		return noStage{}
	}
	return bars{e}.Stage(name, total)
}

type noStage struct{}

func (noStage) Add(int) {}
func (noStage) Done()   {}

// bars shows the pipeline's stages as progress bars on a terminal.
type bars struct{ e *env }

func (b bars) Stage(name string, total int) pipeline.Stage {
	p := mpb.New(mpb.WithOutput(b.e.stderr), mpb.WithWidth(40))
	bar := p.AddBar(int64(total),
		mpb.PrependDecorators(decor.Name(name+" "), decor.CountersNoUnit("%d/%d")),
		mpb.AppendDecorators(decor.Percentage(), decor.Name(" "), decor.Elapsed(decor.ET_STYLE_GO)))
	b.e.logw.set(p) // log lines print above the bar
	return &stage{p: p, b: bar, e: b.e}
}

type stage struct {
	p *mpb.Progress
	b *mpb.Bar
	e *env
}

func (s *stage) Add(n int) { s.b.IncrBy(n) }

func (s *stage) Done() {
	if s.p == nil {
		return
	}
	if !s.b.Completed() {
		s.b.Abort(false)
	}
	s.p.Wait()
	s.e.logw.set(s.e.stderr)
	s.p = nil
}

// guardOutputs refuses output paths over the files of the project in
// --project (default: the working folder), when there is one there: coo
// backtest and bench take no project, but run in one their --out could
// name its warehouse.
func (e *env) guardOutputs(paths ...string) error {
	if _, err := os.Stat(filepath.Join(e.projectDir, project.FileName)); err != nil {
		return nil
	}
	p, err := e.loadProject()
	if err != nil { // a project file coo cannot read: its own files at their usual names
		p = &project.Project{Dir: e.projectDir, Warehouse: filepath.Join(e.projectDir, "coo.duckdb")}
	}
	return pipeline.CheckOutputs(p, paths...)
}
