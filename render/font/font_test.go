package font

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	f, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	var want *cjkFile
	for i, c := range cjkFaces {
		if _, statErr := os.Stat(c.regular); statErr == nil {
			want = &cjkFaces[i]
			break
		}
	}
	switch {
	case !bytes.Equal(f.Regular, Go().Regular) || !bytes.Equal(f.Bold, Go().Bold):
		t.Errorf("Load: the Latin face is not the Go fonts (%q)", f.Name)
	case want != nil && (!f.CJK || f.CJKName != want.name || f.Path != want.regular || len(f.CJKBold) == 0):
		t.Errorf("%s is installed but Load gave %q (CJK %v, %s)", want.name, f.Name, f.CJK, f.Path)
	case want == nil && (f.CJK || f.Name != "Go" || f.CJKRegular != nil):
		t.Errorf("without a CJK face Load should give the Go fonts alone, gave %q", f.Name)
	}
	if g := Go(); len(g.Regular) == 0 || len(g.Bold) == 0 || g.CJK {
		t.Errorf("Go() = %q, %d/%d bytes, CJK %v", g.Name, len(g.Regular), len(g.Bold), g.CJK)
	}

	dir := t.TempDir()
	write := func(name, head string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, append([]byte(head), make([]byte, 64)...), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, c := range []struct{ path, want string }{
		{filepath.Join(dir, "missing.ttf"), "no such file"},
		{write("c.ttc", "ttcf"), "font collection"},
		{write("c.otf", "OTTO"), "CFF OpenType"},
		{write("x.ttf", "%PDF"), "not a TrueType font"},
	} {
		if _, err := Load(c.path); err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.path) {
			t.Errorf("Load(%s) = %v, want an error naming the file and saying %q", c.path, err, c.want)
		}
	}
	if f, err := Load(write("ok.ttf", "\x00\x01\x00\x00")); err != nil || !f.CJK || f.Name != "Go + Custom" || f.CJKName != "Custom" || len(f.CJKBold) == 0 {
		t.Errorf("Load(a TrueType file) = %q, %v", f.Name, err)
	}
}
