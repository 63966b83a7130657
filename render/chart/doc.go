// Package chart draws the charts of the monthly business report with
// gonum/plot: a history line with a forecast fan, grouped bars, a variance
// bridge, small multiples and plain lines (a regression's actual against
// fitted values, its residuals). Each chart comes back as a [Picture], the same
// drawing as SVG (text as text, for HTML) and as PNG (for PDF and Markdown).
//
// The package takes plain numbers and strings: the caller maps its report
// model onto [Fan], [Bars], [Bridge], [Multiples] and [Lines]. It knows nothing of
// the warehouse, workbooks or the report model, and does no I/O.
//
// # Conventions
//
//   - Periods are in time order, oldest first, one label per period
//     ("2026-10"). Labels of the form YYYY-MM get calendar-aligned ticks
//     (every quarter, half year or year, as space allows).
//   - A missing value is NaN (±Inf counts as missing too): a line splits
//     there and a bar is left out. Nothing non-finite reaches the plotter.
//     A finite value beyond ±1e15 is an error.
//   - A chart with no finite value at all is not an error: it is drawn with
//     its title and the words "No data", and [Picture.NoData] is set.
//   - Slices of the wrong length are errors naming the field.
//   - Percent values are fractions (0.12 is drawn as 12%) when the chart's
//     Percent field is set; other values are shown in the scale of the
//     tables (coo/internal/numfmt; [Renderer.WithLang]): 850, 150 K, 1.2 M,
//     4,000 万, and a count (the chart's Unit) as a whole number.
//   - Text from workbooks is cleaned of control characters and invalid
//     UTF-8, cut to a readable length, and XML-escaped in SVG.
//   - Sizes are fixed (in points, 1/72 inch), the palette is colour-blind
//     safe (Okabe–Ito), and PNGs are 200 dpi. The same input gives
//     byte-identical SVG and PNG.
//   - Arguments are read, never kept or modified.
package chart
