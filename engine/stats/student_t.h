// Student's t distribution: CDF and quantile, for prediction and confidence
// intervals. Written out (incomplete beta by continued fraction) because
// Debian's toolchain offers no statistics library for C++.
#ifndef CAMPCOUNT_ENGINE_STATS_STUDENT_T_H_
#define CAMPCOUNT_ENGINE_STATS_STUDENT_T_H_

namespace campcount::stats {

// I_x(a, b), the regularized incomplete beta function, for a, b > 0 and
// 0 <= x <= 1. Relative accuracy about 1e-14.
double RegularizedIncompleteBeta(double a, double b, double x);

// P(T <= t) for T ~ t(df), df > 0.
double StudentTCdf(double t, double df);

// The t with P(T <= t) = p, for 0 < p < 1 and df > 0 (e.g. p = 0.975 gives
// the multiplier of a two-sided 95 % interval). NaN outside the domain.
double StudentTQuantile(double p, double df);

}  // namespace campcount::stats

#endif  // CAMPCOUNT_ENGINE_STATS_STUDENT_T_H_
