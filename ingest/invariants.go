package ingest

import (
	"cmp"
	"errors"
	"fmt"
	"hash/maphash"
	"math/bits"
	"slices"
	"strconv"

	"coo"
	"coo/warehouse"
)

// Invariants that make a silent wrong load impossible. Each refuses the
// whole file with a *FileError naming the file, the sheet and the cells:
// a value given twice for one measure, month and set of dimension values
// (ErrDuplicate); a total that the values above it or left of it do not add
// up to (ErrTotalMismatch); a block that two labels could name, or none
// (ErrAmbiguousLabel, ErrNoLabel). A row whose measure column names no
// mapped measure is set aside (ErrUnknownMeasure).
var (
	ErrDuplicate      = errors.New("a value is given twice")
	ErrTotalMismatch  = errors.New("a total does not add up")
	ErrAmbiguousLabel = errors.New("two labels could name the block")
	ErrNoLabel        = errors.New("no label names the block's measure")
	ErrUnknownMeasure = errors.New("not a mapped measure")
	ErrNoteRow        = errors.New("a note under the block, not a member")
)

// keyGuard passes facts on to its Sink and remembers each one's key, so
// that check can refuse the file if two values have the same measure, month
// and dimension values. Read's tables wrap their sink in one unless it is
// one already, and check it at the end of their sheet; wrap the sink of a
// whole file and check it after Read (as Load does) to compare across its
// sheets too.
//
// It keeps two independent 64-bit hashes of each key and its cell, 32 bytes
// a value, and sorts the first hashes once at the end: a map of the keys,
// checked as each value came, doubled the time of reading a 100,000-row
// ledger. Two different keys are taken for one only if both hashes collide.
type keyGuard struct {
	Sink
	file       string
	seed       [2]maphash.Seed
	keys       [][]factKey // in chunks of keyChunk, never copied as they grow
	n          int
	sheets     []string
	dims       string    // the last fact's dims, and their hashes
	dimsHash   [2]uint64 //
	metric     string
	metricHash [2]uint64
	metrics    []string // the measures seen, for messages
	metricIdx  uint16   // the last fact's index in metrics
	started    bool
	off        bool        // handed to the sink (checker), or nothing to check
	checker    keysChecker // the sink, if it can find values given twice itself
	// the months of the file's values, as they came (a file holds few)
	periods    []coo.Period
	lastPeriod coo.Period
}

// factKey is a value's key (two hashes) and its cell.
type factKey struct {
	h1, h2 uint64
	row    int32
	col    uint16
	sheet  uint16 // index into keyGuard.sheets
	period coo.Period
	metric uint16 // index into keyGuard.metrics
}

// keysChecker is a Sink that can find values given twice itself, once all
// facts are in (Load's, with the warehouse's Duplicate, in the same words).
// A guard that would hold more than guardMax keys hands the check to it
// and forgets them: a file of millions of values costs no memory here, and
// a usual one is checked without a query.
type keysChecker interface{ checkKeys() }

// guardMax is how many keys a guard holds (32 bytes each) before it hands
// the check to a keysChecker sink. A variable for tests.
var guardMax = 1 << 19

// guardKeys returns sink checked for values given twice in file.
func guardKeys(file string, sink Sink) *keyGuard {
	if g, ok := sink.(*keyGuard); ok {
		return g
	}
	c, _ := sink.(keysChecker)
	return &keyGuard{Sink: sink, file: file, checker: c, seed: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}}
}

// mix combines the hashes of a key's parts (splitmix64's finaliser).
func mix(a, b uint64, p coo.Period) uint64 {
	x := a ^ (b + 0x9e3779b97f4a7c15 + (a << 6) + (a >> 2)) ^ uint64(p)*0xbf58476d1ce4e5b9
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

func (g *keyGuard) Fact(f warehouse.Fact) error {
	if f.Period != g.lastPeriod || len(g.periods) == 0 {
		g.lastPeriod = f.Period
		if !slices.Contains(g.periods, f.Period) {
			g.periods = append(g.periods, f.Period)
		}
	}
	if g.off {
		return g.Sink.Fact(f)
	}
	if f.Dims != g.dims || !g.started {
		g.dims = f.Dims
		g.dimsHash = [2]uint64{maphash.String(g.seed[0], f.Dims), maphash.String(g.seed[1], f.Dims)}
	}
	if f.Metric != g.metric || !g.started {
		g.metric = f.Metric
		g.metricHash = [2]uint64{maphash.String(g.seed[0], f.Metric), maphash.String(g.seed[1], f.Metric)}
		g.metricIdx = uint16(len(g.metrics))
		for i, m := range g.metrics {
			if m == f.Metric {
				g.metricIdx = uint16(i)
			}
		}
		if int(g.metricIdx) == len(g.metrics) {
			g.metrics = append(g.metrics, f.Metric)
		}
	}
	g.started = true
	if len(g.sheets) == 0 || g.sheets[len(g.sheets)-1] != f.Sheet {
		g.sheets = append(g.sheets, f.Sheet)
	}
	if n := len(g.keys); n == 0 || len(g.keys[n-1]) == cap(g.keys[n-1]) {
		size := keyChunk
		if n < 3 {
			size = 256 << (2 * n) // small files stay small: 256, 1024, 4096, then keyChunk
		}
		g.keys = append(g.keys, make([]factKey, 0, size))
	}
	g.n++
	last := &g.keys[len(g.keys)-1]
	*last = append(*last, factKey{
		h1: mix(g.metricHash[0], g.dimsHash[0], f.Period), h2: mix(g.metricHash[1], g.dimsHash[1], f.Period),
		row: int32(f.Row), col: uint16(f.Col), sheet: uint16(len(g.sheets) - 1), period: f.Period, metric: g.metricIdx})
	if g.n > guardMax && g.checker != nil {
		g.keys, g.n, g.off = nil, 0, true
		g.checker.checkKeys()
	}
	return g.Sink.Fact(f)
}

// order is the order the values came in: by sheet, row, column.
func (k *factKey) order(o *factKey) int {
	if c := cmp.Compare(k.sheet, o.sheet); c != 0 {
		return c
	}
	if c := cmp.Compare(k.row, o.row); c != 0 {
		return c
	}
	return cmp.Compare(k.col, o.col)
}

// keyChunk is how many keys a chunk of keyGuard.keys holds at most.
const keyChunk = 8192

// check refuses the file if two values have the same key, naming the first
// such pair (by where the second one is). It forgets the keys.
func (g *keyGuard) check() error {
	if g.off {
		return nil
	}
	defer func() { g.keys, g.n = nil, 0 }()
	dup := repeated(g.keys, g.n)
	if len(dup) == 0 {
		return nil
	}
	var keys []factKey
	for _, c := range g.keys {
		for i := range c {
			if dup[c[i].h1] {
				keys = append(keys, c[i])
			}
		}
	}
	slices.SortFunc(keys, func(a, b factKey) int {
		if c := cmp.Compare(a.h1, b.h1); c != 0 {
			return c
		}
		if c := cmp.Compare(a.h2, b.h2); c != 0 {
			return c
		}
		return a.order(&b)
	})
	var first, second *factKey
	for i := 1; i < len(keys); i++ {
		if keys[i].h1 == keys[i-1].h1 && keys[i].h2 == keys[i-1].h2 && (second == nil || keys[i].order(second) < 0) {
			first, second = &keys[i-1], &keys[i]
			for j := i - 1; j > 0 && keys[j-1].h1 == keys[i].h1 && keys[j-1].h2 == keys[i].h2; j-- {
				first = &keys[j-1]
			}
		}
	}
	if second == nil {
		return nil // the first hashes collided, the second did not
	}
	return duplicateError(g.file, &warehouse.Duplicate{Measure: g.metrics[second.metric], Period: second.period,
		Sheet: [2]string{g.sheets[first.sheet], g.sheets[second.sheet]},
		Row:   [2]int{int(first.row), int(second.row)}, Col: [2]int{int(first.col), int(second.col)}})
}

// repeated returns the first hashes (h1) that n keys share. The keys are
// spread into buckets by the top bits of h1 (a counting sort), and only
// each small bucket is sorted: a few times faster than sorting them all,
// and it is on the critical path of every load.
func repeated(keys [][]factKey, n int) map[uint64]bool {
	width := max(bits.Len(uint(n))-2, 1) // about 4 keys a bucket
	shift := 64 - width
	start := make([]int, 1<<width+1)
	for _, c := range keys {
		for i := range c {
			start[c[i].h1>>shift+1]++
		}
	}
	for b := 1; b < len(start); b++ {
		start[b] += start[b-1]
	}
	h := make([]uint64, n)
	next := slices.Clone(start[:1<<width])
	for _, c := range keys {
		for i := range c {
			b := c[i].h1 >> shift
			h[next[b]] = c[i].h1
			next[b]++
		}
	}
	dup := map[uint64]bool{}
	for b := range 1 << width {
		bucket := h[start[b]:start[b+1]]
		slices.Sort(bucket)
		for i := 1; i < len(bucket); i++ {
			if bucket[i] == bucket[i-1] {
				dup[bucket[i]] = true
			}
		}
	}
	return dup
}

// duplicateError refuses file for the pair d, naming both cells.
func duplicateError(file string, d *warehouse.Duplicate) *FileError {
	var cells [2]string
	for i := range cells {
		cells[i] = coo.ColumnName(d.Col[i]) + strconv.Itoa(d.Row[i])
	}
	a, b := cells[0], cells[1]
	if d.Sheet[0] != d.Sheet[1] {
		a = fmt.Sprintf("sheet %q cell %s", d.Sheet[0], a)
		b = fmt.Sprintf("sheet %q cell %s", d.Sheet[1], b)
	}
	return &FileError{File: file, Sheet: d.Sheet[1], Cell: cells[1],
		Err: fmt.Errorf("%w: %s for %s is in %s and again in %s, with the same labels; delete one, or map the column that tells them apart as a dimension",
			ErrDuplicate, d.Measure, d.Period, a, b)}
}
