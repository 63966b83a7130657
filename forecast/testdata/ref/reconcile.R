# Reference values for TestReconcileR (forecast/reconcile_test.go), written
# to reconcile.csv:
#   Rscript reconcile.R > reconcile.csv
# R 4.2.2, base R only. r-cran-hts is not packaged for Debian bookworm, so
# shrink.estim and lowerD below are copied from hts 6.0 (R/MinT.R), and
# the MinT projection uses hts's formula P = J - J W U (U'WU)^-1 U' (not
# the (S'W^-1 S)^-1 S'W^-1 that reconcile.go computes by QR).
# Hierarchy: Total; A, B; AA, AB, BA, BB, BC (n = 8, m = 5).
lowerD <- function(x) {
  n2 <- nrow(x)
  return(diag(apply(x, 2, crossprod) / n2))
}
shrink.estim <- function(x, tar) {
  if (is.matrix(x) == TRUE && is.numeric(x) == FALSE)
    stop("The data matrix must be numeric!", call. = FALSE)
  p <- ncol(x)
  n <- nrow(x)
  covm <- crossprod(x) / n
  corm <- cov2cor(covm)
  xs <- scale(x, center = FALSE, scale = sqrt(diag(covm)))
  v <- (1/(n * (n - 1))) * (crossprod(xs^2) - 1/n * (crossprod(xs))^2)
  diag(v) <- 0
  corapn <- cov2cor(tar)
  d <- (corm - corapn)^2
  lambda <- sum(v)/sum(d)
  lambda <- max(min(lambda, 1), 0)
  shrink.cov <- lambda * tar + (1 - lambda) * covm
  return(list(shrink.cov = shrink.cov, lambda = lambda))
}
C <- rbind(c(1, 1, 1, 1, 1), c(1, 1, 0, 0, 0), c(0, 0, 1, 1, 1))
S <- rbind(C, diag(5))
n <- nrow(S); m <- ncol(S); nagg <- n - m
U <- t(cbind(diag(nagg), -C))
J <- cbind(matrix(0, m, nagg), diag(m))
mintP <- function(W) J - J %*% W %*% U %*% solve(t(U) %*% W %*% U) %*% t(U)

set.seed(2019)
Tn <- 30; h <- 3
L <- matrix(rnorm(25, 0, 0.5), 5) + diag(5)
eb <- matrix(rnorm(Tn * 5), Tn) %*% L                  # correlated bottom errors
ea <- eb %*% t(C) + matrix(rnorm(Tn * nagg, 0, 0.7), Tn) # aggregates: sums plus their own error
res <- cbind(ea, eb)                                   # T x n, hts layout
bottom <- matrix(runif(h * m, 5, 20), m)
yhat <- S %*% bottom + matrix(rnorm(n * h, 0, 3), n)   # incoherent base forecasts
sd80 <- matrix(runif(n * h, 1, 4), n)
sd95 <- sd80 * matrix(runif(n * h, 1, 1.3), n)
z80 <- qnorm(0.9); z95 <- qnorm(0.975)

out <- function(case, kind, M) {
  M <- as.matrix(M)
  for (i in seq_len(nrow(M))) for (j in seq_len(ncol(M)))
    cat(sprintf("%s,%s,%d,%d,%.17g\n", case, kind, i - 1, j - 1, M[i, j]))
}
cat("case,kind,i,j,value\n")
out("all", "S", S)
out("all", "resid", t(res))
out("all", "mean", yhat)
out("all", "lo80", yhat - z80 * sd80); out("all", "hi80", yhat + z80 * sd80)
out("all", "lo95", yhat - z95 * sd95); out("all", "hi95", yhat + z95 * sd95)
for (case in c("mint", "short")) {
  Tc <- if (case == "mint") Tn else 8
  r <- res[1:Tc, ]
  sh <- shrink.estim(r, lowerD(r))
  if (case == "mint") {
    P <- mintP(sh$shrink.cov)
    out(case, "lambda", sh$lambda)
  } else { # fewer than 12 periods: WLS structural
    Winv <- diag(1 / rowSums(S))
    P <- solve(t(S) %*% Winv %*% S) %*% t(S) %*% Winv
  }
  R <- cov2cor(sh$shrink.cov)
  out(case, "G", P)
  out(case, "rmean", S %*% P %*% yhat)
  rsd80 <- rsd95 <- matrix(0, n, h)
  for (k in 1:h) {
    V80 <- S %*% P %*% diag(sd80[, k]) %*% R %*% diag(sd80[, k]) %*% t(P) %*% t(S)
    V95 <- S %*% P %*% diag(sd95[, k]) %*% R %*% diag(sd95[, k]) %*% t(P) %*% t(S)
    rsd80[, k] <- sqrt(diag(V80))
    rsd95[, k] <- sqrt(diag(V95))
  }
  out(case, "rsd80", rsd80)
  out(case, "rsd95", rsd95)
}
