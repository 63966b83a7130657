# Reference for forecast/arima.go: base R's stats::arima, method = "CSS",
# fixed orders, on the 72 monthly series of forecast/testdata/series.csv.
# R's forecast package (auto.arima) is not installed here, so the automatic
# order search is not compared; this checks the CSS fit (coefficients,
# sigma2, log-likelihood) and the forecasts and intervals (predict.Arima).
#
#   cd forecast && Rscript testdata/ref/arima_css.R > testdata/ref/arima_css.csv
s <- read.csv("testdata/series.csv", stringsAsFactors = FALSE)
s <- s[s$sheet == "monthly", ]
orders <- list(
  list(lab = "110_011", o = c(1, 1, 0), so = c(0, 1, 1), c = FALSE),
  list(lab = "011_011", o = c(0, 1, 1), so = c(0, 1, 1), c = FALSE),
  list(lab = "011_000c", o = c(0, 1, 1), so = c(0, 0, 0), c = TRUE),
  list(lab = "200_100c", o = c(2, 0, 0), so = c(1, 0, 0), c = TRUE),
  list(lab = "101_010c", o = c(1, 0, 1), so = c(0, 1, 0), c = TRUE)
)
h <- 18
cat("series_id,order,coefs,sigma2,loglik,mean,lo95,hi95\n")
for (i in seq_len(nrow(s))) {
  y <- as.numeric(strsplit(s$values[i], " ")[[1]])
  n <- length(y)
  for (od in orders) {
    dd <- od$o[2] + od$so[2]
    xr <- NULL
    nx <- NULL
    if (od$c && dd == 1) {
      xr <- 1:n
      nx <- (n + 1):(n + h)
    }
    fit <- tryCatch(arima(ts(y, frequency = 12), order = od$o,
      seasonal = list(order = od$so, period = 12), xreg = xr,
      include.mean = od$c && dd == 0, method = "CSS",
      optim.control = list(maxit = 5000, reltol = 1e-12)),
      error = function(e) NULL)
    if (is.null(fit)) next
    p <- predict(fit, n.ahead = h, newxreg = nx)
    z <- qnorm(0.975)
    cat(sprintf("%s,%s,%s,%.12g,%.12g,%s,%s,%s\n", s$series_id[i], od$lab,
      paste(sprintf("%.10g", coef(fit)), collapse = " "), fit$sigma2, fit$loglik,
      paste(sprintf("%.10g", p$pred), collapse = " "),
      paste(sprintf("%.10g", p$pred - z * p$se), collapse = " "),
      paste(sprintf("%.10g", p$pred + z * p$se), collapse = " ")))
  }
}
