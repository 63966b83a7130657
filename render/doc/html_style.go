package doc

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tocEntry is one line of the HTML table of contents.
type tocEntry struct {
	Level    int // 1 or 2
	ID, Text string
}

// contentsWord is the title of the table of contents.
func contentsWord(lang string) string {
	if wordsFor(lang) == chinese {
		return "目录"
	}
	return "Contents"
}

// headingIDs returns the anchor of each heading of blocks by index: its
// own ID, or for a level 1 or 2 heading without one "sec-N", N its index
// plus one (skipping IDs the document uses). Other blocks get "".
func headingIDs(blocks []Block) []string {
	used := map[string]bool{}
	for _, b := range blocks {
		if h, ok := plain(b).(Heading); ok && h.ID != "" {
			used[h.ID] = true
		}
	}
	ids := make([]string, len(blocks))
	for i, b := range blocks {
		h, ok := plain(b).(Heading)
		switch {
		case !ok:
		case h.ID != "":
			ids[i] = h.ID
		case h.Level <= 2:
			id := fmt.Sprintf("sec-%d", i+1)
			for used[id] {
				id += "-"
			}
			used[id] = true
			ids[i] = id
		}
	}
	return ids
}

// dropLeadIn removes from caption a lead-in that repeats heading, the
// heading the figure sits under: "Revenue: history and forecast" under
// "Revenue" becomes "History and forecast". Other captions are kept.
func dropLeadIn(caption, heading string) string {
	if heading == "" {
		return caption
	}
	for _, sep := range []string{": ", "："} {
		rest, ok := strings.CutPrefix(caption, heading+sep)
		if !ok || strings.TrimSpace(rest) == "" {
			continue
		}
		r, n := utf8.DecodeRuneInString(rest)
		return string(unicode.ToUpper(r)) + rest[n:]
	}
	return caption
}

// htmlCSS is the page's style sheet: light and dark colours as custom
// properties, a phone layout under 640 px, and print on A4.
const htmlCSS = `
:root {
  --ink: #1c2433; --muted: #5d6778; --line: #dde2ea; --soft: #f6f8fb; --accent: #1f3b63;
  --page: #eef1f5; --paper: #fff; --head: #e9eef5; --head-line: #c8d2e0;
  --good: #117a45; --good-bg: #ecf7f0; --good-line: #b9e0c8;
  --warn: #9a5b00; --warn-bg: #fff6e5; --warn-line: #f1d7a6; --warn-mark: #c98a00;
  --bad: #b42318; --bad-bg: #fdeeec; --bad-line: #f3c2bc;
  --info: #38557f; --info-bg: #eef3fa; --info-line: #cdd8e8;
}
@media (prefers-color-scheme: dark) {
  :root {
    --ink: #dfe5ee; --muted: #9ba7b9; --line: #2f3a49; --soft: #1a212c; --accent: #9dbdf0;
    --page: #0d1117; --paper: #141a23; --head: #1e2734; --head-line: #3a4658;
    --good: #5cc98f; --good-bg: #12271d; --good-line: #24533b;
    --warn: #e8b04f; --warn-bg: #2a2212; --warn-line: #5c4a1f; --warn-mark: #c98a00;
    --bad: #f58a7e; --bad-bg: #2e1816; --bad-line: #63302b;
    --info: #86a8dc; --info-bg: #161f2c; --info-line: #2f4261;
  }
  /* Charts keep their light colours, on a light card. */
  figure .chart { background: #f3f5f8; border-radius: 8px; padding: 6px; }
  figure .chart svg, figure .chart img { border-radius: 4px; }
  .notice .badge { color: #0d1117; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--page); color: var(--ink);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans",
    "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
}
main { max-width: 980px; margin: 0 auto; padding: 32px 36px 40px; background: var(--paper); min-height: 100vh; }
a { color: var(--accent); }
header.doc { border-bottom: 3px solid var(--accent); padding-bottom: 14px; margin-bottom: 8px; }
header.doc h1 { font-size: 1.85em; line-height: 1.25; margin: 0 0 6px; color: var(--accent); letter-spacing: -.01em; }
header.doc .sub { margin: 0; font-size: 1.05em; color: var(--ink); }
header.doc .date { margin: 6px 0 0; font-size: .85em; color: var(--muted); }
.toc { margin: 16px 0 8px; padding: 10px 16px 8px; border: 1px solid var(--line); border-radius: 6px; background: var(--soft); }
.toc summary { cursor: pointer; font-weight: 650; color: var(--accent); }
.toc ol { margin: 8px 0 4px; padding: 0; list-style: none; columns: 2 260px; column-gap: 28px; }
.toc li { margin: 0 0 3px; break-inside: avoid; font-size: .93em; }
.toc li.l1 { font-weight: 600; margin-top: 5px; }
.toc li.l2 { padding-left: 1.1em; font-size: .88em; }
.toc a { text-decoration: none; }
.toc a:hover, .toc a:focus { text-decoration: underline; }
h2, h3, h4 { color: var(--accent); line-height: 1.3; break-after: avoid; page-break-after: avoid; scroll-margin-top: 12px; }
h2 { font-size: 1.35em; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.12em; margin: 26px 0 10px; }
h4 { font-size: 1em; margin: 20px 0 8px; color: var(--ink); }
p { margin: 0 0 12px; white-space: pre-line; overflow-wrap: anywhere; }
ul.list { margin: 0 0 14px; padding-left: 1.3em; }
ul.list li { margin: 3px 0; overflow-wrap: anywhere; }
.mark { display: inline-block; margin-right: .3em; font-weight: 700; font-size: .9em; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.good { color: var(--good); } .warn { color: var(--warn); } .bad { color: var(--bad); }
.notice { display: flex; gap: 12px; margin: 14px 0 18px; padding: 12px 16px; border: 1px solid var(--info-line);
  border-left: 5px solid var(--info); border-radius: 6px; background: var(--info-bg); break-inside: avoid; page-break-inside: avoid; }
.notice .badge { flex: none; width: 1.6em; height: 1.6em; line-height: 1.6em; border-radius: 50%; text-align: center;
  font-weight: 700; color: #fff; background: var(--info); font-size: .9em; margin-top: 1px; }
.notice.warn .badge { border-radius: 3px; }
.notice.bad .badge { border-radius: 2px; }
.notice .body { min-width: 0; }
.notice .title { font-weight: 650; margin: 0 0 4px; white-space: normal; }
.notice p { margin: 0 0 4px; color: var(--ink); }
.notice.good { border-color: var(--good-line); border-left-color: var(--good); background: var(--good-bg); } .notice.good .badge { background: var(--good); }
.notice.warn { border-color: var(--warn-line); border-left-color: var(--warn-mark); background: var(--warn-bg); } .notice.warn .badge { background: var(--warn-mark); }
.notice.bad { border-color: var(--bad-line); border-left-color: var(--bad); background: var(--bad-bg); } .notice.bad .badge { background: var(--bad); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 12px; margin: 14px 0 20px; }
.cards.n1 { grid-template-columns: minmax(0, 320px); }
.cards.n2, .cards.n4 { grid-template-columns: repeat(2, minmax(0, 1fr)); }
.cards.n3, .cards.n6 { grid-template-columns: repeat(3, minmax(0, 1fr)); }
.cards.n4 { grid-template-columns: repeat(4, minmax(0, 1fr)); }
.cards.n5 { grid-template-columns: repeat(5, minmax(0, 1fr)); gap: 10px; }
.cards.n5 .card { padding: 11px 12px 9px; }
.cards.n5 .card .value { font-size: 1.25em; }
.card { border: 1px solid var(--line); border-top: 3px solid var(--accent); border-radius: 6px; padding: 12px 14px 10px;
  background: var(--soft); break-inside: avoid; page-break-inside: avoid; min-width: 0; }
.card .label { font-size: .82em; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; overflow-wrap: anywhere; }
.card .value { font-size: 1.55em; font-weight: 700; line-height: 1.25; margin: 2px 0 4px; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.card .line { font-size: .88em; color: var(--muted); margin: 0; white-space: normal; }
.card .line.good { color: var(--good); } .card .line.warn { color: var(--warn); } .card .line.bad { color: var(--bad); }
.card .line.good, .card .line.warn, .card .line.bad { font-weight: 600; }
.tbl { margin: 14px 0 22px; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; border: 1px solid var(--line); border-radius: 6px; max-width: 100%; }
table { border-collapse: collapse; width: 100%; font-size: .92em; font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; font-weight: 650; padding: 8px 10px 7px; color: var(--ink); }
th, td { padding: 7px 10px; text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); }
thead th { background: var(--head); color: var(--accent); font-weight: 650; font-size: .9em; border-bottom: 2px solid var(--head-line); }
thead th button { font: inherit; color: inherit; background: none; border: 0; padding: 0; margin: 0; cursor: pointer; text-align: inherit; }
thead th button::after { content: "\2195"; margin-left: .3em; opacity: .35; font-weight: 400; }
thead th[aria-sort=ascending] button::after { content: "\2191"; opacity: .9; }
thead th[aria-sort=descending] button::after { content: "\2193"; opacity: .9; }
tbody td { background: var(--paper); }
tbody tr:nth-child(even) td { background: var(--soft); }
tbody tr:last-child td { border-bottom: none; }
th.num, td.num { text-align: right; white-space: nowrap; }
td.num.brk { white-space: normal; }
.nw { white-space: nowrap; }
td.b { font-weight: 700; }
td.good, td.warn, td.bad { font-weight: 600; }
.notes { margin: 6px 0 0; padding: 0; list-style: none; font-size: .82em; color: var(--muted); }
.notes li { margin: 2px 0; }
figure { margin: 18px 0 24px; break-inside: avoid; page-break-inside: avoid; }
figure svg, figure img { display: block; width: 100%; height: auto; max-width: 100%; }
figure svg.narrow { display: none; }
figure .hits rect:hover { fill-opacity: .07; }
figcaption { margin: 0 0 6px; font-size: .95em; font-weight: 600; color: var(--ink); }
footer.doc { margin-top: 36px; padding-top: 10px; border-top: 1px solid var(--line); font-size: .82em; color: var(--muted); }
@media (max-width: 860px) {
  .cards.n4 { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .cards.n5 { grid-template-columns: repeat(6, minmax(0, 1fr)); }
  .cards.n5 .card { grid-column: span 2; }
  .cards.n5 .card:nth-child(n+4) { grid-column: span 3; }
}
@media (max-width: 640px) {
  body { font-size: 14.5px; background: var(--paper); }
  main { padding: 18px 14px 28px; }
  header.doc h1 { font-size: 1.5em; }
  h2 { font-size: 1.2em; margin-top: 28px; }
  .cards, .cards.n3, .cards.n4, .cards.n5, .cards.n6 { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; }
  .cards .card, .cards.n5 .card, .cards.n5 .card:nth-child(n+4) { grid-column: auto; padding: 10px 11px 8px; }
  .cards .card:last-child:nth-child(odd) { grid-column: 1 / -1; }
  .card .value, .cards.n5 .card .value { font-size: 1.3em; }
  table { font-size: .88em; }
  th, td { padding: 6px 8px; }
  td:not(.num) { min-width: 7.5em; }
  tbody td:first-child, thead th:first-child { position: sticky; left: 0; z-index: 1; box-shadow: 1px 0 0 var(--line); }
  .notice { padding: 10px 12px; gap: 10px; }
  .toc ol { columns: 1; }
  /* A table too wide for the phone shows each row as a block: its first
     cell as the title, then each column's header and value on a line. */
  table.stack, table.stack caption, table.stack tbody, table.stack tr, table.stack td { display: block; }
  table.stack thead { display: none; }
  table.stack tr { padding: 6px 0; border-bottom: 1px solid var(--line); }
  table.stack tbody tr:last-child { border-bottom: none; }
  table.stack tbody tr:nth-child(even) { background: var(--soft); }
  table.stack tbody td, table.stack tbody tr:nth-child(even) td { background: none; border: none; padding: 2px 10px;
    min-width: 0; position: static; box-shadow: none; text-align: right; white-space: normal; overflow-wrap: anywhere; }
  table.stack td[data-label]::before { content: attr(data-label); float: left; margin-right: 12px; max-width: 60%;
    text-align: left; color: var(--muted); font-weight: 400; }
  table.stack tbody tr:nth-child(n) td:first-child { text-align: left; font-weight: 650; padding-top: 4px; }
  table.stack tbody td:first-child::before { content: none; }
  table.stack td:empty { display: none; }
  figure svg.wide { display: none; }
  figure svg.narrow { display: block; }
  figcaption { font-size: .9em; }
}
@media print {
  @page { size: A4; margin: 16mm 14mm 18mm; }
  body { background: #fff; font-size: 10pt; }
  main { max-width: none; padding: 0; min-height: 0; }
  .toc { display: none; }
  .scroll { overflow: visible; border: none; }
  table { font-size: 9pt; }
  thead { display: table-header-group; }
  thead th button::after { content: none; }
  tr, .card, .notice, figure { break-inside: avoid; page-break-inside: avoid; }
  .cards, .cards.n5 { grid-template-columns: repeat(5, 1fr); }
  figure svg.wide { display: block; } figure svg.narrow { display: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`

// htmlScript sorts a table by the column whose header is clicked: columns
// of figures (class "num") by value, reading "1.2 M", "-3.4%", "12,684
// units", "3,185.7 万" and "+18.3% (+12.4% – +24.3%)" by their first number
// with its scale, with "n/a" and empty cells last either way; other
// columns as text, digits by value. It also folds the table of contents on
// a phone. Without it the page is complete.
const htmlScript = `
(function () {
  "use strict";
  var toc = document.querySelector("details.toc");
  if (toc && window.matchMedia && window.matchMedia("(max-width: 640px)").matches) { toc.open = false; }
  var scales = { k: 1e3, K: 1e3, M: 1e6, B: 1e9, T: 1e12, "\u4e07": 1e4, "\u4ebf": 1e8 };
  var numberAt = /^([+-]?)([0-9]*\.?[0-9]+)(?:[eE]([+-]?[0-9]+))?([kKMBT\u4e07\u4ebf]?)/;
  function text(cell) {
    var s = "";
    for (var n = cell.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3) { s += n.nodeValue; }
      else if (n.className === "nw") { s += n.textContent; }
    }
    return s.trim();
  }
  function number(s) {
    s = s.replace(/[\u2212\u2012\u2013\u2014]/g, "-").replace(/[\s,\u00a0\u202f]/g, "");
    var m = numberAt.exec(s);
    if (!m) { return null; }
    var v = parseFloat(m[2] + (m[3] ? "e" + m[3] : ""));
    if (m[4]) { v *= scales[m[4]]; }
    return m[1] === "-" ? -v : v;
  }
  var collator = window.Intl ? new Intl.Collator(document.documentElement.lang || undefined, { numeric: true }) : null;
  function compareText(a, b) { return collator ? collator.compare(a, b) : (a < b ? -1 : a > b ? 1 : 0); }
  function sortBy(table, col, th) {
    var body = table.tBodies[0];
    var numeric = th.classList.contains("num");
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) { heads[i].removeAttribute("aria-sort"); }
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    var rows = [];
    for (var r = 0; r < body.rows.length; r++) {
      var cell = body.rows[r].cells[col];
      var s = cell ? text(cell) : "";
      rows.push({ row: body.rows[r], at: r, s: s, v: numeric ? number(s) : (s === "" ? null : s) });
    }
    rows.sort(function (a, b) {
      if (a.v === null || b.v === null) {
        return a.v === b.v ? a.at - b.at : (a.v === null ? 1 : -1);
      }
      var c = numeric ? a.v - b.v : compareText(a.v, b.v);
      return c === 0 ? a.at - b.at : dir * c;
    });
    for (var k = 0; k < rows.length; k++) { body.appendChild(rows[k].row); }
  }
  var tables = document.querySelectorAll("table");
  for (var t = 0; t < tables.length; t++) {
    var table = tables[t];
    if (!table.tHead || !table.tBodies[0] || table.tBodies[0].rows.length < 2) { continue; }
    var heads = table.tHead.rows[0].cells;
    for (var h = 0; h < heads.length; h++) {
      var th = heads[h];
      var b = document.createElement("button");
      b.type = "button";
      while (th.firstChild) { b.appendChild(th.firstChild); }
      th.appendChild(b);
      b.addEventListener("click", sortBy.bind(null, table, h, th));
    }
  }
})();
`

// glueUnits joins a number to the unit or scale after it with a no-break
// space, so that a browser never ends a line between them: "366 people",
// "3.42 亿元", "342.17 M CNY" (a currency after a scale too). Other
// spaces, and the dash of a range, may still end a line.
func glueUnits(s string) string {
	if !strings.Contains(s, " ") {
		return s
	}
	words := strings.Split(s, " ")
	var b strings.Builder
	b.Grow(len(s) + 8)
	glued := false // the word before the space is a unit glued to its number
	for i, w := range words {
		if i > 0 {
			prev := words[i-1]
			if (isNumber(prev) || glued) && htmlUnit(w) && w != "" {
				b.WriteRune('\u00a0')
				glued = true
			} else {
				b.WriteByte(' ')
				glued = false
			}
		}
		b.WriteString(w)
	}
	return b.String()
}

// htmlUnit reports a unit or scale glueUnits keeps with its number: a
// unit word ("people", "units"), Chinese unit characters ("万", "亿元"),
// or up to three capitals ("M", "K", "CNY"), closing punctuation after it
// allowed.
func htmlUnit(w string) bool {
	w = strings.TrimRightFunc(w, isClosing)
	switch {
	case w == "":
		return false
	case unitWords[w]:
		return true
	case strings.IndexFunc(w, func(r rune) bool { return !isUnitHan(r) }) < 0:
		return true
	case utf8.RuneCountInString(w) <= 3:
		return strings.IndexFunc(w, func(r rune) bool { return r < 'A' || r > 'Z' }) < 0
	}
	return false
}
