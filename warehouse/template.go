package warehouse

import (
	"bytes"
	"compress/gzip"
	_ "embed" // the empty warehouse
	"errors"
	"fmt"
	"io"
	"os"
)

// emptyWarehouse is a new warehouse as schema.sql makes it, checkpointed and
// gzipped (7 KB for 1 MB). A new warehouse is a copy of it: opening the copy
// takes about 20 ms where creating the schema took 50, and every first
// command in a project paid that. TestSchemaSQL checks that the copy has the
// migrations' schema; its -update flag writes the file again.
//
//go:embed empty.duckdb.gz
var emptyWarehouse []byte

// createEmpty writes a new warehouse at path (which must not exist) from
// emptyWarehouse. It writes path+".new" and links it into place, so that a
// crash leaves no half-written warehouse and an existing file is not
// replaced.
func createEmpty(path string) (err error) {
	zr, err := gzip.NewReader(bytes.NewReader(emptyWarehouse))
	if err != nil {
		return err
	}
	tmp := path + ".new"
	os.Remove(tmp) // left by a run that crashed here
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	_, err = io.Copy(f, zr)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	err = os.Link(tmp, path)
	if err != nil && !errors.Is(err, os.ErrExist) {
		// A file system without hard links: the writer's lock keeps
		// other coo commands from creating it meanwhile.
		err = os.Rename(tmp, path)
	}
	if err != nil && !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("create warehouse %s: %w", path, err)
	}
	return nil
}
