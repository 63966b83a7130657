package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/duckdb/duckdb-go/v2"

	"coo"
)

// File describes a workbook about to be loaded.
type File struct {
	Source string // the source mapping it belongs to
	Name   string // path relative to the project folder, slash-separated
	SHA256 string // hex sha256 of the content
	Size   int64
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
// for its source now, or the last version seen at the same path had the same
// content and was loaded, replaced or refused (so a corrected file that
// replaced it does not flip back, and a refused file is not refused again).
func (db *DB) Known(ctx context.Context, f File) (bool, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM files
		WHERE source = ? AND sha256 = ? AND status IN ('loaded', 'staged')`, f.Source, f.SHA256).Scan(&n)
	if err != nil || n > 0 {
		return n > 0, err
	}
	var sha, status string
	err = db.sql.QueryRowContext(ctx, `SELECT sha256, status FROM files WHERE source = ? AND name = ?
		ORDER BY id DESC LIMIT 1`, f.Source, f.Name).Scan(&sha, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil && sha == f.SHA256 && status != FileConflict, err
}

// Load is one file's load: everything it appends is staged at Commit, all of
// it or nothing, and becomes visible when the batch is promoted (Promote). A
// Load is not safe for concurrent use.
type Load struct {
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
}

// dict maps a dictionary table's text keys to ids, remembering the entries
// this load creates (inserted at Commit).
type dict struct {
	table, seq string
	ids        map[string]int32
	added      [][]any // id, then the table's other columns
}

const (
	dictMetrics = iota
	dictDims
	dictSheets
)

// BeginLoad starts loading f in one transaction.
func (db *DB) BeginLoad(ctx context.Context, f File, runID int64) (*Load, error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, err
	}
	l := &Load{db: db, conn: conn, file: f, runID: runID}
	l.dicts[dictMetrics] = dict{table: "fact_metrics", seq: "fact_metrics_id", ids: map[string]int32{}}
	l.dicts[dictDims] = dict{table: "fact_dims", seq: "fact_dims_id", ids: map[string]int32{}}
	l.dicts[dictSheets] = dict{table: "fact_sheets", seq: "fact_sheets_id", ids: map[string]int32{}}
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		conn.Close()
		return nil, err
	}
	if err := conn.QueryRowContext(ctx, `SELECT nextval('files_id')`).Scan(&l.id); err != nil {
		l.Rollback()
		return nil, err
	}
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

// lookup returns the id of key in dictionary k. Existing entries are looked up
// through another connection (dictionaries only grow, and one writer holds
// the lock), so the load's connection never interleaves a query with its
// Appender; new entries take ids from the sequence, as the Appender's rows
// need them now, and are inserted at Commit.
func (l *Load) lookup(ctx context.Context, k int, key string, cols ...any) (int32, error) {
	d := &l.dicts[k]
	if id, ok := d.ids[key]; ok {
		return id, nil
	}
	var q string
	switch k {
	case dictMetrics:
		q = `SELECT id FROM fact_metrics WHERE source = ? AND metric = ? AND unit = ?`
	case dictDims:
		q = `SELECT id FROM fact_dims WHERE dims = ?`
	case dictSheets:
		q = `SELECT id FROM fact_sheets WHERE sheet = ?`
	}
	var id int32
	err := l.db.sql.QueryRowContext(ctx, q, cols...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = l.db.sql.QueryRowContext(ctx, `SELECT nextval('`+d.seq+`')`).Scan(&id)
		d.added = append(d.added, append([]any{id}, cols...))
	}
	if err != nil {
		return 0, err
	}
	d.ids[key] = id
	return id, nil
}

// Fact appends one fact.
func (l *Load) Fact(f Fact) error {
	ctx := context.Background()
	m, err := l.lookup(ctx, dictMetrics, l.file.Source+"\x00"+f.Metric+"\x00"+f.Unit, l.file.Source, f.Metric, f.Unit)
	if err != nil {
		return err
	}
	d, err := l.lookup(ctx, dictDims, f.Dims, f.Dims)
	if err != nil {
		return err
	}
	s, err := l.lookup(ctx, dictSheets, f.Sheet, f.Sheet)
	if err != nil {
		return err
	}
	l.facts++
	return l.app.AppendRow(int32(l.id), m, int32(f.Period), d, f.Value, s, int32(f.Row), int16(f.Col))
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
	for _, d := range l.dicts {
		for _, row := range d.added {
			ph := "?, ?"
			if d.table == "fact_metrics" {
				ph = "?, ?, ?, ?"
			}
			if _, err := l.conn.ExecContext(ctx, `INSERT INTO `+d.table+` VALUES (`+ph+`)`, row...); err != nil {
				return fmt.Errorf("%s: %w", d.table, err)
			}
		}
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
	_, err := ex.ExecContext(ctx, `INSERT INTO files (id, source, name, sha256, size, loaded_at, run_id, facts, rejects, status)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, f.Source, f.Name, f.SHA256, f.Size, now, nullID(runID), facts, rejects, status)
	return err
}

func insertReject(ctx context.Context, ex execer, fileID int64, f File, r Reject, runID int64) error {
	raw := r.Raw
	if len(raw) > 1000 {
		cut := 1000
		for cut > 0 && !utf8.RuneStart(raw[cut]) {
			cut--
		}
		raw = raw[:cut] + "…"
	}
	_, err := ex.ExecContext(ctx, `INSERT INTO rejects (file_id, file, sha256, sheet, cell, reason, message, raw, run_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, fileID, f.Name, f.SHA256, r.Sheet, r.Cell, r.Reason, r.Message, raw, nullID(runID))
	return err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
