package analysis

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"coo"
	"coo/forecast"
	"coo/internal/numfmt"
)

// ReportSpec says what the monthly report covers: the project file's report
// section.
type ReportSpec struct {
	KPIs        []KPISpec        // the company's headline figures, in order
	Departments []DepartmentSpec // one review per department
	Required    []string         // sources that must have data for the month; nil: every source
	Horizon     int              // forecast months shown; 0 is 12
	// DueDay is the day of the next month by which a month's data are due
	// (1-28); a source whose files for the month were loaded later is
	// late. 0 checks nothing.
	DueDay int
}

// KPISpec is one reported metric.
type KPISpec struct {
	Metric        coo.MetricName
	Budget        coo.MetricName // its budget line ("" none), a metric of the same kind
	LowerIsBetter bool           // a cost: under budget and falling are good
	Breakdown     string         // the dimension whose members' contributions to the change are shown ("" none)
	// PriceVolume, when its Units are set, asks for a price, volume and mix
	// bridge of the figure (a revenue) by the members of its By (variance.go).
	PriceVolume PriceVolumeSpec
}

// RatioSpec is an efficiency ratio such as revenue per head or cost per lead.
type RatioSpec struct {
	Name          string
	Unit          string // the ratio's unit for people ("CNY per lead"); "" derives it from the metrics' units
	Num, Den      coo.SeriesKey
	Percent       bool // a rate, shown as a percentage; changes in points
	LowerIsBetter bool
}

// DepartmentSpec is one department's review: its own figures and ratios.
type DepartmentSpec struct {
	Name   string
	KPIs   []KPISpec
	Ratios []RatioSpec
}

// MonthlyInput is everything Monthly reads besides the store.
type MonthlyInput struct {
	Period    coo.Period
	Calendar  coo.Calendar
	Metrics   []coo.Metric // labels, units, kinds and sources of the metrics
	Spec      ReportSpec
	Lang      string               // narrative language: en or zh
	Forecasts []coo.StoredForecast // stored forecasts made at Period; the missing ones are computed
	Sources   []coo.SourceMonth    // what each source supplied for Period
	// Defects are the input's defects (warehouse.DB.Defects); those that
	// touch a figure make the report incomplete (completeness.go). Monthly
	// adds the suspected values it finds (suspect.go) after them.
	Defects []coo.Defect
}

// MonthlyReport is the monthly business situation analysis and outlook: plain
// data for render. Values are NaN where they cannot be computed (no data
// for the month compared with, a zero base); Notes say why.
type MonthlyReport struct {
	Period     coo.Period
	FiscalYear int
	YearStart  coo.Period // the fiscal year's first month
	YearEnd    coo.Period
	KPIs       []MonthlyKPI
	Depts      []DepartmentView
	Quality    Quality
	Highlights []Sentence
	Risks      []Sentence
	// Page one (findings.go): the month's story in one sentence, the
	// findings ranked by how much they matter, and what to raise with
	// each department.
	Headline  Sentence
	Findings  []Finding
	Questions []DeptQuestions
	// Outliers are the months the reported figures' forecasts were fitted
	// without, with the workbook cells behind them (outliers.go).
	Outliers []OutlierNote
}

// MonthlyKPI is one metric's month: where it stands, against what, and
// where it is heading.
type MonthlyKPI struct {
	Spec           KPISpec
	Label, Unit    string
	Kind           coo.Kind
	Value          float64 // the month
	Prev, LastYear float64 // the month before; the same month a year earlier
	MoM, YoY       float64 // fractions: 0.041 is +4.1%
	// Year to date: the sum of the fiscal year's months for a flow, the
	// month's level for a stock; YTDLastYear over the same months a year
	// earlier. NaN when a month is missing (YTDMissing says which).
	YTD, YTDLastYear, YTDChange float64
	YTDMissing                  []coo.Period
	R12, R12Prior               float64 // rolling 12 months (sum for a flow, average for a stock) and the 12 before
	R12Change                   float64
	Budget, Attainment          float64 // the month's budget and Value/Budget
	Variance                    float64 // Value - Budget
	YTDBudget, YTDAttainment    float64
	FYBudget                    float64 // the whole fiscal year's budget (NaN unless every month has one)
	// Outlook is the fiscal year's outcome: actual YTD plus the forecast of
	// the months left for a flow (the interval adds the steps' bounds,
	// which is exact when the steps' errors move together and wide
	// otherwise), the forecast of the year's last month for a stock.
	Outlook, OutlookLo95, OutlookHi95 float64
	OutlookVsBudget                   float64    // Outlook / FYBudget
	History                           coo.Series // the last 36 months or fewer
	BudgetHistory                     coo.Series // the budget over the same months and the rest of the year
	Forecast                          *coo.StoredForecast
	// Anomaly: the month's actual lies outside the 95% interval of the
	// forecast made a month earlier (Expected, ExpectedLo, ExpectedHi),
	// and no defect touches the month (the figure is marked for it).
	Anomaly                          bool
	Expected, ExpectedLo, ExpectedHi float64
	Contributions                    []Contribution
	ContributionBase                 string // "yoy" or "mom": the change the contributions explain
	Notes                            []string
	Defects                          FigureDefects // the input defects that touch these figures
	// Suspect: a Suspect defect is among Defects (suspect.go): the
	// comparisons are not graded, and page one's findings, headline,
	// questions and risks leave the figure out.
	Suspect bool
	// Levels grade the comparisons above, good, bad or neutral by the
	// figure's polarity (polarity.go): what colours and ticks show.
	Levels KPILevels

	// The variance bridges (variance.go): budget to actual by the members
	// of the breakdown (nil without a budget and a breakdown; BudgetGap
	// says why there is none when the budget is not broken down so), and
	// price, volume and mix against last year's month and the budget (nil
	// unless Spec.PriceVolume asks; a Gap says why one is not drawn).
	BudgetBridge                   *BudgetBridge
	BudgetGap                      BridgeGap
	PriceVolume, PriceVolumeBudget *PriceVolume

	// OutOfRange: the forecast or the outlook lies far outside the
	// history's range (outOfRange): check the data before reading them.
	OutOfRange bool

	// The fiscal year against its budget's months and last year
	// (findings.go, yearView): FYBudgetMonths of the FYMonths have a
	// budget; OutlookCovered is the outlook over those months (actuals,
	// then the forecast), FYBudgetCovered their budget and
	// OutlookVsCovered the one over the other (OutlookVsBudget when
	// every month has one). FYLastYear is last fiscal year's total
	// (sum, or year-end level for a stock); OutlookVsLastYear the
	// outlook's change on it, with its 95% range's.
	FYMonths, FYBudgetMonths                                    int
	FYBudgetCovered, OutlookCovered, OutlookVsCovered           float64
	FYLastYear                                                  float64
	OutlookVsLastYear, OutlookVsLastYearLo, OutlookVsLastYearHi float64
}

// Contribution is one member's part in the change of its total.
type Contribution struct {
	Member       string  // the breakdown's value, such as "East"
	Value, Base  float64 // this month; the month compared with
	Delta, Share float64 // Value - Base; Delta / the total's change (NaN if the total did not change)
}

// DepartmentView is one department's review.
type DepartmentView struct {
	Name   string
	KPIs   []MonthlyKPI
	Ratios []MonthlyRatio
}

// MonthlyRatio is one efficiency ratio in the month.
type MonthlyRatio struct {
	Spec                  RatioSpec
	Value, Prev, LastYear float64
	R12                   float64 // over the rolling 12 months: sum (or average, for a stock) over sum
	// Unit is the ratio's unit in the report's language: Spec.Unit, else
	// the numerator's unit per the denominator's ("CNY per person", "元/人");
	// "" for a percentage or when neither metric has a unit.
	Unit string
	// NumUnit is the numerator's unit as coo names it ("CNY").
	NumUnit string
	// Annual: R12 sums 12 months of a flow over a level (leavers over
	// headcount), so it is a yearly figure beside monthly ones.
	Annual  bool
	History coo.Series
	Defects FigureDefects // the input defects that touch it
	Suspect bool          // a Suspect defect is among Defects (MonthlyKPI.Suspect)
	Levels  RatioLevels   // Value against Prev and LastYear, by polarity (polarity.go)
}

// Quality is the data behind the month: who reported, what was rejected.
type Quality struct {
	Sources  []SourceQuality
	Defects  []coo.Defect // every input defect that touches a figure of the report, in order
	Missing  []string     // required sources without data for the month
	Rejected []string     // sources whose files for the month have rejected cells
	Late     []string     // sources whose files for the month were loaded after the due day
	Due      time.Time
}

// SourceQuality is one source's month.
type SourceQuality struct {
	coo.SourceMonth
	Required bool
	Late     bool             // loaded after the due day (ReportSpec.DueDay)
	Metrics  []coo.MetricName // the reported metrics it feeds
}

// Complete says whether the month may be published: every required source
// reported, and no defect of the input (a rejected cell, a refused file, a
// missing month, a restatement, a suspected value) touches a figure of the
// report.
func (q *Quality) Complete() bool {
	return len(q.Missing) == 0 && len(q.Rejected) == 0 && len(q.Defects) == 0
}

// Sentence is one line of the narrative, with the figures it states.
type Sentence struct {
	Text  string
	Level int // 0 neutral, 1 good, 2 warning, 3 bad (the doc levels)
	Refs  []FigureRef
}

// FigureRef names a figure a sentence states: a metric in a month.
type FigureRef struct {
	Metric coo.MetricName
	Period coo.Period
}

// Monthly computes the monthly report for in.Period.
func Monthly(ctx context.Context, store AssessStore, in MonthlyInput) (*MonthlyReport, error) {
	if err := in.Calendar.Validate(); err != nil {
		return nil, err
	}
	p := in.Period
	fy := in.Calendar.FiscalYear(p)
	r := &MonthlyReport{Period: p, FiscalYear: fy, YearStart: in.Calendar.YearStart(fy), YearEnd: in.Calendar.YearEnd(fy)}
	meta := map[coo.MetricName]*coo.Metric{}
	for i := range in.Metrics {
		meta[in.Metrics[i].Name] = &in.Metrics[i]
	}
	m := &monthly{ctx: ctx, store: store, in: in, r: r, meta: meta, series: map[coo.SeriesKey]coo.Series{},
		stored: map[coo.SeriesKey]*coo.StoredForecast{}, kpis: map[KPISpec]MonthlyKPI{}}
	for i := range in.Forecasts {
		f := &in.Forecasts[i]
		if f.Origin == p {
			m.stored[f.SeriesKey] = f
		}
	}
	horizon := in.Spec.Horizon
	if horizon <= 0 {
		horizon = 12
	}
	m.h = max(horizon, int(r.YearEnd-p))
	// Forecast every reported total that has no stored forecast, in one batch.
	var need []coo.SeriesKey
	seen := map[coo.SeriesKey]bool{}
	addNeed := func(ks []KPISpec) {
		for _, k := range ks {
			key := coo.SeriesKey{Metric: k.Metric}
			if f := m.stored[key]; (f == nil || len(f.Mean) < m.h) && !seen[key] {
				seen[key] = true
				need = append(need, key)
			}
		}
	}
	addNeed(in.Spec.KPIs)
	for _, d := range in.Spec.Departments {
		addNeed(d.KPIs)
	}
	if len(need) > 0 {
		fcs, err := ForecastsAt(ctx, store, need, m.h, p)
		if err != nil {
			return nil, err
		}
		for i := range fcs {
			if fcs[i].Err == nil && fcs[i].Last != p {
				fcs[i].Err = fmt.Errorf("no data for %s", p)
			}
			s := fcs[i].Stored()
			m.stored[s.SeriesKey] = &s
		}
	}
	for _, k := range in.Spec.KPIs {
		kpi, err := m.kpi(k)
		if err != nil {
			return nil, err
		}
		r.KPIs = append(r.KPIs, kpi)
	}
	for _, d := range in.Spec.Departments {
		dv := DepartmentView{Name: d.Name}
		for _, k := range d.KPIs {
			kpi, err := m.kpi(k)
			if err != nil {
				return nil, err
			}
			dv.KPIs = append(dv.KPIs, kpi)
		}
		for _, rs := range d.Ratios {
			ratio, err := m.ratio(rs)
			if err != nil {
				return nil, err
			}
			dv.Ratios = append(dv.Ratios, ratio)
		}
		r.Depts = append(r.Depts, dv)
	}
	if err := m.suspects(); err != nil {
		return nil, err
	}
	m.completeness()
	m.quality()
	if err := m.outliers(); err != nil {
		return nil, err
	}
	if err := m.front(); err != nil {
		return nil, err
	}
	r.Highlights, r.Risks = narrate(r, in.Lang)
	return r, nil
}

type monthly struct {
	ctx    context.Context
	store  AssessStore
	in     MonthlyInput
	r      *MonthlyReport
	meta   map[coo.MetricName]*coo.Metric
	series map[coo.SeriesKey]coo.Series
	stored map[coo.SeriesKey]*coo.StoredForecast
	kpis   map[KPISpec]MonthlyKPI // computed once: a figure can head the report and a department's review
	h      int
}

// get returns a series, read once. It is not cut at the report's month:
// every use reads months up to it (a forecast from data up to it), except a
// budget's, which is known for the whole year ahead.
func (m *monthly) get(k coo.SeriesKey) (coo.Series, error) {
	if s, ok := m.series[k]; ok {
		return s, nil
	}
	s, err := m.store.Series(m.ctx, k.Metric, k.Dims)
	if err != nil {
		return s, err
	}
	m.series[k] = s
	return s, nil
}

func at(s coo.Series, p coo.Period) float64 {
	if v, ok := s.At(p); ok {
		return v
	}
	return math.NaN()
}

// change is the relative change from b to a, (a − b)/|b|: its sign is the
// direction of the change whatever b's sign (a loss of 32,399 narrowing to
// 31,589 is +2.5%, where a/b − 1 gave −2.5%, found from outside); NaN when
// b is zero or either is missing.
func change(a, b float64) float64 {
	if b == 0 || math.IsNaN(a) || math.IsNaN(b) {
		return math.NaN()
	}
	return (a - b) / math.Abs(b)
}

// attainment is a/b, the share of a budget b reached; NaN unless b > 0:
// a share of a zero or negative budget means nothing (a loss of 50
// against a budgeted loss of 100 is not "50% of budget", and graded as
// attainment − 1 it read as a miss). Grades against budget use change.
func attainment(a, b float64) float64 {
	if !(b > 0) {
		return math.NaN()
	}
	return ratioOf(a, b)
}

func ratioOf(a, b float64) float64 {
	if b == 0 || math.IsNaN(a) || math.IsNaN(b) {
		return math.NaN()
	}
	return a / b
}

// span is the sum (flow) or the month-end level (stock) over from..to; NaN
// and the missing months when a month has no data.
func span(s coo.Series, kind coo.Kind, from, to coo.Period) (float64, []coo.Period) {
	if kind == coo.Stock {
		v := at(s, to)
		if math.IsNaN(v) {
			return v, []coo.Period{to}
		}
		return v, nil
	}
	var sum float64
	var miss []coo.Period
	for p := from; p <= to; p++ {
		v, ok := s.At(p)
		if !ok {
			miss = append(miss, p)
			continue
		}
		sum += v
	}
	if len(miss) > 0 {
		return math.NaN(), miss
	}
	return sum, nil
}

// rolling is the 12 months to p: a flow's sum, a stock's average.
func rolling(s coo.Series, kind coo.Kind, p coo.Period) float64 {
	sum, miss := span(s, coo.Flow, p.Add(-11), p)
	if len(miss) > 0 {
		return math.NaN()
	}
	if kind == coo.Stock {
		return sum / 12
	}
	return sum
}

func (m *monthly) kpi(spec KPISpec) (MonthlyKPI, error) {
	if k, ok := m.kpis[spec]; ok {
		return k, nil
	}
	k, err := m.computeKPI(spec)
	if err == nil {
		m.kpis[spec] = k
	}
	return k, err
}

func (m *monthly) computeKPI(spec KPISpec) (MonthlyKPI, error) {
	p := m.in.Period
	k := MonthlyKPI{Spec: spec, Label: string(spec.Metric), Kind: coo.Flow}
	if md := m.meta[spec.Metric]; md != nil {
		k.Label, k.Unit, k.Kind = md.LabelIn(m.in.Lang), md.Unit, md.Kind
	}
	s, err := m.get(coo.SeriesKey{Metric: spec.Metric})
	if err != nil {
		return k, err
	}
	k.Value, k.Prev, k.LastYear = at(s, p), at(s, p-1), at(s, p-12)
	k.MoM, k.YoY = change(k.Value, k.Prev), change(k.Value, k.LastYear)
	from := m.r.YearStart
	k.YTD, k.YTDMissing = span(s, k.Kind, from, p)
	k.YTDLastYear, _ = span(s, k.Kind, from-12, p-12)
	k.YTDChange = change(k.YTD, k.YTDLastYear)
	if len(k.YTDMissing) > 0 {
		k.Notes = append(k.Notes, fmt.Sprintf("year to date not computed: no data for %s", periods(k.YTDMissing)))
	}
	k.R12, k.R12Prior = rolling(s, k.Kind, p), rolling(s, k.Kind, p-12)
	k.R12Change = change(k.R12, k.R12Prior)
	k.History = s.Slice(max(s.Start, p-35), p)
	k.Budget, k.Attainment, k.Variance = math.NaN(), math.NaN(), math.NaN()
	k.YTDBudget, k.YTDAttainment, k.FYBudget, k.OutlookVsBudget = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	if spec.Budget != "" {
		b, err := m.get(coo.SeriesKey{Metric: spec.Budget})
		if err != nil {
			return k, err
		}
		k.Budget = at(b, p)
		k.Attainment = attainment(k.Value, k.Budget)
		k.Variance = k.Value - k.Budget
		k.YTDBudget, _ = span(b, k.Kind, from, p)
		k.YTDAttainment = attainment(k.YTD, k.YTDBudget)
		k.FYBudget, _ = span(b, k.Kind, from, m.r.YearEnd)
		k.BudgetHistory = b.Slice(k.History.Start, m.r.YearEnd)
	}
	k.Outlook, k.OutlookLo95, k.OutlookHi95 = math.NaN(), math.NaN(), math.NaN()
	if f := m.stored[coo.SeriesKey{Metric: spec.Metric}]; f != nil {
		k.Forecast = f
		left := int(m.r.YearEnd - p)
		switch {
		case f.Error != "":
			k.Notes = append(k.Notes, "no forecast: "+f.Error)
		case left > len(f.Mean):
			k.Notes = append(k.Notes, fmt.Sprintf("no outlook: the forecast covers %d of the %d months left", len(f.Mean), left))
		case k.Kind == coo.Stock && left == 0:
			k.Outlook, k.OutlookLo95, k.OutlookHi95 = k.Value, k.Value, k.Value
		case k.Kind == coo.Stock:
			k.Outlook, k.OutlookLo95, k.OutlookHi95 = f.Mean[left-1], f.Lo95[left-1], f.Hi95[left-1]
		default:
			k.Outlook, k.OutlookLo95, k.OutlookHi95 = k.YTD, k.YTD, k.YTD
			for i := range left {
				k.Outlook += f.Mean[i]
				k.OutlookLo95 += f.Lo95[i]
				k.OutlookHi95 += f.Hi95[i]
			}
		}
		k.OutlookVsBudget = attainment(k.Outlook, k.FYBudget)
		k.OutOfRange = outOfRange(&k, p, int(m.r.YearEnd-m.r.YearStart)+1)
	}
	k.Expected, k.ExpectedLo, k.ExpectedHi = math.NaN(), math.NaN(), math.NaN()
	if !math.IsNaN(k.Value) {
		if y := history(s, p-1); len(y) >= 24 {
			y, _ = setAside(y, 12) // a past slip would widen the interval past use
			if f, err := forecast.Auto(y, 12, 1, nil); err == nil {
				k.Expected, k.ExpectedLo, k.ExpectedHi = f.Mean[0], f.Lo95[0], f.Hi95[0]
				k.Anomaly = k.Value < k.ExpectedLo || k.Value > k.ExpectedHi
			}
		}
	}
	if spec.Breakdown != "" {
		if err := m.contributions(&k, s); err != nil {
			return k, err
		}
		if err := m.budgetBridge(&k); err != nil {
			return k, err
		}
	}
	if err := m.priceVolume(&k); err != nil {
		return k, err
	}
	return k, nil
}

// history is the series up to p after its last gap, as the forecasts use it.
func history(s coo.Series, p coo.Period) []float64 {
	if p < s.Start {
		return nil
	}
	y := s.Slice(s.Start, p).Values
	for j := len(y) - 1; j >= 0; j-- {
		if math.IsNaN(y[j]) {
			return y[j+1:]
		}
	}
	return y
}

func (m *monthly) contributions(k *MonthlyKPI, total coo.Series) error {
	p := m.in.Period
	members, err := m.store.Breakdowns(m.ctx, k.Spec.Metric, k.Spec.Breakdown)
	if err != nil {
		return err
	}
	base := p - 12
	k.ContributionBase = "yoy"
	if math.IsNaN(at(total, base)) {
		base, k.ContributionBase = p-1, "mom"
	}
	totalDelta := at(total, p) - at(total, base)
	for _, dims := range members {
		parsed, err := coo.ParseDims(dims)
		if err != nil || len(parsed) != 1 {
			continue // a breakdown by several dimensions: not a member of this one
		}
		s, err := m.get(coo.SeriesKey{Metric: k.Spec.Metric, Dims: dims})
		if err != nil {
			return err
		}
		c := Contribution{Member: parsed[0].Value, Value: at(s, p), Base: at(s, base)}
		if math.IsNaN(c.Value) && math.IsNaN(c.Base) {
			continue
		}
		// A member that is new, or gone, contributes all of its value.
		v, b := c.Value, c.Base
		if math.IsNaN(v) {
			v = 0
		}
		if math.IsNaN(b) {
			b = 0
		}
		c.Delta = v - b
		c.Share = math.NaN()
		if totalDelta != 0 && !math.IsNaN(totalDelta) {
			c.Share = c.Delta / totalDelta
		}
		k.Contributions = append(k.Contributions, c)
	}
	sort.SliceStable(k.Contributions, func(i, j int) bool {
		return math.Abs(k.Contributions[i].Delta) > math.Abs(k.Contributions[j].Delta)
	})
	return nil
}

func (m *monthly) ratio(spec RatioSpec) (MonthlyRatio, error) {
	p := m.in.Period
	r := MonthlyRatio{Spec: spec}
	num, err := m.get(spec.Num)
	if err != nil {
		return r, err
	}
	den, err := m.get(spec.Den)
	if err != nil {
		return r, err
	}
	kind := func(n coo.MetricName) coo.Kind {
		if md := m.meta[n]; md != nil {
			return md.Kind
		}
		return coo.Flow
	}
	r.Value, r.Prev, r.LastYear = ratioOf(at(num, p), at(den, p)), ratioOf(at(num, p-1), at(den, p-1)), ratioOf(at(num, p-12), at(den, p-12))
	r.R12 = ratioOf(rolling(num, kind(spec.Num.Metric), p), rolling(den, kind(spec.Den.Metric), p))
	r.Annual = kind(spec.Num.Metric) == coo.Flow && kind(spec.Den.Metric) == coo.Stock
	unit := func(n coo.MetricName) string {
		if md := m.meta[n]; md != nil {
			return md.Unit
		}
		return ""
	}
	r.NumUnit, r.Unit = unit(spec.Num.Metric), spec.Unit
	if r.Unit == "" && !spec.Percent {
		r.Unit = numfmt.Per(r.NumUnit, unit(spec.Den.Metric), m.in.Lang)
	}
	from := max(p-35, min(num.Start, den.Start))
	r.History = coo.Series{Metric: coo.MetricName(spec.Name), Start: from}
	for q := from; q <= p; q++ {
		r.History.Values = append(r.History.Values, ratioOf(at(num, q), at(den, q)))
	}
	return r, nil
}

// quality fills the data-quality section: which sources reported for the
// month, which are required and missing, and which have rejected cells
// in the files that supplied it.
func (m *monthly) quality() {
	q := &m.r.Quality
	required := map[string]bool{}
	for _, s := range m.in.Spec.Required {
		required[s] = true
	}
	feeds := map[string][]coo.MetricName{}
	feed := func(n coo.MetricName) {
		if md := m.meta[n]; md != nil && n != "" && !containsName(feeds[md.Source], n) {
			feeds[md.Source] = append(feeds[md.Source], n)
		}
	}
	add := func(ks []KPISpec) {
		for _, k := range ks {
			feed(k.Metric)
			feed(k.Budget)
			feed(k.PriceVolume.Units)
			feed(k.PriceVolume.UnitsBudget)
		}
	}
	add(m.in.Spec.KPIs)
	for _, d := range m.in.Spec.Departments {
		add(d.KPIs)
		// A ratio is a reported figure too: its sources' rejects count.
		for _, r := range d.Ratios {
			feed(r.Num.Metric)
			feed(r.Den.Metric)
		}
	}
	seen := map[string]bool{}
	for _, sm := range m.in.Sources {
		seen[sm.Source] = true
		sq := SourceQuality{SourceMonth: sm, Required: len(required) == 0 || required[sm.Source], Metrics: feeds[sm.Source]}
		if sq.Required && sm.Facts == 0 {
			q.Missing = append(q.Missing, sm.Source)
		}
		if sm.Rejects > 0 && len(sq.Metrics) > 0 {
			q.Rejected = append(q.Rejected, sm.Source)
		}
		if d := m.in.Spec.DueDay; d > 0 && sm.Facts > 0 {
			next := m.in.Period + 1
			q.Due = time.Date(next.Year(), time.Month(next.Month()), d+1, 0, 0, 0, 0, time.UTC) // the end of the due day
			if sm.LoadedAt.After(q.Due) {
				sq.Late = true
				q.Late = append(q.Late, sm.Source)
			}
		}
		q.Sources = append(q.Sources, sq)
	}
	for _, s := range m.in.Spec.Required {
		if !seen[s] {
			q.Missing = append(q.Missing, s)
			q.Sources = append(q.Sources, SourceQuality{SourceMonth: coo.SourceMonth{Source: s}, Required: true})
		}
	}
}

func containsName(xs []coo.MetricName, x coo.MetricName) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// periods lists months compactly: "2026-04, 2026-05".
func periods(ps []coo.Period) string {
	s := ""
	for i, p := range ps {
		if i > 0 {
			s += ", "
		}
		if i == 5 && len(ps) > 6 {
			return s + fmt.Sprintf("and %d more", len(ps)-5)
		}
		s += p.String()
	}
	return s
}
