// Package forecast holds the forecasting methods of coo: simple benchmarks
// (naive, seasonal naive, drift, mean), a linear trend with seasonal
// dummies by OLS (FitOLS), the M4 exponential-smoothing benchmarks (SES,
// Holt, Damped) on seasonally adjusted data, Theta, the ETS family of
// exponential smoothing state-space models (fitted by maximum likelihood,
// selected by AICc), seasonal ARIMA (AutoARIMA), Croston, SBA and TSB for
// intermittent demand, a combination, and Auto, the default. Auto
// publishes the mean of ETS, Theta, the optimised Theta method, SES and
// ARIMA for monthly and finer data (m >= 12), of ETS, Theta and ETS
// restricted to damped-trend models weighted 2:2:1 for quarterly data, of
// ETS, Theta and the damped trend for yearly data, and for series of mostly
// zeros or small counts the best of Croston, SBA, TSB and that mean by
// backtest; its intervals are calibrated by a rolling-origin backtest, and
// it says how it did against seasonal naive. Run and Methods name the methods; Batch runs many series
// in parallel; Backtest, Score and MeanAccuracy measure accuracy as the M4
// competition does; Reconcile makes the forecasts of a hierarchy add up.
//
// The package is pure: it does no I/O, keeps no mutable package state and
// imports only the standard library, gonum and golang.org/x/sync. Randomness,
// where a method needs it, comes from a *rand.Rand the caller passes in.
//
// # Conventions
//
// A series is a []float64, oldest observation first, with no NaN or Inf, and
// a season length m (12 monthly, 4 quarterly, 1 for none). The caller keeps
// the calendar: step h of a forecast is the h-th period after the last
// observation. Inputs are never modified.
//
// Every method returns a *Forecast with the point forecasts and 80% and 95%
// prediction intervals. Problems with the data (too short, non-positive data
// for a multiplicative model, NaN) come back as errors that wrap the
// sentinels ErrTooShort, ErrNonPositive and ErrNaN. Caller bugs (h < 1,
// m < 1, a dst of the wrong length) panic, as in gonum.
//
// # Backtests
//
// A rolling-origin backtest forecasts from origins inside the series and
// scores each forecast on the observations after it. By default (Backtest
// without Options.Refit) the parameters fitted on the whole series are
// kept and only the recursions are re-run to each origin: cheap, but
// optimistic, as the parameters have seen the backtest periods. Auto
// refits its members at three origins (ETS keeps its model form and ARIMA
// its orders), which the training-part study (study_test.go; the figures
// are in README.md) found necessary for calibrated intervals.
//
// Definitions follow R's forecast package (version 8.20) and Hyndman,
// Koehler, Ord and Snyder, "Forecasting with Exponential Smoothing: The
// State Space Approach" (Springer, 2008), cited below as HKOS. Where
// forecast 8.20 departs from the textbook model (the damping of ETS(M,Ad,M)
// and the point forecasts of ETS(M,·,M) beyond one seasonal cycle), this
// package follows the textbook; the differences are documented on
// (*ETS).Forecast.
//
// # Regression
//
// Regress is the least-squares engine for studies: many predictors, optional
// weights, an intercept as a setting, R's lm and summary.lm statistics, and
// collinearity returned as a *CollinearError (ErrCollinear) naming the
// columns, never a silently dropped one. It factorises in double-double
// arithmetic and matches the exact solution of the NIST StRD problems (as
// float64 data) to 15 digits. Diagnose checks a fit's assumptions
// (Durbin–Watson, Ljung–Box, Jarque–Bera, Breusch–Pagan, VIF, leverage,
// Cook's distance) and words each failure; PredictInterval gives the mean's
// and a new observation's intervals. They match R (lm, predict, Box.test,
// lmtest::bptest; testdata/ref/regress_ref.R) to 1e-8 relative. FitOLS, the
// float64 QR fit behind the trend models, is kept for them.
package forecast
