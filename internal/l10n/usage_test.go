package l10n

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// minUses is, for each namespace, how many distinct keys the scan must
// find in the code at least, so that a scan gone blind cannot pass.
var minUses = map[string]int{"report": 50, "study": 60, "narrative": 20, "studytext": 10, "chart": 6}

// TestUsage reads the non-test Go files of the packages that use the
// catalogue and fails on a key the code looks up that the catalogue lacks,
// on a lookup whose key it cannot read, and on an entry no code uses.
//
// In render and analysis, a lookup is an index of a table from Table
// (t["title"] or b.t["title"], where t or the field t was set from
// Table(ns, lang), also through a parameter such as lagWhen's w), a call
// of a function that passes its key argument on to T or to such a function
// (word(lang, "sep"), and narrate's w("in", ...)), or T(lang, "ns.key").
// A key held in a variable (w[key]) counts as the string literals assigned
// to that variable in the function. In render/chart, which takes its words
// from the caller keyed by the English word, a lookup is r.word("No data"),
// lineKey("Actual", ...) or key{name: "80% interval"}.
func TestUsage(t *testing.T) {
	uses := map[string][]string{} // key -> positions
	var problems []string
	for _, dir := range []string{"../../render", "../../analysis"} {
		u, p := scanConsumer(t, dir)
		merge(uses, u)
		problems = append(problems, p...)
	}
	merge(uses, scanChart(t, "../../render/chart"))
	for _, p := range problems {
		t.Error(p)
	}

	found := map[string]int{}
	for _, key := range sortedMapKeys(uses) {
		ns, _, _ := strings.Cut(key, ".")
		found[ns]++
		if _, ok := catalog[key]; !ok {
			t.Errorf("%s: key %q is not in the catalogue", uses[key][0], key)
		}
	}
	for _, key := range sortedKeys() {
		if _, ok := uses[key]; !ok {
			t.Errorf("catalogue entry %q is used by no code: remove it, or teach TestUsage the lookup", key)
		}
	}
	for _, ns := range namespaces {
		if found[ns] < minUses[ns] {
			t.Errorf("the scan found %d keys of namespace %s, want at least %d: is it reading the code?", found[ns], ns, minUses[ns])
		}
		t.Logf("%s: %d keys used, %d in the catalogue", ns, found[ns], countNS(ns))
	}
}

// lookupFunc is a function whose argument key (counting from 0) is a key of
// namespace ns ("" when the argument is the whole key, as T's).
type lookupFunc struct {
	ns  string
	key int
}

// scanConsumer finds the catalogue keys used by the package in dir.
func scanConsumer(t *testing.T, dir string) (uses map[string][]string, problems []string) {
	t.Helper()
	fset, files := parseDir(t, dir)
	uses = map[string][]string{}
	add := func(pos token.Pos, key string) {
		uses[key] = append(uses[key], position(fset, pos))
	}

	// Which fields hold a table: T{..., f: l10n.Table("ns", lang)}.
	fields := map[string]string{} // "T.f" -> ns
	// Which package functions pass their key on: func word(lang, key string)
	// string { return l10n.T(lang, "narrative."+key) }.
	funcs := map[string]lookupFunc{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if cl, ok := n.(*ast.CompositeLit); ok {
				if typ, ok := cl.Type.(*ast.Ident); ok {
					for _, el := range cl.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok {
							if ns, ok := tableCall(kv.Value); ok {
								fields[typ.Name+"."+kv.Key.(*ast.Ident).Name] = ns
							}
						}
					}
				}
			}
			return true
		})
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
				if lf, ok := passesKey(fd.Type, fd.Body, funcs); ok {
					funcs[fd.Name.Name] = lf
				}
			}
		}
	}

	// Which parameters receive a table: lagWhen(w, k) with w a table.
	params := map[string]map[int]string{} // function -> parameter index -> ns
	for round := 0; round < 3; round++ {
		for _, f := range files {
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Body == nil {
					continue
				}
				env := tables(fd, fields, params)
				ast.Inspect(fd.Body, func(n ast.Node) bool {
					call, ok := n.(*ast.CallExpr)
					if !ok {
						return true
					}
					if fn, ok := call.Fun.(*ast.Ident); ok {
						for i, a := range call.Args {
							if id, ok := a.(*ast.Ident); ok && env[id.Name] != "" {
								if params[fn.Name] == nil {
									params[fn.Name] = map[int]string{}
								}
								params[fn.Name][i] = env[id.Name]
							}
						}
					}
					return true
				})
			}
		}
	}

	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			env := tables(fd, fields, params)
			recv, recvType := receiver(fd)
			literals := stringAssignments(fd.Body)
			local := map[string]lookupFunc{} // closures that pass their key on
			var stack []ast.Node
			// keys reads the key expression e: a literal, or a variable
			// with literals assigned; a parameter of the enclosing
			// function is the definition of a lookup, not a use.
			keys := func(e ast.Expr) ([]string, bool) {
				switch e := e.(type) {
				case *ast.BasicLit:
					s, err := strconv.Unquote(e.Value)
					return []string{s}, err == nil
				case *ast.Ident:
					if isParam(e.Name, fd, stack) {
						return nil, true
					}
					l := literals[e.Name]
					return l, len(l) > 0
				}
				return nil, false
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if n == nil {
					stack = stack[:len(stack)-1]
					return true
				}
				stack = append(stack, n)
				switch n := n.(type) {
				case *ast.AssignStmt:
					for i, rhs := range n.Rhs {
						if fl, ok := rhs.(*ast.FuncLit); ok && i < len(n.Lhs) {
							all := map[string]lookupFunc{}
							for k, v := range funcs {
								all[k] = v
							}
							for k, v := range local {
								all[k] = v
							}
							if lf, ok := passesKey(fl.Type, fl.Body, all); ok {
								local[n.Lhs[i].(*ast.Ident).Name] = lf
							}
						}
					}
				case *ast.IndexExpr:
					ns := ""
					switch x := n.X.(type) {
					case *ast.Ident:
						ns = env[x.Name]
					case *ast.SelectorExpr:
						if id, ok := x.X.(*ast.Ident); ok && id.Name == recv {
							ns = fields[recvType+"."+x.Sel.Name]
						}
					}
					if ns == "" {
						return true
					}
					ks, ok := keys(n.Index)
					if !ok {
						problems = append(problems, fmt.Sprintf("%s: cannot read the key of a %s lookup", position(fset, n.Pos()), ns))
					}
					for _, k := range ks {
						add(n.Pos(), ns+"."+k)
					}
				case *ast.CallExpr:
					lf, ok := lookupFunc{}, false
					switch fn := n.Fun.(type) {
					case *ast.Ident:
						if lf, ok = local[fn.Name]; !ok {
							lf, ok = funcs[fn.Name]
						}
					case *ast.SelectorExpr:
						if isL10n(fn, "T") {
							lf, ok = lookupFunc{"", 1}, true
						}
					}
					if !ok || lf.key >= len(n.Args) {
						return true
					}
					if _, concat := n.Args[lf.key].(*ast.BinaryExpr); concat && lf.ns == "" {
						return true // the definition of a lookup: T(lang, "ns."+key)
					}
					ks, ok := keys(n.Args[lf.key])
					if !ok {
						problems = append(problems, fmt.Sprintf("%s: cannot read the key of a lookup", position(fset, n.Pos())))
					}
					for _, k := range ks {
						if lf.ns != "" {
							k = lf.ns + "." + k
						}
						add(n.Pos(), k)
					}
				}
				return true
			})
		}
	}
	return uses, problems
}

// scanChart finds the English words package chart looks up in the Words
// it is given.
func scanChart(t *testing.T, dir string) map[string][]string {
	t.Helper()
	fset, files := parseDir(t, dir)
	uses := map[string][]string{}
	add := func(e ast.Expr) {
		if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			s, _ := strconv.Unquote(lit.Value)
			uses["chart."+s] = append(uses["chart."+s], position(fset, lit.Pos()))
		}
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				switch fn := n.Fun.(type) {
				case *ast.SelectorExpr: // r.word("No data")
					if fn.Sel.Name == "word" && len(n.Args) == 1 {
						add(n.Args[0])
					}
				case *ast.Ident: // lineKey("Actual", style)
					if fn.Name == "lineKey" && len(n.Args) > 0 {
						add(n.Args[0])
					}
				}
			case *ast.CompositeLit: // key{name: "80% interval", ...}
				if typ, ok := n.Type.(*ast.Ident); ok && typ.Name == "key" {
					for _, el := range n.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok && kv.Key.(*ast.Ident).Name == "name" {
							add(kv.Value)
						}
					}
				}
			}
			return true
		})
	}
	return uses
}

// tables returns the variables of fd that hold a table, by namespace:
// x := l10n.Table("ns", lang), x := b.f for a table field f of the
// receiver b, and parameters given a table by every caller seen.
func tables(fd *ast.FuncDecl, fields map[string]string, params map[string]map[int]string) map[string]string {
	env := map[string]string{}
	i := 0
	for _, fl := range fd.Type.Params.List {
		for _, name := range fl.Names {
			if ns := params[fd.Name.Name][i]; ns != "" {
				env[name.Name] = ns
			}
			i++
		}
		if len(fl.Names) == 0 {
			i++
		}
	}
	recv, recvType := receiver(fd)
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, rhs := range as.Rhs {
			id, ok := as.Lhs[i].(*ast.Ident)
			if !ok {
				continue
			}
			if ns, ok := tableCall(rhs); ok {
				env[id.Name] = ns
			}
			if sel, ok := rhs.(*ast.SelectorExpr); ok {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == recv && fields[recvType+"."+sel.Sel.Name] != "" {
					env[id.Name] = fields[recvType+"."+sel.Sel.Name]
				}
			}
		}
		return true
	})
	return env
}

// passesKey reports whether a function with type ft and body passes one of
// its parameters as the key of a lookup: to l10n.T as "ns."+param, or to
// one of funcs.
func passesKey(ft *ast.FuncType, body *ast.BlockStmt, funcs map[string]lookupFunc) (lookupFunc, bool) {
	index := map[string]int{}
	i := 0
	for _, fl := range ft.Params.List {
		for _, name := range fl.Names {
			index[name.Name] = i
			i++
		}
		if len(fl.Names) == 0 {
			i++
		}
	}
	var out lookupFunc
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		switch fn := call.Fun.(type) {
		case *ast.SelectorExpr:
			if !isL10n(fn, "T") || len(call.Args) != 2 {
				return true
			}
			// T(lang, "ns."+key)
			if be, ok := call.Args[1].(*ast.BinaryExpr); ok {
				lit, ok1 := be.X.(*ast.BasicLit)
				id, ok2 := be.Y.(*ast.Ident)
				if ok1 && ok2 {
					if k, ok := index[id.Name]; ok {
						prefix, _ := strconv.Unquote(lit.Value)
						out, found = lookupFunc{strings.TrimSuffix(prefix, "."), k}, true
					}
				}
			}
		case *ast.Ident:
			lf, ok := funcs[fn.Name]
			if !ok || lf.key >= len(call.Args) {
				return true
			}
			if id, ok := call.Args[lf.key].(*ast.Ident); ok {
				if k, ok := index[id.Name]; ok {
					out, found = lookupFunc{lf.ns, k}, true
				}
			}
		}
		return true
	})
	return out, found
}

// tableCall reports whether e is l10n.Table("ns", ...), and ns.
func tableCall(e ast.Expr) (string, bool) {
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 2 {
		return "", false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || !isL10n(sel, "Table") {
		return "", false
	}
	lit, ok := call.Args[0].(*ast.BasicLit)
	if !ok {
		return "", false
	}
	ns, err := strconv.Unquote(lit.Value)
	return ns, err == nil
}

func isL10n(sel *ast.SelectorExpr, name string) bool {
	x, ok := sel.X.(*ast.Ident)
	return ok && x.Name == "l10n" && sel.Sel.Name == name
}

// receiver returns the receiver's name and type name, "" if none.
func receiver(fd *ast.FuncDecl) (name, typ string) {
	if fd.Recv == nil || len(fd.Recv.List) != 1 || len(fd.Recv.List[0].Names) != 1 {
		return "", ""
	}
	te := fd.Recv.List[0].Type
	if st, ok := te.(*ast.StarExpr); ok {
		te = st.X
	}
	if id, ok := te.(*ast.Ident); ok {
		typ = id.Name
	}
	return fd.Recv.List[0].Names[0].Name, typ
}

// isParam reports whether name is a parameter of fd or of a function
// literal on the stack.
func isParam(name string, fd *ast.FuncDecl, stack []ast.Node) bool {
	has := func(ft *ast.FuncType) bool {
		for _, fl := range ft.Params.List {
			for _, n := range fl.Names {
				if n.Name == name {
					return true
				}
			}
		}
		return false
	}
	if has(fd.Type) {
		return true
	}
	for _, n := range stack {
		if fl, ok := n.(*ast.FuncLit); ok && has(fl.Type) {
			return true
		}
	}
	return false
}

// stringAssignments returns, for each variable, the string literals
// assigned to it in body (key := "fell"; key = "rose"), and nil for a
// variable also assigned something else.
func stringAssignments(body *ast.BlockStmt) map[string][]string {
	out := map[string][]string{}
	other := map[string]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok {
			return true
		}
		for i, lhs := range as.Lhs {
			id, ok := lhs.(*ast.Ident)
			if !ok {
				continue
			}
			var lit *ast.BasicLit
			if len(as.Lhs) == len(as.Rhs) && (as.Tok == token.DEFINE || as.Tok == token.ASSIGN) {
				lit, _ = as.Rhs[i].(*ast.BasicLit)
			}
			if lit == nil || lit.Kind != token.STRING {
				other[id.Name] = true
				continue
			}
			s, _ := strconv.Unquote(lit.Value)
			out[id.Name] = append(out[id.Name], s)
		}
		return true
	})
	for name := range other {
		delete(out, name)
	}
	return out
}

// parseDir parses the non-test Go files of dir.
func parseDir(t *testing.T, dir string) (*token.FileSet, []*ast.File) {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		t.Fatalf("no Go files in %s", dir)
	}
	return fset, files
}

func position(fset *token.FileSet, pos token.Pos) string {
	p := fset.Position(pos)
	return fmt.Sprintf("%s:%d", strings.TrimPrefix(filepath.ToSlash(p.Filename), "../../"), p.Line)
}

func merge(dst, src map[string][]string) {
	for k, v := range src {
		dst[k] = append(dst[k], v...)
	}
}

func sortedMapKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
