package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/klauspost/compress/flate"
)

// Defaults of Limits.
const (
	DefaultMaxFileSize  = 256 << 20
	DefaultMaxUnzipSize = 4 << 30
	DefaultMaxPartSize  = 512 << 20
	DefaultMaxRatio     = 100
	ratioGrace          = 16 << 20 // bytes any part may inflate to whatever its ratio
	// sharedStringsRatio caps the ratio of the shared strings: they are
	// stored once each, so real ones compress far less than sheets do, and
	// every byte of them becomes a string in memory (a 1 GiB shared-strings
	// bomb took 0.9 s and 93 MiB at the sheets' ratio, 100).
	sharedStringsRatio = 20
)

func (l Limits) withDefaults() Limits {
	if l.MaxFileSize <= 0 {
		l.MaxFileSize = DefaultMaxFileSize
	}
	if l.MaxUnzipSize <= 0 {
		l.MaxUnzipSize = DefaultMaxUnzipSize
	}
	if l.MaxPartSize <= 0 {
		l.MaxPartSize = DefaultMaxPartSize
	}
	if l.MaxRatio == 0 {
		l.MaxRatio = DefaultMaxRatio
	}
	return l
}

// errPanic marks an error made from a recovered panic: a bug of ours, which
// the fuzz tests look for.
var errPanic = errors.New("internal error")

// Workbook is documented in api.go.
type Workbook struct {
	data   []byte
	lim    Limits
	zr     *zip.Reader
	files  map[string]*zip.File // by exact name
	folded map[string]*zip.File // by lower-case name; nil entry if ambiguous

	sheets   []SheetInfo
	targets  []string // the worksheet part of each sheet
	date1904 bool
	fullCalc bool // calcPr fullCalcOnLoad: the formulas' saved results are not to be trusted
	sst      sharedStrings
	dates    []bool // per cellXfs index: the number format is a date or time

	unzipped atomic.Int64 // bytes inflated so far, all parts (safe for Walk's two goroutines)
	hidden   sync.Map     // sheet name -> its hidden rows with cells and hidden columns (HiddenRows, HiddenCols)
}

// Sheets returns the sheets in workbook order. The slice is shared: do not
// modify it.
func (w *Workbook) Sheets() []SheetInfo { return w.sheets }

// Date1904 reports whether the workbook counts dates from 1904-01-01 (the
// old Mac system) instead of 1899-12-30.
func (w *Workbook) Date1904() bool { return w.date1904 }

// FullCalcOnLoad reports whether the workbook asks to be recalculated when
// opened (calcPr fullCalcOnLoad), as XlsxWriter and openpyxl write it: the
// results saved with its formulas are then not theirs (XlsxWriter saves 0
// for each), and Rows gives every formula cell as Blank with its Formula.
func (w *Workbook) FullCalcOnLoad() bool { return w.fullCalc }

var (
	cfbMagic       = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	encryptionInfo = utf16le("EncryptionInfo")
)

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for _, c := range []byte(s) {
		b = append(b, c, 0)
	}
	return b
}

// Open checks data and reads the workbook's sheet list, shared strings and
// styles. It keeps data (not copied) for later calls of Rows and Merges.
// Errors wrap ErrNotZip, ErrLegacyXLS, ErrEncrypted, ErrTooLarge, ErrCorrupt
// or ErrDTD, with the part at fault.
func Open(data []byte, lim Limits) (w *Workbook, err error) {
	defer recoverTo(&err, "open")
	lim = lim.withDefaults()
	if int64(len(data)) > lim.MaxFileSize {
		return nil, fmt.Errorf("%w: %d bytes, more than the limit of %d", ErrTooLarge, len(data), lim.MaxFileSize)
	}
	switch {
	case bytes.HasPrefix(data, cfbMagic):
		if bytes.Contains(data, encryptionInfo) {
			return nil, fmt.Errorf("%w (an OLE compound file with an EncryptionInfo stream)", ErrEncrypted)
		}
		return nil, fmt.Errorf("%w: save it as .xlsx (Excel Workbook) and send it again", ErrLegacyXLS)
	case len(data) == 0:
		return nil, fmt.Errorf("%w: the file is empty", ErrNotZip)
	case !bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return nil, fmt.Errorf("%w: it starts with %q", ErrNotZip, trunc(data, 8))
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("%w: zip: %v", ErrCorrupt, err)
	}
	zr.RegisterDecompressor(zip.Deflate, func(r io.Reader) io.ReadCloser { return flate.NewReader(r) })
	w = &Workbook{data: data, lim: lim, zr: zr,
		files: make(map[string]*zip.File, len(zr.File)), folded: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		if _, dup := w.files[f.Name]; dup {
			return nil, fmt.Errorf("%w: zip member %q appears twice", ErrCorrupt, f.Name)
		}
		w.files[f.Name] = f
		k := strings.ToLower(f.Name)
		if _, dup := w.folded[k]; dup {
			w.folded[k] = nil
		} else {
			w.folded[k] = f
		}
	}

	wbPart := "xl/workbook.xml"
	if _, ok := w.file("_rels/.rels"); ok {
		rels, err := w.readRels("_rels/.rels", "")
		if err != nil {
			return nil, err
		}
		for _, r := range rels {
			if strings.HasSuffix(r.typ, "/officeDocument") && r.target != "" {
				wbPart = r.target
				break
			}
		}
	}
	if _, ok := w.file(wbPart); !ok {
		if _, ok := w.file("xl/workbook.xml"); !ok {
			return nil, fmt.Errorf("%w: no workbook part (%s) in the zip: not a spreadsheet", ErrCorrupt, wbPart)
		}
		wbPart = "xl/workbook.xml"
	}
	wbRelsPart := path.Join(path.Dir(wbPart), "_rels", path.Base(wbPart)+".rels")
	var rels []rel
	if _, ok := w.file(wbRelsPart); ok {
		if rels, err = w.readRels(wbRelsPart, path.Dir(wbPart)); err != nil {
			return nil, err
		}
	}
	sheetRIDs, err := w.readWorkbook(wbPart)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]rel, len(rels))
	var sstPart, stylesPart string
	for _, r := range rels {
		byID[r.id] = r
		switch {
		case strings.HasSuffix(r.typ, "/sharedStrings"):
			sstPart = r.target
		case strings.HasSuffix(r.typ, "/styles"):
			stylesPart = r.target
		}
	}
	dir := path.Dir(wbPart)
	if sstPart == "" {
		if _, ok := w.file(path.Join(dir, "sharedStrings.xml")); ok {
			sstPart = path.Join(dir, "sharedStrings.xml")
		}
	}
	if stylesPart == "" {
		if _, ok := w.file(path.Join(dir, "styles.xml")); ok {
			stylesPart = path.Join(dir, "styles.xml")
		}
	}
	w.targets = make([]string, len(w.sheets))
	for i, id := range sheetRIDs {
		r, ok := byID[id]
		if !ok || r.target == "" {
			return nil, fmt.Errorf("%w: %s: sheet %q has no relationship %q", ErrCorrupt, wbRelsPart, w.sheets[i].Name, id)
		}
		if _, ok := w.file(r.target); !ok {
			return nil, fmt.Errorf("%w: sheet %q: part %s is not in the zip", ErrCorrupt, w.sheets[i].Name, r.target)
		}
		w.targets[i] = r.target
	}
	if sstPart != "" {
		if err := w.readSharedStrings(sstPart); err != nil {
			return nil, err
		}
	}
	if stylesPart != "" {
		if err := w.readStyles(stylesPart); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// recoverTo turns a panic into an ErrCorrupt error. It is a last net: the
// fuzz tests fail on any error it makes.
func recoverTo(err *error, where string) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%w: %s: %w: %v", ErrCorrupt, where, errPanic, r)
	}
}

// file finds a zip member by exact name, else by case-insensitive name (part
// names are case-insensitive in OPC).
func (w *Workbook) file(name string) (*zip.File, bool) {
	if f, ok := w.files[name]; ok {
		return f, true
	}
	f := w.folded[strings.ToLower(name)]
	return f, f != nil
}

// part is an open zip member whose inflated bytes count against the limits.
type part struct {
	rc    io.ReadCloser
	f     *zip.File
	w     *Workbook
	name  string
	n     int64
	max   int64 // of this part, or 0
	ratio int64 // bytes allowed beyond ratioGrace
	mult  int64 // the ratio to the compressed size behind it
	err   error
}

// open opens a part by name; max bounds the part alone (0: only the total).
func (w *Workbook) open(name string, max int64) (*part, error) {
	f, ok := w.file(name)
	if !ok {
		return nil, fmt.Errorf("%w: part %s is not in the zip", ErrCorrupt, name)
	}
	if f.Flags&1 != 0 {
		return nil, fmt.Errorf("%w: %s: zip member is encrypted", ErrEncrypted, name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: zip: %v", ErrCorrupt, name, err)
	}
	p := &part{rc: rc, f: f, w: w, name: name, max: max, ratio: -1}
	if w.lim.MaxRatio > 0 {
		c := int64(len(w.data)) // the header's compressed size is not trusted either
		if f.CompressedSize64 < uint64(c) {
			c = int64(f.CompressedSize64)
		}
		r := w.lim.MaxRatio
		if strings.HasSuffix(name, "sharedStrings.xml") && r > sharedStringsRatio {
			r = sharedStringsRatio
		}
		p.ratio, p.mult = max64(ratioGrace, c*r), r
	}
	return p, nil
}

func max64(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}

func (p *part) Read(b []byte) (int, error) {
	if p.err != nil {
		return 0, p.err
	}
	// Read in bounded pieces so that a limit is noticed soon after it is passed.
	if len(b) > 256<<10 {
		b = b[:256<<10]
	}
	n, err := p.rc.Read(b)
	p.n += int64(n)
	total := p.w.unzipped.Add(int64(n))
	switch {
	case p.max > 0 && p.n > p.max:
		p.err = fmt.Errorf("%w: %s inflates to more than %d bytes", ErrTooLarge, p.name, p.max)
	case total > p.w.lim.MaxUnzipSize:
		p.err = fmt.Errorf("%w: the parts read inflate to more than %d bytes", ErrTooLarge, p.w.lim.MaxUnzipSize)
	case p.ratio >= 0 && p.n > p.ratio:
		p.err = fmt.Errorf("%w: %s inflates past %d bytes, more than %d times its compressed size (its zip header declares %d): a zip bomb?",
			ErrTooLarge, p.name, p.ratio, p.mult, p.f.UncompressedSize64)
	case err == io.EOF:
		return n, io.EOF
	case errors.Is(err, zip.ErrFormat):
		// archive/zip stops a member at the size its header declares and
		// calls the rest "not a valid zip file": measure what it really is.
		p.err = p.overrun(err)
	case err != nil:
		p.err = fmt.Errorf("%w: %s: %v", ErrCorrupt, p.name, err)
	default:
		return n, nil
	}
	return 0, p.err
}

func (p *part) Close() error { return p.rc.Close() }

// overrun explains a member that archive/zip refused with zipErr: one that
// inflates past the size its header declares is inflated again, into
// nothing and only up to the limits that apply to it (so at no more cost
// than if its header had told the truth), to say how far it goes. Past a
// limit it is a zip bomb (ErrTooLarge), otherwise a damaged member
// (ErrCorrupt), both with the declared and the real size.
func (p *part) overrun(zipErr error) error {
	declared := p.f.UncompressedSize64
	limit := max64(0, p.w.lim.MaxUnzipSize-p.w.unzipped.Load()+p.n)
	if p.max > 0 && p.max < limit {
		limit = p.max
	}
	if p.ratio >= 0 && p.ratio < limit {
		limit = p.ratio
	}
	var n int64
	if raw, err := p.f.OpenRaw(); err == nil {
		var r io.Reader
		switch p.f.Method {
		case zip.Deflate:
			fr := flate.NewReader(raw)
			defer fr.Close()
			r = fr
		case zip.Store:
			r = raw
		}
		if r != nil {
			n, _ = io.CopyN(io.Discard, r, limit+1)
		}
	}
	switch {
	case n > limit:
		return fmt.Errorf("%w: %s is a zip bomb: its zip header declares %d bytes, but it inflates past %d bytes (where reading stopped)", ErrTooLarge, p.name, declared, limit)
	case uint64(n) > declared:
		return fmt.Errorf("%w: %s: its zip header declares %d bytes, but it inflates to %d", ErrCorrupt, p.name, declared, n)
	}
	return fmt.Errorf("%w: %s: %v", ErrCorrupt, p.name, zipErr)
}

type rel struct {
	id, typ, target string
}

// readRels reads a relationships part; targets are resolved against dir
// (the directory of the source part) to zip member names. A target outside
// the package resolves to "".
func (w *Workbook) readRels(name, dir string) ([]rel, error) {
	p, err := w.open(name, w.lim.MaxPartSize)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	s := newScanner(p, name)
	var rels []rel
	for {
		k, err := s.next()
		if err != nil {
			return nil, err
		}
		if k == tokEOF {
			return rels, nil
		}
		if k != tokStart || string(s.local) != "Relationship" {
			continue
		}
		var r rel
		var mode string
		var err1, err2, err3, err4 error
		r.id, _, err1 = s.attrString("Id")
		r.typ, _, err2 = s.attrString("Type")
		r.target, _, err3 = s.attrString("Target")
		mode, _, err4 = s.attrString("TargetMode")
		if err := errors.Join(err1, err2, err3, err4); err != nil {
			return nil, err
		}
		if mode == "External" {
			r.target = ""
		} else {
			r.target = resolve(dir, r.target)
		}
		rels = append(rels, r)
	}
}

// resolve makes a zip member name of a relationship target.
func resolve(dir, target string) string {
	if target == "" {
		return ""
	}
	var p string
	if strings.HasPrefix(target, "/") {
		p = path.Clean(target[1:])
	} else {
		p = path.Clean(path.Join(dir, target))
	}
	if p == "." || p == ".." || strings.HasPrefix(p, "../") || strings.HasPrefix(p, "/") {
		return ""
	}
	return p
}

// readWorkbook reads the sheet list and the date system; it returns the
// relationship id of each sheet.
func (w *Workbook) readWorkbook(name string) ([]string, error) {
	p, err := w.open(name, w.lim.MaxPartSize)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	s := newScanner(p, name)
	var ids []string
	seen := map[string]bool{}
	for {
		k, err := s.next()
		if err != nil {
			return nil, err
		}
		if k == tokEOF {
			break
		}
		if k != tokStart {
			continue
		}
		switch string(s.local) {
		case "workbookPr":
			v, _, err := s.attrString("date1904")
			if err != nil {
				return nil, err
			}
			w.date1904 = v == "1" || v == "true"
		case "calcPr":
			v, _, err := s.attrString("fullCalcOnLoad")
			if err != nil {
				return nil, err
			}
			w.fullCalc = v == "1" || v == "true"
		case "sheet":
			nm, ok, err := s.attrString("name")
			if err != nil {
				return nil, err
			}
			if !ok || nm == "" {
				return nil, s.corrupt("a sheet without a name")
			}
			if seen[strings.ToLower(nm)] {
				return nil, s.corrupt("two sheets named %q", nm)
			}
			seen[strings.ToLower(nm)] = true
			st, _, err := s.attrString("state")
			if err != nil {
				return nil, err
			}
			switch st {
			case "", "visible":
				st = "visible"
			case "hidden", "veryHidden":
			default:
				return nil, s.corrupt("sheet %q has state %q", nm, st)
			}
			var id string
			for _, a := range s.attrs {
				if bytes.HasSuffix(a.name, []byte(":id")) {
					id = string(a.val)
				}
			}
			if id == "" || !utf8.ValidString(id) {
				return nil, s.corrupt("sheet %q has no relationship id", nm)
			}
			w.sheets = append(w.sheets, SheetInfo{Name: nm, State: st})
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// sheetPart returns the worksheet part of the named sheet (exact name first,
// then ignoring case as Excel does).
func (w *Workbook) sheetPart(sheet string) (string, error) {
	for i, s := range w.sheets {
		if s.Name == sheet {
			return w.targets[i], nil
		}
	}
	for i, s := range w.sheets {
		if strings.EqualFold(s.Name, sheet) {
			return w.targets[i], nil
		}
	}
	return "", fmt.Errorf("%w: %q", ErrNoSheet, sheet)
}
