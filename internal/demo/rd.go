package demo

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"coo"
)

// The R&D workbook: one per calendar quarter, in Chinese, one sheet per month
// named like 2026年10月 after a quarter summary sheet.

const (
	rdHeadRow  = 4
	rdFirstRow = 5
	rdSummary  = "季度汇总"
)

// Planted R&D cells.
var (
	rdNA       = coo.NewPeriod(2024, 11) // Data team's defects: #N/A pasted as a value
	rdDiv0     = coo.NewPeriod(2026, 2)  // Mobile team's done tasks: a formula cached as #DIV/0!
	rdProtect  = coo.NewPeriod(2025, 7)  // the month sheets of this quarter are protected
	rdSpaceDim = coo.NewPeriod(2025, 5)  // " Mobile " with stray spaces
)

func rdSheetName(p coo.Period) string { return fmt.Sprintf("%d年%d月", p.Year(), p.Month()) }

func quarterStart(p coo.Period) coo.Period { return coo.NewPeriod(p.Year(), (p.Month()-1)/3*3+1) }

func (g *generator) rd() error {
	p := &g.m.p
	for q := quarterStart(p.First); q <= p.Last; q = q.Add(3) {
		qn := (q.Month()-1)/3 + 1
		var months []coo.Period
		for j := range 3 {
			if per := q.Add(j); per >= p.First && per <= p.Last {
				months = append(months, per)
			}
		}
		last := months[len(months)-1]
		b := newBook(g.truth, fmt.Sprintf("workbooks/rd/rd-%d-Q%d.xlsx", q.Year(), qn), rdSummary, "李强",
			reportTime(months[0]), reportTime(last))
		g.rdSummary(b, q, qn, months)
		for _, per := range months {
			g.rdMonth(b, per, quarterStart(rdProtect) == q)
		}
		if err := g.add(b); err != nil {
			return err
		}
	}
	return nil
}

func (g *generator) rdMonth(b *book, per coo.Period, protect bool) {
	m, p := g.m, &g.m.p
	t := int(per - p.First)
	sh := rdSheetName(per)
	b.sheet(sh)
	bold, count := b.style("", true), b.style(fmtInt, false)
	b.text(sh, 1, 1, "研发部 月度任务统计", bold)
	b.text(sh, 1, 2, "月份：", 0)
	b.text(sh, 2, 2, sh, 0)
	b.note(sh, "1:2", "title and month rows above the table; the month is the sheet name (Chinese date)")
	for c, h := range []string{"团队", "计划任务", "完成任务", "缺陷数", "备注"} {
		b.text(sh, 1+c, rdHeadRow, h, bold)
	}
	b.note(sh, fmt.Sprintf("A%d:E%d", rdHeadRow, rdHeadRow), "Chinese headers; 备注 (remarks) is text, not a measure")
	for k, team := range p.Teams {
		row := rdFirstRow + k
		d := dims("team", team)
		name := team
		if per == rdSpaceDim && team == "Mobile" {
			name = " Mobile "
			b.note(sh, ref(1, row), "dimension value with stray spaces (\" Mobile \")")
		}
		b.text(sh, 1, row, name, 0)
		for i, v := range []struct {
			measure string
			value   float64
		}{{"planned_tasks", m.planned[t][k]}, {"done_tasks", m.done[t][k]}, {"defects", m.defects[t][k]}} {
			col := 2 + i
			switch {
			case per == rdNA && team == "Data" && v.measure == "defects" && !g.corrected:
				b.errorCell(sh, col, row, "", "#N/A", count)
				b.problem(sh, col, row, "#N/A", "#N/A", "rd", v.measure, per, d, v.value)
			case per == rdDiv0 && team == "Mobile" && v.measure == "done_tasks" && !g.corrected:
				f := fmt.Sprintf("ROUND(%s*%s/%s,0)", ref(2, row), ref(7, row), ref(8, row))
				b.errorCell(sh, col, row, f, "#DIV/0!", count)
				b.problem(sh, col, row, "#DIV/0!", "="+f, "rd", v.measure, per, d, v.value)
			default:
				b.num(sh, col, row, v.value, count)
				b.fact(sh, col, row, "rd", v.measure, per, d, v.value, "count")
			}
		}
		if team == p.ReorgTeam && per == p.ReorgAt {
			b.text(sh, 5, row, "团队重组", 0)
		}
	}
	b.text(sh, 1, rdFirstRow+len(p.Teams)+1, "注：缺陷数为月末Jira统计口径。", 0)
	b.note(sh, fmt.Sprintf("%d:%d", rdFirstRow+len(p.Teams)+1, rdFirstRow+len(p.Teams)+1), "note row below the table")
	b.width(sh, 1, 5, 12)
	if protect {
		b.check(b.f.ProtectSheet(sh, &excelize.SheetProtectionOptions{Password: "lotus", SelectLockedCells: true, SelectUnlockedCells: true}))
		b.note(sh, "", "protected sheet (password)")
	}
}

func (g *generator) rdSummary(b *book, q coo.Period, qn int, months []coo.Period) {
	m, p := g.m, &g.m.p
	const sh = rdSummary
	bold, count, pct := b.style("", true), b.style(fmtInt, false), b.style(fmtPct, false)
	b.text(sh, 1, 1, fmt.Sprintf("%d年第%d季度 研发汇总", q.Year(), qn), bold)
	for c, h := range []string{"团队", "计划任务", "完成任务", "缺陷数", "完成率"} {
		b.text(sh, 1+c, 3, h, bold)
	}
	var tp, td, tf float64
	for k, team := range p.Teams {
		var pl, dn, df float64
		for _, per := range months {
			t := int(per - p.First)
			pl += m.planned[t][k]
			dn += m.done[t][k]
			df += m.defects[t][k]
		}
		row := 4 + k
		b.text(sh, 1, row, team, 0)
		b.num(sh, 2, row, pl, count)
		b.num(sh, 3, row, dn, count)
		b.num(sh, 4, row, df, count)
		b.num(sh, 5, row, dn/pl, pct)
		tp, td, tf = tp+pl, td+dn, tf+df
	}
	b.text(sh, 1, 7, "合计", bold)
	b.num(sh, 2, 7, tp, count)
	b.num(sh, 3, 7, td, count)
	b.num(sh, 4, 7, tf, count)
	b.num(sh, 5, 7, td/tp, pct)
	b.width(sh, 1, 5, 12)
	b.check(b.f.ProtectSheet(sh, &excelize.SheetProtectionOptions{Password: "lotus"}))
	b.note(sh, "", "quarter summary of aggregates (typed values, protected sheet): not data")
}
