package pipeline

import (
	"fmt"
	"testing"

	"coo/analysis"
)

// TestAssessUnitTwiceIsUsage: two units of one name in a group is a mistake
// in the project file's assessment rules, exit 2, as the README says.
func TestAssessUnitTwiceIsUsage(t *testing.T) {
	err := scoreError(fmt.Errorf("%w: in 2026-10, group %q has two units named %q", analysis.ErrUnitTwice, "Departments", "Sales"))
	if got := ExitCode(err); got != ExitUsage {
		t.Errorf("ExitCode(%v) = %d, want %d", err, got, ExitUsage)
	}
}
