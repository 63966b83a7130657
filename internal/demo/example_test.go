package demo_test

import (
	"fmt"

	"coo/internal/demo"
)

func ExampleGenerate() {
	c, err := demo.Generate(demo.Options{}) // the default seed, 1
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(c.Files), "workbooks, from", c.Files[0].Path, "to", c.Files[len(c.Files)-1].Path)
	fmt.Println(len(c.Truth.Facts), "facts,", len(c.Truth.Problems), "problems to find")
	for _, p := range c.Truth.Problems {
		fmt.Printf("%s %s!%s: %s\n", p.File, p.Sheet, p.Cell, p.Reason)
	}
	// Output:
	// 148 workbooks, from workbooks/finance/finance-2023-04.xlsx to workbooks/sales/sales-2026-10.xlsx
	// 6124 facts, 4 problems to find
	// workbooks/marketing/marketing-FY2026.xlsx Channels!S7: total_mismatch
	// workbooks/rd/rd-2024-Q4.xlsx 2024年11月!D7: #N/A
	// workbooks/rd/rd-2026-Q1.xlsx 2026年2月!C6: #DIV/0!
	// workbooks/sales/sales-2026-07.xlsx Sales!E16: formula without cached value
}
