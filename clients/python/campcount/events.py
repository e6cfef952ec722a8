"""Typed events of an Estimate stream, and the result they add up to.

Each event keeps the protobuf message it came from in ``.proto``, so fields
added to the contract later are reachable before this module names them.
"""

from dataclasses import dataclass, field
from typing import Any, List, Optional


@dataclass(frozen=True)
class Started:
    """The engine opened the image and planned the tiles."""
    tile_count: int
    tile_size_px: int
    source: str
    detector: str
    estimators: List[str]
    score_threshold: float
    scene: Any  # campcount.v1.Scene
    proto: Any = field(repr=False)

    @classmethod
    def from_proto(cls, m):
        return cls(m.tile_count, m.tile_size_px, m.source, m.detector,
                   list(m.estimators), m.score_threshold, m.scene, m)


@dataclass(frozen=True)
class Progress:
    """Tiles done so far."""
    tiles_done: int
    tile_count: int
    detections_so_far: int
    proto: Any = field(repr=False)

    @property
    def fraction(self):
        return self.tiles_done / self.tile_count if self.tile_count else 1.0

    @classmethod
    def from_proto(cls, m):
        return cls(m.tiles_done, m.tile_count, m.detections_so_far, m)


@dataclass(frozen=True)
class Detections:
    """A batch of detections (sent when include_detections=True)."""
    detections: List[Any]  # campcount.v1.Detection
    proto: Any = field(repr=False)

    @classmethod
    def from_proto(cls, m):
        return cls(list(m.detections), m)


@dataclass(frozen=True)
class Estimate:
    """One estimator's population estimate, with its explanation."""
    estimator: str
    estimator_version: str
    population: float
    lower: Optional[float]
    upper: Optional[float]
    level: Optional[float]
    formula: str
    summary: str
    warnings: List[str]
    explanation: Any = field(repr=False)  # campcount.v1.Explanation
    proto: Any = field(repr=False)

    @classmethod
    def from_proto(cls, m):
        has_interval = m.HasField("interval")
        i = m.interval
        return cls(m.estimator, m.estimator_version, m.population,
                   i.lower if has_interval else None,
                   i.upper if has_interval else None,
                   i.level if has_interval else None,
                   m.explanation.formula, m.explanation.summary,
                   list(m.explanation.warnings), m.explanation, m)


@dataclass(frozen=True)
class Done:
    """The request finished: what was measured, and how long it took."""
    tent_count: int
    total_tent_area_m2: float
    seconds: float
    features: Any  # campcount.v1.CampFeatures
    proto: Any = field(repr=False)

    @classmethod
    def from_proto(cls, m):
        return cls(m.features.tent_count, m.features.total_tent_area_m2,
                   m.seconds, m.features, m)


@dataclass(frozen=True)
class OtherEvent:
    """An event kind this client does not know yet (a newer server)."""
    kind: str
    proto: Any


_CONVERTERS = {
    "started": Started.from_proto,
    "progress": Progress.from_proto,
    "detections": Detections.from_proto,
    "estimate": Estimate.from_proto,
    "done": Done.from_proto,
}


def event_from_proto(event):
    """campcount.v1.EstimateEvent -> one of the dataclasses above."""
    kind = event.WhichOneof("event")
    convert = _CONVERTERS.get(kind)
    if convert is None:
        return OtherEvent(kind or "", getattr(event, kind) if kind else event)
    return convert(getattr(event, kind))


@dataclass
class EstimateResult:
    """Everything an Estimate call produced."""
    started: Optional[Started] = None
    estimates: List[Estimate] = field(default_factory=list)
    detections: List[Any] = field(default_factory=list)
    done: Optional[Done] = None
    other: List[OtherEvent] = field(default_factory=list)

    def add(self, event):
        if isinstance(event, Started):
            self.started = event
        elif isinstance(event, Estimate):
            self.estimates.append(event)
        elif isinstance(event, Detections):
            self.detections.extend(event.detections)
        elif isinstance(event, Done):
            self.done = event
        elif isinstance(event, OtherEvent):
            self.other.append(event)

    @property
    def estimate(self):
        """The first (usually only) estimate."""
        return self.estimates[0] if self.estimates else None

    @property
    def features(self):
        return self.done.features if self.done else None

    @property
    def record_id(self):
        """Id of the estimate's record (Client.get_estimate); "" when the
        server records nothing."""
        if self.done is not None and self.done.proto.record_id:
            return self.done.proto.record_id
        for event in self.other:
            if event.kind == "record_id":
                return event.proto
        return ""

    def by_estimator(self, name):
        for e in self.estimates:
            if e.estimator == name:
                return e
        raise KeyError(f"no estimate from '{name}' (have: "
                       f"{', '.join(e.estimator for e in self.estimates)})")
