package warehouse

import (
	"context"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

func TestValidText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"合计 \ufffd ok", "合计 \ufffd ok"},         // valid, U+FFFD included, stays
		{"bad \xff\xfe end", `bad \xff\xfe end`}, // stray bytes
		{"cut \xe5\x90", `cut \xe5\x90`},         // a character cut short
		{"\xc3\x28", `\xc3(`},                    // a lead byte without its continuation
		{"nul \x00 ok", "nul \x00 ok"},           // valid UTF-8; DuckDB stores it
		{"sur \xed\xa0\x80", `sur \xed\xa0\x80`}, // a UTF-16 surrogate is not UTF-8
		{"over \xc0\xaf", `over \xc0\xaf`},       // an overlong form
	} {
		got := validText(tc.in)
		if got != tc.want || !utf8.ValidString(got) {
			t.Errorf("validText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestInvalidUTF8Recorded records a refusal and a load whose texts hold
// bytes that are not UTF-8 (issue 14: "could not bind parameter").
func TestInvalidUTF8Recorded(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "w.duckdb"))
	refused := File{Source: "finance", Name: "inbox/b\xe9d.xlsx", SHA256: "b", Mapping: "m"}
	err := db.RefuseFile(ctx, refused, Reject{Reason: "damaged", Message: "zip: not a valid zip file: \xff\xfe", Raw: "\x80"}, 0)
	if err != nil {
		t.Fatalf("RefuseFile with invalid UTF-8: %v", err)
	}
	var name, msg, raw string
	if err := db.sql.QueryRow(`SELECT file, message, raw FROM rejects`).Scan(&name, &msg, &raw); err != nil {
		t.Fatal(err)
	}
	if name != `inbox/b\xe9d.xlsx` || msg != `zip: not a valid zip file: \xff\xfe` || raw != `\x80` {
		t.Errorf("rejects row = %q, %q, %q; want the bad bytes as \\xNN", name, msg, raw)
	}
	if reason, ok, err := db.RefusedEarlier(ctx, refused); err != nil || !ok || reason != msg {
		t.Errorf("RefusedEarlier(same file) = %q, %v, %v; want %q, true", reason, ok, err, msg)
	}
	if known, err := db.Known(ctx, refused); err != nil || !known {
		t.Errorf("Known(refused file) = %v, %v; want true", known, err)
	}

	loaded := File{Source: "finance", Name: "books/\xff.xlsx", SHA256: "c"}
	l, err := db.BeginLoad(ctx, loaded, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Fact(Fact{Metric: "actual", Unit: "CNY", Period: oct, Dims: "cost_line=R\xe9nt", Value: 5, Sheet: "L\xf6dger", Row: 2, Col: 3}); err != nil {
		t.Fatal(err)
	}
	l.Reject(Reject{Sheet: "L\xf6dger", Cell: "C3", Reason: "not_a_number", Message: `"\xa0" is not a number`, Raw: "\xa0"})
	if err := l.Commit(ctx); err != nil {
		t.Fatalf("Commit with invalid UTF-8: %v", err)
	}
	if _, err := db.Promote(ctx, 0); err != nil {
		t.Fatal(err)
	}
	var file, dims, sheet string
	if err := db.sql.QueryRow(`SELECT file, dims, sheet FROM facts`).Scan(&file, &dims, &sheet); err != nil {
		t.Fatal(err)
	}
	if file != `books/\xff.xlsx` || dims != `cost_line=R\xe9nt` || sheet != `L\xf6dger` {
		t.Errorf("facts row = %q, %q, %q; want the bad bytes as \\xNN", file, dims, sheet)
	}
	if n := count(t, db, `SELECT count(*) FROM fact_dims WHERE id <> text_id(dims)`); n != 0 {
		t.Errorf("%d dictionary ids do not match their escaped text", n)
	}
	if known, err := db.Known(ctx, loaded); err != nil || !known {
		t.Errorf("Known(loaded file) = %v, %v; want true", known, err)
	}
}
