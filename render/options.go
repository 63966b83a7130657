package render

import (
	"errors"
	"io"
	"time"
)

// Options are the settings every renderer takes. The zero Options is valid:
// no generation time is printed or stored, and the author is "coo".
type Options struct {
	// GeneratedAt is printed in the output and stored as the document's
	// creation and modification time. Renderers never read the clock: the
	// same inputs and GeneratedAt give the same bytes. The zero time prints
	// nothing and stores a fixed epoch (2000-01-01T00:00:00Z).
	GeneratedAt time.Time
	// Author is the document's creator; "" is "coo".
	Author string
	// Title overrides the document's title; "" gives one from the content.
	Title string
	// Stem names the files ("monthly-2026-10" gives monthly-2026-10.html,
	// .pdf, .md and monthly-2026-10-assets/NAME.png); "" gives each
	// renderer's default.
	Stem string
}

// Dest is where a renderer writes: it creates each file by slash-separated
// name and closes it when complete. Renderers never open files themselves;
// the caller's Dest decides where the bytes go (a folder written
// atomically, a zip, memory in tests).
type Dest interface {
	Create(name string) (io.WriteCloser, error)
}

// put writes data as name into dst.
func put(dst Dest, name string, data []byte) error {
	w, err := dst.Create(name)
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		if a, ok := w.(interface{ Abort() }); ok {
			a.Abort()
		}
		return err
	}
	return w.Close()
}

// Validate checks the options.
func (o Options) Validate() error {
	if y := o.GeneratedAt.Year(); !o.GeneratedAt.IsZero() && (y < 1900 || y > 9999) {
		return errors.New("render options: GeneratedAt outside the years 1900 to 9999")
	}
	return nil
}

func (o Options) author() string {
	if o.Author == "" {
		return "coo"
	}
	return o.Author
}

// stamp is the document time: GeneratedAt in UTC, or the fixed epoch.
func (o Options) stamp() time.Time {
	if o.GeneratedAt.IsZero() {
		return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return o.GeneratedAt.UTC().Truncate(time.Second)
}
