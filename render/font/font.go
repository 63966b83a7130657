// Package font finds the typefaces every renderer draws with, shared by the
// charts (gonum/plot) and the PDF (fpdf), so a report looks the same in
// every format.
//
// A report is set in two faces. Latin text (and digits, punctuation,
// Greek, Cyrillic) is set in the Go fonts, a plain sans embedded in the
// binary, so it never depends on what is installed. Runs of Chinese (or
// other CJK) characters are set in a CJK face found on the machine:
// Droid Sans Fallback from the Debian package fonts-droid-fallback, a sans
// that pairs with the Go fonts, when it is installed, else LXGW WenKai from
// fonts-lxgw-wenkai. Without either, [Face.CJK] is false so that callers can
// refuse Chinese output rather than print empty boxes.
package font

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// Face is the pair of typefaces a report is drawn with, each in two
// weights: a Latin face for everything but CJK characters, and a CJK face
// for runs of them.
type Face struct {
	Name    string // both faces, for messages: "Go + LXGW WenKai", or "Go" alone
	Regular []byte // the Latin face's TrueType bytes
	Bold    []byte // the Latin face's bold; the regular bytes when there is none

	CJK        bool   // CJKRegular holds a face with Chinese glyphs
	CJKName    string // the CJK face's family name: "Droid Sans Fallback", "LXGW WenKai", "Custom"
	CJKRegular []byte // TrueType bytes; nil without a CJK face
	CJKBold    []byte // the regular bytes when the face has no bold file
	Path       string // the CJK face's regular file; "" without one
}

// cjkFile is a CJK face where a Debian package installs it.
type cjkFile struct{ name, regular, bold string }

// cjkFaces are the CJK faces Load looks for, best first.
var cjkFaces = []cjkFile{
	{"Droid Sans Fallback", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", ""}, // fonts-droid-fallback
	{"LXGW WenKai", // fonts-lxgw-wenkai
		"/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
		"/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Bold.ttf"},
}

// Go returns the embedded Go fonts alone (Latin, Greek and Cyrillic; no CJK).
func Go() Face {
	return Face{Name: "Go", Regular: goregular.TTF, Bold: gobold.TTF}
}

// WithCJK returns f with the CJK face name, regular and bold (nil bold
// uses the regular) added.
func (f Face) WithCJK(name, path string, regular, bold []byte) Face {
	if len(bold) == 0 {
		bold = regular
	}
	f.Name = f.Name + " + " + name
	f.CJK, f.CJKName, f.CJKRegular, f.CJKBold, f.Path = true, name, regular, bold, path
	return f
}

// Load returns the faces to draw with: the Go fonts for Latin text and a
// CJK face for CJK runs. path names a TrueType (.ttf) file with CJK glyphs;
// "" looks for Droid Sans Fallback, then LXGW WenKai, where Debian installs
// them, and gives the Go fonts alone when neither is there. A named file
// that cannot be read is an error, never a silent fallback.
func Load(path string) (Face, error) {
	if path != "" {
		reg, err := readTTF(path)
		if err != nil {
			return Face{}, err
		}
		return Go().WithCJK("Custom", path, reg, nil), nil
	}
	for _, c := range cjkFaces {
		reg, err := os.ReadFile(c.regular)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return Face{}, fmt.Errorf("font %s: %w", c.regular, err)
		}
		var bold []byte
		if c.bold != "" {
			bold, _ = os.ReadFile(c.bold) // no bold file: the regular
		}
		return Go().WithCJK(c.name, c.regular, reg, bold), nil
	}
	return Go(), nil
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
