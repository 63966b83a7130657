package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"

	"coo"
)

// FactCells returns the facts behind metric m's value for dims ("" for
// the total, "key=value" for a breakdown, as in metric_values) in month
// p, sorted by file, sheet, row and column. Each comes with the median of
// the values of the facts with the same dimensions in the six months
// either side (Typical), so that a caller can tell which cells moved a
// month's figure.
func (db *DB) FactCells(ctx context.Context, m *coo.Metric, dims string, p coo.Period) ([]coo.FactCell, error) {
	cells, err := db.factCells(ctx, m, dims, p, p)
	return cells[p], err
}

// FactCellsBetween is FactCells for every month from from to to at once,
// for the whole of metric m (no dims), by month: one query where a month at
// a time took one each (the report judges every cell of the year to date
// against its own history).
func (db *DB) FactCellsBetween(ctx context.Context, m *coo.Metric, from, to coo.Period) (map[coo.Period][]coo.FactCell, error) {
	return db.factCells(ctx, m, "", from, to)
}

// factCells is FactCells for dims in every month from from to to, by month.
func (db *DB) factCells(ctx context.Context, m *coo.Metric, dims string, from, to coo.Period) (map[coo.Period][]coo.FactCell, error) {
	var where strings.Builder
	args := filterSQL(&where, []any{m.Source, m.Measure, int32(from - 6), int32(to + 6)}, m.Where)
	if dims != "" {
		ds, err := coo.ParseDims(dims)
		if err != nil {
			return nil, fmt.Errorf("fact cells of %s %q: %w", m.Name, dims, err)
		}
		for _, d := range ds {
			where.WriteString(" AND dim_value(d.dims, ?) = ?")
			args = append(args, d.Key, coo.EscapeDim(d.Value))
		}
	}
	args = append(args, int32(from), int32(to))
	// The same dimensions in the six months either side, the month itself
	// left out (EXCLUDE GROUP: the rows of the same period).
	rows, err := db.sql.QueryContext(ctx, `
WITH near AS (
	SELECT f.name AS file, s.sheet, c."row", c.col, d.dims, c.period, c.value
	FROM fact_cells c
	JOIN files f ON f.id = c.file_id AND f.status = 'loaded'
	JOIN fact_metrics fm ON fm.id = c.metric_id
	JOIN fact_dims d ON d.id = c.dims_id
	JOIN fact_sheets s ON s.id = c.sheet_id
	WHERE fm.source = ? AND fm.metric = ? AND c.period BETWEEN ? AND ?`+where.String()+`),
w AS (SELECT *, median(value) OVER (PARTITION BY dims ORDER BY period
	RANGE BETWEEN 6 PRECEDING AND 6 FOLLOWING EXCLUDE GROUP) AS typical FROM near)
SELECT period, file, sheet, "row", col, dims, value, typical FROM w
WHERE period BETWEEN ? AND ?
ORDER BY period, file, sheet, "row", col`, args...)
	if err != nil {
		return nil, fmt.Errorf("fact cells of %s: %w", m.Name, err)
	}
	defer rows.Close()
	out := map[coo.Period][]coo.FactCell{}
	for rows.Next() {
		var c coo.FactCell
		var p int32
		var typical sql.NullFloat64
		if err := rows.Scan(&p, &c.File, &c.Cell.Sheet, &c.Cell.Row, &c.Cell.Col, &c.Dims, &c.Value, &typical); err != nil {
			return nil, err
		}
		if c.Cell.Col == 0 {
			c.Cell.Row = 0
		}
		c.Typical = math.NaN()
		if typical.Valid {
			c.Typical = typical.Float64
		}
		out[coo.Period(p)] = append(out[coo.Period(p)], c)
	}
	return out, rows.Err()
}
