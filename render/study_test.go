package render

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"coo"
	"coo/analysis"
	"coo/internal/numfmt"
	"coo/render/font"
)

// b2s prints a baseline forecast as the table does.
func b2s(v float64) string { return numfmt.Number(v, "units", "en") }

// studyStore serves a made-up target and driver: units follow last month's
// spend with elasticity 0.3, with a deterministic wobble; spend has a gap
// in 2023-05, and the sales files of 2024-02 have rejected cells. Revenue
// is 80 CNY a unit sold.
type studyStore map[coo.MetricName]coo.Series

func (s studyStore) Series(_ context.Context, m coo.MetricName, _ string) (coo.Series, error) {
	return s[m], nil
}

func (s studyStore) SourceMonths(_ context.Context, p coo.Period) ([]coo.SourceMonth, error) {
	sm := coo.SourceMonth{Source: "sales", Facts: 4}
	if p == coo.NewPeriod(2024, 2) {
		sm.Rejects = 3
	}
	return []coo.SourceMonth{sm, {Source: "marketing", Facts: 2}}, nil
}

func (s studyStore) Defects(context.Context, []string, coo.Period) ([]coo.Defect, error) {
	var out []coo.Defect
	for _, cell := range []string{"B2", "B3", "B4"} {
		out = append(out, coo.Defect{Kind: coo.Rejected, Source: "sales", File: "sales-2024-02.xlsx", Sheet: "Data", Cell: cell, Months: []coo.Period{coo.NewPeriod(2024, 2)}})
	}
	return out, nil
}

func newStudyStore() studyStore {
	start := coo.NewPeriod(2022, 1)
	x, y := make([]float64, 48), make([]float64, 48)
	for t := range 48 {
		x[t] = 1e5 * (1 + 0.3*math.Sin(float64(t)*1.3)) * (1 + 0.01*float64(t))
	}
	for t := range 48 {
		prev := 1e5
		if t > 0 {
			prev = x[t-1]
		}
		y[t] = math.Exp(5 + 0.3*math.Log(prev) + 0.003*float64(t) + 0.02*math.Sin(float64(t)*2.7))
	}
	rev := make([]float64, 48)
	for t, v := range y {
		rev[t] = 80 * v
	}
	x[16] = math.NaN()
	return studyStore{
		"sales.units":     {Metric: "sales.units", Start: start, Values: y},
		"sales.revenue":   {Metric: "sales.revenue", Start: start, Values: rev},
		"marketing.spend": {Metric: "marketing.spend", Start: start, Values: x},
	}
}

func sampleStudy(t *testing.T, question, title, scenario, lang string) *analysis.StudyReport {
	t.Helper()
	spec := analysis.StudySpec{Title: title, Question: question, H: 4, Design: analysis.Design{
		Target:    analysis.Variable{Metric: "sales.units", Log: true},
		Drivers:   []analysis.Driver{{Variable: analysis.Variable{Metric: "marketing.spend", Log: true}, Lags: []int{0, 1}}},
		Trend:     true,
		Intercept: true,
	}, Scenarios: []analysis.Scenario{{Name: scenario, Paths: []analysis.Path{{Driver: "marketing.spend", From: coo.NewPeriod(2026, 1), Change: 0.1}}}},
		Value: "sales.revenue"}
	metrics := []coo.Metric{{Name: "sales.units", Label: "Units sold", Unit: "units", Source: "sales"},
		{Name: "sales.revenue", Label: "Revenue", Unit: "CNY", Source: "sales"},
		{Name: "marketing.spend", Label: "Marketing spend", Unit: "CNY", Source: "marketing"}}
	r, err := analysis.RunStudy(context.Background(), newStudyStore(), analysis.StudyInput{Spec: spec, Metrics: metrics, Lang: lang})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

const hostileText = `<script>alert("x")</script> & <img src=x onerror=alert(1)>`

func TestStudyReport(t *testing.T) {
	r := sampleStudy(t, "Does spend drive units?", "", "spend +10%", "en")
	files, err := renderStudy(r, StudyOptions{Options: Options{Stem: "study-x"}, Company: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{".html", ".md", ".pdf", "-assets/01-fit.png", "-assets/02-residuals.png", "-assets/03-scenarios.png"} {
		if len(files[name]) == 0 {
			t.Errorf("no %s", name)
		}
	}
	md := string(files[".md"])
	for _, want := range []string{
		"# Study of Units sold", "**Acme · Units sold · 2022-02 to 2025-12 · 45 months**",
		"### Question\n\nDoes spend drive units?", "### Answer\n\nEach extra 1,000 CNY of marketing spend in a month brings about ",
		"that is about ", " CNY of revenue", "**▲ Read this with care**",
		"![Actual and fitted values", "(study-x-assets/01-fit.png)", "| log(marketing.spend\\[t-1\\]) | 0.29",
		"| Durbin–Watson |", "**Variance inflation**", "## Scenarios", "**Units sold: the baseline forecast and the change under “spend +10%”**",
		"| Month | Baseline | Change | 95% interval |\n", "Under “spend +10%”: Marketing spend +",
		"### Sensitivity", "| Marketing spend: one month, effect a month later | -", "| Marketing spend: kept up every month, all lags | -",
		"## Backtest and data", "| **MAE** |",
		"2023-06 | log(marketing.spend\\[t-1\\])", "2023-05 | log(marketing.spend)",
		"| **sales** | sales.units, sales.revenue | ▲ 3 | 2024-02 |", "Rejected cells touch the study's data from: sales",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("study.md lacks %q", want)
		}
	}
	// The scenario table: each month's change is the scenario's forecast
	// less the baseline's, computed here from the two forecasts (exp of
	// the fits: the target is in logs), with thousands separators.
	base, sc := r.Scenarios[0], r.Scenarios[1]
	var total float64
	for i, p := range base.Periods {
		b, d := math.Exp(base.Predictions[i].Fit), math.Exp(sc.Predictions[i].Fit)-math.Exp(base.Predictions[i].Fit)
		total += d
		row := "| " + p.String() + " | " + numfmt.Number(b, "units", "en") + " | **" + numfmt.SignedNumber(d, "units", "en") + "** | "
		if !strings.Contains(md, row) || (i > 0 && !strings.Contains(b2s(b), ",")) {
			t.Errorf("study.md lacks the row %q", row)
		}
	}
	if row := "| **Total** | "; !strings.Contains(md, row) || !strings.Contains(md, "| **"+numfmt.SignedNumber(total, "units", "en")+"** |") {
		t.Errorf("study.md lacks the total %s", numfmt.SignedNumber(total, "units", "en"))
	}
	// The total in money: at 80 CNY a unit.
	if want := "; at " + numfmt.Value(r.Price.Per, "CNY", "en") + " a unit, that is " + numfmt.Signed(80*total, "CNY", "en") + " of revenue."; math.Abs(r.Price.Per-80) > 1e-9 || !strings.Contains(md, want) {
		t.Errorf("study.md lacks %q", want)
	}
	if strings.Contains(md, "| baseline |") || strings.Count(md, "![") != 3 {
		t.Errorf("the scenarios are shown as forecasts, not differences, or not as one chart")
	}
	for _, bad := range []string{"NaN", "Inf", "%!"} {
		if strings.Contains(md, bad) || bytes.Contains(files[".html"], []byte(bad)) {
			t.Errorf("the report holds %q", bad)
		}
	}
	if n := strings.Count(string(files[".html"]), "<figure"); n != 3 {
		t.Errorf("html has %d figures, want 3", n)
	}
}

// TestStudyEscapes puts markup in the study file's title, question and a
// scenario's name: the HTML shows it as text.
func TestStudyEscapes(t *testing.T) {
	r := sampleStudy(t, hostileText, hostileText, hostileText, "en")
	files, err := renderStudy(r, StudyOptions{Formats: []string{"html", "md"}})
	if err != nil {
		t.Fatal(err)
	}
	html := string(files[".html"])
	for _, bad := range []string{"<script>alert", "<img src=x"} {
		if strings.Contains(html, bad) {
			t.Errorf("html holds %q unescaped", bad)
		}
	}
	if !strings.Contains(html, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;") {
		t.Error("html does not show the hostile question as text")
	}
	if md := strings.ReplaceAll(string(files[".md"]), `\<`, ""); strings.Contains(md, "<script") || strings.Contains(md, "<img") {
		t.Error("markdown holds raw markup")
	}
}

// TestStudyDeterministic renders the same study twice, with and without a
// generation time, and wants the same bytes each time.
func TestStudyDeterministic(t *testing.T) {
	r := sampleStudy(t, "q", "t", "s", "en")
	for _, at := range []time.Time{{}, time.Date(2026, 11, 3, 9, 30, 0, 0, time.UTC)} {
		opt := StudyOptions{Options: Options{GeneratedAt: at}}
		a, err := renderStudy(r, opt)
		if err != nil {
			t.Fatal(err)
		}
		b, err := renderStudy(sampleStudy(t, "q", "t", "s", "en"), opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(a) != len(b) {
			t.Fatalf("%d files, then %d", len(a), len(b))
		}
		for name := range a {
			if !bytes.Equal(a[name], b[name]) {
				t.Errorf("GeneratedAt %v: %s differs between two renderings", at, name)
			}
		}
	}
}

func TestStudyChinese(t *testing.T) {
	face, err := font.Load("")
	if err != nil {
		t.Fatal(err)
	}
	r := sampleStudy(t, "营销投入能带来多少销量？", "", "投入 +10%", "zh")
	if !face.CJK {
		if _, err := renderStudy(r, StudyOptions{Lang: "zh", Face: face}); err == nil {
			t.Error("Chinese without a CJK face: want an error")
		}
		t.Skip("no CJK face installed (Debian: fonts-droid-fallback)")
	}
	files, err := renderStudy(r, StudyOptions{Lang: "zh", Face: face, Formats: []string{"md", "pdf"}})
	if err != nil {
		t.Fatal(err)
	}
	md := string(files[".md"])
	for _, want := range []string{"# Units sold 的研究", "### 回答", "Marketing spend某月每多 1,000 元，一个月后Units sold约增加", "| 月份 | 基线 | 变化 | 95% 区间 |\n", "## 情景", "▲ 请谨慎解读"} {
		if !strings.Contains(md, want) {
			t.Errorf("study.md (zh) lacks %q", want)
		}
	}
}

func TestStudyFormats(t *testing.T) {
	r := sampleStudy(t, "q", "", "s", "en")
	if _, err := renderStudy(r, StudyOptions{Formats: []string{"docx"}}); err == nil || !strings.Contains(err.Error(), "docx") {
		t.Errorf("format docx: err %v, want one naming it", err)
	}
	files, err := renderStudy(r, StudyOptions{Formats: []string{"html"}})
	if err != nil || len(files) != 1 || files[".html"] == nil {
		t.Errorf("html only: %d files, err %v", len(files), err)
	}
}
