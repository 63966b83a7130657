package project

import (
	"coo/internal/numfmt"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"gopkg.in/yaml.v3"

	"coo"
	"coo/ingest"
)

// DefaultMemory is the memory budget when coo.yaml sets none.
const DefaultMemory = 256 << 20

// parseBytes reads a size such as 256MB, 1.5GB, 512MiB or none (0).
func parseBytes(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	if t == "NONE" || t == "0" {
		return 0, nil
	}
	units := []struct {
		suffix string
		mult   float64
	}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}}
	for _, u := range units {
		if n, ok := strings.CutSuffix(t, u.suffix); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(n), 64)
			if err == nil && v > 0 && v*u.mult >= 64<<20 && v*u.mult < 1<<50 {
				return int64(v * u.mult), nil
			}
			break
		}
	}
	return 0, fmt.Errorf("%q: want a size of at least 64MB such as 256MB or 2GB, or none", s)
}

// Load reads dir/coo.yaml. Without one it returns an error matching
// ErrNoProject that says to run coo init; one that is not a regular file,
// is larger than MaxFileSize or cannot be read gives an error matching
// ErrProjectFile that names it. It never blocks on a FIFO or device.
func Load(dir string) (*Project, error) {
	file := filepath.Join(dir, FileName)
	_, err := os.Stat(file)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w; run `coo init --project %s` to write a commented example, or `coo demo` for a whole demo project", file, ErrNoProject, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", file, ErrProjectFile, err)
	}
	data, err := readSmall(file)
	if err != nil {
		return nil, err
	}
	return Parse(data, file, dir)
}

// readSmall reads a project or study file: a regular file of at most
// MaxFileSize bytes, never blocking on a FIFO or device. Its errors match
// ErrProjectFile and name the file.
func readSmall(file string) ([]byte, error) {
	f, err := os.OpenFile(file, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", file, ErrProjectFile, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", file, ErrProjectFile, err)
	}
	if err := checkRegular(file, fi); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", file, ErrProjectFile, err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%s: %w: larger than %d bytes", file, ErrProjectFile, MaxFileSize)
	}
	return data, nil
}

// MaxFileSize is the largest project file Load reads: 1 MiB, far more than
// any real one, so that a mistaken path cannot exhaust memory.
const MaxFileSize = 1 << 20

// ErrProjectFile reports a project or study file that is not a regular
// file, is too large or cannot be read.
var ErrProjectFile = errors.New("not a readable project file")

func checkRegular(file string, fi os.FileInfo) error {
	switch {
	case fi.IsDir():
		return fmt.Errorf("%s: %w: it is a folder; the project file must be a YAML file", file, ErrProjectFile)
	case !fi.Mode().IsRegular():
		return fmt.Errorf("%s: %w: it is a %s, not a regular file", file, ErrProjectFile, fileKind(fi.Mode()))
	case fi.Size() > MaxFileSize:
		return fmt.Errorf("%s: %w: %d bytes, larger than %d", file, ErrProjectFile, fi.Size(), MaxFileSize)
	}
	return nil
}

// fileKind names a file mode's type in words.
func fileKind(m os.FileMode) string {
	switch {
	case m&os.ModeNamedPipe != 0:
		return "named pipe (FIFO)"
	case m&os.ModeCharDevice != 0:
		return "character device"
	case m&os.ModeDevice != 0:
		return "device"
	case m&os.ModeSocket != 0:
		return "socket"
	}
	return "special file"
}

func (d *decoder) project(doc *yaml.Node, p *Project) {
	root := doc
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		root = doc.Content[0]
	}
	top := d.mapping(root, "", "version", "company", "currency", "fiscal_year_start", "language", "warehouse", "memory", "sources", "metrics", "assessment", "report")
	if top == nil {
		return
	}
	if f, ok := top["version"]; !ok {
		d.errorf(root, "version", "missing; write `version: %d` at the top", FormatVersion)
	} else if v, ok := d.int(f, "version"); ok && v != FormatVersion {
		if v > FormatVersion {
			d.errorf(f.key, "version", "format %d is newer than this coo reads (%d); upgrade coo", v, FormatVersion)
		} else {
			d.errorf(f.key, "version", "format %d is not known; want %d", v, FormatVersion)
		}
	}
	p.Company = d.str(top["company"], "company")
	p.Currency = d.str(top["currency"], "currency")
	p.Language = "en"
	if f, ok := top["language"]; ok {
		p.Language = d.str(f, "language")
		if p.Language != "en" && p.Language != "zh" {
			d.errorf(f.key, "language", "%q: want en or zh", p.Language)
		}
	}
	p.Calendar.FirstMonth = 1
	if f, ok := top["fiscal_year_start"]; ok {
		if m, ok := d.int(f, "fiscal_year_start"); ok {
			if m < 1 || m > 12 {
				d.errorf(f.key, "fiscal_year_start", "%d: want the month the fiscal year starts in, 1-12 (4 for April)", m)
			}
			p.Calendar.FirstMonth = m
		}
	}
	p.Memory = DefaultMemory
	if f, ok := top["memory"]; ok {
		if v, err := parseBytes(d.str(f, "memory")); err != nil {
			d.errorf(f.key, "memory", "%v", err)
		} else {
			p.Memory = v
		}
	}
	p.Warehouse = filepath.Join(p.Dir, "coo.duckdb")
	if f, ok := top["warehouse"]; ok {
		if w := d.str(f, "warehouse"); w != "" {
			p.Warehouse = resolve(p.Dir, w)
		}
	}
	sourceLines := map[string]*yaml.Node{}
	if f, ok := top["sources"]; ok {
		for i, n := range d.list(f, "sources") {
			key := fmt.Sprintf("sources[%d]", i)
			s, ok := d.source(n, key)
			if !ok {
				continue
			}
			if _, dup := sourceLines[s.Name]; dup {
				d.errorf(n, key+".name", "source %q is defined twice", s.Name)
				continue
			}
			sourceLines[s.Name] = n
			p.Sources = append(p.Sources, s)
		}
	}
	if f, ok := top["metrics"]; ok {
		seen := map[coo.MetricName]bool{}
		for i, n := range d.list(f, "metrics") {
			key := fmt.Sprintf("metrics[%d]", i)
			m, ok := d.metric(n, key, p)
			if !ok {
				continue
			}
			if seen[m.Name] {
				d.errorf(n, key+".name", "metric %q is defined twice", m.Name)
				continue
			}
			seen[m.Name] = true
			p.Metrics = append(p.Metrics, m)
		}
	}
	if f, ok := top["assessment"]; ok {
		p.Assessment = d.assessment(f, p)
	}
	p.Report = DefaultReport(p.Metrics)
	if f, ok := top["report"]; ok {
		p.Report = d.report(f, p)
	}
}

func (d *decoder) source(n *yaml.Node, key string) (ingest.Source, bool) {
	var s ingest.Source
	f := d.mapping(n, key, "name", "description", "files", "parquet", "sheet", "sheets", "layout", "period", "dimensions", "measures", "password", "measure_column", "totals", "notes")
	if f == nil {
		return s, false
	}
	before := len(d.errs)
	s.Name = d.required(f, key, "name", n)
	if s.Name != "" && !coo.ValidIdent(s.Name) {
		d.errorf(f["name"].key, key+".name", "%q: want a lowercase identifier such as finance or sales_north", s.Name)
	}
	s.Description = d.str(f["description"], key+".description")
	if _, ok := f["parquet"]; ok {
		return d.parquetSource(n, key, f, s, before)
	}
	s.Files = d.required(f, key, "files", n)
	if _, err := path.Match(s.Files, ""); err != nil {
		d.errorf(f["files"].key, key+".files", "%q: %v", s.Files, err)
	}
	s.Password = d.str(f["password"], key+".password")
	if sf, ok := f["sheet"]; ok {
		s.Sheets.Names = []string{d.str(sf, key+".sheet")}
		if _, both := f["sheets"]; both {
			d.errorf(sf.key, key+".sheet", "give sheet or sheets, not both")
		}
	}
	if sf, ok := f["sheets"]; ok {
		sk := key + ".sheets"
		switch sf.val.Kind {
		case yaml.MappingNode:
			if sm := d.mapping(sf.val, sk, "pattern"); sm != nil {
				s.Sheets.Pattern = d.required(sm, sk, "pattern", sf.key)
				if _, err := path.Match(s.Sheets.Pattern, ""); err != nil {
					d.errorf(sm["pattern"].key, sk+".pattern", "%q: %v", s.Sheets.Pattern, err)
				}
			}
		default:
			s.Sheets.Names = d.strs(sf, sk)
		}
	}
	if lf, ok := f["layout"]; ok {
		s.Layout = ingest.Layout(d.str(lf, key+".layout"))
		if s.Layout != ingest.Long && s.Layout != ingest.Wide {
			d.errorf(lf.key, key+".layout", "%q: want long (a column per measure) or wide (months across the columns)", s.Layout)
		}
	}
	if pf, ok := f["period"]; ok {
		pk := key + ".period"
		if pm := d.mapping(pf.val, pk, "column", "aliases", "cell", "label", "sheet_name", "file_name"); pm != nil {
			set := 0
			if _, ok := pm["column"]; ok {
				s.Period.Column = &ingest.Column{Name: "period", Header: d.required(pm, pk, "column", pf.key), Aliases: d.strs(pm["aliases"], pk+".aliases")}
				set++
			}
			if cf, ok := pm["cell"]; ok {
				s.Period.Cell = d.str(cf, pk+".cell")
				if _, _, err := coo.ParseA1(s.Period.Cell); err != nil {
					d.errorf(cf.key, pk+".cell", "%q: want a cell such as C2", s.Period.Cell)
				}
				set++
			}
			if lf, ok := pm["label"]; ok {
				s.Period.Label = d.str(lf, pk+".label")
				set++
			}
			for _, k := range []string{"sheet_name", "file_name"} {
				if bf, ok := pm[k]; ok {
					var b bool
					if bf.val.Kind != yaml.ScalarNode || bf.val.Tag != "!!bool" || bf.val.Decode(&b) != nil || !b {
						d.errorf(bf.key, pk+"."+k, "want true")
						continue
					}
					if k == "sheet_name" {
						s.Period.Sheet = true
					} else {
						s.Period.FileName = true
					}
					set++
				}
			}
			if set != 1 {
				d.errorf(pf.key, pk, "give exactly one of column, cell, label, sheet_name: true, file_name: true")
			}
		}
	} else if s.Layout != ingest.Wide {
		d.errorf(n, key+".period", "missing; say where the month is, such as period: {column: Month}")
	}
	if mf, ok := f["measure_column"]; ok {
		mk := key + ".measure_column"
		if s.Layout != ingest.Wide {
			d.errorf(mf.key, mk, "a measure column is for the wide layout (layout: wide); in the long layout each measure is a column of its own")
		}
		switch mf.val.Kind {
		case yaml.MappingNode:
			if mm := d.mapping(mf.val, mk, "column", "aliases"); mm != nil {
				s.MeasureColumn = &ingest.Column{Name: "measure_column", Header: d.required(mm, mk, "column", mf.key), Aliases: d.strs(mm["aliases"], mk+".aliases")}
			}
		default:
			if h := d.str(mf, mk); h != "" {
				s.MeasureColumn = &ingest.Column{Name: "measure_column", Header: h}
			} else if mf.val.Kind == yaml.ScalarNode {
				d.errorf(mf.key, mk, "empty; give the header of the column whose values name the measure, such as measure_column: Measure")
			}
		}
	}
	for i, tn := range d.list(f["totals"], key+".totals") {
		tk := fmt.Sprintf("%s.totals[%d]", key, i)
		if tn.Kind != yaml.ScalarNode || tn.Tag == "!!null" || strings.TrimSpace(tn.Value) == "" {
			d.errorf(tn, tk, "want the text of a total row or column label, such as \"All channels\", got %s", describe(tn))
			continue
		}
		s.Totals = append(s.Totals, tn.Value)
	}
	for i, nn := range d.list(f["notes"], key+".notes") {
		nk := fmt.Sprintf("%s.notes[%d]", key, i)
		if nn.Kind != yaml.ScalarNode || nn.Tag == "!!null" || strings.TrimSpace(nn.Value) == "" {
			d.errorf(nn, nk, "want the label of a note row, such as \"Exchange rate used\", got %s", describe(nn))
			continue
		}
		s.Notes = append(s.Notes, nn.Value)
	}
	names := map[string]bool{}
	for i, dn := range d.list(f["dimensions"], key+".dimensions") {
		dk := fmt.Sprintf("%s.dimensions[%d]", key, i)
		dm := d.mapping(dn, dk, "name", "column", "aliases")
		if dm == nil {
			continue
		}
		c := ingest.Column{Name: d.required(dm, dk, "name", dn), Header: d.required(dm, dk, "column", dn), Aliases: d.strs(dm["aliases"], dk+".aliases")}
		d.checkIdent(dm["name"], dk+".name", c.Name, names)
		s.Dimensions = append(s.Dimensions, c)
	}
	if _, ok := f["measures"]; !ok {
		d.errorf(n, key+".measures", "missing; list at least one column of numbers")
	}
	for i, mn := range d.list(f["measures"], key+".measures") {
		mk := fmt.Sprintf("%s.measures[%d]", key, i)
		mm := d.mapping(mn, mk, "name", "column", "aliases", "label", "title", "unit", "scale", "optional")
		if mm == nil {
			continue
		}
		m := ingest.Measure{Column: ingest.Column{Name: d.required(mm, mk, "name", mn), Aliases: d.strs(mm["aliases"], mk+".aliases")}}
		if s.Layout == ingest.Wide {
			if cf, ok := mm["column"]; ok {
				d.errorf(cf.key, mk+".column", "in the wide layout a measure has no column (the months are the columns); give its label: the text that names its block, such as label: Spend")
			}
			// label, or title as earlier files spell it: the text that names the measure's block or rows
			m.Title = d.str(mm["label"], mk+".label")
			if tf, ok := mm["title"]; ok {
				if _, both := mm["label"]; both {
					d.errorf(tf.key, mk+".title", "give label or title (the same thing), not both")
				}
				m.Title = d.str(tf, mk+".title")
			}
			if af, ok := mm["aliases"]; ok && m.Title == "" {
				d.errorf(af.key, mk+".aliases", "aliases are other spellings of the label; give label first")
			}
		} else {
			m.Header = d.required(mm, mk, "column", mn)
			for _, k := range []string{"label", "title"} {
				if tf, ok := mm[k]; ok {
					d.errorf(tf.key, mk+"."+k, "a label names a block of months in the wide layout; in the long layout give the measure's column")
				}
			}
		}
		d.checkIdent(mm["name"], mk+".name", m.Name, names)
		m.Unit = d.str(mm["unit"], mk+".unit")
		if sf, ok := mm["scale"]; ok {
			if v, ok := d.float(sf, mk+".scale"); ok {
				if v <= 0 {
					d.errorf(sf.key, mk+".scale", "%v: want a positive multiplier such as 1000 (figures in thousands) or 0.01 (percent written as 85)", v)
				}
				m.Scale = v
			}
		}
		if of, ok := mm["optional"]; ok {
			if of.val.Kind != yaml.ScalarNode || of.val.Tag != "!!bool" || of.val.Decode(&m.Optional) != nil {
				d.errorf(of.key, mk+".optional", "want true or false")
			}
		}
		s.Measures = append(s.Measures, m)
	}
	if len(d.errs) > before {
		return s, false
	}
	// What the node walk cannot see: a header claimed twice, and so on.
	if err := s.Validate(); err != nil {
		d.errorf(n, key, "%v", err)
		return s, false
	}
	return s, true
}

// parquetSource reads a source that is a Parquet dataset: name,
// description and parquet (a glob) only.
func (d *decoder) parquetSource(n *yaml.Node, key string, f map[string]field, s ingest.Source, before int) (ingest.Source, bool) {
	s.Parquet = d.required(f, key, "parquet", n)
	if _, err := path.Match(s.Parquet, ""); err != nil {
		d.errorf(f["parquet"].key, key+".parquet", "%q: %v", s.Parquet, err)
	}
	for _, k := range []string{"files", "sheet", "sheets", "layout", "period", "dimensions", "measures", "password"} {
		if kf, ok := f[k]; ok {
			d.errorf(kf.key, key+"."+k, "a Parquet source takes only name, description and parquet: the dataset's columns (source, metric, period, dims, value, unit) say the rest")
		}
	}
	if len(d.errs) > before {
		return s, false
	}
	if err := s.Validate(); err != nil {
		d.errorf(n, key, "%v", err)
		return s, false
	}
	return s, true
}

func (d *decoder) metric(n *yaml.Node, key string, p *Project) (coo.Metric, bool) {
	var m coo.Metric
	f := d.mapping(n, key, "name", "label", "unit", "source", "measure", "kind", "aggregate", "by", "where")
	if f == nil {
		return m, false
	}
	before := len(d.errs)
	m.Name = coo.MetricName(d.required(f, key, "name", n))
	if m.Name != "" {
		if err := m.Name.Validate(); err != nil {
			d.errorf(f["name"].key, key+".name", "%v", err)
		}
	}
	m.Label, m.Labels = d.text(f["label"], key+".label", p.Language)
	if m.Label == "" {
		m.Label = string(m.Name)
	}
	m.Source = d.required(f, key, "source", n)
	src := p.Source(m.Source)
	if m.Source != "" && src == nil {
		d.errorf(f["source"].key, key+".source", "%q is not a source defined above", m.Source)
	}
	m.Measure = d.required(f, key, "measure", n)
	// A Parquet dataset's measures and dimensions are in its rows, not in
	// the project file: nothing to check them against here.
	if src != nil && src.Parquet != "" {
		src = nil
	}
	if src != nil && m.Measure != "" && !src.HasMeasure(m.Measure) {
		d.errorf(f["measure"].key, key+".measure", "%q is not a measure of source %s", m.Measure, m.Source)
	}
	m.Unit = d.str(f["unit"], key+".unit")
	if m.Unit == "" && src != nil {
		for _, ms := range src.Measures {
			if ms.Name == m.Measure {
				m.Unit = ms.Unit
			}
		}
	}
	m.Kind = coo.Kind(d.required(f, key, "kind", n))
	if m.Kind != "" && !m.Kind.Valid() {
		d.errorf(f["kind"].key, key+".kind", "%q: want flow (adds up over months, like revenue) or stock (a month-end level, like headcount)", m.Kind)
	}
	if af, ok := f["aggregate"]; ok {
		m.Aggregate = d.str(af, key+".aggregate")
		switch m.Aggregate {
		case "sum", "avg", "min", "max":
		default:
			d.errorf(af.key, key+".aggregate", "%q: want sum, avg, min or max", m.Aggregate)
		}
	}
	if m.Kind == coo.Flow {
		// a month's average, extreme or rate does not add up over months:
		// as a flow its year to date, rolling 12 months and outlook summed
		// them (a 0.28 margin had a 3.36 outlook, found from outside)
		what := ""
		switch {
		case m.Aggregate == "avg" || m.Aggregate == "min" || m.Aggregate == "max":
			what = "aggregate " + m.Aggregate + " gives each month's " + map[string]string{"avg": "average", "min": "smallest value", "max": "largest value"}[m.Aggregate]
		case numfmt.IsRate(m.Unit):
			what = "unit " + m.Unit + " is a rate"
		}
		if what != "" {
			d.errorf(f["kind"].key, key+".kind", "flow adds up over months, but %s, which does not; write kind: stock (its year to date is the latest month, its rolling 12 months their average)", what)
		}
	}
	checkDim := func(node *yaml.Node, k, dim string) {
		if src != nil && !src.HasDimension(dim) {
			d.errorf(node, k, "%q is not a dimension of source %s", dim, m.Source)
		}
	}
	for i, bn := range d.list(f["by"], key+".by") {
		bk := fmt.Sprintf("%s.by[%d]", key, i)
		if bn.Kind != yaml.ScalarNode {
			d.errorf(bn, bk, "want a dimension name, got %s", describe(bn))
			continue
		}
		checkDim(bn, bk, bn.Value)
		m.By = append(m.By, bn.Value)
	}
	if wf, ok := f["where"]; ok {
		if wf.val.Kind != yaml.MappingNode {
			d.errorf(wf.key, key+".where", "want a mapping of dimension to values, such as {cost_line: [Rent, IT]}")
		} else {
			for i := 0; i+1 < len(wf.val.Content); i += 2 {
				k, v := wf.val.Content[i], wf.val.Content[i+1]
				wk := key + ".where." + k.Value
				checkDim(k, wk, k.Value)
				vals := d.strs(field{k, v}, wk)
				if len(vals) == 0 {
					d.errorf(k, wk, "list at least one value")
				}
				m.Where = append(m.Where, coo.Filter{Dim: k.Value, Values: vals})
			}
		}
	}
	if len(d.errs) > before {
		return m, false
	}
	if err := m.Validate(); err != nil {
		d.errorf(n, key, "%v", err)
		return m, false
	}
	return m, true
}

// required returns the text of key name in f, reporting it missing at node at.
func (d *decoder) required(f map[string]field, path, name string, at *yaml.Node) string {
	fl, ok := f[name]
	if !ok {
		d.errorf(at, join(path, name), "missing")
		return ""
	}
	s := d.str(fl, join(path, name))
	if s == "" && fl.val.Kind == yaml.ScalarNode {
		d.errorf(fl.key, join(path, name), "empty")
	}
	return s
}

func (d *decoder) checkIdent(f field, key, name string, seen map[string]bool) {
	if name == "" {
		return
	}
	if !coo.ValidIdent(name) {
		d.errorf(f.key, key, "%q: want a lowercase identifier such as cost_line", name)
		return
	}
	if seen[name] {
		d.errorf(f.key, key, "%q is used twice in this source", name)
	}
	seen[name] = true
}
