package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"coo/analysis"
	"coo/forecast"
	"coo/internal/project"
	"coo/internal/safefile"
	"coo/render"
	"coo/render/font"
	"coo/warehouse"
)

// StudyOptions says where a study's report goes.
type StudyOptions struct {
	File        string // the study file, for messages
	Out         string // the folder to write into
	Stem        string // the files' name; "" is study
	Formats     []string
	GeneratedAt time.Time
}

// Study runs a study spec on the warehouse and writes its report into
// opt.Out as Stem.html, Stem.pdf, Stem.md with Stem-assets/. Collinear
// drivers and a scenario starting outside the months forecast are an
// OptionError naming them; data holding a suspected slip
// (analysis.SuspectError) are a RefusedError naming its cells.
func Study(ctx context.Context, db *warehouse.DB, p *project.Project, spec *analysis.StudySpec, opt StudyOptions) ([]safefile.Written, error) {
	rep, err := analysis.RunStudy(ctx, db, analysis.StudyInput{Spec: *spec, Metrics: p.Metrics, Lang: p.Language})
	var ce *forecast.CollinearError
	if errors.As(err, &ce) {
		return nil, Optionf("%s: collinear columns %s: %s", opt.File, strings.Join(ce.Names, ", "), strings.Join(ce.Relations, "; "))
	}
	var me *analysis.ScenarioMonthError
	if errors.As(err, &me) {
		return nil, Optionf("%s: %s", opt.File, me.Error())
	}
	var se *analysis.SuspectError
	if errors.As(err, &se) {
		return nil, refusedf("%s: %s", opt.File, se.Error())
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opt.File, err)
	}
	face, err := font.Load(p.Report.Font)
	if err != nil {
		return nil, fmt.Errorf("report.font: %w", err)
	}
	dst := safefile.NewDir(opt.Out)
	err = render.Study(ctx, dst, rep, render.StudyOptions{Options: render.Options{GeneratedAt: opt.GeneratedAt, Stem: opt.Stem},
		Company: p.Company, Lang: p.Language, Face: face, Formats: opt.Formats})
	if err != nil {
		return nil, err
	}
	return dst.Files(), nil
}
