// Command encrypt writes the fixtures that need excelize as their producer:
// encrypted.xlsx (a workbook encrypted with the password "coo", which Excel
// and excelize store as an OLE compound file with an EncryptionInfo stream)
// and sharedformula.xlsx (shared formulas, whose dependents Excel writes as
// <f t="shared" si="0"/>). Run once from ingest/xlsx/testdata:
//
//	go run ./gen/encrypt
//
// The expected values are in the tests, written by hand.
package main

import (
	"log"

	"github.com/xuri/excelize/v2"
)

func main() {
	f := excelize.NewFile()
	if err := f.SetCellValue("Sheet1", "A1", "secret figures"); err != nil {
		log.Fatal(err)
	}
	if err := f.SaveAs("encrypted.xlsx", excelize.Options{Password: "coo"}); err != nil {
		log.Fatal(err)
	}

	g := excelize.NewFile()
	for r, v := range []int{10, 20, 30, 40} {
		cell, _ := excelize.CoordinatesToCellName(1, r+1)
		if err := g.SetCellValue("Sheet1", cell, v); err != nil {
			log.Fatal(err)
		}
	}
	shared, ref := "shared", "B1:C4"
	if err := g.SetCellFormula("Sheet1", "B1", `A1*2+$A$1+SUM(A$1:A1)&"A1"`, excelize.FormulaOpts{Type: &shared, Ref: &ref}); err != nil {
		log.Fatal(err)
	}
	if err := g.SaveAs("sharedformula.xlsx"); err != nil {
		log.Fatal(err)
	}
}
