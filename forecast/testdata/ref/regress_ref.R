# Reference values for forecast.Regress, Diagnose and PredictInterval
# (forecast/regress_diag_test.go). Run from the repository root:
#
#   Rscript forecast/testdata/ref/regress_ref.R
#
# It reads forecast/testdata/nist/Longley.dat and the made-up data
# weighted.csv and noint.csv beside it, and writes regress_ref.csv there:
# dataset,stat,key,value with key a term name, an observation (1-based) or a
# new row (1-based), and values printed with 17 significant digits.
# Needs R >= 4 and the lmtest package (Debian: r-cran-lmtest).
suppressPackageStartupMessages(library(lmtest))

dir <- "forecast/testdata/ref"
out <- list()
put <- function(ds, stat, key, value) {
  out[[length(out) + 1]] <<- data.frame(dataset = ds, stat = stat, key = as.character(key),
                                        value = sprintf("%.17g", as.numeric(value)))
}

ref <- function(ds, fit, preds, newdata) {
  s <- summary(fit)
  cf <- s$coefficients
  terms <- rownames(cf)
  put(ds, "estimate", terms, cf[, 1])
  put(ds, "std_error", terms, cf[, 2])
  put(ds, "t", terms, cf[, 3])
  put(ds, "p", terms, cf[, 4])
  ci <- confint(fit, level = 0.95)
  put(ds, "lower", terms, ci[, 1])
  put(ds, "upper", terms, ci[, 2])
  put(ds, "r_squared", "", s$r.squared)
  put(ds, "adj_r_squared", "", s$adj.r.squared)
  put(ds, "f", "", s$fstatistic[1])
  put(ds, "f_p", "", pf(s$fstatistic[1], s$fstatistic[2], s$fstatistic[3], lower.tail = FALSE))
  put(ds, "sigma", "", s$sigma)
  put(ds, "loglik", "", logLik(fit))
  put(ds, "aic", "", AIC(fit))
  put(ds, "bic", "", BIC(fit))
  put(ds, "hat", seq_along(hatvalues(fit)), hatvalues(fit))
  put(ds, "cook", seq_along(cooks.distance(fit)), cooks.distance(fit))

  e <- weighted.residuals(fit) # sqrt(w) * e; all weights here are positive
  n <- length(e)
  put(ds, "durbin_watson", "", sum(diff(e)^2) / sum(e^2))
  L <- max(1, min(10, n %/% 5))
  lb <- Box.test(e, lag = L, type = "Ljung-Box")
  put(ds, "ljung_box_lag", "", L)
  put(ds, "ljung_box", "", lb$statistic)
  put(ds, "ljung_box_p", "", lb$p.value)
  d <- e - mean(e)
  m2 <- mean(d^2); sk <- mean(d^3) / m2^1.5; ku <- mean(d^4) / m2^2
  jb <- n / 6 * (sk^2 + (ku - 3)^2 / 4)
  put(ds, "jarque_bera", "", jb)
  put(ds, "jarque_bera_p", "", pchisq(jb, 2, lower.tail = FALSE))
  bp <- bptest(fit) # studentize = TRUE (Koenker), the default
  put(ds, "breusch_pagan", "", bp$statistic)
  put(ds, "breusch_pagan_df", "", bp$parameter)
  put(ds, "breusch_pagan_p", "", bp$p.value)

  # VIF by hand: 1/(1 - R²) of each predictor on the others, weighted as
  # the fit, with the intercept if the fit has one (uncentred R² without).
  X <- model.matrix(fit)
  icpt <- "(Intercept)" %in% colnames(X)
  preds_x <- setdiff(colnames(X), "(Intercept)")
  w <- weights(fit)
  if (is.null(w)) w <- rep(1, nrow(X))
  for (j in preds_x) {
    others <- setdiff(preds_x, j)
    if (length(others) == 0) { put(ds, "vif", j, 1); next }
    Z <- X[, others, drop = FALSE]
    a <- if (icpt) lm(X[, j] ~ Z, weights = w) else lm(X[, j] ~ 0 + Z, weights = w)
    put(ds, "vif", j, 1 / (1 - summary(a)$r.squared))
  }

  pc <- predict(fit, newdata, interval = "confidence", level = 0.95, se.fit = TRUE)
  pp <- suppressWarnings(predict(fit, newdata, interval = "prediction", level = 0.95))
  k <- seq_len(nrow(newdata))
  put(ds, "pred_fit", k, pc$fit[, "fit"])
  put(ds, "pred_se", k, pc$se.fit)
  put(ds, "pred_conf_lower", k, pc$fit[, "lwr"])
  put(ds, "pred_conf_upper", k, pc$fit[, "upr"])
  put(ds, "pred_obs_lower", k, pp[, "lwr"])
  put(ds, "pred_obs_upper", k, pp[, "upr"])
}

# NIST StRD Longley: data on lines 61-76 of the .dat file.
lg <- read.table("forecast/testdata/nist/Longley.dat", skip = 60, nrows = 16,
                 col.names = c("y", paste0("x", 1:6)))
ref("longley", lm(y ~ ., data = lg), NULL,
    data.frame(x1 = c(100, 110), x2 = c(400000, 500000), x3 = c(3000, 2500),
               x4 = c(2500, 3000), x5 = c(115000, 125000), x6 = c(1955, 1963)))

wd <- read.csv(file.path(dir, "weighted.csv"))
ref("weighted", lm(sales ~ price + spend + t, data = wd, weights = w), NULL,
    data.frame(price = c(11, 14.5), spend = c(6, 3), t = c(25, 26)))

ni <- read.csv(file.path(dir, "noint.csv"))
ref("noint", lm(y ~ 0 + a + b, data = ni), NULL,
    data.frame(a = c(3, 9), b = c(2.5, 4.5)))

res <- do.call(rbind, out)
write.csv(res, file.path(dir, "regress_ref.csv"), row.names = FALSE, quote = FALSE)
cat(R.version.string, "lmtest", as.character(packageVersion("lmtest")), "\n")
