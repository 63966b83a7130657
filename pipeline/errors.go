package pipeline

import (
	"context"
	"errors"
	"fmt"

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
