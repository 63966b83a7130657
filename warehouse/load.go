package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/duckdb/duckdb-go/v2"
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
	Metric string  // the measure's name in the source mapping, e.g. "revenue"
	Period string  // "YYYY-MM"
	Dims   string  // coo.FormatDims of the row's dimensions
	Value  float64 // scale applied: a percent as 0.85
	Unit   string
	Sheet  string
	Cell   string // A1 of the value's cell
}

// Reject is a cell, row or file set aside, with a stable reason code and a
// message that says what to do.
type Reject struct {
	Sheet, Cell string // empty when the whole file was refused
	Reason      string // stable code, e.g. "not_a_number", "formula_without_value"
	Message     string
	Raw         string // the cell's text as found, cut to 1,000 characters
}

// ErrLoaded reports a file whose content is already loaded for its source.
var ErrLoaded = errors.New("already loaded")

// Load is one file's load: everything it appends becomes visible at Commit,
// or not at all. A Load is not safe for concurrent use.
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
}

// Loaded reports whether this exact content is already loaded for source
// and not replaced since.
func (db *DB) Loaded(ctx context.Context, source, sha string) (bool, error) {
	var n int
	err := db.sql.QueryRowContext(ctx,
		`SELECT count(*) FROM files WHERE source = ? AND sha256 = ? AND replaced_by IS NULL`, source, sha).Scan(&n)
	return n > 0, err
}

// BeginLoad starts loading f in one transaction. If the same content is
// already loaded for f.Source, it returns ErrLoaded and changes nothing.
func (db *DB) BeginLoad(ctx context.Context, f File, runID int64) (*Load, error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, err
	}
	l := &Load{db: db, conn: conn, file: f, runID: runID}
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		conn.Close()
		return nil, err
	}
	fail := func(err error) (*Load, error) {
		l.Rollback()
		return nil, err
	}
	var n int
	if err := conn.QueryRowContext(ctx,
		`SELECT count(*) FROM files WHERE source = ? AND sha256 = ? AND replaced_by IS NULL`, f.Source, f.SHA256).Scan(&n); err != nil {
		return fail(err)
	}
	if n > 0 {
		return fail(fmt.Errorf("%s: %w", f.Name, ErrLoaded))
	}
	if err := conn.QueryRowContext(ctx, `SELECT nextval('files_id')`).Scan(&l.id); err != nil {
		return fail(err)
	}
	err = conn.Raw(func(dc any) error {
		var err error
		l.app, err = duckdb.NewAppenderFromConn(dc.(driver.Conn), "", "fact_rows")
		return err
	})
	if err != nil {
		return fail(fmt.Errorf("appender: %w", err))
	}
	return l, nil
}

// Fact appends one fact.
func (l *Load) Fact(f Fact) error {
	l.facts++
	return l.app.AppendRow(l.id, l.file.Source, f.Metric, f.Period, f.Dims, f.Value, f.Unit, f.Sheet, f.Cell)
}

// Reject records a rejected cell or row of this file.
func (l *Load) Reject(r Reject) {
	l.rejs = append(l.rejs, r)
}

// Facts returns the number of facts appended so far.
func (l *Load) Facts() int64 { return l.facts }

// Commit makes the file's facts and rejects visible, and marks earlier files
// of the same source and name as replaced by this one. It returns the ids of
// the files it replaced.
func (l *Load) Commit(ctx context.Context) (replaced []int64, err error) {
	defer func() {
		if err != nil {
			l.Rollback()
		}
	}()
	if err := l.app.Close(); err != nil {
		return nil, fmt.Errorf("append facts: %w", err)
	}
	l.app = nil
	now := l.db.now()
	if _, err := l.conn.ExecContext(ctx, `INSERT INTO files (id, source, name, sha256, size, loaded_at, run_id, facts, rejects)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		l.id, l.file.Source, l.file.Name, l.file.SHA256, l.file.Size, now, nullID(l.runID), l.facts, len(l.rejs)); err != nil {
		return nil, err
	}
	for _, r := range l.rejs {
		if err := insertReject(ctx, l.conn, &l.id, l.file, r, l.runID); err != nil {
			return nil, err
		}
	}
	rows, err := l.conn.QueryContext(ctx, `UPDATE files SET replaced_by = ?, replaced_at = ?
		WHERE source = ? AND name = ? AND id <> ? AND replaced_by IS NULL RETURNING id`,
		l.id, now, l.file.Source, l.file.Name, l.id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		replaced = append(replaced, id)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if _, err := l.conn.ExecContext(ctx, "COMMIT"); err != nil {
		return nil, err
	}
	l.closed = true
	l.conn.Close()
	return replaced, nil
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

// RejectFile records a file refused as a whole (not a workbook, encrypted,
// no mapped sheet...): nothing of it is loaded.
func (db *DB) RejectFile(ctx context.Context, f File, r Reject, runID int64) error {
	return insertReject(ctx, db.sql, nil, f, r, runID)
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func insertReject(ctx context.Context, ex execer, fileID *int64, f File, r Reject, runID int64) error {
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
