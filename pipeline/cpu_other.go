//go:build !unix

package pipeline

import "math"

// cpuSeconds is not measured on this platform: NaN.
func cpuSeconds() float64 { return math.NaN() }
