package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// Options configure Open. The zero value opens for writing, migrates the
// schema, and uses the wall clock.
type Options struct {
	// ReadOnly opens the file without the right to write: DuckDB enforces it.
	// A read-only open never migrates, so it refuses an older schema.
	ReadOnly bool
	// Now stamps loads and runs; nil means time.Now.
	Now func() time.Time
	// Version is the coo version recorded with migrations and runs.
	Version string
	// MemoryLimit caps DuckDB's memory (its memory_limit setting, such as
	// "256MB"); beyond it DuckDB spills to a temporary folder beside the
	// file. "" leaves DuckDB's default (80% of the machine's memory).
	MemoryLimit string
}

// DB is an open warehouse. It is safe for concurrent use by the goroutines of
// one process; two processes never write at once (see Lock).
type DB struct {
	sql      *sql.DB
	path     string
	readOnly bool
	now      func() time.Time
	version  string
}

// ErrNoWarehouse reports a read-only open of a file that does not exist.
var ErrNoWarehouse = errors.New("no warehouse here yet")

// Open opens the warehouse at path, creating and migrating it unless
// opt.ReadOnly is set. A database written by a newer coo is refused with
// ErrSchemaNewer; another process holding the file gives a *BusyError.
func Open(ctx context.Context, path string, opt Options) (*DB, error) {
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("warehouse path %q: '?' and '#' are not allowed in the file name", path)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Version == "" {
		opt.Version = "dev"
	}
	params := url.Values{}
	_, err := os.Stat(path)
	fresh := errors.Is(err, os.ErrNotExist)
	switch {
	case opt.ReadOnly && fresh:
		return nil, fmt.Errorf("%s: %w", path, ErrNoWarehouse)
	case opt.ReadOnly:
		params.Set("access_mode", "read_only")
	case fresh:
		if err := createEmpty(path); err != nil {
			return nil, err
		}
	}
	if opt.MemoryLimit != "" {
		params.Set("memory_limit", opt.MemoryLimit)
	}
	dsn := path
	if len(params) > 0 {
		dsn += "?" + params.Encode()
	}
	conn, err := duckdb.NewConnector(dsn, nil)
	if err != nil {
		return nil, openError(path, err)
	}
	sdb := sql.OpenDB(conn)
	db := &DB{sql: sdb, path: path, readOnly: opt.ReadOnly, now: opt.Now, version: opt.Version}
	v, err := version(ctx, sdb)
	if err != nil {
		sdb.Close()
		return nil, fmt.Errorf("%s: read schema version: %w", path, err)
	}
	switch {
	case v > SchemaVersion:
		sdb.Close()
		return nil, fmt.Errorf("%s: schema version %d, this coo (%s) knows up to %d: %w; upgrade coo",
			path, v, opt.Version, SchemaVersion, ErrSchemaNewer)
	case v < SchemaVersion && opt.ReadOnly:
		sdb.Close()
		return nil, fmt.Errorf("%s: schema version %d, this coo writes %d: %w; run any writing command (coo ingest) to migrate it",
			path, v, SchemaVersion, ErrSchemaOlder)
	case v < SchemaVersion:
		if err := migrate(ctx, sdb, SchemaVersion, opt.Now(), opt.Version); err != nil {
			sdb.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	case fresh: // a copy of emptyWarehouse: made now, by this coo
		if _, err := sdb.ExecContext(ctx, `UPDATE coo_schema SET applied_at = ?, coo = ?`, opt.Now(), opt.Version); err != nil {
			sdb.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error { return db.sql.Close() }

// Path returns the file the warehouse lives in.
func (db *DB) Path() string { return db.path }

// Version returns the schema version of the open warehouse.
func (db *DB) Version(ctx context.Context) (int, error) { return version(ctx, db.sql) }

// Query runs a query and returns its rows; on a read-only DB nothing can
// write. The caller closes the rows.
func (db *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return db.sql.QueryContext(ctx, query, args...)
}

// BusyError reports that another process holds the warehouse or its lock.
type BusyError struct {
	Path   string
	Holder *Holder // nil when the holder is not a coo writer (or unknown)
	Detail string  // what DuckDB or the lock said
}

func (e *BusyError) Error() string {
	msg := fmt.Sprintf("warehouse %s is busy", e.Path)
	if e.Holder != nil {
		msg += ": " + e.Holder.String()
	} else if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg + "; wait for it to finish and try again"
}

// ErrBusy is matched by errors.Is for every *BusyError.
var ErrBusy = errors.New("warehouse busy")

// Is makes errors.Is(err, ErrBusy) true.
func (e *BusyError) Is(target error) bool { return target == ErrBusy }

var conflictPID = regexp.MustCompile(`Conflicting lock is held in (.*) \(PID (\d+)\)`)

// openError turns DuckDB's lock conflict into a *BusyError naming the holder.
func openError(path string, err error) error {
	msg := err.Error()
	if !strings.Contains(msg, "Could not set lock on file") {
		return fmt.Errorf("open warehouse %s: %w", path, err)
	}
	e := &BusyError{Path: path, Holder: ReadHolder(LockPath(path))}
	if m := conflictPID.FindStringSubmatch(msg); m != nil {
		e.Detail = fmt.Sprintf("process %s (%s) has the file open", m[2], m[1])
		if e.Holder != nil && fmt.Sprint(e.Holder.PID) != m[2] {
			e.Holder = nil // the lock file describes an older writer; trust DuckDB
		}
	} else {
		e.Detail = "another process has the file open"
	}
	return e
}

// SQL returns the underlying database, for tests and for callers that need
// database/sql directly.
func (db *DB) SQL() *sql.DB { return db.sql }

// EngineVersion is the version of the DuckDB library linked in ("v1.3.0"),
// or "unknown" if an in-memory database cannot be opened to ask.
func EngineVersion(ctx context.Context) string {
	duck := "unknown"
	if db, err := sql.Open("duckdb", ""); err == nil {
		db.QueryRowContext(ctx, "SELECT version()").Scan(&duck)
		db.Close()
	}
	return duck
}
