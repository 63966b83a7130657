package demo

// projectYAML is the demo's coo.yaml. It maps the tidy workbooks only; the
// messy ones wait for ingest to learn their layouts (issue 4).
const projectYAML = `# coo project file: what coo reads and how. Schema: README.md, "The project file".
#
# This is the demo company that "coo demo" builds. Paths are relative to the
# folder that holds this file.
version: 1
company: Lotus Home Appliances Co., Ltd.
currency: CNY
fiscal_year_start: 4          # the fiscal year starts in April; FY2027 = 2026-04 .. 2027-03
language: en                  # en | zh
warehouse: coo.duckdb         # relative to this folder

# Sources: one entry per kind of workbook a department sends. A source says
# which files to read, which sheet, where the month is, which columns are
# dimensions (what a value is broken down by) and which are measures (the
# numbers themselves).
#
# Only the tidy exports below are mapped for now. The other three folders hold
# the workbooks other departments send, in the messy shapes they really have;
# they are mapped once ingest learns messy layouts (issue 4):
#   workbooks/sales/       one workbook a month: units, revenue, adjustments and
#                          discount by region and product line under a title and a
#                          two-row header, with subtotals; the revenue budget by
#                          region (sheet Budget); the sales representatives (sheet Reps)
#   workbooks/marketing/   one workbook per fiscal year, updated monthly: spend and
#                          leads by channel, months across the columns
#   workbooks/rd/          one workbook per quarter, one sheet per month (2026年10月):
#                          planned tasks, done tasks and defects by team, Chinese headers
sources:
  - name: finance                         # lowercase identifier
    description: Cost ledger exported from the ERP, one workbook a month.
    files: workbooks/finance/*.xlsx       # glob relative to this folder
    sheet: Ledger                         # sheet name (default: the first visible sheet)
    period: {column: Month}               # the column holding the month (here text such as 2026-10)
    dimensions:
      - {name: cost_line, column: Cost line}          # optional: aliases: [..] other spellings
    measures:
      - {name: budget, column: Budget, unit: CNY}     # optional: scale: 1000 (figures in thousands)
      - {name: actual, column: Actual, unit: CNY}

  - name: hr
    description: Headcount report from the HR system, one workbook a month.
    files: workbooks/hr/*.xlsx
    sheet: Headcount
    period: {column: Month}               # here a real Excel date, the first of the month
    dimensions:
      - {name: unit, column: Unit}                    # organisational unit: Sales, Marketing, R&D, ...
    measures:
      - {name: headcount, column: Headcount, unit: people}     # people on the payroll at month end
      - {name: hires, column: Hires, unit: people}
      - {name: leavers, column: Leavers, unit: people}
      - {name: training_hours, column: Training hours, unit: hours}

# Metrics: named figures that reports, forecasts and studies ask for. Each one
# reads one measure of one source. A flow adds up over months (cost, hires); a
# stock is a month-end level (headcount) whose year-to-date value is the latest
# month, never a sum of months.
metrics:
  - name: finance.cost               # dot-separated lowercase words
    label: Operating cost
    source: finance
    measure: actual
    kind: flow                        # flow: sums over months; stock: a month-end level
    aggregate: sum                    # how rows of one month combine: sum | avg | min | max
    by: [cost_line]                   # breakdowns to keep besides the total (optional)

  - name: finance.cost_budget
    label: Operating cost budget
    source: finance
    measure: budget
    kind: flow
    aggregate: sum
    by: [cost_line]

  - name: finance.payroll
    label: Payroll cost
    source: finance
    measure: actual
    kind: flow
    aggregate: sum
    where: {cost_line: [Payroll]}     # optional filter: dimension -> allowed values

  - name: finance.payroll_budget
    label: Payroll budget
    source: finance
    measure: budget
    kind: flow
    aggregate: sum
    where: {cost_line: [Payroll]}

  - name: hr.headcount
    label: Headcount
    source: hr
    measure: headcount
    kind: stock                       # a level: the company total is the sum over units in a month
    aggregate: sum
    by: [unit]

  - name: hr.hires
    label: Hires
    source: hr
    measure: hires
    kind: flow
    aggregate: sum
    by: [unit]

  - name: hr.leavers
    label: Leavers
    source: hr
    measure: leavers
    kind: flow
    aggregate: sum
    by: [unit]

  - name: hr.training_hours
    label: Training hours
    source: hr
    measure: training_hours
    kind: flow
    aggregate: sum
    by: [unit]
`

func projectFile() []byte { return []byte(projectYAML) }
