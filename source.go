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
