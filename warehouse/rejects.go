package warehouse

import (
	"context"
	"fmt"
)

// StoredReject is one row of the rejects table: what was set aside (Reject;
// Sheet and Cell empty for a whole file), the file's name relative to the
// project folder and the run that set it aside (nil if not recorded).
type StoredReject struct {
	File string
	Reject
	Run *int64
}

// Rejects lists what ingest set aside, by file, then sheet and cell in sheet
// order, then run. With all false only the current version of each file
// counts (the latest recorded under its source and name), so a file that
// was corrected and loaded again no longer shows its old rejects; with all
// true every version's rejects are listed.
func (db *DB) Rejects(ctx context.Context, all bool) ([]StoredReject, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT r.file, r.sheet, r.cell, r.reason, r.message, r.raw, r.run_id
		FROM rejects r JOIN files f ON f.id = r.file_id
		WHERE ? OR f.id = (SELECT max(g.id) FROM files g WHERE g.source = f.source AND g.name = f.name)
		ORDER BY r.file, r.sheet, length(r.cell), r.cell, r.run_id`, all)
	if err != nil {
		return nil, fmt.Errorf("read rejects: %w", err)
	}
	defer rows.Close()
	var out []StoredReject
	for rows.Next() {
		var r StoredReject
		if err := rows.Scan(&r.File, &r.Sheet, &r.Cell, &r.Reason, &r.Message, &r.Raw, &r.Run); err != nil {
			return nil, fmt.Errorf("read rejects: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read rejects: %w", err)
	}
	return out, nil
}
