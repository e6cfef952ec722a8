#include "ols.h"

#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "student_t.h"

namespace campcount::stats {

absl::StatusOr<OlsFit> FitOls(const Eigen::MatrixXd& x,
                              const Eigen::VectorXd& y) {
  const int n = static_cast<int>(x.rows());
  const int p = static_cast<int>(x.cols());
  if (y.size() != n) {
    return absl::InvalidArgumentError(absl::StrCat(
        "least squares: ", n, " rows of inputs but ", y.size(), " outcomes"));
  }
  if (n <= p) {
    return absl::FailedPreconditionError(
        absl::StrCat("least squares: ", n, " examples for ", p,
                     " coefficients; a fit needs more examples than "
                     "coefficients"));
  }
  if (!x.allFinite() || !y.allFinite()) {
    return absl::InvalidArgumentError(
        "least squares: an input or outcome is not a finite number");
  }
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(x);
  if (qr.rank() < p) {
    return absl::FailedPreconditionError(absl::StrCat(
        "least squares: the inputs are collinear (rank ", qr.rank(), " of ", p,
        "); e.g. one input is the same in every example"));
  }
  OlsFit fit;
  fit.n = n;
  fit.degrees_of_freedom = n - p;
  fit.coefficients = qr.solve(y);
  // (X'X)^-1 = P R^-1 R^-T P' from the pivoted QR.
  const Eigen::MatrixXd r =
      qr.matrixR().topLeftCorner(p, p).triangularView<Eigen::Upper>();
  const Eigen::MatrixXd r_inverse =
      r.triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(p, p));
  const Eigen::MatrixXd unpivoted = r_inverse * r_inverse.transpose();
  fit.xtx_inverse =
      qr.colsPermutation() * unpivoted * qr.colsPermutation().transpose();
  const Eigen::VectorXd residuals = y - x * fit.coefficients;
  const double rss = residuals.squaredNorm();
  fit.residual_sd = std::sqrt(rss / fit.degrees_of_freedom);
  const double tss = (y.array() - y.mean()).matrix().squaredNorm();
  fit.r_squared = tss > 0 ? 1 - rss / tss : 0;
  fit.standard_errors =
      (fit.xtx_inverse.diagonal().array() * rss / fit.degrees_of_freedom)
          .sqrt();
  return fit;
}

Prediction Predict(const Eigen::VectorXd& coefficients,
                   const Eigen::MatrixXd& xtx_inverse, double residual_sd,
                   int degrees_of_freedom, const Eigen::VectorXd& x0,
                   double level) {
  Prediction out;
  out.value = coefficients.dot(x0);
  out.leverage = x0.dot(xtx_inverse * x0);
  out.standard_error = residual_sd * std::sqrt(1 + out.leverage);
  const double t = StudentTQuantile(0.5 + level / 2, degrees_of_freedom);
  out.lower = out.value - t * out.standard_error;
  out.upper = out.value + t * out.standard_error;
  return out;
}

}  // namespace campcount::stats
