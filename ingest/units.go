package ingest

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"coo/ingest/xlsx"
)

// Units that a sheet states: in a measure label's note ("Revenue (CNY
// '000)"), in a long table's header ("Revenue (CNY k)"), in a title above
// the table ("单位：万元", "(CNY '000)" in a cell of its own, "Revenue, CNY
// k"). coo checks what they say against the mapping's scale: a department
// that moved from 千元 to 万元, or a label saying millions over a mapping
// of thousands, loaded figures ten or a thousand times off with exit 0
// (found from outside).

// ErrScale refuses a file whose stated units differ from the mapping's
// scale for a measure.
var ErrScale = errors.New("the units the sheet states are not the mapping's")

// scaleTokens are the words of a unit statement that give its scale.
var scaleTokens = map[string]float64{
	"000": 1e3, "000s": 1e3, "k": 1e3, "ks": 1e3, "thousand": 1e3, "thousands": 1e3, "ths": 1e3, "tsd": 1e3,
	"m": 1e6, "mn": 1e6, "mm": 1e6, "mio": 1e6, "million": 1e6, "millions": 1e6,
	"bn": 1e9, "billion": 1e9, "billions": 1e9,
}

// currencyTokens name a currency, as a unit statement may, with the ISO
// code each means. normLabel folds "$" away: "HK$'000" reads "hk 000" and
// "US$ million" "us million".
var currencyTokens = map[string]string{
	"cny": "CNY", "rmb": "CNY", "yuan": "CNY", "usd": "USD", "us": "USD", "dollars": "USD", "eur": "EUR", "euros": "EUR",
	"gbp": "GBP", "jpy": "JPY", "hkd": "HKD", "hk": "HKD", "chf": "CHF", "sgd": "SGD", "aud": "AUD", "cad": "CAD",
}

// scaleMarks are the Chinese scales, longest first; currencyMarks the
// Chinese currencies, each before any it starts with.
var (
	scaleMarks = []struct {
		mark  string
		scale float64
	}{{"千万", 1e7}, {"百万", 1e6}, {"十万", 1e5}, {"亿", 1e8}, {"万", 1e4}, {"千", 1e3}}
	currencyMarks = []struct{ mark, code string }{{"人民币", "CNY"}, {"美元", "USD"}, {"欧元", "EUR"}, {"港元", "HKD"}, {"港币", "HKD"},
		{"日元", "JPY"}, {"英镑", "GBP"}, {"元", "CNY"}}
)

// unitPrefixes introduce a unit statement ("单位：万元", "Unit: CNY k",
// "in thousands", "Expressed in RMB thousands", "数据单位：万元"), folded as
// normLabel folds.
var unitPrefixes = []string{"金额单位", "数据单位", "货币单位", "计量单位", "单位", "units", "unit", "currency",
	"all figures in", "figures in", "all amounts in", "amounts in", "amount in", "amounts expressed in", "expressed in",
	"stated in", "presented in", "in"}

// unitFillers may stand between a statement's currency and its scale:
// "Currency: CNY, Unit: thousand".
var unitFillers = []string{"of", "unit", "units", "currency"}

// unitScale reads text as a statement of units, such as "CNY '000",
// "（万元）", "USD m", "单位：千元", "in thousands" or "CNY", and returns the
// scale it says figures are in (1: units). ok is false when text is not
// only that (a currency or a scale, with at most a prefix and "of").
func unitScale(text string) (scale float64, ok bool) {
	scale, _, ok = unitStatement(text)
	return scale, ok
}

// unitStatement is unitScale, also returning the currency the statement
// names ("USD"; "" if none). A clause of exceptions after the statement is
// left out: "(Amounts in thousands, except per-share data)" states
// thousands.
func unitStatement(text string) (scale float64, currency string, ok bool) {
	l := normLabel(text)
	if i := strings.Index(l, " except "); i > 0 {
		l = l[:i]
	}
	for _, p := range unitPrefixes {
		if rest, cut := strings.CutPrefix(l, p); cut && (rest == "" || rest[0] == ' ' || p[0] >= 0x80) {
			l = strings.TrimSpace(rest)
			break
		}
	}
	if l == "" {
		return 0, "", false
	}
	scale, seen := 1.0, false
	set := func(s float64) bool {
		if scale != 1 {
			return false // two scales: not a statement
		}
		scale, seen = s, true
		return true
	}
	name := func(c string) bool {
		if currency != "" && currency != c {
			return false // two currencies: not a statement
		}
		currency, seen = c, true
		return true
	}
	for _, w := range strings.Fields(l) {
		s, isScale := scaleTokens[w]
		c, isCurrency := currencyTokens[w]
		switch {
		case isScale:
			if !set(s) {
				return 0, "", false
			}
		case isCurrency:
			if !name(c) {
				return 0, "", false
			}
		case slices.Contains(unitFillers, w):
		case w[0] >= 0x80:
			for w != "" {
				n := len(w)
				for _, m := range scaleMarks {
					if rest, cut := strings.CutPrefix(w, m.mark); cut {
						if !set(m.scale) {
							return 0, "", false
						}
						w = rest
						break
					}
				}
				for _, m := range currencyMarks {
					if rest, cut := strings.CutPrefix(w, m.mark); cut {
						if !name(m.code) {
							return 0, "", false
						}
						w = rest
						break
					}
				}
				if len(w) == n {
					return 0, "", false // something else
				}
			}
		default:
			return 0, "", false
		}
	}
	return scale, currency, seen
}

// noteScale returns the scale a label's note in brackets states ("Revenue
// (CNY '000)"), or, with no note, a unit statement after a comma ("Revenue,
// CNY k").
func noteScale(text string) (float64, string, bool) {
	base, noted := stripNote(text)
	note := ""
	switch {
	case noted:
		note = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(text), base))
	default:
		i := strings.LastIndexAny(text, ",，")
		if i < 0 {
			return 0, "", false
		}
		note = text[i+1:]
		if text[i] != ',' {
			note = text[i+len("，"):]
		}
	}
	s, ok := unitScale(note)
	return s, note, ok
}

// amount reports whether the units a sheet states apply to measure m: its
// figures are amounts (not a rate, a percent or a count with a unit of its
// own).
func (m *Measure) amount() bool {
	if rateUnits[m.Unit] {
		return false
	}
	u := normLabel(m.Unit)
	if u == "" {
		return true
	}
	_, ok := unitScale(u)
	return ok
}

// checkScale refuses the file when a statement of units (what, in cell)
// says measure k's figures are in another scale than the mapping's, or in
// another currency than its unit: "Currency: USD" over a measure in CNY
// loaded dollars as yuan (found from outside).
func (t *table) checkScale(k int, what, cell string, said float64) error {
	m := &t.src.Measures[k]
	have := m.Scale
	if have == 0 {
		have = 1
	}
	stated := statedCurrency(what)
	own := unitCurrency(m.Unit)
	if stated != "" && own != "" && stated != own {
		scale := ""
		if said != 1 {
			scale = fmt.Sprintf(" and scale: %s", fmtScale(said))
		}
		return &FileError{File: t.file, Sheet: t.sheet, Cell: cell,
			Err: fmt.Errorf("%w: %q in %s says %s's figures are in %s, but the mapping's unit is %s, and coo does not convert currencies; ask for the figures in %s, or map them as a measure of their own with unit: %s%s",
				ErrScale, clip(what), cell, m.Name, stated, m.Unit, own, stated, scale)}
	}
	if said == have {
		return nil
	}
	fix := fmt.Sprintf("add scale: %s to measure %s", fmtScale(said), m.Name)
	if m.Scale != 0 {
		fix = fmt.Sprintf("correct measure %s's scale (scale: %s), or the note", m.Name, fmtScale(said))
	}
	if stated != "" && own == "" {
		fix += fmt.Sprintf(", and unit: %s (the sheet states %s; coo does not convert currencies)", stated, stated)
	}
	return &FileError{File: t.file, Sheet: t.sheet, Cell: cell,
		Err: fmt.Errorf("%w: %q in %s says %s's figures are in %s, but the mapping reads them in %s; %s",
			ErrScale, clip(what), cell, m.Name, scaleWords(said), scaleWords(have), fix)}
}

// statedCurrency is the currency a statement of units names, on its own
// ("Currency: USD") or in a label's note ("Revenue (USD k)"); "" if none.
func statedCurrency(text string) string {
	if _, c, ok := unitStatement(text); ok {
		return c
	}
	base, noted := stripNote(text)
	note := ""
	switch {
	case noted:
		note = strings.TrimPrefix(strings.TrimSpace(text), base)
	default:
		i := strings.LastIndexAny(text, ",，")
		if i < 0 {
			return ""
		}
		note = text[i:]
	}
	_, c, _ := unitStatement(note)
	return c
}

// unitCurrency is the currency a measure's unit names ("CNY", "RMB",
// "元"), "" if it names none.
func unitCurrency(unit string) string {
	if strings.TrimSpace(unit) == "" {
		return ""
	}
	_, c, _ := unitStatement(unit)
	return c
}

func fmtScale(s float64) string { return strconv.FormatFloat(s, 'f', -1, 64) }

// scaleWords says a scale in words, for messages.
func scaleWords(s float64) string {
	switch s {
	case 1:
		return "units"
	case 1e3:
		return "thousands (×1,000)"
	case 1e4:
		return "万 (×10,000)"
	case 1e6:
		return "millions (×1,000,000)"
	case 1e8:
		return "亿 (×100,000,000)"
	case 1e9:
		return "billions"
	}
	return "×" + fmtScale(s)
}

// aboveUnits notes the first statement of units in a row above the first
// header ("单位：万元", "(CNY '000)" in a cell of its own, "Revenue, CNY k"),
// which applies to the amounts of the table below.
func (t *table) aboveUnits() {
	if t.unitRef != "" {
		return
	}
	for _, c := range t.cur.cells {
		if c.Kind != xlsx.Text {
			continue
		}
		said, ok := unitScale(c.Raw)
		if !ok {
			if _, label := t.labelOf(c.Raw); label {
				continue // a measure's label: its note is its own (scaleNote)
			}
			said, _, ok = noteScale(c.Raw)
		}
		if ok {
			t.unitRef, t.unitText, t.unitSaid = t.ref(t.cur.row, c.Col), c.Raw, said
			return
		}
	}
}

// headerUnits checks a new header against the units stated: above it
// (aboveUnits), in a note of one of its own cells ("Oct-26 (CNY k)"), and,
// in a long table, in a measure's header ("Revenue (CNY k)", for that
// measure).
func (t *table) headerUnits(h *header) error {
	long := t.src.layout() == Long
	own := map[int]bool{} // measures whose header states their own units, which win over the sheet's
	if long {
		for k, col := range h.measure {
			if col == 0 {
				continue
			}
			if said, _, ok := noteScale(h.orig[col]); ok {
				own[k] = true
				if err := t.checkScale(k, h.orig[col], t.ref(h.row, col), said); err != nil {
					return err
				}
			}
		}
	}
	ref, text, said := t.unitRef, t.unitText, t.unitSaid
	if ref == "" {
		cols := make([]int, 0, len(h.orig))
		for col := range h.orig {
			if long && slices.Contains(h.measure, col) || h.label != nil && col == h.label.col {
				continue
			}
			cols = append(cols, col)
		}
		slices.Sort(cols)
		for _, col := range cols {
			if s, _, ok := noteScale(h.orig[col]); ok {
				ref, text, said = t.ref(h.row, col), h.orig[col], s
				break
			}
		}
	}
	if ref == "" {
		return nil
	}
	for k := range t.src.Measures {
		if t.src.Measures[k].amount() && !own[k] {
			if err := t.checkScale(k, text, ref, said); err != nil {
				return err
			}
		}
	}
	return nil
}

// statedUnits checks a statement of units in a row of its own (a title
// row under a wide header, "Unit: CNY k") against every amount measure.
func (t *table) statedUnits(text, cell string) (bool, error) {
	said, ok := unitScale(text)
	if !ok {
		return false, nil
	}
	for k := range t.src.Measures {
		if t.src.Measures[k].amount() {
			if err := t.checkScale(k, text, cell, said); err != nil {
				return true, err
			}
		}
	}
	return true, nil
}

// unitsRow reports whether the current row of a long table states units
// under the measures' headers ("CNY k" under Revenue), and checks them.
// Only a row whose first measure cell is text is looked at, so the check
// costs a data row one comparison.
func (t *table) unitsRow() (bool, error) {
	h := t.head
	stated := false
	for k, col := range h.measure {
		c := t.cur.at(col)
		if c == nil || c.Kind == xlsx.Blank {
			continue
		}
		said, ok := unitScale(c.Raw)
		if c.Kind != xlsx.Text || !ok {
			return false, nil
		}
		stated = true
		if err := t.checkScale(k, c.Raw, t.ref(t.cur.row, col), said); err != nil {
			return true, err
		}
	}
	return stated, nil
}

// unitColumns are the headers of a column that states each row's units.
var unitColumns = []string{"unit", "units", "uom", "currency", "单位", "计量单位", "币种"}

// findUnitColumn notes a column of the header, mapped to nothing, that
// states each row's units (rowUnits checks them).
func (t *table) findUnitColumn(h *header) {
	t.unitCol = 0
	for col, text := range h.orig {
		if contains(h.dims, col) || contains(h.measure, col) || col == h.period || col == h.mcol || h.months[col] != 0 {
			continue
		}
		if slices.Contains(unitColumns, normLabel(text)) {
			t.unitCol = col
			return
		}
	}
}

// rowUnits checks the current data row's units, stated in the unit column,
// against the scale of the measures it holds (k, or every amount if k < 0):
// a ledger of "CNY k" and "CNY" rows loaded both as one.
func (t *table) rowUnits(k int) error {
	c := t.cur.at(t.unitCol)
	if c == nil || c.Kind != xlsx.Text {
		return nil
	}
	said, ok := unitScale(c.Raw)
	if !ok {
		return nil
	}
	for i := range t.src.Measures {
		if (k < 0 || i == k) && t.src.Measures[i].amount() {
			if err := t.checkScale(i, c.Raw, t.ref(t.cur.row, t.unitCol), said); err != nil {
				return err
			}
		}
	}
	return nil
}
