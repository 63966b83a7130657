package safefile

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("content %q, want new", b)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d entries in the folder, want 1: no temporary file left", len(entries))
	}
	// A folder that does not exist: an error, nothing written.
	if err := WriteFile(filepath.Join(dir, "no", "b.txt"), []byte("x")); err == nil {
		t.Error("write into a missing folder: want an error")
	}
}

func TestAbortLeavesTarget(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.txt")
	os.WriteFile(path, []byte("keep"), 0o644)
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("half"))
	f.Abort()
	if b, _ := os.ReadFile(path); string(b) != "keep" {
		t.Errorf("after Abort: %q, want keep", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d entries, want 1", len(entries))
	}
}

func TestDir(t *testing.T) {
	root := t.TempDir()
	d := NewDir(filepath.Join(root, "out"))
	if err := d.WriteFile("b/c.txt", []byte("hello")); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("a.txt", nil); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"../x", "/etc/x", "", "a/../../x"} {
		if _, err := d.Create(bad); err == nil {
			t.Errorf("Create(%q): want a refusal", bad)
		}
	}
	got := d.Files()
	sum := sha256.Sum256([]byte("hello"))
	if len(got) != 2 || got[0].Name != "a.txt" || got[1].Name != "b/c.txt" || got[1].SHA256 != hex.EncodeToString(sum[:]) || got[1].Size != 5 {
		t.Errorf("Files() = %+v", got)
	}
	if b, _ := os.ReadFile(filepath.Join(root, "out", "b", "c.txt")); string(b) != "hello" {
		t.Errorf("b/c.txt = %q", b)
	}
}

func TestReplaceDir(t *testing.T) {
	root := t.TempDir()
	final, old := filepath.Join(root, "2026-10"), filepath.Join(root, ".2026-10.old")
	mk := func(dir, content string) {
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, "f"), []byte(content), 0o644)
	}
	read := func(dir string) string { b, _ := os.ReadFile(filepath.Join(dir, "f")); return string(b) }

	mk(filepath.Join(root, "tmp1"), "one")
	if err := ReplaceDir(filepath.Join(root, "tmp1"), final, old); err != nil || read(final) != "one" {
		t.Fatalf("first publish: %v, %q", err, read(final))
	}
	mk(filepath.Join(root, "tmp2"), "two")
	if err := ReplaceDir(filepath.Join(root, "tmp2"), final, old); err != nil || read(final) != "two" {
		t.Fatalf("replace: %v, %q", err, read(final))
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Error("the earlier folder was not removed")
	}
	// The second rename fails (the new folder is gone): the earlier one is
	// put back and the error says so.
	err := ReplaceDir(filepath.Join(root, "missing"), final, old)
	if err == nil || read(final) != "two" {
		t.Fatalf("failed rename: %v, final %q; want an error and the earlier folder back", err, read(final))
	}
	// The earlier folder cannot be moved aside (old's folder does not
	// exist): an error, and final is untouched.
	mk(filepath.Join(root, "tmp3"), "three")
	err = ReplaceDir(filepath.Join(root, "tmp3"), final, filepath.Join(root, "no", "old"))
	if err == nil || !strings.Contains(err.Error(), "move") || read(final) != "two" {
		t.Errorf("moving aside into a missing folder: %v, final %q", err, read(final))
	}
}

// TestNotRegular: a FIFO or a folder in the target's place is refused and
// left as it was; a symbolic link is replaced, its target untouched (found
// from outside: --out /dev/full, as root, became a regular file).
func TestNotRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{fifo, sub} {
		if err := WriteFile(p, []byte("x")); !errors.Is(err, ErrNotRegular) {
			t.Errorf("WriteFile(%s) = %v, want ErrNotRegular", filepath.Base(p), err)
		}
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO is no longer one: %v, %v", fi.Mode(), err)
	}
	target := filepath.Join(dir, "target")
	if err := os.WriteFile(target, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Errorf("the link's target was written: %q", b)
	}
	if b, _ := os.ReadFile(link); string(b) != "new" {
		t.Errorf("the link's place holds %q, want the new file", b)
	}
}
