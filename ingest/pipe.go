package ingest

import (
	"errors"
	"fmt"
	"sync/atomic"

	"coo/warehouse"
)

// pipe is a Sink that hands facts to another goroutine in batches, so that
// parsing the workbook and appending to the warehouse use both cores: on
// two cores a 100,000-row ledger loads in about two thirds of the time. The
// facts reach the sink in the order they came; rejects are kept and passed
// on at close, after the facts, also in order. Only close may be called
// after the first error, which Fact returns from then on.
type pipe struct {
	sink    Sink
	batch   []warehouse.Fact
	rejects []warehouse.Reject
	ch      chan []warehouse.Fact
	free    chan []warehouse.Fact // batches the consumer is done with
	done    chan struct{}
	failed  atomic.Bool
	err     error         // the sink's first error, written before failed is set
	ready   chan struct{} // a late pipe's: closed once it has its sink (or is abandoned)
	// unchecked: Read's guard handed the check for values given twice to
	// the caller, to do after close (keysChecker). Read before close
	// returns.
	unchecked bool
}

func (p *pipe) checkKeys() { p.unchecked = true }

const pipeBatch = 1024

// pipeDepth is how many batches may wait for the sink. The warehouse's
// Appender takes its buffered facts in a flush every 32,768 facts (about
// 13 ms on this project's 2-core machine, while the parser makes some
// 16,000 facts): with room for 32,768 the parser never waits for it. With
// 4 it did: a 100,000-row file took about 5% longer (BenchmarkIngest,
// interleaved runs, medians 1,032 against 983 ms).
const pipeDepth = 32

func newPipe(sink Sink) *pipe {
	p := &pipe{sink: sink, ch: make(chan []warehouse.Fact, pipeDepth), free: make(chan []warehouse.Fact, pipeDepth+2), done: make(chan struct{})}
	go p.consume()
	return p
}

// latePipeDepth is how many batches a pipe whose sink comes later holds:
// about 45 ms of a big workbook's reading, what opening the warehouse takes.
const latePipeDepth = 3 * pipeDepth

// newLatePipe returns a pipe whose sink comes later: the facts wait in it
// until attach gives it one, or abandon drops them.
func newLatePipe() *pipe {
	p := &pipe{ch: make(chan []warehouse.Fact, latePipeDepth), free: make(chan []warehouse.Fact, latePipeDepth+2),
		done: make(chan struct{}), ready: make(chan struct{})}
	go p.consume()
	return p
}

// attach gives a late pipe its sink. Call attach or abandon once.
func (p *pipe) attach(sink Sink) {
	p.sink = sink
	close(p.ready)
}

// errAbandoned is what Fact returns once a late pipe's facts are not wanted.
var errAbandoned = errors.New("the early read was not wanted")

// abandon drops a late pipe's facts: Fact fails from now on.
func (p *pipe) abandon() {
	p.err = errAbandoned
	p.failed.Store(true)
	close(p.ready)
}

// consume passes the batches on until the channel is closed; after the
// first error (a panic of the sink's included: this goroutine's panic
// would end the process) it only drains them, so Fact never blocks.
func (p *pipe) consume() {
	defer close(p.done)
	if p.ready != nil {
		<-p.ready // attach or abandon
	}
	for batch := range p.ch {
		if p.err == nil {
			p.pass(batch)
		}
		select {
		case p.free <- batch[:0]:
		default:
		}
	}
}

func (p *pipe) pass(batch []warehouse.Fact) {
	defer func() {
		if v := recover(); v != nil {
			p.err = fmt.Errorf("%w: appending to the warehouse: %v", ErrInternal, v)
			p.failed.Store(true)
		}
	}()
	for _, f := range batch {
		if err := p.sink.Fact(f); err != nil {
			p.err = err
			p.failed.Store(true)
			return
		}
	}
}

func (p *pipe) Fact(f warehouse.Fact) error {
	if p.failed.Load() {
		return p.err // written before failed was set
	}
	if p.batch == nil {
		select {
		case p.batch = <-p.free:
		default:
			p.batch = make([]warehouse.Fact, 0, pipeBatch)
		}
	}
	p.batch = append(p.batch, f)
	if len(p.batch) == pipeBatch {
		p.ch <- p.batch
		p.batch = nil
	}
	return nil
}

func (p *pipe) Reject(r warehouse.Reject) { p.rejects = append(p.rejects, r) }

// close waits for the facts to reach the sink, passes on the rejects and
// returns the sink's first error.
func (p *pipe) close() error {
	if len(p.batch) > 0 {
		p.ch <- p.batch
		p.batch = nil
	}
	close(p.ch)
	<-p.done
	if p.err != nil {
		return p.err
	}
	for _, r := range p.rejects {
		p.sink.Reject(r)
	}
	return nil
}
