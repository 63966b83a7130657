package demo

import (
	"math"
	"math/rand/v2"

	"coo"
)

// Params are the true parameters of the generating model. doc.go explains how
// each one enters; slices run parallel to the name lists (Regions,
// ProductLines, ...). Months of the year are indexed 0 (January) .. 11.
// Generate fills PreSampleSpend, which is drawn rather than chosen.
type Params struct {
	Seed        int64
	First, Last coo.Period // 2023-04 .. 2026-10
	FiscalStart int        // 4: the fiscal year starts in April

	Regions      []string // North, East, South, West
	ProductLines []string // Home, Office, Commercial
	Channels     []string // Online, Events, Print, Partners
	Teams        []string // Platform, Mobile, Data
	CostLines    []string // Payroll, Marketing, Rent, IT, Travel, Logistics
	OrgUnits     []string // Sales, Marketing, R&D, Finance, Operations

	// Marketing.
	SpendBase      []float64   // CNY a month per channel at 2023-04, before seasonality
	SpendGrowth    []float64   // annual growth per channel
	SpendSeason    [12]float64 // by calendar month; sums to 12
	SpendNoise     float64     // sigma of the log-normal noise
	SpendSpike     float64     // multiplier on Events spend in SpendSpikeAt
	SpendSpikeAt   coo.Period
	CostPerLead    []float64 // CNY per lead per channel
	LeadsNoise     float64
	PreSampleSpend float64 // total marketing spend of 2023-03 (drawn, not written), which drives 2023-04 units

	// Sales.
	RegionBase          []float64   // units a month per region at 2023-04, before seasonality
	ProductMix          []float64   // share of each product line in a region's units
	RegionGrowth        []float64   // annual volume growth factor per region (1.05 = +5%)
	ProductGrowth       []float64   // annual volume growth factor per product line
	Season              [12]float64 // units seasonality by calendar month; sums to 12
	Elasticity          float64     // units respond to last month's total marketing spend M: (M/SpendRef)^Elasticity
	SpendRef            float64     // CNY
	UnitsNoise          float64
	ListPrice           []float64 // CNY per unit per product line before the price rise
	PriceRise           float64   // 0.06: list prices x1.06 from PriceRiseFrom
	PriceRiseFrom       coo.Period
	DiscountBase        []float64 // per product line
	DiscountRegion      []float64 // added per region
	DiscountPeak        float64   // added in November and December
	DiscountNoise       float64   // sigma of the additive normal noise, before rounding to 0.001
	AdjustmentProb      float64   // chance that a row has a credit note
	AdjustmentMin       float64   // a credit note is -U(min,max) of the row's revenue, whole CNY
	AdjustmentMax       float64
	ShockRegion         string // East
	ShockAt             coo.Period
	ShockFactor         float64 // 0.65: units x0.65
	OneOffRegion        string  // North
	OneOffProduct       string  // Commercial
	OneOffAt            coo.Period
	OneOffUnits         float64         // added units
	RevenueBudgetFY24   []float64       // annual revenue budget per region for FY2024, CNY
	RevenueBudgetGrowth map[int]float64 // by fiscal year, over the previous fiscal year's revenue

	// Sales representatives.
	Reps          []Rep
	RepNoise      float64 // sigma of the log-normal noise on a rep's revenue share
	ComplaintAt   coo.Period
	ComplaintRep  string
	ComplaintRate float64 // the rep's complaint rate from ComplaintAt

	// HR.
	HeadcountStart  []float64 // headcount at the end of 2023-03
	Attrition       []float64 // annual leaver rate per unit
	AttritionPeak   float64   // leaver and replacement rate multiplier in February and March
	HeadcountGrowth []float64 // annual net growth target per unit
	HireFreeze      float64   // hires multiplier in February
	TrainingPerHead []float64 // hours a month per head
	TrainingSeason  [12]float64
	TrainingNoise   float64

	// R&D.
	TasksBase       []float64 // planned tasks a month per team at R&D headcount of 2023-03
	TasksSeason     [12]float64
	TasksNoise      float64
	Completion      []float64 // done / planned per team
	CompletionNoise float64
	DefectRate      []float64 // defects per done task per team
	ReorgTeam       string
	ReorgAt         coo.Period
	ReorgDefectRate float64

	// Finance.
	PayPerHead       []float64 // CNY a month per head per unit in FY2024
	PayRaise         float64   // each April, from FY2025
	PayJanuary       float64   // January payroll multiplier (the 13th-month salary)
	RentBase         float64
	RentEscalation   float64 // each April, from FY2025
	RentStep         float64 // added from RentStepAt (the new office)
	RentStepAt       coo.Period
	ITBase           float64
	ITGrowth         float64
	ITApril          float64 // April multiplier (licence renewals)
	ITNoise          float64
	TravelBase       float64
	TravelGrowth     float64
	TravelNoise      float64
	LogisticsRate    []float64 // CNY per unit shipped per product line
	CostBudgetFY24   []float64 // annual budget per cost line for FY2024
	CostBudgetGrowth []float64 // per cost line, over the previous fiscal year's actual
}

// Rep is a sales representative.
type Rep struct {
	Name          string
	Region        string
	Share         float64    // share of the region's revenue and quota
	ShareLater    float64    // share from the month a rep with From set joins (West, 2025-07); 0 = unchanged
	From          coo.Period // first month on the team (zero: from the start)
	NewCustRate   float64    // mean new customers a month
	ComplaintRate float64    // mean complaints a month
}

func defaultParams(seed int64) Params {
	p := Params{
		Seed:        seed,
		First:       coo.NewPeriod(2023, 4),
		Last:        coo.NewPeriod(2026, 10),
		FiscalStart: 4,

		Regions:      []string{"North", "East", "South", "West"},
		ProductLines: []string{"Home", "Office", "Commercial"},
		Channels:     []string{"Online", "Events", "Print", "Partners"},
		Teams:        []string{"Platform", "Mobile", "Data"},
		CostLines:    []string{"Payroll", "Marketing", "Rent", "IT", "Travel", "Logistics"},
		OrgUnits:     []string{"Sales", "Marketing", "R&D", "Finance", "Operations"},

		SpendBase:    []float64{420000, 180000, 90000, 150000},
		SpendGrowth:  []float64{0.12, 0.05, -0.08, 0.08},
		SpendSeason:  [12]float64{0.80, 0.70, 0.95, 1.00, 1.05, 1.15, 0.90, 0.90, 1.05, 1.20, 1.30, 1.00},
		SpendNoise:   0.10,
		SpendSpike:   3.2,
		SpendSpikeAt: coo.NewPeriod(2026, 9),
		CostPerLead:  []float64{180, 450, 600, 300},
		LeadsNoise:   0.08,

		RegionBase:          []float64{1800, 2400, 2000, 1100},
		ProductMix:          []float64{0.60, 0.28, 0.12},
		RegionGrowth:        []float64{1.02, 1.05, 1.04, 1.08},
		ProductGrowth:       []float64{1.04, 1.07, 1.10},
		Season:              [12]float64{0.88, 0.72, 0.95, 0.98, 1.02, 1.05, 0.97, 0.96, 1.00, 1.04, 1.22, 1.21},
		Elasticity:          0.25,
		SpendRef:            840000,
		UnitsNoise:          0.04,
		ListPrice:           []float64{1280, 2450, 8900},
		PriceRise:           0.06,
		PriceRiseFrom:       coo.NewPeriod(2025, 4),
		DiscountBase:        []float64{0.060, 0.080, 0.120},
		DiscountRegion:      []float64{0, 0.010, 0.005, 0.020},
		DiscountPeak:        0.020,
		DiscountNoise:       0.004,
		AdjustmentProb:      0.2,
		AdjustmentMin:       0.002,
		AdjustmentMax:       0.010,
		ShockRegion:         "East",
		ShockAt:             coo.NewPeriod(2025, 8),
		ShockFactor:         0.65,
		OneOffRegion:        "North",
		OneOffProduct:       "Commercial",
		OneOffAt:            coo.NewPeriod(2026, 3),
		OneOffUnits:         420,
		RevenueBudgetFY24:   []float64{51000000, 71000000, 57000000, 31000000},
		RevenueBudgetGrowth: map[int]float64{2025: 0.12, 2026: 0.18, 2027: 0.12},

		Reps: []Rep{
			{Name: "Zhang Wei", Region: "North", Share: 0.40, NewCustRate: 5, ComplaintRate: 0.4},
			{Name: "Li Na", Region: "North", Share: 0.35, NewCustRate: 4, ComplaintRate: 0.3},
			{Name: "Wang Fang", Region: "North", Share: 0.25, NewCustRate: 3, ComplaintRate: 0.6},
			{Name: "Liu Yang", Region: "East", Share: 0.38, NewCustRate: 6, ComplaintRate: 0.5},
			{Name: "Chen Jing", Region: "East", Share: 0.34, NewCustRate: 5, ComplaintRate: 0.3},
			{Name: "Sun Hao", Region: "East", Share: 0.28, NewCustRate: 4, ComplaintRate: 0.5},
			{Name: "Zhao Lei", Region: "South", Share: 0.55, NewCustRate: 6, ComplaintRate: 0.4},
			{Name: "Huang Min", Region: "South", Share: 0.45, NewCustRate: 4, ComplaintRate: 0.7},
			{Name: "Zhou Jie", Region: "West", Share: 0.55, ShareLater: 0.42, NewCustRate: 4, ComplaintRate: 0.3},
			{Name: "Wu Xia", Region: "West", Share: 0.45, ShareLater: 0.33, NewCustRate: 3, ComplaintRate: 0.4},
			{Name: "Xu Lin", Region: "West", Share: 0, ShareLater: 0.25, From: coo.NewPeriod(2025, 7), NewCustRate: 2, ComplaintRate: 0.2},
		},
		RepNoise:      0.10,
		ComplaintAt:   coo.NewPeriod(2026, 6),
		ComplaintRep:  "Sun Hao",
		ComplaintRate: 3.0,

		HeadcountStart:  []float64{120, 28, 85, 18, 64},
		Attrition:       []float64{0.18, 0.12, 0.10, 0.06, 0.14},
		AttritionPeak:   2.0,
		HeadcountGrowth: []float64{0.08, 0.05, 0.12, 0.03, 0.04},
		HireFreeze:      0.3,
		TrainingPerHead: []float64{3.0, 2.5, 4.0, 2.0, 3.5},
		TrainingSeason:  [12]float64{1, 0.5, 1, 1.5, 1, 1, 1, 1, 1, 1, 1, 1},
		TrainingNoise:   0.10,

		TasksBase:       []float64{60, 48, 35},
		TasksSeason:     [12]float64{0.9, 0.7, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
		TasksNoise:      0.06,
		Completion:      []float64{0.90, 0.85, 0.92},
		CompletionNoise: 0.05,
		DefectRate:      []float64{0.12, 0.18, 0.10},
		ReorgTeam:       "Mobile",
		ReorgAt:         coo.NewPeriod(2025, 10),
		ReorgDefectRate: 0.30,

		PayPerHead:       []float64{14500, 15800, 24000, 16500, 11200},
		PayRaise:         0.05,
		PayJanuary:       2,
		RentBase:         380000,
		RentEscalation:   0.03,
		RentStep:         60000,
		RentStepAt:       coo.NewPeriod(2025, 7),
		ITBase:           120000,
		ITGrowth:         0.02,
		ITApril:          2.5,
		ITNoise:          0.08,
		TravelBase:       95000,
		TravelGrowth:     0.04,
		TravelNoise:      0.12,
		LogisticsRate:    []float64{38.5, 52, 140},
		CostBudgetFY24:   []float64{69000000, 10500000, 4560000, 1650000, 1150000, 4800000},
		CostBudgetGrowth: []float64{0.08, 0.10, 0.03, 0.05, 0.05, 0.08},
	}
	return p
}

// The random streams: one per department, so that the draws of one never
// shift another's.
const (
	streamMarketing = 1 + iota
	streamSales
	streamReps
	streamHR
	streamRD
	streamFinance
	streamLayout
)

func newRand(seed int64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), 0x636f6f64656d6f00+stream))
}

// model holds every generated number, indexed by month t (0 = Params.First).
type model struct {
	p   Params
	cal coo.Calendar
	n   int

	spend [][]float64 // [t][channel] CNY
	leads [][]float64 // [t][channel]
	total []float64   // [t] total spend, CNY

	units, price, disc, rev, adj [][][]float64 // [t][region][product]; price [t][0][product]
	budget                       [][]float64   // [t][region] revenue budget, CNY

	repRev, quota, newCust, complaints [][]float64 // [t][rep]; NaN when the rep is not on the team
	repActive                          [][]bool

	hc, hires, leavers, training [][]float64 // [t][unit]

	planned, done, defects [][]float64 // [t][team]

	costActual, costBudget [][]float64 // [t][cost line]
}

func (m *model) period(t int) coo.Period { return m.p.First.Add(t) }

// years returns the time since Params.First in years.
func (m *model) years(t int) float64 { return float64(t) / 12 }

func round2(x float64) float64 { return math.Round(x*100) / 100 }

func roundTo(x, unit float64) float64 { return math.Round(x/unit) * unit }

func cents(x float64) int64 { return int64(math.Round(x * 100)) }

// noise returns a log-normal factor exp(sigma*z), z standard normal.
func noise(r *rand.Rand, sigma float64) float64 { return dexp(sigma * normal(r)) }

// poisson draws from a Poisson distribution (Knuth's method; lambda stays small here).
func poisson(r *rand.Rand, lambda float64) float64 {
	if lambda <= 0 {
		return 0
	}
	l, k, prod := dexp(-lambda), 0, 1.0
	for {
		prod *= r.Float64()
		if prod <= l {
			return float64(k)
		}
		k++
	}
}

func grid(n, k int) [][]float64 {
	g := make([][]float64, n)
	for i := range g {
		g[i] = make([]float64, k)
	}
	return g
}

func grid3(n, a, b int) [][][]float64 {
	g := make([][][]float64, n)
	for i := range g {
		g[i] = grid(a, b)
	}
	return g
}

func index(names []string, name string) int {
	for i, s := range names {
		if s == name {
			return i
		}
	}
	panic("demo: unknown name " + name)
}

func simulate(p Params) *model {
	m := &model{p: p, cal: coo.Calendar{FirstMonth: p.FiscalStart}, n: int(p.Last-p.First) + 1}
	m.marketing()
	m.sales()
	m.hr()
	m.rd()
	m.finance()
	m.revenueBudget()
	m.reps()
	return m
}

func (m *model) marketing() {
	p, r := &m.p, newRand(m.p.Seed, streamMarketing)
	m.spend, m.leads, m.total = grid(m.n, len(p.Channels)), grid(m.n, len(p.Channels)), make([]float64, m.n)
	for t := -1; t < m.n; t++ {
		per := m.period(t)
		var tot int64
		for c := range p.Channels {
			s := p.SpendBase[c] * dpow(1+p.SpendGrowth[c], m.years(t)) * p.SpendSeason[per.Month()-1] * noise(r, p.SpendNoise)
			if p.Channels[c] == "Events" && per == p.SpendSpikeAt {
				s *= p.SpendSpike
			}
			s = round2(s)
			tot += cents(s)
			l := math.Round(s / p.CostPerLead[c] * noise(r, p.LeadsNoise))
			if t >= 0 {
				m.spend[t][c], m.leads[t][c] = s, l
			}
		}
		if t < 0 {
			p.PreSampleSpend = float64(tot) / 100
		} else {
			m.total[t] = float64(tot) / 100
		}
	}
}

// lastSpend is the total marketing spend of the month before t.
func (m *model) lastSpend(t int) float64 {
	if t == 0 {
		return m.p.PreSampleSpend
	}
	return m.total[t-1]
}

func (m *model) sales() {
	p, r := &m.p, newRand(m.p.Seed, streamSales)
	nr, nk := len(p.Regions), len(p.ProductLines)
	m.units, m.price, m.disc = grid3(m.n, nr, nk), grid3(m.n, 1, nk), grid3(m.n, nr, nk)
	m.rev, m.adj = grid3(m.n, nr, nk), grid3(m.n, nr, nk)
	shock, oneR, oneK := index(p.Regions, p.ShockRegion), index(p.Regions, p.OneOffRegion), index(p.ProductLines, p.OneOffProduct)
	for t := range m.n {
		per := m.period(t)
		mo := per.Month()
		lift := dpow(m.lastSpend(t)/p.SpendRef, p.Elasticity)
		for k := range nk {
			price := p.ListPrice[k]
			if per >= p.PriceRiseFrom {
				price = round2(price * (1 + p.PriceRise))
			}
			m.price[t][0][k] = price
		}
		for i := range nr {
			for k := range nk {
				u := p.RegionBase[i] * p.ProductMix[k] * dpow(p.RegionGrowth[i]*p.ProductGrowth[k], m.years(t)) *
					p.Season[mo-1] * lift * noise(r, p.UnitsNoise)
				if i == shock && per == p.ShockAt {
					u *= p.ShockFactor
				}
				u = math.Round(u)
				if i == oneR && k == oneK && per == p.OneOffAt {
					u += p.OneOffUnits
				}
				d := p.DiscountBase[k] + p.DiscountRegion[i] + float64(p.DiscountNoise*normal(r))
				if mo >= 11 {
					d += p.DiscountPeak
				}
				d = math.Round(min(max(d, 0), 0.5)*1000) / 1000
				rev := round2(u * m.price[t][0][k] * (1 - d))
				var adj float64
				if r.Float64() < p.AdjustmentProb {
					adj = -math.Round(rev * (p.AdjustmentMin + float64((p.AdjustmentMax-p.AdjustmentMin)*r.Float64())))
				}
				m.units[t][i][k], m.disc[t][i][k], m.rev[t][i][k], m.adj[t][i][k] = u, d, rev, adj
			}
		}
	}
}

// regionRevenue is the region's revenue in month t (before adjustments), CNY.
func (m *model) regionRevenue(t, i int) float64 {
	var c int64
	for _, v := range m.rev[t][i] {
		c += cents(v)
	}
	return float64(c) / 100
}

// fiscalMonths returns the months t of fiscal year fy inside the model.
func (m *model) fiscalMonths(fy int) (from, to int) {
	return int(m.cal.YearStart(fy) - m.p.First), int(m.cal.YearEnd(fy) - m.p.First)
}

func (m *model) revenueBudget() {
	p := &m.p
	m.budget = grid(m.n, len(p.Regions))
	annual := map[int][]float64{2024: p.RevenueBudgetFY24}
	for fy := 2025; fy <= m.cal.FiscalYear(p.Last); fy++ {
		from, to := m.fiscalMonths(fy - 1)
		a := make([]float64, len(p.Regions))
		for i := range p.Regions {
			var sum float64
			for t := from; t <= to; t++ {
				sum += m.regionRevenue(t, i)
			}
			a[i] = roundTo(sum*(1+p.RevenueBudgetGrowth[fy]), 1000)
		}
		annual[fy] = a
	}
	for t := range m.n {
		per := m.period(t)
		for i := range p.Regions {
			m.budget[t][i] = roundTo(annual[m.cal.FiscalYear(per)][i]*p.Season[per.Month()-1]/12, 1000)
		}
	}
}

func (m *model) reps() {
	p, r := &m.p, newRand(m.p.Seed, streamReps)
	nr := len(p.Reps)
	m.repRev, m.quota, m.newCust, m.complaints = grid(m.n, nr), grid(m.n, nr), grid(m.n, nr), grid(m.n, nr)
	m.repActive = make([][]bool, m.n)
	for t := range m.n {
		per := m.period(t)
		m.repActive[t] = make([]bool, nr)
		later := false
		for _, rep := range p.Reps {
			if rep.From != 0 && per >= rep.From {
				later = true
			}
		}
		shares := make([]float64, nr)
		for j, rep := range p.Reps {
			s := rep.Share
			if later && rep.ShareLater > 0 {
				s = rep.ShareLater
			}
			if s > 0 && (rep.From == 0 || per >= rep.From) {
				m.repActive[t][j] = true
				shares[j] = s
			}
		}
		for i, region := range p.Regions {
			// Noisy shares, normalised within the region; the last rep takes
			// the remainder so that the reps add up to the region to the cent.
			var members []int
			var sum float64
			noisy := make([]float64, nr)
			for j, rep := range p.Reps {
				if rep.Region == region && m.repActive[t][j] {
					members = append(members, j)
					noisy[j] = shares[j] * noise(r, p.RepNoise)
					sum += float64(noisy[j])
				}
			}
			left := cents(m.regionRevenue(t, i))
			for n, j := range members {
				c := int64(math.Round(m.regionRevenue(t, i) * noisy[j] / sum * 100))
				if n == len(members)-1 {
					c = left
				}
				left -= c
				m.repRev[t][j] = float64(c) / 100
				m.quota[t][j] = roundTo(m.budget[t][i]*shares[j], 1000)
			}
		}
		for j, rep := range p.Reps {
			if !m.repActive[t][j] {
				m.repRev[t][j], m.quota[t][j], m.newCust[t][j], m.complaints[t][j] = math.NaN(), math.NaN(), math.NaN(), math.NaN()
				continue
			}
			rate := rep.ComplaintRate
			if rep.Name == p.ComplaintRep && per >= p.ComplaintAt {
				rate = p.ComplaintRate
			}
			m.newCust[t][j] = poisson(r, rep.NewCustRate)
			m.complaints[t][j] = poisson(r, rate)
		}
	}
}

func (m *model) hr() {
	p, r := &m.p, newRand(m.p.Seed, streamHR)
	nu := len(p.OrgUnits)
	m.hc, m.hires, m.leavers, m.training = grid(m.n, nu), grid(m.n, nu), grid(m.n, nu), grid(m.n, nu)
	for t := range m.n {
		mo := m.period(t).Month()
		peak, freeze := 1.0, 1.0
		if mo == 2 || mo == 3 {
			peak = p.AttritionPeak
		}
		if mo == 2 {
			freeze = p.HireFreeze
		}
		for u := range nu {
			prev := p.HeadcountStart[u]
			if t > 0 {
				prev = m.hc[t-1][u]
			}
			leave := poisson(r, prev*p.Attrition[u]*peak/12)
			hire := poisson(r, prev*(float64(p.Attrition[u]*peak)+p.HeadcountGrowth[u])/12*freeze)
			hc := prev + hire - leave
			m.hc[t][u], m.hires[t][u], m.leavers[t][u] = hc, hire, leave
			m.training[t][u] = math.Round(hc * p.TrainingPerHead[u] * p.TrainingSeason[mo-1] * noise(r, p.TrainingNoise))
		}
	}
}

func (m *model) rd() {
	p, r := &m.p, newRand(m.p.Seed, streamRD)
	rdUnit := index(p.OrgUnits, "R&D")
	reorg := index(p.Teams, p.ReorgTeam)
	nt := len(p.Teams)
	m.planned, m.done, m.defects = grid(m.n, nt), grid(m.n, nt), grid(m.n, nt)
	for t := range m.n {
		per := m.period(t)
		idx := m.hc[t][rdUnit] / p.HeadcountStart[rdUnit]
		for k := range nt {
			planned := math.Round(p.TasksBase[k] * idx * p.TasksSeason[per.Month()-1] * noise(r, p.TasksNoise))
			done := min(planned, math.Round(planned*p.Completion[k]*noise(r, p.CompletionNoise)))
			rate := p.DefectRate[k]
			if k == reorg && per >= p.ReorgAt {
				rate = p.ReorgDefectRate
			}
			m.planned[t][k], m.done[t][k], m.defects[t][k] = planned, done, poisson(r, done*rate)
		}
	}
}

// Cost line indexes, in Params.CostLines order.
const (
	costPayroll = iota
	costMarketing
	costRent
	costIT
	costTravel
	costLogistics
)

// costWeight returns the budget phasing of cost line l in a calendar month (1-12).
func (m *model) costWeight(l, month int) float64 {
	p := &m.p
	switch l {
	case costPayroll:
		if month == 1 {
			return p.PayJanuary / (11 + p.PayJanuary)
		}
		return 1 / (11 + p.PayJanuary)
	case costMarketing:
		return p.SpendSeason[month-1] / 12
	case costIT:
		if month == 4 {
			return p.ITApril / (11 + p.ITApril)
		}
		return 1 / (11 + p.ITApril)
	case costTravel, costLogistics:
		return p.Season[month-1] / 12
	}
	return 1.0 / 12
}

func (m *model) finance() {
	p, r := &m.p, newRand(m.p.Seed, streamFinance)
	m.costActual, m.costBudget = grid(m.n, len(p.CostLines)), grid(m.n, len(p.CostLines))
	for t := range m.n {
		per := m.period(t)
		mo := per.Month()
		fyIndex := float64(m.cal.FiscalYear(per) - 2024)
		a := m.costActual[t]

		var pay float64
		for u := range p.OrgUnits {
			pay += float64(m.hc[t][u] * p.PayPerHead[u])
		}
		pay *= dpow(1+p.PayRaise, fyIndex)
		if mo == 1 {
			pay *= p.PayJanuary
		}
		a[costPayroll] = round2(pay)

		a[costMarketing] = m.total[t]

		rent := float64(p.RentBase * dpow(1+p.RentEscalation, fyIndex))
		if per >= p.RentStepAt {
			rent += p.RentStep
		}
		a[costRent] = round2(rent)

		it := p.ITBase * dpow(1+p.ITGrowth, m.years(t)) * noise(r, p.ITNoise)
		if mo == 4 {
			it *= p.ITApril
		}
		a[costIT] = round2(it)

		a[costTravel] = round2(p.TravelBase * dpow(1+p.TravelGrowth, m.years(t)) * p.Season[mo-1] * noise(r, p.TravelNoise))

		var lc int64
		for i := range p.Regions {
			for k := range p.ProductLines {
				lc += cents(m.units[t][i][k] * p.LogisticsRate[k])
			}
		}
		a[costLogistics] = float64(lc) / 100
	}
	annual := map[int][]float64{2024: p.CostBudgetFY24}
	for fy := 2025; fy <= m.cal.FiscalYear(p.Last); fy++ {
		from, to := m.fiscalMonths(fy - 1)
		b := make([]float64, len(p.CostLines))
		for l := range p.CostLines {
			var c int64
			for t := from; t <= to; t++ {
				c += cents(m.costActual[t][l])
			}
			b[l] = roundTo(float64(c)/100*(1+p.CostBudgetGrowth[l]), 1000)
		}
		annual[fy] = b
	}
	for t := range m.n {
		per := m.period(t)
		for l := range p.CostLines {
			m.costBudget[t][l] = roundTo(annual[m.cal.FiscalYear(per)][l]*m.costWeight(l, per.Month()), 100)
		}
	}
}

func dims(kv ...string) []coo.Dim {
	d := make([]coo.Dim, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		d = append(d, coo.Dim{Key: kv[i], Value: kv[i+1]})
	}
	return d
}

func (m *model) events() []Event {
	p := &m.p
	return []Event{
		{Period: p.PriceRiseFrom, Until: p.Last, Source: "sales", Measure: "revenue", Kind: "step", Effect: 1 + p.PriceRise,
			What: "list prices of every product line rise by 6% at the start of FY2026; units are unaffected"},
		{Period: p.RentStepAt, Until: p.Last, Source: "finance", Measure: "actual", Dims: dims("cost_line", "Rent"), Kind: "step", Effect: p.RentStep,
			What: "a new office adds 60,000 CNY a month of rent, not in the FY2026 budget"},
		{Period: p.ShockAt, Until: p.ShockAt, Source: "sales", Measure: "units", Dims: dims("region", p.ShockRegion), Kind: "shock", Effect: p.ShockFactor,
			What: "supply disruption in East: units of every product line x0.65 (-35%) for one month; revenue and logistics follow"},
		{Period: p.ReorgAt, Until: p.Last, Source: "rd", Measure: "defects", Dims: dims("team", p.ReorgTeam), Kind: "step", Effect: p.ReorgDefectRate,
			What: "Mobile team reorganised: defects per done task step from 0.18 to 0.30"},
		{Period: p.OneOffAt, Until: p.OneOffAt, Source: "sales", Measure: "units", Dims: dims("region", p.OneOffRegion, "product_line", p.OneOffProduct), Kind: "one-off", Effect: p.OneOffUnits,
			What: "one-off Commercial order in North: 420 units added to the month"},
		{Period: p.ComplaintAt, Until: p.Last, Source: "sales_reps", Measure: "complaints", Dims: dims("rep", p.ComplaintRep), Kind: "step", Effect: p.ComplaintRate,
			What: "complaints about Sun Hao rise to a mean of 3.0 a month (from 0.5)"},
		{Period: p.SpendSpikeAt, Until: p.SpendSpikeAt, Source: "marketing", Measure: "spend", Dims: dims("channel", "Events"), Kind: "shock", Effect: p.SpendSpike,
			What: "Events spend spike: x3.2 for one month (a trade-fair season)"},
		{Period: p.SpendSpikeAt.Add(1), Until: p.SpendSpikeAt.Add(1), Source: "sales", Measure: "units", Kind: "lagged",
			Effect: dpow(m.total[int(p.SpendSpikeAt-p.First)]/m.counterfactualSpend(), p.Elasticity),
			What:   "the Events spike lifts every region's and product line's units a month later through the marketing elasticity (Effect: the multiplier against the spend without the spike)"},
	}
}

// counterfactualSpend is the total spend of the spike month without the spike.
func (m *model) counterfactualSpend() float64 {
	t := int(m.p.SpendSpikeAt - m.p.First)
	e := index(m.p.Channels, "Events")
	return m.total[t] - m.spend[t][e] + round2(m.spend[t][e]/m.p.SpendSpike)
}
