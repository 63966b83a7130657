//go:build unix

package ingest

import (
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// readSoon runs ReadFile in a goroutine and fails the test if it has not
// returned within 5 s: a FIFO used to block ingest forever.
func readSoon(t *testing.T, path, name string) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, _, err := ReadFile(path, name, 0)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		t.Fatalf("ReadFile(%s) has not returned after 5 s", name)
		return nil
	}
}

// TestReadFileNotRegular: a FIFO named x.xlsx (no writer: opening it for
// reading would block), a symbolic link to one, a socket and a device are
// refused as not_regular at once.
func TestReadFileNotRegular(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "x.xlsx")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	link := filepath.Join(dir, "link.xlsx")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	// Socket paths are short (108 bytes): make it in a short folder.
	sdir, err := os.MkdirTemp("", "coo")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(sdir) })
	sock := filepath.Join(sdir, "s.xlsx")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, tc := range []struct{ name, path, says string }{
		{"inbox/x.xlsx", fifo, "a named pipe (FIFO)"},
		{"inbox/link.xlsx", link, "a named pipe (FIFO)"},
		{"inbox/s.xlsx", sock, "a socket"},
		{"/dev/null", "/dev/null", "a character device"},
	} {
		if _, err := os.Stat(tc.path); err != nil {
			t.Logf("%s: %v", tc.path, err)
			continue
		}
		err := readSoon(t, tc.path, tc.name)
		checkRefused(t, err, tc.name, ErrNotRegular, "not_regular", tc.says)
	}
}

// TestReadFileFifoSwapped: a FIFO that takes a regular file's place after
// the stat is still not read: the open does not block, and the open
// descriptor is checked again (openChecked, what ReadFile does after its
// stat, is given the FIFO directly).
func TestReadFileFifoSwapped(t *testing.T) {
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "x.xlsx")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		f, fi, err := openChecked(fifo, "x.xlsx", 1<<20)
		if f != nil || fi == nil {
			t.Errorf("openChecked(FIFO) = %v, %v; want no file and its information", f, fi)
			f.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		checkRefused(t, err, "x.xlsx", ErrNotRegular, "not_regular", "FIFO")
	case <-time.After(5 * time.Second):
		t.Fatal("openChecked(FIFO) has not returned after 5 s")
	}
}
