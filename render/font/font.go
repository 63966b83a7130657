// Package font finds the typeface every renderer draws with: one TrueType
// face, regular and bold, shared by the charts (gonum/plot) and the PDF
// (fpdf), so a report looks the same in every format.
//
// Chinese needs a single-face TrueType file that holds both Latin and CJK
// glyphs (DESIGN.md, field notes): LXGW WenKai from the Debian package
// fonts-lxgw-wenkai is found by default. Without it the Go fonts, embedded
// in the binary, draw Latin text only; [Face.CJK] says which one was found so
// that callers can refuse Chinese output rather than print empty boxes.
package font

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// Face is one typeface in two weights.
type Face struct {
	Name    string // the family name used to register it: "LXGW WenKai" or "Go"
	Regular []byte // TrueType bytes
	Bold    []byte // TrueType bytes; the regular bytes when there is no bold file
	CJK     bool   // the face has Chinese glyphs
	Path    string // the regular file it was read from; "" for the embedded Go fonts
}

// Default paths of LXGW WenKai as Debian's fonts-lxgw-wenkai installs it.
var wenkai = struct{ regular, bold string }{
	"/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
	"/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Bold.ttf",
}

// Go returns the embedded Go fonts (Latin, Greek and Cyrillic; no CJK).
func Go() Face {
	return Face{Name: "Go", Regular: goregular.TTF, Bold: gobold.TTF}
}

// Load returns the face to draw with. path names a TrueType (.ttf) file
// with Latin and CJK glyphs; "" looks for LXGW WenKai where Debian installs
// it and falls back to the Go fonts. A named file that cannot be read is an
// error, never a silent fallback.
func Load(path string) (Face, error) {
	if path != "" {
		reg, err := readTTF(path)
		if err != nil {
			return Face{}, err
		}
		return Face{Name: "Custom", Regular: reg, Bold: reg, CJK: true, Path: path}, nil
	}
	reg, err := os.ReadFile(wenkai.regular)
	if errors.Is(err, fs.ErrNotExist) {
		return Go(), nil
	}
	if err != nil {
		return Face{}, fmt.Errorf("font %s: %w", wenkai.regular, err)
	}
	bold, err := os.ReadFile(wenkai.bold)
	if err != nil {
		bold = reg
	}
	return Face{Name: "LXGW WenKai", Regular: reg, Bold: bold, CJK: true, Path: wenkai.regular}, nil
}

// readTTF reads a font file and checks that it is a single TrueType or
// OpenType face: collections (.ttc) fail in the PDF writer.
func readTTF(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", path, err)
	}
	if len(b) < 4 {
		return nil, fmt.Errorf("font %s: not a font file", path)
	}
	switch string(b[:4]) {
	case "\x00\x01\x00\x00", "true":
		return b, nil
	case "ttcf":
		return nil, fmt.Errorf("font %s: a font collection (.ttc); give a single-face .ttf such as LXGW WenKai (Debian: fonts-lxgw-wenkai)", path)
	case "OTTO":
		return nil, fmt.Errorf("font %s: a CFF OpenType font, which the PDF writer cannot embed; give a TrueType (.ttf) file", path)
	}
	return nil, fmt.Errorf("font %s: not a TrueType font file", path)
}
