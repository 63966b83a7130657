package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"os"
	"path/filepath"

	"coo/warehouse"
)

// LoadParquet stages the current snapshot of src's Parquet dataset
// (src.Parquet, relative to the project folder dir) as one file, in one
// transaction: every row whose source column is src.Name, or nothing. The
// snapshot is identified by the names, sizes and modification times of the
// dataset's files, not their content, so an unchanged dataset costs one
// listing: Result.Known is then set and nothing is read. A dataset that
// cannot be loaded as it is (a column missing or of the wrong type, a period
// that is not YYYY-MM...) is refused as a whole and recorded, with the
// reason in Result.Err and in the rejects table (reason bad_dataset). A
// dataset that changes while it is read is refused the same way; load again
// once the other engine has finished. The error return is kept for failures
// of the warehouse itself and for cancellation.
func LoadParquet(ctx context.Context, db *warehouse.DB, src *Source, dir string, runID int64) (Result, error) {
	res := Result{File: warehouse.File{Source: src.Name, Name: src.Parquet, Mapping: src.Fingerprint()}}
	if src.Parquet == "" {
		return res, fmt.Errorf("source %s is not a Parquet dataset", src.Name)
	}
	pattern := filepath.FromSlash(src.Parquet)
	if !filepath.IsAbs(pattern) {
		pattern = filepath.Join(dir, pattern)
	}
	paths, err := db.Glob(ctx, pattern)
	if err != nil {
		return res, fmt.Errorf("dataset %s: list files: %w", src.Parquet, err)
	}
	snapshot := func() (string, int64, error) {
		h := sha256.New()
		var size int64
		for _, p := range paths {
			n, err := stamp(h, dir, p)
			if err != nil {
				return "", 0, err
			}
			size += n
		}
		return hex.EncodeToString(h.Sum(nil)), size, nil
	}
	res.File.SHA256, res.File.Size, err = snapshot()
	if err != nil {
		return res, fmt.Errorf("dataset %s: %w", src.Parquet, err)
	}
	known, err := db.Known(ctx, res.File)
	if err != nil || known {
		res.Known = known
		return res, err
	}
	ds := warehouse.Dataset{File: res.File, Paths: paths, Verify: func() error {
		sum, _, err := snapshot()
		if err != nil || sum != res.File.SHA256 {
			return &warehouse.DatasetError{Dataset: src.Parquet, Msg: "changed while it was read; load it again when the engine writing it has finished"}
		}
		return nil
	}}
	id, n, err := db.LoadParquet(ctx, ds, runID)
	var de *warehouse.DatasetError
	switch {
	case errors.As(err, &de):
		res.Err = de
		r := warehouse.Reject{Reason: "bad_dataset", Message: de.Error() + "; nothing of the dataset was loaded"}
		if err := db.RefuseFile(ctx, res.File, r, runID); err != nil {
			return res, fmt.Errorf("record refused dataset %s: %w", src.Parquet, err)
		}
		return res, nil
	case err != nil:
		return res, fmt.Errorf("load dataset %s: %w", src.Parquet, err)
	}
	res.FileID = id
	res.Stats = Stats{Sheets: []string{fmt.Sprintf("%d Parquet files", len(paths))}, Rows: int(n), Facts: int(n)}
	return res, nil
}

// stamp writes a file's name (relative to dir where it is inside), size and
// modification time to h, and returns its size.
func stamp(h hash.Hash, dir, path string) (int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	name := path
	if rel, err := filepath.Rel(dir, path); err == nil && filepath.IsLocal(rel) {
		name = filepath.ToSlash(rel)
	}
	fmt.Fprintf(h, "%s\x00%d\x00%d\n", name, fi.Size(), fi.ModTime().UnixNano())
	return fi.Size(), nil
}
