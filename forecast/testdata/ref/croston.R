# Reference values for TestCrostonR (forecast/intermittent_test.go):
# R forecast::croston point forecasts, written to croston.csv.
#   Rscript croston.R > croston.csv
# R 4.2.2, forecast 8.20 (Debian bookworm r-cran-forecast).
suppressMessages(library(forecast))
set.seed(17)
series <- list(
  hand      = c(0, 3, 0, 0, 2, 0, 1, 0, 0, 0, 4),
  one       = c(0, 0, 0, 5, 0, 0),
  leading   = c(0, 0, 0, 0, 2, 0, 2, 0, 0, 3, 0, 1),
  trailing  = c(4, 0, 1, 0, 0, 6, 0, 0, 0, 0, 0, 0),
  nozeros   = c(3, 5, 2, 4, 6, 1, 2, 3),
  poisson   = rpois(48, 0.4),
  lumpy     = rbinom(60, 1, 0.3) * rnbinom(60, size = 1.5, mu = 20),
  amounts   = round(rbinom(36, 1, 0.5) * rgamma(36, 2, 0.01), 2)
)
cat("name,alpha,y,mean\n")
for (nm in names(series)) {
  y <- series[[nm]]
  for (a in c(0.1, 0.3)) {
    f <- croston(y, h = 4, alpha = a)$mean
    cat(sprintf("%s,%s,%s,%s\n", nm, a, paste(y, collapse = " "),
                paste(sprintf("%.17g", f), collapse = " ")))
  }
}
