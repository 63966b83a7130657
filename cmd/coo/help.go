package main

import (
	"fmt"
	"io"
	"strings"
)

const helpIntro = `coo: the COO office's analytics and reporting pipeline.

Departments' monthly workbooks go into an embedded DuckDB warehouse
(coo.duckdb in the project folder); coo answers questions about them.

usage: coo COMMAND [flags] [arguments]

Commands:
`

const helpOutro = `
Every command takes --project DIR (default: the current folder; for demo,
./coo-demo), --log text|json and --quiet. Logs go to stderr; results to stdout.
Progress bars appear when stderr is a terminal.

Exit status:
  0    ok
  1    failed
  2    usage or project-file error (the message names the key and line)
  3    done, but some input was rejected (whole files or some of their rows)
  4    refused: the warehouse is busy (the message names the holder), data
       are incomplete for what was asked, or a file would be overwritten
       without --force
  130  interrupted

Run coo help COMMAND for a command's flags and examples.
`

// printHelp prints the overview, or one command's help. It reports whether
// the topic exists.
func printHelp(w io.Writer, topic string) bool {
	if topic == "" {
		fmt.Fprint(w, helpIntro)
		for _, c := range commands() {
			fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
		}
		fmt.Fprint(w, helpOutro)
		return true
	}
	for _, c := range commands() {
		if c.name == topic {
			fmt.Fprintf(w, "usage: coo %s %s\n\n%s\n", c.name, c.args, c.summary)
			if h := c.help(); h != "" {
				fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(h))
			}
			fmt.Fprintln(w, "\nCommon flags: --project DIR, --log text|json, --quiet.")
			return true
		}
	}
	return false
}
