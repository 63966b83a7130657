package ingest

import (
	"slices"
	"strings"
)

// The words by which a title, a label, a group over columns or a sheet's
// name says its figures are another quantity than a measure's actuals (a
// budget, a forecast, last year's, a growth rate), and by which coo tells
// such a title from a caption that merely contains one of them.

// quantityWords name figures other than a measure's actuals: a block or
// note so titled ("Forecast", "Revenue (budget)", "Units (YoY growth %)")
// holds another quantity, even where the source has one measure and its
// blocks are not labelled.
var quantityWords = []string{"forecast", "fcst", "budget", "budgeted", "plan", "planned", "target", "targets",
	"outlook", "estimate", "estimated", "projection", "projected", "growth", "variance", "yoy", "mom", "prior", "ly",
	"ytd", "mtd", "qtd", "cumulative", "cum", "average", "avg", "mean", "last", "previous", "py"}

// quantityMarks are the same in Chinese, matched within the text.
var quantityMarks = []string{"预测", "预算", "计划", "目标", "同比", "环比", "增长", "增速", "差异", "上年", "去年",
	"累计", "平均", "均值", "上月", "预估"}

// titleQuantities name, by kind, what a title over a table or block may
// say its figures are instead of actuals: narrower than quantityWords,
// since a title such as "Sales YTD 2026" or "Average prices" may well be
// over monthly actuals. Words are matched whole, marks (Chinese) within.
var titleQuantities = []struct {
	kind         string
	words, marks []string
}{
	{"budget", []string{"budget", "budgets", "budgeted", "plan", "plans", "planned", "target", "targets", "goal", "goals", "quota", "quotas", "aop"}, []string{"预算", "计划", "目标"}},
	{"forecast", []string{"forecast", "forecasts", "fcst", "outlook", "estimate", "estimates", "estimated", "le", "expected", "projection", "projections", "projected"}, []string{"预测", "预估"}},
	{"growth", []string{"growth", "yoy", "mom", "variance"}, []string{"同比", "环比", "增长", "增速", "差异"}},
	{"last year", []string{"ly", "py", "last year", "prior year", "previous year"}, []string{"上年", "去年"}},
}

// titleQuantity returns the kind of figures other than actuals a title
// names ("Budget 2026", "9+3 Forecast", "Last year", "上年同期", "Revenue
// growth %"), or "" if none, or if it also names actuals ("Actual vs
// budget").
func titleQuantity(text string) string {
	if namesActual(text) {
		return ""
	}
	if strings.ContainsAny(text, "%％") {
		return "growth"
	}
	l := " " + normLabel(text) + " "
	for _, q := range titleQuantities {
		for _, w := range q.words {
			if strings.Contains(l, " "+w+" ") {
				return q.kind
			}
		}
		for _, m := range q.marks {
			if strings.Contains(l, m) {
				return q.kind
			}
		}
	}
	return ""
}

// titleNamesOther reports whether a title says the figures under it are
// another quantity than the source's (quantityTitle): a budget source's
// "Department budget" is its own.
func (t *table) titleNamesOther(text string) bool {
	if t.ownWords == nil {
		t.ownWords = t.src.ownWords()
	}
	k := quantityTitle(text, t.ownWords)
	return k != "" && !t.sourceQuantities()[k]
}

// titleFillers may stand in a title beside its quantity words: "Latest
// estimate", "FY27 AOP", "Revenue budget 2026", "Sales plan by region".
var titleFillers = []string{"latest", "rolling", "current", "original", "revised", "updated", "final", "full", "year",
	"years", "fy", "annual", "monthly", "quarterly", "month", "months", "the", "of", "for", "by", "and", "in", "figures",
	"numbers", "data", "report", "q1", "q2", "q3", "q4", "h1", "h2", "sales", "revenue", "revenues", "income", "cost",
	"costs", "expense", "expenses", "spend", "volume", "units", "orders", "headcount", "margin", "profit", "opex", "capex",
	"price", "prices", "last", "prior", "previous"}

// titleHan are Chinese words that may stand beside a title's quantity marks
// ("2026年预算", "销售预测", "上年同期").
var titleHan = []string{"销售", "收入", "营收", "成本", "费用", "利润", "年度", "全年", "月度", "同期", "数据", "金额", "年", "月"}

// quantityTitle returns the kind of figures other than actuals (see
// titleQuantity) that a title names, when it names nothing else: its
// other words are fillers (titleFillers), numbers, months, the source's
// own names (own: its measures' and dimensions', or the start of one, as
// "Rev." of revenue) or a statement of units. "Growth markets", "Target
// Corp account sales", "Outlook Mall stores" and "销售计划部 月报" name
// other things; "Sales vs last year" compares, and is over actuals (found
// from outside: each refused its actuals).
func quantityTitle(text string, own map[string]bool) string {
	k := titleQuantity(text)
	if k == "" {
		return ""
	}
	l := normLabel(text)
	for _, w := range strings.Fields(l) {
		if w == "vs" || w == "versus" || w == "against" || w == "compared" || w == "comparison" {
			return ""
		}
	}
	if strings.Contains(l, "对比") || strings.Contains(l, "比较") {
		return ""
	}
	for _, w := range strings.Fields(l) {
		if w[0] >= 0x80 {
			if !hanTitleWord(w) {
				return ""
			}
			continue
		}
		if quantityWord(w) || slices.Contains(titleFillers, w) || own[w] || strings.Trim(w, "0123456789") == "" ||
			strings.HasPrefix(w, "fy") && strings.Trim(w[2:], "0123456789") == "" {
			continue
		}
		if _, ok := monthNames[w]; ok {
			continue
		}
		if _, ok := unitScale(w); ok {
			continue
		}
		prefix := false
		for o := range own {
			prefix = prefix || len(w) >= 3 && strings.HasPrefix(o, w)
		}
		if !prefix {
			return ""
		}
	}
	return k
}

// quantityWord reports whether w is one of titleQuantities' words.
func quantityWord(w string) bool {
	for _, q := range titleQuantities {
		if slices.Contains(q.words, w) {
			return true
		}
	}
	return false
}

// hanTitleWord reports whether a run of Chinese (with digits) is made of
// quantity marks and titleHan words only.
func hanTitleWord(w string) bool {
	for w != "" {
		n := len(w)
		w = strings.TrimLeft(w, "0123456789")
		for _, q := range titleQuantities {
			for _, m := range q.marks {
				w = strings.TrimPrefix(w, m)
			}
		}
		for _, m := range titleHan {
			w = strings.TrimPrefix(w, m)
		}
		if len(w) == n {
			return false
		}
	}
	return true
}

// ownWords returns the words of the source's own names: its name, and its
// measures' and dimensions' names, headers, titles and aliases, folded.
func (s *Source) ownWords() map[string]bool {
	own := map[string]bool{}
	add := func(n string) {
		for _, w := range strings.Fields(normLabel(strings.NewReplacer("_", " ", "-", " ", ".", " ").Replace(n))) {
			own[w] = true
		}
	}
	add(s.Name)
	for i := range s.Measures {
		m := &s.Measures[i]
		for _, n := range append(append(m.labels(), m.Name, m.Header), m.Aliases...) {
			add(n)
		}
	}
	for _, d := range s.Dimensions {
		for _, n := range append([]string{d.Name, d.Header}, d.Aliases...) {
			add(n)
		}
	}
	return own
}

// otherThanSource is namesOther for the table's source: a group over
// columns naming actuals is another quantity in a budget source.
func (t *table) otherThanSource(text string) bool { return namesOther(text, t.sourceQuantities()) }

// sourceQuantities returns the kinds of titleQuantity that the source's
// own names say (see Source.quantities).
func (t *table) sourceQuantities() map[string]bool {
	if t.srcQuantities == nil {
		t.srcQuantities = t.src.quantities()
	}
	return t.srcQuantities
}

// quantities returns the kinds of titleQuantity that the source's own names
// say: a source budget_2026, a measure "Revenue (plan)".
func (s *Source) quantities() map[string]bool {
	q := map[string]bool{}
	names := []string{s.Name}
	for i := range s.Measures {
		m := &s.Measures[i]
		names = append(append(names, m.labels()...), m.Name, m.Header)
	}
	for _, n := range names {
		if k := titleQuantity(strings.NewReplacer("_", " ", "-", " ", ".", " ").Replace(n)); k != "" {
			q[k] = true
		}
	}
	return q
}

// namesOther reports whether text (a title, a sheet's name) names another
// quantity than the source's q (quantities): another kind than the
// source's, or actuals when the source is a budget or another quantity.
func namesOther(text string, q map[string]bool) bool {
	if namesActual(text) {
		return len(q) > 0
	}
	k := titleQuantity(text)
	return k != "" && !q[k]
}

// sheetNamesOther reports whether a sheet's name names another quantity
// than the source's, and nothing else (quantityTitle): "Forecast", "Budget
// 2026", "LY", "预算"; not "Budget Inn stores" or "Forecast accuracy".
func (s *Source) sheetNamesOther(name string) bool {
	k := quantityTitle(name, s.ownWords())
	return k != "" && !s.quantities()[k]
}

// namesActual reports whether text names actuals ("Actual", "实际").
func namesActual(text string) bool {
	l := normLabel(text)
	for _, w := range strings.Fields(l) {
		if w == "actual" || w == "actuals" || w == "act" {
			return true
		}
	}
	return strings.Contains(l, "实际")
}

// quantityNouns name what a measure counts or sums; a title between blocks
// with one of them names a measure ("Units sold", "Headcount", "Avg
// price"), where one without ("North region", "Franchise stores") names a
// group of the same measure's members.
var quantityNouns = []string{"units", "unit", "sold", "headcount", "margin", "margins", "price", "prices", "cost", "costs",
	"volume", "volumes", "orders", "customers", "visits", "hours", "fte", "ftes", "employees", "staff", "rate", "rates",
	"ratio", "count", "qty", "quantity", "amount", "revenue", "revenues", "sales", "spend", "profit", "income", "expense",
	"expenses", "turnover", "leads", "tickets", "complaints", "defects", "hires", "leavers", "budget", "forecast"}

var quantityHan = []string{"数量", "人数", "单价", "价格", "成本", "费用", "利润", "毛利", "收入", "销量", "销售额", "人员", "金额", "预算", "预测"}

// namesQuantity reports whether a title names a quantity (quantityNouns, a
// percent sign).
func namesQuantity(text string) bool {
	if strings.ContainsAny(text, "%％") {
		return true
	}
	l := normLabel(text)
	for _, w := range strings.Fields(l) {
		if slices.Contains(quantityNouns, w) {
			return true
		}
	}
	for _, m := range quantityHan {
		if strings.Contains(l, m) {
			return true
		}
	}
	return false
}

// namesMeasure reports whether text mentions one of the source's measures
// (its name, title or an alias), as a title over its block may
// ("Revenue — North").
func (t *table) namesMeasure(text string) bool {
	l := " " + normLabel(text) + " "
	for i := range t.src.Measures {
		m := &t.src.Measures[i]
		for _, n := range append(m.labels(), m.Name, m.Header) {
			if n = normLabel(n); n != "" && strings.Contains(l, " "+n+" ") {
				return true
			}
		}
	}
	return false
}

// otherQuantity reports whether text names another quantity than actuals
// (quantityWords, quantityMarks, or a percent sign).
func otherQuantity(text string) bool {
	if strings.ContainsAny(text, "%％") {
		return true
	}
	l := normLabel(text)
	for _, w := range strings.Fields(l) {
		if slices.Contains(quantityWords, w) {
			return true
		}
	}
	for _, m := range quantityMarks {
		if strings.Contains(l, m) {
			return true
		}
	}
	return false
}
