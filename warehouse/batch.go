package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"coo"
)

// RefusedEarlier reports whether the file, with this content and mapping,
// was the last version seen at its path and was refused as a whole, and
// why: a refused file still in the inbox is named on every run until it is
// replaced.
func (db *DB) RefusedEarlier(ctx context.Context, f File) (reason string, refused bool, err error) {
	f = f.valid()
	var msg sql.NullString
	err = db.sql.QueryRowContext(ctx, `
WITH last AS (SELECT id, sha256, mapping, status FROM files WHERE source = ? AND name = ? ORDER BY id DESC LIMIT 1)
SELECT (SELECT message FROM rejects r WHERE r.file_id = last.id ORDER BY rowid LIMIT 1)
FROM last WHERE sha256 = ? AND mapping = ? AND status = ?`,
		f.Source, f.Name, f.SHA256, f.Mapping, FileRefused).Scan(&msg)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	return msg.String, true, nil
}

// LastCompleteMonth returns, in one query, the latest month for which
// every required source has facts in its current files, and the required
// sources that have no facts at all (sorted). The month is 0 when no month
// is complete.
func (db *DB) LastCompleteMonth(ctx context.Context, required []string) (coo.Period, []string, error) {
	if len(required) == 0 {
		return 0, nil, errors.New("warehouse: LastCompleteMonth needs at least one source")
	}
	var month int32
	var missing []any
	err := db.sql.QueryRowContext(ctx, `
WITH req AS (SELECT DISTINCT unnest(?::VARCHAR[]) AS source),
cur AS (SELECT id, source FROM files WHERE replaced_by IS NULL AND status = 'loaded' AND source IN (SELECT source FROM req)),
have AS (SELECT DISTINCT f.source, c.period FROM fact_cells c JOIN cur f ON f.id = c.file_id)
SELECT
	coalesce((SELECT max(period) FROM (SELECT period FROM have GROUP BY period
		HAVING count(*) = (SELECT count(*) FROM req))), 0)::INTEGER,
	coalesce((SELECT list(source ORDER BY source) FROM req WHERE source NOT IN (SELECT source FROM have)), [])`,
		required).Scan(&month, &missing)
	if err != nil {
		return 0, nil, fmt.Errorf("latest complete month: %w", err)
	}
	var out []string
	for _, m := range missing {
		out = append(out, fmt.Sprint(m))
	}
	return coo.Period(month), out, nil
}

// RejectedCells lists the cells set aside in the current loaded files, as
// (file, sheet, cell).
func (db *DB) RejectedCells(ctx context.Context) ([][3]string, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT r.file, r.sheet, r.cell FROM rejects r JOIN files f ON f.id = r.file_id WHERE f.status = 'loaded' ORDER BY ALL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][3]string
	for rows.Next() {
		var k [3]string
		if err := rows.Scan(&k[0], &k[1], &k[2]); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}
