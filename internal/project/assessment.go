package project

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

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
		r.Grades = append(r.Grades, g)
	}
	if len(d.errs) == before {
		if err := analysis.ValidateGrades(r.Grades); err != nil {
			d.ruleError(f.val, key, err)
		}
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
	k.Weight, _ = d.requiredFloat(f, key, "weight", n)
	if tf, ok := f["target"]; ok {
		n := len(d.errs)
		k.Target = d.target(tf, key+".target", metric)
		if len(d.errs) == n {
			if err := k.Target.Validate(); err != nil {
				d.ruleError(tf.val, key+".target", err)
			}
		}
	}
	if of, ok := f["on"]; ok {
		k.On = analysis.Basis(d.str(of, key+".on"))
	}
	if sf, ok := f["scoring"]; ok {
		n := len(d.errs)
		k.Scoring = d.scoring(sf, key+".scoring")
		if len(d.errs) == n {
			if err := k.Scoring.Validate(); err != nil {
				d.ruleError(sf.val, key+".scoring", err)
			}
		}
	} else {
		d.errorf(n, key+".scoring", "missing; such as {linear: {floor: 0.8, ceiling: 1.0, cap: 120}}")
	}
	k.Missing = d.policy(f["missing"], key+".missing")
	if len(d.errs) > before {
		return k, false
	}
	if err := k.Validate(); err != nil {
		d.ruleError(n, key, err)
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
			t.Growth, _ = d.float(v, k)
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
			s.Cap, _ = d.float(cf, k+".cap")
		}
	}
	switch s.Kind {
	case analysis.Linear:
		if pm := d.mapping(v.val, k, "floor", "ceiling", "cap"); pm != nil {
			s.Floor, _ = d.requiredFloat(pm, k, "floor", v.key)
			s.Ceiling, _ = d.requiredFloat(pm, k, "ceiling", v.key)
			capOf(pm)
		}
	case analysis.LowerIsBetter:
		if pm := d.mapping(v.val, k, "best", "worst", "cap"); pm != nil {
			s.Best, _ = d.requiredFloat(pm, k, "best", v.key)
			s.Worst, _ = d.requiredFloat(pm, k, "worst", v.key)
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
			b.Min, _ = d.requiredFloat(bm, bk, "min", bn)
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

// ruleError reports err from a rule's own Validate: at the line of the field
// it names (an *analysis.FieldError) inside the mapping n, or at n.
func (d *decoder) ruleError(n *yaml.Node, key string, err error) {
	var fe *analysis.FieldError
	if !errors.As(err, &fe) {
		d.errorf(n, key, "%v", err)
		return
	}
	at := fieldNode(n, fe.Field)
	if at == nil {
		at = n
	}
	d.errorf(at, join(key, fe.Field), "%v", fe.Err)
}

// fieldNode returns the key node at path ("scoring.linear.ceiling",
// "bands[1].min") inside mapping n, or the deepest one found on the way.
func fieldNode(n *yaml.Node, path string) *yaml.Node {
	var found *yaml.Node
	for _, part := range strings.Split(path, ".") {
		name, idx := part, -1
		if i := strings.IndexByte(part, '['); i > 0 {
			name = part[:i]
			idx, _ = strconv.Atoi(strings.TrimSuffix(part[i+1:], "]"))
		}
		if n == nil || n.Kind != yaml.MappingNode {
			return found
		}
		var val *yaml.Node
		for j := 0; j+1 < len(n.Content); j += 2 {
			if n.Content[j].Value == name {
				found, val = n.Content[j], n.Content[j+1]
			}
		}
		if val == nil {
			return found
		}
		if idx >= 0 {
			if val.Kind != yaml.SequenceNode || idx >= len(val.Content) {
				return found
			}
			val = val.Content[idx]
			found = val
		}
		n = val
	}
	return found
}
