// Command coo is the COO office's analytics and reporting pipeline: it loads
// departmental workbooks into an embedded DuckDB warehouse and answers
// questions about them. Run `coo help` for the commands and exit codes.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
