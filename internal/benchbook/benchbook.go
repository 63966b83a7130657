// Package benchbook writes the ledger workbook the ingest benchmarks read:
// rows × 8 columns (a month, three labels, four numbers), the shape of the
// issue's held-out 100,000 × 8 file, written by excelize's StreamWriter (a
// program other than coo's reader). Only tests import it.
package benchbook

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/xuri/excelize/v2"
)

// Mapping is the coo.yaml source that reads the ledger as source "sales",
// its files under inbox/.
const Mapping = `  - name: sales
    files: inbox/*.xlsx
    period: {column: Month}
    dimensions:
      - {name: region, column: Region}
      - {name: product, column: Product}
      - {name: store, column: Store}
    measures:
      - {name: units, column: Units}
      - {name: revenue, column: Revenue, unit: CNY}
      - {name: cost, column: Cost, unit: CNY}
      - {name: discount, column: Discount, unit: ratio}
`

// Ledger returns the workbook of the given rows; every row's labels are a
// new combination, so each row's dimension values are new to the warehouse.
// It is kept in the temporary folder and written once per machine.
func Ledger(rows int) ([]byte, error) {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("coo-bench-%d.xlsx", rows))
	if data, err := os.ReadFile(path); err == nil {
		return data, nil
	}
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return nil, err
	}
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	sw.SetRow("A1", []any{"Month", "Region", "Product", "Store", "Units", "Revenue", "Cost", "Discount"})
	regions := []string{"North", "East", "South", "West"}
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	// Every row is a new (region, product, store): a store per 480 rows,
	// in which region and product run through their 480 pairs. The month
	// repeats, so no two rows share a key, whatever the number of rows.
	for r := 0; r < rows; r++ {
		month := start.AddDate(0, r%72, 0)
		row := []any{
			excelize.Cell{StyleID: date, Value: month},
			regions[r%4], fmt.Sprintf("Product %03d", (r/4)%120), fmt.Sprintf("Store %04d", r/480),
			r%1000 + 1, float64(r%9973) * 12.5, float64(r%7919) * 7.25, float64(r%30) / 100,
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, row); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	tmp := path + fmt.Sprintf(".%d", os.Getpid())
	if os.WriteFile(tmp, buf.Bytes(), 0o644) == nil {
		os.Rename(tmp, path)
	}
	return buf.Bytes(), nil
}
