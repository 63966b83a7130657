package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"coo/warehouse"
)

// Result says what loading one file did.
type Result struct {
	File     warehouse.File
	Skipped  bool    // the same content was already loaded
	Facts    int64   // facts loaded
	Rejects  int     // cells or rows set aside (the file itself loaded)
	Replaced []int64 // earlier versions of the file that this one replaced
	Err      error   // the whole file was refused (a *FileError), or the load failed
}

// rejectCounter counts rejects on their way to the load.
type rejectCounter struct {
	*warehouse.Load
	n int
}

func (r *rejectCounter) Reject(x warehouse.Reject) { r.n++; r.Load.Reject(x) }

// Load reads the workbook name (its content in data) for src into db in one
// transaction. A file refused as a whole is recorded in the rejects table and
// reported in Result.Err; nothing of it is loaded. The error return is kept
// for failures of the warehouse itself and cancellation, which should stop a
// batch.
func Load(ctx context.Context, db *warehouse.DB, src *Source, name string, data []byte, runID int64, lim Limits) (Result, error) {
	sum := sha256.Sum256(data)
	res := Result{File: warehouse.File{Source: src.Name, Name: name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data))}}
	l, err := db.BeginLoad(ctx, res.File, runID)
	if errors.Is(err, warehouse.ErrLoaded) {
		res.Skipped = true
		return res, nil
	}
	if err != nil {
		return res, err
	}
	sink := &rejectCounter{Load: l}
	err = Read(ctx, src, name, data, sink, lim)
	var fe *FileError
	switch {
	case errors.As(err, &fe):
		l.Rollback()
		res.Err = fe
		r := warehouse.Reject{Sheet: fe.Sheet, Cell: fe.Cell, Reason: Code(fe), Message: fe.Error() + "; nothing of the file was loaded"}
		if err := db.RejectFile(ctx, res.File, r, runID); err != nil {
			return res, fmt.Errorf("record rejected file %s: %w", name, err)
		}
		return res, nil
	case err != nil:
		l.Rollback()
		return res, fmt.Errorf("load %s: %w", name, err)
	}
	res.Facts, res.Rejects = l.Facts(), sink.n
	if res.Replaced, err = l.Commit(ctx); err != nil {
		return res, fmt.Errorf("load %s: %w", name, err)
	}
	return res, nil
}
