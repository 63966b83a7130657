package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"coo"
)

// AssessStore is what Score reads: Store, and for template units (Unit.Each)
// the breakdowns of a metric by one dimension.
type AssessStore interface {
	Store
	// Breakdowns returns the dims of every breakdown of metric by dimension
	// dim ("rep=Zhang Wei", as stored, escaped), sorted.
	Breakdowns(ctx context.Context, metric coo.MetricName, dim string) ([]string, error)
}

// Scorecard is the assessment of one month: plain data for render.
type Scorecard struct {
	Period coo.Period
	Units  []UnitScore // in the order of the rules; a template's units sorted by value
	Rules  []RuleText  // the rules in words and numbers (Rules.Describe)
	Grades []Grade     // the grade bands applied (Rules.Grades), highest first
	// Incomplete names the inputs (sources or files) whose data for the
	// month were incomplete when it was scored, and the cells of the
	// suspected slips it did not score (NameSuspects); nil when complete
	// or unknown.
	Incomplete []string
}

// UnitScore is one unit's assessment. Numbers are points (see Rules).
type UnitScore struct {
	Name  string
	Group string // ranks are within the group
	Dims  string // the breakdown read ("" for totals)
	KPIs  []KPIScore

	// Scored is false when no KPI could be measured in the month (none has
	// an actual and a usable target), whatever the missing-data policy:
	// zeros and carried scores alone make no score. Then Total, Final and
	// Change are NaN, Grade is "" and Rank 0.
	Scored      bool
	Total       float64 // Σ KPIs' Weighted
	Adjustments []AdjustmentScore
	Bonus       float64 // Σ bonus items' points, ≥ 0
	Deductions  float64 // Σ deduction items' points, ≥ 0
	Final       float64 // Total + Bonus − Deductions
	Grade       string
	Rank        int // 1-based within Group; equal finals share a rank, the next skips
	Previous    float64
	HasPrevious bool    // the unit was scored last month too
	Change      float64 // Final − Previous; NaN without HasPrevious
}

// KPIScore is one KPI of a unit in the month.
type KPIScore struct {
	Name       string
	Metric     coo.MetricName
	Actual     float64 // NaN when there is none
	Target     float64 // NaN when there is none or no target
	Attainment float64 // Actual ÷ Target; NaN when either is missing or the basis is the actual
	Basis      Basis
	Score      float64 // points, after the missing-data policy
	Weight     float64 // as configured
	// EffectiveWeight is the weight used: Weight, or under MissingReweight
	// the weight scaled up over the measured KPIs, or 0 for a KPI left out.
	EffectiveWeight float64
	Weighted        float64 // EffectiveWeight × Score
	// Missing is "" when the KPI was measured, else the policy applied.
	Missing MissingPolicy
	// Suspect: the actual as the workbooks sent it, Sent, is a suspected
	// unit slip (more than ten times every other month of its history,
	// as the monthly report judges it): Actual is NaN and the KPI is
	// scored as missing, the Note saying why. NameSuspects names its cells.
	Suspect bool
	Sent    float64
	// Note says why the KPI is missing and what was done, or for a KPI
	// measured on a month's input known to lack cells (Cells' defects),
	// which; "" otherwise.
	Note string
	// Rule is the KPI's rule as applied (target, basis, scoring), with
	// Missing set to the policy in force; nil in a scorecard not made by Score.
	Rule *KPI
}

// AdjustmentScore is one bonus or deduction item in the month.
type AdjustmentScore struct {
	Name      string
	Metric    coo.MetricName
	Deduction bool
	Count     float64 // the metric's value; 0 when it has none
	PerCount  float64 // points per count
	Cap       float64 // 0: no cap
	Points    float64 // min(Count × PerCount, Cap) ≥ 0; subtracted for a deduction
	Note      string
}

// Score assesses every unit for period p, and last month's finals for the
// change. It reads nothing but store, and only the series the rules name.
func Score(ctx context.Context, store AssessStore, r *Rules, p coo.Period) (*Scorecard, error) {
	return ScoreWith(ctx, store, r, p, nil)
}

// Cells judges the fact cells behind KPIs against their own history for
// ScoreWith; one Cells serves the scoring of many months (it keeps the
// cells it has read).
type Cells struct {
	cache   *cellCache // nil: the store cannot name cells
	meta    map[coo.MetricName]*coo.Metric
	defects []coo.Defect
}

// NewCells returns the Cells of store for metrics (which describe the KPIs'
// metrics) and defects (warehouse.DB.Defects: the input's cells set aside,
// refused workbooks, members absent), or nil when metrics is empty. A store
// that cannot name cells (CellStore) has none judged. defects are kept.
func NewCells(ctx context.Context, store AssessStore, metrics []coo.Metric, defects []coo.Defect) *Cells {
	if len(metrics) == 0 {
		return nil
	}
	c := &Cells{meta: map[coo.MetricName]*coo.Metric{}, defects: defects}
	if cs, ok := store.(CellStore); ok {
		c.cache = &cellCache{ctx: ctx, cs: cs}
	}
	for i := range metrics {
		c.meta[metrics[i].Name] = &metrics[i]
	}
	return c
}

// incomplete names the defects of the input that metric m's value in month
// q is known to lack (cells set aside, members absent, workbooks refused,
// in months known to touch q), "" with none; restatements and suspects
// are not lacks (suspect judges the latter).
func (c *Cells) incomplete(m coo.MetricName, q coo.Period) string {
	if c == nil {
		return ""
	}
	md := c.meta[m]
	if md == nil {
		return ""
	}
	var ds []coo.Defect
	for _, d := range c.defects {
		if d.Kind == coo.Restated || d.Kind == coo.Suspect || d.Months == nil || !d.Touches(q) ||
			!slices.Contains(DefectSources(d), md.Source) || d.Measure != "" && d.Measure != md.Measure {
			continue
		}
		ds = append(ds, d)
	}
	return strings.Join(DefectPlaces(ds), "; ")
}

// DefectPlaces names defects for people, one line per workbook (or source,
// without one) in the order of ds: its cells with their reasons, then the
// reasons of the rest, "marketing-FY2027.xlsx, Channels!I6 (not a
// number), dropped". A workbook with two defects is named once.
func DefectPlaces(ds []coo.Defect) []string {
	var order []string
	cells, other := map[string][]string{}, map[string][]string{}
	for _, d := range ds {
		where := d.File
		if where == "" {
			where = d.Source
		}
		if _, ok := cells[where]; !ok {
			order = append(order, where)
			cells[where] = nil
		}
		what := strings.ReplaceAll(d.Reason, "_", " ")
		if what == "" {
			what = string(d.Kind)
		}
		list := &other
		if d.Cell != "" {
			c := d.Cell
			if d.Sheet != "" {
				c = d.Sheet + "!" + d.Cell
			}
			what, list = c+" ("+what+")", &cells
		}
		if !slices.Contains((*list)[where], what) {
			(*list)[where] = append((*list)[where], what)
		}
	}
	out := make([]string, len(order))
	for i, w := range order {
		out[i] = strings.Join(append(append([]string{w}, cells[w]...), other[w]...), ", ")
	}
	return out
}

// ScoreWith is Score that, with cells (NewCells), does not score a KPI
// whose actual, or the value its target is built on, has a cell a power of
// ten or its sign off its own history (cellSlips), as the monthly report marks
// it.
func ScoreWith(ctx context.Context, store AssessStore, r *Rules, p coo.Period, cells *Cells) (*Scorecard, error) {
	if err := r.Validate(); err != nil {
		return nil, fmt.Errorf("assessment rules: %w", err)
	}
	s := &scorer{ctx: ctx, store: store, rules: r, cache: map[seriesKey]coo.Series{}, cells: cells}
	if cells != nil && cells.cache != nil && cells.cache.copies == nil { // the KPIs' actuals are judged for copies, not their targets
		cells.cache.copies = map[coo.MetricName]bool{}
		for _, u := range r.Units {
			for _, k := range u.KPIs {
				cells.cache.copies[k.Metric] = true
			}
		}
	}
	sc, err := s.month(p)
	if err != nil {
		return nil, err
	}
	prev, err := s.month(p - 1)
	if err != nil {
		return nil, err
	}
	last := map[[2]string]*UnitScore{}
	for i := range prev.Units {
		u := &prev.Units[i]
		last[[2]string{u.Group, u.Name}] = u
	}
	for i := range sc.Units {
		u := &sc.Units[i]
		u.Previous, u.Change = math.NaN(), math.NaN()
		if pu, ok := last[[2]string{u.Group, u.Name}]; ok && pu.Scored && u.Scored {
			u.Previous, u.HasPrevious, u.Change = pu.Final, true, u.Final-pu.Final
		}
	}
	sc.Rules = r.Describe()
	return sc, nil
}

type seriesKey struct {
	metric coo.MetricName
	dims   string
}

type slipKey struct {
	seriesKey
	p coo.Period
}

type scorer struct {
	ctx   context.Context
	store AssessStore
	rules *Rules
	cache map[seriesKey]coo.Series
	slips map[slipKey][]suspicion // a series' suspected months as it stands up to a month
	cells *Cells                  // nil: no cell is judged
}

// value returns metric m for dims at month p.
func (s *scorer) value(m coo.MetricName, dims string, p coo.Period) (float64, bool, error) {
	k := seriesKey{m, dims}
	ser, ok := s.cache[k]
	if !ok {
		if err := s.ctx.Err(); err != nil {
			return 0, false, err
		}
		var err error
		ser, err = s.store.Series(s.ctx, m, dims)
		if err != nil {
			return 0, false, fmt.Errorf("assessment: %s[%s]: %w", m, dims, err)
		}
		s.cache[k] = ser
	}
	v, ok := ser.At(p)
	return v, ok, nil
}

// suspect reports whether metric m's value for dims in month q is a
// suspected slip as the series stands up to p (suspicions), and why.
func (s *scorer) suspect(m coo.MetricName, dims string, q, p coo.Period) (string, bool, error) {
	if _, _, err := s.value(m, dims, q); err != nil { // reads the series into the cache
		return "", false, err
	}
	if s.slips == nil {
		s.slips = map[slipKey][]suspicion{}
	}
	k := slipKey{seriesKey{m, dims}, p}
	sp, ok := s.slips[k]
	if !ok {
		sp = suspicions(s.cache[k.seriesKey], p)
		s.slips[k] = sp
	}
	why, bad := suspectIn(sp, q, p)
	if s.cells == nil || s.cells.cache == nil || bad {
		return why, bad, nil
	}
	if md := s.cells.meta[m]; md != nil {
		cs, err := s.cells.cache.slips(md, dims, nil, q, q)
		if err != nil {
			return "", false, err
		}
		if len(cs) > 0 {
			c := cs[0]
			off := fmt.Sprintf("%g times", c.Scale)
			switch {
			case c.Scale == 1:
				return fmt.Sprintf("in %s every value of %s equals %s's (such as %s, %s, holding %s): a suspected copy of last month's workbook, not scored until the data are checked",
					q, m, q-1, c.File, c.Cell, fmtNum(c.Value)), true, nil
			case c.Scale < 0:
				off = "the opposite sign of"
			case c.Scale < 1:
				off = fmt.Sprintf("1/%g of", math.Round(1/c.Scale))
			}
			why, bad = fmt.Sprintf("in %s, %s, %s holds %s, about %s its usual %s: a suspected unit slip, not scored until the data are checked",
				q, c.File, c.Cell, fmtNum(c.Value), off, fmtNum(c.Typical)), true
		}
	}
	return why, bad, nil
}

// month scores every unit in p, with ranks and grades, without the change.
func (s *scorer) month(p coo.Period) (*Scorecard, error) {
	sc := &Scorecard{Period: p, Grades: s.rules.Grades}
	type made struct {
		rule int
		eu   expanded
	}
	names := map[[2]string]made{} // a unit's (group, name): Score history and Change key on it
	for i := range s.rules.Units {
		u := &s.rules.Units[i]
		units, err := s.expand(u, p)
		if err != nil {
			return nil, err
		}
		for _, eu := range units {
			k := [2]string{u.group(), eu.name}
			if m, ok := names[k]; ok {
				return nil, fmt.Errorf("%w: in %s, group %q has two units named %q: %s and %s; rename one, or give the each: rule a group of its own",
					ErrUnitTwice, p, k[0], k[1], m.eu.describe(m.rule), eu.describe(i))
			}
			names[k] = made{i, eu}
			us, err := s.unit(eu.u, eu.name, eu.dims, p)
			if err != nil {
				return nil, err
			}
			sc.Units = append(sc.Units, us)
		}
	}
	rank(sc.Units)
	for i := range sc.Units {
		if u := &sc.Units[i]; u.Scored {
			u.Grade = grade(s.rules.Grades, u.Final)
		}
	}
	return sc, nil
}

type expanded struct {
	u          *Unit
	name, dims string
}

// describe names the rule (units[i]) that made e, and the breakdown it reads.
func (e expanded) describe(i int) string {
	if e.u.Each == "" {
		return fmt.Sprintf("units[%d] %q", i, e.u.Name)
	}
	return fmt.Sprintf("units[%d] %q (each: %s, reading %s)", i, e.u.Name, e.u.Each, e.dims)
}

// ErrUnitTwice is returned by Score when two units of one group have the
// same name in a month: a fixed unit and one an each: rule made from the
// data (or two each: rules' units). Their score histories and changes
// would be mixed up, so the month is not scored.
var ErrUnitTwice = errors.New("assessment: two units with one name")

// expand returns the units a rule makes in p: itself, or one per value of
// its Each dimension with data in p.
func (s *scorer) expand(u *Unit, p coo.Period) ([]expanded, error) {
	if u.Each == "" {
		return []expanded{{u, u.Name, u.Dims}}, nil
	}
	seen := map[string]bool{}
	var out []expanded
	for _, k := range u.KPIs {
		dims, err := s.store.Breakdowns(s.ctx, k.Metric, u.Each)
		if err != nil {
			return nil, fmt.Errorf("assessment: %s by %s: %w", k.Metric, u.Each, err)
		}
		for _, d := range dims {
			if seen[d] {
				continue
			}
			ds, err := coo.ParseDims(d)
			if err != nil || len(ds) != 1 || ds[0].Key != u.Each {
				continue
			}
			if _, ok, err := s.value(k.Metric, d, p); err != nil {
				return nil, err
			} else if !ok {
				continue
			}
			seen[d] = true
			out = append(out, expanded{u, ds[0].Value, d})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, nil
}

// measure evaluates KPI k for dims in month p: its actual, target,
// attainment and points, or why it cannot be measured.
func (s *scorer) measure(k *KPI, dims string, p coo.Period) (ks KPIScore, why string, err error) {
	ks = KPIScore{Name: k.Name, Metric: k.Metric, Basis: k.basis(), Weight: k.Weight,
		Actual: math.NaN(), Target: math.NaN(), Attainment: math.NaN(), Score: math.NaN()}
	rule := *k
	rule.Missing = k.Missing.or(s.rules.Missing)
	ks.Rule = &rule
	actual, ok, err := s.value(k.Metric, dims, p)
	if err != nil {
		return ks, "", err
	}
	if ok {
		ks.Actual = actual
	}
	var slip string
	if ok {
		if why, bad, err := s.suspect(k.Metric, dims, p, p); err != nil {
			return ks, "", err
		} else if bad {
			ks.Actual, ks.Suspect, ks.Sent, slip = math.NaN(), true, actual, "actual "+why
		}
	}
	t := &k.Target
	var target float64
	tok, twhy := true, ""
	switch t.Kind {
	case FixedTarget:
		target = t.Value
	case MetricTarget:
		target, tok, err = s.value(t.Metric, dims, p)
		twhy = fmt.Sprintf("target %s has no value in %s", t.Metric, p)
		if tok && err == nil {
			// a budget typed 1,000 times too large is no target either
			var why string
			var bad bool
			if why, bad, err = s.suspect(t.Metric, dims, p, p); bad {
				tok, twhy = false, "the target "+why
			}
		}
	case LastYearTarget, LastMonthTarget:
		q := p - 12
		if t.Kind == LastMonthTarget {
			q = p - 1
		}
		var base float64
		base, tok, err = s.value(k.Metric, dims, q)
		target = base * (1 + t.Growth)
		twhy = fmt.Sprintf("no actual in %s for the target", q)
		if tok && err == nil {
			var why string
			var bad bool
			if why, bad, err = s.suspect(k.Metric, dims, q, p); bad {
				tok, twhy = false, "the target's base "+why
			} else if inc := s.cells.incomplete(k.Metric, q); inc != "" && err == nil {
				// a base short of a cell set aside is no base either, as
				// a suspect one is: Spend vs last month's target read
				// 892,685 for 1,621,215 without September's Online spend
				tok, twhy = false, fmt.Sprintf("the target's base, %s in %s, lacks input: %s", k.Metric, q, inc)
			}
		}
	case ExprTarget:
		var eerr error
		target, eerr = t.Expr.Eval(func(m coo.MetricName) (float64, bool) {
			v, ok, e := s.value(m, dims, p)
			if e != nil && err == nil {
				err = e
			}
			return v, ok
		})
		if eerr != nil {
			tok, twhy = false, "target "+t.Expr.String()+": "+eerr.Error()
		}
	}
	if err != nil {
		return ks, "", err
	}
	if t.Kind != NoTarget && tok {
		ks.Target = target
	}
	switch {
	case !ok:
		return ks, fmt.Sprintf("no actual in %s", p), nil
	case slip != "":
		return ks, slip, nil
	case t.Kind != NoTarget && !tok:
		return ks, twhy, nil
	}
	x := actual
	if ks.Basis == OnAttainment {
		if target <= 0 {
			return ks, fmt.Sprintf("target %v: no attainment from a target of 0 or below", target), nil
		}
		ks.Attainment = actual / target
		x = ks.Attainment
	}
	ks.Score = k.Scoring.Points(x)
	// scored, as the month's page says, but the KPI names what it read short
	ins := []coo.MetricName{k.Metric}
	switch t.Kind {
	case MetricTarget:
		ins = append(ins, t.Metric)
	case ExprTarget:
		ins = append(ins, t.Expr.Metrics()...)
	}
	var lacks []string
	for _, m := range ins {
		if inc := s.cells.incomplete(m, p); inc != "" && !slices.Contains(lacks, inc) {
			lacks = append(lacks, inc)
		}
	}
	if len(lacks) > 0 {
		ks.Note = fmt.Sprintf("scored on input lacking in %s: %s", p, strings.Join(lacks, "; "))
	}
	return ks, "", nil
}

// unit scores one unit in p.
func (s *scorer) unit(u *Unit, name, dims string, p coo.Period) (UnitScore, error) {
	us := UnitScore{Name: name, Group: u.group(), Dims: dims, Total: math.NaN(), Final: math.NaN(), Previous: math.NaN(), Change: math.NaN()}
	measured, excluded := 0.0, false // the weight of the KPIs that count; any left out
	some := false                    // a KPI measured in p
	for i := range u.KPIs {
		k := &u.KPIs[i]
		ks, why, err := s.measure(k, dims, p)
		if err != nil {
			return us, err
		}
		ks.EffectiveWeight = k.Weight
		some = some || why == ""
		if why != "" {
			ks.Missing = k.Missing.or(s.rules.Missing)
			switch ks.Missing {
			case MissingZero:
				ks.Score = 0
				ks.Note = why + "; scored 0"
			case MissingReweight:
				ks.Score, ks.EffectiveWeight, excluded = 0, 0, true
				ks.Note = why + "; left out, the other weights scaled up"
			case MissingCarry:
				ks.Score = 0
				ks.Note = why + fmt.Sprintf("; no measured score in the %d months before; scored 0", CarryMonths)
				for q := p - 1; q >= p-CarryMonths; q-- {
					prev, pwhy, err := s.measure(k, dims, q)
					if err != nil {
						return us, err
					}
					if pwhy == "" {
						ks.Score = prev.Score
						ks.Note = why + fmt.Sprintf("; carried forward the score of %s (%s points)", q, fmtNum(prev.Score))
						break
					}
				}
			}
		}
		measured += ks.EffectiveWeight
		us.KPIs = append(us.KPIs, ks)
	}
	if !some || measured == 0 {
		// Nothing measured in p: zeros and carried scores alone are no
		// score (a unit that sent nothing for the month, or a month before
		// its first data, was scored on last month's carried score, or 0).
		for i := range us.KPIs {
			ks := &us.KPIs[i]
			if excluded && measured > 0 { // as the workbook's live weights have it
				ks.EffectiveWeight /= measured
			}
			if ks.Missing != MissingReweight {
				ks.Note += fmt.Sprintf("; but no KPI of the unit was measured in %s: the unit is not scored", p)
			}
		}
		return us, nil
	}
	us.Scored = true
	us.Total = 0
	for i := range us.KPIs {
		ks := &us.KPIs[i]
		if excluded {
			ks.EffectiveWeight /= measured
		}
		ks.Weighted = ks.EffectiveWeight * ks.Score
		us.Total += ks.Weighted
	}
	for _, l := range []struct {
		items     []Adjustment
		deduction bool
	}{{u.Bonuses, false}, {u.Deductions, true}} {
		for _, a := range l.items {
			as := AdjustmentScore{Name: a.Name, Metric: a.Metric, Deduction: l.deduction, PerCount: a.Points, Cap: a.Cap}
			v, ok, err := s.value(a.Metric, dims, p)
			if err != nil {
				return us, err
			}
			switch {
			case !ok:
				as.Note = fmt.Sprintf("no value in %s; counted 0", p)
			case v < 0:
				as.Note = fmt.Sprintf("a count of %s below 0; counted 0", fmtNum(v))
			default:
				as.Count = v
			}
			as.Points = as.Count * a.Points
			if a.Cap > 0 && as.Points > a.Cap {
				as.Points = a.Cap
				as.Note = fmt.Sprintf("capped at %s points", fmtNum(a.Cap))
			}
			if l.deduction {
				us.Deductions += as.Points
			} else {
				us.Bonus += as.Points
			}
			us.Adjustments = append(us.Adjustments, as)
		}
	}
	us.Final = us.Total + us.Bonus - us.Deductions
	return us, nil
}

// tieKey is the final rounded to six decimals: ranks and grades compare it,
// so that sums that differ only in the last bits of a float tie.
func tieKey(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// rank sets each scored unit's rank within its group: descending final, equal
// finals (to six decimals) share a rank, and the next rank skips: 1, 2, 2, 4.
func rank(us []UnitScore) {
	groups := map[string][]*UnitScore{}
	for i := range us {
		if us[i].Scored {
			groups[us[i].Group] = append(groups[us[i].Group], &us[i])
		}
	}
	for _, g := range groups {
		sort.SliceStable(g, func(i, j int) bool { return tieKey(g[i].Final) > tieKey(g[j].Final) })
		for i, u := range g {
			if i > 0 && tieKey(u.Final) == tieKey(g[i-1].Final) {
				u.Rank = g[i-1].Rank
			} else {
				u.Rank = i + 1
			}
		}
	}
}

// grade returns the grade of final: the first band (highest first) whose Min
// it reaches, or the last band's grade; "" without bands.
func grade(gs []Grade, final float64) string {
	if len(gs) == 0 {
		return ""
	}
	f := tieKey(final)
	for _, g := range gs {
		if f >= tieKey(g.Min) {
			return g.Name
		}
	}
	return gs[len(gs)-1].Name
}

// fmtNum formats a number briefly for notes and rules: up to 6 significant
// digits, no exponent for ordinary business magnitudes.
func fmtNum(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return fmt.Sprintf("%.0f", x)
	}
	s := fmt.Sprintf("%.6f", x)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
