package warehouse

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/gofrs/flock"
)

// Holder describes the process that holds the writer's lock.
type Holder struct {
	PID     int       `json:"pid"`
	Command string    `json:"command"`
	Started time.Time `json:"started"`
}

func (h *Holder) String() string {
	return fmt.Sprintf("held by process %d (%s), started %s", h.PID, h.Command, h.Started.Format(time.RFC3339))
}

// LockPath returns the lock file of the warehouse at path: path + ".lock".
func LockPath(path string) string { return path + ".lock" }

// Lock is the exclusive writer's lock of one warehouse. It is an advisory lock
// on a file beside the database (flock on Unix, LockFileEx on Windows); the
// operating system releases it when the process ends, so a crash never leaves
// a stale lock behind.
type Lock struct {
	f *flock.Flock
}

// Acquire takes the writer's lock for the warehouse at path without waiting.
// If another process holds it, it returns a *BusyError naming that process.
func Acquire(path string, h Holder) (*Lock, error) {
	lp := LockPath(path)
	f := flock.New(lp, flock.SetFlag(os.O_CREATE|os.O_RDWR), flock.SetPermissions(0o644))
	ok, err := f.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", lp, err)
	}
	if !ok {
		return nil, &BusyError{Path: path, Holder: ReadHolder(lp), Detail: "another coo holds " + lp}
	}
	b, _ := json.Marshal(h)
	if err := os.WriteFile(lp, append(b, '\n'), 0o644); err != nil {
		f.Unlock()
		return nil, fmt.Errorf("lock %s: %w", lp, err)
	}
	return &Lock{f: f}, nil
}

// Release gives the lock up. The lock file stays, emptied.
func (l *Lock) Release() error {
	os.Truncate(l.f.Path(), 0)
	return l.f.Unlock()
}

// ReadHolder returns who holds (or last held) the lock at lockPath, or nil
// if that is not known.
func ReadHolder(lockPath string) *Holder {
	b, err := os.ReadFile(lockPath)
	if err != nil || len(b) == 0 {
		return nil
	}
	var h Holder
	if json.Unmarshal(b, &h) != nil || h.PID == 0 {
		return nil
	}
	return &h
}
