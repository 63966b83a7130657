package warehouse

import (
	"encoding/json"
	"errors"
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
// on a file beside the database (flock on Unix, LockFileEx on Windows), which
// also names its holder while it is held (the file is emptied on Release).
// The operating system releases the lock itself when the process ends, so a
// writer that was killed leaves only its name behind: ReadLock calls that
// lock stale, and the next Acquire takes it over.
type Lock struct {
	f     *flock.Flock
	stale *Holder
}

// Acquire takes the writer's lock for the warehouse at path without waiting
// (beyond a few milliseconds, in case ReadLock is looking at it). If another
// process holds it, it returns a *BusyError naming that process. A stale
// lock is taken over: Stale then names the writer that left it.
func Acquire(path string, h Holder) (*Lock, error) {
	lp := LockPath(path)
	f := flock.New(lp, flock.SetFlag(os.O_CREATE|os.O_RDWR), flock.SetPermissions(0o644))
	var ok bool
	for try := 0; ; try++ {
		var err error
		if ok, err = f.TryLock(); err != nil {
			return nil, fmt.Errorf("lock %s: %w", lp, err)
		}
		if ok || try == 4 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !ok {
		return nil, &BusyError{Path: path, Holder: ReadHolder(lp), Detail: "another coo holds " + lp}
	}
	l := &Lock{f: f, stale: ReadHolder(lp)}
	b, _ := json.Marshal(h)
	if err := os.WriteFile(lp, append(b, '\n'), 0o644); err != nil {
		f.Unlock()
		return nil, fmt.Errorf("lock %s: %w", lp, err)
	}
	return l, nil
}

// Stale returns the writer that held the lock before Acquire took it and
// ended without releasing it (it was killed or crashed), or nil. Whatever
// that writer left half done is the new holder's to clean up
// (DiscardStaged, FailAbandonedRuns).
func (l *Lock) Stale() *Holder { return l.stale }

// Release gives the lock up. The lock file stays, emptied.
func (l *Lock) Release() error {
	os.Truncate(l.f.Path(), 0)
	return l.f.Unlock()
}

// LockState says whether a writer holds a warehouse's lock.
type LockState int

// Lock states.
const (
	LockFree  LockState = iota // no writer holds it
	LockHeld                   // a live process holds it
	LockStale                  // a writer ended without releasing it (killed or crashed); the next writer takes it over
)

// LockStatus is what ReadLock found.
type LockStatus struct {
	State LockState
	// Holder is the writer the lock file names: the live holder (nil if
	// that is not a coo writer), or the one that left the lock stale.
	// Nil when the lock is free.
	Holder *Holder
}

// String says it as a sentence for people.
func (s LockStatus) String() string {
	switch {
	case s.State == LockHeld && s.Holder != nil:
		return fmt.Sprintf("process %d (%s, started %s) is writing the warehouse", s.Holder.PID, s.Holder.Command, s.Holder.Started.Format(time.RFC3339))
	case s.State == LockHeld:
		return "another process holds the warehouse's writer lock"
	case s.State == LockStale:
		return fmt.Sprintf("process %d (%s, started %s) ended without releasing the warehouse's writer lock (it was killed or crashed); the next writing command takes the lock over",
			s.Holder.PID, s.Holder.Command, s.Holder.Started.Format(time.RFC3339))
	}
	return "no process is writing the warehouse"
}

// ReadLock reports whether the writer's lock of the warehouse at path is
// free, held, or stale. It takes a shared lock for a moment to find out,
// creates nothing and writes nothing.
func ReadLock(path string) (LockStatus, error) {
	lp := LockPath(path)
	f := flock.New(lp, flock.SetFlag(os.O_RDONLY))
	ok, err := f.TryRLock()
	if errors.Is(err, os.ErrNotExist) {
		return LockStatus{State: LockFree}, nil
	}
	if err != nil {
		return LockStatus{}, fmt.Errorf("lock %s: %w", lp, err)
	}
	h := ReadHolder(lp)
	if !ok {
		return LockStatus{State: LockHeld, Holder: h}, nil
	}
	f.Unlock()
	if h == nil {
		return LockStatus{State: LockFree}, nil
	}
	return LockStatus{State: LockStale, Holder: h}, nil
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
