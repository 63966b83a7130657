package project

// Example is the project file `coo init` writes: every key, commented.
const Example = `# coo project file: what coo reads and how. Full schema: README.md, "The project file".
# Paths are relative to this folder. Names (sources, dimensions, measures) are
# lowercase identifiers; metric names are such identifiers joined by dots.
version: 1                      # the format of this file
company: Example Trading Co.
currency: CNY                   # printed beside money in reports
fiscal_year_start: 1            # month the fiscal year starts (4 = April; FY2027 = 2026-04 .. 2027-03)
language: en                    # report language: en | zh
warehouse: coo.duckdb           # the DuckDB file (created on first ingest)

# A source is one kind of departmental workbook. coo finds the table by its
# header text (case and extra spaces do not matter), never by row numbers:
# titles above it, totals and notes below, merged two-row headers and a table
# starting in column B are all fine. README.md, "The project file", has every
# option; the demo's coo.yaml (coo demo) maps seven messy sources.
sources:
  - name: sales
    description: Monthly sales export, one workbook a month.
    files: inbox/sales/*.xlsx             # the inbox: where Sales drops its workbooks; a glob,
                                          # * matches within one folder. coo ingest and coo run
                                          # monthly load what is new and skip what is loaded
    sheet: Sales                          # or sheets: [A, B], or sheets: {pattern: "*年*月"};
                                          # omit to read every visible sheet whose header matches
    period: {column: Month}               # a date cell, or text such as 2026-10 or Oct 2026;
                                          # or {cell: C2}, {label: "Month:"}, {sheet_name: true},
                                          # {file_name: true}
    # layout: wide                        # months across the columns (then no period; each
                                          # measure a block: {name: spend, label: Spend})
    dimensions:                           # the row's labels, in this order in the facts' dims
      - {name: region, column: Region}
      - {name: product, column: Product line, aliases: [Product, 产品线]}
    measures:                             # columns of numbers
      - {name: units, column: Units}
      - {name: revenue, column: Revenue, unit: CNY}
      - {name: revenue_k, column: Revenue (k), unit: CNY, scale: 1000}   # figures in thousands
  # A source can also be a Parquet dataset that another engine (Spark, Trino,
  # DuckDB) prepared, with the columns coo export parquet writes (source,
  # metric, period as YYYY-MM, dims, value, unit); ** matches across folders
  # and Hive partitions (source=stores/year=2026/) are read as columns:
  # - name: stores
  #   parquet: lake/facts/**/*.parquet

# A metric is a named series computed from the facts of one measure: coo
# combines the rows of each month (aggregate), optionally filtered (where) and
# broken down (by). Query it by name: coo sql "select * from metric_values where metric = 'sales.revenue'".
metrics:
  - name: sales.revenue
    label: Revenue
    source: sales
    measure: revenue
    kind: flow                  # flow: adds up over months (revenue, hires); stock: a month-end level (headcount),
                                # and any average or rate (a margin, a discount %)
    aggregate: sum              # sum | avg | min | max over the month's rows
    by: [region, product]       # also one series per region and per product
  - name: sales.units_north
    label: Units sold in the North
    source: sales
    measure: units
    kind: flow
    where: {region: [North]}    # keep only these dimension values
`
