# Reference for forecast's Outliers: R forecast's tsoutliers on M3 monthly
# training parts, as they are and with one value planted 1,000 times too
# large (a unit slip) at a position chosen from the series id.
# Run from the repository root:
#   Rscript forecast/testdata/ref/tsoutliers.R > forecast/testdata/ref/tsoutliers.csv
suppressMessages(library(forecast))
d <- read.csv("../shared/data/m3/m3_monthly.csv")
ids <- unique(d$series_id)
ids <- ids[seq(1, length(ids), by = 50)]
cat("series_id,case,planted,index\n")
for (id in ids) {
  y <- d$value[d$series_id == id & d$is_test == 0]
  n <- length(y)
  planted <- (nchar(id) * 7 + n) %% (n - 4) + 3   # 1-based, away from the ends
  for (case in c("clean", "slip")) {
    x <- y
    if (case == "slip") x[planted] <- x[planted] * 1000
    o <- tsoutliers(ts(x, frequency = 12))
    idx <- if (length(o$index) == 0) "" else paste(o$index, collapse = " ")
    cat(sprintf("%s,%s,%d,%s\n", id, case, if (case == "slip") planted else 0, idx))
  }
}
