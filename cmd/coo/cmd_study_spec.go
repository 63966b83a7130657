package main

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"coo"
	"coo/analysis"
)

// studySpec is a study file: the question and the design, the scenarios
// and the horizon.
type studySpec struct {
	Title, Question string
	Design          analysis.Design
	Scenarios       []analysis.Scenario
	H               int
}

// specError is a mistake in a study file, with its line and key.
type specError struct {
	file string
	line int
	key  string
	msg  string
}

func (e *specError) Error() string {
	return fmt.Sprintf("%s:%d: %s: %s", e.file, e.line, e.key, e.msg)
}

type specDecoder struct {
	file string
	err  *specError
}

func (d *specDecoder) fail(n *yaml.Node, key, format string, args ...any) {
	if d.err == nil {
		d.err = &specError{file: d.file, line: n.Line, key: key, msg: fmt.Sprintf(format, args...)}
	}
}

// fields returns the values of a mapping by key, refusing unknown keys.
func (d *specDecoder) fields(n *yaml.Node, path string, known ...string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, "want a mapping of %s", strings.Join(known, ", "))
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := k.Value
		if path != "" {
			key = path + "." + k.Value
		}
		if !contains(known, k.Value) {
			d.fail(k, key, "unknown key (known: %s)", strings.Join(known, ", "))
			continue
		}
		if _, dup := out[k.Value]; dup {
			d.fail(k, key, "given twice")
		}
		out[k.Value] = v
	}
	return out
}

func (d *specDecoder) str(n *yaml.Node, key string) string {
	if n == nil {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		d.fail(n, key, "want a string")
		return ""
	}
	return strings.TrimSpace(n.Value)
}

func (d *specDecoder) boolean(n *yaml.Node, key string) bool {
	if n == nil {
		return false
	}
	var b bool
	if n.Kind != yaml.ScalarNode || n.Decode(&b) != nil {
		d.fail(n, key, "want true or false, not %q", n.Value)
	}
	return b
}

func (d *specDecoder) integer(n *yaml.Node, key string) int {
	var v int
	if n.Kind != yaml.ScalarNode || n.Decode(&v) != nil {
		d.fail(n, key, "want a whole number, not %q", n.Value)
	}
	return v
}

// number reads a number; with pct, "10%" is 0.10.
func (d *specDecoder) number(n *yaml.Node, key string, pct bool) float64 {
	s := d.str(n, key)
	div := 1.0
	if pct && strings.HasSuffix(s, "%") {
		s, div = strings.TrimSpace(strings.TrimSuffix(s, "%")), 100
	}
	v, err := strconv.ParseFloat(strings.TrimPrefix(s, "+"), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		d.fail(n, key, "want a number, not %q", n.Value)
	}
	return v / div
}

func (d *specDecoder) list(n *yaml.Node, key string) []*yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.SequenceNode {
		return n.Content
	}
	if n.Kind == yaml.ScalarNode {
		return []*yaml.Node{n}
	}
	d.fail(n, key, "want a list")
	return nil
}

// variable reads a series: "metric" or {metric, dims, log} (with the
// extra keys of a driver when more is given).
func (d *specDecoder) variable(n *yaml.Node, key string, more ...string) (analysis.Variable, map[string]*yaml.Node) {
	if n.Kind == yaml.ScalarNode {
		return analysis.Variable{Metric: coo.MetricName(d.str(n, key))}, nil
	}
	f := d.fields(n, key, append([]string{"metric", "dims", "log"}, more...)...)
	v := analysis.Variable{Metric: coo.MetricName(d.str(f["metric"], key+".metric")), Dims: d.str(f["dims"], key+".dims"), Log: d.boolean(f["log"], key+".log")}
	if v.Metric == "" {
		d.fail(n, key+".metric", "required: the metric, e.g. sales.units")
	}
	return v, f
}

// readStudySpec reads and checks a study file.
func readStudySpec(path string) (*studySpec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, usagef("%s: %v", path, err)
	}
	if len(doc.Content) == 0 {
		return nil, usagef("%s: empty study file", path)
	}
	d := &specDecoder{file: path}
	root := doc.Content[0]
	f := d.fields(root, "", "title", "question", "target", "drivers", "month_dummies", "base_month", "trend", "intercept", "scenarios", "h")
	s := &studySpec{Title: d.str(f["title"], "title"), Question: d.str(f["question"], "question"), H: 6}
	s.Design.Intercept = true
	if f["intercept"] != nil {
		s.Design.Intercept = d.boolean(f["intercept"], "intercept")
	}
	s.Design.MonthDummies = d.boolean(f["month_dummies"], "month_dummies")
	s.Design.Trend = d.boolean(f["trend"], "trend")
	if n := f["base_month"]; n != nil {
		s.Design.BaseMonth = d.integer(n, "base_month")
	}
	if n := f["h"]; n != nil {
		if s.H = d.integer(n, "h"); s.H < 1 || s.H > 36 {
			d.fail(n, "h", "%d months: want 1 to 36", s.H)
		}
	}
	if s.Question == "" {
		d.fail(root, "question", "required: the question the study answers")
	}
	if n := f["target"]; n == nil {
		d.fail(root, "target", "required: the target metric")
	} else {
		s.Design.Target, _ = d.variable(n, "target")
	}
	drivers := d.list(f["drivers"], "drivers")
	if len(drivers) == 0 && d.err == nil {
		d.fail(root, "drivers", "required: one or more drivers")
	}
	for i, n := range drivers {
		key := fmt.Sprintf("drivers[%d]", i)
		v, df := d.variable(n, key, "lags")
		dr := analysis.Driver{Variable: v}
		for _, l := range d.list(df["lags"], key+".lags") {
			k := d.integer(l, key+".lags")
			if k < 0 || k > 24 {
				d.fail(l, key+".lags", "lag %d: want 0 to 24", k)
			}
			if contains(intsToStrings(dr.Lags), strconv.Itoa(k)) {
				d.fail(l, key+".lags", "lag %d given twice", k)
			}
			dr.Lags = append(dr.Lags, k)
		}
		s.Design.Drivers = append(s.Design.Drivers, dr)
	}
	for i, n := range d.list(f["scenarios"], "scenarios") {
		key := fmt.Sprintf("scenarios[%d]", i)
		sf := d.fields(n, key, "name", "driver", "change", "from", "values", "base")
		p := analysis.Path{Driver: d.str(sf["driver"], key+".driver")}
		sc := analysis.Scenario{Name: d.str(sf["name"], key+".name")}
		if p.Driver == "" {
			d.fail(n, key+".driver", "required: the driver the scenario changes")
		} else if !driverKnown(s.Design.Drivers, p.Driver) {
			d.fail(sf["driver"], key+".driver", "%s is not one of the drivers", p.Driver)
		}
		if fn := sf["from"]; fn != nil {
			var err error
			if p.From, err = coo.ParsePeriod(d.str(fn, key+".from")); err != nil {
				d.fail(fn, key+".from", "want a month like 2026-11: %v", err)
			}
		} else {
			d.fail(n, key+".from", "required: the first month the scenario changes, e.g. 2026-11")
		}
		if cn := sf["change"]; cn != nil {
			p.Change = d.number(cn, key+".change", true)
		}
		for _, vn := range d.list(sf["values"], key+".values") {
			p.Values = append(p.Values, d.number(vn, key+".values", false))
		}
		if sf["change"] == nil && len(p.Values) == 0 {
			d.fail(n, key, "give change (e.g. 10%%) or values")
		}
		switch b := d.str(sf["base"], key+".base"); b {
		case "", "last":
			p.Base = analysis.BaseLast
		case "last_year":
			p.Base = analysis.BaseLastYear
		case "forecast":
			p.Base = analysis.BaseForecast
		default:
			d.fail(sf["base"], key+".base", "%q: want last, last_year or forecast", b)
		}
		if sc.Name == "" {
			sc.Name = fmt.Sprintf("%s %+g%% from %s", p.Driver, p.Change*100, p.From)
			if len(p.Values) > 0 {
				sc.Name = fmt.Sprintf("%s given from %s", p.Driver, p.From)
			}
		}
		sc.Paths = []analysis.Path{p}
		s.Scenarios = append(s.Scenarios, sc)
	}
	if d.err != nil {
		return nil, &usageError{d.err.Error()}
	}
	if err := s.Design.Validate(); err != nil {
		return nil, usagef("%s: %v", path, err)
	}
	return s, nil
}

func driverKnown(ds []analysis.Driver, label string) bool {
	for _, dr := range ds {
		if dr.Label() == label {
			return true
		}
	}
	return false
}

func intsToStrings(v []int) []string {
	var s []string
	for _, x := range v {
		s = append(s, strconv.Itoa(x))
	}
	return s
}
