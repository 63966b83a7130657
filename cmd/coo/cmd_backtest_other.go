//go:build !unix

package main

import "math"

// cpuSeconds is not measured on this platform: the table shows "–".
func cpuSeconds() float64 { return math.NaN() }
