package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"coo"
	"coo/ingest/xlsx"
	"coo/warehouse"
)

// FileError reports a problem with one file, and where in it when known.
// Err is one of the reasons in cells.go (matched with errors.Is), wrapped.
// Its message is always valid UTF-8: bytes of the file or of its name that
// are not are written as \xNN, so that the refusal can be stored as text.
type FileError struct {
	File, Sheet, Cell string
	Err               error
}

// Code returns the stable reason code of the error (see Code).
func (e *FileError) Code() string { return Code(e.Err) }

func (e *FileError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		b.WriteString(": sheet ")
		b.WriteString(strconv.Quote(e.Sheet))
	}
	if e.Cell != "" {
		b.WriteString(" cell ")
		b.WriteString(e.Cell)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return escapeInvalid(b.String())
}

// escapeInvalid is coo.ValidUTF8.
func escapeInvalid(s string) string { return coo.ValidUTF8(s) }

func (e *FileError) Unwrap() error { return e.Err }

// Limits bound what one workbook may cost. The zero value takes the defaults.
type Limits = xlsx.Limits

// Sink receives what a workbook yields. *warehouse.Load is one.
type Sink interface {
	Fact(warehouse.Fact) error
	Reject(warehouse.Reject)
}

// Stats says what reading one file found.
type Stats struct {
	Sheets  []string // the sheets read
	Rows    int      // data rows (loaded or set aside)
	Facts   int      // values loaded
	Rejects int      // cells set aside
	Totals  int      // total and subtotal rows recognised and skipped
	Notes   []string // sheets skipped and why
	// Warnings are sheets skipped that look like data: the source's
	// header under a name that is not a month, when months come from
	// sheet names (a summary sheet, or "Sep 2026 (final)").
	Warnings []string
}

var cfbMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// open opens the workbook, decrypting it with src.Password if it has one,
// and maps the reader's reasons onto ingest's.
func open(src *Source, name string, data []byte, lim Limits) (*xlsx.Workbook, error) {
	decrypted := false
	if src.Password != "" && bytes.HasPrefix(data, cfbMagic) {
		plain, err := excelize.Decrypt(data, &excelize.Options{Password: src.Password})
		if err != nil {
			return nil, &FileError{File: name, Err: fmt.Errorf("%w: the password in the project file does not open it (%v)", ErrEncrypted, err)}
		}
		data, decrypted = plain, true
	}
	wb, err := xlsx.Open(data, lim)
	if err == nil {
		return wb, nil
	}
	if decrypted && (errors.Is(err, xlsx.ErrNotZip) || errors.Is(err, xlsx.ErrCorrupt)) {
		// Decrypt does not check the password: a wrong one yields noise,
		// which used to be reported as "not a zip archive ... a CSV renamed?".
		return nil, &FileError{File: name, Err: fmt.Errorf("%w: the password in the project file does not open it", ErrEncrypted)}
	}
	reason := ErrNotWorkbook
	switch {
	case errors.Is(err, xlsx.ErrLegacyXLS):
		err = errors.New("it is a legacy .xls (Excel 97-2003) workbook; open it in Excel or LibreOffice and save it as .xlsx")
	case errors.Is(err, xlsx.ErrEncrypted):
		reason = ErrEncrypted
		err = errors.New("it is protected by a password; save a copy without one, or give the password in the project file (password:)")
	case errors.Is(err, xlsx.ErrTooLarge):
		reason = ErrTooLarge
	case errors.Is(err, xlsx.ErrDTD):
		reason = ErrUnsafe
	case errors.Is(err, xlsx.ErrNotZip):
		err = fmt.Errorf("%v; is it really an .xlsx (a CSV or another file renamed)?", err)
	}
	return nil, &FileError{File: name, Err: because(reason, err)}
}

// because wraps err in reason, without saying the same words twice when the
// reader's message already starts with them ("the workbook is too large: the
// workbook is too large: ...", "not an .xlsx workbook: not an .xlsx workbook
// (not a zip archive)").
func because(reason, err error) error {
	msg := err.Error()
	if rest, ok := strings.CutPrefix(msg, reason.Error()); ok {
		return fmt.Errorf("%w%s", reason, rest)
	}
	return fmt.Errorf("%w: %s", reason, msg)
}

// Read reads a workbook of src, sending its facts and rejects to sink.
// name identifies the file in messages. A whole-file problem returns a
// *FileError, and the caller must discard what sink received; that
// includes two values for the same measure, month and dimension values
// anywhere in the file (ErrDuplicate, naming both cells).
func Read(ctx context.Context, src *Source, name string, data []byte, sink Sink, lim Limits) (st Stats, err error) {
	return read(ctx, src, name, data, sink, lim, false)
}

// read is Read; ahead, it reads a big sheet on without waiting for its
// merged ranges (xlsx.WalkAhead), and returns xlsx.ErrMerged if it has
// some: the caller throws away what sink received and reads the file
// again, not ahead.
func read(ctx context.Context, src *Source, name string, data []byte, sink Sink, lim Limits, ahead bool) (st Stats, err error) {
	obs, _ := sink.(observer) // Inspect's recorder; nil when loading
	g := guardKeys(name, sink)
	sink = g
	defer func() {
		if r := recover(); r != nil { // a bug must not take the batch down
			err = &FileError{File: name, Err: fmt.Errorf("%w: %v; please report this file", ErrInternal, r)}
		}
	}()
	wb, err := open(src, name, data, lim)
	if err != nil {
		return st, err
	}
	var filePeriod coo.Period
	if src.Period.FileName {
		if filePeriod, err = fileNamePeriod(name); err != nil {
			return st, &FileError{File: name, Err: err}
		}
	}
	named := len(src.Sheets.Names) > 0
	var best *FileError
	var otherSheets []string // skipped for their names
	for _, sh := range wb.Sheets() {
		if !sheetWanted(src, sh.Name) {
			if obs != nil {
				obs.observe(event{kind: evSheet, sheet: sh.Name, state: sh.State, why: "not one of the source's sheets"})
			}
			continue
		}
		if !named && src.Sheets.Pattern == "" && src.sheetNamesOther(sh.Name) {
			// "Forecast", "预算", "LY" beside the actuals' sheet loaded as
			// actuals (found from outside)
			st.Notes = append(st.Notes, fmt.Sprintf("sheet %q is named for other figures than source %s's: skipped (name it under sheet: to read it)", sh.Name, src.Name))
			otherSheets = append(otherSheets, sh.Name)
			if obs != nil {
				obs.observe(event{kind: evSheet, sheet: sh.Name, state: sh.State, why: "skipped: its name says other figures than the source's (name it under sheet: to read it)"})
			}
			continue
		}
		if sh.State != "visible" && !named {
			st.Notes = append(st.Notes, fmt.Sprintf("sheet %q is %s: skipped", sh.Name, map[string]string{"hidden": "hidden", "veryHidden": "very hidden"}[sh.State]))
			if obs != nil {
				obs.observe(event{kind: evSheet, sheet: sh.Name, state: sh.State, why: "skipped: a hidden sheet is read only when named (sheet:)"})
			}
			continue
		}
		if obs != nil {
			obs.observe(event{kind: evSheet, sheet: sh.Name, state: sh.State})
		}
		t, err := readSheet(ctx, wb, src, name, sh.Name, sink, obs, filePeriod, ahead)
		var fe *FileError
		switch {
		case err == nil:
		case errors.As(err, &fe) && !named && (errors.Is(err, ErrNoHeader) || errors.Is(err, ErrNotPeriod) && src.Period.Sheet):
			// Choosing sheets by their header (or their name): this one is not data.
			if errors.Is(err, errSheetNotMonth) {
				st.Warnings = append(st.Warnings, fmt.Sprintf("sheet %q skipped: %v; if it holds a month's data, name the sheet after its month (2026-09)", sh.Name, fe.Err))
			} else {
				st.Notes = append(st.Notes, fmt.Sprintf("sheet %q: not data (%v)", sh.Name, fe.Err))
			}
			if obs != nil {
				obs.observe(event{kind: evNotData, sheet: sh.Name, why: escapeInvalid(fe.Err.Error())})
			}
			if best == nil || errors.Is(best, ErrNotPeriod) {
				best = fe
			}
			continue
		default:
			return st, err
		}
		st.Sheets = append(st.Sheets, sh.Name)
		st.Rows += t.stats.rows
		st.Facts += t.stats.facts
		st.Rejects += t.stats.rejects
		st.Totals += t.stats.totals
		st.Notes = append(st.Notes, t.stats.notes...)
		st.Warnings = append(st.Warnings, t.stats.warnings...)
	}
	if len(st.Sheets) == 0 {
		switch {
		case named:
			var list []string
			for _, sh := range wb.Sheets() {
				list = append(list, sh.Name)
			}
			return st, &FileError{File: name, Err: fmt.Errorf("%w %s; the workbook has %s", ErrNoSheet, quoteList(src.Sheets.Names), quoteList(list))}
		case best != nil:
			return st, best
		case len(otherSheets) > 0:
			return st, &FileError{File: name, Err: fmt.Errorf("%w: no sheet was read: %s named for other figures than source %s's (a budget, a forecast, last year's) and skipped; if one holds the source's actuals, name it under sheet:",
				ErrNoSheet, quoteList(otherSheets), src.Name)}
		default:
			return st, &FileError{File: name, Err: fmt.Errorf("%w: no visible sheet matches the mapping", ErrNoSheet)}
		}
	}
	if err := g.check(); err != nil {
		return st, err
	}
	return st, namedMonth(src, name, g.periods)
}

// namedMonth refuses a file whose name gives one month (sales-2026-10.xlsx)
// when none of its values is of that month: a copy of last month's workbook
// with its Month column left as it was loaded October's figures as
// September's, replacing them, exit 0 (found from outside). A file that
// holds the month among others (year to date) is fine, and so is a source
// whose month is the file's name.
func namedMonth(src *Source, name string, periods []coo.Period) error {
	if src.Period.FileName || len(periods) == 0 {
		return nil
	}
	p, err := fileNamePeriod(name)
	if err != nil || slices.Contains(periods, p) || reDate.MatchString(path.Base(name)) {
		return nil // a name with a whole date (sales-2026-11-03.xlsx) may be the day it was exported
	}
	ps := slices.Clone(periods)
	slices.Sort(ps)
	held := ps[0].String()
	if len(ps) > 1 {
		held += " to " + ps[len(ps)-1].String()
	}
	return &FileError{File: name, Err: fmt.Errorf("%w: the file's name says %s, but its values are of %s and none of %s; correct the month in the workbook, or the file's name",
		ErrNotPeriod, p, held, p)}
}

func sheetWanted(src *Source, sheet string) bool {
	if len(src.Sheets.Names) > 0 {
		for _, n := range src.Sheets.Names {
			if strings.EqualFold(strings.TrimSpace(n), strings.TrimSpace(sheet)) {
				return true
			}
		}
		return false
	}
	if src.Sheets.Pattern != "" {
		ok, _ := path.Match(src.Sheets.Pattern, sheet)
		return ok
	}
	return true
}

// errSheetNotMonth marks a sheet with the source's header whose name is not
// the month it needs.
var errSheetNotMonth = fmt.Errorf("%w: a sheet with the table's header", ErrNotPeriod)

// walkAhead is xlsx's WalkAhead; tests make it read ahead every time.
var walkAhead = (*xlsx.Workbook).WalkAhead

func readSheet(ctx context.Context, wb *xlsx.Workbook, src *Source, name, sheet string, sink Sink, obs observer, filePeriod coo.Period, ahead bool) (*table, error) {
	var t *table
	start := func(merges []xlsx.Range) error {
		t = newTable(src, name, sheet, wb.Date1904(), merges, sink)
		t.obs, t.recalc = obs, wb.FullCalcOnLoad()
		switch {
		case src.Period.FileName:
			t.period, t.havePeriod = filePeriod, true
			t.note(event{kind: evPeriod, why: "the file's name", text: path.Base(name), period: filePeriod})
		case src.Period.Sheet:
			p, err := parsePeriodText(sheet)
			if err != nil {
				t.noMonth = true // not data, unless it has the header (table.row)
				return nil
			}
			t.period, t.havePeriod = p, true
			t.note(event{kind: evPeriod, why: "the sheet's name", text: sheet, period: p})
		}
		return nil
	}
	walk := wb.Walk
	if ahead {
		walk = func(sheet string, start func([]xlsx.Range) error, fn func(int, []xlsx.Cell) error) error {
			return walkAhead(wb, sheet, start, fn)
		}
	}
	n := 0
	rows := newRowPipe(func(row int, cells []xlsx.Cell) error {
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		return t.row(row, cells)
	})
	err := walk(sheet, start, rows.row)
	if rerr := rows.close(); rerr != nil && !errors.Is(err, xlsx.ErrMerged) {
		err = rerr // the rows' error came first: the reader stopped for it
	}
	var fe *FileError
	switch {
	case errors.As(err, &fe), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return nil, err
	case errors.Is(err, xlsx.ErrTooLarge), errors.Is(err, xlsx.ErrDTD), errors.Is(err, xlsx.ErrCorrupt), errors.Is(err, xlsx.ErrNoSheet):
		return nil, &FileError{File: name, Sheet: sheet, Err: because(sheetReason(err), err)}
	case err != nil:
		return nil, err // the sink failed: the warehouse's problem, not the file's
	}
	for _, w := range []string{t.hiddenLoaded(wb.HiddenRows(sheet)), t.hiddenColsLoaded(wb.HiddenCols(sheet))} {
		if w != "" {
			t.stats.warnings = append(t.stats.warnings, w)
		}
	}
	return t, t.done()
}

// sheetReason maps the reader's reason for refusing a sheet onto ingest's.
func sheetReason(err error) error {
	switch {
	case errors.Is(err, xlsx.ErrTooLarge):
		return ErrTooLarge
	case errors.Is(err, xlsx.ErrDTD):
		return ErrUnsafe
	}
	return ErrNotWorkbook
}

var (
	reYM  = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)[0-9]{2})[-_. ]?(0[1-9]|1[0-2])(?:[^0-9]|$)`)
	reMon = regexp.MustCompile(`(?i)(?:^|[^a-z])(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*[-_ .]?((?:19|20)?[0-9]{2})(?:[^0-9]|$)`)
	reZh  = regexp.MustCompile(`([0-9]{4})年([0-9]{1,2})月`)
	// a whole date in a file's name: 2026-11-03, 20261103, 2026年11月3日
	reDate = regexp.MustCompile(`(?:19|20)[0-9]{2}[-_.]?(?:0[1-9]|1[0-2])[-_.]?(?:0[1-9]|[12][0-9]|3[01])(?:[^0-9]|$)|[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日`)
)

// fileNamePeriod finds the one month a file's name gives, such as
// sales-2026-10.xlsx, sales_202610.xlsx, Sales Oct 2026.xlsx, 销售2026年10月.xlsx.
func fileNamePeriod(name string) (coo.Period, error) {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	base = strings.TrimSuffix(base, path.Ext(base))
	found := map[coo.Period]bool{}
	for _, m := range reYM.FindAllStringSubmatch(base, -1) {
		if p, err := yearMonth(m[1], m[2]); err == nil {
			found[p] = true
		}
	}
	for _, m := range reMon.FindAllStringSubmatch(base, -1) {
		if p, err := monthYear(monthNames[strings.ToLower(m[1])], m[2]); err == nil {
			found[p] = true
		}
	}
	for _, m := range reZh.FindAllStringSubmatch(base, -1) {
		if p, err := yearMonth(m[1], m[2]); err == nil {
			found[p] = true
		}
	}
	if len(found) != 1 {
		return 0, fmt.Errorf("%w: the file's name %q does not name exactly one month (want e.g. sales-2026-10.xlsx)", ErrNotPeriod, path.Base(name))
	}
	for p := range found {
		return p, nil
	}
	return 0, nil
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
}

// clip shortens text for a message.
func clip(s string) string {
	if len(s) <= 60 {
		return s
	}
	cut := 60
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}
