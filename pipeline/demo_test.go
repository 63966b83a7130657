package pipeline

import (
	"context"
	"math"
	"strings"
	"testing"

	"coo/internal/project"
)

// TestDemoForecastsAddUp runs the demo through the jobs, without the
// command line, and checks its stored forecasts against the rule the
// issue sets: for every additive metric, at every step, the total equals
// the sum of each breakdown's members to 1e-6, and every forecast's bounds
// are ordered lo95 ≤ lo80 ≤ mean ≤ hi80 ≤ hi95.
func TestDemoForecastsAddUp(t *testing.T) {
	ctx := context.Background()
	dir, res := demoCopy(t)
	if res.Report == nil || len(res.Report.Main()) != 3 || res.Assessed == "" {
		t.Errorf("demo wrote %+v", res)
	}
	p, err := project.Load(dir)
	must(t, err)
	db, err := OpenReadOnly(ctx, p)
	must(t, err)
	defer db.Close()
	rows, err := db.SQL().QueryContext(ctx, `SELECT metric, dims, step, mean, lo80, hi80, lo95, hi95 FROM latest_forecasts`)
	must(t, err)
	defer rows.Close()
	type key struct {
		metric, dim string
		step        int
	}
	total := map[[2]any]float64{}
	sums := map[key]float64{}
	n := 0
	for rows.Next() {
		var metric, dims string
		var step int
		var mean, lo80, hi80, lo95, hi95 float64
		must(t, rows.Scan(&metric, &dims, &step, &mean, &lo80, &hi80, &lo95, &hi95))
		n++
		if !(lo95 <= lo80 && lo80 <= mean && mean <= hi80 && hi80 <= hi95) {
			t.Errorf("%s %q step %d: bounds out of order: %v %v %v %v %v", metric, dims, step, lo95, lo80, mean, hi80, hi95)
		}
		if dims == "" {
			total[[2]any{metric, step}] = mean
			continue
		}
		dim, _, _ := strings.Cut(dims, "=")
		sums[key{metric, dim, step}] += mean
	}
	must(t, rows.Err())
	additive := map[string]bool{}
	for _, m := range p.Metrics {
		additive[string(m.Name)] = m.Additive()
	}
	checked := 0
	for k, sum := range sums {
		if !additive[k.metric] {
			continue
		}
		tot, ok := total[[2]any{k.metric, k.step}]
		if !ok {
			t.Errorf("%s step %d: breakdowns by %s but no total", k.metric, k.step, k.dim)
			continue
		}
		checked++
		if gap := math.Abs(sum-tot) / math.Max(1, math.Abs(tot)); gap > 1e-6 {
			t.Errorf("%s step %d: members by %s add up to %.6f, the total is %.6f (relative gap %.2g)", k.metric, k.step, k.dim, sum, tot, gap)
		}
	}
	if n == 0 || checked < 100 {
		t.Errorf("checked %d metric–breakdown–step groups of %d forecast rows: too few", checked, n)
	}
	t.Logf("%d forecast rows, %d metric–breakdown–step groups add up", n, checked)
}
