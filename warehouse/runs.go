package warehouse

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"
)

// Run statuses.
const (
	RunRunning     = "running"
	RunOK          = "ok"
	RunRejects     = "rejects" // finished, but some input was set aside
	RunFailed      = "failed"
	RunInterrupted = "interrupted"
)

// Run is one command's entry in the run history.
type Run struct {
	ID       int64
	Command  string
	Args     []string
	PID      int
	Coo      string
	Started  time.Time
	Ended    *time.Time // nil while running, or if the process died
	Status   string
	ExitCode *int
	Message  string
	Files    []RunFile
}

// RunFile is an input or output of a run.
type RunFile struct {
	Role   string // "input" or "output"
	Path   string
	SHA256 string
	Size   int64
}

// StartRun records that command started with args, and returns the run's id.
func (db *DB) StartRun(ctx context.Context, command string, args []string) (int64, error) {
	a, _ := json.Marshal(args)
	var id int64
	err := db.sql.QueryRowContext(ctx, `INSERT INTO runs (id, command, args, pid, coo, started, status)
		VALUES (nextval('runs_id'), ?, ?, ?, ?, ?, ?) RETURNING id`,
		command, string(a), os.Getpid(), db.version, db.now(), RunRunning).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("record run: %w", err)
	}
	return id, nil
}

// FailAbandonedRuns records as failed every run still marked running: it
// must be called by the writer that holds the lock, when no other run can
// be alive, so such a run's process was killed or crashed before it could
// say how it ended. It returns how many there were.
func (db *DB) FailAbandonedRuns(ctx context.Context) (int64, error) {
	res, err := db.sql.ExecContext(ctx, `UPDATE runs SET status = ?, exit_code = NULL,
		message = 'the process (pid ' || pid || ') ended without recording how: it was killed or crashed; nothing it was writing was published'
		WHERE status = ?`, RunFailed, RunRunning)
	if err != nil {
		return 0, fmt.Errorf("record abandoned runs: %w", err)
	}
	return res.RowsAffected()
}

// AddRunFile records an input or output of run id.
func (db *DB) AddRunFile(ctx context.Context, id int64, f RunFile) error {
	_, err := db.sql.ExecContext(ctx, `INSERT INTO run_files VALUES (?, ?, ?, ?, ?)`, id, f.Role, validText(f.Path), f.SHA256, f.Size)
	return err
}

// FinishRun records how run id ended. It uses its own context so that an
// interrupted command can still say it was interrupted.
func (db *DB) FinishRun(id int64, status string, exitCode int, message string) error {
	_, err := db.sql.ExecContext(context.Background(),
		`UPDATE runs SET ended = ?, status = ?, exit_code = ?, message = ? WHERE id = ?`,
		db.now(), status, exitCode, validText(message), id)
	return err
}

// Runs returns the latest runs, newest first, without their files.
func (db *DB) Runs(ctx context.Context, limit int) ([]Run, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, command, args, pid, coo, started, ended, status, exit_code, message
		FROM runs ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var runs []Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, err
		}
		runs = append(runs, r)
	}
	return runs, rows.Err()
}

// ErrNoRun reports an unknown run id.
var ErrNoRun = errors.New("no such run")

// Run returns run id with its files.
func (db *DB) Run(ctx context.Context, id int64) (*Run, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, command, args, pid, coo, started, ended, status, exit_code, message
		FROM runs WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("run %d: %w", id, ErrNoRun)
	}
	r, err := scanRun(rows)
	if err != nil {
		return nil, err
	}
	rows.Close()
	frows, err := db.sql.QueryContext(ctx, `SELECT role, path, sha256, size FROM run_files WHERE run_id = ? ORDER BY role, path`, id)
	if err != nil {
		return nil, err
	}
	defer frows.Close()
	for frows.Next() {
		var f RunFile
		if err := frows.Scan(&f.Role, &f.Path, &f.SHA256, &f.Size); err != nil {
			return nil, err
		}
		r.Files = append(r.Files, f)
	}
	return &r, frows.Err()
}

func scanRun(rows *sql.Rows) (Run, error) {
	var (
		r     Run
		args  string
		ended sql.NullTime
		code  sql.NullInt64
	)
	if err := rows.Scan(&r.ID, &r.Command, &args, &r.PID, &r.Coo, &r.Started, &ended, &r.Status, &code, &r.Message); err != nil {
		return r, err
	}
	json.Unmarshal([]byte(args), &r.Args)
	if ended.Valid {
		r.Ended = &ended.Time
	}
	if code.Valid {
		c := int(code.Int64)
		r.ExitCode = &c
	}
	return r, nil
}
