package render

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"

	"coo/analysis"
)

// assessmentHTML writes the assessment of sc as one self-contained HTML page
// (inline CSS, no scripts, no outside requests): the units by group with
// total, bonus, deductions, final, grade, rank and change, then each unit's
// KPIs. Every name goes through html/template, so text from the rules and
// the data is escaped. The page reads at phone width and prints on A4.
// The output depends on sc and opt only.
func assessmentHTML(w io.Writer, sc *analysis.Scorecard, opt Options) error {
	if err := opt.Validate(); err != nil {
		return err
	}
	v := htmlAssessment{Period: sc.Period.String(), Author: opt.author()}
	if !opt.GeneratedAt.IsZero() {
		v.Generated = opt.GeneratedAt.Format("2006-01-02 15:04 MST")
	}
	if len(sc.Incomplete) > 0 {
		v.Incomplete = strings.Join(sc.Incomplete, "; ")
	}
	v.Title = opt.Title
	if v.Title == "" {
		v.Title = "Assessment scores " + v.Period
	}
	var cur *htmlGroup
	for _, i := range summaryOrder(sc.Units) {
		u := &sc.Units[i]
		if cur == nil || cur.Name != u.Group {
			v.Groups = append(v.Groups, htmlGroup{Name: u.Group})
			cur = &v.Groups[len(v.Groups)-1]
		}
		hu := htmlUnit{
			ID: fmt.Sprintf("u%d", i+1), Name: u.Name, Scored: u.Scored, Grade: u.Grade,
			Total: points(u.Total), Bonus: points(u.Bonus), Deductions: points(u.Deductions), Final: points(u.Final),
			Bar: barWidth(u.Final),
		}
		if u.Scored {
			hu.Rank = fmt.Sprint(u.Rank)
		} else {
			hu.Bonus, hu.Deductions = "", ""
		}
		if u.Scored && u.HasPrevious {
			hu.Change = fmt.Sprintf("%+.1f", u.Change)
			switch {
			case u.Change >= 0.05:
				hu.ChangeClass = "up"
			case u.Change <= -0.05:
				hu.ChangeClass = "down"
			}
		}
		for _, k := range u.KPIs {
			hu.KPIs = append(hu.KPIs, htmlKPI{
				Name: k.Name, Actual: rowAmount(k.Actual, k.Actual, k.Target), Target: rowAmount(k.Target, k.Actual, k.Target), Attainment: percent(k.Attainment),
				Score: points(k.Score), Weight: percent(k.EffectiveWeight), Weighted: points(k.Weighted), Note: k.Note,
			})
			if !u.Scored {
				last := &hu.KPIs[len(hu.KPIs)-1]
				last.Score, last.Weighted = "", ""
			}
		}
		for _, a := range u.Adjustments {
			if a.Points == 0 && a.Note == "" {
				continue
			}
			sign := "+"
			if a.Deduction {
				sign = "−"
			}
			hu.Adjustments = append(hu.Adjustments, htmlAdjustment{Name: a.Name, Count: amount(a.Count), Points: sign + points(a.Points), Note: a.Note})
		}
		cur.Units = append(cur.Units, hu)
	}
	for _, r := range sc.Rules {
		v.Rules = append(v.Rules, r)
	}
	return assessTemplate.Execute(w, v)
}

type htmlAssessment struct {
	Title, Period, Generated, Author string
	Incomplete                       string // the inputs incomplete in the month, or ""
	Groups                           []htmlGroup
	Rules                            []analysis.RuleText
}

type htmlGroup struct {
	Name  string
	Units []htmlUnit
}

type htmlUnit struct {
	ID, Name, Rank, Grade           string
	Scored                          bool
	Total, Bonus, Deductions, Final string
	Change, ChangeClass             string
	Bar                             string // the final as a CSS width
	KPIs                            []htmlKPI
	Adjustments                     []htmlAdjustment
}

type htmlKPI struct {
	Name, Actual, Target, Attainment, Score, Weight, Weighted, Note string
}

type htmlAdjustment struct {
	Name, Count, Points, Note string
}

// points formats a score with one decimal, as the workbook does; NaN is "".
func points(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return fmt.Sprintf("%.1f", x)
}

// percent formats a fraction as a percentage; NaN is "".
func percent(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return fmt.Sprintf("%.1f%%", 100*x)
}

// amount formats a metric value with thousands separators and up to two
// decimals; NaN is "".
func amount(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	s := fmt.Sprintf("%.2f", math.Abs(x))
	intPart, frac := s[:len(s)-3], s[len(s)-3:]
	if frac == ".00" {
		frac = ""
	}
	var out []byte
	for i := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, intPart[i])
	}
	sign := ""
	if x < 0 && (string(out)+frac) != "0" {
		sign = "−"
	}
	return sign + string(out) + frac
}

// rowAmount formats x as the workbook shows it, in the number format of
// its row of values (amountFormat of row): whole numbers and amounts of 100 or
// more without decimals ("31,857,308", a count "10,520"), fractions as
// percentages, other small numbers with one or two decimals; NaN is "".
func rowAmount(x float64, row ...float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	switch amountFormat(row...) {
	case "#,##0":
		return amount(math.Round(x))
	case "0.0%":
		return percent(x)
	}
	return amount(math.Round(x*100) / 100)
}

// barWidth is a final on a 0–120 scale as a CSS percentage width.
func barWidth(final float64) string {
	if math.IsNaN(final) || final <= 0 {
		return "0%"
	}
	return fmt.Sprintf("%.1f%%", math.Min(final, 120)/120*100)
}

var assessTemplate = template.Must(template.New("assessment").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="coo">
<meta name="color-scheme" content="light dark">
<title>{{.Title}}</title>
<style>
:root { --ink: #1d2433; --muted: #5b6475; --line: #d9dee7; --head: #1f3864; --up: #0a7a3e; --down: #b42318; --bar: #2f5597;
  --page: #f5f7fa; --paper: #fff; --track: #e8ecf3; }
@media (prefers-color-scheme: dark) {
  :root { --ink: #dfe5ee; --muted: #9ba7b9; --line: #2f3a49; --head: #9dbdf0; --up: #5cc98f; --down: #f58a7e; --bar: #6f9be0;
    --page: #0d1117; --paper: #141a23; --track: #263142; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, "PingFang SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: var(--page); }
main { max-width: 1100px; margin: 0 auto; padding: 24px 20px 40px; }
header h1 { font-size: 1.6em; margin: 0 0 4px; color: var(--head); }
header p { margin: 0 0 4px; color: var(--muted); font-size: .92em; }
h2 { font-size: 1.2em; margin: 28px 0 10px; color: var(--head); }
h3 { font-size: 1.05em; margin: 0 0 8px; }
.card { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin: 0 0 14px; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: right; vertical-align: top; }
th { font-size: .8em; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); font-weight: 600; white-space: nowrap; }
th:first-child, td:first-child, td.name, th.name { text-align: left; }
td.name a { color: inherit; text-decoration: none; border-bottom: 1px dotted var(--muted); }
td.final { font-weight: 700; }
td.bar { width: 22%; min-width: 80px; }
.track { background: var(--track); border-radius: 3px; height: 10px; margin-top: 5px; }
.fill { background: var(--bar); border-radius: 3px; height: 10px; }
.grade { display: inline-block; min-width: 1.8em; text-align: center; font-weight: 700; border-radius: 4px; background: var(--track); padding: 0 4px; }
.up { color: var(--up); } .down { color: var(--down); }
header p.warn { color: var(--down); font-weight: 600; }
.muted, td.note { color: var(--muted); }
td.note { text-align: left; font-size: .85em; max-width: 340px; }
.facts { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 0 0 8px; color: var(--muted); font-size: .92em; }
.facts b { color: var(--ink); }
ol.rules { padding-left: 1.2em; } ol.rules li { margin: 2px 0; }
.rules .sec { font-weight: 600; }
footer { margin-top: 28px; color: var(--muted); font-size: .85em; }
@media (max-width: 600px) {
  body { font-size: 14px; }
  main { padding: 14px 10px 28px; }
  th, td { padding: 5px 4px; }
  section table { font-size: .82em; }
  section td:not(.name) { white-space: nowrap; }
  td.bar, th.bar, .hide-narrow { display: none; }
  .card { padding: 10px; }
}
@media print {
  :root { --ink: #1d2433; --muted: #5b6475; --line: #d9dee7; --head: #1f3864; --up: #0a7a3e; --down: #b42318; --bar: #2f5597;
    --page: #fff; --paper: #fff; --track: #e8ecf3; }
  body { background: #fff; font-size: 10pt; }
  main { max-width: none; padding: 0; }
  .card { border: none; padding: 0; page-break-inside: avoid; }
  .scroll { overflow: visible; }
  a { color: inherit; text-decoration: none; }
  @page { size: A4; margin: 14mm; }
}
</style>
</head>
<body>
<main>
<header>
<h1>{{.Title}}</h1>
<p>Points: 100 = target met. Final = total + bonus − deductions; ranks are within each group; change is against last month's final.</p>
{{if .Generated}}<p>Generated {{.Generated}} by {{.Author}}.</p>{{end}}
{{if .Incomplete}}<p class="warn">Scored on incomplete data: {{.Incomplete}}.</p>{{end}}
</header>
{{range .Groups}}
<h2>{{.Name}}</h2>
<div class="card scroll">
<table>
<thead><tr><th>Rank</th><th class="name">Unit</th><th class="hide-narrow">Total</th><th class="hide-narrow">Bonus</th><th class="hide-narrow">Deductions</th><th>Final</th><th>Grade</th><th>Change</th><th class="bar"></th></tr></thead>
<tbody>
{{range .Units}}<tr>
<td>{{.Rank}}</td><td class="name"><a href="#{{.ID}}">{{.Name}}</a></td>
<td class="hide-narrow">{{.Total}}</td><td class="hide-narrow">{{.Bonus}}</td><td class="hide-narrow">{{.Deductions}}</td>
<td class="final">{{if .Scored}}{{.Final}}{{else}}<span class="muted">not scored</span>{{end}}</td>
<td>{{if .Grade}}<span class="grade">{{.Grade}}</span>{{end}}</td>
<td class="{{.ChangeClass}}">{{.Change}}</td>
<td class="bar"><div class="track"><div class="fill" style="width: {{.Bar}}"></div></div></td>
</tr>
{{end}}</tbody>
</table>
</div>
{{end}}
<h2>Units</h2>
{{range .Groups}}{{range .Units}}
<section class="card" id="{{.ID}}">
<h3>{{.Name}}</h3>
<div class="facts">
{{if .Scored}}<span>Final <b>{{.Final}}</b></span><span>Grade <b>{{.Grade}}</b></span><span>Rank <b>{{.Rank}}</b></span><span>Total {{.Total}}</span><span>Bonus {{.Bonus}}</span><span>Deductions {{.Deductions}}</span>{{if .Change}}<span>Change <b class="{{.ChangeClass}}">{{.Change}}</b></span>{{end}}{{else}}<span>Not scored: no KPI could be measured.</span>{{end}}
</div>
<div class="scroll">
<table>
<thead><tr><th class="name">KPI</th><th>Actual</th><th>Target</th><th class="hide-narrow">Attainment</th><th>Score</th><th class="hide-narrow">Weight</th><th>Weighted</th><th class="name hide-narrow">Note</th></tr></thead>
<tbody>
{{range .KPIs}}<tr><td class="name">{{.Name}}</td><td>{{.Actual}}</td><td>{{.Target}}</td><td class="hide-narrow">{{.Attainment}}</td><td>{{.Score}}</td><td class="hide-narrow">{{.Weight}}</td><td>{{.Weighted}}</td><td class="note hide-narrow">{{.Note}}</td></tr>
{{end}}{{range .Adjustments}}<tr><td class="name">{{.Name}} <span class="muted">({{.Count}})</span></td><td></td><td></td><td class="hide-narrow"></td><td></td><td class="hide-narrow"></td><td>{{.Points}}</td><td class="note hide-narrow">{{.Note}}</td></tr>
{{end}}</tbody>
</table>
</div>
</section>
{{end}}{{end}}
<h2>Rules</h2>
<div class="card">
<ol class="rules">
{{range .Rules}}<li>{{if .Section}}<span class="sec">{{.Section}}{{if .Item}} · {{.Item}}{{end}}:</span> {{end}}{{.Text}}</li>
{{end}}</ol>
</div>
<footer>Assessment {{.Period}}. The workbook beside this page has the formulas behind every figure.</footer>
</main>
</body>
</html>
`))
