package l10n

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// namespaces are the outputs the catalogue serves; a key outside them is a
// mistake.
var namespaces = []string{"report", "study", "narrative", "studytext", "chart"}

// TestTexts checks that every entry is in a known namespace and has every
// language, non-empty.
func TestTexts(t *testing.T) {
	for _, key := range sortedKeys() {
		ns, name, ok := strings.Cut(key, ".")
		if !ok || name == "" || !contains(namespaces, ns) {
			t.Errorf("%q: want a key namespace.name with a namespace of %v", key, namespaces)
		}
		tx := catalog[key]
		if strings.TrimSpace(tx.EN) == "" {
			t.Errorf("%q has no English", key)
		}
		if strings.TrimSpace(tx.ZH) == "" {
			t.Errorf("%q has no Chinese", key)
		}
	}
}

// TestVerbs checks the formats: the printf verbs of English and Chinese
// agree, argument by argument, in kind, and both print without a fmt error
// (%!) for the arguments the verbs ask for. A language that uses explicit
// indexes may leave an argument out (fmt reports no extra argument then);
// one that does not must use exactly the arguments the other does.
func TestVerbs(t *testing.T) {
	formats := 0
	for _, key := range sortedKeys() {
		tx := catalog[key]
		en, zh := parseFormat(tx.EN), parseFormat(tx.ZH)
		if !en.isFormat() && !zh.isFormat() {
			continue // plain text: a lone % ("95% range") is the word
		}
		formats++
		for _, e := range []error{en.err, zh.err} {
			if e != nil {
				t.Errorf("%q: %v", key, e)
			}
		}
		if en.percents != zh.percents {
			t.Errorf("%q: %d %%%% in English, %d in Chinese", key, en.percents, zh.percents)
		}
		n := max(en.maxArg(), zh.maxArg())
		for _, side := range []struct {
			lang string
			f    format
		}{{"English", en}, {"Chinese", zh}} {
			if side.f.reordered {
				continue
			}
			if got := side.f.maxArg(); got != n || len(side.f.args) != n {
				t.Errorf("%q: %s uses %d of the %d arguments without explicit indexes (%%[n]s): fmt would report them", key, side.lang, len(side.f.args), n)
			}
		}
		args := make([]any, n)
		for i := 1; i <= n; i++ {
			ve, okE := en.args[i]
			vz, okZ := zh.args[i]
			switch {
			case !okE && !okZ:
				t.Errorf("%q: argument %d is used by no language", key, i)
			case okE && okZ && ve != vz:
				t.Errorf("%q: argument %d is %%%c in English, %%%c in Chinese", key, i, ve, vz)
			}
			v := ve
			if !okE {
				v = vz
			}
			args[i-1] = sample(v)
		}
		for _, s := range []string{tx.EN, tx.ZH} {
			if out := fmt.Sprintf(s, args...); strings.Contains(out, "%!") {
				t.Errorf("%q: fmt.Sprintf(%q, %v) = %q: a fmt error", key, s, args, out)
			}
		}
	}
	if formats < 60 {
		t.Errorf("found %d formats, want at least 60: is parseFormat reading the verbs?", formats)
	}
}

func TestParseFormat(t *testing.T) {
	for _, tc := range []struct {
		in        string
		args      map[int]rune
		percents  int
		reordered bool
		err       bool
	}{
		{"plain", map[int]rune{}, 0, false, false},
		{"95% range", nil, 0, false, true}, // a stray %: plain text, or a bug in a format
		{"%s of %d", map[int]rune{1: 's', 2: 'd'}, 0, false, false},
		{"MASE %.2f, %5.1f%%", map[int]rune{1: 'f', 2: 'f'}, 1, false, false},
		{"%[1]s %[3]s 为 %[2]s", map[int]rune{1: 's', 2: 's', 3: 's'}, 0, true, false},
		{"%s %[3]s 为 %[2]s，（%[4]s–%[5]s）", map[int]rune{1: 's', 2: 's', 3: 's', 4: 's', 5: 's'}, 0, true, false},
		{"sMAPE %.1[8]f%%", map[int]rune{8: 'f'}, 1, true, false},
		{"sMAPE %[8].1f", nil, 0, false, true}, // fmt: %!f(BADINDEX)
		{"%+v and %-8q", map[int]rune{1: 'v', 2: 'q'}, 0, false, false},
		{"%[1]s then %[1]d", nil, 0, false, true},
		{"end %", nil, 0, false, true},
	} {
		f := parseFormat(tc.in)
		if (f.err != nil) != tc.err || !tc.err && (fmt.Sprint(f.args) != fmt.Sprint(tc.args) || f.percents != tc.percents || f.reordered != tc.reordered) {
			t.Errorf("parseFormat(%q) = %v, %d %%%%, reordered %v, err %v; want %v, %d, %v, err %v",
				tc.in, f.args, f.percents, f.reordered, f.err, tc.args, tc.percents, tc.reordered, tc.err)
		}
	}
}

// TestAPI checks the lookups' contract: English for a language the
// catalogue lacks, keys without the namespace in a Table, a new map at each
// call, and a panic for a key or namespace the catalogue lacks.
func TestAPI(t *testing.T) {
	if got, want := T("zh", "report.yes"), "是"; got != want {
		t.Errorf(`T("zh", "report.yes") = %q, want %q`, got, want)
	}
	for _, lang := range []string{"en", "", "fr"} {
		if got, want := T(lang, "report.yes"), "yes"; got != want {
			t.Errorf(`T(%q, "report.yes") = %q, want %q`, lang, got, want)
		}
	}
	tb := Table("chart", "zh")
	if got, want := tb["No data"], "无数据"; got != want || len(tb) != 6 {
		t.Errorf(`Table("chart", "zh")["No data"] = %q in %d words, want %q in 6`, got, len(tb), want)
	}
	tb["No data"] = "changed"
	if got := Table("chart", "zh")["No data"]; got != "无数据" {
		t.Errorf("changing a Table changed the catalogue: %q", got)
	}
	if got := len(Table("report", "en")); got != countNS("report") {
		t.Errorf(`len(Table("report", "en")) = %d, want %d`, got, countNS("report"))
	}
	if !Supported("en") || !Supported("zh") || Supported("") || Supported("fr") {
		t.Error("Supported: want en and zh only")
	}
	for _, f := range []func(){func() { T("en", "report.nothing") }, func() { Table("nothing", "en") }, func() { Table("repo", "en") }} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("a key or namespace the catalogue lacks: want a panic")
				}
			}()
			f()
		}()
	}
}

// format is what parseFormat finds in a format.
type format struct {
	args      map[int]rune // argument (from 1) -> verb
	verbs     int
	percents  int  // %%
	reordered bool // some verb has an explicit index, %[n]s
	err       error
}

func (f format) isFormat() bool { return f.verbs > 0 || f.percents > 0 }

func (f format) maxArg() int {
	n := 0
	for i := range f.args {
		n = max(n, i)
	}
	return n
}

// parseFormat reads s as fmt does: %[flags][width][.prec][[n]]verb, where
// an explicit index [n] sets the argument of this verb and the next ones
// follow it. An index elsewhere ("%[2].1f", which fmt prints as BADINDEX),
// a width or precision from an argument (*), a % that starts no verb, and
// an argument used with two verbs are errors.
func parseFormat(s string) format {
	f := format{args: map[int]rune{}}
	fail := func(format string, a ...any) {
		if f.err == nil {
			f.err = fmt.Errorf(format, a...)
		}
	}
	arg := 1
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		if rs[i] != '%' {
			continue
		}
		start := i
		i++
		for i < len(rs) && strings.ContainsRune("+-# 0", rs[i]) {
			i++
		}
		for i < len(rs) && rs[i] >= '0' && rs[i] <= '9' { // width
			i++
		}
		if i < len(rs) && rs[i] == '.' { // precision
			i++
			for i < len(rs) && rs[i] >= '0' && rs[i] <= '9' {
				i++
			}
		}
		if i < len(rs) && rs[i] == '[' { // the argument, just before the verb
			j := i + 1
			n := 0
			for j < len(rs) && rs[j] >= '0' && rs[j] <= '9' {
				n = n*10 + int(rs[j]-'0')
				j++
			}
			if j >= len(rs) || rs[j] != ']' || n == 0 {
				fail("bad index in %q", s)
				break
			}
			arg, f.reordered, i = n, true, j+1
		}
		if i >= len(rs) {
			fail("%q ends in a %%", s)
			break
		}
		switch v := rs[i]; {
		case v == '%' && i == start+1:
			f.percents++
		case v == '*':
			fail("a width or precision from an argument (*) in %q", s)
		case strings.ContainsRune("vTtbcdoOqxXUeEfFgGsp", v):
			if old, ok := f.args[arg]; ok && old != v {
				fail("argument %d is both %%%c and %%%c", arg, old, v)
			} else {
				f.args[arg] = v
			}
			f.verbs++
			arg++
		default:
			fail("%q is no verb (a lone %% in a format is %%%%)", string(rs[start:i+1]))
			i = start // read on after the lone %
		}
	}
	return f
}

// sample is an argument that a verb prints without complaint.
func sample(v rune) any {
	switch v {
	case 'd', 'b', 'o', 'O', 'x', 'X', 'c', 'U':
		return 7
	case 'e', 'E', 'f', 'F', 'g', 'G':
		return 1.5
	case 't':
		return true
	case 'p':
		return new(int)
	}
	return "x"
}

func sortedKeys() []string {
	keys := make([]string, 0, len(catalog))
	for k := range catalog {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func countNS(ns string) int {
	n := 0
	for k := range catalog {
		if strings.HasPrefix(k, ns+".") {
			n++
		}
	}
	return n
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
