package render

import (
	"bytes"
	"context"
	"io"
	"strings"

	"coo/analysis"
)

// memDest is a Dest in memory: the files by name.
type memDest map[string][]byte

type memFile struct {
	bytes.Buffer
	d    memDest
	name string
}

func (f *memFile) Close() error { f.d[f.name] = f.Bytes(); return nil }

func (d memDest) Create(name string) (io.WriteCloser, error) {
	return &memFile{d: d, name: name}, nil
}

// byStem returns d's files by name relative to stem (".html",
// "-assets/01-fit.png").
func (d memDest) byStem(stem string) map[string][]byte {
	out := map[string][]byte{}
	for name, data := range d {
		out[strings.TrimPrefix(name, stem)] = data
	}
	return out
}

// renderStudy renders r into memory and returns its files by name relative
// to the stem.
func renderStudy(r *analysis.StudyReport, opt StudyOptions) (map[string][]byte, error) {
	d := memDest{}
	if err := Study(context.Background(), d, r, opt); err != nil {
		return nil, err
	}
	stem := opt.Stem
	if stem == "" {
		stem = "study"
	}
	return d.byStem(stem), nil
}
