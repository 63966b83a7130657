package coo_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// allowed lists, for each package of the module, the packages of ours it may
// import directly (DESIGN.md, "The pipeline"; STYLE.md §1), and the outside
// modules beyond the standard library. A new package needs a line here: the
// test fails until its place in the design is decided.
var allowed = map[string]struct {
	ours    []string
	outside []string
}{
	"coo":                    {nil, nil}, // the vocabulary: standard library only
	"coo/forecast":           {nil, []string{"gonum.org/v1/gonum", "golang.org/x/sync"}},
	"coo/warehouse":          {[]string{"coo", "coo/internal/safefile"}, []string{"github.com/duckdb/duckdb-go/v2", "github.com/gofrs/flock"}},
	"coo/ingest":             {[]string{"coo", "coo/warehouse"}, []string{"github.com/xuri/excelize/v2"}},
	"coo/ingest/xlsx":        {nil, []string{"github.com/klauspost/compress"}}, // the workbook reader: a faster inflate, nothing else
	"coo/analysis":           {[]string{"coo", "coo/forecast", "coo/internal/l10n", "coo/internal/numfmt"}, []string{"gonum.org/v1/gonum", "golang.org/x/sync"}},
	"coo/render":             {[]string{"coo", "coo/analysis", "coo/forecast", "coo/internal/l10n", "coo/internal/numfmt", "coo/render/chart", "coo/render/doc", "coo/render/font"}, []string{"github.com/xuri/excelize/v2"}},
	"coo/render/chart":       {[]string{"coo/internal/numfmt", "coo/render/font"}, []string{"gonum.org/v1/plot", "golang.org/x/image"}}, // charts from plain numbers
	"coo/render/doc":         {[]string{"coo/render/font"}, []string{"codeberg.org/go-pdf/fpdf", "golang.org/x/image"}},                 // a document to HTML, Markdown, PDF
	"coo/render/font":        {nil, []string{"golang.org/x/image"}},
	"coo/internal/demo":      {[]string{"coo"}, []string{"github.com/xuri/excelize/v2", "gopkg.in/yaml.v3"}},
	"coo/internal/benchbook": {nil, []string{"github.com/xuri/excelize/v2"}}, // the benchmarks' ledger: tests only
	"coo/internal/safefile":  {nil, nil},                                     // atomic, durable writes: standard library only
	"coo/internal/l10n":      {nil, nil},                                     // the catalogue of fixed words: standard library only
	"coo/internal/numfmt":    {nil, nil},                                     // how figures read, in every output: standard library only
	"coo/internal/project":   {[]string{"coo", "coo/analysis", "coo/ingest", "coo/warehouse"}, []string{"gopkg.in/yaml.v3"}},
	"coo/pipeline":           {[]string{"coo", "coo/analysis", "coo/forecast", "coo/ingest", "coo/internal/demo", "coo/internal/project", "coo/internal/safefile", "coo/render", "coo/warehouse"}, []string{"gonum.org/v1/gonum"}},
	"coo/cmd/coo":            {[]string{"*"}, []string{"*"}},
}

func TestDependencyDirection(t *testing.T) {
	imports := map[string]map[string]bool{} // package -> its non-test imports
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pkg := "coo"
		if dir := filepath.ToSlash(filepath.Dir(path)); dir != "." {
			pkg += "/" + dir
		}
		if imports[pkg] == nil {
			imports[pkg] = map[string]bool{}
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			imports[pkg][p] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var pkgs []string
	for p := range imports {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	for _, pkg := range pkgs {
		rule, ok := allowed[pkg]
		if !ok {
			t.Errorf("package %s has no rule in deps_test.go: decide where it stands in the design", pkg)
			continue
		}
		for im := range imports[pkg] {
			switch {
			case im == "coo" || strings.HasPrefix(im, "coo/"):
				if !permits(rule.ours, im) {
					t.Errorf("%s imports %s, against the dependency direction (allowed: %v)", pkg, im, rule.ours)
				}
			case !strings.Contains(strings.SplitN(im, "/", 2)[0], "."):
				// the standard library
			case !permits(rule.outside, im):
				t.Errorf("%s imports %s, an outside module it has no business with (allowed: %v)", pkg, im, rule.outside)
			}
		}
	}
	// Transitively: what computes and prints figures never reaches the
	// warehouse or DuckDB; it gets its data through the interfaces it
	// declares (analysis.Store and the like), which package pipeline fills.
	for _, pkg := range []string{"coo/analysis", "coo/render", "coo/forecast", "coo/render/chart", "coo/render/doc"} {
		for dep := range closure(imports, pkg) {
			if dep == "coo/warehouse" || strings.Contains(dep, "duckdb") {
				t.Errorf("%s reaches %s through its imports: it must see only analysis results and interfaces", pkg, dep)
			}
		}
	}
	if len(imports["coo/forecast"]) == 0 || len(imports["coo/warehouse"]) == 0 {
		t.Error("the walk found no imports of forecast or warehouse: is the test looking in the right place?")
	}
}

// closure returns every import reachable from pkg: our packages followed
// through their own imports, outside ones as named.
func closure(imports map[string]map[string]bool, pkg string) map[string]bool {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(p string) {
		for im := range imports[p] {
			if !seen[im] {
				seen[im] = true
				walk(im)
			}
		}
	}
	walk(pkg)
	return seen
}

// permits reports whether im is one of the allowed paths or inside one.
func permits(allowed []string, im string) bool {
	for _, a := range allowed {
		if a == "*" || im == a || strings.HasPrefix(im, a+"/") {
			return true
		}
	}
	return false
}
