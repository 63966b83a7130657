// Package project reads coo's project file, coo.yaml, into the configuration
// types of the packages that use it (ingest.Source, coo.Metric,
// analysis.Rules, coo.Calendar). Only cmd/coo imports it.
//
// Every mistake is reported with the file, the line and the key, such as
//
//	coo.yaml:14: sources[0].measures[1].scale: want a number, got "thousands"
//
// and all mistakes are reported at once, in line order.
package project

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"coo"
	"coo/analysis"
	"coo/ingest"
)

// FileName is the project file's name inside the project folder.
const FileName = "coo.yaml"

// FormatVersion is the project-file format this coo reads.
const FormatVersion = 1

// Project is a parsed project file.
type Project struct {
	Dir       string // the project folder
	Company   string
	Currency  string
	Language  string // en or zh
	Calendar  coo.Calendar
	Warehouse string // the DuckDB file, absolute or relative to the working directory
	// Memory is the memory budget in bytes (0: no limit): cmd gives a part
	// to DuckDB (memory_limit, spilling beyond it) and a part to Go's
	// garbage collector (a soft limit).
	Memory  int64
	Sources []ingest.Source
	Metrics []coo.Metric
	// Assessment is the assessment section's rules; nil when the file has none.
	Assessment *analysis.Rules
	// Report is the report section, or DefaultReport when there is none.
	Report Report
}

// Source returns the source named name, or nil.
func (p *Project) Source(name string) *ingest.Source {
	for i := range p.Sources {
		if p.Sources[i].Name == name {
			return &p.Sources[i]
		}
	}
	return nil
}

// Error is one mistake in the project file.
type Error struct {
	File string
	Line int    // 1-based; 0 when unknown
	Key  string // such as sources[0].measures[1].unit; "" for the document
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is every mistake found, in line order.
type Errors []*Error

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Parse reads the project file's content. file names it in messages, dir is
// the project folder. The error, if any, is Errors.
func Parse(data []byte, file, dir string) (*Project, error) {
	d := &decoder{file: file}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		line := 0
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if _, e := fmt.Sscanf(msg, "line %d:", &line); e == nil {
			msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
			// yaml.v3 counts a parser error's line from 0 and points at
			// the start of the list or mapping that is not closed.
			if strings.HasPrefix(msg, "did not find expected") {
				line++
				msg += " in the list or mapping that starts on this line"
			}
		}
		if err.Error() == "EOF" {
			msg = "the file is empty; run coo init for a commented example"
		}
		return nil, Errors{{File: file, Line: line, Msg: msg}}
	}
	p := &Project{Dir: dir}
	d.project(&doc, p)
	if len(d.errs) > 0 {
		sort.SliceStable(d.errs, func(i, j int) bool { return d.errs[i].Line < d.errs[j].Line })
		return nil, d.errs
	}
	return p, nil
}

// decoder walks the YAML node tree, collecting errors with their lines.
type decoder struct {
	file string
	errs Errors
}

func (d *decoder) errorf(n *yaml.Node, key, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	d.errs = append(d.errs, &Error{File: d.file, Line: line, Key: key, Msg: fmt.Sprintf(format, args...)})
}

// field is a key of a mapping with its value.
type field struct {
	key, val *yaml.Node
}

// mapping returns the fields of n by key, reporting unknown and repeated
// keys. It returns nil if n is not a mapping.
func (d *decoder) mapping(n *yaml.Node, path string, known ...string) map[string]field {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "want a mapping of keys (%s), got %s", strings.Join(known, ", "), describe(n))
		return nil
	}
	fields := map[string]field{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := k.Value
		key := join(path, name)
		if _, dup := fields[name]; dup {
			d.errorf(k, key, "the key appears twice; keep one")
			continue
		}
		if !contains(known, name) {
			msg := fmt.Sprintf("unknown key; known keys here: %s", strings.Join(known, ", "))
			if s := closest(name, known); s != "" {
				msg = fmt.Sprintf("unknown key; did you mean %q?", s)
			}
			d.errorf(k, key, "%s", msg)
			continue
		}
		fields[name] = field{k, v}
	}
	return fields
}

func (d *decoder) str(f field, path string) string {
	if f.val == nil {
		return ""
	}
	if f.val.Kind != yaml.ScalarNode || f.val.Tag == "!!null" {
		d.errorf(f.key, path, "want text, got %s", describe(f.val))
		return ""
	}
	return f.val.Value
}

// text reads a text that may differ by language: plain text, the same in
// every language ("Revenue"), or a mapping from language to text ("{en:
// Revenue, zh: 营业收入}"). It returns the text in lang (else English,
// else Chinese) and the mapping, nil for plain text.
func (d *decoder) text(f field, path, lang string) (string, map[string]string) {
	if f.val == nil || f.val.Kind != yaml.MappingNode {
		return d.str(f, path), nil
	}
	m := d.mapping(f.val, path, "en", "zh")
	if len(m) == 0 {
		d.errorf(f.val, path, "want text, or a text per language such as {en: Revenue, zh: 营业收入}")
		return "", nil
	}
	texts := map[string]string{}
	for _, l := range []string{"en", "zh"} {
		if lf, ok := m[l]; ok {
			if s := d.str(lf, path+"."+l); s != "" {
				texts[l] = s
			}
		}
	}
	for _, l := range []string{lang, "en", "zh"} {
		if s := texts[l]; s != "" {
			return s, texts
		}
	}
	return "", nil
}

func (d *decoder) int(f field, path string) (int, bool) {
	if f.val == nil {
		return 0, false
	}
	var v int
	if f.val.Kind != yaml.ScalarNode || f.val.Tag != "!!int" || f.val.Decode(&v) != nil {
		d.errorf(f.key, path, "want a whole number, got %s", describe(f.val))
		return 0, false
	}
	return v, true
}

func (d *decoder) float(f field, path string) (float64, bool) {
	if f.val == nil {
		return 0, false
	}
	var v float64
	if f.val.Kind != yaml.ScalarNode || (f.val.Tag != "!!int" && f.val.Tag != "!!float") || f.val.Decode(&v) != nil {
		d.errorf(f.key, path, "want a number, got %s", describe(f.val))
		return 0, false
	}
	return v, true
}

// list returns the items of a sequence (a single scalar counts as a list of one).
func (d *decoder) list(f field, path string) []*yaml.Node {
	if f.val == nil {
		return nil
	}
	switch f.val.Kind {
	case yaml.SequenceNode:
		return f.val.Content
	case yaml.ScalarNode:
		if f.val.Tag == "!!null" {
			return nil
		}
		return []*yaml.Node{f.val}
	}
	d.errorf(f.key, path, "want a list, got %s", describe(f.val))
	return nil
}

func (d *decoder) strs(f field, path string) []string {
	var out []string
	for i, n := range d.list(f, path) {
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			d.errorf(n, fmt.Sprintf("%s[%d]", path, i), "want text, got %s", describe(n))
			continue
		}
		out = append(out, n.Value)
	}
	return out
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	if n.Tag == "!!null" {
		return "nothing"
	}
	return fmt.Sprintf("%q", n.Value)
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// closest returns the known key within edit distance 2 of s, if any.
func closest(s string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := editDistance(strings.ToLower(s), k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

var errNoProject = errors.New("no project file")

// ErrNoProject is returned by Load when the folder has no coo.yaml.
var ErrNoProject = errNoProject

// resolve makes a path from the project file relative to the project folder.
func resolve(dir, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, filepath.FromSlash(p))
}

// Owns reports whether path is one of the project's own files, which no
// command's output may replace, and what it is: the project file, the
// warehouse (or DuckDB's log beside it), or a workbook a source reads (a
// file its files glob matches). Found from outside: coo export facts
// --out coo.duckdb replaced the warehouse with CSV, exit 0, and coo
// assess --out over a department's workbook replaced it.
func (p *Project) Owns(path string) (string, bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", false
	}
	same := func(other string) bool {
		o, err := filepath.Abs(other)
		return err == nil && o == abs
	}
	switch {
	case same(filepath.Join(p.Dir, FileName)):
		return "the project file", true
	case p.Warehouse != "" && (same(p.Warehouse) || same(p.Warehouse+".wal")):
		return "the warehouse", true
	}
	dir, err := filepath.Abs(p.Dir)
	if err != nil {
		return "", false
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	for i := range p.Sources {
		if p.Sources[i].Match(filepath.ToSlash(rel)) {
			return fmt.Sprintf("a workbook of source %s (files: %s)", p.Sources[i].Name, p.Sources[i].Files), true
		}
	}
	return "", false
}
