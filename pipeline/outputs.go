package pipeline

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"

	"coo/internal/project"
)

// CheckOutputs refuses (an OptionError) a command's output paths that would
// replace one of the project's own files (project.Project.Owns).
func CheckOutputs(p *project.Project, paths ...string) error {
	for _, path := range paths {
		if path == "" {
			continue
		}
		if what, ok := p.Owns(path); ok {
			return Optionf("%s is %s: coo does not write its output over it; choose another path", path, what)
		}
	}
	return nil
}

// CheckOutputDir refuses (an OptionError) a folder that a command may
// replace whole (coo export parquet --dir DIR --force) when it is the
// project folder or one above it, or holds one of the project's own files.
func CheckOutputDir(p *project.Project, dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	proj, err := filepath.Abs(p.Dir)
	if err != nil {
		return err
	}
	if rel, err := filepath.Rel(abs, proj); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return Optionf("%s holds the project folder %s: coo does not replace it; choose another folder", dir, p.Dir)
	}
	return filepath.WalkDir(abs, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if what, ok := p.Owns(path); ok && !d.IsDir() {
			return Optionf("%s holds %s, %s: coo does not replace it; choose another folder", dir, path, what)
		}
		return nil
	})
}
