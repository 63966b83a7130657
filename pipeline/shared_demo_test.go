package pipeline

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// The demo, made once for the package's tests (it takes tens of seconds):
// each test gets its own copy of the folder, warehouse included.
var (
	demoOnce sync.Once
	demoDir  string
	demoRes  *DemoResult
	demoErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if demoDir != "" {
		os.RemoveAll(filepath.Dir(demoDir))
	}
	os.Exit(code)
}

// demoCopy returns a fresh copy of the demo project in dir and what Demo
// returned when it made it.
func demoCopy(t *testing.T) (dir string, res *DemoResult) {
	t.Helper()
	if testing.Short() {
		t.Skip("the demo takes a while")
	}
	demoOnce.Do(func() {
		var tmp string
		if tmp, demoErr = os.MkdirTemp("", "coo-pipeline-demo-"); demoErr != nil {
			return
		}
		demoDir = filepath.Join(tmp, "demo")
		demoRes, demoErr = Demo(context.Background(), demoDir, 1, false, Config{Command: "coo demo"})
	})
	if demoErr != nil {
		t.Fatalf("the demo: %v", demoErr)
	}
	dir = filepath.Join(t.TempDir(), "demo")
	must(t, copyTree(demoDir, dir))
	return dir, demoRes
}

func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		src, err := os.Open(path)
		if err != nil {
			return err
		}
		defer src.Close()
		out, err := os.Create(dst)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, src); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}
