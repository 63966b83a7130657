package project

import (
	"fmt"
	"sort"

	"gopkg.in/yaml.v3"

	"coo"
	"coo/analysis"
)

// assessment decodes the assessment section into analysis.Rules. Metric
// names are checked against the metrics of the file, and a unit's breakdown
// against the dimensions each metric is broken down by.
func (d *decoder) assessment(f field, p *Project) *analysis.Rules {
	const key = "assessment"
	top := d.mapping(f.val, key, "missing", "grades", "units")
	if top == nil {
		return nil
	}
	before := len(d.errs)
	r := &analysis.Rules{}
	r.Missing = d.policy(top["missing"], key+".missing")
	for i, n := range d.list(top["grades"], key+".grades") {
		gk := fmt.Sprintf("%s.grades[%d]", key, i)
		gm := d.mapping(n, gk, "grade", "min")
		if gm == nil {
			continue
		}
		g := analysis.Grade{Name: d.required(gm, gk, "grade", n)}
		g.Min, _ = d.requiredFloat(gm, gk, "min", n)
		if i > 0 && len(r.Grades) == i && g.Min >= r.Grades[i-1].Min {
			d.errorf(gm["min"].key, gk+".min", "%v must be below the grade above (%v): list grades highest first", g.Min, r.Grades[i-1].Min)
		}
		for _, o := range r.Grades {
			if o.Name == g.Name && g.Name != "" {
				d.errorf(gm["grade"].key, gk+".grade", "grade %q appears twice", g.Name)
			}
		}
		r.Grades = append(r.Grades, g)
	}
	if _, ok := top["units"]; !ok {
		d.errorf(f.key, key+".units", "missing; list the departments and persons to assess")
	}
	seen := map[[2]string]*yaml.Node{}
	for i, n := range d.list(top["units"], key+".units") {
		uk := fmt.Sprintf("%s.units[%d]", key, i)
		u, ok := d.unit(n, uk, p)
		if !ok {
			continue
		}
		if u.Each == "" {
			g := u.Group
			if g == "" {
				g = analysis.DefaultGroup
			}
			if _, dup := seen[[2]string{g, u.Name}]; dup {
				d.errorf(n, uk+".name", "unit %q appears twice in group %s", u.Name, g)
				continue
			}
			seen[[2]string{g, u.Name}] = n
		}
		r.Units = append(r.Units, u)
	}
	if len(d.errs) > before {
		return nil
	}
	if err := r.Validate(); err != nil { // what the walk above cannot see
		d.errorf(f.key, key, "%v", err)
		return nil
	}
	return r
}

func (d *decoder) unit(n *yaml.Node, key string, p *Project) (analysis.Unit, bool) {
	var u analysis.Unit
	f := d.mapping(n, key, "name", "group", "dims", "each", "kpis", "bonuses", "deductions")
	if f == nil {
		return u, false
	}
	before := len(d.errs)
	u.Name = d.required(f, key, "name", n)
	u.Group = d.str(f["group"], key+".group")
	var dim string // the dimension the unit reads by, if any
	if df, ok := f["dims"]; ok {
		dk := key + ".dims"
		if df.val.Kind != yaml.MappingNode || len(df.val.Content) != 2 || df.val.Content[1].Kind != yaml.ScalarNode {
			d.errorf(df.key, dk, "want one dimension and its value, such as {rep: Zhang Wei}")
		} else {
			k, v := df.val.Content[0], df.val.Content[1]
			if !coo.ValidIdent(k.Value) {
				d.errorf(k, dk, "%q: want a dimension name such as rep", k.Value)
			}
			dim = k.Value
			u.Dims = coo.FormatDims([]coo.Dim{{Key: k.Value, Value: v.Value}})
		}
	}
	if ef, ok := f["each"]; ok {
		u.Each = d.str(ef, key+".each")
		if u.Each != "" && !coo.ValidIdent(u.Each) {
			d.errorf(ef.key, key+".each", "%q: want a dimension name such as rep", u.Each)
		}
		if _, both := f["dims"]; both {
			d.errorf(ef.key, key+".each", "give dims (one breakdown) or each (one unit per value), not both")
		}
		dim = u.Each
	}
	// metric checks a metric reference: defined, and broken down by dim.
	metric := func(node *yaml.Node, k, name string) coo.MetricName {
		m := coo.MetricName(name)
		if name == "" {
			return m
		}
		def := p.metric(m)
		switch {
		case def == nil:
			d.errorf(node, k, "%q is not a metric defined under metrics", name)
		case dim != "" && !contains(def.By, dim):
			d.errorf(node, k, "metric %s is not broken down by %s: add %s to its by", name, dim, dim)
		}
		return m
	}
	kf, ok := f["kpis"]
	if !ok {
		d.errorf(n, key+".kpis", "missing; list the unit's KPIs")
	}
	names := map[string]bool{}
	sum := 0.0
	for i, kn := range d.list(kf, key+".kpis") {
		kk := fmt.Sprintf("%s.kpis[%d]", key, i)
		k, ok := d.kpi(kn, kk, metric)
		if !ok {
			continue
		}
		if names[k.Name] {
			d.errorf(kn, kk+".name", "KPI %q appears twice in this unit", k.Name)
		}
		names[k.Name] = true
		sum += k.Weight
		u.KPIs = append(u.KPIs, k)
	}
	if len(d.errs) == before && len(u.KPIs) > 0 && (sum < 1-analysis.WeightTolerance || sum > 1+analysis.WeightTolerance) {
		d.errorf(kf.key, key+".kpis", "the weights sum to %.6g; they must sum to 1 (0.4 + 0.3 + 0.3)", sum)
	}
	for _, l := range []struct {
		name  string
		items *[]analysis.Adjustment
	}{{"bonuses", &u.Bonuses}, {"deductions", &u.Deductions}} {
		for i, an := range d.list(f[l.name], key+"."+l.name) {
			ak := fmt.Sprintf("%s.%s[%d]", key, l.name, i)
			am := d.mapping(an, ak, "name", "metric", "points", "cap")
			if am == nil {
				continue
			}
			a := analysis.Adjustment{Name: d.required(am, ak, "name", an)}
			a.Metric = metric(am["metric"].key, ak+".metric", d.required(am, ak, "metric", an))
			if v, ok := d.requiredFloat(am, ak, "points", an); ok {
				if v <= 0 {
					d.errorf(am["points"].key, ak+".points", "%v: want the points per count as a positive number (a deduction's too: the list says it is subtracted)", v)
				}
				a.Points = v
			}
			if cf, ok := am["cap"]; ok {
				if v, ok := d.float(cf, ak+".cap"); ok {
					if v <= 0 {
						d.errorf(cf.key, ak+".cap", "%v: want the most points in all, a positive number (leave cap out for none)", v)
					}
					a.Cap = v
				}
			}
			*l.items = append(*l.items, a)
		}
	}
	if len(d.errs) > before {
		return u, false
	}
	if err := u.Validate(); err != nil {
		d.errorf(n, key, "%v", err)
		return u, false
	}
	return u, true
}

func (d *decoder) kpi(n *yaml.Node, key string, metric func(*yaml.Node, string, string) coo.MetricName) (analysis.KPI, bool) {
	var k analysis.KPI
	f := d.mapping(n, key, "name", "metric", "weight", "target", "on", "scoring", "missing")
	if f == nil {
		return k, false
	}
	before := len(d.errs)
	k.Name = d.required(f, key, "name", n)
	k.Metric = metric(f["metric"].key, key+".metric", d.required(f, key, "metric", n))
	if v, ok := d.requiredFloat(f, key, "weight", n); ok {
		if v <= 0 || v > 1 {
			d.errorf(f["weight"].key, key+".weight", "%v: want a fraction above 0 and at most 1, such as 0.4 (a unit's weights sum to 1)", v)
		}
		k.Weight = v
	}
	if tf, ok := f["target"]; ok {
		k.Target = d.target(tf, key+".target", metric)
	}
	if of, ok := f["on"]; ok {
		k.On = analysis.Basis(d.str(of, key+".on"))
		switch {
		case k.On != analysis.OnActual && k.On != analysis.OnAttainment:
			d.errorf(of.key, key+".on", "%q: want attainment (actual ÷ target) or actual", k.On)
		case k.On == analysis.OnAttainment && k.Target.Kind == analysis.NoTarget:
			d.errorf(of.key, key+".on", "attainment needs a target")
		}
	}
	if sf, ok := f["scoring"]; ok {
		k.Scoring = d.scoring(sf, key+".scoring")
		if k.Scoring.Kind == analysis.Ratio && k.Target.Kind == analysis.NoTarget {
			d.errorf(sf.key, key+".scoring", "ratio scores the attainment: give the KPI a target")
		}
	} else {
		d.errorf(n, key+".scoring", "missing; such as {linear: {floor: 0.8, ceiling: 1.0, cap: 120}}")
	}
	k.Missing = d.policy(f["missing"], key+".missing")
	if len(d.errs) > before {
		return k, false
	}
	if err := k.Validate(); err != nil {
		d.errorf(n, key, "%v", err)
		return k, false
	}
	return k, true
}

// target decodes a number (a fixed target) or a mapping with one of value,
// metric, last_year, last_month, expr.
func (d *decoder) target(f field, key string, metric func(*yaml.Node, string, string) coo.MetricName) analysis.Target {
	var t analysis.Target
	if f.val.Kind == yaml.ScalarNode && (f.val.Tag == "!!int" || f.val.Tag == "!!float") {
		t.Kind = analysis.FixedTarget
		t.Value, _ = d.float(f, key)
		return t
	}
	m := d.mapping(f.val, key, "value", "metric", "last_year", "last_month", "expr")
	if m == nil {
		return t
	}
	if len(m) != 1 {
		if len(m) > 1 || len(f.val.Content) == 0 {
			d.errorf(f.key, key, "give exactly one of value, metric, last_year (growth, such as 0.05), last_month (growth), expr")
		}
		return t
	}
	for name, v := range m {
		k := key + "." + name
		t.Kind = analysis.TargetKind(name)
		switch t.Kind {
		case analysis.FixedTarget:
			t.Value, _ = d.float(v, k)
		case analysis.MetricTarget:
			t.Metric = metric(v.key, k, d.str(v, k))
		case analysis.LastYearTarget, analysis.LastMonthTarget:
			if g, ok := d.float(v, k); ok {
				if g <= -1 {
					d.errorf(v.key, k, "%v: want the growth as a fraction above −1, such as 0.05 for +5%%", g)
				}
				t.Growth = g
			}
		case analysis.ExprTarget:
			src := d.str(v, k)
			e, err := analysis.ParseExpr(src)
			if err != nil {
				d.errorf(v.key, k, "%q: %v", src, err)
				break
			}
			t.Expr = e
			for _, mn := range e.Metrics() {
				metric(v.key, k, string(mn))
			}
		}
	}
	return t
}

// scoring decodes a mapping with exactly one of linear, lower_is_better,
// bands, pass_fail, ratio.
func (d *decoder) scoring(f field, key string) analysis.Scoring {
	var s analysis.Scoring
	m := d.mapping(f.val, key, "linear", "lower_is_better", "bands", "pass_fail", "ratio")
	if m == nil {
		return s
	}
	if len(m) != 1 {
		if len(m) > 1 || len(f.val.Content) == 0 {
			d.errorf(f.key, key, "give exactly one of linear, lower_is_better, bands, pass_fail, ratio")
		}
		return s
	}
	names := make([]string, 0, 1)
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	name := names[0]
	v, k := m[name], key+"."+name
	s.Kind = analysis.ScoringKind(name)
	capOf := func(pm map[string]field) {
		if cf, ok := pm["cap"]; ok {
			if c, ok := d.float(cf, k+".cap"); ok {
				if c < 100 {
					d.errorf(cf.key, k+".cap", "%v: want at least 100 points (leave cap out for 100)", c)
				}
				s.Cap = c
			}
		}
	}
	switch s.Kind {
	case analysis.Linear:
		if pm := d.mapping(v.val, k, "floor", "ceiling", "cap"); pm != nil {
			s.Floor, _ = d.requiredFloat(pm, k, "floor", v.key)
			var ok bool
			if s.Ceiling, ok = d.requiredFloat(pm, k, "ceiling", v.key); ok && s.Ceiling <= s.Floor {
				d.errorf(pm["ceiling"].key, k+".ceiling", "%v must be above the floor, %v", s.Ceiling, s.Floor)
			}
			capOf(pm)
		}
	case analysis.LowerIsBetter:
		if pm := d.mapping(v.val, k, "best", "worst", "cap"); pm != nil {
			s.Best, _ = d.requiredFloat(pm, k, "best", v.key)
			var ok bool
			if s.Worst, ok = d.requiredFloat(pm, k, "worst", v.key); ok && s.Worst <= s.Best {
				d.errorf(pm["worst"].key, k+".worst", "%v must be above best, %v (100 points at best, 0 at worst)", s.Worst, s.Best)
			}
			capOf(pm)
		}
	case analysis.BandTable:
		bands := d.list(v, k)
		if len(bands) == 0 && v.val.Kind != yaml.MappingNode {
			d.errorf(v.key, k, "list at least one band, such as - {min: 0.9, points: 60}")
		}
		for i, bn := range bands {
			bk := fmt.Sprintf("%s[%d]", k, i)
			bm := d.mapping(bn, bk, "min", "points")
			if bm == nil {
				continue
			}
			var b analysis.Band
			var ok bool
			if b.Min, ok = d.requiredFloat(bm, bk, "min", bn); ok && len(s.Bands) == i && i > 0 && b.Min <= s.Bands[i-1].Min {
				d.errorf(bm["min"].key, bk+".min", "%v must be above the band before (%v): list bands from the lowest", b.Min, s.Bands[i-1].Min)
			}
			b.Points, _ = d.requiredFloat(bm, bk, "points", bn)
			s.Bands = append(s.Bands, b)
		}
	case analysis.PassFail:
		if pm := d.mapping(v.val, k, "at_least", "at_most"); pm != nil {
			if len(pm) != 1 {
				if len(v.val.Content) == 0 || len(pm) > 1 {
					d.errorf(v.key, k, "give exactly one of at_least, at_most")
				}
				break
			}
			if tf, ok := pm["at_most"]; ok {
				s.AtMost = true
				s.Threshold, _ = d.float(tf, k+".at_most")
			} else {
				s.Threshold, _ = d.float(pm["at_least"], k+".at_least")
			}
		}
	case analysis.Ratio:
		if v.val.Kind == yaml.ScalarNode && v.val.Tag == "!!null" {
			break // ratio: with nothing, cap 100
		}
		if pm := d.mapping(v.val, k, "cap"); pm != nil {
			capOf(pm)
		}
	}
	return s
}

func (d *decoder) policy(f field, key string) analysis.MissingPolicy {
	if f.val == nil {
		return ""
	}
	m := analysis.MissingPolicy(d.str(f, key))
	if err := m.Validate(); err != nil {
		d.errorf(f.key, key, "%q: want zero (score 0), reweight (leave the KPI out, scale the other weights up) or carry (last measured score)", m)
		return ""
	}
	return m
}

// requiredFloat returns the number under name in f, reporting it missing at node at.
func (d *decoder) requiredFloat(f map[string]field, path, name string, at *yaml.Node) (float64, bool) {
	fl, ok := f[name]
	if !ok {
		d.errorf(at, join(path, name), "missing")
		return 0, false
	}
	return d.float(fl, join(path, name))
}

// metric returns the metric named name, or nil.
func (p *Project) metric(name coo.MetricName) *coo.Metric {
	for i := range p.Metrics {
		if p.Metrics[i].Name == name {
			return &p.Metrics[i]
		}
	}
	return nil
}
