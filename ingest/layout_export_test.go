package ingest

import (
	"context"
	"testing"
)

// ReadGuarded is Read with one duplicate-value guard over the whole file, as
// Load reads: for tests outside the package.
func ReadGuarded(ctx context.Context, src *Source, name string, data []byte, sink Sink, lim Limits) (Stats, error) {
	g := guardKeys(name, sink)
	st, err := Read(ctx, src, name, data, g, lim)
	if err == nil {
		err = g.check()
	}
	return st, err
}

// ReasonCode is the reason code Load records for err.
func ReasonCode(err error) string { return Code(err) }

// Book is a workbook whose one sheet, "Ledger", is sheetXML.
func Book(tb testing.TB, sheetXML string) []byte { return hostileBook(tb, sheetXML, nil) }
