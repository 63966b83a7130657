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
//     at its path since, touching every month of its source; one defect
//     for a workbook that several sources read and refused the same way,
//     Source joining them with ", ";
//   - Missing: each month up to upTo, from its first month on, for which a
//     required source has no facts; none for a source with a refused file
//     that nothing was ever loaded from at its path: its months are not
//     known, so the months its source lacks are named once, as that
//     refusal (which touches every month of the source);
//   - Absent: per source and measure sent for upTo, the members that had
//     a value in each of the coo.AbsentHistory months before and none in
//     upTo (Detail: their dims joined with ", "; File: the workbooks that
//     sent upTo, joined the same way);
//   - Restated: each workbook sent again after the latest published report
//     (published: a successful run that recorded a monthly-YYYY-MM output;
//     the latest of the greatest month up to upTo, LastPublished)
//     that changed a value of a month up to that report's: one defect per
//     workbook, however many sources read it, with the months whose values
//     changed. A workbook sent again with the same values restates nothing,
//     and a file that corrects one with rejected cells is the fix, not a
//     restatement, unless it also changes or removes a value that had
//     loaded. File is the new workbook, Detail the one it replaced
//     (the same name when sent again at its path), Source the sources whose
//     values changed, joined with ", " when more than one
//     (analysis.DefectSources splits them).
//
// Detail is otherwise the reject's message; Missing has none.
func (db *DB) Defects(ctx context.Context, required []string, upTo coo.Period) ([]coo.Defect, error) {
	rejected, err := db.rejectedDefects(ctx)
	if err != nil {
		return nil, fmt.Errorf("defects: %w", err)
	}
	refused, noMonths, err := db.refusedDefects(ctx)
	if err != nil {
		return nil, fmt.Errorf("defects: %w", err)
	}
	missing, err := db.missingDefects(ctx, required, upTo)
	if err != nil {
		return nil, fmt.Errorf("defects: %w", err)
	}
	absent, err := db.absentDefects(ctx, upTo)
	if err != nil {
		return nil, fmt.Errorf("defects: %w", err)
	}
	restated, err := db.restatedDefects(ctx, upTo)
	if err != nil {
		return nil, fmt.Errorf("defects: %w", err)
	}
	out := append(rejected, refused...)
	for _, d := range missing {
		if !noMonths[d.Source] {
			out = append(out, d)
		}
	}
	out = append(out, absent...)
	return append(out, restated...), nil
}

// absentDefects returns, per month q of the coo.AbsentWindow months up to
// upTo and per source and measure that has values for q, one Absent
// defect naming the members (dims, in order; the total's own facts,
// without dims, are not members) that had a value in each of the
// coo.AbsentHistory months before q and none in q, and the workbooks that
// sent q. A month that a workbook with cells set aside supplies is left
// out: the row set aside is the member missing, and its Rejected defect
// names the cell. Months before upTo count too: a row left out of August's
// workbook keeps October's year to date short (found from outside: only
// August's own report named it).
func (db *DB) absentDefects(ctx context.Context, upTo coo.Period) ([]coo.Defect, error) {
	from := upTo - coo.AbsentWindow + 1
	rows, err := db.sql.QueryContext(ctx, `
WITH cur AS (
	SELECT m.source, m.metric, c.dims_id, c.period, c.file_id FROM fact_cells c
	JOIN files f ON f.id = c.file_id AND f.status = 'loaded'
	JOIN fact_metrics m ON m.id = c.metric_id
	WHERE c.period BETWEEN ? AND ?),
qs AS (SELECT range::INTEGER AS q FROM range(?, ? + 1)),
steady AS (
	SELECT qs.q, cur.source, cur.metric, cur.dims_id FROM qs JOIN cur ON cur.period BETWEEN qs.q - ? AND qs.q - 1
	GROUP BY ALL HAVING count(DISTINCT cur.period) = ?),
now AS (SELECT DISTINCT period AS q, source, metric, dims_id FROM cur WHERE period >= ?),
sent AS (
	SELECT cur.period AS q, cur.source, cur.metric, list(DISTINCT f.name ORDER BY f.name) AS files
	FROM cur JOIN files f ON f.id = cur.file_id WHERE cur.period >= ? GROUP BY ALL)
SELECT s.q, s.source, s.metric, any_value(sent.files), list(d.dims ORDER BY d.dims)
FROM steady s JOIN sent ON sent.q = s.q AND sent.source = s.source AND sent.metric = s.metric
JOIN fact_dims d ON d.id = s.dims_id
WHERE d.dims <> '' AND NOT EXISTS (SELECT 1 FROM now n WHERE n.q = s.q AND n.source = s.source AND n.metric = s.metric AND n.dims_id = s.dims_id)
	AND NOT EXISTS (SELECT 1 FROM cur c JOIN files f ON f.id = c.file_id WHERE f.rejects > 0 AND c.source = s.source AND c.period = s.q)
GROUP BY s.q, s.source, s.metric ORDER BY s.q, s.source, s.metric`,
		int(from-coo.AbsentHistory), int(upTo), int(from), int(upTo), coo.AbsentHistory, coo.AbsentHistory, int(from), int(from))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []coo.Defect
	for rows.Next() {
		d := coo.Defect{Kind: coo.Absent, Reason: string(coo.Absent)}
		var q int32
		var files, dims []any
		if err := rows.Scan(&q, &d.Source, &d.Measure, &files, &dims); err != nil {
			return nil, err
		}
		d.Months = []coo.Period{coo.Period(q)}
		d.File, d.Detail = joinAny(files), joinAny(dims)
		out = append(out, d)
	}
	return out, rows.Err()
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

// refusedDefects returns the files refused whole and not replaced since,
// and the sources of those that nothing was ever loaded from at their path
// (so that the months they hold are the ones their source lacks).
func (db *DB) refusedDefects(ctx context.Context) ([]coo.Defect, map[string]bool, error) {
	rows, err := db.sql.QueryContext(ctx, `
WITH pending AS (
	SELECT r.source, r.name, max(r.id) AS id FROM files r
	WHERE r.status IN ('refused', 'conflict')
	  AND NOT EXISTS (SELECT 1 FROM files c WHERE c.source = r.source AND c.name = r.name
	    AND c.id > r.id AND c.status IN ('loaded', 'replaced'))
	GROUP BY ALL)
SELECT p.source, p.name, f.status, coalesce(any_value(j.reason), ''), coalesce(any_value(j.message), ''),
	EXISTS (SELECT 1 FROM files c WHERE c.source = p.source AND c.name = p.name AND c.status IN ('loaded', 'replaced'))
FROM pending p JOIN files f ON f.id = p.id LEFT JOIN rejects j ON j.file_id = p.id
GROUP BY ALL ORDER BY p.name, p.source`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var out []coo.Defect
	noMonths := map[string]bool{}
	for rows.Next() {
		d := coo.Defect{Kind: coo.Refused}
		var status string
		var loadedBefore bool
		if err := rows.Scan(&d.Source, &d.File, &status, &d.Reason, &d.Detail, &loadedBefore); err != nil {
			return nil, nil, err
		}
		if d.Reason == "" {
			d.Reason = status
		}
		d.Detail = strings.TrimPrefix(d.Detail, d.File+": ")
		if !loadedBefore {
			noMonths[d.Source] = true
		}
		// A workbook several sources read, refused for each the same way
		// (a truncated file), is one defect naming them all: it was named
		// once per source, and not which (found from outside).
		if n := len(out); n > 0 && out[n-1].File == d.File && out[n-1].Reason == d.Reason && out[n-1].Detail == d.Detail {
			out[n-1].Source += ", " + d.Source
			continue
		}
		out = append(out, d)
	}
	return out, noMonths, rows.Err()
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

// LastPublished returns the month and time of the publication a report of
// month upTo is compared with, for restatements: of the successful runs
// that wrote a monthly report, the latest of those for the greatest month
// up to upTo, or, when none is that early, the latest of all; zero values
// if none wrote one. A preview of an earlier month (June, written after
// October was published) is not the baseline of October's next report:
// it took a restatement of May that October's readers never saw as
// published (found from outside).
func (db *DB) LastPublished(ctx context.Context, upTo coo.Period) (coo.Period, time.Time, error) {
	rows, err := db.sql.QueryContext(ctx, `
SELECT f.path, r.ended FROM run_files f JOIN runs r ON r.id = f.run_id
WHERE f.role = 'output' AND r.status IN ('ok', 'rejects') AND r.ended IS NOT NULL
ORDER BY r.ended DESC, r.id DESC`)
	if err != nil {
		return 0, time.Time{}, err
	}
	defer rows.Close()
	var latest, early coo.Period
	var latestAt, earlyAt time.Time
	for rows.Next() {
		var path string
		var ended time.Time
		if err := rows.Scan(&path, &ended); err != nil {
			return 0, time.Time{}, err
		}
		m := monthlyOutput.FindStringSubmatch(path)
		if m == nil {
			continue
		}
		p, err := coo.ParsePeriod(m[1])
		if err != nil {
			continue
		}
		if latest == 0 {
			latest, latestAt = p, ended.UTC()
		}
		if p <= upTo && p > early { // newest first: the first of the greatest month
			early, earlyAt = p, ended.UTC()
		}
	}
	if err := rows.Err(); err != nil {
		return 0, time.Time{}, err
	}
	if early != 0 {
		return early, earlyAt, nil
	}
	return latest, latestAt, nil
}

func (db *DB) restatedDefects(ctx context.Context, upTo coo.Period) ([]coo.Defect, error) {
	pub, at, err := db.LastPublished(ctx, upTo)
	if err != nil || pub == 0 {
		return nil, err
	}
	// changed is NULL for replacements recorded before schema 6: whether
	// they changed a value is not known, so they count. A workbook that
	// corrects one with cells set aside brings the rows they stopped: it
	// restates only when it changes or removes a value that had loaded
	// (altered; found from outside: September re-sent with its blank
	// travel cell filled and payroll 1 M higher read as complete).
	// altered is NULL before schema 8: not counted, as before.
	rows, err := db.sql.QueryContext(ctx, `
SELECT n.name, list(DISTINCT o.source ORDER BY o.source), list(DISTINCT o.name ORDER BY o.name),
	list(DISTINCT r.period ORDER BY r.period)
FROM replacements r JOIN files o ON o.id = r.old_file_id JOIN files n ON n.id = r.new_file_id
WHERE n.loaded_at > ? AND r.period <= ? AND
	(o.rejects = 0 AND coalesce(r.changed, 1) > 0 OR o.rejects > 0 AND coalesce(r.altered, 0) > 0)
GROUP BY n.name ORDER BY min(r.period), n.name`, at, min(pub, upTo).String())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []coo.Defect
	for rows.Next() {
		d := coo.Defect{Kind: coo.Restated, Reason: string(coo.Restated)}
		var srcs, olds, ps []any
		if err := rows.Scan(&d.File, &srcs, &olds, &ps); err != nil {
			return nil, err
		}
		d.Source, d.Detail = joinAny(srcs), joinAny(olds)
		for _, p := range ps {
			if m, err := coo.ParsePeriod(fmt.Sprint(p)); err == nil {
				d.Months = append(d.Months, m)
			}
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// joinAny joins a list of text that DuckDB returned with ", ".
func joinAny(xs []any) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ", ")
}
