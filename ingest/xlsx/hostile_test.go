package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestOpenErrors(t *testing.T) {
	good := readFile(t, "libre.xlsx")
	dupe := func() []byte { // two members named xl/workbook.xml
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, n := range []string{"xl/workbook.xml", "xl/workbook.xml"} {
			f, _ := zw.Create(n)
			f.Write([]byte("<workbook/>"))
		}
		zw.Close()
		return buf.Bytes()
	}
	tests := []struct {
		name string
		data []byte
		lim  Limits
		want error
	}{
		{"encrypted (excelize Encrypt)", readFile(t, "encrypted.xlsx"), Limits{}, ErrEncrypted},
		{"legacy xls (LibreOffice)", readFile(t, "libre.xls"), Limits{}, ErrLegacyXLS},
		{"empty file", nil, Limits{}, ErrNotZip},
		{"csv renamed", []byte("Region,Revenue\nNorth,1200\n"), Limits{}, ErrNotZip},
		{"text", []byte("hello"), Limits{}, ErrNotZip},
		{"truncated", good[:len(good)/2], Limits{}, ErrCorrupt},
		{"truncated tail", good[:len(good)-10], Limits{}, ErrCorrupt},
		{"too large", good, Limits{MaxFileSize: 100}, ErrTooLarge},
		{"zip without workbook", book(t, "", map[string]string{"xl/workbook.xml": "", "_rels/.rels": ""}), Limits{}, ErrCorrupt},
		{"duplicate members", dupe(), Limits{}, ErrCorrupt},
		{"sheet target missing", book(t, "", map[string]string{"xl/worksheets/sheet1.xml": ""}), Limits{}, ErrCorrupt},
		{"sheet target outside", book(t, ws+"<sheetData/></worksheet>", map[string]string{"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="../../etc/passwd"/></Relationships>`}), Limits{}, ErrCorrupt},
		{"doctype in workbook", book(t, ws+"<sheetData/></worksheet>", map[string]string{"xl/workbook.xml": `<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]><workbook><sheets><sheet name="&e;" r:id="rId1"/></sheets></workbook>`}), Limits{}, ErrDTD},
		{"entity in shared strings", book(t, ws+"<sheetData/></worksheet>", map[string]string{"xl/sharedStrings.xml": `<?xml version="1.0"?><!ENTITY e "x"><sst/>`}), Limits{}, ErrDTD},
		{"shared strings not utf-8", book(t, ws+"<sheetData/></worksheet>", map[string]string{"xl/sharedStrings.xml": "<sst><si><t>\xc3\x28</t></si></sst>"}), Limits{}, ErrCorrupt},
		{"utf-16 workbook", book(t, ws+"<sheetData/></worksheet>", map[string]string{"xl/workbook.xml": "\xff\xfe<\x00w\x00"}), Limits{}, ErrCorrupt},
		{"part too large", book(t, ws+"<sheetData/></worksheet>", nil), Limits{MaxPartSize: 100}, ErrTooLarge},
		{"unzip too large", book(t, ws+"<sheetData/></worksheet>", nil), Limits{MaxUnzipSize: 500}, ErrTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open(tc.data, tc.lim)
			if !errors.Is(err, tc.want) || errors.Is(err, errPanic) {
				t.Errorf("Open = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestDotDotMembers: members named ../x or /x are never used; the reader
// takes only the parts the workbook names, and writes nothing.
func TestDotDotMembers(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	srcData := book(t, ws+`<sheetData><row r="1"><c r="A1"><v>7</v></c></row></sheetData></worksheet>`, nil)
	src, err := zip.NewReader(bytes.NewReader(srcData), int64(len(srcData)))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"../evil.xml", "/etc/evil", "xl/../../x"} {
		f, _ := zw.Create(n)
		f.Write([]byte("<x/>"))
	}
	for _, f := range src.File {
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	zw.Close()
	w, err := Open(buf.Bytes(), Limits{})
	if err != nil {
		t.Fatalf("Open = %v", err)
	}
	got, err := collect(w, "S")
	if err != nil || len(got) != 1 || got[0].Raw != "7" {
		t.Errorf("Rows = %v, %v, want A1 = 7", got, err)
	}
}

// bomb returns a raw deflate stream inflating to head + n*len(fill) + tail,
// made by repeating one compressed block: cheap to make, costly to inflate.
func bomb(tb testing.TB, head string, fill []byte, n int, tail string) (raw []byte, size int64, crc uint32) {
	tb.Helper()
	var out bytes.Buffer
	var unit bytes.Buffer
	fw, _ := flate.NewWriter(&out, flate.BestCompression)
	h := crc32.NewIEEE()
	fw.Write([]byte(head))
	fw.Flush()
	fw2, _ := flate.NewWriter(&unit, flate.BestCompression)
	fw2.Write(fill)
	fw2.Flush() // byte-aligned, refers to nothing before it
	for range n {
		out.Write(unit.Bytes())
		h.Write(fill)
	}
	var end bytes.Buffer
	fw3, _ := flate.NewWriter(&end, flate.BestCompression)
	fw3.Write([]byte(tail))
	fw3.Close()
	out.Write(end.Bytes())
	h.Write([]byte(head))
	// (crc of head+fill+tail in order is computed below)
	full := crc32.NewIEEE()
	full.Write([]byte(head))
	for range n {
		full.Write(fill)
	}
	full.Write([]byte(tail))
	return out.Bytes(), int64(len(head)) + int64(n)*int64(len(fill)) + int64(len(tail)), full.Sum32()
}

// bombBook is a workbook whose part name is replaced by a bomb; claimed is
// the uncompressed size written in the headers (a lie, if not size).
func bombBook(tb testing.TB, name string, raw []byte, size int64, crc uint32, claimed int64) []byte {
	tb.Helper()
	srcData := book(tb, ws+"<sheetData/></worksheet>", nil)
	src, err := zip.NewReader(bytes.NewReader(srcData), int64(len(srcData)))
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range src.File {
		if f.Name == name {
			continue
		}
		zw.Copy(f)
	}
	fh := &zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(len(raw)), UncompressedSize64: uint64(claimed)}
	w, err := zw.CreateRaw(fh)
	if err != nil {
		tb.Fatal(err)
	}
	w.Write(raw)
	zw.Close()
	return buf.Bytes()
}

// TestBomb: parts inflating to 1 GiB, with true and lying size headers, are
// refused within 2 s having allocated under 100 MiB (the bar).
func TestBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	const gib = 1 << 30
	spaces := bytes.Repeat([]byte(" "), 1<<20)
	sis := bytes.Repeat([]byte("<si><t>a</t></si>"), 1<<16)
	cells := bytes.Repeat([]byte(`<row><c t="s"><v>0</v></c></row>`), 1<<15)
	type bk struct {
		name string
		part string
		raw  []byte
		size int64
		crc  uint32
	}
	var books []bk
	raw, size, crc := bomb(t, ws+"<sheetData>", spaces, gib/len(spaces), "</sheetData></worksheet>")
	books = append(books, bk{"sheet of spaces", "xl/worksheets/sheet1.xml", raw, size, crc})
	raw, size, crc = bomb(t, ws+"<sheetData>", cells, gib/len(cells), "</sheetData></worksheet>")
	books = append(books, bk{"sheet of rows", "xl/worksheets/sheet1.xml", raw, size, crc})
	raw, size, crc = bomb(t, "<sst>", sis, gib/len(sis), "</sst>")
	books = append(books, bk{"shared strings", "xl/sharedStrings.xml", raw, size, crc})
	for _, b := range books {
		for _, claim := range []struct {
			name string
			size int64
			lim  Limits
		}{
			{"true headers", b.size, Limits{}},
			{"headers say 4 KiB", 4096, Limits{}},
			{"true headers, no ratio limit, 256 MiB total", b.size, Limits{MaxRatio: -1, MaxUnzipSize: 256 << 20, MaxPartSize: 64 << 20}},
		} {
			t.Run(b.name+"/"+claim.name, func(t *testing.T) {
				data := bombBook(t, b.part, b.raw, b.size, b.crc, claim.size)
				var m0, m1 runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&m0)
				start := time.Now()
				w, err := Open(data, claim.lim)
				if err == nil {
					err = w.Rows("S", func(int, []Cell) error { return nil })
				}
				el := time.Since(start)
				runtime.ReadMemStats(&m1)
				alloc := m1.TotalAlloc - m0.TotalAlloc
				t.Logf("%d KiB file: %v in %v, %d MiB allocated", len(data)>>10, err, el, alloc>>20)
				if !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrCorrupt) || errors.Is(err, errPanic) {
					t.Errorf("bomb read = %v, want ErrTooLarge or ErrCorrupt", err)
				}
				// A header that lies is caught by archive/zip at the declared
				// size, which it calls "not a valid zip file": the message
				// must say what it is, with both sizes.
				if claim.size != b.size {
					want := []string{b.part + " is a zip bomb", "declares 4096 bytes", "inflates past"}
					for _, w := range want {
						if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), w) {
							t.Errorf("bomb read = %v, want ErrTooLarge saying %q", err, w)
						}
					}
				}
				// The bar is 2 s (measured: 17 ms-0.9 s on an idle
				// machine, up to 2.1 s while other test packages run); a test
				// asserts only that it is not pathological, speed being the
				// business of benchmarks.
				if el > 10*time.Second {
					t.Errorf("bomb refused after %v, want seconds at most", el)
				}
				if alloc > 100<<20 {
					t.Errorf("bomb allocated %d MiB, want < 100 MiB", alloc>>20)
				}
			})
		}
	}
}

// TestNearMax: a number that overflows a double only because its writer
// rounded the largest double up (openpyxl writes 1.7976931348623157e308 as
// 1.797693134862316e+308) is the largest double; anything larger is still
// refused. The bound, 1.79769313486232e308, is the largest double rounded
// up at its 15th digit, by hand.
func TestNearMax(t *testing.T) {
	for _, tc := range []struct{ v, want string }{
		{"1.797693134862316e+308", "1.7976931348623157e+308"},
		{"-1.797693134862316e+308", "-1.7976931348623157e+308"},
		{"1.79769313486232E+308", "1.7976931348623157e+308"},
		{"17976931348623160000e289", "1.7976931348623157e+308"},
		{"1.7976931348623157e308", "1.7976931348623157e308"}, // the largest double itself, as is
		{"1.7976931348623158e308", "1.7976931348623158e308"}, // rounds to it: as is
		{"1.79769313486233e308", ""},
		{"1.8e308", ""},
		{"1e309", ""},
		{"-1e400", ""},
		{"1e99999999999999999999", ""},
	} {
		sheet := ws + `<sheetData><row r="1"><c r="A1"><v>` + tc.v + `</v></c></row></sheetData></worksheet>`
		w, err := Open(book(t, sheet, nil), Limits{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := collect(w, "S")
		switch {
		case tc.want == "" && (!errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "is not a number")):
			t.Errorf("Rows(<v>%s</v>) = %v, %v; want ErrCorrupt: not a number", tc.v, got, err)
		case tc.want != "" && (err != nil || len(got) != 1 || got[0].Raw != tc.want || got[0].Kind != "number"):
			t.Errorf("Rows(<v>%s</v>) = %v, %v; want the number %s", tc.v, got, err, tc.want)
		}
	}
}

// TestMessagesUTF8: where a message quotes bytes of the sheet that are not
// UTF-8 (a tag's or an attribute's name, an entity), they are written as
// \xNN, so that the refusal can be stored as text; before, the raw bytes
// made recording the refusal fail. Texts by hand.
func TestMessagesUTF8(t *testing.T) {
	for _, tc := range []struct{ sheet, says string }{
		{`<row r="1"><c r="A1" t="str"><v>&` + "\xff\xfe" + `;</v></c></row>`, `bad entity reference &\xff\xfe; (undefined entity`},
		{`<row r="1"><c r="A1" t="str"><v>&#` + "\xff" + `;</v></c></row>`, `bad entity reference &#\xff;`},
		{`<row r="1" ` + "\xff" + `></row>`, `attribute \xff of <row> has no value`},
		{`<row r="1"><c r="A1" t="inlineStr"><is><t>a` + "\xe4\xb8" + `</t></is></c></row>`, `cell A1: text is not UTF-8`},
		{`<row r="1"><c r="A1" t="` + "\xff" + `"><v>1</v></c></row>`, `unknown cell type t="\xff"`},
		{`<row r="1"><c r="A1"><v>1` + "\xff" + `</v></c></row>`, `value "1\xff" is not a number`},
	} {
		w, err := Open(book(t, ws+`<sheetData>`+tc.sheet+`</sheetData></worksheet>`, nil), Limits{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = collect(w, "S")
		if !errors.Is(err, ErrCorrupt) || !utf8.ValidString(err.Error()) || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("Rows(%q) = %v, want ErrCorrupt saying %s, valid UTF-8", tc.sheet, err, tc.says)
		}
	}
	// After the root element (read by Merges, which scans the whole part).
	w, err := Open(book(t, ws+`<sheetData/></worksheet><`+"\xff\xfe"+`/>`, nil), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Merges("S"); err != nil && !utf8.ValidString(err.Error()) {
		t.Errorf("Merges = %q, not valid UTF-8", err)
	}
}

// TestLyingHeader: a member a little longer than its zip header declares is
// not a bomb but a damaged file, reported with both sizes (archive/zip says
// only "not a valid zip file").
func TestLyingHeader(t *testing.T) {
	raw, size, crc := bomb(t, ws+"<sheetData>", bytes.Repeat([]byte(" "), 100), 50, "</sheetData></worksheet>")
	w, err := Open(bombBook(t, "xl/worksheets/sheet1.xml", raw, size, crc, 4096), Limits{})
	if err == nil {
		_, err = collect(w, "S")
	}
	want := fmt.Sprintf("xl/worksheets/sheet1.xml: its zip header declares 4096 bytes, but it inflates to %d", size)
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), want) {
		t.Errorf("Rows = %v, want ErrCorrupt saying %q", err, want)
	}
}
