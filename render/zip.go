package render

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"sort"
	"strings"
)

// contentTypeEntry matches one Default or Override element of
// [Content_Types].xml, as excelize writes them.
var contentTypeEntry = regexp.MustCompile(`<(?:Default|Override) [^>]*?(?:/>|></(?:Default|Override)>)`)

// canonicalXLSX copies the package in to w with its parts in a fixed order
// ([Content_Types].xml first, then by name), no timestamps, and the entries
// of [Content_Types].xml sorted. excelize emits both the streamed sheets and
// the image content types from Go maps, in a random order; this makes the
// same workbook the same bytes. It also drops the filterMode flag excelize
// sets on a sheet with an autofilter: nothing is filtered yet.
func canonicalXLSX(w io.Writer, in []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(in), int64(len(in)))
	if err != nil {
		return err
	}
	files := append([]*zip.File(nil), zr.File...)
	sort.Slice(files, func(i, j int) bool {
		ci, cj := files[i].Name == "[Content_Types].xml", files[j].Name == "[Content_Types].xml"
		if ci != cj {
			return ci
		}
		return files[i].Name < files[j].Name
	})
	zw := zip.NewWriter(w)
	for _, f := range files {
		rc, err := f.Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		switch {
		case f.Name == "[Content_Types].xml":
			data = sortContentTypes(data)
		case strings.HasPrefix(f.Name, "xl/worksheets/sheet"):
			// excelize's AutoFilter marks the sheet as being filtered
			// (filterMode), which it is not: no rows are hidden.
			data = bytes.Replace(data, []byte(`<sheetPr filterMode="true"`), []byte(`<sheetPr`), 1)
		}
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		if _, err := fw.Write(data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// sortContentTypes sorts the Default and Override entries of a
// [Content_Types].xml, Defaults first, keeping everything around them.
func sortContentTypes(data []byte) []byte {
	locs := contentTypeEntry.FindAllIndex(data, -1)
	if len(locs) == 0 {
		return data
	}
	start, end := locs[0][0], locs[len(locs)-1][1]
	var entries []string
	for _, l := range locs {
		entries = append(entries, string(data[l[0]:l[1]]))
	}
	sort.Slice(entries, func(i, j int) bool {
		di, dj := entries[i][1] == 'D', entries[j][1] == 'D'
		if di != dj {
			return di
		}
		return entries[i] < entries[j]
	})
	var out bytes.Buffer
	out.Write(data[:start])
	for _, e := range entries {
		out.WriteString(e)
	}
	out.Write(data[end:])
	return out.Bytes()
}
