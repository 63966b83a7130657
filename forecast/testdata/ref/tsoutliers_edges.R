# Reference for forecast's Outliers at the ends of a series: R forecast's
# tsoutliers on the same M3 monthly training parts as tsoutliers.R, with one
# value planted 1,000 times too large at the first, the second, the
# second-to-last and the last position.
# Run from the repository root:
#   Rscript forecast/testdata/ref/tsoutliers_edges.R > forecast/testdata/ref/tsoutliers_edges.csv
suppressMessages(library(forecast))
d <- read.csv("../shared/data/m3/m3_monthly.csv")
ids <- unique(d$series_id)
ids <- ids[seq(1, length(ids), by = 50)]
cat("series_id,case,planted,index\n")
for (id in ids) {
  y <- d$value[d$series_id == id & d$is_test == 0]
  n <- length(y)
  for (planted in c(1, 2, n - 1, n)) {
    x <- y
    x[planted] <- x[planted] * 1000
    o <- tsoutliers(ts(x, frequency = 12))
    idx <- if (length(o$index) == 0) "" else paste(o$index, collapse = " ")
    cat(sprintf("%s,slip,%d,%s\n", id, planted, idx))
  }
}
