#include "ols.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace campcount::stats {
namespace {

// One regression case of testdata/reference.txt (numpy's lstsq and inv,
// mpmath's t quantile; see make_reference.py).
struct ReferenceCase {
  std::string name;
  std::vector<std::vector<double>> x;
  std::vector<double> y;
  std::vector<double> beta, se, xtx_inverse;
  double r2 = 0, s = 0;
  int df = 0;
  std::vector<std::vector<double>> predictions;  // x0..., value, lo, hi
};

std::vector<double> Numbers(std::istringstream& in) {
  std::vector<double> out;
  double v;
  while (in >> v) out.push_back(v);
  return out;
}

std::vector<ReferenceCase> ReadCases() {
  std::ifstream in(CAMPCOUNT_STATS_TESTDATA "/reference.txt");
  std::vector<ReferenceCase> cases;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string tag;
    fields >> tag;
    if (tag == "case") {
      cases.emplace_back();
      fields >> cases.back().name;
      continue;
    }
    if (cases.empty()) continue;
    ReferenceCase& c = cases.back();
    std::vector<double> v = Numbers(fields);
    if (tag == "x") c.x.push_back(v);
    if (tag == "y") c.y.push_back(v.at(0));
    if (tag == "beta") c.beta = v;
    if (tag == "se") c.se = v;
    if (tag == "xtxinv") c.xtx_inverse = v;
    if (tag == "r2") c.r2 = v.at(0);
    if (tag == "s") c.s = v.at(0);
    if (tag == "df") c.df = static_cast<int>(v.at(0));
    if (tag == "pred") c.predictions.push_back(v);
  }
  return cases;
}

void ExpectRelative(double got, double expected, const std::string& what) {
  EXPECT_NEAR(got, expected, 1e-9 * std::fabs(expected)) << what;
}

TEST(Ols, MatchesNumpyToOnePartInABillion) {
  const std::vector<ReferenceCase> cases = ReadCases();
  ASSERT_EQ(cases.size(), 2u) << "reference.txt not found or incomplete";
  for (const ReferenceCase& c : cases) {
    SCOPED_TRACE(c.name);
    const int n = static_cast<int>(c.x.size());
    const int p = static_cast<int>(c.x[0].size());
    Eigen::MatrixXd x(n, p);
    Eigen::VectorXd y(n);
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < p; ++j) x(i, j) = c.x[i][j];
      y(i) = c.y[i];
    }
    absl::StatusOr<OlsFit> fit = FitOls(x, y);
    ASSERT_TRUE(fit.ok()) << fit.status();
    EXPECT_EQ(fit->n, n);
    EXPECT_EQ(fit->degrees_of_freedom, c.df);
    for (int j = 0; j < p; ++j) {
      ExpectRelative(fit->coefficients(j), c.beta[j], "coefficient");
      ExpectRelative(fit->standard_errors(j), c.se[j], "standard error");
      for (int k = 0; k < p; ++k) {
        ExpectRelative(fit->xtx_inverse(j, k), c.xtx_inverse[j * p + k],
                       "(X'X)^-1");
      }
    }
    ExpectRelative(fit->r_squared, c.r2, "R²");
    ExpectRelative(fit->residual_sd, c.s, "residual SD");
    ASSERT_EQ(c.predictions.size(), 2u);
    for (const std::vector<double>& row : c.predictions) {
      Eigen::VectorXd x0(p);
      for (int j = 0; j < p; ++j) x0(j) = row[j];
      const Prediction got =
          Predict(fit->coefficients, fit->xtx_inverse, fit->residual_sd,
                  fit->degrees_of_freedom, x0, 0.95);
      ExpectRelative(got.value, row[p], "prediction");
      ExpectRelative(got.lower, row[p + 1], "lower bound");
      ExpectRelative(got.upper, row[p + 2], "upper bound");
    }
  }
}

TEST(Ols, RefusesTooFewExamples) {
  Eigen::MatrixXd x(2, 2);
  x << 1, 1, 1, 2;
  Eigen::VectorXd y(2);
  y << 1, 2;
  absl::StatusOr<OlsFit> fit = FitOls(x, y);
  ASSERT_FALSE(fit.ok());
  EXPECT_NE(fit.status().message().find("more examples than coefficients"),
            std::string::npos)
      << fit.status();
}

TEST(Ols, RefusesAConstantInput) {
  Eigen::MatrixXd x(4, 2);
  x << 1, 5, 1, 5, 1, 5, 1, 5;
  Eigen::VectorXd y(4);
  y << 1, 2, 3, 4;
  absl::StatusOr<OlsFit> fit = FitOls(x, y);
  ASSERT_FALSE(fit.ok());
  EXPECT_NE(fit.status().message().find("collinear"), std::string::npos);
}

}  // namespace
}  // namespace campcount::stats
