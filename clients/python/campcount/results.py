"""What calibrate, compare and needs return, as plain Python objects.

Each keeps the protobuf message it came from in ``.proto`` (and the nested
parts as messages), so fields added to the contract later are reachable
before this module names them.
"""

from dataclasses import dataclass, field
from typing import Any, Dict, List, Tuple


@dataclass(frozen=True)
class DatasetProgress:
    """A step of a calibration or comparison, e.g. "detecting
    (bright_shelter) on AD_S004 image 2019-03-14". The server merges steps a
    slow reader has not taken yet, so a callback may not see every one."""
    stage: str
    done: int
    total: int
    proto: Any = field(repr=False)

    @property
    def fraction(self):
        return self.done / self.total if self.total else 1.0

    @classmethod
    def from_proto(cls, m):
        return cls(m.stage, m.done, m.total, m)


@dataclass(frozen=True)
class Calibration:
    """A fitted estimator: the artifact written into the model repository.

    ``version`` is what EstimateRequest.calibration_version takes; ``path``
    the human-readable calibration.json (on the server); ``coefficients``
    maps "intercept", "total_tent_area_m2", ... to their values.
    """
    estimator: str
    version: str
    path: str
    n: int
    r_squared: float
    coefficients: Dict[str, float]
    notes: List[str]
    images_detected: int
    seconds: float
    fit: Any = field(repr=False)       # campcount.v1.LinearFit
    artifact: Any = field(repr=False)  # campcount.v1.CalibrationArtifact
    proto: Any = field(repr=False)     # campcount.v1.CalibrateResult

    @classmethod
    def from_proto(cls, m):
        a = m.artifact
        return cls(a.estimator, a.version, m.path, a.fit.n, a.fit.r_squared,
                   {c.name: c.value for c in a.fit.coefficients},
                   list(m.notes), m.images_detected, m.seconds, a.fit, a, m)


@dataclass(frozen=True)
class Comparison:
    """Pipelines judged on the same census surveys.

    ``pipelines`` maps each pipeline, named "DETECTOR:ESTIMATOR" as the
    server resolved it (a bare "area_linear" becomes
    "bright_shelter:area_linear" under that default detector), to its
    campcount.v1.PipelineSummary (``overall``, ``far_gap``, ``near_gap``
    ErrorMetrics, ``evaluation``), in the order asked. ``camps`` maps
    (pipeline, camp id) to that camp's ErrorMetrics; ``paired`` holds the
    PairedComparison of every two pipelines; ``points`` every survey judged.
    """
    pipelines: Dict[str, Any]
    camps: Dict[Tuple[str, str], Any]
    paired: List[Any]
    points: List[Any]
    notes: List[str]
    csv_path: str
    plot_path: str
    images_detected: int
    seconds: float
    proto: Any = field(repr=False)  # campcount.v1.CompareResult

    @classmethod
    def from_proto(cls, m):
        return cls({p.pipeline: p for p in m.pipelines},
                   {(c.pipeline, c.camp_id): c.metrics for c in m.camps},
                   list(m.paired), list(m.points), list(m.notes), m.csv_path,
                   m.plot_path, m.images_detected, m.seconds, m)

    def metrics(self, pipeline):
        """The pipeline's ErrorMetrics over all surveys (mae, mape, rmse,
        bias, coverage, n, ...)."""
        try:
            return self.pipelines[pipeline].overall
        except KeyError:
            raise KeyError(f"no pipeline '{pipeline}' (have: "
                           f"{', '.join(self.pipelines)})") from None


@dataclass(frozen=True)
class SupplyNeeds:
    """Supplies for a population under a standard, now and per month ahead.

    ``periods`` are campcount.v1.SupplyPeriod messages: periods[0] is now,
    then one per projected month; each has ``label``, ``date``,
    ``population`` and ``lines`` (SupplyLine: ``item``, ``unit``,
    ``per_day`` / ``per_month`` for consumables, ``required`` for
    facilities, each a Quantity with value, lower, upper).
    """
    standards_file: str
    standards_name: str
    basis: str
    trend_people_per_day: float
    periods: List[Any]
    warnings: List[str]
    proto: Any = field(repr=False)  # campcount.v1.SupplyNeedsResponse

    @classmethod
    def from_proto(cls, m):
        return cls(m.standards_file, m.standards_name, m.basis,
                   m.trend_people_per_day, list(m.periods), list(m.warnings),
                   m)

    @property
    def now(self):
        return self.periods[0] if self.periods else None

    def line(self, item, period=0):
        """The SupplyLine for ``item`` ("water", "toilets (female)", ...) in
        periods[period]."""
        lines = self.periods[period].lines
        for line in lines:
            if line.item == item:
                return line
        raise KeyError(f"no line '{item}' (have: "
                       f"{', '.join(l.item for l in lines)})")
