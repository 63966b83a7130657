package warehouse

import "coo"

// validText is coo.ValidUTF8.
func validText(s string) string { return coo.ValidUTF8(s) }

// valid returns f with its texts made valid (validText), as stored and
// looked up.
func (f File) valid() File {
	f.Source, f.Name, f.SHA256, f.Mapping = validText(f.Source), validText(f.Name), validText(f.SHA256), validText(f.Mapping)
	return f
}
