package numfmt

import (
	"math"
	"slices"
	"testing"
)

// Expected strings are worked by hand from the conventions in doc.go.
func TestValue(t *testing.T) {
	for _, tc := range []struct {
		name     string
		v        float64
		unit     string
		en, zh   string
		enN, zhN string // Number: the same without the unit's name
	}{
		{"revenue", 31_857_000, "CNY", "31.86 M CNY", "3,185.7 万元", "31.86 M", "3,185.7 万"},
		{"revenue year", 342_000_000, "CNY", "342.00 M CNY", "3.42 亿元", "342.00 M", "3.42 亿"},
		{"billions", 1_234_000_000, "CNY", "1.23 B CNY", "12.34 亿元", "1.23 B", "12.34 亿"},
		{"rounds up a scale", 999_999.9, "CNY", "1.00 M CNY", "100.0 万元", "1.00 M", "100.0 万"},
		{"thousands", 135_100, "CNY", "135.1 K CNY", "13.5 万元", "135.1 K", "13.5 万"},
		{"below the scales, whole from 10,000", 71_355.7, "CNY", "71,356 CNY", "71,356 元", "71,356", "71,356"},
		{"cost per lead", 224.1, "CNY", "224.1 CNY", "224.1 元", "224.1", "224.1"},
		{"small money", 12.5, "CNY", "12.50 CNY", "12.50 元", "12.50", "12.50"},
		{"count forecast", 59_881.8, "count", "59,882", "59,882 个", "59,882", "59,882"},
		{"count year", 135_120.4, "units", "135,120 units", "135,120 件", "135,120", "135,120"},
		{"leavers", 57.57, "people", "58 people", "58 人", "58", "58"},
		{"one leaver", 1.2, "people", "1 person", "1 人", "1", "1"},
		{"one task", 1, "tasks", "1 task", "1 项", "1", "1"},
		{"one item", -1, "count", "-1", "-1 个", "-1", "-1"},
		{"one hour and a bit", 1.04, "hours", "1.04 hours", "1.04 小时", "1.04", "1.04"},
		{"many people", 12_345_678, "people", "12.35 M people", "12,345,678 人", "12.35 M", "12,345,678"},
		{"count in 亿", 123_456_789, "units", "123.46 M units", "1.23 亿件", "123.46 M", "1.23 亿"},
		{"unknown unit", 1220, "bags", "1,220 bags", "1,220 bags", "1,220", "1,220"},
		{"hours", 13_820.2, "hours", "13,820 hours", "13,820 小时", "13,820", "13,820"},
		{"no unit", 0.19, "", "0.19", "0.19", "0.19", "0.19"},
		{"negative", -27_814.8, "CNY", "-27,815 CNY", "-27,815 元", "-27,815", "-27,815"},
		{"negative zero", -0.001, "", "0.00", "0.00", "0.00", "0.00"},
		{"NaN", math.NaN(), "CNY", "n/a", "n/a", "n/a", "n/a"},
		{"Inf", math.Inf(1), "count", "n/a", "n/a", "n/a", "n/a"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, c := range []struct{ got, want, call string }{
				{Value(tc.v, tc.unit, "en"), tc.en, "Value en"},
				{Value(tc.v, tc.unit, "zh"), tc.zh, "Value zh"},
				{Number(tc.v, tc.unit, "en"), tc.enN, "Number en"},
				{Number(tc.v, tc.unit, "zh"), tc.zhN, "Number zh"},
			} {
				if c.got != c.want {
					t.Errorf("%s(%v, %q) = %q, want %q", c.call, tc.v, tc.unit, c.got, c.want)
				}
			}
		})
	}
}

func TestSigned(t *testing.T) {
	for _, tc := range []struct {
		v              float64
		unit, lang     string
		signed, number string
	}{
		{3_788_000, "CNY", "en", "+3.79 M CNY", "+3.79 M"},
		{3_788_000, "CNY", "zh", "+378.8 万元", "+378.8 万"},
		{-27_814.8, "CNY", "zh", "-27,815 元", "-27,815"},
		{-53, "count", "en", "-53", "-53"},
		{0.4, "count", "en", "0", "0"}, // rounds to no change: no sign
		{0, "CNY", "en", "0 CNY", "0"},
		{math.NaN(), "CNY", "en", "n/a", "n/a"},
	} {
		if got := Signed(tc.v, tc.unit, tc.lang); got != tc.signed {
			t.Errorf("Signed(%v, %q, %q) = %q, want %q", tc.v, tc.unit, tc.lang, got, tc.signed)
		}
		if got := SignedNumber(tc.v, tc.unit, tc.lang); got != tc.number {
			t.Errorf("SignedNumber(%v, %q, %q) = %q, want %q", tc.v, tc.unit, tc.lang, got, tc.number)
		}
	}
}

// TestColumn: one scale for a column, the largest figure's; worked by hand
// from the demo's operating cost bridge (payroll +973,000.4, marketing
// +71,355.7, IT -27,814.8, travel -16,706.8, rent +12,094.3).
func TestColumn(t *testing.T) {
	deltas := []float64{973_000.4, 71_355.7, -27_814.8, -16_706.8, 12_094.3, math.NaN()}
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"+973.0 K", "+71.4 K", "-27.8 K", "-16.7 K", "+12.1 K", "n/a"}},
		{"zh", []string{"+97.3 万", "+7.1 万", "-2.8 万", "-1.7 万", "+1.2 万", "n/a"}},
	} {
		if got := Column(deltas, "CNY", tc.lang, true); !slices.Equal(got, tc.want) {
			t.Errorf("Column(%s) = %q, want %q", tc.lang, got, tc.want)
		}
	}
	// Below the scales each figure is plain; counts stay whole; unsigned.
	if got, want := Column([]float64{52.4, 7.25}, "CNY", "en", false), []string{"52.40", "7.25"}; !slices.Equal(got, want) {
		t.Errorf("small amounts: %q, want %q", got, want)
	}
	if got, want := Column([]float64{12_684.4, 310.6}, "units", "en", false), []string{"12,684", "311"}; !slices.Equal(got, want) {
		t.Errorf("counts: %q, want %q", got, want)
	}
	if got, want := Column([]float64{31_857_000, 880_000}, "CNY", "en", false), []string{"31.86 M", "0.88 M"}; !slices.Equal(got, want) {
		t.Errorf("millions: %q, want %q", got, want)
	}
}

func TestPercentPoints(t *testing.T) {
	for _, tc := range []struct {
		f      float64
		signed bool
		want   string
	}{
		{0.041, false, "4.1%"}, {0.041, true, "+4.1%"}, {-0.029, true, "-2.9%"},
		{0.0004, true, "0.0%"}, {-0.0004, true, "0.0%"}, {1.135, false, "113.5%"}, {math.NaN(), true, "n/a"},
	} {
		if got := Percent(tc.f, tc.signed); got != tc.want {
			t.Errorf("Percent(%v, %v) = %q, want %q", tc.f, tc.signed, got, tc.want)
		}
	}
	for _, tc := range []struct {
		d      float64
		en, zh string
	}{
		{0.016 - 0.014, "+0.2 pp", "+0.2 个百分点"},
		{-0.055, "-5.5 pp", "-5.5 个百分点"},
		{0.0001, "0.0 pp", "0.0 个百分点"},
		{math.Inf(-1), "n/a", "n/a"},
	} {
		if got := Points(tc.d, "en"); got != tc.en {
			t.Errorf("Points(%v, en) = %q, want %q", tc.d, got, tc.en)
		}
		if got := Points(tc.d, "zh"); got != tc.zh {
			t.Errorf("Points(%v, zh) = %q, want %q", tc.d, got, tc.zh)
		}
	}
}

func TestUnitNames(t *testing.T) {
	for _, tc := range []struct {
		num, den, en, zh string
	}{
		{"CNY", "count", "CNY per item", "元/个"},
		{"CNY", "people", "CNY per person", "元/人"},
		{"hours", "people", "hours per person", "小时/人"},
		{"count", "count", "per item", "个/个"},
		{"ratio", "", "", ""},
		{"", "", "", ""},
	} {
		if got := Per(tc.num, tc.den, "en"); got != tc.en {
			t.Errorf("Per(%q, %q, en) = %q, want %q", tc.num, tc.den, got, tc.en)
		}
		if got := Per(tc.num, tc.den, "zh"); got != tc.zh {
			t.Errorf("Per(%q, %q, zh) = %q, want %q", tc.num, tc.den, got, tc.zh)
		}
	}
	for u, n := range unitNames {
		if u != "ratio" && u != "percent" && u != "count" && (n[0] == "" || n[1] == "") {
			t.Errorf("unit %q lacks a name: %q", u, n)
		}
	}
	for u := range counts {
		if _, ok := unitNames[u]; !ok {
			t.Errorf("count unit %q has no display name", u)
		}
	}
}

func TestAxis(t *testing.T) {
	for _, tc := range []struct {
		name       string
		vs         []float64
		step       float64
		unit, lang string
		percent    bool
		want       []string
	}{
		{"millions en", []float64{0, 2e7, 4e7}, 2e7, "CNY", "en", false, []string{"0", "20 M", "40 M"}},
		{"millions zh", []float64{0, 2e7, 4e7}, 2e7, "CNY", "zh", false, []string{"0", "2,000 万", "4,000 万"}},
		{"亿", []float64{1e8, 1.5e8, 2e8}, 5e7, "CNY", "zh", false, []string{"1.0 亿", "1.5 亿", "2.0 亿"}},
		{"thousands en", []float64{0, 5e4, 1e5, 1.5e5}, 5e4, "CNY", "en", false, []string{"0", "50 K", "100 K", "150 K"}},
		{"below the scales", []float64{0, 25_000, 50_000}, 25_000, "CNY", "en", false, []string{"0", "25,000", "50,000"}},
		{"counts", []float64{0, 50_000, 100_000, 150_000}, 50_000, "units", "en", false, []string{"0", "50,000", "100,000", "150,000"}},
		{"counts zh", []float64{0, 50_000, 100_000, 150_000}, 50_000, "units", "zh", false, []string{"0", "50,000", "100,000", "150,000"}},
		{"percent", []float64{0, 0.125, 0.25}, 0.125, "", "en", true, []string{"0%", "12.5%", "25.0%"}},
		{"negative", []float64{-2e6, 0, 2e6}, 2e6, "CNY", "en", false, []string{"-2 M", "0", "2 M"}},
		{"fractions", []float64{0, 0.1, 0.2}, 0.1, "", "en", false, []string{"0", "0.1", "0.2"}},
	} {
		if got := Axis(tc.vs, tc.step, tc.unit, tc.lang, tc.percent); !slices.Equal(got, tc.want) {
			t.Errorf("%s: Axis(%v, %v, %q, %q, %v) = %q, want %q", tc.name, tc.vs, tc.step, tc.unit, tc.lang, tc.percent, got, tc.want)
		}
	}
}

func TestShort(t *testing.T) {
	for _, tc := range []struct {
		v               float64
		unit, lang      string
		percent, signed bool
		want            string
	}{
		{1_240_000, "CNY", "en", false, false, "1.24 M"},
		{1_240_000, "CNY", "zh", false, false, "124 万"},
		{850, "CNY", "en", false, false, "850"},
		{71_355.7, "CNY", "en", false, true, "+71,356"},
		{-27_814.8, "CNY", "zh", false, true, "-27,815"},
		{59_881.8, "count", "en", false, false, "59,882"},
		{1525, "units", "zh", false, true, "+1,525"},
		{-0.125, "", "en", true, false, "-12.5%"},
		{0.0001, "", "en", false, true, "0"},
		{0.19, "", "en", false, false, "0.19"},
	} {
		if got := Short(tc.v, tc.unit, tc.lang, tc.percent, tc.signed); got != tc.want {
			t.Errorf("Short(%v, %q, %q, %v, %v) = %q, want %q", tc.v, tc.unit, tc.lang, tc.percent, tc.signed, got, tc.want)
		}
	}
}
