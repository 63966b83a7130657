# CPU time of R forecast's ets() on the speed subset of M3 monthly: every
# 14th series in series_id order (positions 1, 15, 29, ...: N1402, N1416,
# ..., N2816; 102 series), fitted on the training part with ets()'s defaults
# and forecast h = 18 steps with 80% and 95% intervals, as `coo backtest
# --methods auto` does for the same file. Issue 17 asks coo to use at most
# 1/20 of this CPU time.
#
#   export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
#   Rscript forecast/testdata/ref/ets_cpu.R ../shared/data/m3/m3_monthly.csv /tmp/every14.csv
#   coo backtest /tmp/every14.csv --h 18 --m 12 --methods auto
#
# The first argument is the M3 monthly sheet (series_id, ..., period_index,
# value, is_test); the optional second one is where to write the subset in
# the same format, for coo backtest. It prints the CPU seconds (user +
# system, proc.time) of the fits and forecasts alone, reading excluded.
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1) stop("usage: Rscript ets_cpu.R m3_monthly.csv [subset.csv]")
h <- 18
d <- read.csv(args[1], stringsAsFactors = FALSE)
ids <- sort(unique(d$series_id))
ids <- ids[seq(1, length(ids), by = 14)]
sub <- d[d$series_id %in% ids, ]
if (length(args) >= 2) write.csv(sub, args[2], row.names = FALSE, quote = FALSE)
ys <- lapply(ids, function(id) {
  s <- sub[sub$series_id == id & sub$is_test == 0, ]
  ts(s$value[order(s$period_index)], frequency = 12)
})
t0 <- proc.time()
for (y in ys) fc <- forecast(ets(y), h = h, level = c(80, 95))
t1 <- proc.time() - t0
cpu <- unname(t1["user.self"] + t1["sys.self"])
cat(sprintf("R %s, forecast %s: ets() on %d series, h = %d: %.2f CPU s (user %.2f, system %.2f)\n",
  getRversion(), packageVersion("forecast"), length(ys), h, cpu,
  t1["user.self"], t1["sys.self"]))
