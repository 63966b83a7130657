package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"coo"
	"coo/analysis"
	"coo/internal/project"
	"coo/warehouse"
)

// Exit codes: the outcomes of a job as the command line reports them
// (README, "Exit codes").
const (
	ExitOK          = 0
	ExitFailed      = 1
	ExitUsage       = 2 // a mistake in the command line or the project file
	ExitRejects     = 3 // done, but some input was set aside
	ExitRefused     = 4 // warehouse busy, data incomplete, or would overwrite without --force
	ExitInterrupted = 130
)

// OptionError is a mistake in what a job was asked to do: exit code 2.
type OptionError struct{ Msg string }

func (e *OptionError) Error() string { return e.Msg }

// Optionf returns an *OptionError.
func Optionf(format string, args ...any) error {
	return &OptionError{fmt.Sprintf(format, args...)}
}

// RejectsError says the job finished but set input aside: exit code 3.
type RejectsError struct{ Msg string }

func (e *RejectsError) Error() string { return e.Msg }

// RefusedError is a refusal: data are incomplete for what was asked, or a
// file would be overwritten without being told to. Exit code 4.
type RefusedError struct{ Msg string }

func (e *RefusedError) Error() string { return e.Msg }

func refusedf(format string, args ...any) error {
	return &RefusedError{fmt.Sprintf(format, args...)}
}

// ExitCode maps an error to the documented exit codes.
func ExitCode(err error) int {
	var (
		oe *OptionError
		re *RejectsError
		fe *RefusedError
		pe project.Errors
	)
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &re):
		return ExitRejects
	case errors.Is(err, context.Canceled):
		return ExitInterrupted
	case errors.As(err, &oe), errors.As(err, &pe), errors.Is(err, project.ErrNoProject), errors.Is(err, project.ErrProjectFile),
		errors.Is(err, warehouse.ErrQueryRefused):
		return ExitUsage
	case errors.Is(err, warehouse.ErrBusy), errors.As(err, &fe):
		return ExitRefused
	}
	return ExitFailed
}

// IncompleteError refuses a report whose figures depend on input that could
// not be read, is missing, or changed since it was published. It is a
// RefusedError (exit code 4); its message names every workbook and cell.
type IncompleteError struct {
	Month   coo.Period
	Quality *analysis.Quality
}

func (e *IncompleteError) Error() string {
	q := e.Quality
	var b strings.Builder
	fmt.Fprintf(&b, "the %s report is not published: its figures depend on input that is not complete", e.Month)
	if len(q.Missing) > 0 {
		fmt.Fprintf(&b, "\n  no data for %s from %s", e.Month, strings.Join(q.Missing, ", "))
	}
	for _, d := range q.Defects {
		fmt.Fprintf(&b, "\n  %s: %s", d.Where(), DefectText(d))
	}
	if len(q.Defects) == 0 && len(q.Rejected) > 0 {
		fmt.Fprintf(&b, "\n  rejected cells in the files of %s (coo rejects lists them)", strings.Join(q.Rejected, ", "))
	}
	b.WriteString("\ncorrect the workbooks and ingest them again (a corrected file replaces the one it corrects), or pass --allow-incomplete to publish with each affected figure marked")
	return b.String()
}

// As makes an IncompleteError a RefusedError for errors.As.
func (e *IncompleteError) As(target any) bool {
	if r, ok := target.(**RefusedError); ok {
		*r = &RefusedError{Msg: e.Error()}
		return true
	}
	return false
}

// DefectText says what a defect is, in one line: the reason and detail, and
// the months it touches.
func DefectText(d coo.Defect) string {
	var s string
	switch d.Kind {
	case coo.Rejected:
		s = fmt.Sprintf("cell set aside (%s): %s", d.Reason, d.Detail)
	case coo.Refused:
		s = fmt.Sprintf("file refused (%s): %s", d.Reason, d.Detail)
	case coo.Missing:
		s = "required source " + d.Source + " sent no data"
		if len(d.Months) > 0 {
			s += " for " + d.Months[0].String()
		}
		return s
	case coo.Absent:
		return fmt.Sprintf("%s had a value of %s in each of the %d months before %s and none in it: not sent, or gone? send it again, with 0 where it is zero", d.Detail, d.Measure, coo.AbsentHistory, d.Months[0])
	case coo.Restated:
		src := "source " + d.Source
		if len(analysis.DefectSources(d)) > 1 {
			src = "sources " + d.Source
		}
		if d.Detail == d.File {
			s = "restated: sent again after the last published report, changing values of " + src
		} else {
			s = "restated: it replaced " + d.Detail + " after the last published report, changing values of " + src
		}
	default:
		s = d.Detail
	}
	if len(d.Months) > 0 {
		var ms []string
		for _, p := range d.Months {
			ms = append(ms, p.String())
		}
		s += " (months " + strings.Join(ms, ", ") + ")"
	}
	return s
}
