package analysis

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"coo"
)

// Rules is an assessment scheme: the units scored (departments and persons),
// each unit's KPIs with weights, targets and scoring functions, its bonus and
// deduction items, the grade bands and the policy for missing data. The
// project file's assessment section parses into it; Score applies it.
//
// Conventions, the same everywhere in the assessment:
//   - Points: a KPI scores points, 100 meaning its target is fully met. A cap
//     above 100 lets over-achievement earn more (a cap of 120 allows 120).
//   - Weights are fractions that sum to 1 within each unit (0.4, 0.3, 0.3),
//     so that a KPI's weighted score is weight × score and the unit's total is
//     the sum of the weighted scores, on the same 0-100 scale as the points.
//   - Percentages are fractions: a growth of 5% is 0.05, an attainment of
//     96% is 0.96.
//   - final = total + bonus − deductions, with the bonus and the deductions
//     both reported as non-negative points.
//   - Ranks are within a unit's group. Finals equal to six decimal places
//     share a rank and the next rank skips ("1, 2, 2, 4": standard
//     competition ranking); grades compare the final rounded the same way.
//
// The zero Rules has no units: Score returns an empty scorecard. A zero
// Missing means MissingZero.
type Rules struct {
	Missing MissingPolicy // the default for every KPI; "" is MissingZero
	Grades  []Grade       // highest first; nil gives no grades
	Units   []Unit
}

// Unit is one assessed department or person, or a family of persons.
//
// A unit reads every metric of its KPIs, targets and adjustments for its
// breakdown Dims: "" reads the metrics' totals (a department with metrics of
// its own), "rep=Zhang Wei" one breakdown, as stored in the warehouse.
//
// With Each set to a dimension such as "rep", the unit is a template: Score
// makes one unit per value of that dimension that has a value in the scored
// month in any of the template's KPI metrics, named by the value and sorted
// by it, with Dims "rep=<value>"; Name is then the group's name unless Group
// is set. Dims must be empty in a template.
type Unit struct {
	Name       string
	Group      string // units are ranked within their group; "" is DefaultGroup
	Dims       string
	Each       string // a dimension: one unit per value (see above)
	KPIs       []KPI
	Bonuses    []Adjustment
	Deductions []Adjustment
}

// DefaultGroup is the group of a unit that names none.
const DefaultGroup = "Units"

// group returns the group the unit ranks in.
func (u *Unit) group() string {
	switch {
	case u.Group != "":
		return u.Group
	case u.Each != "":
		return u.Name
	}
	return DefaultGroup
}

// KPI is one scored indicator of a unit.
type KPI struct {
	Name    string
	Metric  coo.MetricName // the actual: this metric for the unit's breakdown
	Weight  float64        // a fraction; a unit's weights sum to 1
	Target  Target         // the zero Target means none: the score is on the actual
	On      Basis          // what the scoring function reads; "" chooses (see Basis)
	Scoring Scoring
	Missing MissingPolicy // "" takes the rules' policy
}

// Basis says what a KPI's scoring function reads.
type Basis string

const (
	// OnAttainment scores actual ÷ target (0.96 = 96% of target). The default
	// when the KPI has a target.
	OnAttainment Basis = "attainment"
	// OnActual scores the actual value itself (defects, days). The default
	// when the KPI has no target.
	OnActual Basis = "actual"
)

// basis returns the effective basis.
func (k *KPI) basis() Basis {
	if k.On != "" {
		return k.On
	}
	if k.Target.Kind != NoTarget {
		return OnAttainment
	}
	return OnActual
}

// TargetKind says where a target comes from.
type TargetKind string

const (
	NoTarget        TargetKind = ""           // no target: score the actual
	FixedTarget     TargetKind = "value"      // Value, every month
	MetricTarget    TargetKind = "metric"     // another metric, such as a budget line, in the same month and breakdown
	LastYearTarget  TargetKind = "last_year"  // the KPI's own actual in the same month a year before (12 months earlier), × (1 + Growth)
	LastMonthTarget TargetKind = "last_month" // the KPI's own actual in the month before, × (1 + Growth)
	ExprTarget      TargetKind = "expr"       // an expression over metrics in the same month and breakdown
)

// Target is a KPI's target for a month. The zero Target is NoTarget.
type Target struct {
	Kind   TargetKind
	Value  float64        // FixedTarget
	Metric coo.MetricName // MetricTarget
	Growth float64        // LastYearTarget, LastMonthTarget: +5% is 0.05, −2% is −0.02
	Expr   *Expr          // ExprTarget, from ParseExpr
}

// Validate checks that the fields of the kind are set and sensible.
func (t *Target) Validate() error {
	switch t.Kind {
	case NoTarget:
	case FixedTarget:
		if !finite(t.Value) {
			return fieldErrorf("value", "%v: want a finite number", t.Value)
		}
	case MetricTarget:
		if err := t.Metric.Validate(); err != nil {
			return &FieldError{Field: "metric", Err: err}
		}
	case LastYearTarget, LastMonthTarget:
		if !finite(t.Growth) || t.Growth <= -1 {
			return fieldErrorf(string(t.Kind), "%v: want the growth as a fraction above −1, such as 0.05 for +5%%", t.Growth)
		}
	case ExprTarget:
		if t.Expr == nil {
			return fieldErrorf("expr", "missing")
		}
	default:
		return fmt.Errorf("target kind %q: want value, metric, last_year, last_month or expr", t.Kind)
	}
	return nil
}

// ScoringKind names a scoring function.
type ScoringKind string

const (
	// Linear: 0 points at Floor, 100 at Ceiling, straight between, 0 below
	// Floor, extrapolated above Ceiling up to Cap.
	Linear ScoringKind = "linear"
	// LowerIsBetter: 100 points at Best, 0 at Worst (Best < Worst), straight
	// between, 0 above Worst, extrapolated below Best up to Cap.
	LowerIsBetter ScoringKind = "lower_is_better"
	// BandTable: the points of the highest band whose Min the value reaches
	// (value ≥ Min); 0 below the first band.
	BandTable ScoringKind = "bands"
	// PassFail: 100 points if the value is at least Threshold (at most, with
	// AtMost), else 0.
	PassFail ScoringKind = "pass_fail"
	// Ratio: 100 × attainment points, 0 for a negative attainment, up to Cap.
	Ratio ScoringKind = "ratio"
)

// Scoring is a scoring function from a KPI's value (attainment or actual,
// see Basis) to points.
type Scoring struct {
	Kind           ScoringKind
	Floor, Ceiling float64 // Linear
	Best, Worst    float64 // LowerIsBetter
	Cap            float64 // Linear, LowerIsBetter, Ratio: the most points; 0 means 100
	Bands          []Band  // BandTable: Min strictly increasing
	Threshold      float64 // PassFail
	AtMost         bool    // PassFail: pass when value ≤ Threshold
}

// Band is one row of a band table.
type Band struct {
	Min    float64 // the band holds values ≥ Min, up to the next band's Min
	Points float64
}

func (s *Scoring) cap() float64 {
	if s.Cap == 0 {
		return 100
	}
	return s.Cap
}

// Validate checks the parameters of the function.
func (s *Scoring) Validate() error {
	switch s.Kind {
	case Linear, LowerIsBetter, Ratio:
		if s.Cap != 0 && (!finite(s.Cap) || s.Cap < 100) {
			return fieldErrorf(string(s.Kind)+".cap", "%v: want at least 100 points (leave cap out for 100)", s.Cap)
		}
	}
	switch s.Kind {
	case Linear:
		if !finite(s.Floor) || !finite(s.Ceiling) || s.Floor >= s.Ceiling {
			return fieldErrorf("linear.ceiling", "%v must be above the floor, %v", s.Ceiling, s.Floor)
		}
	case LowerIsBetter:
		if !finite(s.Best) || !finite(s.Worst) || s.Best >= s.Worst {
			return fieldErrorf("lower_is_better.worst", "%v must be above best, %v (100 points at best, 0 at worst)", s.Worst, s.Best)
		}
	case BandTable:
		if len(s.Bands) == 0 {
			return fieldErrorf("bands", "list at least one band, such as - {min: 0.9, points: 60}")
		}
		for i, b := range s.Bands {
			if !finite(b.Min) || !finite(b.Points) {
				return fieldErrorf(fmt.Sprintf("bands[%d]", i), "want finite numbers")
			}
			if i > 0 && b.Min <= s.Bands[i-1].Min {
				return fieldErrorf(fmt.Sprintf("bands[%d].min", i), "%v must be above the band before (%v): list bands from the lowest", b.Min, s.Bands[i-1].Min)
			}
		}
	case PassFail:
		if !finite(s.Threshold) {
			return fmt.Errorf("pass_fail: threshold %v: want a finite number", s.Threshold)
		}
	case Ratio:
	case "":
		return errors.New("scoring missing: want linear, lower_is_better, bands, pass_fail or ratio")
	default:
		return fmt.Errorf("scoring %q: want linear, lower_is_better, bands, pass_fail or ratio", s.Kind)
	}
	return nil
}

// Points returns the points for value x. s must be valid; a NaN x gives NaN.
func (s *Scoring) Points(x float64) float64 {
	if math.IsNaN(x) {
		return x
	}
	switch s.Kind {
	case Linear:
		return clamp(100*(x-s.Floor)/(s.Ceiling-s.Floor), 0, s.cap())
	case LowerIsBetter:
		return clamp(100*(s.Worst-x)/(s.Worst-s.Best), 0, s.cap())
	case BandTable:
		p := 0.0
		for _, b := range s.Bands {
			if x >= b.Min {
				p = b.Points
			}
		}
		return p
	case PassFail:
		if (!s.AtMost && x >= s.Threshold) || (s.AtMost && x <= s.Threshold) {
			return 100
		}
		return 0
	case Ratio:
		return clamp(100*x, 0, s.cap())
	}
	panic(fmt.Sprintf("analysis: scoring kind %q", s.Kind))
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// Adjustment is a bonus or deduction item fed by a metric: Points for each
// unit of the metric in the month (an award, an incident), at most Cap
// points in all (0: no cap). Points and Cap are positive for deductions too;
// the list the item is in says which it is. A month without a value counts 0.
type Adjustment struct {
	Name   string
	Metric coo.MetricName
	Points float64
	Cap    float64
}

// Validate checks the item.
func (a *Adjustment) Validate() error {
	if strings.TrimSpace(a.Name) == "" {
		return errors.New("name missing")
	}
	if err := a.Metric.Validate(); err != nil {
		return err
	}
	if !finite(a.Points) || a.Points <= 0 {
		return fmt.Errorf("points %v: want a positive number of points per count (a deduction's too)", a.Points)
	}
	if !finite(a.Cap) || a.Cap < 0 {
		return fmt.Errorf("cap %v: want the most points in all, or 0 for no cap", a.Cap)
	}
	return nil
}

// Grade is a grade band: a final at or above Min gets Name. Grades are listed
// highest first; a final below the last band's Min still gets the last grade.
type Grade struct {
	Name string
	Min  float64
}

// MissingPolicy says what happens to a KPI that cannot be measured in the
// month: no actual, or no target (a missing input, a target of 0 or below
// when scoring attainment, a division by zero in an expression). Whatever
// the policy, a unit with no KPI measured in the month is not scored.
type MissingPolicy string

const (
	// MissingZero scores the KPI 0 points at its full weight.
	MissingZero MissingPolicy = "zero"
	// MissingReweight leaves the KPI out and scales the weights of the
	// measured KPIs up to sum to 1.
	MissingReweight MissingPolicy = "reweight"
	// MissingCarry uses the KPI's score in the latest of the previous
	// CarryMonths months in which it was measured; with none, 0 points.
	MissingCarry MissingPolicy = "carry"
)

// CarryMonths is how far back MissingCarry looks for a measured score.
const CarryMonths = 12

// Validate reports an unknown policy.
func (m MissingPolicy) Validate() error {
	switch m {
	case "", MissingZero, MissingReweight, MissingCarry:
		return nil
	}
	return fmt.Errorf("missing-data policy %q: want zero, reweight or carry", m)
}

func (m MissingPolicy) or(def MissingPolicy) MissingPolicy {
	if m != "" {
		return m
	}
	if def != "" {
		return def
	}
	return MissingZero
}

// Validate checks the KPI on its own.
func (k *KPI) Validate() error {
	if strings.TrimSpace(k.Name) == "" {
		return errors.New("name missing")
	}
	if err := k.Metric.Validate(); err != nil {
		return err
	}
	if !finite(k.Weight) || k.Weight <= 0 || k.Weight > 1 {
		return fieldErrorf("weight", "%v: want a fraction above 0 and at most 1, such as 0.4 (a unit's weights sum to 1)", k.Weight)
	}
	if err := k.Target.Validate(); err != nil {
		return within("target", err)
	}
	switch k.On {
	case "", OnActual:
	case OnAttainment:
		if k.Target.Kind == NoTarget {
			return fieldErrorf("on", "attainment needs a target")
		}
	default:
		return fieldErrorf("on", "%q: want attainment (actual ÷ target) or actual", k.On)
	}
	if err := k.Scoring.Validate(); err != nil {
		return within("scoring", err)
	}
	if k.Scoring.Kind == Ratio && k.basis() != OnAttainment {
		return fieldErrorf("scoring", "ratio scores the attainment: give the KPI a target")
	}
	if err := k.Missing.Validate(); err != nil {
		return &FieldError{Field: "missing", Err: err}
	}
	return nil
}

// WeightTolerance is how far a unit's weights may sum from 1.
const WeightTolerance = 1e-6

// Validate checks the unit and its items.
func (u *Unit) Validate() error {
	if strings.TrimSpace(u.Name) == "" {
		return errors.New("name missing")
	}
	if u.Each != "" {
		if !coo.ValidIdent(u.Each) {
			return fmt.Errorf("each %q: want a dimension name such as rep", u.Each)
		}
		if u.Dims != "" {
			return errors.New("give dims or each, not both")
		}
	}
	if u.Dims != "" {
		if _, err := coo.ParseDims(u.Dims); err != nil {
			return fmt.Errorf("dims: %w", err)
		}
	}
	if len(u.KPIs) == 0 {
		return errors.New("list at least one KPI")
	}
	names := map[string]bool{}
	sum := 0.0
	for i := range u.KPIs {
		k := &u.KPIs[i]
		if err := k.Validate(); err != nil {
			return fmt.Errorf("kpis[%d] %s: %w", i, k.Name, err)
		}
		if names[k.Name] {
			return fmt.Errorf("kpis[%d]: KPI %q appears twice", i, k.Name)
		}
		names[k.Name] = true
		sum += k.Weight
	}
	if math.Abs(sum-1) > WeightTolerance {
		return fmt.Errorf("%w: they sum to %.6g", ErrWeights, sum)
	}
	for _, l := range []struct {
		key   string
		items []Adjustment
	}{{"bonuses", u.Bonuses}, {"deductions", u.Deductions}} {
		for i := range l.items {
			if err := l.items[i].Validate(); err != nil {
				return fmt.Errorf("%s[%d] %s: %w", l.key, i, l.items[i].Name, err)
			}
		}
	}
	return nil
}

// ErrWeights reports a unit whose KPI weights do not sum to 1.
var ErrWeights = errors.New("KPI weights must sum to 1 (0.4 + 0.3 + 0.3)")

// ValidateGrades checks grade bands: names given and unique, Min strictly
// decreasing.
func ValidateGrades(gs []Grade) error {
	seen := map[string]bool{}
	for i, g := range gs {
		if strings.TrimSpace(g.Name) == "" {
			return fieldErrorf(fmt.Sprintf("grades[%d].grade", i), "missing")
		}
		if seen[g.Name] {
			return fieldErrorf(fmt.Sprintf("grades[%d].grade", i), "grade %q appears twice", g.Name)
		}
		seen[g.Name] = true
		if !finite(g.Min) {
			return fieldErrorf(fmt.Sprintf("grades[%d].min", i), "%v: want a finite number", g.Min)
		}
		if i > 0 && g.Min >= gs[i-1].Min {
			return fieldErrorf(fmt.Sprintf("grades[%d].min", i), "%v must be below the grade above (%v): list grades highest first", g.Min, gs[i-1].Min)
		}
	}
	return nil
}

// Validate checks the whole scheme: every unit, the grades, the policy, and
// that no two units share a name within a group.
func (r *Rules) Validate() error {
	if err := r.Missing.Validate(); err != nil {
		return err
	}
	if err := ValidateGrades(r.Grades); err != nil {
		return err
	}
	seen := map[[2]string]bool{}
	for i := range r.Units {
		u := &r.Units[i]
		if err := u.Validate(); err != nil {
			return fmt.Errorf("units[%d] %s: %w", i, u.Name, err)
		}
		if u.Each != "" {
			continue
		}
		k := [2]string{u.group(), u.Name}
		if seen[k] {
			return fmt.Errorf("units[%d]: unit %q appears twice in group %q", i, u.Name, u.group())
		}
		seen[k] = true
	}
	return nil
}

// Metrics returns every metric the rules read, sorted, without repeats.
func (r *Rules) Metrics() []coo.MetricName {
	set := map[coo.MetricName]bool{}
	for _, u := range r.Units {
		for _, k := range u.KPIs {
			set[k.Metric] = true
			switch k.Target.Kind {
			case MetricTarget:
				set[k.Target.Metric] = true
			case ExprTarget:
				if k.Target.Expr != nil {
					for _, m := range k.Target.Expr.Metrics() {
						set[m] = true
					}
				}
			}
		}
		for _, a := range append(append([]Adjustment(nil), u.Bonuses...), u.Deductions...) {
			set[a.Metric] = true
		}
	}
	return sortedNames(set)
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// FieldError is a mistake in one field of a rule, named by its path as the
// project file writes it ("weight", "scoring.linear.ceiling"), so that the
// project decoder can report it at that field's line.
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }

func (e *FieldError) Unwrap() error { return e.Err }

func fieldErrorf(field, format string, args ...any) error {
	return &FieldError{Field: field, Err: fmt.Errorf(format, args...)}
}

// within puts err, if it is a *FieldError, under field: "linear.ceiling"
// within "scoring" is "scoring.linear.ceiling".
func within(field string, err error) error {
	if fe, ok := err.(*FieldError); ok {
		return &FieldError{Field: field + "." + fe.Field, Err: fe.Err}
	}
	return &FieldError{Field: field, Err: err}
}
