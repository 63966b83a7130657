package l10n

import "strings"

// Text is one fixed word or sentence in each language the catalogue holds.
type Text struct {
	EN string // English, the fallback for a language the catalogue lacks
	ZH string // Simplified Chinese
}

// in returns t in lang, English for a language the catalogue does not hold.
func (t Text) in(lang string) string {
	if lang == "zh" {
		return t.ZH
	}
	return t.EN
}

// Supported reports whether the catalogue holds lang: "en" or "zh".
func Supported(lang string) bool { return lang == "en" || lang == "zh" }

// T returns the text of key, namespace included ("report.title"), in lang.
// A lang the catalogue does not hold ("", "fr") gives English.
//
// T panics if the catalogue has no key: keys are fixed in the code, and the
// package's tests check that every key the code looks up exists.
func T(lang, key string) string {
	t, ok := catalog[key]
	if !ok {
		panic("l10n: no text " + key)
	}
	return t.in(lang)
}

// Table returns the texts of namespace ns ("report") in lang, keyed by
// the name after the namespace ("title" for "report.title"). A lang the
// catalogue does not hold gives English. The map is new at each call, and
// the caller may keep or modify it.
//
// Table panics if no key is in ns.
func Table(ns, lang string) map[string]string {
	m := map[string]string{}
	for k, t := range catalog {
		if name, ok := strings.CutPrefix(k, ns+"."); ok {
			m[name] = t.in(lang)
		}
	}
	if len(m) == 0 {
		panic("l10n: no namespace " + ns)
	}
	return m
}
