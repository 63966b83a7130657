package warehouse

import (
	"context"
	"crypto/md5"
	"database/sql"
	"database/sql/driver"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/duckdb/duckdb-go/v2"

	"coo"
)

// File describes a workbook about to be loaded.
type File struct {
	Source string // the source mapping it belongs to
	Name   string // path relative to the project folder, slash-separated
	SHA256 string // hex sha256 of the content
	Size   int64
	// Mapping identifies the source mapping the file is read with (a hash
	// of it): the same content read with a changed mapping loads again.
	Mapping string
}

// Fact is one loaded value. Source and file come from the Load.
type Fact struct {
	Metric string     // the measure's name in the source mapping, e.g. "revenue"
	Unit   string     // the measure's unit
	Period coo.Period // the month the value belongs to
	Dims   string     // coo.FormatDims of the row's dimensions
	Value  float64    // scale applied: a percent as 0.85
	Sheet  string
	Row    int // 1-based row of the value's cell
	Col    int // 1-based column of the value's cell
}

// Reject is a cell, row or file set aside, with a stable reason code and a
// message that says what to do.
type Reject struct {
	Sheet, Cell string // empty when the whole file was refused
	Reason      string // stable code, e.g. "not_a_number", "formula_without_value"
	Message     string
	Raw         string // the cell's text as found, cut to 1,000 characters
}

// File statuses.
const (
	FileStaged   = "staged"   // loaded in a batch not yet promoted: not in facts
	FileLoaded   = "loaded"   // its facts are in the facts view
	FileReplaced = "replaced" // every row of it was replaced by a later file
	FileRefused  = "refused"  // refused as a whole; see rejects
	FileConflict = "conflict" // another file of the same batch claimed the same source and period
)

// Known reports whether the file needs no loading: its content is loaded
// for its source now with the same mapping, or the last version seen at the
// same path had the same content and mapping and was loaded, replaced or
// refused (so a corrected file that replaced it does not flip back, and a
// refused file is not refused again). A changed mapping loads everything
// again.
func (db *DB) Known(ctx context.Context, f File) (bool, error) {
	f = f.valid()
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM files
		WHERE source = ? AND sha256 = ? AND mapping = ? AND status IN ('loaded', 'staged')`, f.Source, f.SHA256, f.Mapping).Scan(&n)
	if err != nil || n > 0 {
		return n > 0, err
	}
	var sha, mapping, status string
	err = db.sql.QueryRowContext(ctx, `SELECT sha256, mapping, status FROM files WHERE source = ? AND name = ?
		ORDER BY id DESC LIMIT 1`, f.Source, f.Name).Scan(&sha, &mapping, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil && sha == f.SHA256 && mapping == f.Mapping && status != FileConflict, err
}

// Load is one file's load: everything it appends is staged at Commit, all of
// it or nothing, and becomes visible when the batch is promoted (Promote). A
// Load is not safe for concurrent use.
type Load struct {
	ctx    context.Context // BeginLoad's, for the dictionary batches added as facts come
	db     *DB
	conn   *sql.Conn
	app    *duckdb.Appender
	file   File
	id     int64
	runID  int64
	facts  int64
	rejs   []Reject
	closed bool
	dicts  [3]dict // metrics, dims, sheets
	// the ids of the (measure, unit) pairs seen: a file has few, and a
	// row's facts cycle through them
	metrics []metricID
	// the last fact's dims and sheet, and their ids: a row's values come
	// one after another with the same dims, and a sheet's rows together.
	// The ids are kept as the Appender takes them (driver.Value), so that
	// a fact boxes only what changes from one to the next.
	lastDims, lastSheet  string
	lastDim, lastSheetID driver.Value
	fileID               driver.Value
	// the last fact's month and row, boxed: a row's values share them
	lastPeriod, lastRow   int32
	lastPeriodV, lastRowV driver.Value
}

type metricID struct {
	metric, unit string
	id           driver.Value
}

// dict is one dictionary table: texts and their ids, which are hashes of the
// text (textID), so a fact's row needs no query. The entries this load uses
// are added at Commit.
type dict struct {
	table string
	seen  map[int64]struct{} // the ids this load uses (a set: half a map of bools' memory)
	cols  int                // the table's text columns (after the id)
	rows  []dictRow          // their entries not yet added
	// empty: the table had no entries when the load began, so none of
	// the pending ones can be there already (a load adds an id once, and
	// loads do not run side by side: the writer's lock)
	empty bool
}

// dictRow is a dictionary entry: its id and the table's other columns, of
// which the metrics' table has three (the two after the first in more) and
// the others one. Entries are typed rather than kept as the Appender's
// values: a file of 100,000 label combinations made 400,000 small objects
// of them for the collector.
type dictRow struct {
	id   int64
	text string
	more *[2]string
}

// col returns the row's i-th column after the id.
func (r *dictRow) col(i int) string {
	if i == 0 {
		return r.text
	}
	return r.more[i-1]
}

const (
	dictMetrics = iota
	dictDims
	dictSheets
)

// textID is the id of a dictionary text: 63 bits of its md5, the same as the
// SQL macro text_id (md5_number_lower(t) >> 1).
func textID(s string) int64 {
	sum := md5.Sum(unsafe.Slice(unsafe.StringData(s), len(s))) // read only: no copy
	return int64(binary.LittleEndian.Uint64(sum[8:]) >> 1)
}

// BeginLoad starts loading f in one transaction.
func (db *DB) BeginLoad(ctx context.Context, f File, runID int64) (*Load, error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, err
	}
	l := &Load{ctx: ctx, db: db, conn: conn, file: f, runID: runID}
	l.dicts[dictMetrics] = dict{table: "fact_metrics", cols: 3}
	l.dicts[dictDims] = dict{table: "fact_dims", cols: 1}
	l.dicts[dictSheets] = dict{table: "fact_sheets", cols: 1}
	for i := range l.dicts {
		l.dicts[i].seen = map[int64]struct{}{}
	}
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		conn.Close()
		return nil, err
	}
	err = conn.QueryRowContext(ctx, `SELECT nextval('files_id'),
		NOT EXISTS (FROM fact_metrics), NOT EXISTS (FROM fact_dims), NOT EXISTS (FROM fact_sheets)`).
		Scan(&l.id, &l.dicts[dictMetrics].empty, &l.dicts[dictDims].empty, &l.dicts[dictSheets].empty)
	if err != nil {
		l.Rollback()
		return nil, err
	}
	l.fileID = int32(l.id)
	err = conn.Raw(func(dc any) error {
		var err error
		l.app, err = duckdb.NewAppenderFromConn(dc.(driver.Conn), "", "fact_cells")
		return err
	})
	if err != nil {
		l.Rollback()
		return nil, fmt.Errorf("appender: %w", err)
	}
	return l, nil
}

// lookup returns the id of key in dictionary k, remembering the entry (cols
// are the table's columns after the id).
func (l *Load) lookup(k int, key string, cols ...string) int64 {
	d := &l.dicts[k]
	id := textID(validText(key))
	if _, ok := d.seen[id]; ok {
		return id
	}
	d.seen[id] = struct{}{}
	r := dictRow{id: id, text: validText(cols[0])}
	if len(cols) > 1 {
		r.more = &[2]string{validText(cols[1]), validText(cols[2])}
	}
	if len(d.rows) == cap(d.rows) { // doubled: append grows a long slice by a quarter, copying it each time
		d.rows = slices.Grow(d.rows, max(len(d.rows), 64))
	}
	d.rows = append(d.rows, r)
	return id
}

// dictBatch is how many new dictionary entries a load holds before it adds
// them to the warehouse.
const dictBatch = 1 << 16

// flushEvery is how many facts the Appender buffers before it hands them to
// the table: flushing as the file is read keeps that work beside the
// reading, rather than all of it at Commit.
const flushEvery = 1 << 15

// Fact appends one fact.
func (l *Load) Fact(f Fact) error {
	var m driver.Value
	for _, x := range l.metrics {
		if x.metric == f.Metric && x.unit == f.Unit {
			m = x.id
			break
		}
	}
	if m == nil {
		m = l.lookup(dictMetrics, l.file.Source+"\x1f"+f.Metric+"\x1f"+f.Unit, l.file.Source, f.Metric, f.Unit)
		l.metrics = append(l.metrics, metricID{f.Metric, f.Unit, m})
	}
	if f.Dims != l.lastDims || l.facts == 0 {
		l.lastDims, l.lastDim = f.Dims, l.lookup(dictDims, f.Dims, f.Dims)
		// A file of a million label combinations would hold them all
		// until Commit: they go to the warehouse in batches instead.
		if d := &l.dicts[dictDims]; len(d.rows) >= dictBatch {
			if err := l.addDict(l.ctx, d); err != nil {
				return err
			}
		}
	}
	if f.Sheet != l.lastSheet || l.facts == 0 {
		l.lastSheet, l.lastSheetID = f.Sheet, l.lookup(dictSheets, f.Sheet, f.Sheet)
	}
	if p := int32(f.Period); p != l.lastPeriod || l.facts == 0 {
		l.lastPeriod, l.lastPeriodV = p, p
	}
	if r := int32(f.Row); r != l.lastRow || l.facts == 0 {
		l.lastRow, l.lastRowV = r, r
	}
	l.facts++
	if err := l.app.AppendRow(l.fileID, m, l.lastPeriodV, l.lastDim, f.Value, l.lastSheetID, l.lastRowV, int16(f.Col)); err != nil {
		return err
	}
	if l.facts%flushEvery == 0 {
		return l.app.Flush()
	}
	return nil
}

// addDicts adds this load's dictionary entries that are new and refuses a
// hash collision. Only the ids travel first (a temporary table of
// integers); the texts of the entries already there come back to be
// compared, and the new entries are appended straight into the dictionary,
// so each text is copied once. Into a table that was empty when the load
// began (a new warehouse) they are appended without that look.
func (l *Load) addDicts(ctx context.Context) error {
	for k := range l.dicts {
		if err := l.addDict(ctx, &l.dicts[k]); err != nil {
			return err
		}
	}
	return nil
}

// addDict adds d's pending entries (see addDicts) and forgets them.
func (l *Load) addDict(ctx context.Context, d *dict) error {
	if len(d.rows) == 0 {
		return nil
	}
	defer func() { clear(d.rows); d.rows = d.rows[:0] }()
	have := map[int64]bool{}
	if !d.empty {
		if err := l.existing(ctx, d, have); err != nil {
			return err
		}
	}
	err := l.append("", d.table, func(app *duckdb.Appender) error {
		args := make([]driver.Value, 1+d.cols)
		for _, r := range d.rows {
			if have[r.id] {
				continue
			}
			args[0] = r.id
			for i := range args[1:] {
				args[1+i] = r.col(i)
			}
			if err := app.AppendRow(args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: %w", d.table, err)
	}
	return nil
}

// existing adds to have the ids of d's pending entries that the table
// holds already, and refuses a hash collision.
func (l *Load) existing(ctx context.Context, d *dict, have map[int64]bool) error {
	if _, err := l.conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE new_ids (id BIGINT)`); err != nil {
		return err
	}
	err := l.append("temp", "new_ids", func(app *duckdb.Appender) error {
		for _, r := range d.rows {
			if err := app.AppendRow(r.id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: %w", d.table, err)
	}
	// Entries with these ids that are already there: the same text,
	// or a collision.
	rows, err := l.conn.QueryContext(ctx, `SELECT t.* FROM `+d.table+` t SEMI JOIN new_ids n ON n.id = t.id`)
	if err != nil {
		return err
	}
	var want map[int64]dictRow // this load's entries by id, built when needed
	for rows.Next() {
		if want == nil {
			want = make(map[int64]dictRow, len(d.rows))
			for _, r := range d.rows {
				want[r.id] = r
			}
		}
		var id int64
		got := make([]string, d.cols)
		ptrs := []any{&id}
		for i := range got {
			ptrs = append(ptrs, &got[i])
		}
		if err := rows.Scan(ptrs...); err != nil {
			rows.Close()
			return err
		}
		w, ok := want[id]
		for i := range got {
			ok = ok && got[i] == w.col(i)
		}
		if !ok {
			rows.Close()
			return fmt.Errorf("%s: two texts share a hash id; please report this", d.table)
		}
		have[id] = true
	}
	if err := rows.Close(); err != nil {
		return err
	}
	_, err = l.conn.ExecContext(ctx, `DROP TABLE new_ids`)
	return err
}

// append runs fill with an Appender on table of the load's connection.
func (l *Load) append(catalog, table string, fill func(*duckdb.Appender) error) error {
	return l.conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppender(dc.(driver.Conn), catalog, "main", table)
		if err != nil {
			return err
		}
		if err := fill(app); err != nil {
			app.Close()
			return err
		}
		return app.Close()
	})
}

// Reject records a rejected cell or row of this file.
func (l *Load) Reject(r Reject) {
	l.rejs = append(l.rejs, r)
}

// ID returns the id the file will have in the files table.
func (l *Load) ID() int64 { return l.id }

// Facts returns the number of facts appended so far.
func (l *Load) Facts() int64 { return l.facts }

// Commit stages the file's facts and rejects: they are in the warehouse,
// all or nothing, but not in the facts view until Promote.
func (l *Load) Commit(ctx context.Context) (err error) {
	defer func() {
		if err != nil {
			l.Rollback()
		}
	}()
	if err := l.app.Close(); err != nil {
		return fmt.Errorf("append facts: %w", err)
	}
	l.app = nil
	if err := l.addDicts(ctx); err != nil {
		return err
	}
	if err := insertFile(ctx, l.conn, l.id, l.file, l.runID, FileStaged, l.facts, len(l.rejs), l.db.now()); err != nil {
		return err
	}
	for _, r := range l.rejs {
		if err := insertReject(ctx, l.conn, l.id, l.file, r, l.runID); err != nil {
			return err
		}
	}
	if _, err := l.conn.ExecContext(ctx, "COMMIT"); err != nil {
		return err
	}
	l.closed = true
	l.conn.Close()
	return nil
}

// Rollback abandons the load; nothing of it stays. It is safe to call after
// Commit (it then does nothing).
func (l *Load) Rollback() {
	if l.closed {
		return
	}
	l.closed = true
	if l.app != nil {
		l.app.Close()
		l.app = nil
	}
	// A background context: the caller's may be what was cancelled.
	l.conn.ExecContext(context.Background(), "ROLLBACK")
	l.conn.Close()
}

// RefuseFile records a file refused as a whole (not a workbook, encrypted,
// no mapped sheet...): nothing of it is loaded, and the same content at the
// same path is not tried again.
func (db *DB) RefuseFile(ctx context.Context, f File, r Reject, runID int64) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var id int64
	if err := tx.QueryRowContext(ctx, `SELECT nextval('files_id')`).Scan(&id); err != nil {
		return err
	}
	if err := insertFile(ctx, tx, id, f, runID, FileRefused, 0, 1, db.now()); err != nil {
		return err
	}
	if err := insertReject(ctx, tx, id, f, r, runID); err != nil {
		return err
	}
	return tx.Commit()
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func insertFile(ctx context.Context, ex execer, id int64, f File, runID int64, status string, facts int64, rejects int, now any) error {
	f = f.valid()
	_, err := ex.ExecContext(ctx, `INSERT INTO files (id, source, name, sha256, size, loaded_at, run_id, facts, rejects, status, mapping)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, f.Source, f.Name, f.SHA256, f.Size, now, nullID(runID), facts, rejects, status, f.Mapping)
	return err
}

func insertReject(ctx context.Context, ex execer, fileID int64, f File, r Reject, runID int64) error {
	f, raw := f.valid(), validText(r.Raw)
	if len(raw) > 1000 {
		cut := 1000
		for cut > 0 && !utf8.RuneStart(raw[cut]) {
			cut--
		}
		raw = raw[:cut] + "…"
	}
	_, err := ex.ExecContext(ctx, `INSERT INTO rejects (file_id, file, sha256, sheet, cell, reason, message, raw, run_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, fileID, f.Name, f.SHA256, validText(r.Sheet), validText(r.Cell), validText(r.Reason), validText(r.Message), raw, nullID(runID))
	return err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Duplicate is two facts of one load with the same measure (whatever its
// unit), month and dimension values.
type Duplicate struct {
	Measure string
	Period  coo.Period
	Sheet   [2]string // the first fact's and the second's
	Row     [2]int
	Col     [2]int
}

// Duplicate returns the load's first pair of facts that share a measure,
// month and dims, or nil. Facts are in the order they came (sheet, then row,
// then column); the pair is the one whose second fact comes first, with
// the first fact of its key. DuckDB does the grouping, so a file of
// millions of facts costs no memory here.
func (l *Load) Duplicate(ctx context.Context) (*Duplicate, error) {
	if err := l.app.Flush(); err != nil {
		return nil, fmt.Errorf("append facts: %w", err)
	}
	// The measures and sheets as small integers (the ids are this load's
	// hashes, safe to write into the SQL): a measure's units share one.
	var measures []string
	var mcase, scase strings.Builder
	mcase.WriteString("CASE c.metric_id")
	for _, x := range l.metrics {
		i := slices.Index(measures, x.metric)
		if i < 0 {
			i, measures = len(measures), append(measures, x.metric)
		}
		fmt.Fprintf(&mcase, " WHEN %d THEN %d", x.id.(int64), i)
	}
	mcase.WriteString(" END")
	sheets := l.dicts[dictSheets].rows // in the order they came
	scase.WriteString("CASE c.sheet_id")
	for i, r := range sheets {
		fmt.Fprintf(&scase, " WHEN %d THEN %d", r.id, i)
	}
	scase.WriteString(" END")
	if len(measures) == 0 || len(sheets) == 0 {
		return nil, nil // no facts
	}
	rows, err := l.conn.QueryContext(ctx, `
		WITH f AS (SELECT `+mcase.String()+` AS m, c.period, c.dims_id, `+scase.String()+` AS s, c."row", c.col
			FROM fact_cells c WHERE c.file_id = ?),
		d AS (SELECT m, period, dims_id FROM f GROUP BY ALL HAVING count(*) > 1),
		r AS (SELECT f.*, row_number() OVER (PARTITION BY m, period, dims_id ORDER BY s, "row", col) AS k
			FROM f SEMI JOIN d USING (m, period, dims_id)),
		second AS (SELECT m, period, dims_id FROM r WHERE k = 2 ORDER BY s, "row", col LIMIT 1)
		SELECT r.m, r.period, r.s, r."row", r.col FROM r SEMI JOIN second USING (m, period, dims_id)
		WHERE k <= 2 ORDER BY k`, int32(l.id))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var dup *Duplicate
	for i := 0; rows.Next() && i < 2; i++ {
		var m, period, s, row, col int
		if err := rows.Scan(&m, &period, &s, &row, &col); err != nil {
			return nil, err
		}
		if dup == nil {
			dup = &Duplicate{Measure: measures[m], Period: coo.Period(period)}
		}
		dup.Sheet[i], dup.Row[i], dup.Col[i] = sheets[s].text, row, col
	}
	return dup, rows.Err()
}
