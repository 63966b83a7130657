package main

import (
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"golang.org/x/term"

	"coo/pipeline"
)

// Exit codes, documented in `coo help`.
const (
	exitOK          = pipeline.ExitOK
	exitFailed      = pipeline.ExitFailed
	exitUsage       = pipeline.ExitUsage
	exitRejects     = pipeline.ExitRejects
	exitRefused     = pipeline.ExitRefused
	exitInterrupted = pipeline.ExitInterrupted
)

// command is one subcommand.
type command struct {
	name    string
	args    string // synopsis after the name
	summary string // one line; the details and examples are help/NAME.txt
	run     func(ctx context.Context, e *env, args []string) error
}

//go:embed help/*.txt
var helpFiles embed.FS

// help returns the command's details and examples, help/NAME.txt ("" if
// it has none).
func (c *command) help() string {
	b, _ := helpFiles.ReadFile("help/" + c.name + ".txt")
	return string(b)
}

func commands() []*command {
	return []*command{
		cmdInit(), cmdDemo(), cmdIngest(), cmdInspect(), cmdRejects(), cmdExport(), cmdSQL(),
		cmdForecast(), cmdReport(), cmdRun(), cmdSchedule(), cmdAssess(), cmdBacktest(), cmdRegress(), cmdStudy(), cmdRuns(), cmdDoctor(), cmdBackup(), cmdRestore(), cmdVersion(), cmdBench(),
	}
}

// env is what every command gets: its output streams, logger and options
// common to all commands.
type env struct {
	stdout, stderr io.Writer
	log            *slog.Logger
	logw           *switchWriter
	terminal       bool   // stderr is a terminal: show progress bars
	projectDir     string // --project
	command        string // "coo ingest", for the lock and the run history
	args           []string
	now            func() time.Time
	setupLog       func() error
	quiet          bool // --quiet: the summary line and errors only
}

func usagef(format string, args ...any) error { return pipeline.Optionf(format, args...) }

// run is the whole program: it parses args, runs one command and returns its
// exit code. Tests call it directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printHelp(stdout, "")
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		topic := ""
		if len(rest) > 0 {
			topic = rest[0]
		}
		if !printHelp(stdout, topic) {
			fmt.Fprintf(stderr, "coo: no help on %q; run coo help\n", topic)
			return exitUsage
		}
		return exitOK
	}
	var cmd *command
	for _, c := range commands() {
		if c.name == name {
			cmd = c
		}
	}
	if cmd == nil {
		fmt.Fprintf(stderr, "coo: unknown command %q; run coo help\n", name)
		return exitUsage
	}
	e := &env{stdout: stdout, stderr: stderr, command: "coo " + name, args: args, now: time.Now}
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		e.terminal = true
	}
	err := cmd.run(ctx, e, rest)
	return e.exit(err)
}

// exit reports err on stderr and returns its exit code.
func (e *env) exit(err error) int {
	code := exitCode(err)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case code == exitInterrupted:
		fmt.Fprintln(e.stderr, "coo: interrupted")
	default:
		fmt.Fprintf(e.stderr, "coo: %v\n", err)
	}
	return code
}

// exitCode maps an error to the documented exit codes.
func exitCode(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return pipeline.ExitCode(err)
}

// flags returns a flag set with the options every command takes.
func (e *env) flags(c *command, defaultProject string) *flag.FlagSet {
	fs := flag.NewFlagSet("coo "+c.name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&e.projectDir, "project", defaultProject, "the project `folder`: coo.yaml and the warehouse")
	logFormat := fs.String("log", "text", "log `format`: text or json")
	fs.BoolVar(&e.quiet, "quiet", false, "print only the summary line, warnings and errors")
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: coo %s %s\n\n%s\n\nflags:\n", c.name, c.args, c.summary)
		fs.PrintDefaults()
	}
	e.logw = &switchWriter{w: e.stderr}
	e.setupLog = func() error {
		level := slog.LevelInfo
		if e.quiet {
			level = slog.LevelWarn
		}
		opts := &slog.HandlerOptions{Level: level}
		switch *logFormat {
		case "text":
			e.log = slog.New(slog.NewTextHandler(e.logw, opts))
		case "json":
			e.log = slog.New(slog.NewJSONHandler(e.logw, opts))
		default:
			return usagef("--log %q: want text or json", *logFormat)
		}
		return nil
	}
	return fs
}

// parse parses the command line, flags before or after the arguments (so
// that coo sql "select 1" --format csv works), and sets up logging. The
// arguments are left in fs.Args().
func (e *env) parse(fs *flag.FlagSet, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return &pipeline.OptionError{Msg: err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" || args[0] == "-" {
			positional = append(positional, args[1:]...)
			break
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
	fs.Parse(append([]string{"--"}, positional...))
	return e.setupLog()
}

// switchWriter lets progress bars take over the log's output while they run.
type switchWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *switchWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func (s *switchWriter) set(w io.Writer) {
	s.mu.Lock()
	s.w = w
	s.mu.Unlock()
}

// version is coo's version.
func version() string { return pipeline.Version() }
