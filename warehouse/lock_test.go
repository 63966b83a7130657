package warehouse

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMain lets the test binary double as a writer that holds a lock until
// it is killed (COO_WAREHOUSE_CHILD=lock, COO_WAREHOUSE_PATH=warehouse).
func TestMain(m *testing.M) {
	if os.Getenv("COO_WAREHOUSE_CHILD") == "lock" {
		_, err := Acquire(os.Getenv("COO_WAREHOUSE_PATH"), Holder{PID: os.Getpid(), Command: "coo ingest", Started: t0})
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("holding")
		bufio.NewReader(os.Stdin).ReadString('\n') // until the test kills it
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestStaleLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.duckdb")
	if st, err := ReadLock(path); err != nil || st.State != LockFree {
		t.Fatalf("ReadLock with no lock file = %+v, %v; want free", st, err)
	}
	if _, err := os.Stat(LockPath(path)); err == nil {
		t.Fatal("ReadLock created the lock file")
	}

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "COO_WAREHOUSE_CHILD=lock", "COO_WAREHOUSE_PATH="+path)
	stdin, _ := cmd.StdinPipe()
	defer stdin.Close()
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if line, _ := bufio.NewReader(out).ReadString('\n'); line != "holding\n" {
		cmd.Process.Kill()
		t.Fatalf("child: %q", line)
	}
	pid := cmd.Process.Pid

	st, err := ReadLock(path)
	if err != nil || st.State != LockHeld || st.Holder == nil || st.Holder.PID != pid {
		t.Errorf("ReadLock while process %d writes = %+v, %v; want held by it", pid, st, err)
	}
	want := fmt.Sprintf("process %d (coo ingest, started 2026-11-01T09:00:00Z) is writing the warehouse", pid)
	if st.String() != want {
		t.Errorf("held: %q, want %q", st, want)
	}
	if _, err := Acquire(path, Holder{PID: os.Getpid(), Command: "coo forecast"}); err == nil || !strings.Contains(err.Error(), fmt.Sprint(pid)) {
		t.Errorf("Acquire while process %d writes = %v, want busy naming it", pid, err)
	}

	// kill -9: the kernel drops the flock, the lock file still names it.
	if err := cmd.Process.Kill(); err != nil { // SIGKILL on Unix
		t.Fatal(err)
	}
	cmd.Wait()
	st, err = ReadLock(path)
	if err != nil || st.State != LockStale || st.Holder == nil || st.Holder.PID != pid {
		t.Fatalf("ReadLock after kill -9 = %+v, %v; want stale, naming %d", st, err, pid)
	}
	want = fmt.Sprintf("process %d (coo ingest, started 2026-11-01T09:00:00Z) ended without releasing the warehouse's writer lock (it was killed or crashed); the next writing command takes the lock over", pid)
	if st.String() != want {
		t.Errorf("stale: %q, want %q", st, want)
	}
	// ReadLock left it as it was.
	if st, _ := ReadLock(path); st.State != LockStale {
		t.Errorf("second ReadLock = %+v, want stale still", st)
	}

	me := Holder{PID: os.Getpid(), Command: "coo ingest", Started: time.Now()}
	l, err := Acquire(path, me)
	if err != nil {
		t.Fatalf("Acquire of a stale lock: %v", err)
	}
	if h := l.Stale(); h == nil || h.PID != pid {
		t.Errorf("Stale() after taking over = %+v, want process %d", h, pid)
	}
	if st, _ := ReadLock(path); st.State != LockHeld || st.Holder == nil || st.Holder.PID != me.PID {
		t.Errorf("ReadLock after the takeover = %+v, want held by %d", st, me.PID)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if st, _ := ReadLock(path); st.State != LockFree || st.String() != "no process is writing the warehouse" {
		t.Errorf("ReadLock after Release = %+v (%s), want free", st, st)
	}
	l, err = Acquire(path, me)
	if err != nil {
		t.Fatal(err)
	}
	if h := l.Stale(); h != nil {
		t.Errorf("Stale() after a clean release = %+v, want nil", h)
	}
	l.Release()
}
