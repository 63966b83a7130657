package forecast

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"
)

// FuzzAutoETS: whatever the series, AutoETS returns an error wrapping a
// sentinel or a model whose forecasts and intervals are finite. Values are
// int16 steps times a scale of 10^k (k from the first byte, -6..9), so that
// they span what business data hold; the optimiser budget is cut for speed.
func FuzzAutoETS(f *testing.F) {
	f.Add([]byte{3, 12, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8, 0})
	f.Add([]byte{0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{9, 1, 255, 127, 0, 128, 255, 127, 0, 128, 1, 0, 2, 0, 3, 0})
	seed := make([]byte, 2+2*40)
	seed[0], seed[1] = 5, 12
	for i := range 40 {
		binary.LittleEndian.PutUint16(seed[2+2*i:], uint16(100+10*(i%12)+i))
	}
	f.Add(seed)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 || len(data) > 2+2*80 {
			return
		}
		scale := math.Pow(10, float64(int(data[0])%16-6))
		m := []int{1, 4, 12}[int(data[1])%3]
		var y []float64
		for i := 2; i+1 < len(data); i += 2 {
			y = append(y, float64(int16(binary.LittleEndian.Uint16(data[i:])))*scale)
		}
		e, err := AutoETS(y, m, &ETSSettings{MaxEval: 300})
		if err != nil {
			for _, s := range []error{ErrTooShort, ErrNonPositive, ErrNaN, ErrNoModel} {
				if errors.Is(err, s) {
					return
				}
			}
			t.Fatalf("AutoETS(%v, %d): error %v wraps no sentinel", y, m, err)
		}
		fc := e.Forecast(24)
		for i := range fc.Mean {
			for _, v := range []float64{fc.Mean[i], fc.Lo80[i], fc.Hi80[i], fc.Lo95[i], fc.Hi95[i]} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("AutoETS(%v, %d) = %v: Forecast(24) step %d not finite: %v", y, m, e.Spec, i+1, v)
				}
			}
		}
	})
}
