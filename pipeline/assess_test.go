package pipeline

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"coo/analysis"
	"coo/internal/project"
)

// TestAssessUnitTwiceIsUsage: two units of one name in a group is a mistake
// in the project file's assessment rules, exit 2, as the README says.
func TestAssessUnitTwiceIsUsage(t *testing.T) {
	err := scoreError(fmt.Errorf("%w: in 2026-10, group %q has two units named %q", analysis.ErrUnitTwice, "Departments", "Sales"))
	if got := ExitCode(err); got != ExitUsage {
		t.Errorf("ExitCode(%v) = %d, want %d", err, got, ExitUsage)
	}
}

// TestAssessTargetBaseIncomplete: September's Online spend typed "n/a" is
// set aside, and October's "Spend vs last month" target read 892,685 (the
// other channels) for 1,621,215: Marketing fell from A to D, the page
// naming the workbook twice and no KPI (found from outside). The base short
// of a cell is no base, as a suspect one: the KPI follows the missing-data
// policy (the demo's reweight), its note naming the cell, and the page
// names the workbook once. Truth: the demo generator's facts.
func TestAssessTargetBaseIncomplete(t *testing.T) {
	ctx := context.Background()
	dir, res := demoCopy(t)
	last := res.Company.Truth.Params.Last
	sum := func(measure string, p int) (v float64, file, sheet, cell string) {
		for _, f := range res.Company.Truth.Facts {
			if f.Source == "marketing" && f.Measure == measure && int(f.Period) == p {
				v += f.Value
				if len(f.Dims) == 1 && f.Dims[0].Value == "Online" {
					file, sheet, cell = f.File, f.Sheet, f.Cell
				}
			}
		}
		return v, file, sheet, cell
	}
	_, file, sheet, cell := sum("spend", int(last-1))
	if cell == "" {
		t.Fatalf("no Online spend for %s in the truth", last-1)
	}
	setCell(t, filepath.Join(dir, file), sheet, cell, "n/a")
	var as *AssessResult
	ingested(t, dir, func(s *Session, p *project.Project) (err error) {
		as, err = Assess(ctx, s.DB, p.Assessment, AssessOptions{Period: last, Out: filepath.Join(dir, "assess"), Metrics: p.Metrics})
		return err
	})
	var mk *analysis.UnitScore
	for i := range as.Scorecard.Units {
		if u := &as.Scorecard.Units[i]; u.Name == "Marketing" {
			mk = u
		}
	}
	if mk == nil || len(mk.KPIs) != 2 {
		t.Fatalf("Marketing: %+v", mk)
	}
	spend := mk.KPIs[1]
	if spend.Name != "Spend vs last month" || spend.Missing != analysis.MissingReweight || spend.EffectiveWeight != 0 ||
		!strings.Contains(spend.Note, sheet+"!"+cell) || !strings.Contains(spend.Note, file) || !strings.Contains(spend.Note, (last-1).String()) {
		t.Errorf("Marketing %s: missing %q, weight %v, target %v, note %q; want left out, the note naming %s, %s!%s",
			spend.Name, spend.Missing, spend.EffectiveWeight, spend.Target, spend.Note, file, sheet, cell)
	}
	// Leads alone, reweighted to 1: linear 0 at 70%, 100 at 100%, at most
	// 110, of October's leads over last October's + 10% (coo.yaml).
	now, _, _, _ := sum("leads", int(last))
	before, _, _, _ := sum("leads", int(last-12))
	want := math.Max(0, math.Min(110, 100*(now/(before*1.1)-0.7)/0.3))
	if !mk.Scored || math.Abs(mk.Final-want) > 1e-6 {
		t.Errorf("Marketing final %v, want the leads' %v alone", mk.Final, want)
	}
	n := 0
	for _, s := range as.Scorecard.Incomplete {
		n += strings.Count(s, file)
		if strings.Contains(s, file) && !strings.Contains(s, sheet+"!"+cell) {
			t.Errorf("incomplete input %q does not name %s!%s", s, sheet, cell)
		}
	}
	if n != 1 {
		t.Errorf("incomplete inputs %q name %s %d times, want once", as.Scorecard.Incomplete, file, n)
	}
}
