package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"coo/internal/project"
	"coo/render/font"
	"coo/warehouse"
)

func cmdDoctor() *command {
	c := &command{
		name:    "doctor",
		args:    "[--project DIR]",
		summary: "Check the project file, the report font, and the warehouse's schema and integrity.",
		help: `Checks, and says what to do about each problem:
  - the project file reads without errors
  - each source's files glob matches files
  - the report font: Chinese needs one with Chinese glyphs (LXGW WenKai,
    Debian package fonts-lxgw-wenkai, or report.font)
  - the warehouse: no writer holds it, its schema version is this coo's,
    every fact belongs to a recorded file and known dictionary entries, no
    load is half done, no run is left running, every metric has values

Read-only. Exit status 1 if a check failed.

Example:
  coo doctor --project acme`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := e.flags(c, ".")
		if err := e.parse(fs, args); err != nil {
			return err
		}
		failed := 0
		report := func(ok bool, what, fix string) {
			mark := "ok  "
			if !ok {
				mark = "FAIL"
				failed++
			}
			fmt.Fprintf(e.stdout, "%s  %s\n", mark, what)
			if !ok && fix != "" {
				fmt.Fprintf(e.stdout, "      fix: %s\n", fix)
			}
		}
		warn := func(what, fix string) {
			fmt.Fprintf(e.stdout, "warn  %s\n", what)
			if fix != "" {
				fmt.Fprintf(e.stdout, "      fix: %s\n", fix)
			}
		}
		p, err := e.loadProject()
		if err != nil {
			report(false, "project file: "+err.Error(), "correct the lines named above")
			return doctorResult(failed)
		}
		report(true, fmt.Sprintf("project file %s: %d sources, %d metrics", filepath.Join(p.Dir, project.FileName), len(p.Sources), len(p.Metrics)), "")
		for _, src := range p.Sources {
			found, _ := filepath.Glob(filepath.Join(p.Dir, filepath.FromSlash(src.Files)))
			if len(found) == 0 {
				warn(fmt.Sprintf("source %s: no file matches %s", src.Name, src.Files), "put the department's workbooks there, or correct files: in coo.yaml")
			}
		}
		face, err := font.Load(p.Report.Font)
		switch {
		case err != nil:
			report(false, "report font: "+err.Error(), "set report.font to a TrueType (.ttf) file with Latin and Chinese glyphs")
		case !face.CJK && p.Language == "zh":
			report(false, "report font: no font with Chinese glyphs, and the project's language is zh", "apt-get install fonts-lxgw-wenkai, or set report.font")
		case !face.CJK:
			warn("report font: the Go fonts (Latin only); Chinese text in charts and PDFs would fail", "apt-get install fonts-lxgw-wenkai")
		default:
			report(true, "report font: "+face.Name+" ("+face.Path+")", "")
		}
		if h := warehouse.ReadHolder(warehouse.LockPath(p.Warehouse)); h != nil {
			warn("the warehouse is being written by "+h.String(), "wait for it to finish before reading")
		}
		db, err := warehouse.Open(ctx, p.Warehouse, warehouse.Options{ReadOnly: true, Version: version()})
		switch {
		case errors.Is(err, warehouse.ErrNoWarehouse):
			warn("no warehouse yet at "+p.Warehouse, "run coo ingest")
			return doctorResult(failed)
		case errors.Is(err, warehouse.ErrSchemaOlder):
			warn(err.Error(), "")
			return doctorResult(failed)
		case err != nil:
			report(false, "warehouse: "+err.Error(), "")
			return doctorResult(failed)
		}
		defer db.Close()
		v, err := db.Version(ctx)
		if err != nil {
			return err
		}
		fi, _ := os.Stat(p.Warehouse)
		size := int64(0)
		if fi != nil {
			size = fi.Size()
		}
		report(true, fmt.Sprintf("warehouse %s: schema version %d, %.1f MB", p.Warehouse, v, float64(size)/1e6), "")
		findings, err := db.Check(ctx)
		if err != nil {
			return err
		}
		for _, f := range findings {
			report(f.OK, "warehouse: "+f.What, f.Fix)
		}
		return doctorResult(failed)
	}
	return c
}

func doctorResult(failed int) error {
	if failed > 0 {
		return fmt.Errorf("%d checks failed", failed)
	}
	return nil
}
