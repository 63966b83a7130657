package chart

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// A chart draws its values to scale within a range set by the bulk of
// them; a value far outside it (a unit slip, a forecast that ran away, a
// value beyond ±maxAbs) is drawn at the edge of the range and named in
// Picture.Clipped, so that one bad value can neither fail a report nor
// squash every other value of the chart into a flat line.

// clipFence is how many interquartile ranges beyond the quartiles of the
// chart's core values (its actuals, forecast means and budgets) a value may
// lie and still be drawn to scale.
const clipFence = 10

// clipper clips values to [lo, hi] and remembers what it clipped.
type clipper struct {
	lo, hi float64
	notes  []string
}

// newClipper sets the range from the core values: the quartiles of the
// finite values within ±maxAbs, widened by clipFence interquartile ranges
// (at least a tenth of the largest magnitude, so that a flat series keeps
// some room).
func newClipper(core ...[]float64) *clipper {
	var vs []float64
	for _, c := range core {
		for _, v := range c {
			if finite(v) && math.Abs(v) <= maxAbs {
				vs = append(vs, v)
			}
		}
	}
	c := &clipper{lo: -maxAbs, hi: maxAbs}
	if len(vs) < 4 {
		return c
	}
	slices.Sort(vs)
	q := func(p float64) float64 {
		x := p * float64(len(vs)-1)
		i := int(x)
		if i+1 >= len(vs) {
			return vs[len(vs)-1]
		}
		return vs[i] + (x-float64(i))*(vs[i+1]-vs[i])
	}
	q1, q3 := q(0.25), q(0.75)
	width := math.Max(q3-q1, 0.1*math.Max(math.Abs(q1), math.Abs(q3)))
	if width == 0 {
		return c // all zero: nothing can be far from it but ±maxAbs
	}
	c.lo = math.Max(-maxAbs, q1-clipFence*width)
	c.hi = math.Min(maxAbs, q3+clipFence*width)
	return c
}

// apply returns vs with every finite value outside the range set to its
// edge (a copy, when any is), noting each as "name label = value". label
// names index i.
func (c *clipper) apply(name string, vs []float64, label func(i int) string) []float64 {
	var out []float64
	for i, v := range vs {
		if !finite(v) || (v >= c.lo && v <= c.hi) {
			continue
		}
		if out == nil {
			out = slices.Clone(vs)
		}
		out[i] = math.Max(c.lo, math.Min(c.hi, v))
		c.notes = append(c.notes, strings.TrimSpace(name+" "+label(i))+" = "+strconv.FormatFloat(v, 'g', 6, 64))
	}
	if out == nil {
		return vs
	}
	return out
}

// note is the sentence a Picture carries for what was clipped, or nil.
func (c *clipper) note() []string {
	const most = 5
	switch n := len(c.notes); {
	case n == 0:
		return nil
	case n > most:
		return []string{fmt.Sprintf("Not to scale, far outside the chart's range and drawn at its edge: %s and %d more.", strings.Join(c.notes[:most], "; "), n-most)}
	}
	return []string{"Not to scale, far outside the chart's range and drawn at its edge: " + strings.Join(c.notes, "; ") + "."}
}

// noting puts the clipping notes on a drawn picture.
func noting(notes []string) func(Picture, error) (Picture, error) {
	return func(p Picture, err error) (Picture, error) {
		if err == nil {
			p.Clipped = notes
		}
		return p, err
	}
}
