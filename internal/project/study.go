package project

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"coo"
	"coo/analysis"
)

// ParseStudy reads a study file, such as
//
//	title: Marketing spend and sales units
//	question: What does another 10% of marketing spend buy us in sales?
//	target: {metric: sales.units, log: true}
//	drivers:
//	  - {metric: marketing.spend, log: true, lags: [0, 1]}
//	month_dummies: true
//	trend: true
//	h: 6
//	scenarios:
//	  - {name: spend +10%, driver: marketing.spend, change: 10%, from: 2026-11}
//	value_metric: sales.revenue
//
// target and each driver are a metric name or {metric, dims, log}; a
// driver's lags default to [0]. intercept defaults to true, base_month to
// 1, h to 6 (1 to 36). A scenario changes one driver (driver, change or
// values, from, base) or several (paths: a list of those); change is 10% or
// 0.10, values replace the driver month by month from "from", and base
// (last, last_year or forecast) says what the driver does after its data.
// value_metric (a metric) or price (a number, "1,400" or "1400 CNY") says
// what a unit of the target is worth, so that the answer can speak in
// money; both are optional, and a target in money needs neither.
//
// file names the file in messages. metrics, when not nil, are the
// project's: a target or driver that is not among them is a mistake. The
// error, if any, is Errors: every mistake found, with its line and key, in
// line order.
func ParseStudy(data []byte, file string, metrics []coo.Metric) (*analysis.StudySpec, error) {
	d := &decoder{file: file}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		line := 0
		if _, e := fmt.Sscanf(msg, "line %d:", &line); e == nil {
			msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
		}
		if err.Error() == "EOF" {
			msg = "the file is empty: a study needs at least question, target and drivers"
		}
		return nil, Errors{{File: file, Line: line, Msg: msg}}
	}
	if len(doc.Content) == 0 {
		return nil, Errors{{File: file, Msg: "the file is empty: a study needs at least question, target and drivers"}}
	}
	sd := &studyDecoder{decoder: d, metrics: metrics}
	s := sd.study(doc.Content[0])
	if len(d.errs) > 0 {
		sort.SliceStable(d.errs, func(i, j int) bool { return d.errs[i].Line < d.errs[j].Line })
		return nil, d.errs
	}
	if err := s.Design.Validate(); err != nil {
		return nil, Errors{{File: file, Msg: err.Error()}}
	}
	return s, nil
}

// studyDecoder reads a study file with the project file's decoder.
type studyDecoder struct {
	*decoder
	metrics []coo.Metric
}

func (d *studyDecoder) study(root *yaml.Node) *analysis.StudySpec {
	s := &analysis.StudySpec{H: 6}
	s.Design.Intercept = true
	f := d.mapping(root, "", "title", "question", "target", "drivers", "month_dummies", "base_month", "trend", "intercept", "scenarios", "h", "value_metric", "price")
	if f == nil {
		return s
	}
	s.Title = strings.TrimSpace(d.str(f["title"], "title"))
	s.Question = strings.TrimSpace(d.str(f["question"], "question"))
	if s.Question == "" {
		d.errorf(keyOr(f["question"], root), "question", "required: the question the study answers")
	}
	if fi, ok := f["intercept"]; ok {
		s.Design.Intercept = d.boolean(fi, "intercept")
	}
	s.Design.MonthDummies = d.boolean(f["month_dummies"], "month_dummies")
	s.Design.Trend = d.boolean(f["trend"], "trend")
	if v, ok := d.int(f["base_month"], "base_month"); ok {
		if v < 1 || v > 12 {
			d.errorf(f["base_month"].key, "base_month", "%d: want a month from 1 to 12", v)
		}
		s.Design.BaseMonth = v
	}
	if v, ok := d.int(f["h"], "h"); ok {
		if v < 1 || v > 36 {
			d.errorf(f["h"].key, "h", "%d months: want 1 to 36", v)
		}
		s.H = v
	}
	if fv, ok := f["value_metric"]; ok {
		s.Value = coo.MetricName(strings.TrimSpace(d.str(fv, "value_metric")))
		if s.Value == "" {
			d.errorf(fv.key, "value_metric", "want a metric, e.g. sales.revenue")
		} else {
			d.known(fv.val, "value_metric", s.Value)
		}
		if fp, ok := f["price"]; ok {
			d.errorf(fp.key, "price", "give either value_metric or price, not both")
		}
	} else if fp, ok := f["price"]; ok {
		s.Price, s.PriceUnit = d.price(fp)
	}
	if ft, ok := f["target"]; ok {
		s.Design.Target, _ = d.variable(ft.val, "target")
	} else {
		d.errorf(root, "target", "required: the target metric, e.g. sales.units")
	}
	drivers := d.list(f["drivers"], "drivers")
	if len(drivers) == 0 {
		d.errorf(keyOr(f["drivers"], root), "drivers", "required: one or more drivers, e.g. [marketing.spend]")
	}
	seen := map[string]bool{}
	for i, n := range drivers {
		key := fmt.Sprintf("drivers[%d]", i)
		v, df := d.variable(n, key, "lags")
		dr := analysis.Driver{Variable: v}
		if v.Metric != "" && seen[v.Label()] {
			d.errorf(n, key, "driver %s given twice", v.Label())
		}
		seen[v.Label()] = true
		lags := map[int]bool{}
		for _, l := range d.list(df["lags"], key+".lags") {
			k, ok := d.int(field{l, l}, key+".lags")
			if !ok {
				continue
			}
			switch {
			case k < 0 || k > 24:
				d.errorf(l, key+".lags", "lag %d: want 0 to 24", k)
			case lags[k]:
				d.errorf(l, key+".lags", "lag %d given twice", k)
			default:
				lags[k] = true
				dr.Lags = append(dr.Lags, k)
			}
		}
		if v.Metric != "" && v.Metric == s.Design.Target.Metric && v.Dims == s.Design.Target.Dims && (len(dr.Lags) == 0 || lags[0]) {
			// found from outside: accepted, with R² = 1 and t = 1.9e64
			d.errorf(n, key, "%s is the target itself: in the same month it explains the target by itself; give lags from 1 (its own past) or another driver", v.Label())
		}
		s.Design.Drivers = append(s.Design.Drivers, dr)
	}
	for i, n := range d.list(f["scenarios"], "scenarios") {
		key := fmt.Sprintf("scenarios[%d]", i)
		sf := d.mapping(n, key, "name", "driver", "change", "from", "values", "base", "paths")
		if sf == nil {
			continue
		}
		sc := analysis.Scenario{Name: strings.TrimSpace(d.str(sf["name"], key+".name"))}
		if fp, ok := sf["paths"]; ok {
			for _, k := range []string{"driver", "change", "from", "values", "base"} {
				if g, ok := sf[k]; ok {
					d.errorf(g.key, join(key, k), "give either paths or one driver's %s, not both", k)
				}
			}
			items := d.list(fp, key+".paths")
			if len(items) == 0 {
				d.errorf(fp.key, key+".paths", "want one path or more")
			}
			for j, pn := range items {
				pkey := fmt.Sprintf("%s.paths[%d]", key, j)
				if pf := d.mapping(pn, pkey, "driver", "change", "from", "values", "base"); pf != nil {
					sc.Paths = append(sc.Paths, d.path(pf, pn, pkey, s.Design.Drivers))
				}
			}
		} else {
			sc.Paths = []analysis.Path{d.path(sf, n, key, s.Design.Drivers)}
		}
		if sc.Name == "" {
			var parts []string
			for _, p := range sc.Paths {
				if len(p.Values) > 0 {
					parts = append(parts, fmt.Sprintf("%s given from %s", p.Driver, p.From))
				} else {
					parts = append(parts, fmt.Sprintf("%s %+g%% from %s", p.Driver, p.Change*100, p.From))
				}
			}
			sc.Name = strings.Join(parts, ", ")
		}
		s.Scenarios = append(s.Scenarios, sc)
	}
	return s
}

// keyOr is the node to blame for a field: its key, or at when absent.
func keyOr(f field, at *yaml.Node) *yaml.Node {
	if f.key != nil {
		return f.key
	}
	return at
}

// variable reads a series: "metric" or {metric, dims, log}, with the extra
// keys of a driver when more are given.
func (d *studyDecoder) variable(n *yaml.Node, key string, more ...string) (analysis.Variable, map[string]field) {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		v := analysis.Variable{Metric: coo.MetricName(strings.TrimSpace(n.Value))}
		d.known(n, key, v.Metric)
		return v, nil
	}
	if n.Kind == yaml.ScalarNode {
		d.errorf(n, key, "want a metric name or {metric, dims, log}, got nothing")
		return analysis.Variable{}, nil
	}
	f := d.mapping(n, key, append([]string{"metric", "dims", "log"}, more...)...)
	if f == nil {
		return analysis.Variable{}, nil
	}
	v := analysis.Variable{Metric: coo.MetricName(strings.TrimSpace(d.str(f["metric"], key+".metric"))),
		Dims: strings.TrimSpace(d.str(f["dims"], key+".dims")), Log: d.boolean(f["log"], key+".log")}
	if v.Metric == "" {
		d.errorf(keyOr(f["metric"], n), key+".metric", "required: the metric, e.g. sales.units")
	} else {
		d.known(f["metric"].val, key+".metric", v.Metric)
	}
	return v, f
}

// known reports a metric the project does not define.
func (d *studyDecoder) known(n *yaml.Node, key string, m coo.MetricName) {
	if d.metrics == nil || m == "" {
		return
	}
	var names []string
	for _, x := range d.metrics {
		if x.Name == m {
			return
		}
		names = append(names, string(x.Name))
	}
	msg := fmt.Sprintf("metric %s is not defined in the project file", m)
	if s := closest(string(m), names); s != "" {
		msg += fmt.Sprintf("; did you mean %s?", s)
	}
	d.errorf(n, key, "%s", msg)
}

// path reads one driver's path of a scenario from its fields f (at n).
func (d *studyDecoder) path(f map[string]field, n *yaml.Node, key string, drivers []analysis.Driver) analysis.Path {
	p := analysis.Path{Driver: strings.TrimSpace(d.str(f["driver"], key+".driver"))}
	if p.Driver == "" {
		d.errorf(keyOr(f["driver"], n), key+".driver", "required: the driver the scenario changes")
	} else if !driverKnown(drivers, p.Driver) {
		var ls []string
		for _, dr := range drivers {
			if dr.Metric != "" {
				ls = append(ls, dr.Label())
			}
		}
		d.errorf(f["driver"].val, key+".driver", "%s is not one of the drivers (%s)", p.Driver, strings.Join(ls, ", "))
	}
	if ff, ok := f["from"]; ok {
		s := d.str(ff, key+".from")
		var err error
		if p.From, err = coo.ParsePeriod(strings.TrimSpace(s)); err != nil && s != "" {
			d.errorf(ff.val, key+".from", "want a month like 2026-11, got %q", s)
		}
	} else {
		d.errorf(n, key+".from", "required: the first month the scenario changes, e.g. 2026-11")
	}
	if fc, ok := f["change"]; ok {
		p.Change, _ = d.number(fc, key+".change", true)
	}
	if fv, ok := f["values"]; ok {
		for j, vn := range d.list(fv, key+".values") {
			v, _ := d.number(field{vn, vn}, fmt.Sprintf("%s.values[%d]", key, j), false)
			p.Values = append(p.Values, v)
		}
	}
	_, hasChange := f["change"]
	_, hasValues := f["values"]
	if !hasChange && !hasValues {
		d.errorf(n, key, "give change (e.g. 10%%) or values")
	}
	switch b := strings.TrimSpace(d.str(f["base"], key+".base")); b {
	case "", "last":
		p.Base = analysis.BaseLast
	case "last_year":
		p.Base = analysis.BaseLastYear
	case "forecast":
		p.Base = analysis.BaseForecast
	default:
		d.errorf(f["base"].val, key+".base", "%q: want last, last_year or forecast", b)
	}
	return p
}

// price reads a price per unit of the target: a number above 0, with
// thousands separators allowed and an optional unit after it ("1400 CNY").
func (d *studyDecoder) price(f field) (float64, string) {
	if f.val == nil || f.val.Kind != yaml.ScalarNode || f.val.Tag == "!!null" {
		d.errorf(keyOr(f, f.val), "price", "want a price per unit of the target, e.g. 1400 or 1400 CNY")
		return 0, ""
	}
	num, unit, _ := strings.Cut(strings.TrimSpace(f.val.Value), " ")
	v, err := strconv.ParseFloat(strings.ReplaceAll(num, ",", ""), 64)
	if err != nil || !(v > 0) || math.IsInf(v, 0) {
		d.errorf(f.val, "price", "want a price above 0 per unit of the target, e.g. 1400 or 1400 CNY, got %q", f.val.Value)
		return 0, ""
	}
	return v, strings.TrimSpace(unit)
}

// number reads a finite number; with pct, "10%" is 0.10.
func (d *studyDecoder) number(f field, key string, pct bool) (float64, bool) {
	if f.val == nil {
		return 0, false
	}
	if f.val.Kind != yaml.ScalarNode || f.val.Tag == "!!null" {
		d.errorf(f.val, key, "want a number, got %s", describe(f.val))
		return 0, false
	}
	s, div := strings.TrimSpace(f.val.Value), 1.0
	if pct && strings.HasSuffix(s, "%") {
		s, div = strings.TrimSpace(strings.TrimSuffix(s, "%")), 100
	}
	v, err := strconv.ParseFloat(strings.TrimPrefix(s, "+"), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		want := "a number"
		if pct {
			want = "a number or a percentage such as 10%"
		}
		d.errorf(f.val, key, "want %s, got %s", want, describe(f.val))
		return 0, false
	}
	return v / div, true
}

func driverKnown(ds []analysis.Driver, label string) bool {
	for _, dr := range ds {
		if dr.Label() == label {
			return true
		}
	}
	return false
}

// LoadStudy reads and parses the study file; see ParseStudy. A file that is
// not a regular file, is too large or cannot be read gives an error
// matching ErrProjectFile.
func LoadStudy(file string, metrics []coo.Metric) (*analysis.StudySpec, error) {
	data, err := readSmall(file)
	if err != nil {
		return nil, err
	}
	return ParseStudy(data, file, metrics)
}
