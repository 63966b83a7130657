package project

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"coo"
	"coo/analysis"
)

const goodReport = `version: 1
fiscal_year_start: 4
sources:
  - name: sales
    files: sales/*.xlsx
    period: {column: Month}
    dimensions:
      - {name: region, column: Region}
    measures:
      - {name: revenue, column: Revenue, unit: CNY}
      - {name: budget, column: Budget, unit: CNY}
  - name: hr
    files: hr/*.xlsx
    period: {column: Month}
    dimensions:
      - {name: unit, column: Unit}
    measures:
      - {name: headcount, column: Headcount}
metrics:
  - {name: sales.revenue, label: Revenue, source: sales, measure: revenue, kind: flow, by: [region]}
  - {name: sales.revenue_budget, source: sales, measure: budget, kind: flow}
  - {name: hr.headcount, source: hr, measure: headcount, kind: stock, by: [unit]}
report:
  title: Monthly review
  font: fonts/wenkai.ttf
  horizon: 18
  required:
    - sales
    - hr
  kpis:
    - metric: sales.revenue
      budget: sales.revenue_budget
      breakdown: region
    - hr.headcount
    - {metric: sales.revenue_budget, lower_is_better: true}
  departments:
    - name: Sales
      kpis: [sales.revenue]
      ratios:
        - name: Revenue per head
          numerator: sales.revenue
          denominator: hr.headcount
        - {name: Revenue per sales head, numerator: sales.revenue, denominator: "hr.headcount[unit=Sales]", lower_is_better: true}
        - {name: East share, numerator: "sales.revenue[region=East]", denominator: sales.revenue, percent: true}
    - name: HR
      kpis:
        - hr.headcount
`

func TestReportParses(t *testing.T) {
	p, err := Parse([]byte(goodReport), "coo.yaml", "/p")
	if err != nil {
		t.Fatal(err)
	}
	r := p.Report
	if r.Title != "Monthly review" || r.Font != "/p/fonts/wenkai.ttf" || r.Horizon != 18 || !reflect.DeepEqual(r.Required, []string{"sales", "hr"}) {
		t.Errorf("report = title %q, font %q, horizon %d, required %v", r.Title, r.Font, r.Horizon, r.Required)
	}
	wantKPIs := []analysis.KPISpec{
		{Metric: "sales.revenue", Budget: "sales.revenue_budget", Breakdown: "region"},
		{Metric: "hr.headcount"},
		{Metric: "sales.revenue_budget", LowerIsBetter: true},
	}
	if !reflect.DeepEqual(r.KPIs, wantKPIs) {
		t.Errorf("KPIs = %+v, want %+v", r.KPIs, wantKPIs)
	}
	wantDepts := []analysis.DepartmentSpec{
		{Name: "Sales", KPIs: []analysis.KPISpec{{Metric: "sales.revenue"}}, Ratios: []analysis.RatioSpec{
			{Name: "Revenue per head", Num: coo.SeriesKey{Metric: "sales.revenue"}, Den: coo.SeriesKey{Metric: "hr.headcount"}},
			{Name: "Revenue per sales head", Num: coo.SeriesKey{Metric: "sales.revenue"}, Den: coo.SeriesKey{Metric: "hr.headcount", Dims: "unit=Sales"}, LowerIsBetter: true},
			{Name: "East share", Num: coo.SeriesKey{Metric: "sales.revenue", Dims: "region=East"}, Den: coo.SeriesKey{Metric: "sales.revenue"}, Percent: true},
		}},
		{Name: "HR", KPIs: []analysis.KPISpec{{Metric: "hr.headcount"}}},
	}
	if !reflect.DeepEqual(r.Departments, wantDepts) {
		t.Errorf("Departments = %+v\nwant %+v", r.Departments, wantDepts)
	}

	// A dimension value with the separators in it is stored escaped.
	src := strings.Replace(goodReport, "[unit=Sales]", "[unit=Sales;East]", 1)
	p, err = Parse([]byte(src), "coo.yaml", "/p")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Report.Departments[0].Ratios[1].Den.Dims, coo.FormatDims([]coo.Dim{{Key: "unit", Value: "Sales;East"}}); got != want || got == "unit=Sales;East" {
		t.Errorf("dims %q, want %q (escaped)", got, want)
	}

	if p.Report.DueDay != 0 {
		t.Errorf("DueDay = %d without due_day", p.Report.DueDay)
	}
	for _, d := range []int{1, 10, 28} {
		p, err := Parse([]byte(strings.Replace(goodReport, "horizon: 18", fmt.Sprintf("horizon: 18\n  due_day: %d", d), 1)), "coo.yaml", "/p")
		if err != nil || p.Report.DueDay != d {
			t.Errorf("due_day %d: %v", d, err)
		}
	}
	// The horizon's bounds are allowed.
	for _, h := range []string{"3", "24"} {
		if _, err := Parse([]byte(strings.Replace(goodReport, "horizon: 18", "horizon: "+h, 1)), "coo.yaml", "/p"); err != nil {
			t.Errorf("horizon %s: %v", h, err)
		}
	}
	// An absolute font path is kept.
	if p, err := Parse([]byte(strings.Replace(goodReport, "font: fonts/wenkai.ttf", "font: /usr/share/fonts/a.ttf", 1)), "coo.yaml", "/p"); err != nil || p.Report.Font != "/usr/share/fonts/a.ttf" {
		t.Errorf("absolute font: %v", err)
	}
}

// TestReportDefaults: without a report section, or without its kpis, every
// metric is a KPI, each NAME with NAME_budget as its budget.
func TestReportDefaults(t *testing.T) {
	want := []analysis.KPISpec{{Metric: "sales.revenue", Budget: "sales.revenue_budget"}, {Metric: "hr.headcount"}}
	p, err := Parse([]byte(strings.Split(goodReport, "report:")[0]), "coo.yaml", "/p")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.Report.KPIs, want) || p.Report.Horizon != 0 || p.Report.Required != nil || p.Report.Departments != nil || p.Report.Title != "" {
		t.Errorf("no report section: %+v, want KPIs %+v", p.Report, want)
	}
	noKPIs := strings.Replace(goodReport, "  kpis:\n    - metric: sales.revenue\n      budget: sales.revenue_budget\n      breakdown: region\n    - hr.headcount\n    - {metric: sales.revenue_budget, lower_is_better: true}\n", "", 1)
	if noKPIs == goodReport {
		t.Fatal("kpis not removed")
	}
	p, err = Parse([]byte(noKPIs), "coo.yaml", "/p")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.Report.KPIs, want) || p.Report.Horizon != 18 || len(p.Report.Departments) != 2 {
		t.Errorf("report without kpis: %+v, want KPIs %+v", p.Report, want)
	}

	got := DefaultReport([]coo.Metric{{Name: "a.cost_budget"}, {Name: "a.revenue"}, {Name: "a.cost"}, {Name: "b.plan_budget"}, {Name: "a.revenue_budget"}}).KPIs
	want = []analysis.KPISpec{{Metric: "a.revenue", Budget: "a.revenue_budget"}, {Metric: "a.cost", Budget: "a.cost_budget"}, {Metric: "b.plan_budget"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DefaultReport = %+v, want %+v", got, want)
	}
	if got := DefaultReport(nil); got.KPIs != nil {
		t.Errorf("DefaultReport(nil) = %+v", got)
	}
}

// TestReportBadFiles: each mistake in the report section is reported with
// its line and key.
func TestReportBadFiles(t *testing.T) {
	for _, tc := range []struct {
		name     string
		old, new string
		line     int
		key      string
		message  string
	}{
		{"not a mapping", "report:\n  title: Monthly review\n  font: fonts/wenkai.ttf\n  horizon: 18\n", "report: [a]\nx:\n  title: Monthly review\n  font: fonts/wenkai.ttf\n  horizon: 18\n", 23, "report", "want a mapping"},
		{"unknown key", "title: Monthly review", "titel: Monthly review", 24, "report.titel", `did you mean "title"`},
		{"title not text", "title: Monthly review", "title: [a, b]", 24, "report.title", "want text"},
		{"horizon too short", "horizon: 18", "horizon: 2", 26, "report.horizon", "3 to 24"},
		{"horizon too long", "horizon: 18", "horizon: 25", 26, "report.horizon", "3 to 24"},
		{"due day 0", "horizon: 18", "horizon: 18\n  due_day: 0", 27, "report.due_day", "1-28"},
		{"due day 29", "horizon: 18", "horizon: 18\n  due_day: 29", 27, "report.due_day", "1-28"},
		{"due day as text", "horizon: 18", "horizon: 18\n  due_day: tenth", 27, "report.due_day", "want a whole number"},
		{"horizon as text", "horizon: 18", "horizon: a year", 26, "report.horizon", "want a whole number"},
		{"required unknown source", "    - sales\n    - hr\n", "    - sales\n    - payroll\n", 29, "report.required[1]", `"payroll" is not a source`},
		{"required unknown source in a flow list", "  required:\n    - sales\n    - hr\n", "  required: [sales, payroll]\n", 27, "report.required[1]", `"payroll" is not a source`},
		{"required not text", "    - sales\n    - hr\n", "    - sales\n    - {a: b}\n", 29, "report.required[1]", "want text"},
		{"kpi unknown metric by name", "    - hr.headcount\n    - {metric", "    - hr.heads\n    - {metric", 34, "report.kpis[1]", `"hr.heads" is not a metric defined`},
		{"kpi unknown metric", "    - metric: sales.revenue\n", "    - metric: sales.revenu\n", 31, "report.kpis[0].metric", "not a metric defined"},
		{"kpi unknown metric below another key", "    - {metric: sales.revenue_budget, lower_is_better: true}\n", "    - lower_is_better: true\n      metric: sales.nope\n", 36, "report.kpis[2].metric", "not a metric defined"},
		{"kpi without metric", "{metric: sales.revenue_budget, lower_is_better: true}", "{lower_is_better: true}", 35, "report.kpis[2].metric", "missing"},
		{"kpi unknown key", "lower_is_better: true}\n  departments", "lower_is_beter: true}\n  departments", 35, "report.kpis[2].lower_is_beter", `did you mean "lower_is_better"`},
		{"kpi lower_is_better not a bool", "lower_is_better: true}\n  departments", "lower_is_better: yes please}\n  departments", 35, "report.kpis[2].lower_is_better", "want true or false"},
		{"kpi unknown budget", "budget: sales.revenue_budget", "budget: sales.plan", 32, "report.kpis[0].budget", `"sales.plan" is not a metric defined`},
		{"kpi breakdown not a by", "breakdown: region", "breakdown: product", 33, "report.kpis[0].breakdown", `not broken down by "product"`},
		{"kpi a list", "    - hr.headcount\n    - {metric", "    - [hr.headcount]\n    - {metric", 34, "report.kpis[1]", "want a mapping"},
		{"department twice", "    - name: HR", "    - name: Sales", 45, "report.departments[1].name", "appears twice"},
		{"department without name", "    - name: HR\n      kpis:", "    - kpis:", 45, "report.departments[1].name", "missing"},
		{"department unknown key", "      ratios:\n", "      ratio:\n", 39, "report.departments[0].ratio", `did you mean "ratios"`},
		{"department kpi unknown metric", "kpis: [sales.revenue]", "kpis: [sales.revenues]", 38, "report.departments[0].kpis[0]", "not a metric defined"},
		{"ratio unknown numerator", "          numerator: sales.revenue\n", "          numerator: sales.sales\n", 41, "report.departments[0].ratios[0].numerator", `"sales.sales" is not a metric defined`},
		{"ratio without denominator", "          denominator: hr.headcount\n", "", 40, "report.departments[0].ratios[0].denominator", "missing"},
		{"ratio without name", "        - name: Revenue per head\n          numerator", "        - numerator", 40, "report.departments[0].ratios[0].name", "missing"},
		{"ratio bad reference", `"hr.headcount[unit=Sales]"`, `"hr.headcount[unit Sales]"`, 43, "report.departments[0].ratios[1].denominator", "want metric[dim=value]"},
		{"ratio reference unclosed", `"hr.headcount[unit=Sales]"`, `"hr.headcount[unit=Sales"`, 43, "report.departments[0].ratios[1].denominator", "want metric[dim=value]"},
		{"ratio reference without value", `"hr.headcount[unit=Sales]"`, `"hr.headcount[unit=]"`, 43, "report.departments[0].ratios[1].denominator", "want metric[dim=value]"},
		{"ratio reference without metric", `"hr.headcount[unit=Sales]"`, `"[unit=Sales]"`, 43, "report.departments[0].ratios[1].denominator", "name a metric"},
		{"ratio empty reference", `"hr.headcount[unit=Sales]"`, `""`, 43, "report.departments[0].ratios[1].denominator", "name a metric"},
		{"ratio reference unknown metric", `"hr.headcount[unit=Sales]"`, `"hr.heads[unit=Sales]"`, 43, "report.departments[0].ratios[1].denominator", `"hr.heads" is not a metric defined`},
		{"ratio dimension not a by", `"sales.revenue[region=East]"`, `"sales.revenue[unit=East]"`, 44, "report.departments[0].ratios[2].numerator", `not broken down by "unit"`},
		{"ratio percent not a bool", "percent: true", "percent: 1", 44, "report.departments[0].ratios[2].percent", "want true or false"},
		{"ratio unknown key", "percent: true", "percnt: true", 44, "report.departments[0].ratios[2].percnt", `did you mean "percent"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(goodReport, tc.old, tc.new, 1)
			if src == goodReport {
				t.Fatalf("case does not change the file: %q not found", tc.old)
			}
			_, err := Parse([]byte(src), "coo.yaml", "/p")
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("Parse = %v, want Errors", err)
			}
			e := es[0]
			if e.Line != tc.line || e.Key != tc.key || !strings.Contains(e.Msg, tc.message) {
				t.Errorf("first error = %q (line %d, key %q); want line %d, key %q, message containing %q\nall: %v",
					e.Error(), e.Line, e.Key, tc.line, tc.key, tc.message, err)
			}
			if want := fmt.Sprintf("coo.yaml:%d: %s: ", tc.line, tc.key); !strings.HasPrefix(e.Error(), want) {
				t.Errorf("error %q does not start with %q", e.Error(), want)
			}
		})
	}
}

// TestTextPerLanguage: a metric's label, a department's name and a ratio's
// name and unit are plain text or one text per language; the project's
// language picks one, English stands in for a missing one.
func TestTextPerLanguage(t *testing.T) {
	src := strings.NewReplacer(
		"label: Revenue,", "label: {en: Revenue, zh: 营业收入},",
		"    - name: Sales\n", "    - name: {en: Sales, zh: 销售部}\n",
		"        - name: Revenue per head\n", "        - name: {en: Revenue per head, zh: 人均收入}\n          unit: {en: CNY per person, zh: 元/人}\n",
		"    - name: HR\n", "    - name: {en: HR}\n",
	).Replace(goodReport)
	for _, tc := range []struct {
		lang                             string
		label, dept, ratio, unit, second string
	}{
		{"en", "Revenue", "Sales", "Revenue per head", "CNY per person", "HR"},
		{"zh", "营业收入", "销售部", "人均收入", "元/人", "HR"},
	} {
		p, err := Parse([]byte("language: "+tc.lang+"\n"+src), "coo.yaml", "/p")
		if err != nil {
			t.Fatalf("%s: %v", tc.lang, err)
		}
		m := p.Metrics[0]
		d := p.Report.Departments
		if m.Label != tc.label || d[0].Name != tc.dept || d[0].Ratios[0].Name != tc.ratio || d[0].Ratios[0].Unit != tc.unit || d[1].Name != tc.second {
			t.Errorf("%s: label %q, department %q, ratio %q (%q), department %q; want %q, %q, %q (%q), %q",
				tc.lang, m.Label, d[0].Name, d[0].Ratios[0].Name, d[0].Ratios[0].Unit, d[1].Name, tc.label, tc.dept, tc.ratio, tc.unit, tc.second)
		}
		if got := m.LabelIn("zh"); got != "营业收入" {
			t.Errorf("%s: LabelIn(zh) = %q", tc.lang, got)
		}
		if got := m.LabelIn("fr"); got != "Revenue" {
			t.Errorf("%s: LabelIn(fr) = %q, want the English", tc.lang, got)
		}
		if p.Metrics[1].Labels != nil || p.Metrics[1].LabelIn("zh") != "sales.revenue_budget" {
			t.Errorf("%s: a metric without a label: %q %v", tc.lang, p.Metrics[1].Label, p.Metrics[1].Labels)
		}
	}
	for _, bad := range []string{"label: {}", "label: {fr: Revenu}", "label: {en: [a]}"} {
		if _, err := Parse([]byte(strings.Replace(src, "label: {en: Revenue, zh: 营业收入}", bad, 1)), "coo.yaml", "/p"); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

// pvReport is goodReport with units sold by region and a price, volume and
// mix bridge of revenue on them.
var pvReport = strings.NewReplacer(
	"      - {name: budget, column: Budget, unit: CNY}\n", "      - {name: budget, column: Budget, unit: CNY}\n      - {name: units, column: Units, unit: units}\n",
	"  - {name: sales.revenue_budget, source: sales, measure: budget, kind: flow}\n",
	"  - {name: sales.revenue_budget, source: sales, measure: budget, kind: flow, by: [region]}\n"+
		"  - {name: sales.units, source: sales, measure: units, kind: flow, by: [region]}\n"+
		"  - {name: sales.units_budget, source: sales, measure: units, kind: flow, by: [region]}\n",
	"      breakdown: region\n    - hr.headcount\n",
	"      breakdown: region\n      price_volume: {units: sales.units, by: region, units_budget: sales.units_budget}\n    - hr.headcount\n",
).Replace(goodReport)

// TestReportPriceVolume: a figure's price_volume option is decoded, and each
// mistake in it reported with its line and key.
func TestReportPriceVolume(t *testing.T) {
	if pvReport == goodReport || !strings.Contains(pvReport, "price_volume") {
		t.Fatal("pvReport does not change goodReport")
	}
	p, err := Parse([]byte(pvReport), "coo.yaml", "/p")
	if err != nil {
		t.Fatal(err)
	}
	want := analysis.KPISpec{Metric: "sales.revenue", Budget: "sales.revenue_budget", Breakdown: "region",
		PriceVolume: analysis.PriceVolumeSpec{Units: "sales.units", By: "region", UnitsBudget: "sales.units_budget"}}
	if got := p.Report.KPIs[0]; !reflect.DeepEqual(got, want) {
		t.Errorf("KPIs[0] = %+v, want %+v", got, want)
	}
	const opt = "price_volume: {units: sales.units, by: region, units_budget: sales.units_budget}"
	const line = 37 // the option's line in pvReport
	for _, tc := range []struct {
		name, new, key, message string
	}{
		{"not a mapping", "price_volume: sales.units", "report.kpis[0].price_volume", "want a mapping"},
		{"unknown key", "price_volume: {units: sales.units, by: region, unit_budget: sales.units_budget}", "report.kpis[0].price_volume.unit_budget", `did you mean "units_budget"`},
		{"without units", "price_volume: {by: region}", "report.kpis[0].price_volume.units", "missing"},
		{"without by", "price_volume: {units: sales.units}", "report.kpis[0].price_volume.by", "missing"},
		{"unknown units", "price_volume: {units: sales.unit, by: region}", "report.kpis[0].price_volume.units", `"sales.unit" is not a metric defined`},
		{"unknown units budget", "price_volume: {units: sales.units, by: region, units_budget: sales.plan}", "report.kpis[0].price_volume.units_budget", `"sales.plan" is not a metric defined`},
		{"by not a by of revenue", "price_volume: {units: sales.units, by: product}", "report.kpis[0].price_volume.by", `metric sales.revenue is not broken down by "product"`},
		{"by not a by of the units", "price_volume: {units: hr.headcount, by: region}", "report.kpis[0].price_volume.by", `metric hr.headcount is not broken down by "region"`},
		{"by not text", "price_volume: {units: sales.units, by: [region]}", "report.kpis[0].price_volume.by", "want text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(pvReport, opt, tc.new, 1)
			_, err := Parse([]byte(src), "coo.yaml", "/p")
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("Parse = %v, want Errors", err)
			}
			e := es[0]
			if e.Line != line || e.Key != tc.key || !strings.Contains(e.Msg, tc.message) {
				t.Errorf("first error = %q (line %d, key %q); want line %d, key %q, message containing %q\nall: %v",
					e.Error(), e.Line, e.Key, line, tc.key, tc.message, err)
			}
		})
	}
}
