package render

import (
	"context"
	"strings"
	"testing"

	"coo/analysis"
	"coo/internal/l10n"
	"coo/render/doc"
	"coo/render/font"
)

// TestPolarityAgrees: a cost growing on last year slower than revenue is
// neutral, faster bad, falling good, in every table that shows the change: the key
// figures (the month's YoY, the fiscal year's YTD vs LY) and the front
// page's year to date and outlook, so that one figure never wears two
// colours.
func TestPolarityAgrees(t *testing.T) {
	rev := analysis.MonthlyKPI{Label: "Revenue", Unit: "CNY", Spec: analysis.KPISpec{Metric: "sales.revenue", Budget: "budget.revenue"}, Value: 120, YoY: 0.20, YTD: 1000, YTDChange: 0.20,
		Budget: 100, Attainment: 1.2, YTDBudget: 900, YTDAttainment: 1.1, OutlookVsLastYear: 0.2}
	for _, tc := range []struct {
		name   string
		growth float64
		want   doc.Level
	}{
		{"slower than revenue", 0.13, doc.Neutral},
		{"faster than revenue", 0.25, doc.Bad},
		{"falling", -0.30, doc.Good}, // customer complaints down 57% are good news, whatever revenue did
	} {
		cost := analysis.MonthlyKPI{Label: "Operating cost", Unit: "CNY", Spec: analysis.KPISpec{Metric: "ops.cost", Budget: "budget.cost", LowerIsBetter: true},
			Value: 50, YoY: tc.growth, YTD: 400, YTDChange: tc.growth, Budget: 48, Attainment: 50.0 / 48, YTDBudget: 390, YTDAttainment: 400.0 / 390,
			OutlookVsLastYear: tc.growth}
		r := &analysis.MonthlyReport{KPIs: []analysis.MonthlyKPI{rev, cost}}
		r.SetLevels() // as analysis.Monthly does: the one rule render reads
		b := &monthlyBuilder{r: r, opt: MonthlyOptions{Lang: "en"}, t: l10n.Table("report", "en")}
		levels := map[string]doc.Level{}
		for _, bl := range b.kpiTables(r.KPIs) {
			tb, ok := bl.(doc.Table)
			if !ok {
				continue
			}
			for j, h := range tb.Head {
				if h == "YoY" || h == "YTD vs LY" {
					levels[tb.Caption+"/"+h] = tb.Rows[1][j].Level
				}
			}
		}
		b.yearToDate()
		for _, bl := range b.d.Blocks {
			if tb, ok := bl.(doc.Table); ok {
				for j, h := range tb.Head {
					if h == "vs last year" {
						levels["ytd/"+h] = tb.Rows[len(tb.Rows)-1][j].Level
					}
				}
			}
		}
		if len(levels) < 3 {
			t.Fatalf("%s: found %d change columns (%v), want the month's, the year's and the year to date's", tc.name, len(levels), levels)
		}
		for where, got := range levels {
			if got != tc.want {
				t.Errorf("cost growing %s: %s is %v, want %v", tc.name, where, got, tc.want)
			}
		}
	}
}

// TestChineseNotApplicable: in a Chinese document a figure that does not
// apply reads as a dash in tables and cards, not "n/a"; an English one is
// left as it is.
func TestChineseNotApplicable(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		d := &doc.Document{Lang: lang, Blocks: []doc.Block{
			doc.Table{Head: []string{"指标", "预算"}, Rows: [][]doc.Cell{{{Text: "销量"}, {Text: "n/a"}}, {{Text: "收入"}, {Text: "1.2 亿"}}}},
			&doc.Cards{Items: []doc.Card{{Label: "销量", Value: "n/a"}}},
		}}
		d2 := memDest{}
		if err := writeFormats(context.Background(), d2, d, font.Go(), []string{"md"}, "t", nil); err != nil {
			t.Fatal(err)
		}
		md := string(d2["t.md"])
		if got := strings.Contains(md, "n/a"); got != (lang == "en") {
			t.Errorf("%s: \"n/a\" shown = %v:\n%s", lang, got, md)
		}
		if lang == "zh" && (!strings.Contains(md, "| — |") || !strings.Contains(md, "1.2 亿")) {
			t.Errorf("zh: want a dash for n/a and the figures kept:\n%s", md)
		}
	}
}
