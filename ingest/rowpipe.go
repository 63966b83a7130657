package ingest

import (
	"errors"
	"sync/atomic"

	"coo/ingest/xlsx"
)

// rowPipe hands a sheet's rows to fn on another goroutine, in batches and in
// order, so that scanning the sheet's XML and making facts of its rows run
// side by side: with the inflating goroutine (xlsx's WalkAhead) and the
// warehouse's (pipe) that is four stages on two cores, none of which waits
// for the longest. Rows are copied: the reader reuses its cells.
//
// fn's first error or panic stops it; row then returns errRowsStopped, and
// close returns the error or panics again with the value, in the caller's
// goroutine, where read recovers it. A row fn saw came before any row the
// reader failed on, so fn's error is the first in the sheet's order.
type rowPipe struct {
	fn     func(row int, cells []xlsx.Cell) error
	batch  *rowBatch
	ch     chan *rowBatch
	free   chan *rowBatch
	done   chan struct{}
	failed atomic.Bool
	err    error // fn's first error, written before failed is set
	panic  any   // what fn panicked with, if it did
}

type rowBatch struct {
	rows  []int       // each row's number
	ends  []int       // and where its cells end in cells
	cells []xlsx.Cell // the rows' cells, one row after another
}

// rowPipeBatch rows go at a time; rowPipeDepth batches may wait.
const (
	rowPipeBatch = 256
	rowPipeDepth = 8
)

// errRowsStopped is what the reader gets once fn failed; close returns fn's
// error instead.
var errRowsStopped = errors.New("the rows' reader stopped")

func newRowPipe(fn func(row int, cells []xlsx.Cell) error) *rowPipe {
	p := &rowPipe{fn: fn, batch: &rowBatch{}, ch: make(chan *rowBatch, rowPipeDepth),
		free: make(chan *rowBatch, rowPipeDepth+2), done: make(chan struct{})}
	go p.consume()
	return p
}

// row is the reader's callback.
func (p *rowPipe) row(row int, cells []xlsx.Cell) error {
	if p.failed.Load() {
		return errRowsStopped
	}
	b := p.batch
	b.cells = append(b.cells, cells...)
	b.rows, b.ends = append(b.rows, row), append(b.ends, len(b.cells))
	if len(b.rows) == rowPipeBatch {
		p.send()
	}
	return nil
}

func (p *rowPipe) send() {
	p.ch <- p.batch
	select {
	case p.batch = <-p.free:
	default:
		p.batch = &rowBatch{}
	}
}

// close passes on the last rows, waits for fn to be done with them, and
// returns its error (or panics with its panic's value).
func (p *rowPipe) close() error {
	if len(p.batch.rows) > 0 {
		p.send()
	}
	close(p.ch)
	<-p.done
	if p.panic != nil {
		panic(p.panic)
	}
	return p.err
}

func (p *rowPipe) consume() {
	defer close(p.done)
	for b := range p.ch {
		if !p.failed.Load() {
			p.pass(b)
		}
		b.rows, b.ends, b.cells = b.rows[:0], b.ends[:0], b.cells[:0]
		select {
		case p.free <- b:
		default:
		}
	}
}

func (p *rowPipe) pass(b *rowBatch) {
	defer func() {
		if v := recover(); v != nil {
			p.panic = v
			p.failed.Store(true)
		}
	}()
	from := 0
	for i, row := range b.rows {
		if err := p.fn(row, b.cells[from:b.ends[i]]); err != nil {
			p.err = err
			p.failed.Store(true)
			return
		}
		from = b.ends[i]
	}
}
