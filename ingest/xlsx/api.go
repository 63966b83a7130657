// Package xlsx is a lean, hardened reader of .xlsx workbooks for ingest: it
// streams a sheet's cells with their raw values, formulas, types and
// whether their number format is a date, at millions of cells a second and in
// bounded memory, and refuses hostile files with a clear reason.
//
// excelize stays for what it does well (writing workbooks, decrypting
// password-protected ones); this package reads.
//
// THIS FILE IS THE CONTRACT between ingest and the reader: the types and
// signatures below are what ingest codes against. The implementation lives in
// the other files of the package.
package xlsx

import "errors"

// Reasons a workbook is refused as a whole (matched with errors.Is; the
// returned error wraps one of them with detail).
var (
	ErrNotZip    = errors.New("not an .xlsx workbook (not a zip archive)")
	ErrLegacyXLS = errors.New("a legacy .xls (Excel 97-2003) workbook")
	ErrEncrypted = errors.New("the workbook is encrypted with a password")
	ErrTooLarge  = errors.New("the workbook is too large")
	ErrCorrupt   = errors.New("the workbook is damaged")
	ErrDTD       = errors.New("the workbook's XML declares a DOCTYPE or entities")
	ErrNoSheet   = errors.New("no such sheet")
)

// Limits bound what one workbook may cost. Zero fields take the defaults.
type Limits struct {
	MaxFileSize  int64 // bytes of the .xlsx itself; default 256 MiB
	MaxUnzipSize int64 // bytes of all the parts read, counted as they inflate (sizes in the zip headers are not trusted); default 4 GiB
	MaxPartSize  int64 // bytes of one part other than a worksheet (sharedStrings, styles, workbook); default 512 MiB
	MaxRatio     int64 // inflated bytes per compressed byte of any one part, beyond its first 16 MiB (zip bombs); default 100, negative for no limit
}

// Kind is the type of a cell's value.
type Kind uint8

const (
	Blank  Kind = iota // no value (possibly a formula with no cached value, or one not to be trusted: see Cell.Formula, Workbook.FullCalcOnLoad)
	Number             // Raw is the number as the XML writes it ("1234.5", "4.5E-3"), always finite; one that overflows a double only because its writer rounded the largest double up ("1.797693134862316e+308", as openpyxl writes it) is given as the largest double, "1.7976931348623157e+308"
	Text               // Raw is the decoded text (shared, inline, or a formula's string result)
	Bool               // Raw is "0" or "1"
	Error              // Raw is the error value ("#N/A", "#DIV/0!", ...)
)

// Cell is one cell with something in it: a value, a formula, or both.
type Cell struct {
	Col     int    // 1-based column (A = 1)
	Kind    Kind   // of the value (the cached value, for a formula)
	Raw     string // the value as text; "" for Blank
	Formula string // the formula without the leading '=', "" if none; a shared formula's dependent cells carry the master's text translated to their own position, or "" with Shared set if that was not possible
	Shared  bool   // the cell's formula is a shared formula whose text could not be recovered
	Date    bool   // the cell's number format shows a date or time (built-in 14-22, 45-47, or a custom code with date tokens)
}

// Range is a merged range, 1-based and inclusive.
type Range struct {
	FromCol, FromRow, ToCol, ToRow int
}

// SheetInfo is a sheet as the workbook lists it, in workbook order.
type SheetInfo struct {
	Name  string
	State string // "visible", "hidden" or "veryHidden"
}

// Workbook is an opened workbook. It keeps the file's bytes (the caller's
// slice, not copied) and reads parts on demand. There is nothing to close:
// it holds no file, and is freed when no longer referenced.
//
//	func Open(data []byte, lim Limits) (*Workbook, error)
//	func (w *Workbook) Sheets() []SheetInfo
//	func (w *Workbook) Date1904() bool
//	func (w *Workbook) FullCalcOnLoad() bool
//	func (w *Workbook) Merges(sheet string) ([]Range, error)
//	func (w *Workbook) Rows(sheet string, fn func(row int, cells []Cell) error) error
//	func (w *Workbook) Walk(sheet string, start func(merges []Range) error, fn func(row int, cells []Cell) error) error
//	func (w *Workbook) WalkAhead(sheet string, start func(merges []Range) error, fn func(row int, cells []Cell) error) error
//	func (w *Workbook) HiddenRows(sheet string) []int
//	func (w *Workbook) HiddenCols(sheet string) [][2]int
//
// Rows calls fn for each row that has at least one cell with a value or a
// formula, in row order, with the cells sorted by column; fn must not keep
// the slice cells, which is reused for the next row. The strings Raw and
// Formula are never modified and do not point into the file's bytes: they
// stay valid after Rows returns and after the Workbook is dropped. But a
// kept one holds its row's text (a shared string: a block of up to 4 MiB of
// the shared strings) in memory, so clone (strings.Clone) what you keep of
// many rows. An error from fn stops the walk and is returned as is.
//
// Walk is Merges and then Rows in one, faster: the merged ranges come at a
// sheet's end, so Walk looks for them on another goroutine while it reads
// the first rows, holding them (a bounded number) until start has had the
// ranges. start is called once, before fn is called for the first row, and
// not at all if Merges fails; Merges' error, or start's, is returned before
// any error of reading the rows, as if Merges had run first.
//
// WalkAhead is Walk that does not wait: once it holds 1 MiB of cells (Walk
// holds up to 8) and the ranges have not come, it calls start(nil) and goes
// on, betting that the sheet has none (a sheet that big is usually a plain
// table). If the ranges then come and there are some, it stops and returns
// ErrMerged: the caller throws away what fn was given and walks the sheet
// again with Walk. If looking for them fails, that error is returned, as
// Walk would. A sheet of less than 1 MiB of cells, or whose ranges come
// before it has read that much, is walked exactly as Walk does.
//
// Errors of Open, Merges and Rows (other than fn's) wrap one of the reasons
// above, name the part and, for a cell, its reference; their messages are
// valid UTF-8 (bytes of the file that are not are written as \xNN).
