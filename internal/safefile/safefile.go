// Package safefile writes files and folders so that a reader, or the next
// run after a crash, never sees half of one: every file is written to a
// temporary name beside its target, synced, renamed into place, and the
// folder holding it synced, so the rename itself survives a power cut.
// Every rename's error is returned; a failed rollback is reported with the
// error that caused it.
package safefile

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// WriteFile writes data to path atomically and durably (mode 0644).
func WriteFile(path string, data []byte) error {
	w, err := Create(path)
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		w.Abort()
		return err
	}
	return w.Close()
}

// File is a file being written: its bytes go to a temporary file beside
// the target, which Close syncs and renames into place, and Abort removes.
type File struct {
	path string
	tmp  *os.File
	h    hash.Hash
	n    int64
	done bool
}

// ErrNotRegular reports a target that exists and is not a regular file
// (nor a symbolic link, which is replaced, never followed).
var ErrNotRegular = errors.New("not a regular file")

// Create starts writing path. The caller must call Close or Abort. A
// target that is a FIFO, a device, a socket or a folder is refused
// (ErrNotRegular): the rename would put a file in its place, and a reader
// of the FIFO gets nothing (found from outside: /dev/full, written as
// root, became a regular file).
func Create(path string) (*File, error) {
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() && fi.Mode()&os.ModeSymlink == 0 {
		return nil, fmt.Errorf("%s: %w (%s): coo writes regular files only", path, ErrNotRegular, fi.Mode().Type())
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, err
	}
	return &File{path: path, tmp: tmp, h: sha256.New()}, nil
}

func (f *File) Write(p []byte) (int, error) {
	n, err := f.tmp.Write(p)
	f.h.Write(p[:n])
	f.n += int64(n)
	return n, err
}

// SHA256 is the hex digest of what was written; Size its length.
func (f *File) SHA256() string { return hex.EncodeToString(f.h.Sum(nil)) }

// Size is the number of bytes written.
func (f *File) Size() int64 { return f.n }

// Close syncs the temporary file, renames it to the target and syncs the
// folder. On any error the temporary file is removed and the target is
// left as it was.
func (f *File) Close() error {
	if f.done {
		return errors.New("safefile: closed twice")
	}
	f.done = true
	err := f.tmp.Chmod(0o644)
	if err == nil {
		err = f.tmp.Sync()
	}
	if cerr := f.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.tmp.Name(), f.path)
	}
	if err != nil {
		os.Remove(f.tmp.Name())
		return fmt.Errorf("write %s: %w", f.path, err)
	}
	return SyncDir(filepath.Dir(f.path))
}

// Abort removes the temporary file; the target is untouched.
func (f *File) Abort() {
	if !f.done {
		f.done = true
		f.tmp.Close()
		os.Remove(f.tmp.Name())
	}
}

// SyncDir flushes a folder's entries (new names, renames) to disk.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sync folder %s: %w", dir, err)
	}
	return nil
}

// Written is one file a Dir wrote: its slash-separated name inside the
// folder, its hash and size.
type Written struct {
	Name   string
	SHA256 string
	Size   int64
}

// Dir is a folder that files are written into atomically, remembering
// what was written. It is safe for concurrent use.
type Dir struct {
	path string
	mu   sync.Mutex
	done []Written
}

// NewDir returns a Dir writing into path, which is created when the first
// file is written.
func NewDir(path string) *Dir { return &Dir{path: path} }

// Path is the folder's path.
func (d *Dir) Path() string { return d.path }

// Create starts writing name (slash-separated, inside the folder; ".."
// and absolute names are refused). Closing the writer puts the file in
// place and records it.
func (d *Dir) Create(name string) (io.WriteCloser, error) {
	clean := filepath.Clean(filepath.FromSlash(name))
	if name == "" || filepath.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return nil, fmt.Errorf("safefile: %q is not a name inside %s", name, d.path)
	}
	path := filepath.Join(d.path, clean)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := Create(path)
	if err != nil {
		return nil, err
	}
	return &dirFile{File: f, d: d, name: filepath.ToSlash(clean)}, nil
}

// WriteFile writes data as name, atomically.
func (d *Dir) WriteFile(name string, data []byte) error {
	w, err := d.Create(name)
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		w.(*dirFile).Abort()
		return err
	}
	return w.Close()
}

// Files lists what was written, sorted by name.
func (d *Dir) Files() []Written {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := append([]Written(nil), d.done...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

type dirFile struct {
	*File
	d    *Dir
	name string
}

func (f *dirFile) Close() error {
	if err := f.File.Close(); err != nil {
		return err
	}
	f.d.mu.Lock()
	f.d.done = append(f.d.done, Written{Name: f.name, SHA256: f.SHA256(), Size: f.Size()})
	f.d.mu.Unlock()
	return nil
}

// ReplaceDir puts the finished folder tmp in place of final with one
// rename. An existing final is moved aside to old first and removed after;
// if the second rename fails, old is put back, and an error in putting it
// back is reported with the first (the folder then stays at old, named in
// the error).
func ReplaceDir(tmp, final, old string) error {
	moved := false
	if _, err := os.Lstat(final); err == nil {
		if err := os.Rename(final, old); err != nil {
			return fmt.Errorf("move %s aside: %w", final, err)
		}
		moved = true
	}
	if err := os.Rename(tmp, final); err != nil {
		err = fmt.Errorf("rename %s to %s: %w", tmp, final, err)
		if moved {
			if rerr := os.Rename(old, final); rerr != nil {
				return errors.Join(err, fmt.Errorf("put the earlier %s back: %w; it is at %s", final, rerr, old))
			}
		}
		return err
	}
	if err := SyncDir(filepath.Dir(final)); err != nil {
		return err
	}
	if moved {
		return os.RemoveAll(old)
	}
	return nil
}
