package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkRefused checks that err is a *FileError for reason with code, named
// name, valid UTF-8 and saying each of says.
func checkRefused(t *testing.T, err error, name string, reason error, code string, says ...string) {
	t.Helper()
	var fe *FileError
	if !errors.As(err, &fe) || !errors.Is(err, reason) || fe.Code() != code || Code(err) != code {
		t.Fatalf("ReadFile = %v, want a *FileError for %v with code %s", err, reason, code)
	}
	msg := err.Error()
	if fe.File != name || !strings.HasPrefix(msg, name+": ") && utf8.ValidString(name) {
		t.Errorf("ReadFile error %q does not start with the name %q", msg, name)
	}
	if !utf8.ValidString(msg) {
		t.Errorf("ReadFile error %q is not UTF-8", msg)
	}
	for _, s := range says {
		if !strings.Contains(msg, s) {
			t.Errorf("ReadFile error %q does not say %q", msg, s)
		}
	}
}

// TestReadFile: a workbook is read whole; a folder named like a workbook, a
// file over the limit and a missing file are refused with their codes.
func TestReadFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.xlsx")
	content := []byte("PK\x03\x04 some workbook bytes")
	if err := os.WriteFile(good, content, 0o644); err != nil {
		t.Fatal(err)
	}
	data, fi, err := ReadFile(good, "inbox/good.xlsx", 0)
	if err != nil || string(data) != string(content) || fi == nil || fi.Size() != int64(len(content)) {
		t.Fatalf("ReadFile(good) = %q, %v, %v; want the content and its info", data, fi, err)
	}
	// Exactly at the limit is accepted, one byte over is not.
	if _, _, err := ReadFile(good, "", int64(len(content))); err != nil {
		t.Errorf("ReadFile(good, limit = its size) = %v, want it read", err)
	}
	_, fi, err = ReadFile(good, "inbox/good.xlsx", int64(len(content))-1)
	checkRefused(t, err, "inbox/good.xlsx", ErrTooLarge, "too_large", "24 bytes, more than the limit of 23")
	if fi == nil || fi.Size() != 24 {
		t.Errorf("ReadFile(too large) info = %v, want its stat", fi)
	}

	folder := filepath.Join(dir, "x.xlsx")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	_, fi, err = ReadFile(folder, "inbox/x.xlsx", 0)
	checkRefused(t, err, "inbox/x.xlsx", ErrNotRegular, "not_regular", "a folder")
	if fi == nil || !fi.IsDir() {
		t.Errorf("ReadFile(folder) info = %v, want its stat", fi)
	}

	_, fi, err = ReadFile(filepath.Join(dir, "gone.xlsx"), "inbox/gone.xlsx", 0)
	checkRefused(t, err, "inbox/gone.xlsx", ErrUnreadable, "unreadable", "no such file")
	if !errors.Is(err, os.ErrNotExist) || fi != nil {
		t.Errorf("ReadFile(missing) = %v, %v; want os.ErrNotExist wrapped and no info", fi, err)
	}

	// A name that is not UTF-8 is escaped in the message, which can then
	// always be stored.
	_, _, err = ReadFile(folder, "inbox/\xff\xfe.xlsx", 0)
	checkRefused(t, err, "inbox/\xff\xfe.xlsx", ErrNotRegular, "not_regular", `inbox/\xff\xfe.xlsx: `)
}

// TestReadFileSparse: a 300 MiB file (sparse: nothing is written) is
// refused as too_large from its size alone, without reading it. The issue
// measured 645 MB of memory for one before.
func TestReadFileSparse(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.xlsx")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(300 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	_, fi, err := ReadFile(big, "big.xlsx", 0)
	runtime.ReadMemStats(&m1)
	checkRefused(t, err, "big.xlsx", ErrTooLarge, "too_large", "314572800 bytes, more than the limit of 268435456")
	if fi == nil || fi.Size() != 300<<20 {
		t.Errorf("ReadFile(sparse) info = %v, want its stat", fi)
	}
	if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc > 1<<20 {
		t.Errorf("ReadFile(sparse 300 MiB) allocated %d bytes, want it refused without reading", alloc)
	}
}
