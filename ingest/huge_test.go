package ingest

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"coo/warehouse"
)

// hugeRows is Excel's row limit: the header and 1,048,575 data rows.
const hugeRows = 1048575

// TestHugeLoadRSS measures the peak resident memory of Load for a sheet of
// 1,048,576 rows × 8 columns into a new warehouse (the bar: 300 MiB;
// pandas takes 823 MiB). It is run by hand:
//
//	COO_HUGE=1 go test ./ingest/ -run '^TestHugeLoadRSS$' -v -timeout 30m
//
// The workbook is written once by a child process (excelize holds it all in
// memory while writing) and kept in $TMPDIR/coo-bench-1048575.xlsx; the peak
// (VmHWM of /proc/self/status) is reset by writing 5 to
// /proc/self/clear_refs just before Load, so it counts Load alone (with the
// file's bytes, which the caller holds, and the test binary's own baseline).
func TestHugeLoadRSS(t *testing.T) {
	if os.Getenv("COO_HUGE_WRITE") == "1" {
		benchBook(t, hugeRows)
		return
	}
	if os.Getenv("COO_HUGE") != "1" {
		t.Skip("set COO_HUGE=1 to measure Load's peak memory on 1,048,576 rows")
	}
	path := filepath.Join(os.TempDir(), "coo-bench-1048575.xlsx")
	if _, err := os.Stat(path); err != nil {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHugeLoadRSS$", "-test.timeout=30m")
		cmd.Env = append(os.Environ(), "COO_HUGE_WRITE=1")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			t.Fatalf("writing the workbook: %v", err)
		}
		t.Logf("wrote %s in %v", path, time.Since(start).Round(time.Second))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), warehouse.Options{MemoryLimit: os.Getenv("COO_DUCKDB_MEMORY")})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// First Read alone into a sink that keeps nothing: the reader's share.
	runtime.GC()
	base := procStatus(t, "VmRSS")
	if os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil {
		start := time.Now()
		if _, err := Read(ctx, &benchSource, "huge.xlsx", data, discard{}, Limits{}); err != nil {
			t.Fatal(err)
		}
		t.Logf("Read alone: %v, RSS before %d MiB, peak %d MiB", time.Since(start).Round(time.Millisecond), base>>10, procStatus(t, "VmHWM")>>10)
	}
	// Go's heap during Load, sampled: the rest of the peak is DuckDB's.
	stop := make(chan struct{})
	var goPeak uint64
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			goPeak = max(goPeak, ms.HeapInuse+ms.StackInuse)
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	runtime.GC()
	before := procStatus(t, "VmRSS")
	reset := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
	if !reset {
		t.Log("cannot write /proc/self/clear_refs: the peak includes what came before Load")
	}
	start := time.Now()
	res, err := Load(ctx, db, &benchSource, "huge.xlsx", data, 0, Limits{})
	if err != nil || res.Err != nil {
		t.Fatal(err, res.Err)
	}
	if _, err := db.Promote(ctx, 0); err != nil {
		t.Fatal(err)
	}
	el := time.Since(start)
	peak := procStatus(t, "VmHWM")
	close(stop)
	<-sampled
	t.Logf("Go heap and stacks in use during Load: at most %d MiB (sampled every 50 ms)", goPeak>>20)
	t.Logf("%d rows × 8 columns (%d MiB file): %d facts in %v (%.0f cells/s); RSS before Load %d MiB, peak %d MiB (reset: %v)",
		hugeRows+1, len(data)>>20, res.Stats.Facts, el.Round(time.Millisecond), float64((hugeRows+1)*8)/el.Seconds(), before>>10, peak>>10, reset)
	if res.Stats.Facts != hugeRows*4 {
		t.Errorf("%d facts, want %d", res.Stats.Facts, hugeRows*4)
	}
	if peak > 300<<10 {
		t.Errorf("peak RSS %d MiB, over the issue's bar of 300 MiB", peak>>10)
	}
}

// procStatus returns a field of /proc/self/status in KiB.
func procStatus(t *testing.T, field string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			var kb int64
			for _, c := range strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")) {
				if c >= '0' && c <= '9' {
					kb = kb*10 + int64(c-'0')
				}
			}
			return kb
		}
	}
	t.Fatalf("no %s in /proc/self/status", field)
	return 0
}
