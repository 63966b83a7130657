package demo

import "fmt"

// The tidy exports: one workbook a month, one sheet, the header in row 1, one
// row per cost line or unit, numbers as numbers.

func (g *generator) finance() error {
	m := g.m
	for t := range m.n {
		per := m.period(t)
		b := newBook(g.truth, fmt.Sprintf("workbooks/finance/finance-%s.xlsx", per), "Ledger", "Lotus ERP", reportTime(per), reportTime(per))
		const sh = "Ledger"
		bold, money := b.style("", true), b.style(fmtMoney, false)
		for c, h := range []string{"Month", "Cost line", "Budget", "Actual"} {
			b.text(sh, c+1, 1, h, bold)
		}
		for l, line := range m.p.CostLines {
			row := l + 2
			d := dims("cost_line", line)
			b.text(sh, 1, row, per.String(), 0)
			b.text(sh, 2, row, line, 0)
			b.num(sh, 3, row, m.costBudget[t][l], money)
			b.fact(sh, 3, row, "finance", "budget", per, d, m.costBudget[t][l], "CNY")
			b.num(sh, 4, row, m.costActual[t][l], money)
			b.fact(sh, 4, row, "finance", "actual", per, d, m.costActual[t][l], "CNY")
		}
		b.width(sh, 1, 2, 12)
		b.width(sh, 3, 4, 16)
		if err := g.add(b); err != nil {
			return err
		}
	}
	return nil
}

func (g *generator) hr() error {
	m := g.m
	for t := range m.n {
		per := m.period(t)
		b := newBook(g.truth, fmt.Sprintf("workbooks/hr/hr-%s.xlsx", per), "Headcount", "Lotus HRIS", reportTime(per), reportTime(per))
		const sh = "Headcount"
		bold, date, count := b.style("", true), b.style(fmtDate, false), b.style(fmtInt, false)
		for c, h := range []string{"Month", "Unit", "Headcount", "Hires", "Leavers", "Training hours"} {
			b.text(sh, c+1, 1, h, bold)
		}
		for u, unit := range m.p.OrgUnits {
			row := u + 2
			d := dims("unit", unit)
			b.date(sh, 1, row, per, date)
			b.text(sh, 2, row, unit, 0)
			for i, v := range []struct {
				measure, unit string
				value         float64
			}{
				{"headcount", "people", m.hc[t][u]},
				{"hires", "people", m.hires[t][u]},
				{"leavers", "people", m.leavers[t][u]},
				{"training_hours", "hours", m.training[t][u]},
			} {
				b.num(sh, 3+i, row, v.value, count)
				b.fact(sh, 3+i, row, "hr", v.measure, per, d, v.value, v.unit)
			}
		}
		b.width(sh, 1, 2, 12)
		b.width(sh, 6, 6, 15)
		if err := g.add(b); err != nil {
			return err
		}
	}
	return nil
}
