package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"coo"
)

// The sales workbook: one a month, laid out for people rather than programs.
// See doc.go ("The sales workbook") for the layout and how it changed over
// the years.

// Rows of the Sales sheet.
const (
	salesHeader1  = 5 // group header row
	salesHeader2  = 6 // measure header row
	salesFirstRow = 7 // first product row; each region takes 3 product rows and a subtotal row
	salesTotalRow = 23
	salesNoteRow  = 25
)

// Planted cells, by file period.
var (
	salesForcedText   = coo.NewPeriod(2025, 3)  // North Home units and East Office revenue as text
	salesComputable   = coo.NewPeriod(2026, 6)  // North Home units: "a+b" without a cached value
	salesReject       = coo.NewPeriod(2026, 7)  // South Office revenue: VLOOKUP without a cached value
	sales1904         = coo.NewPeriod(2024, 11) // the 1904 date system
	salesLayoutChange = 2025                    // fiscal years before this use the old layout
)

func (g *generator) sales() error {
	m := g.m
	lr := newRand(m.p.Seed, streamLayout)
	adjTextDone := false
	for t := range m.n {
		per := m.period(t)
		b := newBook(g.truth, fmt.Sprintf("workbooks/sales/sales-%s.xlsx", per), "Sales", "Wang Lei", reportTime(per), reportTime(per).Add(26*time.Hour))
		if per == sales1904 {
			b.use1904()
			b.note("", "", "workbook uses the 1904 date system")
		}
		adjTextDone = g.salesSheet(b, t, lr, adjTextDone)
		g.budgetSheet(b, t)
		g.repsSheet(b, t)
		g.chartSheet(b, t)
		g.draftSheets(b, t)
		if err := g.add(b); err != nil {
			return err
		}
	}
	return nil
}

// monthText returns the ways a month is written as text.
func monthText(p coo.Period, layout string) string {
	return time.Date(p.Year(), time.Month(p.Month()), 1, 0, 0, 0, 0, time.UTC).Format(layout)
}

// thousands formats v with comma separators and dec decimals: 1234.5 -> "1,234.50".
func thousands(v float64, dec int) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', dec, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var out []byte
	for i := range len(intPart) {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, intPart[i])
	}
	r := string(out)
	if frac != "" {
		r += "." + frac
	}
	if v < 0 {
		r = "-" + r
	}
	return r
}

// percentText writes a rate as Excel users type it: 0.085 -> "8.5%".
func percentText(v float64) string { return strconv.FormatFloat(v*100, 'f', 1, 64) + "%" }

func (g *generator) salesSheet(b *book, t int, lr *rand.Rand, adjTextDone bool) bool {
	m, p := g.m, &g.m.p
	per := m.period(t)
	fy := m.cal.FiscalYear(per)
	const sh = "Sales"
	old := fy < salesLayoutChange
	textNumbers := fy <= 2025 // subtotals are typed values then, so text cells do not break a SUM
	discountText := fy <= 2026
	subtotalFormulas := fy >= 2026
	homeFormulas := fy >= 2027

	bold := b.style("", true)
	stInt, stMoney, stAdj, stPct := b.style(fmtInt, false), b.style(fmtMoney, false), b.style(fmtAdjust, false), b.style(fmtPct, false)
	bInt, bMoney, bAdj := b.style(fmtInt, true), b.style(fmtMoney, true), b.style(fmtAdjust, true)

	b.text(sh, 2, 1, "Lotus Home Appliances Co., Ltd. - Monthly sales report", bold)
	b.text(sh, 2, 2, "Month:", 0)
	switch fy {
	case 2024, 2026:
		layout := "Jan 2006"
		if fy == 2026 {
			layout = "Jan06"
		}
		b.text(sh, 3, 2, monthText(per, layout), 0)
		b.note(sh, "C2", fmt.Sprintf("period as text %q", monthText(per, layout)))
	default:
		b.date(sh, 3, 2, per, b.style(fmtMonth, false))
		b.note(sh, "C2", "period as a real date (first of the month)")
	}
	b.text(sh, 2, 3, "Prepared by: Wang Lei, Sales Operations", 0)
	b.note(sh, "1:3", "title, period and \"Prepared by\" rows above the table")

	// Columns.
	const cRegion, cProduct, cAdj, cDisc = 2, 3, 6, 7
	cUnits, cRev := 4, 5
	if old {
		cUnits, cRev = 5, 4
	}

	// Two-row header.
	b.text(sh, cRegion, salesHeader1, "Region", bold)
	b.merge(sh, cRegion, salesHeader1, cRegion, salesHeader2)
	if old {
		b.text(sh, cProduct, salesHeader1, "product line", bold)
		b.merge(sh, cProduct, salesHeader1, cProduct, salesHeader2)
		b.text(sh, 4, salesHeader1, "Sales figures", bold)
		b.merge(sh, 4, salesHeader1, 6, salesHeader1)
		b.text(sh, cUnits, salesHeader2, "  Units ", bold)
		b.note(sh, "B5:G6", "old header spellings (\"  Units \", \"product line\"); Revenue before Units")
	} else {
		b.text(sh, cProduct, salesHeader1, "Product line", bold)
		b.merge(sh, cProduct, salesHeader1, cProduct, salesHeader2)
		b.text(sh, 4, salesHeader1, "Volume", bold)
		b.text(sh, 5, salesHeader1, "Value (CNY)", bold)
		b.merge(sh, 5, salesHeader1, 6, salesHeader1)
		b.text(sh, cUnits, salesHeader2, "Units", bold)
	}
	b.text(sh, cDisc, salesHeader1, "Pricing", bold)
	b.text(sh, cRev, salesHeader2, "Revenue", bold)
	b.text(sh, cAdj, salesHeader2, "Adjustments", bold)
	b.text(sh, cDisc, salesHeader2, "Discount", bold)
	b.note(sh, "B5:G6", "two-row header: merged group cells above the measure names; table starts in column B")

	var totUnits float64
	var totRev, totAdj int64
	var subRows []int
	for i, region := range p.Regions {
		r0 := salesFirstRow + 4*i
		b.text(sh, cRegion, r0, region, 0)
		b.merge(sh, cRegion, r0, cRegion, r0+2)
		b.note(sh, fmt.Sprintf("B%d:B%d", r0, r0+2), "region merged down its product rows (value in the top cell only)")
		var sUnits float64
		var sRev, sAdj int64
		for k, product := range p.ProductLines {
			row := r0 + k
			d := dims("region", region, "product_line", product)
			u, rev, adj, disc := m.units[t][i][k], m.rev[t][i][k], m.adj[t][i][k], m.disc[t][i][k]
			sUnits += u
			sRev += cents(rev)
			sAdj += cents(adj)
			b.text(sh, cProduct, row, product, 0)

			// Units.
			forced := per == salesForcedText && i == 0 && k == 0
			switch {
			case per == salesComputable && i == 0 && k == 0:
				a := math.Round(u * 0.7)
				f := fmt.Sprintf("%d+%d", int64(a), int64(u-a))
				b.uncached(sh, cUnits, row, f, stInt)
				b.note(sh, ref(cUnits, row), "formula without a cached value that is plain arithmetic (="+f+"): compute it")
			case textNumbers && (forced || lr.Float64() < 0.08):
				b.text(sh, cUnits, row, " "+thousands(u, 0)+" ", 0)
				b.note(sh, ref(cUnits, row), "number stored as text with spaces and a thousands separator")
			default:
				b.num(sh, cUnits, row, u, stInt)
			}
			b.fact(sh, cUnits, row, "sales", "units", per, d, u, "units")

			// Revenue.
			forced = per == salesForcedText && i == 1 && k == 1
			switch {
			case per == salesReject && i == 2 && k == 1 && !g.corrected:
				f := fmt.Sprintf("ROUND(VLOOKUP(%s,Draft!$B$20:$C$22,2,FALSE)*%s*(1-%s),2)", ref(cProduct, row), ref(cUnits, row), ref(cDisc, row))
				b.uncached(sh, cRev, row, f, stMoney)
				b.problem(sh, cRev, row, "formula without cached value", f, "sales", "revenue", per, d, rev)
			case homeFormulas && k == 0:
				f := fmt.Sprintf("ROUND(%s*%s*(1-%s),2)", ref(cUnits, row), strconv.FormatFloat(m.price[t][0][k], 'f', -1, 64), ref(cDisc, row))
				b.formula(sh, cRev, row, f, rev, stMoney)
				b.note(sh, ref(cRev, row), "formula with a cached value")
				b.fact(sh, cRev, row, "sales", "revenue", per, d, rev, "CNY")
			case textNumbers && (forced || lr.Float64() < 0.08):
				b.text(sh, cRev, row, thousands(rev, 2), 0)
				b.note(sh, ref(cRev, row), "number stored as text with a thousands separator")
				b.fact(sh, cRev, row, "sales", "revenue", per, d, rev, "CNY")
			default:
				b.num(sh, cRev, row, rev, stMoney)
				b.fact(sh, cRev, row, "sales", "revenue", per, d, rev, "CNY")
			}

			// Adjustments: credit notes, negative.
			if textNumbers && adj != 0 && (!adjTextDone || lr.Float64() < 0.5) {
				adjTextDone = true
				b.text(sh, cAdj, row, "("+thousands(-adj, 0)+")", 0)
				b.note(sh, ref(cAdj, row), "negative number stored as text in parentheses")
			} else {
				b.num(sh, cAdj, row, adj, stAdj)
			}
			b.fact(sh, cAdj, row, "sales", "adjustments", per, d, adj, "CNY")

			// Discount.
			if discountText {
				b.text(sh, cDisc, row, percentText(disc), 0)
				if i == 0 && k == 0 {
					b.note(sh, fmt.Sprintf("%s:%s", ref(cDisc, salesFirstRow), ref(cDisc, salesTotalRow-2)), "discount rates stored as percent text such as \"8.5%\"")
				}
			} else {
				b.num(sh, cDisc, row, disc, stPct)
			}
			b.fact(sh, cDisc, row, "sales", "discount", per, d, disc, "ratio")
		}

		// Subtotal row.
		row := r0 + 3
		subRows = append(subRows, row)
		b.text(sh, cRegion, row, region+" subtotal", bold)
		for _, c := range []struct {
			col   int
			v     float64
			style int
		}{{cUnits, sUnits, bInt}, {cRev, float64(sRev) / 100, bMoney}, {cAdj, float64(sAdj) / 100, bAdj}} {
			if subtotalFormulas {
				b.formula(sh, c.col, row, fmt.Sprintf("SUM(%s:%s)", ref(c.col, r0), ref(c.col, r0+2)), c.v, c.style)
			} else {
				b.num(sh, c.col, row, c.v, c.style)
			}
		}
		what := "subtotal row (typed values): not data"
		if subtotalFormulas {
			what = "subtotal row (SUM formulas with cached values): not data"
		}
		b.note(sh, fmt.Sprintf("%d:%d", row, row), what)
		totUnits += sUnits
		totRev += sRev
		totAdj += sAdj
	}

	// Grand total: formulas with cached values.
	b.text(sh, cRegion, salesTotalRow, "Grand total", bold)
	for _, c := range []struct {
		col   int
		v     float64
		style int
	}{{cUnits, totUnits, bInt}, {cRev, float64(totRev) / 100, bMoney}, {cAdj, float64(totAdj) / 100, bAdj}} {
		var parts []string
		for _, r := range subRows {
			parts = append(parts, ref(c.col, r))
		}
		b.formula(sh, c.col, salesTotalRow, strings.Join(parts, "+"), c.v, c.style)
	}
	b.note(sh, fmt.Sprintf("%d:%d", salesTotalRow, salesTotalRow), "grand total row (formulas with cached values): not data")

	b.text(sh, cRegion, salesNoteRow, "Note: adjustments are credit notes issued in the month; figures are provisional until the ledger closes.", 0)
	b.text(sh, cRegion, salesNoteRow+1, "Discount: average discount off list price.", 0)
	b.note(sh, fmt.Sprintf("%d:%d", salesNoteRow, salesNoteRow+1), "note rows below the table")

	b.width(sh, 1, 1, 3)
	b.width(sh, 2, 2, 18)
	b.width(sh, 3, 3, 14)
	b.width(sh, 4, 7, 15)
	return adjTextDone
}

func (g *generator) budgetSheet(b *book, t int) {
	m, p := g.m, &g.m.p
	per := m.period(t)
	const sh = "Budget"
	b.sheet(sh)
	bold, money, bMoney := b.style("", true), b.style(fmtMoney, false), b.style(fmtMoney, true)
	b.text(sh, 2, 1, "Revenue budget by region (CNY)", bold)
	b.text(sh, 2, 2, "Fiscal year", 0)
	b.text(sh, 3, 2, fmt.Sprintf("FY%d", m.cal.FiscalYear(per)), 0)
	b.text(sh, 2, 3, "Month", 0)
	b.text(sh, 3, 3, per.String(), 0)
	b.text(sh, 2, 5, "Region", bold)
	b.text(sh, 3, 5, "Revenue budget", bold)
	var tot int64
	for i, region := range p.Regions {
		row := 6 + i
		b.text(sh, 2, row, region, 0)
		b.num(sh, 3, row, m.budget[t][i], money)
		b.fact(sh, 3, row, "sales_budget", "revenue_budget", per, dims("region", region), m.budget[t][i], "CNY")
		tot += cents(m.budget[t][i])
	}
	b.text(sh, 2, 10, "Total", bold)
	b.formula(sh, 3, 10, "SUM(C6:C9)", float64(tot)/100, bMoney)
	b.note(sh, "10:10", "total row (SUM formula with a cached value): not data")
	b.text(sh, 2, 12, "The budget is set at the start of the fiscal year and phased by the seasonal profile.", 0)
	b.note(sh, "12:12", "note row below the table")
	b.width(sh, 2, 3, 18)
}

func (g *generator) repsSheet(b *book, t int) {
	m, p := g.m, &g.m.p
	per := m.period(t)
	const sh = "Reps"
	b.sheet(sh)
	bold, money, count := b.style("", true), b.style(fmtMoney, false), b.style(fmtInt, false)
	bMoney, bCount := b.style(fmtMoney, true), b.style(fmtInt, true)
	b.text(sh, 2, 1, "Sales representatives - "+monthText(per, "January 2006"), bold)
	for c, h := range []string{"Rep", "Region", "Revenue", "Quota", "New customers", "Complaints"} {
		b.text(sh, 2+c, 3, h, bold)
	}
	row := 4
	var rev, quota int64
	var cust, compl float64
	for j, rep := range p.Reps {
		if !m.repActive[t][j] {
			continue
		}
		d := dims("rep", rep.Name, "region", rep.Region)
		b.text(sh, 2, row, rep.Name, 0)
		b.text(sh, 3, row, rep.Region, 0)
		for i, v := range []struct {
			measure, unit string
			value         float64
			style         int
		}{
			{"revenue", "CNY", m.repRev[t][j], money},
			{"quota", "CNY", m.quota[t][j], money},
			{"new_customers", "count", m.newCust[t][j], count},
			{"complaints", "count", m.complaints[t][j], count},
		} {
			b.num(sh, 4+i, row, v.value, v.style)
			b.fact(sh, 4+i, row, "sales_reps", v.measure, per, d, v.value, v.unit)
		}
		rev += cents(m.repRev[t][j])
		quota += cents(m.quota[t][j])
		cust += m.newCust[t][j]
		compl += m.complaints[t][j]
		row++
	}
	b.text(sh, 2, row, "Total", bold)
	b.num(sh, 4, row, float64(rev)/100, bMoney)
	b.num(sh, 5, row, float64(quota)/100, bMoney)
	b.num(sh, 6, row, cust, bCount)
	b.num(sh, 7, row, compl, bCount)
	b.note(sh, fmt.Sprintf("%d:%d", row, row), "total row (typed values): not data")
	b.width(sh, 2, 3, 14)
	b.width(sh, 4, 7, 15)
}

func (g *generator) chartSheet(b *book, t int) {
	m, p := g.m, &g.m.p
	const sh = "Chart data"
	b.sheet(sh)
	bold, money := b.style("", true), b.style(fmtMoney, false)
	b.text(sh, 1, 1, "Region", bold)
	b.text(sh, 2, 1, "Revenue", bold)
	b.text(sh, 3, 1, "Budget", bold)
	for i, region := range p.Regions {
		b.text(sh, 1, 2+i, region, 0)
		b.num(sh, 2, 2+i, m.regionRevenue(t, i), money)
		b.num(sh, 3, 2+i, m.budget[t][i], money)
	}
	b.check(b.f.AddChart(sh, "E2", &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{
			{Name: "'Chart data'!$B$1", Categories: "'Chart data'!$A$2:$A$5", Values: "'Chart data'!$B$2:$B$5"},
			{Name: "'Chart data'!$C$1", Categories: "'Chart data'!$A$2:$A$5", Values: "'Chart data'!$C$2:$C$5"},
		},
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Revenue and budget by region"}}},
	}))
	b.note(sh, "", "chart-data sheet of aggregates (region totals) with a chart: not data")
	b.width(sh, 1, 3, 15)
}

// draftSheets adds the hidden draft (an earlier, wrong copy of the table and
// the price list) and a very hidden sheet of template metadata.
func (g *generator) draftSheets(b *book, t int) {
	m, p := g.m, &g.m.p
	const sh = "Draft"
	b.sheet(sh)
	b.text(sh, 2, 1, "DRAFT - do not use", b.style("", true))
	row := 3
	for i, region := range p.Regions {
		for k, product := range p.ProductLines {
			b.text(sh, 2, row, region, 0)
			b.text(sh, 3, row, product, 0)
			b.num(sh, 4, row, math.Round(m.units[t][i][k]*0.97), 0)
			row++
		}
	}
	b.text(sh, 2, 19, "List price", b.style("", true))
	for k, product := range p.ProductLines {
		b.text(sh, 2, 20+k, product, 0)
		b.num(sh, 3, 20+k, m.price[t][0][k], 0)
	}
	b.check(b.f.SetSheetVisible(sh, false))
	b.note(sh, "", "hidden draft sheet: not data")

	const meta = "_meta"
	b.sheet(meta)
	b.text(meta, 1, 1, "template", 0)
	b.text(meta, 2, 1, "SALES-MONTHLY v3", 0)
	b.text(meta, 1, 2, "exported_by", 0)
	b.text(meta, 2, 2, "CRM export macro 2.4", 0)
	b.check(b.f.SetSheetVisible(meta, false, true))
	b.note(meta, "", "very hidden sheet of template metadata: not data")
}
