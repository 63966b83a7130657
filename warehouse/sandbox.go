package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
)

// SandboxOptions configure OpenSandbox.
type SandboxOptions struct {
	// Read lists the folders and files a query may read, such as the
	// project folder: a folder allows everything under it, a file only
	// itself. Each must exist. Nothing else can be read, and nothing at all
	// written.
	Read []string
	// Version and MemoryLimit are as in Options.
	Version     string
	MemoryLimit string
}

// Sandbox is the warehouse opened for a person's queries (coo sql). It runs
// one query at a time and cannot change anything: the warehouse is open
// read-only, and DuckDB's own sandbox is set before any query runs
// (enable_external_access off with allowed_directories and allowed_paths
// from SandboxOptions.Read, extensions neither installed nor loaded, the
// configuration locked). Because DuckDB lets a statement write wherever it
// may read, a statement is first parsed, and only a single query runs:
// SELECT (with FROM-first, WITH, VALUES, DESCRIBE, SHOW and SUMMARIZE, which
// DuckDB parses as SELECT) or EXPLAIN [ANALYZE] of one, calling no table
// function outside a list of readers (read_csv, read_parquet, ...) and no
// function that changes settings or writes (enable_logging, checkpoint,
// query, ...). A Sandbox is not safe for concurrent use.
type Sandbox struct {
	db   *DB
	conn *sql.Conn
}

// QueryError is a query the sandbox refused, or a file it would not let the
// query read. Reason is one line for people.
type QueryError struct {
	Reason string
}

func (e *QueryError) Error() string { return e.Reason }

// ErrQueryRefused is matched by errors.Is for every *QueryError.
var ErrQueryRefused = errors.New("query refused")

// Is makes errors.Is(err, ErrQueryRefused) true.
func (e *QueryError) Is(target error) bool { return target == ErrQueryRefused }

func refuse(format string, args ...any) error {
	return &QueryError{Reason: fmt.Sprintf(format, args...)}
}

// OpenSandbox opens the warehouse at path read-only for queries, with
// DuckDB's sandbox set. It fails like Open (ErrNoWarehouse,
// ErrSchemaOlder...), and with an error naming the path if an entry of
// opt.Read does not exist.
func OpenSandbox(ctx context.Context, path string, opt SandboxOptions) (*Sandbox, error) {
	var dirs, files []string
	for _, r := range opt.Read {
		abs, err := filepath.Abs(r)
		if err != nil {
			return nil, err
		}
		fi, err := os.Stat(abs)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", r, err)
		}
		if fi.IsDir() {
			dirs = append(dirs, strings.TrimSuffix(abs, string(filepath.Separator))+string(filepath.Separator))
		} else {
			files = append(files, abs)
		}
	}
	db, err := Open(ctx, path, Options{ReadOnly: true, Version: opt.Version, MemoryLimit: opt.MemoryLimit})
	if err != nil {
		return nil, err
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	// The order matters: the allowed lists cannot change once external
	// access is off, and nothing can change once the configuration is
	// locked. These settings are global: they hold for every connection.
	setup := []string{
		"SET allowed_directories = " + listLiteral(dirs),
		"SET allowed_paths = " + listLiteral(files),
		"SET enable_external_access = false",
		"SET autoinstall_known_extensions = false",
		"SET autoload_known_extensions = false",
		"SET lock_configuration = true",
	}
	for _, q := range setup {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			conn.Close()
			db.Close()
			return nil, fmt.Errorf("sandbox %s: %s: %w", path, q, err)
		}
	}
	return &Sandbox{db: db, conn: conn}, nil
}

// listLiteral quotes texts as a DuckDB list of strings.
func listLiteral(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return "[" + strings.Join(q, ", ") + "]::VARCHAR[]"
}

// Close closes the warehouse.
func (s *Sandbox) Close() error {
	s.conn.Close()
	return s.db.Close()
}

// Query runs one query and returns its rows; the caller closes them. A
// refused query, or a file the sandbox would not let it read, gives a
// *QueryError; any other error is DuckDB's (a syntax error, an unknown
// column).
func (s *Sandbox) Query(ctx context.Context, query string) (*sql.Rows, error) {
	inner, explain := explained(query)
	if err := s.checkQuery(ctx, query, inner); err != nil {
		return nil, err
	}
	// A second look, by DuckDB's binder this time: checkQuery has made
	// sure that binding cannot write.
	want := duckdb.STATEMENT_TYPE_SELECT
	if explain {
		want = duckdb.STATEMENT_TYPE_EXPLAIN
	}
	var typ duckdb.StmtType
	err := s.conn.Raw(func(dc any) error {
		st, err := dc.(*duckdb.Conn).Prepare(query) // one statement, or an error
		if err != nil {
			return err
		}
		defer st.Close()
		typ, err = st.(*duckdb.Stmt).StatementType()
		return err
	})
	if err != nil {
		return nil, queryError(err)
	}
	if typ != want {
		return nil, refuse("DuckDB does not read this text as one query; %s", oneQuery)
	}
	rows, err := s.conn.QueryContext(ctx, query)
	if err != nil {
		return nil, queryError(err)
	}
	return rows, nil
}

var deniedPath = regexp.MustCompile(`Cannot access (?:file|directory) "([^"]*)"`)

// queryError turns DuckDB's refusal to touch a file into a *QueryError and
// keeps the first line of any other error (DuckDB adds the query with a
// caret below).
func queryError(err error) error {
	var de *duckdb.Error
	if errors.As(err, &de) && de.Type == duckdb.ErrorTypePermission {
		if m := deniedPath.FindStringSubmatch(de.Msg); m != nil {
			return refuse("reading %q is not allowed: coo sql reads only the warehouse, files in the project folder and files or folders given with --read", m[1])
		}
		return refuse("not allowed: %s", firstLine(de.Msg))
	}
	return err
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}

// checkQuery parses inner (query, or what query explains) with DuckDB's
// parser, which binds nothing and so touches nothing, and refuses anything
// but one SELECT whose functions are all harmless.
func (s *Sandbox) checkQuery(ctx context.Context, query, inner string) error {
	var out string
	if err := s.conn.QueryRowContext(ctx, `SELECT json_serialize_sql(?::VARCHAR)::VARCHAR`, inner).Scan(&out); err != nil {
		return err
	}
	var parsed struct {
		Error      bool              `json:"error"`
		Type       string            `json:"error_type"`
		Message    string            `json:"error_message"`
		Statements []json.RawMessage `json:"statements"`
	}
	if err := json.Unmarshal([]byte(out), &parsed); err != nil {
		return fmt.Errorf("parse query: %w", err)
	}
	switch {
	case parsed.Error && parsed.Type == "parser":
		return errors.New(firstLine(parsed.Message))
	case parsed.Error, len(parsed.Statements) == 0:
		return notAQuery(query, inner)
	case len(parsed.Statements) != 1:
		return refuse("%d statements in one call; %s", len(parsed.Statements), oneQuery)
	}
	var tree any
	if err := json.Unmarshal(parsed.Statements[0], &tree); err != nil {
		return fmt.Errorf("parse query: %w", err)
	}
	return checkFunctions(tree)
}

// notAQuery says why a text that is not one SELECT was refused. It counts
// the statements with a throwaway in-memory database that may touch no file
// (preparing a statement binds it, and binding EXPORT DATABASE, for one,
// creates its folder), so nothing of the text runs where it could do harm.
func notAQuery(query, inner string) error {
	kw := firstKeyword(inner)
	if several(query) {
		if kw == "PIVOT" || kw == "UNPIVOT" {
			// DuckDB turns a PIVOT that does not list its columns into a
			// CREATE TYPE and a query.
			return refuse("a %s must list its columns here (ON metric IN ('actual', 'budget')); %s", kw, oneQuery)
		}
		return refuse("several statements in one call; %s", oneQuery)
	}
	what := map[string]string{
		"COPY":    "COPY writes files",
		"EXPORT":  "EXPORT DATABASE writes files",
		"IMPORT":  "IMPORT DATABASE changes the warehouse",
		"INSTALL": "INSTALL adds extensions",
		"FORCE":   "FORCE INSTALL adds extensions",
		"LOAD":    "LOAD loads extensions",
		"SET":     "SET changes settings",
		"RESET":   "RESET changes settings",
		"PRAGMA":  "PRAGMA can change settings (for a table's columns, DESCRIBE it)",
		"CALL":    "CALL runs procedures (SELECT * FROM a table function instead)",
		"ATTACH":  "ATTACH opens other databases",
		"DETACH":  "DETACH closes databases",
		"USE":     "USE changes the session",
		"PREPARE": "PREPARE stores statements",
		"EXECUTE": "EXECUTE runs stored statements",
	}[kw]
	if what == "" {
		switch kw {
		case "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "TRUNCATE", "VACUUM", "CHECKPOINT", "ANALYZE", "MERGE", "COMMENT":
			what = kw + " changes the warehouse"
		case "":
			what = "this is not a query"
			if inner != query {
				what = "EXPLAIN takes one query, with options in plain words"
			}
		default:
			what = kw + " is not a query"
		}
	}
	if inner != query && kw != "" {
		what = "EXPLAIN " + kw + ": " + what
	}
	return refuse("%s; %s", what, oneQuery)
}

const oneQuery = "coo sql is read-only and runs one query (SELECT, FROM, WITH, VALUES, DESCRIBE, SHOW, SUMMARIZE or EXPLAIN)"

// several reports whether DuckDB's parser finds more than one statement in
// query, preparing it in a throwaway database that may touch no file.
func several(query string) bool {
	c, err := duckdb.NewConnector("", func(ec driver.ExecerContext) error {
		for _, q := range []string{"SET enable_external_access = false", "SET autoinstall_known_extensions = false",
			"SET autoload_known_extensions = false", "SET lock_configuration = true"} {
			if _, err := ec.ExecContext(context.Background(), q, nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return false
	}
	db := sql.OpenDB(c)
	defer db.Close()
	conn, err := db.Conn(context.Background())
	if err != nil {
		return false
	}
	defer conn.Close()
	var multi bool
	conn.Raw(func(dc any) error {
		st, err := dc.(*duckdb.Conn).Prepare(query) // a text of several statements is only parsed
		if err != nil {
			multi = strings.Contains(err.Error(), "multi-statement")
			return nil
		}
		return st.Close()
	})
	return multi
}

// firstKeyword returns the first word of query in capitals, after
// comments, spaces and opening parentheses.
func firstKeyword(query string) string {
	s := skipSpace(query)
	for strings.HasPrefix(s, "(") {
		s = skipSpace(s[1:])
	}
	w, _ := word(s)
	return strings.ToUpper(w)
}

// skipSpace skips white space and SQL comments (-- to the end of the line,
// /* to */).
func skipSpace(s string) string {
	for {
		t := strings.TrimLeft(s, " \t\r\n\f\v")
		switch {
		case strings.HasPrefix(t, "--"):
			i := strings.IndexByte(t, '\n')
			if i < 0 {
				return ""
			}
			s = t[i+1:]
		case strings.HasPrefix(t, "/*"):
			i := strings.Index(t, "*/")
			if i < 0 {
				return ""
			}
			s = t[i+2:]
		default:
			return t
		}
	}
}

// word splits s into its leading word (letters, digits, underscores) and
// the rest.
func word(s string) (string, string) {
	i := 0
	for i < len(s) && (s[i] == '_' || 'a' <= s[i]|0x20 && s[i]|0x20 <= 'z' || '0' <= s[i] && s[i] <= '9') {
		i++
	}
	return s[:i], s[i:]
}

// explained returns the statement that query explains, if query is
// EXPLAIN [ANALYZE] [VERBOSE] [(options)] statement; otherwise query itself
// and false. When this reading of the prefix and DuckDB's disagree, the
// statement returned is not a single query (or query's type is not EXPLAIN),
// and Query refuses it.
func explained(query string) (string, bool) {
	w, rest := word(skipSpace(query))
	if !strings.EqualFold(w, "explain") {
		return query, false
	}
	for _, opt := range []string{"analyze", "analyse", "verbose"} {
		if w, r := word(skipSpace(rest)); strings.EqualFold(w, opt) {
			rest = r
		}
	}
	if t := skipSpace(rest); strings.HasPrefix(t, "(") {
		end := strings.IndexByte(t, ')')
		if end < 0 || strings.ContainsFunc(t[1:end], func(r rune) bool {
			return !(r == '_' || r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' ||
				'a' <= r|0x20 && r|0x20 <= 'z' || '0' <= r && r <= '9')
		}) {
			return "", true // options that are not plain words: refused
		}
		rest = t[end+1:]
	}
	return rest, true
}

// Table functions a query may call: they read files (within the sandbox),
// describe the database or generate rows. Anything else (query,
// enable_logging, checkpoint, read_duckdb...) is refused, so a function
// added to DuckDB stays out until it is added here.
var readerFunctions = setOf(
	"read_csv", "read_csv_auto", "read_parquet", "parquet_scan", "read_json", "read_json_auto",
	"read_json_objects", "read_json_objects_auto", "read_ndjson", "read_ndjson_auto", "read_ndjson_objects",
	"read_text", "read_blob", "glob", "sniff_csv",
	"parquet_metadata", "parquet_schema", "parquet_file_metadata", "parquet_kv_metadata", "parquet_full_metadata",
	"range", "generate_series", "unnest", "repeat", "repeat_row", "json_each", "json_tree",
	"summary", "histogram", "histogram_values",
	"duckdb_columns", "duckdb_constraints", "duckdb_databases", "duckdb_dependencies", "duckdb_extensions",
	"duckdb_functions", "duckdb_indexes", "duckdb_keywords", "duckdb_schemas", "duckdb_sequences",
	"duckdb_settings", "duckdb_tables", "duckdb_types", "duckdb_views", "duckdb_memory", "duckdb_variables",
	"pragma_table_info", "pragma_show", "pragma_version", "pragma_database_size", "pragma_storage_info",
	"pragma_metadata_info", "pragma_platform", "pragma_collations", "pragma_user_agent",
	"icu_calendar_names", "pg_timezone_names",
)

// Functions refused wherever they appear: they change settings, write, or
// run SQL given as text.
var deniedFunctions = setOf(
	"enable_logging", "disable_logging", "truncate_duckdb_logs", "write_log",
	"enable_profiling", "disable_profiling", "enable_peg_parser", "disable_peg_parser",
	"checkpoint", "force_checkpoint", "query", "query_table", "json_execute_serialized_sql",
	"arrow_scan", "arrow_scan_dumb", "seq_scan", "read_duckdb",
)

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// checkFunctions walks a statement as json_serialize_sql gives it and
// refuses a table function not in readerFunctions or any function in
// deniedFunctions.
func checkFunctions(node any) error {
	switch n := node.(type) {
	case []any:
		for _, c := range n {
			if err := checkFunctions(c); err != nil {
				return err
			}
		}
	case map[string]any:
		if n["type"] == "TABLE_FUNCTION" {
			f, _ := n["function"].(map[string]any)
			name, _ := f["function_name"].(string)
			if !readerFunctions[strings.ToLower(name)] {
				return refuse("%s() is not allowed: coo sql is read-only, and a query may call only table functions that read files (read_csv, read_parquet, read_json, glob...), describe the database (duckdb_tables...) or make rows (range, unnest...)", name)
			}
		}
		if n["class"] == "FUNCTION" {
			name, _ := n["function_name"].(string)
			if deniedFunctions[strings.ToLower(name)] {
				return refuse("%s() is not allowed: it changes settings, writes, or runs other statements, and coo sql is read-only", name)
			}
		}
		keys := make([]string, 0, len(n))
		for k := range n {
			keys = append(keys, k)
		}
		sort.Strings(keys) // the same refusal for the same text
		for _, k := range keys {
			if err := checkFunctions(n[k]); err != nil {
				return err
			}
		}
	}
	return nil
}
