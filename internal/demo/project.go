package demo

// projectYAML is the demo's coo.yaml: it maps every workbook the demo writes.
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
# Finance and HR send tidy exports; Sales, Marketing and R&D send workbooks in
# the shapes they always have: titles above the table, merged two-row headers,
# subtotals, months across the columns, one sheet per month with Chinese
# headers. Each mapping finds its table by the header names, never by row
# numbers.
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

  - name: sales
    description: Monthly sales report, one workbook a month; the table sits under a title.
    files: workbooks/sales/*.xlsx
    sheet: Sales
    period: {label: "Month:"}             # the cell right of "Month:" above the table (a date, "Oct 2026" or "Nov25")
    dimensions:
      - {name: region, column: Region}                # merged down its product rows
      - {name: product_line, column: Product line}    # older files spell it "product line"
    measures:                                         # under merged group cells (Volume, Value); subtotal rows are skipped
      - {name: units, column: Units, unit: units}
      - {name: revenue, column: Revenue, unit: CNY}
      - {name: adjustments, column: Adjustments, unit: CNY}   # credit notes, "(1,200)" is negative
      - {name: discount, column: Discount, unit: ratio}       # "8.5%" is 0.085

  - name: sales_budget
    description: The revenue budget by region, sheet Budget of the sales workbook.
    files: workbooks/sales/*.xlsx
    sheet: Budget
    period: {label: Month}
    dimensions:
      - {name: region, column: Region}
    measures:
      - {name: revenue_budget, column: Revenue budget, unit: CNY}

  - name: sales_reps
    description: Each sales representative's month, sheet Reps of the sales workbook.
    files: workbooks/sales/*.xlsx
    sheet: Reps
    period: {file_name: true}             # sales-2026-10.xlsx
    dimensions:
      - {name: rep, column: Rep}
      - {name: region, column: Region}
    measures:
      - {name: revenue, column: Revenue, unit: CNY}
      - {name: quota, column: Quota, unit: CNY}
      - {name: new_customers, column: New customers, unit: count}
      - {name: complaints, column: Complaints, unit: count}

  - name: marketing
    description: Spend and leads by channel, one workbook per fiscal year updated monthly.
    files: workbooks/marketing/*.xlsx
    sheet: Channels
    layout: wide                          # months across the columns; "FY total" is not a month but must add them up
    dimensions:
      - {name: channel, column: Channel}  # from FY2026 the block's label stands where "Channel" was
    measures:                             # two blocks stacked in the sheet, each named by its label:
      - {name: spend, label: Spend, unit: CNY}     # above the header ("Spend (CNY)") or in its first cell
      - {name: leads, label: Leads, unit: count}

  - name: rd
    description: R&D task statistics, one workbook per quarter, one sheet per month (Chinese).
    files: workbooks/rd/*.xlsx
    sheets: {pattern: "*年*月"}           # the month sheets; not the quarter summary (季度汇总)
    period: {sheet_name: true}            # 2026年10月
    dimensions:
      - {name: team, column: 团队}
    measures:
      - {name: planned_tasks, column: 计划任务, unit: count}
      - {name: done_tasks, column: 完成任务, unit: count}
      - {name: defects, column: 缺陷数, unit: count}

# Metrics: named figures that reports, forecasts and studies ask for. Each one
# reads one measure of one source. A flow adds up over months (cost, hires); a
# stock is a month-end level (headcount) whose year-to-date value is the latest
# month, never a sum of months.
metrics:
  - name: sales.revenue              # dot-separated lowercase words
    label: {en: Revenue, zh: 营业收入}   # or plain text, the same in every language
    source: sales
    measure: revenue
    kind: flow                        # flow: sums over months; stock: a month-end level
    aggregate: sum                    # how rows of one month combine: sum | avg | min | max
    by: [region, product_line]        # breakdowns to keep besides the total (optional)

  - name: sales.units
    label: {en: Units sold, zh: 销量}
    source: sales
    measure: units
    kind: flow
    by: [region, product_line]

  - name: sales.revenue_budget
    label: {en: Revenue budget, zh: 收入预算}
    source: sales_budget
    measure: revenue_budget
    kind: flow
    by: [region]

  - name: sales.rep_revenue         # the sales representatives' own figures
    label: {en: Revenue by representative, zh: 销售代表收入}
    source: sales_reps
    measure: revenue
    kind: flow
    by: [rep]

  - name: sales.rep_quota
    label: {en: Revenue quota, zh: 收入指标}
    source: sales_reps
    measure: quota
    kind: flow
    by: [rep]

  - name: sales.new_customers
    label: {en: New customers, zh: 新客户数}
    source: sales_reps
    measure: new_customers
    kind: flow
    by: [rep]

  - name: sales.complaints
    label: {en: Customer complaints, zh: 客户投诉}
    source: sales_reps
    measure: complaints
    kind: flow
    by: [rep]

  - name: marketing.spend
    label: {en: Marketing spend, zh: 市场费用}
    source: marketing
    measure: spend
    kind: flow
    by: [channel]

  - name: marketing.leads
    label: {en: Leads, zh: 销售线索}
    source: marketing
    measure: leads
    kind: flow
    by: [channel]

  - name: rd.done_tasks
    label: {en: Tasks done, zh: 完成任务}
    source: rd
    measure: done_tasks
    kind: flow
    by: [team]

  - name: rd.planned_tasks
    label: {en: Tasks planned, zh: 计划任务}
    source: rd
    measure: planned_tasks
    kind: flow
    by: [team]

  - name: rd.defects
    label: {en: Defects, zh: 缺陷数}
    source: rd
    measure: defects
    kind: flow
    by: [team]

  - name: finance.cost
    label: {en: Operating cost, zh: 经营成本}
    source: finance
    measure: actual
    kind: flow                        # flow: sums over months; stock: a month-end level
    aggregate: sum                    # how rows of one month combine: sum | avg | min | max
    by: [cost_line]                   # breakdowns to keep besides the total (optional)

  - name: finance.cost_budget
    label: {en: Operating cost budget, zh: 经营成本预算}
    source: finance
    measure: budget
    kind: flow
    aggregate: sum
    by: [cost_line]

  - name: finance.payroll
    label: {en: Payroll cost, zh: 人工成本}
    source: finance
    measure: actual
    kind: flow
    aggregate: sum
    where: {cost_line: [Payroll]}     # optional filter: dimension -> allowed values

  - name: finance.payroll_budget
    label: {en: Payroll budget, zh: 人工成本预算}
    source: finance
    measure: budget
    kind: flow
    aggregate: sum
    where: {cost_line: [Payroll]}

  - name: hr.headcount
    label: {en: Headcount, zh: 在册人数}
    source: hr
    measure: headcount
    kind: stock                       # a level: the company total is the sum over units in a month
    aggregate: sum
    by: [unit]

  - name: hr.hires
    label: {en: Hires, zh: 入职人数}
    source: hr
    measure: hires
    kind: flow
    aggregate: sum
    by: [unit]

  - name: hr.leavers
    label: {en: Leavers, zh: 离职人数}
    source: hr
    measure: leavers
    kind: flow
    aggregate: sum
    by: [unit]

  - name: hr.training_hours
    label: {en: Training hours, zh: 培训时数}
    source: hr
    measure: training_hours
    kind: flow
    aggregate: sum
    by: [unit]

# Report: what the monthly business report (coo report monthly) covers. The
# headline KPIs come first; each department then gets its own review.
# Without this section the report lists every metric, each with the metric
# named NAME_budget as its budget.
report:
  required: [finance, hr, sales, marketing, rd]   # refuse to publish a month one of these has not sent
  horizon: 12                     # forecast months shown (the fiscal-year outlook always reaches the year end)
  kpis:
    - {metric: sales.revenue, budget: sales.revenue_budget, breakdown: region,
       price_volume: {units: sales.units, by: product_line}}   # price, volume and mix on last year (no units budget: none on budget)
    - {metric: finance.cost, budget: finance.cost_budget, lower_is_better: true, breakdown: cost_line}
    - {metric: sales.units, breakdown: product_line}
    - {metric: marketing.leads, breakdown: channel}
    - hr.headcount
  departments:
    - name: {en: Sales, zh: 销售部}             # a text per language, like labels
      kpis:
        - {metric: sales.revenue, budget: sales.revenue_budget, breakdown: region, price_volume: {units: sales.units, by: product_line}}
        - sales.new_customers
        - {metric: sales.complaints, lower_is_better: true}
      ratios:
        - {name: {en: Revenue per salesperson, zh: 人均销售收入}, numerator: sales.revenue, denominator: "hr.headcount[unit=Sales]"}
        - {name: {en: Quota attainment, zh: 指标完成率}, numerator: sales.rep_revenue, denominator: sales.rep_quota, percent: true}
    - name: {en: Marketing, zh: 市场部}
      kpis:
        - {metric: marketing.spend, lower_is_better: true, breakdown: channel}
        - {metric: marketing.leads, breakdown: channel}
      ratios:
        - {name: {en: Cost per lead, zh: 单条线索成本}, unit: {en: CNY per lead, zh: 元/条}, numerator: marketing.spend, denominator: marketing.leads, lower_is_better: true}
    - name: {en: R&D, zh: 研发部}
      kpis:
        - {metric: rd.done_tasks, breakdown: team}
        - {metric: rd.defects, lower_is_better: true}
      ratios:
        - {name: {en: Task completion, zh: 任务完成率}, numerator: rd.done_tasks, denominator: rd.planned_tasks, percent: true}
        - {name: {en: Defects per task done, zh: 每项完成任务缺陷数}, unit: {en: defects per task, zh: 个/项}, numerator: rd.defects, denominator: rd.done_tasks, lower_is_better: true}
    - name: {en: Finance, zh: 财务部}
      kpis:
        - {metric: finance.cost, budget: finance.cost_budget, lower_is_better: true, breakdown: cost_line}
        - {metric: finance.payroll, budget: finance.payroll_budget, lower_is_better: true}
    - name: {en: HR, zh: 人力资源部}
      kpis:
        - {metric: hr.headcount, breakdown: unit}
        - {metric: hr.leavers, lower_is_better: true}
        - hr.training_hours
      ratios:
        - {name: {en: Staff turnover, zh: 员工流失率}, numerator: hr.leavers, denominator: hr.headcount, percent: true, lower_is_better: true}
        - {name: {en: Training hours per head, zh: 人均培训时数}, numerator: hr.training_hours, denominator: hr.headcount}

# Assessment: the monthly economic-responsibility scores (coo assess). Each
# unit is a department, or one person per value of a dimension (each: rep).
# A KPI scores points, 100 = target met; a unit's weights are fractions that
# sum to 1, its total is the sum of weight x score, and final = total + bonus
# - deductions. Percentages are fractions: 0.05 is +5%.
assessment:
  missing: reweight               # no actual or no target: zero | reweight | carry (per KPI too)
  grades:                         # highest first; the last grade takes everything below
    - {grade: A, min: 90}
    - {grade: B, min: 75}
    - {grade: C, min: 60}
    - {grade: D, min: 0}
  units:                          # ranked within their group; ties share a rank, the next skips (1, 2, 2, 4)
    - name: Sales
      group: Departments
      kpis:
        - name: Revenue vs budget
          metric: sales.revenue
          weight: 0.5
          target: {metric: sales.revenue_budget}       # a budget line in the same month
          scoring: {linear: {floor: 0.8, ceiling: 1.0, cap: 120}}   # 0 at 80% of budget, 100 at 100%, at most 120
        - name: Revenue growth
          metric: sales.revenue
          weight: 0.3
          target: {last_year: 0.08}                     # the same month last year + 8%
          scoring: {ratio: {cap: 120}}                  # 100 x attainment, at most 120
        - name: Units growth
          metric: sales.units
          weight: 0.2
          target: {last_year: 0.05}
          scoring: {bands: [{min: 0.9, points: 60}, {min: 0.95, points: 80}, {min: 1.0, points: 100}]}
      deductions:
        - {name: Customer complaints, metric: sales.complaints, points: 1, cap: 10}   # 1 point each, at most 10

    - name: Marketing
      group: Departments
      kpis:
        - name: Leads
          metric: marketing.leads
          weight: 0.6
          target: {last_year: 0.1}
          scoring: {linear: {floor: 0.7, ceiling: 1.0, cap: 110}}
        - name: Spend vs last month
          metric: marketing.spend
          weight: 0.4
          target: {last_month: 0}                       # the month before, unchanged
          scoring: {lower_is_better: {best: 0.9, worst: 1.3}}   # 100 at 90% of last month, 0 at 130%

    - name: R&D
      group: Departments
      kpis:
        - name: Tasks done vs planned
          metric: rd.done_tasks
          weight: 0.6
          target: {expr: "rd.planned_tasks * 0.95"}     # + - * / over metrics and numbers
          scoring: {bands: [{min: 0.8, points: 60}, {min: 0.9, points: 80}, {min: 1.0, points: 100}]}
        - name: Defects
          metric: rd.defects
          weight: 0.4
          target: {last_month: -0.05}                   # 5% fewer than last month
          scoring: {lower_is_better: {best: 0.8, worst: 1.5, cap: 110}}
          missing: carry                                # a month without a count keeps the last score

    - name: Sales representatives
      each: rep                   # one unit per representative with figures in the month
      kpis:
        - name: Revenue vs quota
          metric: sales.rep_revenue
          weight: 0.7
          target: {metric: sales.rep_quota}
          scoring: {linear: {floor: 0.5, ceiling: 1.0, cap: 120}}
        - name: New customers
          metric: sales.new_customers
          weight: 0.3
          on: actual                                    # score the count itself, no target
          scoring: {bands: [{min: 2, points: 50}, {min: 4, points: 80}, {min: 6, points: 100}]}
      deductions:
        - {name: Customer complaints, metric: sales.complaints, points: 3, cap: 9}
`

func projectFile() []byte { return []byte(projectYAML) }
