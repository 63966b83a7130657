package coo

import "time"

// SourceMonth is what one source supplied for one month: the data-quality
// facts of the monthly report.
type SourceMonth struct {
	Source   string
	Files    []string  // current files with facts for the month, by name
	Facts    int64     // facts for the month
	Rejects  int64     // rejected cells in those files (a file of several months counts them all)
	Refused  []string  // files of the source refused outright and not loaded since at the same path, once each
	LoadedAt time.Time // when the latest of Files was loaded
	Last     Period    // the source's latest month with data; 0 if none
}

// DefectKind says why input a figure depends on is not as it was sent or
// published.
type DefectKind string

const (
	// Rejected: cells of a loaded file were set aside.
	Rejected DefectKind = "rejected"
	// Refused: a whole file could not be read, and nothing has been loaded
	// at its path since; its months are not known.
	Refused DefectKind = "refused"
	// Missing: a required source has no data for a month between its first
	// month and the report's.
	Missing DefectKind = "missing"
	// Restated: a workbook sent again after the latest published monthly
	// report changed a value of a month that report used: one defect per
	// workbook, naming the sources it changed. Sending the same values
	// again is not a restatement, and neither is correcting a file with
	// rejects: that is the fix they asked for.
	Restated DefectKind = "restated"
	// Absent: members of a source's measure (Measure; Detail lists them)
	// that had a value in each of the AbsentHistory months before one
	// of the AbsentWindow months up to the report's and none in it, while
	// the source sent the measure for that month (File: the workbooks that did): a row not sent, or a member
	// gone, and either way the month's total is short of it until someone
	// says which (found from outside: a unit's headcount row left out of
	// October's workbook took a third off the company's headcount, ranked
	// first under "needs attention").
	Absent DefectKind = "absent"
	// Suspect: a month of a metric whose value is not credible as sent:
	// more than ten times every other month of its history (the report's
	// month, or an earlier one that the forecast set aside as a one-off),
	// as a unit slip makes it (146 typed as 146,000). The workbook loaded;
	// the value may even be right, but no figure is read from it until
	// someone checks it. Named by analysis, not by the warehouse.
	Suspect DefectKind = "suspect"
)

// AbsentHistory is how many months in a row before the report's a member
// must have had a value for its absence from the report's month to be an
// Absent defect: a member that comes and goes (a product sold in some
// months) is not judged.
const AbsentHistory = 6

// AbsentWindow is how many months up to the report's are judged for
// Absent members: the rolling twelve months, which hold the year to date.
const AbsentWindow = 12

// Defect is one piece of input that figures depend on and that could not be
// read, is missing, or changed since it was published.
type Defect struct {
	Kind DefectKind
	// Source is the source; for Restated, the sources the workbook
	// changed, and for Refused the sources that read it, joined by ", "
	// (analysis.DefectSources splits them).
	Source string
	File   string // the workbook, as the warehouse names it; "" for Missing
	Sheet  string // with Cell: the cell set aside (Rejected)
	Cell   string
	Reason string   // the reject's code (not_a_number...), or the kind
	Detail string   // what was wrong, for people; for Restated, the file replaced
	Months []Period // the months it touches; nil: every month of the source
	// Measure, when set, narrows the defect to the metrics of that measure
	// of Source (a Suspect value is one measure's); "" touches every
	// measure of the source.
	Measure string
}

// Touches reports whether the defect touches month p of its source.
func (d *Defect) Touches(p Period) bool {
	if d.Months == nil {
		return true
	}
	for _, m := range d.Months {
		if m == p {
			return true
		}
	}
	return false
}

// Where names the defect's place: "file, sheet!cell", "file" or the
// source.
func (d *Defect) Where() string {
	switch {
	case d.File == "":
		return d.Source
	case d.Cell == "":
		return d.File
	case d.Sheet == "":
		return d.File + ", " + d.Cell
	}
	return d.File + ", " + d.Sheet + "!" + d.Cell
}
