package ingest

import (
	"path/filepath"
	"testing"
)

// TestRound9 is the outside testers' ninth round, each case against the
// truth make_round9.py wrote beside its workbook: a row that adds up other
// rows of its block (a group above its members, as numbers or =SUM
// formulas; a subtotal or last row with a label no total word marks; the
// rest of a 其中 breakdown) refuses the file naming the rows, while
// neighbours that match by chance (one month of small whole numbers, a row
// of zeros, a sum in some months only) load; "Tot.", "彙總", "Summary",
// "全公司", "总额", "Total¹" are totals and look-alikes members; unit
// statements such as "HK$'000", "US$ million", "Expressed in RMB
// thousands", "数据单位：万元" and a currency other than the measure's
// refuse the file, and ones that agree load.
func TestRound9(t *testing.T) {
	cases := loadCases(t, filepath.Join("testdata", "round9", "want.json"))
	if len(cases) < 30 {
		t.Fatalf("%d cases in round9/want.json", len(cases))
	}
	for _, tc := range cases {
		name := filepath.Base(tc.File)
		if tc.As != "" {
			name = tc.As
		}
		t.Run(tc.Name, func(t *testing.T) { checkLayoutCase(t, tc, name) })
	}
}
