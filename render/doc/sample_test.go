package doc

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"coo/render/font"
)

// samplePNG draws a small bar chart by hand: the figure a test can afford.
func samplePNG(t testing.TB) []byte {
	t.Helper()
	const w, h = 720, 360
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{255, 255, 255, 255})
		}
	}
	bars := []int{120, 180, 150, 220, 260, 240, 300, 280, 310, 290, 330, 350}
	for i, v := range bars {
		x0 := 40 + i*56
		c := color.NRGBA{47, 85, 151, 255}
		if i >= 9 {
			c = color.NRGBA{47, 85, 151, 120}
		}
		for y := h - 30 - v*280/360; y < h-30; y++ {
			for x := x0; x < x0+40; x++ {
				img.Set(x, y, c)
			}
		}
	}
	for x := 30; x < w-10; x++ {
		img.Set(x, h-30, color.NRGBA{60, 60, 60, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sampleSVG is the same chart as SVG, with an XML prolog and no viewBox,
// as a careless tool would write it.
func sampleSVG() []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg width="540pt" height="270pt" xmlns="http://www.w3.org/2000/svg">
<rect width="540" height="270" fill="#fff"/>
`)
	bars := []int{120, 180, 150, 220, 260, 240, 300, 280, 310, 290, 330, 350}
	for i, v := range bars {
		op := "1"
		if i >= 9 {
			op = "0.45"
		}
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="30" height="%d" fill="#2f5597" fill-opacity="%s"/>`+"\n",
			30+i*42, 247-v*210/360, v*210/360, op)
	}
	b.WriteString(`<line x1="22" y1="247" x2="530" y2="247" stroke="#333"/>
<text x="30" y="264" font-size="11" font-family="sans-serif">Nov … Oct</text>
</svg>
`)
	return b.Bytes()
}

// sampleDocument has every block, Chinese and English text, hostile text
// and a table long enough to span pages.
func sampleDocument(t testing.TB) *Document {
	t.Helper()
	rows := make([][]Cell, 90)
	for i := range rows {
		lv := Neutral
		switch i % 7 {
		case 2:
			lv = Good
		case 4:
			lv = Warning
		case 6:
			lv = Bad
		}
		name := fmt.Sprintf("Store %02d", i+1)
		if i%3 == 0 {
			name = fmt.Sprintf("华东区第%d门店（旗舰店）", i+1)
		}
		if i == 5 {
			name = "A store with a very long name that has to wrap onto a second line in the PDF table"
		}
		rows[i] = []Cell{
			{Text: name},
			{Text: fmt.Sprintf("%d,%03d.%d", 10+i, (i*37)%1000, i%10)},
			{Text: fmt.Sprintf("%d,%03d.0", 11+i, (i*53)%1000)},
			{Text: fmt.Sprintf("%+.1f%%", float64(i%13)-6.5), Level: lv},
		}
	}
	rows[len(rows)-1] = []Cell{{Text: "Total 合计", Bold: true}, {Text: "1,234,567.8", Bold: true}, {Text: "1,250,000.0", Bold: true}, {Text: "-1.2%", Bold: true, Level: Warning}}
	return &Document{
		Lang:     "zh",
		Title:    "经营月报 Monthly operating report — 2026-10",
		Subtitle: "Demo Trading Co. 演示贸易有限公司 · October 2026",
		Date:     time.Date(2026, 11, 3, 8, 0, 0, 0, time.UTC),
		Footer:   "Demo Trading Co. · 机密 Confidential",
		Blocks: []Block{
			Heading{Level: 1, Text: "摘要 Summary", ID: "summary"},
			Cards{Items: []Card{
				{Label: "营业收入 Revenue", Value: "12.4 M", Lines: []string{"+4.1% on September", "96% of budget"}, Level: Good},
				{Label: "毛利率 Gross margin", Value: "31.8%", Lines: []string{"-0.6 pt on September"}, Level: Warning},
				{Label: "Operating cost", Value: "8.1 M", Lines: []string{"+9.8% over budget"}, Level: Bad},
				{Label: "Headcount", Value: "412", Lines: []string{"unchanged"}},
				{Label: "现金 Cash", Value: "5.6 M", Lines: []string{"45 days of cost"}},
			}},
			Paragraph{Text: "本月营业收入为12.4百万元，比上月增长4.1%，完成预算的96%。华东区表现最好，华南区受台风影响，收入低于计划。毛利率略有下降，主要原因是促销活动增加。Revenue was 12.4 M, up 4.1% on September and 96% of budget; East China led, South China fell short of plan after the typhoon."},
			Paragraph{Text: "Hostile text from a workbook: <script>alert('x')</script> & **bold** _under_ [link](http://x) | pipe # hash"},
			List{Items: []string{
				"Revenue 12.4 M, +4.1% on last month, 96% of budget.",
				"营业成本增加9.8%，超出预算；需要检查物流费用。",
				"A longer item that goes on for a while so that it has to wrap onto a second line in the PDF and on narrow screens, to check the hanging indent.",
			}},
			Notice{Level: Warning, Title: "数据缺失 Missing data", Lines: []string{"华南区 2026-10 的销售表未提交。", "South China's October sales workbook was not received; its figures are September's, carried forward."}},
			Notice{Level: Bad, Title: "Failed check", Lines: []string{"Cost centre 4410 books 1.2 M with no department."}},
			Notice{Level: Good, Title: "All budgets loaded", Lines: []string{"12 of 12 departments."}},
			Notice{Title: "How to read this report", Lines: []string{"Amounts in CNY millions; percentages are on the previous month unless stated."}},
			Heading{Level: 1, Text: "门店 Stores"},
			Heading{Level: 2, Text: "Revenue by store 各门店收入"},
			Table{
				Caption: "Table 1. Revenue by store, October 2026 (CNY thousand)",
				Head:    []string{"门店 Store", "Actual 实际", "Budget 预算", "Change 变化"},
				Align:   []Align{Left, Right, Right, Right},
				Rows:    rows,
				Notes:   []string{"Change is on September. 变化为环比。", "Stores opened after 2026-06 have no budget."},
			},
			Heading{Level: 2, Text: "Trend 趋势"},
			Figure{Name: "revenue-trend", Caption: "营业收入 Revenue, last 12 months (faded: forecast)", SVG: sampleSVG(), PNG: samplePNG(t), Width: 468, Height: 234},
			Heading{Level: 3, Text: "Method 方法"},
			Paragraph{Text: "Forecasts use exponential smoothing (ETS) chosen by AICc; the bands are 80% and 95% prediction intervals."},
			PageBreak{},
			Heading{Level: 2, Text: "Appendix 附录"},
			Table{
				Head:   []string{"Code", "Rule", "Weight"},
				Align:  []Align{Left, Left, Right},
				Widths: []float64{1, 4, 1},
				Rows: [][]Cell{
					{{Text: "R1"}, {Text: "Revenue against budget; 100 points at budget, capped at 120."}, {Text: "40%"}},
					{{Text: "R2"}, {Text: "毛利率与预算之差，每个百分点扣2分。"}, {Text: "30%"}},
					{{Text: "R3|x"}, {Text: "Cost *within* budget"}, {Text: "30%", Level: Good}},
				},
			},
		},
	}
}

var (
	cjkOnce sync.Once
	cjkFace font.Face
)

// cjkFont returns LXGW WenKai or skips the test when it is not installed.
func cjkFont(t testing.TB) font.Face {
	t.Helper()
	cjkOnce.Do(func() {
		f, err := font.Load("")
		if err == nil {
			cjkFace = f
		}
	})
	if !cjkFace.CJK {
		t.Skip("no CJK font installed (Debian: fonts-droid-fallback)")
	}
	return cjkFace
}

// TestWriteSamples writes the sample document in every format to the
// directory in $DOCLOOK, for people to look at.
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("DOCLOOK")
	if dir == "" {
		t.Skip("set DOCLOOK=dir to write the sample outputs")
	}
	d := sampleDocument(t)
	var h, m, p bytes.Buffer
	if err := HTML(&h, d); err != nil {
		t.Fatal(err)
	}
	files, err := Markdown(&m, d, "assets")
	if err != nil {
		t.Fatal(err)
	}
	if err := PDF(&p, d, cjkFont(t)); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "assets"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "sample.html"), h.Bytes(), 0o644))
	must(os.WriteFile(filepath.Join(dir, "sample.md"), m.Bytes(), 0o644))
	must(os.WriteFile(filepath.Join(dir, "sample.pdf"), p.Bytes(), 0o644))
	for name, b := range files {
		must(os.WriteFile(filepath.Join(dir, "assets", name), b, 0o644))
	}
}
