package ingest

import (
	"errors"
	"testing"

	"coo/warehouse"
)

// recordSink keeps what reaches it; it fails or panics at the fact it is
// told to.
type recordSink struct {
	facts   []warehouse.Fact
	rejects []warehouse.Reject
	failAt  int
	panicAt int
}

var errSink = errors.New("sink failed")

func (s *recordSink) Fact(f warehouse.Fact) error {
	if len(s.facts) == s.panicAt {
		panic("appender broke")
	}
	if len(s.facts) == s.failAt {
		return errSink
	}
	s.facts = append(s.facts, f)
	return nil
}

func (s *recordSink) Reject(r warehouse.Reject) { s.rejects = append(s.rejects, r) }

// TestPipe: facts arrive in order across batches, rejects after them; the
// sink's first error, or its panic, stops the passing, is returned by
// Fact and close, and never blocks the reader however many facts follow.
func TestPipe(t *testing.T) {
	const n = 3*pipeBatch + 17
	s := &recordSink{failAt: -1, panicAt: -1}
	p := newPipe(s)
	for i := range n {
		if err := p.Fact(warehouse.Fact{Row: i + 1}); err != nil {
			t.Fatal(err)
		}
	}
	p.Reject(warehouse.Reject{Cell: "A1"})
	if err := p.close(); err != nil {
		t.Fatal(err)
	}
	if len(s.facts) != n || len(s.rejects) != 1 {
		t.Fatalf("%d facts and %d rejects reached the sink, want %d and 1", len(s.facts), len(s.rejects), n)
	}
	for i, f := range s.facts {
		if f.Row != i+1 {
			t.Fatalf("fact %d has row %d: out of order", i, f.Row)
		}
	}

	for _, tc := range []struct {
		name string
		sink *recordSink
		want error
	}{
		{"error", &recordSink{failAt: pipeBatch + 5, panicAt: -1}, errSink},
		{"panic", &recordSink{failAt: -1, panicAt: 7}, ErrInternal},
	} {
		p := newPipe(tc.sink)
		var first error
		for i := range (pipeDepth + 20) * pipeBatch { // far more than the channel holds
			if err := p.Fact(warehouse.Fact{Row: i + 1}); err != nil && first == nil {
				first = err
			}
		}
		p.Reject(warehouse.Reject{Cell: "A1"})
		err := p.close()
		if !errors.Is(err, tc.want) || !errors.Is(first, tc.want) {
			t.Errorf("%s: Fact returned %v, close %v, want %v", tc.name, first, err, tc.want)
		}
		if len(tc.sink.rejects) != 0 {
			t.Errorf("%s: rejects passed on after a failure", tc.name)
		}
	}
}
