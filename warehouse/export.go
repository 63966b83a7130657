package warehouse

import (
	"context"
	"fmt"
)

// FactRow is one row of the facts view, as coo export writes it: text as
// stored (Period is YYYY-MM, Dims coo.FormatDims, Cell an A1 reference).
type FactRow struct {
	Source, Metric, Period, Dims string
	Value                        float64
	Unit, File, Sheet, Cell      string
}

// EachFact calls fn with every loaded fact, in the order ExportParquet
// writes them (source, metric, period, dims, file, sheet, then cell in
// sheet order). The row passed is reused: fn must copy what it keeps. An
// error from fn stops the iteration and is returned as it is.
func (db *DB) EachFact(ctx context.Context, fn func(*FactRow) error) error {
	rows, err := db.sql.QueryContext(ctx, `SELECT source, metric, period, dims, value, unit, file, sheet, cell
		FROM facts ORDER BY source, metric, period, dims, file, sheet, length(cell), cell`)
	if err != nil {
		return fmt.Errorf("read facts: %w", err)
	}
	defer rows.Close()
	var f FactRow
	for rows.Next() {
		if err := rows.Scan(&f.Source, &f.Metric, &f.Period, &f.Dims, &f.Value, &f.Unit, &f.File, &f.Sheet, &f.Cell); err != nil {
			return fmt.Errorf("read facts: %w", err)
		}
		if err := fn(&f); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read facts: %w", err)
	}
	return nil
}
