// Ordinary least squares with the statistics an explanation needs:
// coefficients, their standard errors, R², the residual standard deviation,
// and prediction intervals that account for the point's leverage.
#ifndef CAMPCOUNT_ENGINE_STATS_OLS_H_
#define CAMPCOUNT_ENGINE_STATS_OLS_H_

#include <Eigen/Dense>
#include <vector>

#include "absl/status/statusor.h"

namespace campcount::stats {

struct OlsFit {
  Eigen::VectorXd coefficients;
  Eigen::VectorXd standard_errors;
  // (X'X)^-1; the coefficients' covariance is residual_sd² times this.
  Eigen::MatrixXd xtx_inverse;
  double residual_sd = 0;
  double r_squared = 0;
  int n = 0;
  int degrees_of_freedom = 0;
};

// Fits y = X b by least squares (Householder QR, so a badly scaled column
// does not cost precision). X carries its own intercept column. Fails when
// there are not more rows than columns or X is rank deficient (e.g. every
// camp has the same tent area), naming the problem.
absl::StatusOr<OlsFit> FitOls(const Eigen::MatrixXd& x,
                              const Eigen::VectorXd& y);

struct Prediction {
  double value = 0;
  // Standard error of a new observation at x0: s * sqrt(1 + x0'(X'X)^-1 x0).
  double standard_error = 0;
  double leverage = 0;  // x0'(X'X)^-1 x0
  double lower = 0;
  double upper = 0;
};

// The prediction at x0 with a two-sided interval at `level` (e.g. 0.95),
// from the t distribution with the fit's degrees of freedom.
Prediction Predict(const Eigen::VectorXd& coefficients,
                   const Eigen::MatrixXd& xtx_inverse, double residual_sd,
                   int degrees_of_freedom, const Eigen::VectorXd& x0,
                   double level);

}  // namespace campcount::stats

#endif  // CAMPCOUNT_ENGINE_STATS_OLS_H_
