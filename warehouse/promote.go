package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"coo"
)

// Conflict is two or more files of one batch that claim the same source and
// period, or one workbook that two sources read the same cells of. None of
// them is loaded.
type Conflict struct {
	Source  string
	Period  coo.Period // the first period they share
	FileIDs []int64
	Files   []string
	// Reason says what was wrong when it is not two files of one source
	// and period (a workbook two sources read the same cells of).
	Reason string
}

// Promotion says what Promote did.
type Promotion struct {
	Loaded    int             // files promoted into the facts view
	Replaced  int             // earlier files whose every row was replaced
	Rows      int64           // earlier rows replaced
	ByFile    map[int64]int64 // rows each promoted file replaced
	Conflicts []Conflict      // files refused because they claim the same source and period
	// Dropped says, for each promoted file that lacks values of the
	// months it replaces, which (it is also the file's reject "dropped").
	Dropped map[int64]string
}

// Promote makes the files staged by run visible, in one transaction. Files of
// the batch that claim the same source and period are conflicts: none of them
// loads, and each gets a reject naming the others. Every other staged file
// replaces the rows of earlier files with the same source and periods, and
// the replacements are recorded. The result does not depend on the order in
// which the batch's files were loaded.
func (db *DB) Promote(ctx context.Context, runID int64) (Promotion, error) {
	p := Promotion{ByFile: map[int64]int64{}, Dropped: map[int64]string{}}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return p, err
	}
	defer tx.Rollback()

	// Conflicts: pairs of staged files of the run sharing a source and
	// period (a run that staged one file has none).
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM files WHERE status = 'staged' AND run_id IS NOT DISTINCT FROM ?`, nullID(runID)).Scan(&n); err != nil {
		return p, err
	}
	if n > 1 {
		// Workbooks two sources read first: one of them would otherwise
		// fall out as a same-month conflict and leave the other loaded.
		if p.Conflicts, err = sharedCells(ctx, tx, runID); err != nil {
			return p, err
		}
		same, err := conflicts(ctx, tx, runID)
		if err != nil {
			return p, err
		}
		p.Conflicts = append(p.Conflicts, same...)
	}

	// Promote the rest, oldest first; each replaces earlier rows of its
	// source and periods.
	var staged []int64
	rows, err := tx.QueryContext(ctx, `SELECT id FROM files WHERE status = 'staged' AND run_id IS NOT DISTINCT FROM ? ORDER BY id`, nullID(runID))
	if err != nil {
		return p, err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return p, err
		}
		staged = append(staged, id)
	}
	if err := rows.Close(); err != nil {
		return p, err
	}
	now := db.now()
	for _, id := range staged {
		// Only a file whose source already has loaded files can replace
		// anything: the common first load skips the comparison of values.
		var earlier bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM files WHERE status = 'loaded'
			AND source = (SELECT source FROM files WHERE id = ?))`, id).Scan(&earlier); err != nil {
			return p, err
		}
		if earlier {
			if err := replace(ctx, tx, runID, id, now, &p); err != nil {
				return p, err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE files SET status = 'loaded' WHERE id = ?`, id); err != nil {
			return p, err
		}
		p.Loaded++
	}
	return p, tx.Commit()
}

// conflicts finds the staged files of run that claim the same source and
// period, and refuses each of them with a reject naming the others.
func conflicts(ctx context.Context, tx *sql.Tx, runID int64) ([]Conflict, error) {
	var cs []Conflict
	rows, err := tx.QueryContext(ctx, `
		WITH sp AS (
			SELECT DISTINCT c.file_id, f.name, f.source, c.period
			FROM fact_cells c JOIN files f ON f.id = c.file_id
			WHERE f.status = 'staged' AND f.run_id IS NOT DISTINCT FROM ?)
		SELECT a.source, min(a.period), a.file_id, a.name, b.file_id, b.name
		FROM sp a JOIN sp b ON a.source = b.source AND a.period = b.period AND a.file_id < b.file_id
		GROUP BY ALL ORDER BY ALL`, nullID(runID))
	if err != nil {
		return nil, err
	}
	group := map[int64]int{} // file id -> index in cs
	for rows.Next() {
		var (
			src    string
			period int32
			a, b   int64
			an, bn string
		)
		if err := rows.Scan(&src, &period, &a, &an, &b, &bn); err != nil {
			rows.Close()
			return nil, err
		}
		i, ok := group[a]
		if j, okb := group[b]; okb && !ok {
			i, ok = j, true
		}
		if !ok {
			i = len(cs)
			cs = append(cs, Conflict{Source: src, Period: coo.Period(period)})
		}
		c := &cs[i]
		for _, f := range []struct {
			id   int64
			name string
		}{{a, an}, {b, bn}} {
			if _, in := group[f.id]; !in {
				group[f.id] = i
				c.FileIDs = append(c.FileIDs, f.id)
				c.Files = append(c.Files, f.name)
			}
		}
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	for _, c := range cs {
		for k, id := range c.FileIDs {
			others := append(append([]string{}, c.Files[:k]...), c.Files[k+1:]...)
			msg := fmt.Sprintf("%s and %s both hold %s data for %s; nothing of either was loaded: keep one file per source and period (remove or rename the other) and load again",
				c.Files[k], strings.Join(others, " and "), c.Source, c.Period)
			if err := refuseConflict(ctx, tx, id, msg); err != nil {
				return nil, err
			}
		}
	}
	return cs, nil
}

// refuseConflict takes staged file id out of the batch as a conflict, with
// a reject saying why.
func refuseConflict(ctx context.Context, tx *sql.Tx, id int64, msg string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM fact_cells WHERE file_id = ?`, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE files SET status = 'conflict' WHERE id = ?`, id); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO rejects (file_id, file, sha256, sheet, cell, reason, message, raw, run_id)
		SELECT id, name, sha256, '', '', 'conflict', ?, '', run_id FROM files WHERE id = ?`, msg, id)
	return err
}

// sharedCells finds a workbook of the batch that two sources read the same
// cells of (their files globs overlap: inbox/*.xlsx and
// inbox/budget-*.xlsx), and refuses it for both: a cell is one source's
// figure, and a budget file read as the actuals' source replaced the
// month's actuals without a word (found from outside). A workbook that
// several sources read on different sheets or columns is fine.
func sharedCells(ctx context.Context, tx *sql.Tx, runID int64) ([]Conflict, error) {
	rows, err := tx.QueryContext(ctx, `
		WITH s AS (
			SELECT c.file_id, f.name, f.sha256, f.source, c.sheet_id, c."row", c.col, c.period
			FROM fact_cells c JOIN files f ON f.id = c.file_id
			WHERE f.status = 'staged' AND f.run_id IS NOT DISTINCT FROM ? AND c.col > 0)
		SELECT a.name, a.source, a.file_id, b.source, b.file_id, min(a.period),
			arg_min(sh.sheet || '!' || col_letters(a.col) || a."row", a."row" * 20000 + a.col)
		FROM s a JOIN s b ON a.name = b.name AND a.sha256 = b.sha256 AND a.sheet_id = b.sheet_id
			AND a."row" = b."row" AND a.col = b.col AND a.source < b.source
		JOIN fact_sheets sh ON sh.id = a.sheet_id
		GROUP BY a.name, a.source, a.file_id, b.source, b.file_id ORDER BY ALL`, nullID(runID))
	if err != nil {
		return nil, err
	}
	type pair struct {
		name, srcA, srcB, cell string
		a, b                   int64
		period                 int32
	}
	var ps []pair
	for rows.Next() {
		var x pair
		if err := rows.Scan(&x.name, &x.srcA, &x.a, &x.srcB, &x.b, &x.period, &x.cell); err != nil {
			rows.Close()
			return nil, err
		}
		ps = append(ps, x)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	var cs []Conflict
	done := map[int64]bool{}
	for _, x := range ps {
		msg := fmt.Sprintf("%s: sources %s and %s both read its cell %s (and others): a cell is one source's figure, so neither loaded it; narrow their files globs or sheets so that each reads its own workbooks, or load it with --source NAME",
			x.name, x.srcA, x.srcB, x.cell)
		for _, id := range []int64{x.a, x.b} {
			if done[id] {
				continue
			}
			done[id] = true
			if err := refuseConflict(ctx, tx, id, msg); err != nil {
				return nil, err
			}
		}
		cs = append(cs, Conflict{Source: x.srcA + ", " + x.srcB, Period: coo.Period(x.period), FileIDs: []int64{x.a, x.b}, Files: []string{x.name}, Reason: msg})
	}
	return cs, nil
}

// replace records what staged file id replaces (each month of its source,
// with how many of the month's facts change value, come or go: a workbook
// sent again with the same values changes none; and how many of them were
// there before: changed or gone, not come), removes the replaced rows
// and marks the files left without rows as replaced.
func replace(ctx context.Context, tx *sql.Tx, runID, id int64, now time.Time, p *Promotion) error {
	res, err := tx.ExecContext(ctx, `
		INSERT INTO replacements (run_id, source, period, old_file_id, new_file_id, "rows", changed, altered)
		WITH old AS (
			SELECT c.file_id, f.source, c.period, c.metric_id, c.dims_id, c.value
			FROM fact_cells c JOIN files f ON f.id = c.file_id
			WHERE f.status = 'loaded' AND f.source = (SELECT source FROM files WHERE id = $3)
			  AND c.period IN (SELECT DISTINCT period FROM fact_cells WHERE file_id = $3)),
		was AS (SELECT period, metric_id, dims_id, sum(value) AS v FROM old GROUP BY ALL),
		now AS (SELECT period, metric_id, dims_id, sum(value) AS v FROM fact_cells WHERE file_id = $3 GROUP BY ALL),
		diff AS (
			SELECT coalesce(was.period, now.period) AS period, count(*) AS n, count(was.v) AS altered
			FROM was FULL JOIN now ON was.period = now.period AND was.metric_id = now.metric_id AND was.dims_id = now.dims_id
			WHERE was.v IS NULL OR now.v IS NULL OR abs(was.v - now.v) > 1e-9 * greatest(abs(was.v), abs(now.v))
			GROUP BY 1)
		SELECT $1, o.source, period_text(o.period), o.file_id, $2, count(*), coalesce(any_value(diff.n), 0), coalesce(any_value(diff.altered), 0)
		FROM old o LEFT JOIN diff ON diff.period = o.period
		GROUP BY o.source, o.period, o.file_id`, nullID(runID), id, id)
	if err != nil {
		return fmt.Errorf("promote file %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		var moved int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(sum("rows"), 0) FROM replacements WHERE new_file_id = ?`, id).Scan(&moved); err != nil {
			return err
		}
		p.Rows += moved
		p.ByFile[id] = moved
		if err := dropped(ctx, tx, id, p); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			DELETE FROM fact_cells WHERE file_id IN (SELECT old_file_id FROM replacements WHERE new_file_id = ?)
			  AND period IN (SELECT DISTINCT period FROM fact_cells WHERE file_id = ?)`, id, id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `
			UPDATE files SET status = 'replaced', replaced_by = ?, replaced_at = ?
			WHERE id IN (SELECT old_file_id FROM replacements WHERE new_file_id = ?)
			  AND id NOT IN (SELECT DISTINCT file_id FROM fact_cells)`, id, now, id)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		p.Replaced += int(n)
	}
	return nil
}

// dropped records, as a reject of staged file id, the values of the months
// it replaces that it does not hold: a file for a month replaces all of
// the month, so a part sent as a correction (one region, the rows that
// changed) took the rest of the month out of the warehouse with only "N
// earlier values replaced" said (found from outside). Keys are compared by
// month, measure (whatever its unit) and dimensions. The file still loads:
// the department's latest file is the month's figures, but the reject
// makes the loss visible in the run's exit code, in coo rejects and in the
// reports' defects of those months.
func dropped(ctx context.Context, tx *sql.Tx, id int64, p *Promotion) error {
	rows, err := tx.QueryContext(ctx, `
		WITH newk AS (
			SELECT DISTINCT c.period, m.metric, c.dims_id FROM fact_cells c JOIN fact_metrics m ON m.id = c.metric_id
			WHERE c.file_id = $1),
		oldk AS (
			SELECT DISTINCT c.period, m.metric, c.dims_id, f.name FROM fact_cells c
			JOIN files f ON f.id = c.file_id JOIN fact_metrics m ON m.id = c.metric_id
			WHERE c.file_id IN (SELECT old_file_id FROM replacements WHERE new_file_id = $1)
			  AND c.period IN (SELECT DISTINCT period FROM newk)),
		gone AS (
			SELECT o.* FROM oldk o ANTI JOIN newk n ON n.period = o.period AND n.metric = o.metric AND n.dims_id = o.dims_id)
		SELECT count(*) OVER (), min(g.period) OVER (), max(g.period) OVER (), string_agg(DISTINCT g.name, ', ' ORDER BY g.name) OVER (),
			g.period, g.metric, d.dims
		FROM gone g JOIN fact_dims d ON d.id = g.dims_id
		ORDER BY g.period, g.metric, d.dims LIMIT 3`, id)
	if err != nil {
		return fmt.Errorf("promote file %d: values it lacks: %w", id, err)
	}
	var (
		n            int
		from, to     int32
		names        string
		examples     []string
		period       int32
		metric, dims string
	)
	for rows.Next() {
		if err := rows.Scan(&n, &from, &to, &names, &period, &metric, &dims); err != nil {
			rows.Close()
			return err
		}
		ex := metric + " " + coo.Period(period).String()
		if dims != "" {
			ex += " " + dims
		}
		examples = append(examples, ex)
	}
	if err := rows.Close(); err != nil || n == 0 {
		return err
	}
	months := coo.Period(from).String()
	if to != from {
		months += " to " + coo.Period(to).String()
	}
	more := ""
	if n > len(examples) {
		more = fmt.Sprintf(" and %d more", n-len(examples))
	}
	msg := fmt.Sprintf("it replaces %s of %s but lacks %d of the values it replaces (%s%s): they are no longer in the warehouse; if the file is a part of the month, send the whole month in one file",
		months, names, n, strings.Join(examples, "; "), more)
	if _, err := tx.ExecContext(ctx, `INSERT INTO rejects (file_id, file, sha256, sheet, cell, reason, message, raw, run_id)
		SELECT id, name, sha256, '', '', 'dropped', name || ': ' || ?, '', run_id FROM files WHERE id = ?`, msg, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE files SET rejects = rejects + 1 WHERE id = ?`, id); err != nil {
		return err
	}
	p.Dropped[id] = msg
	return nil
}

// DiscardStaged removes what earlier runs staged but never promoted (a run
// killed between the two): it was never visible. Call it holding the lock.
func (db *DB) DiscardStaged(ctx context.Context) (int, error) {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM fact_cells WHERE file_id IN (SELECT id FROM files WHERE status = 'staged')`); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM rejects WHERE file_id IN (SELECT id FROM files WHERE status = 'staged')`); err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM files WHERE status = 'staged'`)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), tx.Commit()
}
