// Package l10n is the catalogue of coo's fixed words: every heading, label,
// note and sentence pattern of every output, in each language a report can
// be written in (English "en" and Simplified Chinese "zh").
//
// Each entry holds its languages side by side, so a missing translation is
// visible where the word is written:
//
//	"report.title": {
//		EN: "Monthly business situation analysis and outlook",
//		ZH: "月度经营情况分析及展望报告",
//	},
//
// Keys are namespaced by the output that uses them:
//
//   - report.    the monthly report (render/monthly.go)
//   - study.     the study report (render/study.go)
//   - narrative. the monthly report's highlights and risks (analysis/narrative.go)
//   - studytext. a study's answer, verdict and baseline (analysis/studytext.go)
//   - chart.     the charts' legend and "No data"; the name after the dot
//     is the English word package chart draws, so [Table]("chart", lang) is
//     a chart.Words as it stands
//
// Consumers take one namespace as a map with [Table] and keep their own
// lookups (t["title"]), or look up one key with [T].
//
// # Formats
//
// Many entries are fmt formats. The arguments are the same in every
// language, in the same order, with the same kind of verb. A language may
// leave an argument out or reorder them only with explicit indexes
// (%[2]s), since then fmt reports no extra argument.
//
// # Checks
//
// The tests check that every entry has every language, non-empty; that the
// verbs of each format agree across languages; and, by reading the source
// of render and analysis, that every key the code looks up exists and
// every entry is used.
//
// Package l10n holds data only: it imports nothing but the standard
// library, does no I/O and reads no locale from the environment; the
// language is always an argument.
package l10n
