package project

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"coo"
	"coo/analysis"
)

// Report is the report section: what the monthly report covers and how it
// is drawn.
type Report struct {
	analysis.ReportSpec
	Title string // "" is the default title in the project's language
	Font  string // the TrueType face for CJK runs; "" finds an installed one (render/font)
}

// DefaultReport is the report of a project file without a report section:
// every metric that is not another's budget, each with the metric named
// NAME_budget as its budget when there is one.
func DefaultReport(metrics []coo.Metric) Report {
	names := map[coo.MetricName]bool{}
	for _, m := range metrics {
		names[m.Name] = true
	}
	var r Report
	for _, m := range metrics {
		if strings.HasSuffix(string(m.Name), "_budget") && names[coo.MetricName(strings.TrimSuffix(string(m.Name), "_budget"))] {
			continue
		}
		k := analysis.KPISpec{Metric: m.Name}
		if b := coo.MetricName(string(m.Name) + "_budget"); names[b] {
			k.Budget = b
		}
		r.KPIs = append(r.KPIs, k)
	}
	return r
}

func (d *decoder) report(f field, p *Project) Report {
	const key = "report"
	top := d.mapping(f.val, key, "title", "font", "required", "horizon", "due_day", "kpis", "departments")
	if top == nil {
		return Report{}
	}
	r := Report{Title: d.str(top["title"], key+".title"), Font: d.str(top["font"], key+".font")}
	if r.Font != "" {
		r.Font = resolve(p.Dir, r.Font)
	}
	for i, n := range d.list(top["required"], key+".required") {
		rk := fmt.Sprintf("%s.required[%d]", key, i)
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			d.errorf(n, rk, "want text, got %s", describe(n))
			continue
		}
		if p.Source(n.Value) == nil {
			d.errorf(n, rk, "%q is not a source defined under sources", n.Value)
		}
		r.Required = append(r.Required, n.Value)
	}
	if hf, ok := top["horizon"]; ok {
		if h, ok := d.int(hf, key+".horizon"); ok {
			if h < 3 || h > 24 {
				d.errorf(hf.key, key+".horizon", "%d: want the months to forecast, 3 to 24", h)
			}
			r.Horizon = h
		}
	}
	if df, ok := top["due_day"]; ok {
		if v, ok := d.int(df, key+".due_day"); ok {
			if v < 1 || v > 28 {
				d.errorf(df.key, key+".due_day", "%d: want the day of the next month by which a month's data are due, 1-28", v)
			}
			r.DueDay = v
		}
	}
	r.KPIs = d.kpiSpecs(top["kpis"], key+".kpis", p)
	if _, ok := top["kpis"]; !ok {
		r.KPIs = DefaultReport(p.Metrics).KPIs
	}
	names := map[string]bool{}
	for i, n := range d.list(top["departments"], key+".departments") {
		dk := fmt.Sprintf("%s.departments[%d]", key, i)
		dm := d.mapping(n, dk, "name", "kpis", "ratios")
		if dm == nil {
			continue
		}
		dept := analysis.DepartmentSpec{Name: d.requiredText(dm, dk, "name", n, p.Language)}
		if names[dept.Name] {
			d.errorf(dm["name"].key, dk+".name", "department %q appears twice", dept.Name)
		}
		names[dept.Name] = true
		dept.KPIs = d.kpiSpecs(dm["kpis"], dk+".kpis", p)
		for j, rn := range d.list(dm["ratios"], dk+".ratios") {
			rk := fmt.Sprintf("%s.ratios[%d]", dk, j)
			rm := d.mapping(rn, rk, "name", "unit", "numerator", "denominator", "percent", "lower_is_better")
			if rm == nil {
				continue
			}
			rs := analysis.RatioSpec{Name: d.requiredText(rm, rk, "name", rn, p.Language)}
			rs.Unit, _ = d.text(rm["unit"], rk+".unit", p.Language)
			rs.Num = d.seriesRef(rm["numerator"], rk+".numerator", p, rn)
			rs.Den = d.seriesRef(rm["denominator"], rk+".denominator", p, rn)
			rs.Percent = d.boolean(rm["percent"], rk+".percent")
			rs.LowerIsBetter = d.boolean(rm["lower_is_better"], rk+".lower_is_better")
			dept.Ratios = append(dept.Ratios, rs)
		}
		r.Departments = append(r.Departments, dept)
	}
	return r
}

// requiredText is [decoder.text] of a field that must be there.
func (d *decoder) requiredText(f map[string]field, path, name string, at *yaml.Node, lang string) string {
	if _, ok := f[name]; !ok {
		return d.required(f, path, name, at)
	}
	s, _ := d.text(f[name], join(path, name), lang)
	return s
}

// kpiSpecs decodes a list of headline figures. Each is a metric's name, or
// a mapping:
//
//	kpis:
//	- metric: sales.revenue             # the figure (required)
//	  budget: sales.revenue_budget      # its budget, a metric
//	  lower_is_better: false            # a cost: under budget and falling are good
//	  breakdown: region                 # what drove the change by these members: on last
//	                                    # year, and on budget when the budget has them too
//	  price_volume:                     # a revenue's price, volume and mix bridge
//	    units: sales.units              # the units sold (required)
//	    by: product_line                # the members (required), a by of every metric here
//	    units_budget: sales.units_budget  # the units' budget: a bridge against budget too
//
// Every metric must be defined under metrics, and every breakdown a by of
// the metrics it splits. In flow style: {metric: sales.revenue, price_volume:
// {units: sales.units, by: product_line}}.
func (d *decoder) kpiSpecs(f field, key string, p *Project) []analysis.KPISpec {
	var out []analysis.KPISpec
	for i, n := range d.list(f, key) {
		kk := fmt.Sprintf("%s[%d]", key, i)
		if n.Kind == yaml.ScalarNode { // a bare metric name
			out = append(out, analysis.KPISpec{Metric: d.metricRef(n, kk, n.Value, p)})
			continue
		}
		km := d.mapping(n, kk, "metric", "budget", "lower_is_better", "breakdown", "price_volume")
		if km == nil {
			continue
		}
		at := n
		if mf, ok := km["metric"]; ok {
			at = mf.key
		}
		k := analysis.KPISpec{Metric: d.metricRef(at, kk+".metric", d.required(km, kk, "metric", n), p)}
		if bf, ok := km["budget"]; ok {
			k.Budget = d.metricRef(bf.key, kk+".budget", d.str(bf, kk+".budget"), p)
		}
		k.LowerIsBetter = d.boolean(km["lower_is_better"], kk+".lower_is_better")
		if bf, ok := km["breakdown"]; ok {
			k.Breakdown = d.str(bf, kk+".breakdown")
			if def := p.metric(k.Metric); def != nil && !contains(def.By, k.Breakdown) {
				d.errorf(bf.key, kk+".breakdown", "metric %s is not broken down by %q: add it to the metric's by", k.Metric, k.Breakdown)
			}
		}
		if pf, ok := km["price_volume"]; ok {
			k.PriceVolume = d.priceVolume(pf, kk+".price_volume", k.Metric, p)
		}
		out = append(out, k)
	}
	return out
}

// priceVolume decodes a figure's price_volume: {units, by, units_budget}.
func (d *decoder) priceVolume(f field, key string, revenue coo.MetricName, p *Project) analysis.PriceVolumeSpec {
	pm := d.mapping(f.val, key, "units", "by", "units_budget")
	if pm == nil {
		return analysis.PriceVolumeSpec{}
	}
	at := func(name string) *yaml.Node { // the key's line, else the mapping's
		if nf, ok := pm[name]; ok {
			return nf.key
		}
		return f.val
	}
	s := analysis.PriceVolumeSpec{
		Units: d.metricRef(at("units"), key+".units", d.required(pm, key, "units", f.val), p),
		By:    d.required(pm, key, "by", f.val),
	}
	if bf, ok := pm["units_budget"]; ok {
		s.UnitsBudget = d.metricRef(bf.key, key+".units_budget", d.str(bf, key+".units_budget"), p)
	}
	for _, m := range []coo.MetricName{revenue, s.Units, s.UnitsBudget} {
		if def := p.metric(m); def != nil && s.By != "" && !contains(def.By, s.By) {
			d.errorf(at("by"), key+".by", "metric %s is not broken down by %q: add it to the metric's by", m, s.By)
		}
	}
	return s
}

func (d *decoder) metricRef(n *yaml.Node, key, name string, p *Project) coo.MetricName {
	if name != "" && p.metric(coo.MetricName(name)) == nil {
		d.errorf(n, key, "%q is not a metric defined under metrics", name)
	}
	return coo.MetricName(name)
}

// seriesRef reads "metric" or "metric[dim=value]": a metric's total or one
// of its breakdowns.
func (d *decoder) seriesRef(f field, key string, p *Project, at *yaml.Node) coo.SeriesKey {
	if f.val == nil {
		d.errorf(at, key, "missing; name a metric, or one breakdown as metric[dim=value]")
		return coo.SeriesKey{}
	}
	s := d.str(f, key)
	name, rest, ok := strings.Cut(s, "[")
	if name == "" {
		if f.val.Kind == yaml.ScalarNode && f.val.Tag != "!!null" { // else str reported it
			d.errorf(f.key, key, "%q: name a metric, or one breakdown as metric[dim=value]", s)
		}
		return coo.SeriesKey{}
	}
	k := coo.SeriesKey{Metric: d.metricRef(f.key, key, name, p)}
	if !ok {
		return k
	}
	inner, ok := strings.CutSuffix(rest, "]")
	dim, val, ok2 := strings.Cut(inner, "=")
	if !ok || !ok2 || dim == "" || val == "" {
		d.errorf(f.key, key, "%q: want metric[dim=value], such as hr.headcount[unit=Sales]", s)
		return k
	}
	if def := p.metric(k.Metric); def != nil && !contains(def.By, dim) {
		d.errorf(f.key, key, "metric %s is not broken down by %q: add it to the metric's by", k.Metric, dim)
	}
	k.Dims = coo.FormatDims([]coo.Dim{{Key: dim, Value: val}})
	return k
}

func (d *decoder) boolean(f field, key string) bool {
	if f.val == nil {
		return false
	}
	var b bool
	if f.val.Kind != yaml.ScalarNode || f.val.Tag != "!!bool" || f.val.Decode(&b) != nil {
		d.errorf(f.key, key, "want true or false, got %s", describe(f.val))
	}
	return b
}
