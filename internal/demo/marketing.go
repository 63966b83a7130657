package demo

import (
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// The marketing workbook: one per fiscal year, updated every month, months
// across the columns, the Spend block above the Leads block.

const (
	mktSheet      = "Channels"
	mktSpendTitle = 4  // "Spend (CNY)", until FY2025
	mktSpendHead  = 5  // header row of the Spend block
	mktLeadsTitle = 12 // "Leads", until FY2025
	mktLeadsHead  = 13

	// From FY2026 each block's label is in its header row's first cell,
	// where "Channel" was, and the rows above the headers are blank.
	mktHeaderLabelFrom = 2026

	// The planted total: FY2026's typed "FY total" of Events spend is
	// mktBadTotalBy too large, so that the workbook does not add up.
	mktBadTotalFY      = 2026
	mktBadTotalChannel = "Events"
	mktBadTotalBy      = 10000.0
)

// mktCol returns the column of month j (0 = April) of the fiscal year: a
// blank spacer column follows every quarter.
func mktCol(j int) int { return 3 + j + j/3 }

// mktTotalCol is the "FY total" column, after the last spacer.
var mktTotalCol = mktCol(12)

func (g *generator) marketing() error {
	m, p := g.m, &g.m.p
	for fy := m.cal.FiscalYear(p.First); fy <= m.cal.FiscalYear(p.Last); fy++ {
		start := m.cal.YearStart(fy)
		last := min(m.cal.YearEnd(fy), p.Last)
		b := newBook(g.truth, fmt.Sprintf("workbooks/marketing/marketing-FY%d.xlsx", fy), mktSheet, "Chen Yu",
			reportTime(start), reportTime(last))
		const sh = mktSheet
		bold, money, count := b.style("", true), b.style(fmtMoney, false), b.style(fmtInt, false)
		bMoney, bCount := b.style(fmtMoney, true), b.style(fmtInt, true)
		dateHeaders := fy%2 == 1 // FY2025 and FY2027: real dates; FY2024 and FY2026: text
		totalFormulas := fy%2 == 1
		headerLabel := fy >= mktHeaderLabelFrom

		b.text(sh, 2, 1, fmt.Sprintf("Marketing - spend and leads by channel, FY%d", fy), bold)
		if last == m.cal.YearEnd(fy) {
			b.text(sh, 2, 2, "Final", 0)
		} else {
			b.text(sh, 2, 2, "Updated through "+monthText(last, "Jan 2006"), 0)
		}
		b.note(sh, "1:2", "title and status rows above the tables")

		blocks := []struct {
			title, measure, unit string
			titleRow, headRow    int
			values               [][]float64
			style, bStyle        int
		}{
			{"Spend (CNY)", "spend", "CNY", mktSpendTitle, mktSpendHead, m.spend, money, bMoney},
			{"Leads", "leads", "count", mktLeadsTitle, mktLeadsHead, m.leads, count, bCount},
		}
		for _, bl := range blocks {
			if headerLabel {
				b.text(sh, 2, bl.headRow, bl.title, bold)
				b.note(sh, ref(2, bl.headRow), fmt.Sprintf("the block's label %q in the header row's first cell, where \"Channel\" would be; it names the block's measure and heads the channels below it", bl.title))
			} else {
				b.text(sh, 2, bl.titleRow, bl.title, bold)
				b.text(sh, 2, bl.headRow, "Channel", bold)
			}
			for j := range 12 {
				per := start.Add(j)
				if dateHeaders {
					b.date(sh, mktCol(j), bl.headRow, per, b.style(fmtMonthYY, true))
				} else {
					b.text(sh, mktCol(j), bl.headRow, monthText(per, "Jan-2006"), bold)
				}
			}
			b.text(sh, mktTotalCol, bl.headRow, "FY total", bold)
			head := fmt.Sprintf("%s:%s", ref(2, bl.headRow), ref(mktTotalCol, bl.headRow))
			if dateHeaders {
				b.note(sh, head, "months across the columns as real dates; blank spacer column after each quarter; \"FY total\" is not a month")
			} else {
				b.note(sh, head, fmt.Sprintf("months across the columns as text such as %q; blank spacer column after each quarter; \"FY total\" is not a month", monthText(start, "Jan-2006")))
			}
			colTotals := make([]int64, 13)
			for c, channel := range p.Channels {
				row := bl.headRow + 1 + c
				b.text(sh, 2, row, channel, 0)
				var rowTotal int64
				for j := range 12 {
					per := start.Add(j)
					if per > last {
						continue
					}
					t := int(per - p.First)
					v := bl.values[t][c]
					b.num(sh, mktCol(j), row, v, bl.style)
					b.fact(sh, mktCol(j), row, "marketing", bl.measure, per, dims("channel", channel), v, bl.unit)
					rowTotal += cents(v)
					colTotals[j] += cents(v)
				}
				colTotals[12] += rowTotal
				total := float64(rowTotal) / 100
				if fy == mktBadTotalFY && bl.measure == "spend" && channel == mktBadTotalChannel && !g.corrected {
					// Typed by hand with a slip: the months do not add up to it.
					bad := total + mktBadTotalBy
					b.num(sh, mktTotalCol, row, bad, bl.bStyle)
					b.problem(sh, mktTotalCol, row, "total_mismatch", strconv.FormatFloat(bad, 'f', -1, 64), "marketing", "", 0, nil, total)
					continue
				}
				g.mktTotal(b, totalFormulas, mktTotalCol, row, fmt.Sprintf("SUM(%s:%s)", ref(mktCol(0), row), ref(mktCol(11), row)), total, bl.bStyle)
			}
			b.note(sh, fmt.Sprintf("%s:%s", ref(mktTotalCol, bl.headRow+1), ref(mktTotalCol, bl.headRow+len(p.Channels))), "FY total column: not data; each must equal the sum of its row's months")
			totRow := bl.headRow + 1 + len(p.Channels)
			b.text(sh, 2, totRow, "Total", bold)
			first, lastRow := bl.headRow+1, bl.headRow+len(p.Channels)
			for j := range 12 {
				if start.Add(j) > last {
					continue
				}
				col := mktCol(j)
				g.mktTotal(b, totalFormulas, col, totRow, fmt.Sprintf("SUM(%s:%s)", ref(col, first), ref(col, lastRow)), float64(colTotals[j])/100, bl.bStyle)
			}
			g.mktTotal(b, totalFormulas, mktTotalCol, totRow, fmt.Sprintf("SUM(%s:%s)", ref(mktTotalCol, first), ref(mktTotalCol, lastRow)), float64(colTotals[12])/100, bl.bStyle)
			b.note(sh, fmt.Sprintf("%d:%d", totRow, totRow), "total row: not data")
		}
		b.text(sh, 2, mktLeadsHead+len(p.Channels)+3, "Spend is invoiced spend excluding VAT; leads are first contacts logged in the CRM.", 0)
		b.note(sh, fmt.Sprintf("%d:%d", mktLeadsHead+len(p.Channels)+3, mktLeadsHead+len(p.Channels)+3), "note row below the tables")
		b.width(sh, 1, 1, 3)
		b.width(sh, 2, 2, 14)
		for j := range 12 {
			b.width(sh, mktCol(j), mktCol(j), 12)
		}
		for q := 1; q <= 4; q++ {
			b.width(sh, mktCol(3*q)-1, mktCol(3*q)-1, 2)
		}
		b.width(sh, mktTotalCol, mktTotalCol, 14)
		if fy == 2026 {
			b.check(b.f.ProtectWorkbook(&excelize.WorkbookProtectionOptions{LockStructure: true}))
			b.note("", "", "workbook structure is protected (no password)")
		}
		if err := g.add(b); err != nil {
			return err
		}
	}
	return nil
}

func (g *generator) mktTotal(b *book, formula bool, col, row int, f string, v float64, style int) {
	if formula {
		b.formula(mktSheet, col, row, f, v, style)
	} else {
		b.num(mktSheet, col, row, v, style)
	}
}
