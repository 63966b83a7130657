package chart

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"coo/render/font"
)

var (
	rendererOnce sync.Once
	testRenderer *Renderer
	rendererErr  error
)

// renderer returns a Renderer with the default face (LXGW WenKai when
// installed), shared by the tests.
func renderer(t testing.TB) *Renderer {
	t.Helper()
	rendererOnce.Do(func() {
		face, err := font.Load("")
		if err != nil {
			rendererErr = err
			return
		}
		testRenderer, rendererErr = NewRenderer(face)
	})
	if rendererErr != nil {
		t.Fatal(rendererErr)
	}
	return testRenderer
}

// look writes pic to $CHARTLOOK/name.{png,svg} when CHARTLOOK is set, for a
// person to look at.
func look(t testing.TB, name string, pic Picture) {
	dir := os.Getenv("CHARTLOOK")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for ext, b := range map[string][]byte{".png": pic.PNG, ".svg": pic.SVG} {
		if err := os.WriteFile(filepath.Join(dir, name+ext), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// months returns n labels from YYYY-MM on.
func months(y, m, n int) []string {
	out := make([]string, n)
	for i := range out {
		k := y*12 + m - 1 + i
		out[i] = fmt.Sprintf("%04d-%02d", k/12, k%12+1)
	}
	return out
}

// sampleFan is three years of monthly revenue and a year of forecast.
func sampleFan() Fan {
	const hist, h = 36, 12
	f := Fan{
		Title:  "营业收入 Revenue",
		YLabel: "RMB",
		Labels: months(2023, 11, hist+h),
		Start:  hist,
	}
	level := func(i int) float64 {
		return 1.1e6 + 6e3*float64(i) + 1.2e5*math.Sin(2*math.Pi*float64(i)/12)
	}
	for i := range hist {
		f.Actual = append(f.Actual, level(i)+3e4*math.Cos(float64(i)*1.7))
	}
	f.Actual[20] = math.NaN()
	for j := range h {
		m := level(hist + j)
		w := 4e4 * math.Sqrt(float64(j+1))
		f.Mean = append(f.Mean, m)
		f.Lo80, f.Hi80 = append(f.Lo80, m-1.28*w), append(f.Hi80, m+1.28*w)
		f.Lo95, f.Hi95 = append(f.Lo95, m-1.96*w), append(f.Hi95, m+1.96*w)
	}
	f.Budget = make([]float64, hist+h)
	for i := range f.Budget {
		f.Budget[i] = math.NaN()
		if i >= 24 {
			f.Budget[i] = 1.3e6 + 1e4*float64(i-24)
		}
	}
	return f
}

func TestLookFan(t *testing.T) {
	r := renderer(t)
	pic, err := r.Fan(sampleFan())
	if err != nil {
		t.Fatal(err)
	}
	look(t, "fan", pic)
	t.Logf("fan: svg %d bytes, png %d bytes", len(pic.SVG), len(pic.PNG))
}

func sampleBars() Bars {
	return Bars{
		Title:      "预算与实际 Budget vs actual by region",
		YLabel:     "RMB",
		Categories: []string{"华东 East", "华北 North", "华南 South", "西部 West", "海外 Overseas"},
		Series: []BarSeries{
			{Name: "Budget", Values: []float64{4.2e6, 3.1e6, 2.8e6, 1.2e6, 9e5}},
			{Name: "Actual", Values: []float64{4.5e6, 2.9e6, 3.0e6, math.NaN(), 7.5e5}},
		},
	}
}

func sampleYoY() Bars {
	cats := []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	var ly, ty []float64
	for i := range cats {
		ly = append(ly, 0.08+0.02*math.Sin(float64(i)))
		v := 0.1 + 0.03*math.Cos(float64(i))
		if i >= 10 {
			v = math.NaN()
		}
		ty = append(ty, v)
	}
	ly[3] = -0.015
	return Bars{Title: "Margin, this year vs last year", Percent: true, Categories: cats,
		Series: []BarSeries{{Name: "FY2025", Values: ly}, {Name: "FY2026", Values: ty}}}
}

func sampleRanking() Bars {
	names := []string{"Sales 销售部", "Operations", "Finance 财务", "R&D", "Customer service", "Logistics", "Marketing", "HR 人力资源", "IT", "Legal"}
	vs := []float64{92.5, 88.1, 84, 79.6, 75.2, 71, 66.3, 60.2, 52.9, -4}
	for i := range vs {
		vs[i] /= 100
	}
	return Bars{Title: "Department scoreboard", YLabel: "Score", Percent: true, Categories: names,
		Series: []BarSeries{{Name: "Score", Values: vs}}, Horizontal: true}
}

func TestLookBars(t *testing.T) {
	r := renderer(t)
	for name, c := range map[string]Bars{"bars": sampleBars(), "yoy": sampleYoY(), "ranking": sampleRanking()} {
		pic, err := r.Bars(c)
		if err != nil {
			t.Fatal(err)
		}
		look(t, name, pic)
		t.Logf("%s: svg %d bytes, png %d bytes", name, len(pic.SVG), len(pic.PNG))
	}
}

func sampleBridge() Bridge {
	return Bridge{
		Title: "利润桥 Operating profit, budget to actual", YLabel: "RMB",
		StartLabel: "Budget", Start: 2.4e6, EndLabel: "Actual",
		Steps: []Step{{"Volume", 3.2e5}, {"Price", 1.1e5}, {"Mix", -4.5e4}, {"Cost of sales", -2.6e5}, {"Opex 费用", -1.2e5}, {"FX", 0}, {"Other", 3e4}},
	}
}

func sampleMultiples() Multiples {
	names := []string{"Sales 销售部", "Operations", "Finance 财务", "R&D", "Logistics", "Marketing", "HR", "IT"}
	m := Multiples{Title: "部门收入 Revenue by department"}
	for k, name := range names {
		f := sampleFan()
		scale := float64(k+1) / 4
		pn := Panel{Title: name, Labels: f.Labels, Start: f.Start}
		for _, v := range f.Actual {
			pn.Actual = append(pn.Actual, v*scale)
		}
		for j := range f.Mean {
			pn.Mean = append(pn.Mean, f.Mean[j]*scale)
			pn.Lo95 = append(pn.Lo95, f.Lo95[j]*scale)
			pn.Hi95 = append(pn.Hi95, f.Hi95[j]*scale)
		}
		if k == 6 {
			pn.Actual, pn.Mean, pn.Lo95, pn.Hi95 = []float64{math.NaN()}, nil, nil, nil
		}
		m.Panels = append(m.Panels, pn)
	}
	return m
}

func TestLookOther(t *testing.T) {
	r := renderer(t)
	pic, err := r.Bridge(sampleBridge())
	if err != nil {
		t.Fatal(err)
	}
	look(t, "bridge", pic)
	t.Logf("bridge: svg %d bytes, png %d bytes", len(pic.SVG), len(pic.PNG))
	pic, err = r.Multiples(sampleMultiples())
	if err != nil {
		t.Fatal(err)
	}
	look(t, "multiples", pic)
	t.Logf("multiples: svg %d bytes, png %d bytes", len(pic.SVG), len(pic.PNG))
}

// sampleLines is a regression's actual and fitted values over four years,
// with a month left out.
func sampleLines() Lines {
	l := Lines{Title: "Units: actual and fitted", YLabel: "units", Labels: months(2023, 4, 43)}
	var act, fit []float64
	for i := range l.Labels {
		f := 7000 + 60*float64(i) + 900*math.Sin(2*math.Pi*float64(i)/12)
		fit = append(fit, f)
		act = append(act, f+250*math.Cos(float64(i)*2.3))
	}
	act[17], fit[17] = math.NaN(), math.NaN()
	l.Series = []LineSeries{{Name: "Actual", Values: act}, {Name: "Fitted", Values: fit, Dashed: true}}
	return l
}

// sampleResiduals is the relative residuals of sampleLines, as dots on a
// zero line.
func sampleResiduals() Lines {
	l := sampleLines()
	res := make([]float64, len(l.Labels))
	for i := range res {
		res[i] = l.Series[0].Values[i]/l.Series[1].Values[i] - 1
	}
	return Lines{Title: "Residuals", Percent: true, Labels: l.Labels, Zero: true,
		Series: []LineSeries{{Name: "Residual", Values: res, Dots: true}}}
}

func TestLookLines(t *testing.T) {
	r := renderer(t)
	for name, c := range map[string]Lines{"lines": sampleLines(), "residuals": sampleResiduals()} {
		pic, err := r.Lines(c)
		if err != nil {
			t.Fatal(err)
		}
		checkPicture(t, name, pic)
		look(t, name, pic)
		t.Logf("%s: svg %d bytes, png %d bytes", name, len(pic.SVG), len(pic.PNG))
	}
}

// TestWords draws the legend and "No data" in Chinese, and leaves the
// shared Renderer in English.
func TestWords(t *testing.T) {
	r := renderer(t)
	if !r.Face().CJK {
		t.Skip("no CJK face installed: Chinese words would be drawn as boxes") // .ci/run installs fonts-droid-fallback
	}
	zh := r.WithWords(Words{"Actual": "实际", "Forecast": "预测", "80% interval": "80% 区间", "95% interval": "95% 区间", "Budget": "预算", "No data": "无数据"})
	fan := Fan{Labels: []string{"2026-01", "2026-02", "2026-03"}, Actual: []float64{1, 2}, Start: 2,
		Mean: []float64{3}, Lo80: []float64{2.5}, Hi80: []float64{3.5}, Lo95: []float64{2}, Hi95: []float64{4}}
	pic, err := zh.Fan(fan)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"实际", "预测", "80% 区间", "95% 区间"} {
		if !strings.Contains(string(pic.SVG), w) {
			t.Errorf("the Chinese legend lacks %q", w)
		}
	}
	empty, err := zh.Fan(Fan{Labels: []string{"2026-01"}, Actual: []float64{math.NaN()}, Start: 1})
	if err != nil || !strings.Contains(string(empty.SVG), "无数据") {
		t.Errorf("an empty chart in Chinese should say 无数据 (err %v)", err)
	}
	en, err := r.Fan(fan)
	if err != nil || !strings.Contains(string(en.SVG), "Forecast") || strings.Contains(string(en.SVG), "预测") {
		t.Errorf("WithWords changed the original Renderer (err %v)", err)
	}
}

// TestPanelPercent labels one panel's values as percentages and leaves the
// other panel's as they are.
func TestPanelPercent(t *testing.T) {
	pic, err := renderer(t).Multiples(Multiples{Cols: 2, Panels: []Panel{
		{Title: "Completion", Labels: []string{"2026-01", "2026-02", "2026-03"}, Actual: []float64{0.9, 0.95, 1.02}, Percent: true},
		{Title: "Units", Labels: []string{"2026-01", "2026-02", "2026-03"}, Actual: []float64{900, 950, 1020}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	svg := string(pic.SVG)
	if !strings.Contains(svg, "100%") || strings.Contains(svg, "1000%") {
		t.Errorf("the percent panel should tick in percent (100%%) and the other not")
	}
}

// TestBarsFlagged: months of incomplete or suspect input are shaded behind
// their bars and named in the legend, as in a fan (the monthly report's
// year-against-budget bars showed a slipped month unshaded; found from
// outside). CHARTLOOK=dir writes the picture to look at.
func TestBarsFlagged(t *testing.T) {
	r := renderer(t)
	c := sampleBars()
	plain, err := r.Bars(c)
	if err != nil {
		t.Fatal(err)
	}
	c.Flagged, c.FlaggedName = []int{1, len(c.Categories) + 5}, "Shaded: input to check"
	pic, err := r.Bars(c)
	if err != nil {
		t.Fatal(err)
	}
	look(t, "bars-flagged", pic)
	if !strings.Contains(string(pic.SVG), "Shaded: input to check") || strings.Contains(string(plain.SVG), "Shaded") {
		t.Errorf("the flagged chart's legend does not name the shading, or the plain one does")
	}
	if len(pic.SVG) <= len(plain.SVG) {
		t.Errorf("the flagged chart draws nothing more (%d bytes against %d)", len(pic.SVG), len(plain.SVG))
	}
}
