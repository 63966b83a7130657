package project

import (
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"coo/ingest"
)

// Draft writes a project file mapping sources that ingest.Draft guessed
// from sample workbooks, with comments saying what was guessed and what to
// check, for a person to review. It parses with Parse. dir is the project
// folder: a source's files glob is in its samples' folder when they are all
// in one folder inside dir, and in inbox/NAME/ otherwise (with a comment
// saying where the samples are). Each measure gets a metric named
// SOURCE.MEASURE of kind flow, to be checked. The guessing is ingest's (it
// reads cells); the file's keys and comments are this package's, which
// reads them back.
func Draft(dir string, sources []ingest.DraftSource) []byte {
	var b strings.Builder
	var samples []string
	for _, d := range sources {
		for _, s := range d.Samples {
			samples = append(samples, path.Base(filepath.ToSlash(s)))
		}
	}
	fmt.Fprintf(&b, `# coo project file, drafted by coo init --from from %s.
# Every mapping below is a guess from those workbooks: read the comments, fix
# what is wrong (names are yours to choose), then see how a workbook reads:
#   coo inspect --project %s FILE
# README.md, "The project file", has every option; coo init without --from
# writes a commented example.
version: 1
language: en                    # report language: en | zh
fiscal_year_start: 1            # month the fiscal year starts (4 = April)

sources:
`, strings.Join(samples, ", "), yamlText(dir))
	for _, d := range sources {
		writeDraftSource(&b, dir, &d)
	}
	b.WriteString("\n# A metric is a named series of one measure. Check each kind: flow adds up\n# over months (revenue, hires), stock is a month-end level (headcount, stock on hand).\nmetrics:\n")
	for _, d := range sources {
		for _, m := range d.Source.Measures {
			fmt.Fprintf(&b, "  - {name: %s.%s, source: %s, measure: %s, kind: flow}\n", d.Source.Name, m.Name, d.Source.Name, m.Name)
		}
	}
	return []byte(b.String())
}

func writeDraftSource(b *strings.Builder, dir string, d *ingest.DraftSource) {
	s := &d.Source
	comment := func(indent string, notes []string) {
		for _, n := range notes {
			for _, line := range strings.Split(n, "\n") {
				fmt.Fprintf(b, "%s# %s\n", indent, oneLine(line))
			}
		}
	}
	var names []string
	for _, n := range d.Samples {
		names = append(names, path.Base(filepath.ToSlash(n)))
	}
	fmt.Fprintf(b, "  # drafted from %s\n", strings.Join(names, ", "))
	fmt.Fprintf(b, "  - name: %s\n", s.Name)
	folder, where := draftFolder(dir, s.Name, d.Samples)
	comment("    ", d.Notes["files"])
	if where != "" {
		comment("    ", []string{where})
	}
	fmt.Fprintf(b, "    files: %s\n", yamlText(folder+s.Files))
	if len(s.Sheets.Names) == 1 {
		comment("    ", d.Notes["sheet"])
		fmt.Fprintf(b, "    sheet: %s\n", yamlText(s.Sheets.Names[0]))
	} else {
		comment("    ", d.Notes["sheet"])
	}
	if s.Layout == ingest.Wide {
		comment("    ", d.Notes["layout"])
		b.WriteString("    layout: wide\n")
	}
	comment("    ", d.Notes["period"])
	switch p := s.Period; {
	case p.Column != nil:
		fmt.Fprintf(b, "    period: {column: %s}\n", yamlText(p.Column.Header))
	case p.Cell != "":
		fmt.Fprintf(b, "    period: {cell: %s}\n", p.Cell)
	case p.Label != "":
		fmt.Fprintf(b, "    period: {label: %s}\n", yamlText(p.Label))
	case p.Sheet:
		b.WriteString("    period: {sheet_name: true}\n")
	case p.FileName:
		b.WriteString("    period: {file_name: true}\n")
	}
	if len(s.Dimensions) > 0 {
		b.WriteString("    dimensions:                 # the row's labels (text columns)\n")
	}
	for _, c := range s.Dimensions {
		comment("      ", d.Notes["dimension "+c.Name])
		fmt.Fprintf(b, "      - {name: %s, column: %s}\n", c.Name, yamlText(c.Header))
	}
	b.WriteString("    measures:                   # the numbers\n")
	for _, m := range s.Measures {
		comment("      ", d.Notes["measure "+m.Name])
		fmt.Fprintf(b, "      - {name: %s", m.Name)
		if s.Layout == ingest.Wide {
			if m.Title != "" {
				fmt.Fprintf(b, ", label: %s", yamlText(m.Title))
			}
		} else {
			fmt.Fprintf(b, ", column: %s", yamlText(m.Header))
		}
		if m.Unit != "" {
			fmt.Fprintf(b, ", unit: %s", yamlText(m.Unit))
		}
		if m.Scale != 0 {
			fmt.Fprintf(b, ", scale: %s", strconv.FormatFloat(m.Scale, 'f', -1, 64))
		}
		b.WriteString("}\n")
	}
	if n := d.Notes["check"]; len(n) > 0 {
		b.WriteString("    # To check:\n")
		for _, x := range n {
			fmt.Fprintf(b, "    #   %s\n", oneLine(x))
		}
	}
}

// draftFolder is the folder of a source's files glob, with a slash, and a
// note when the samples are not there.
func draftFolder(dir, name string, samples []string) (string, string) {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		absDir = dir
	}
	folder := ""
	for i, s := range samples {
		abs, err := filepath.Abs(s)
		if err != nil {
			folder = ""
			break
		}
		rel, err := filepath.Rel(absDir, filepath.Dir(abs))
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
			folder = ""
			break
		}
		rel = filepath.ToSlash(rel)
		if i > 0 && rel != folder {
			folder = ""
			break
		}
		folder = rel
	}
	switch folder {
	case "":
		inbox := "inbox/" + name + "/"
		return inbox, fmt.Sprintf("the samples are outside the project folder, or in several folders: put the workbooks in %s (or change this glob)", inbox)
	case ".":
		return "", ""
	}
	return escapeFolder(folder) + "/", ""
}

// escapeFolder escapes the characters path.Match gives a meaning.
func escapeFolder(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[]\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// plainYAML is text that YAML reads as itself unquoted, in a flow mapping too.
var plainYAML = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_ ./-]*$`)

// yamlText writes s as a YAML scalar: plain when that is safe, otherwise
// double-quoted (Go's escapes are YAML's).
func yamlText(s string) string {
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "true", "false", "on", "off", "null":
		return strconv.Quote(s)
	}
	if plainYAML.MatchString(s) && !strings.HasSuffix(s, " ") && !strings.Contains(s, " #") {
		return s
	}
	return strconv.Quote(s)
}

// oneLine makes text safe in a comment.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029 {
			return ' '
		}
		return r
	}, s)
}
