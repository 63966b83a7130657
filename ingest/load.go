package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"coo/ingest/xlsx"
	"coo/warehouse"
)

// Result says what loading one file did.
type Result struct {
	File   warehouse.File
	FileID int64 // in the files table, once staged
	Known  bool  // the same content was already loaded (or refused): nothing done
	Stats  Stats
	Err    error // the whole file was refused (a *FileError): nothing of it loaded
}

// Fingerprint identifies the mapping: a change to anything that decides what
// is read (not the description) gives another fingerprint, so files loaded
// with the old mapping are read again.
func (s *Source) Fingerprint() string {
	c := *s
	c.Description = ""
	b, _ := json.Marshal(c) // follows the Period.Column pointer, unlike %v
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// Load reads the workbook name (its content in data) for src and stages it in
// db in one transaction: all its facts and rejects, or nothing. Staged files
// become visible when the batch is promoted (warehouse.DB.Promote). A file
// refused as a whole is recorded with its reason in Result.Err. The error
// return is kept for failures of the warehouse itself and for cancellation,
// which stop a batch.
func Load(ctx context.Context, db *warehouse.DB, src *Source, name string, data []byte, runID int64, lim Limits) (Result, error) {
	return load(ctx, db, src, name, data, runID, lim, nil)
}

// Early is a workbook's reading begun before the warehouse is open
// (ReadEarly): on two cores the reading and the opening go side by side.
// LoadEarly takes it over; Stop ends one that is not.
type Early struct {
	src    *Source
	name   string
	data   []byte
	lim    Limits
	cancel context.CancelFunc
	p      *pipe
	done   chan struct{} // closed when the read has ended
	stats  Stats
	err    error
	once   sync.Once
}

// ReadEarly begins reading the workbook name (its content in data) for src,
// ahead (see Load); its facts wait, up to latePipeDepth batches, for
// LoadEarly to give them the warehouse.
func ReadEarly(ctx context.Context, src *Source, name string, data []byte, lim Limits) *Early {
	ctx, cancel := context.WithCancel(ctx)
	e := &Early{src: src, name: name, data: data, lim: lim, cancel: cancel, p: newLatePipe(), done: make(chan struct{})}
	go func() {
		defer close(e.done)
		e.stats, e.err = read(ctx, src, name, data, e.p, lim, true)
	}()
	return e
}

// Stop ends an early read that LoadEarly has not taken over, dropping what
// it read; it does nothing after LoadEarly, and may be called on nil.
func (e *Early) Stop() {
	if e == nil {
		return
	}
	e.once.Do(func() {
		e.cancel()
		e.p.abandon()
		<-e.done
		e.p.close()
	})
}

// LoadEarly is Load of the workbook an early read began.
func LoadEarly(ctx context.Context, db *warehouse.DB, e *Early, runID int64) (Result, error) {
	return load(ctx, db, e.src, e.name, e.data, runID, e.lim, e)
}

func load(ctx context.Context, db *warehouse.DB, src *Source, name string, data []byte, runID int64, lim Limits, early *Early) (Result, error) {
	defer early.Stop() // not taken over: the file is known, or the warehouse failed
	sum := sha256.Sum256(data)
	res := Result{File: warehouse.File{Source: src.Name, Name: name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data)), Mapping: src.Fingerprint()}}
	known, err := db.Known(ctx, res.File)
	if err != nil || known {
		res.Known = known
		return res, err
	}
	var l *warehouse.Load
	var p *pipe
	// A big sheet is read on while its merged ranges are looked for: if
	// it has some, that first read is thrown away and the file read again.
	for _, ahead := range []bool{true, false} {
		if l, err = db.BeginLoad(ctx, res.File, runID); err != nil {
			return res, err
		}
		if e := early; ahead && e != nil {
			e.once.Do(func() { // taken over: Stop does nothing now
				e.p.attach(l)
				<-e.done
				p, res.Stats, err = e.p, e.stats, e.err
				e.cancel()
			})
		} else {
			p = newPipe(l)
			res.Stats, err = read(ctx, src, name, data, p, lim, ahead)
		}
		if perr := p.close(); err == nil {
			err = perr
		}
		if !errors.Is(err, xlsx.ErrMerged) {
			break
		}
		l.Rollback()
	}
	res.FileID = l.ID()
	if err == nil && p.unchecked { // a file too big for Read's guard
		var d *warehouse.Duplicate
		if d, err = l.Duplicate(ctx); d != nil {
			err = duplicateError(name, d)
		}
	}
	var fe *FileError
	switch {
	case errors.As(err, &fe):
		l.Rollback()
		res.Err = fe
		res.Stats = Stats{}
		r := warehouse.Reject{Sheet: fe.Sheet, Cell: fe.Cell, Reason: Code(fe), Message: fe.Error() + "; nothing of the file was loaded"}
		if err := db.RefuseFile(ctx, res.File, r, runID); err != nil {
			return res, fmt.Errorf("record refused file %s: %w", name, err)
		}
		return res, nil
	case err != nil:
		l.Rollback()
		return res, fmt.Errorf("load %s: %w", name, err)
	}
	if err := l.Commit(ctx); err != nil {
		return res, fmt.Errorf("load %s: %w", name, err)
	}
	return res, nil
}
