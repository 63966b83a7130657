package xlsx

import "io"

// A tee inflates a part once for two readers: the search for merged ranges
// reads it as it is inflated (tee.Read, on the goroutine that inflates) and
// passes each piece on to the rows' reader (teeOut) on another. Inflating is
// about a tenth of reading a sheet's rows, which is a load's critical path;
// each inflated it in full before.
//
// The rows' reader may fall behind by at most teeDepth pieces (of at most
// 256 KiB, part.Read's piece, and usually the scanner's 64 KiB window), so
// the search cannot finish before the rows' reader is near the part's end:
// only WalkAhead, which reads on without the ranges, can use a tee.
const teeDepth = 16

type tee struct {
	src  io.Reader
	out  chan []byte   // pieces for the rows' reader; closed at the end
	free chan []byte   // pieces the rows' reader is done with
	stop chan struct{} // closed when the rows' reader stops
	err  error         // the source's error at the end (io.EOF: none); read after out is closed
	// stopped: the rows' reader has stopped, and nothing more is passed
	// on; the search reads on (a sheet read ahead of its ranges is judged
	// by them whatever happened to its rows).
	stopped bool
}

func newTee(src io.Reader) *tee {
	return &tee{src: src, out: make(chan []byte, teeDepth), free: make(chan []byte, teeDepth+2), stop: make(chan struct{})}
}

// Read reads from the source and passes what it read on.
func (t *tee) Read(b []byte) (int, error) {
	n, err := t.src.Read(b)
	if n > 0 && !t.stopped {
		var piece []byte
		select {
		case piece = <-t.free:
		default:
		}
		if cap(piece) < n {
			piece = make([]byte, max(n, bufSize))
		}
		piece = append(piece[:0], b[:n]...)
		select {
		case t.out <- piece:
		case <-t.stop:
			t.stopped = true
		}
	}
	return n, err
}

// finish passes on the rest of the source (the search may end before the
// part does), unless the rows' reader has stopped, and then its end:
// io.EOF, or the source's error.
func (t *tee) finish() {
	var err error
	buf := make([]byte, bufSize)
	for err == nil && !t.stopped {
		_, err = t.Read(buf)
	}
	if err == nil || t.stopped {
		err = io.EOF
	}
	t.err = err
	close(t.out)
}

// teeOut is the rows' reader's side of a tee.
type teeOut struct {
	t     *tee
	piece []byte // what is left of the current piece
	whole []byte // the current piece, to give back
}

func (o *teeOut) Read(b []byte) (int, error) {
	for len(o.piece) == 0 {
		if o.whole != nil {
			select {
			case o.t.free <- o.whole:
			default:
			}
			o.whole = nil
		}
		p, ok := <-o.t.out
		if !ok {
			return 0, o.t.err
		}
		o.piece, o.whole = p, p
	}
	n := copy(b, o.piece)
	o.piece = o.piece[n:]
	return n, nil
}
