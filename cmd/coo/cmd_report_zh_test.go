package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// maxEnglish is how many English words the demo's Chinese report may hold
// besides abbreviations, model strings and the demo's own data.
const maxEnglish = 15

// englishAllowed are the abbreviations and names a Chinese reader meets as
// they are: currencies, statistics, the program and its methods.
var englishAllowed = map[string]bool{
	"CNY": true, "ETS": true, "MASE": true, "YTD": true, "FY": true, "ARIMA": true, "SES": true, "KPI": true,
	"pp": true, "UTC": true, "sMAPE": true, "MinT": true, "coo": true,
	// forecast methods as package forecast names them (model strings)
	"comb": true, "theta": true, "otm": true, "ses": true, "ets": true, "arima": true, "croston": true,
	"sba": true, "tsb": true, "auto": true, "Theta": true,
}

// demoData are words of the demo's data, which the report quotes as they
// are: the company, sources and dimension values (regions, product lines,
// channels, cost lines, the rejects command).
var demoData = map[string]bool{
	"Lotus": true, "Home": true, "Appliances": true, "Co": true, "Ltd": true,
	"finance": true, "hr": true, "sales": true, "marketing": true, "rd": true, "budget": true, "reps": true, "rejects": true,
	"East": true, "West": true, "North": true, "South": true, "Office": true, "Commercial": true,
	"Online": true, "Events": true, "Partners": true, "Print": true,
	"Payroll": true, "Logistics": true, "Marketing": true, "IT": true, "Travel": true, "Rent": true,
}

var (
	mdNoise = []*regexp.Regexp{
		regexp.MustCompile(`!\[[^]]*\]\([^)]*\)`),                               // images
		regexp.MustCompile(`</?[a-z]+>`),                                        // <sub>, <br>
		regexp.MustCompile(`[\w./-]+\.(xlsx|png|csv|md|html|pdf)`),              // file names
		regexp.MustCompile(`ARIMA\([\d,]+\)(\([\d,]+\))?( with (drift|mean))?`), // model strings
		regexp.MustCompile(`ETS\([A-Za-z,]+\)`),
	}
	wordRE = regexp.MustCompile(`[A-Za-z][A-Za-z]+`)
)

// englishWords are the words of md in Latin letters that are neither
// allowed abbreviations nor the demo's data, and those that are data.
func englishWords(md string) (english, data []string) {
	for _, re := range mdNoise {
		md = re.ReplaceAllString(md, " ")
	}
	for _, w := range wordRE.FindAllString(md, -1) {
		switch {
		case englishAllowed[w]:
		case demoData[w]:
			data = append(data, w)
		default:
			english = append(english, w)
		}
	}
	return english, data
}

// TestReportMonthlyChinese writes the demo's monthly report in Chinese and
// counts the English left in it: every sentence, label, unit, header and
// chart text is to be Chinese, the metric, department and ratio names
// included (the demo's project file gives each in both languages).
func TestReportMonthlyChinese(t *testing.T) {
	if testing.Short() {
		t.Skip("the demo takes a while")
	}
	dir := filepath.Join(t.TempDir(), "demo")
	if code, out, errs := runCoo(t, "demo", "--project", dir, "--quiet"); code != exitOK {
		t.Fatalf("coo demo = %d\n%s\n%s", code, out, errs)
	}
	file := filepath.Join(dir, "coo.yaml")
	y, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	zh := regexp.MustCompile(`(?m)^language: en\b`).ReplaceAll(y, []byte("language: zh"))
	if string(zh) == string(y) {
		t.Fatal("the demo's coo.yaml has no `language: en` to change")
	}
	if err := os.WriteFile(file, zh, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if code, stdout, errs := runCoo(t, "report", "monthly", "--project", dir, "--period", "2026-10", "--out", out, "--format", "md"); code != exitOK {
		t.Fatalf("coo report monthly = %d\n%s\n%s", code, stdout, errs)
	}
	md, err := os.ReadFile(filepath.Join(out, "monthly-2026-10.md"))
	if err != nil {
		t.Fatal(err)
	}
	english, data := englishWords(string(md))
	t.Logf("%d English words, %d words of the demo's data", len(english), len(data))
	if len(english) > maxEnglish {
		count := map[string]int{}
		for _, w := range english {
			count[w]++
		}
		var ws []string
		for w, n := range count {
			ws = append(ws, fmt.Sprintf("%s×%d", w, n))
		}
		sort.Strings(ws)
		t.Errorf("the Chinese report holds %d English words, want at most %d: %s", len(english), maxEnglish, strings.Join(ws, " "))
	}
	for _, bad := range []string{" count", " people", " units", "Actual", "Forecast", "Budget"} {
		if strings.Contains(string(md), bad) {
			t.Errorf("the Chinese report holds %q", bad)
		}
	}
}
