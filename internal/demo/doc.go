// Package demo generates the demo company that "coo demo" builds: Lotus Home
// Appliances Co., Ltd., which reports in CNY with a fiscal year starting in
// April, and whose departments send monthly workbooks from 2023-04 to 2026-10
// (FY2024, FY2025 and FY2026 complete, FY2027 to its seventh month).
//
// Generate does no I/O and reads no clock: it returns the workbooks as bytes,
// the project file (coo.yaml) that maps them, and the ground truth behind
// them, and the same Options give the same bytes on every run and machine.
// The caller (pipeline.Demo) writes the files; Truth.FactsCSV gives the truth as a
// CSV file to write beside them.
//
// # What the truth holds
//
// Truth.Facts holds every data value written into a workbook, exactly once,
// with its file, sheet and cell, its period, its dimensions in the source's
// order and its value with scale applied (a discount of "8.5%" is 0.085).
// Cells that an ingest must reject (a formula without a cached value that is
// not plain arithmetic, #N/A, #DIV/0!) are in Truth.Problems instead, with
// the value the model generated for them; so is the one total that does not
// add up, which refuses its whole workbook until it is corrected.
// Truth.Notes locates every other messy feature: rows and sheets that are
// not data (titles, subtotals, notes, aggregate, hidden and very hidden
// sheets), and data written in unusual forms (numbers and dates as text, the
// 1904 date system, a formula whose value must be computed). Truth.Events
// lists the planted surprises, and Truth.Params every parameter of the model
// below.
//
// Sources, measures, dimensions (in this order) and units of the facts:
//
//	finance      budget, actual                          cost_line             CNY
//	hr           headcount, hires, leavers               unit                  people
//	             training_hours                                                hours
//	sales        units                                   region, product_line  units
//	             revenue, adjustments                                          CNY
//	             discount                                                      ratio
//	sales_budget revenue_budget                          region                CNY
//	sales_reps   revenue, quota                          rep, region           CNY
//	             new_customers, complaints                                     count
//	marketing    spend                                   channel               CNY
//	             leads                                                         count
//	rd           planned_tasks, done_tasks, defects      team                  count
//
// Every source is mapped in the project file (ProjectFile), which also
// defines the metrics, the report section and the assessment rules.
//
// # The generating model
//
// Months are counted t = 0, 1, ... from 2023-04; y = t/12 is the time in
// years; m is the calendar month (1 = January); FY is the fiscal year (FY2027
// = 2026-04 .. 2027-03) and k = FY - 2024. N(σ) below is a log-normal noise
// factor exp(σ·z) with z a standard normal draw, Poisson(λ) a Poisson draw.
// round(x) rounds half away from zero; money is rounded to the cent, counts to
// whole numbers. Each department draws from its own PCG stream seeded with
// Options.Seed, in the order written here (months, then the names in the
// order listed, then the quantities in the order given).
//
// Marketing, for channel c in Online, Events, Print, Partners:
//
//	spend(c,t) = round2(S0(c) · (1+g(c))^y · sM(m) · N(0.10) [· 3.2 for Events in 2026-09])
//	leads(c,t) = round(spend(c,t) / CPL(c) · N(0.08))
//	S0  = 420000, 180000, 90000, 150000 CNY a month
//	g   = +12%, +5%, -8%, +8% a year
//	CPL = 180, 450, 600, 300 CNY per lead
//	sM  = Jan..Dec 0.80 0.70 0.95 1.00 1.05 1.15 0.90 0.90 1.05 1.20 1.30 1.00
//
// The month before the first, 2023-03, is drawn the same way (t = -1) but not
// written; its total is Params.PreSampleSpend. M(t) is the total spend of
// month t over the channels.
//
// Sales units, for region r in North, East, South, West and product line p
// in Home, Office, Commercial:
//
//	units(r,p,t) = round(B(r)·mix(p) · (gR(r)·gP(p))^y · s(m) · (M(t-1)/840000)^0.25 · N(0.04) [· shock]) [+ one-off]
//	B   = 1800, 2400, 2000, 1100 units a month;  mix = 0.60, 0.28, 0.12
//	gR  = 1.02, 1.05, 1.04, 1.08;  gP = 1.04, 1.07, 1.10 (growth factors a year)
//	s   = Jan..Dec 0.88 0.72 0.95 0.98 1.02 1.05 0.97 0.96 1.00 1.04 1.22 1.21
//
// s is the seasonality: the Chinese New Year dip in January and February, the
// 618 festival in June, the Double Eleven and year-end peak in November and
// December. The elasticity 0.25 of units to last month's marketing spend is
// the one-month lag a study should recover: 10% more spend in one month gives
// 1.10^0.25 - 1 = 2.4% more units in the next.
//
//	price(p,t)    = list price 1280, 2450, 8900 CNY; x1.06 from 2025-04 (1356.80, 2597, 9434)
//	discount(r,p,t) = round3(clamp(d(p) + dR(r) + 0.02·[m in Nov, Dec] + 0.004·z, 0, 0.5))
//	d  = 0.060, 0.080, 0.120;  dR = 0, 0.010, 0.005, 0.020
//	revenue(r,p,t) = round2(units · price · (1 - discount))
//	adjustments(r,p,t) = -round(revenue · U(0.002, 0.010)) with probability 0.2, else 0
//
// The draws for one row come in the order units noise, discount noise, the
// adjustment's chance, its size. Adjustments are credit notes (whole CNY,
// negative); revenue is before them.
//
// The revenue budget of a region is set at the start of each fiscal year:
//
//	annual(r,FY)  = round(revenue of r over FY-1 · (1 + gB(FY)), to 1000)
//	gB = +12% (FY2025), +18% (FY2026: volume and the price rise), +12% (FY2027)
//	annual(r,FY2024) = 51, 71, 57, 31 million CNY (set before the data begin)
//	budget(r,t)   = round(annual(r,FY) · s(m)/12, to 1000)
//
// Sales representatives (sheet Reps): North Zhang Wei, Li Na, Wang Fang
// (shares 0.40, 0.35, 0.25); East Liu Yang, Chen Jing, Sun Hao (0.38, 0.34,
// 0.28); South Zhao Lei, Huang Min (0.55, 0.45); West Zhou Jie, Wu Xia (0.55,
// 0.45) until Xu Lin joins in 2025-07 (then 0.42, 0.33, 0.25). Each month a
// rep's revenue is the region's revenue times share·N(0.10) normalised over
// the region's reps, to the cent, the last rep taking the remainder so that
// the reps add up to the region exactly. quota = round(budget(r,t)·share, to
// 1000). new_customers = Poisson(5, 4, 3, 6, 5, 4, 6, 4, 4, 3, 2 in the order
// above), complaints = Poisson(0.4, 0.3, 0.6, 0.5, 0.3, 0.5, 0.4, 0.7, 0.3,
// 0.4, 0.2), Sun Hao's rising to 3.0 from 2026-06.
//
// HR, for unit u in Sales, Marketing, R&D, Finance, Operations, with
// headcount H(u) at the end of 2023-03 = 120, 28, 85, 18, 64:
//
//	leavers(u,t)  = Poisson(H(u,t-1) · a(u) · f(m) / 12)
//	hires(u,t)    = Poisson(H(u,t-1) · (a(u)·f(m) + h(u)) / 12 · [0.3 in February])
//	H(u,t)        = H(u,t-1) + hires - leavers            (headcount is a stock)
//	training_hours(u,t) = round(H(u,t) · th(u) · ts(m) · N(0.10))
//	a  = 0.18, 0.12, 0.10, 0.06, 0.14 attrition a year;  f(m) = 2 in February and March (after the bonus), else 1
//	h  = 0.08, 0.05, 0.12, 0.03, 0.04 net growth a year
//	th = 3.0, 2.5, 4.0, 2.0, 3.5 hours a head;  ts = 0.5 in February, 1.5 in April, else 1
//
// R&D, for team e in Platform, Mobile, Data, with I(t) = H(R&D,t)/85:
//
//	planned(e,t) = round(T(e) · I(t) · tm(m) · N(0.06));  T = 60, 48, 35;  tm = 0.9 in January, 0.7 in February, else 1
//	done(e,t)    = min(planned, round(planned · c(e) · N(0.05)));  c = 0.90, 0.85, 0.92
//	defects(e,t) = Poisson(done · δ(e));  δ = 0.12, 0.18, 0.10; Mobile 0.30 from 2025-10 (the reorganisation)
//
// Finance, actual cost by line:
//
//	Payroll   = round2(Σu H(u,t) · pay(u) · 1.05^k · [2 in January: the 13th-month salary])
//	            pay = 14500, 15800, 24000, 16500, 11200 CNY a head a month
//	Marketing = M(t), the marketing workbook's total spend, to the cent
//	Rent      = round2(380000 · 1.03^k [+ 60000 from 2025-07: the new office])
//	IT        = round2(120000 · 1.02^y · N(0.08) [· 2.5 in April: licence renewals])
//	Travel    = round2(95000 · 1.04^y · s(m) · N(0.12))
//	Logistics = Σ(r,p) units · rate(p), to the cent; rate = 38.50, 52, 140 CNY a unit
//
// The cost budget is set at the start of each fiscal year like the revenue
// budget: annual(l,FY) = round(actual of l over FY-1 · (1+gC(l)), to 1000),
// gC = +8%, +10%, +3%, +5%, +5%, +8% in the order above, FY2024's annual
// budgets being 69, 10.5, 4.56, 1.65, 1.15, 4.8 million CNY; then
// budget(l,t) = round(annual · w(l,m), to 100), with the phasing w: Payroll
// 2/13 in January and 1/13 otherwise; Marketing sM(m)/12; Rent 1/12; IT 2.5/13.5
// in April and 1/13.5 otherwise; Travel and Logistics s(m)/12. The FY2026 rent
// budget does not know about the new office.
//
// # The surprises (Truth.Events)
//
//   - 2025-04: list prices +6% (revenue, not units).
//   - 2025-07: a new office adds 60,000 CNY a month of rent, unbudgeted in FY2026.
//   - 2025-08: a supply disruption in East: units x0.65 for every product line.
//   - 2025-10: the Mobile team is reorganised and its defect rate steps to 0.30.
//   - 2026-03: a one-off order of 420 Commercial units in North.
//   - 2026-06: complaints about Sun Hao rise to 3.0 a month.
//   - 2026-09: an Events spend spike, x3.2, which lifts every region's units in
//     2026-10 through the elasticity.
//
// # The workbooks
//
// Finance (workbooks/finance/finance-YYYY-MM.xlsx, sheet Ledger) and HR
// (workbooks/hr/hr-YYYY-MM.xlsx, sheet Headcount) are tidy exports: the
// header in row 1 (Month, Cost line, Budget, Actual; Month, Unit, Headcount,
// Hires, Leavers, Training hours), one row per cost line or unit below it,
// numbers as numbers; the finance month is text ("2026-10"), the HR month a
// real date (the first of the month, number format 14).
//
// Sales (workbooks/sales/sales-YYYY-MM.xlsx) is laid out for people. Sheet
// Sales: title, month and "Prepared by" rows; the table from column B under
// a two-row header (Region and Product line merged down both rows, group
// cells merged over the measures); each region merged down its three product
// rows, then its subtotal row; a grand total in row 23 (formulas with cached
// values); note rows 25-26. FY2024 files use the old header (Revenue in D
// before "  Units " in E, "product line"); later ones have Units in D and
// Revenue in E. The month in C2 is text "Apr 2023" in FY2024, a real date in
// FY2025 (sales-2024-11.xlsx uses the 1904 date system), text "Apr25" in
// FY2026 and a real date in FY2027. In FY2024 and FY2025 some numbers are
// text (" 3,294 ", "1,234,567.50", credit notes as "(1,200)"), and the
// subtotals are typed values; from FY2026 subtotals are SUM formulas and
// numbers are numbers. Discounts are percent text ("8.5%") until FY2026 and
// percent-formatted numbers in FY2027, where Home revenue is a ROUND formula
// with its cached value. sales-2026-06.xlsx D7 is a formula without a cached
// value that is plain arithmetic (to be computed); sales-2026-07.xlsx E16 is
// a VLOOKUP without a cached value (to be rejected). Sheet Budget holds the
// revenue budget by region (header in row 5, a Total row); sheet Reps the
// representatives (header in row 3, a Total row); sheet "Chart data" region
// aggregates and a chart (not data); sheet Draft is hidden and _meta very
// hidden (neither is data).
//
// Marketing (workbooks/marketing/marketing-FYyyyy.xlsx, sheet Channels): one
// workbook per fiscal year, updated every month, months across the columns
// C..Q with a blank spacer column after each quarter and "FY total" in S;
// the Spend block (header row 5, channels in rows 6-9, Total row 10) above
// the Leads block (header row 13, rows 14-17, 18). Until FY2025 each block
// has its title in the row above its header ("Spend (CNY)" in B4, "Leads"
// in B12) and "Channel" heads the channels; from FY2026 the title is the
// header row's first cell, where "Channel" was (B5, B13), and the rows above
// are blank:
//
//	    B            C         D         ...  Q         S
//	 5  Spend (CNY)  Apr-2025  May-2025  ...  Mar-2026  FY total
//	 6  Online       546,891   514,442   ...  ...       C6+...+Q6
//	 7  Events       ...
//	10  Total        C6:C9     D6:D9     ...            S6:S9
//	13  Leads        Apr-2025  May-2025  ...  Mar-2026  FY total
//	14  Online       ...
//
// Month headers are real dates in FY2025 and FY2027 (totals as SUM formulas
// with cached values) and text "Apr-2023" in FY2024 and FY2026 (totals
// typed); FY2026's workbook structure is protected. Every total adds up but
// one: FY2026's typed FY total of Events spend (S7) is 10,000 too large, so
// that an ingest must refuse the whole workbook (total_mismatch, in
// Truth.Problems); the corrected workbook has the sum of the months there.
//
// R&D (workbooks/rd/rd-YYYY-Qn.xlsx, by calendar quarter) is in Chinese: a
// protected quarter summary sheet 季度汇总 first (aggregates, not data), then
// one sheet per month named like 2026年10月 with the header 团队, 计划任务,
// 完成任务, 缺陷数, 备注 in row 4 and the teams in rows 5-7. Planted: #N/A in
// 2024年11月 D7 (Data, defects), #DIV/0! from a formula in 2026年2月 C6
// (Mobile, done tasks), " Mobile " with stray spaces in 2025年5月, and the
// month sheets of 2025-Q3 protected with a password.
//
// Excel's own quirks are reproduced by hand where excelize cannot write them:
// formulas carry numeric cached values (not text), error cells have type "e",
// and every zip entry and document property carries a fixed time derived
// from the period (the third day of the next month), never the clock.
package demo
