#!/usr/bin/python3
"""Independent reference values for engine/stats tests (numpy + mpmath).

Run with Debian's /usr/bin/python3 (it has numpy and mpmath):
  /usr/bin/python3 engine/stats/testdata/make_reference.py \
      > engine/stats/testdata/reference.txt
The output is plain text, one record per line:
  tq P DF VALUE                      Student t quantile
  case NAME N P                      a regression case, then
  x ROW...  /  y VALUE               its data (N lines each)
  beta V...  /  se V...  /  r2 V  /  s V  /  df V
  xtxinv V... (row-major)
  pred X0... VALUE LOWER UPPER       95 % prediction interval at x0
"""
import mpmath
import numpy as np

mpmath.mp.dps = 40


def t_quantile(p, df):
    p = mpmath.mpf(p)
    df = mpmath.mpf(df)

    def cdf(t):
        x = df / (df + t * t)
        tail = mpmath.betainc(df / 2, mpmath.mpf(1) / 2, 0, x, regularized=True) / 2
        return 1 - tail if t > 0 else tail

    # Bisection at 40 digits on mpmath's own incomplete beta.
    lo, hi = mpmath.mpf(0), mpmath.mpf(10000)
    for _ in range(200):
        mid = (lo + hi) / 2
        if cdf(mid) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def emit_case(name, x, y, x0s, out):
    n, p = x.shape
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ beta
    df = n - p
    s2 = resid @ resid / df
    xtxinv = np.linalg.inv(x.T @ x)
    se = np.sqrt(np.diag(xtxinv) * s2)
    r2 = 1 - (resid @ resid) / np.sum((y - y.mean()) ** 2)
    t = float(t_quantile(0.975, df))
    out.append(f"case {name} {n} {p}")
    for row, value in zip(x, y):
        out.append("x " + " ".join(repr(float(v)) for v in row))
        out.append(f"y {float(value)!r}")
    out.append("beta " + " ".join(repr(float(v)) for v in beta))
    out.append("se " + " ".join(repr(float(v)) for v in se))
    out.append(f"r2 {float(r2)!r}")
    out.append(f"s {float(np.sqrt(s2))!r}")
    out.append(f"df {df}")
    out.append("xtxinv " + " ".join(repr(float(v)) for v in xtxinv.ravel()))
    for x0 in x0s:
        value = float(x0 @ beta)
        half = t * float(np.sqrt(s2 * (1 + x0 @ xtxinv @ x0)))
        out.append("pred " + " ".join(repr(float(v)) for v in x0) +
                   f" {value!r} {value - half!r} {value + half!r}")


def main():
    out = []
    for p in ("0.975", "0.95", "0.995", "0.9", "0.6"):
        for df in (1, 2, 3, 5, 10, 28, 48, 100, 1000):
            out.append(f"tq {p} {df} {float(t_quantile(p, df))!r}")
    rng = np.random.default_rng(20261123)
    # Camp-sized numbers: tent area 4,000-60,000 m², ~0.2 people per m².
    area = rng.uniform(4000, 60000, 30)
    y = 150 + 0.21 * area + rng.normal(0, 600, 30)
    x = np.column_stack([np.ones(30), area])
    emit_case("area_linear", x, y,
              [np.array([1.0, 20000.0]), np.array([1.0, 90000.0])], out)
    area = rng.uniform(4000, 60000, 50)
    days = rng.integers(5, 200, 50).astype(float)
    y = 100 + 0.2 * area + 4.0 * days + rng.normal(0, 500, 50)
    x = np.column_stack([np.ones(50), area, days])
    emit_case("time_adjusted", x, y,
              [np.array([1.0, 25000.0, 30.0]), np.array([1.0, 70000.0, 400.0])],
              out)
    print("\n".join(out))


if __name__ == "__main__":
    main()
