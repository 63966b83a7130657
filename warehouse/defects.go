package warehouse

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"coo"
)

// Defects lists what the figures of a report for month upTo may depend on
// and that is not as sent or as published, oldest month first within each
// kind:
//
//   - Rejected: each cell set aside in a current loaded file, with the
//     months that file supplies (the month of a row that did not load is
//     not known, so every month of its file counts);
//   - Refused: each file refused whole (or in conflict) with nothing loaded
//     at its path since, touching every month of its source;
//   - Missing: each month up to upTo, from its first month on, for which a
//     required source has no facts;
//   - Restated: each month up to the latest published report's that a file
//     without rejects had supplied and a later file replaced after that
//     report was published (published: a successful run that recorded a
//     monthly-YYYY-MM output); File is the new file, Detail the old one.
//
// Detail is otherwise the reject's message; Missing has none.
func (db *DB) Defects(ctx context.Context, required []string, upTo coo.Period) ([]coo.Defect, error) {
	var out []coo.Defect
	for _, q := range []func(context.Context) ([]coo.Defect, error){db.rejectedDefects, db.refusedDefects,
		func(ctx context.Context) ([]coo.Defect, error) { return db.missingDefects(ctx, required, upTo) },
		func(ctx context.Context) ([]coo.Defect, error) { return db.restatedDefects(ctx, upTo) }} {
		d, err := q(ctx)
		if err != nil {
			return nil, fmt.Errorf("defects: %w", err)
		}
		out = append(out, d...)
	}
	return out, nil
}

func (db *DB) rejectedDefects(ctx context.Context) ([]coo.Defect, error) {
	rows, err := db.sql.QueryContext(ctx, `
WITH cur AS (SELECT id, source, name FROM files WHERE status = 'loaded' AND rejects > 0),
months AS (SELECT file_id, list(DISTINCT period ORDER BY period) AS ps FROM fact_cells
	WHERE file_id IN (SELECT id FROM cur) GROUP BY file_id)
SELECT f.source, f.name, r.sheet, r.cell, r.reason, r.message, coalesce(m.ps, [])
FROM rejects r JOIN cur f ON f.id = r.file_id LEFT JOIN months m ON m.file_id = f.id
ORDER BY f.name, r.sheet, r.cell`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []coo.Defect
	for rows.Next() {
		d := coo.Defect{Kind: coo.Rejected}
		var ps []any
		if err := rows.Scan(&d.Source, &d.File, &d.Sheet, &d.Cell, &d.Reason, &d.Detail, &ps); err != nil {
			return nil, err
		}
		for _, p := range ps {
			d.Months = append(d.Months, coo.Period(p.(int32)))
		}
		d.Detail = unplaced(d.Detail, d.File)
		out = append(out, d)
	}
	return out, rows.Err()
}

// unplaced removes from a reject's message the place that Defect.Where
// gives already: a leading "FILE: " and "sheet "S" cell C: ".
func unplaced(msg, file string) string {
	msg = strings.TrimPrefix(msg, file+": ")
	if rest, ok := strings.CutPrefix(msg, "sheet "); ok {
		if i := strings.Index(rest, " cell "); i >= 0 {
			if j := strings.Index(rest[i+6:], ": "); j >= 0 {
				return rest[i+6+j+2:]
			}
		}
	}
	return msg
}

func (db *DB) refusedDefects(ctx context.Context) ([]coo.Defect, error) {
	rows, err := db.sql.QueryContext(ctx, `
WITH pending AS (
	SELECT r.source, r.name, max(r.id) AS id FROM files r
	WHERE r.status IN ('refused', 'conflict')
	  AND NOT EXISTS (SELECT 1 FROM files c WHERE c.source = r.source AND c.name = r.name
	    AND c.id > r.id AND c.status IN ('loaded', 'replaced'))
	GROUP BY ALL)
SELECT p.source, p.name, f.status, coalesce(any_value(j.reason), ''), coalesce(any_value(j.message), '')
FROM pending p JOIN files f ON f.id = p.id LEFT JOIN rejects j ON j.file_id = p.id
GROUP BY ALL ORDER BY p.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []coo.Defect
	for rows.Next() {
		d := coo.Defect{Kind: coo.Refused}
		var status string
		if err := rows.Scan(&d.Source, &d.File, &status, &d.Reason, &d.Detail); err != nil {
			return nil, err
		}
		if d.Reason == "" {
			d.Reason = status
		}
		d.Detail = strings.TrimPrefix(d.Detail, d.File+": ")
		out = append(out, d)
	}
	return out, rows.Err()
}

func (db *DB) missingDefects(ctx context.Context, required []string, upTo coo.Period) ([]coo.Defect, error) {
	if len(required) == 0 {
		return nil, nil
	}
	rows, err := db.sql.QueryContext(ctx, `
SELECT f.source, list(DISTINCT c.period ORDER BY c.period)
FROM fact_cells c JOIN files f ON f.id = c.file_id
WHERE f.status = 'loaded' AND c.period <= ? GROUP BY f.source`, int32(upTo))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	have := map[string][]coo.Period{}
	for rows.Next() {
		var src string
		var ps []any
		if err := rows.Scan(&src, &ps); err != nil {
			return nil, err
		}
		for _, p := range ps {
			have[src] = append(have[src], coo.Period(p.(int32)))
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []coo.Defect
	for _, src := range required {
		ps := have[src]
		if len(ps) == 0 {
			out = append(out, coo.Defect{Kind: coo.Missing, Source: src, Reason: string(coo.Missing)})
			continue
		}
		for p := ps[0]; p <= upTo; p++ {
			if _, ok := slices.BinarySearch(ps, p); !ok {
				out = append(out, coo.Defect{Kind: coo.Missing, Source: src, Reason: string(coo.Missing), Months: []coo.Period{p}})
			}
		}
	}
	return out, nil
}

// monthlyOutput recognises a monthly report among a run's outputs.
var monthlyOutput = regexp.MustCompile(`monthly-(\d{4}-\d{2})\.(html|pdf|md)$`)

// LastPublished returns the month and time of the latest successful run
// that wrote a monthly report; zero values if none did.
func (db *DB) LastPublished(ctx context.Context) (coo.Period, time.Time, error) {
	rows, err := db.sql.QueryContext(ctx, `
SELECT f.path, r.ended FROM run_files f JOIN runs r ON r.id = f.run_id
WHERE f.role = 'output' AND r.status IN ('ok', 'rejects') AND r.ended IS NOT NULL
ORDER BY r.ended DESC, r.id DESC`)
	if err != nil {
		return 0, time.Time{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var path string
		var ended time.Time
		if err := rows.Scan(&path, &ended); err != nil {
			return 0, time.Time{}, err
		}
		if m := monthlyOutput.FindStringSubmatch(path); m != nil {
			p, err := coo.ParsePeriod(m[1])
			if err != nil {
				continue
			}
			return p, ended.UTC(), nil
		}
	}
	return 0, time.Time{}, rows.Err()
}

func (db *DB) restatedDefects(ctx context.Context, upTo coo.Period) ([]coo.Defect, error) {
	pub, at, err := db.LastPublished(ctx)
	if err != nil || pub == 0 {
		return nil, err
	}
	rows, err := db.sql.QueryContext(ctx, `
SELECT o.source, n.name, o.name, min(r.period), list(DISTINCT r.period ORDER BY r.period)
FROM replacements r JOIN files o ON o.id = r.old_file_id JOIN files n ON n.id = r.new_file_id
WHERE o.rejects = 0 AND n.loaded_at > ? AND r.period <= ?
GROUP BY ALL ORDER BY 4, 2`, at, min(pub, upTo).String())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []coo.Defect
	for rows.Next() {
		d := coo.Defect{Kind: coo.Restated, Reason: string(coo.Restated)}
		var first string
		var ps []any
		if err := rows.Scan(&d.Source, &d.File, &d.Detail, &first, &ps); err != nil {
			return nil, err
		}
		for _, p := range ps {
			if m, err := coo.ParsePeriod(fmt.Sprint(p)); err == nil {
				d.Months = append(d.Months, m)
			}
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
