"""campcount.Client: the CampCount gRPC service as a small Python API.

    import campcount
    with campcount.Client("127.0.0.1:7311") as client:
        for event in client.estimate("camp.tif", boundary="camp.geojson"):
            print(event)

Every failed call raises a campcount.CampcountError subclass (see errors.py).
"""

import json
import numbers
import os

import grpc

from . import errors
from .events import Estimate, EstimateResult, event_from_proto
from .plugins import PluginList
from .results import Calibration, Comparison, DatasetProgress, SupplyNeeds
from .v1 import (calibration_pb2, comparison_pb2, estimate_pb2, needs_pb2,
                 records_pb2, service_pb2, service_pb2_grpc)

# Detection batches of a large camp exceed gRPC's default 4 MiB.
_MAX_MESSAGE_BYTES = 512 * 1024 * 1024


def _server_path(path):
    """Local paths become absolute (the server resolves them, not us)."""
    path = os.fspath(path)
    if "://" in path or path.startswith("/vsi") or not os.path.exists(path):
        return path
    return os.path.normpath(os.path.abspath(path))


def _optional_path(path):
    """None and "" stay unset; anything else as _server_path."""
    return _server_path(path) if path else None


def _boundary_text(boundary):
    """A path to a GeoJSON file, GeoJSON text, or a dict -> GeoJSON text."""
    if boundary is None:
        return ""
    if isinstance(boundary, dict):
        return json.dumps(boundary)
    text = os.fspath(boundary)
    if text.lstrip().startswith("{"):
        return text
    try:
        with open(text, encoding="utf-8") as f:
            return f.read()
    except OSError as e:
        raise errors.InvalidArgument(
            f"cannot read boundary file '{text}': {e.strerror}") from None


class EstimateCall:
    """A running Estimate: iterate for typed events; ``result()`` for the end.

    Iterating yields Started, Progress, Detections, Estimate and Done events
    (campcount.events) as the server sends them and fills ``self.result_so_far``;
    ``result()`` reads whatever is left and returns the EstimateResult.
    ``cancel()`` stops the request on the server.
    """

    def __init__(self, stream):
        self._stream = stream
        self._result = EstimateResult()
        self._finished = False

    def __iter__(self):
        try:
            for message in self._stream:
                event = event_from_proto(message)
                self._result.add(event)
                yield event
        except grpc.RpcError as e:
            raise errors.from_rpc_error(e, "CampCount/Estimate") from None
        self._finished = True

    def result(self):
        """Consumes the rest of the stream and returns the EstimateResult."""
        if not self._finished:
            for _ in self:
                pass
        return self._result

    @property
    def result_so_far(self):
        return self._result

    def cancel(self):
        self._stream.cancel()


class Client:
    """A connection to campcountd at ``address`` ("host:port").

    ``root_certificates``: PEM bytes to connect with TLS; None for plain text.
    ``timeout``: default seconds per call (None: no deadline).
    """

    def __init__(self, address, *, root_certificates=None, timeout=None,
                 options=None):
        channel_options = [
            ("grpc.max_receive_message_length", _MAX_MESSAGE_BYTES),
            ("grpc.max_send_message_length", _MAX_MESSAGE_BYTES),
        ] + list(options or [])
        if root_certificates is not None:
            credentials = grpc.ssl_channel_credentials(root_certificates)
            self._channel = grpc.secure_channel(address, credentials,
                                                channel_options)
        else:
            self._channel = grpc.insecure_channel(address, channel_options)
        self._stub = service_pb2_grpc.CampCountStub(self._channel)
        self.address = address
        self.timeout = timeout

    def close(self):
        self._channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _timeout(self, timeout):
        return self.timeout if timeout is None else timeout

    def _unary(self, name, request, timeout):
        try:
            return getattr(self._stub, name)(request,
                                             timeout=self._timeout(timeout))
        except grpc.RpcError as e:
            raise errors.from_rpc_error(e, f"CampCount/{name}") from None

    def wait_until_ready(self, timeout=10):
        """Blocks until the channel connects; Unavailable if it does not."""
        try:
            grpc.channel_ready_future(self._channel).result(timeout=timeout)
        except grpc.FutureTimeoutError:
            raise errors.Unavailable(
                f"campcountd at {self.address} did not answer within "
                f"{timeout} s") from None

    def health(self, service="", timeout=10):
        """grpc.health.v1 status: "SERVING", "NOT_SERVING", ..."""
        from .reflection import health
        try:
            return health(self._channel, service, timeout)
        except grpc.RpcError as e:
            raise errors.from_rpc_error(e, "Health/Check") from None

    def plugins(self, timeout=None):
        """The loaded plugins and the refused files (a PluginList)."""
        response = self._unary("ListPlugins", service_pb2.ListPluginsRequest(),
                               timeout)
        return PluginList.from_proto(response)

    def estimate(self, image, *, boundary=None, camp_id="", source="",
                 detector="", estimators=(), threshold=None,
                 include_detections=False, target_date="", timeout=None,
                 **extra_fields):
        """Starts an Estimate and returns an EstimateCall.

        ``image``: path or GDAL URI *as the server sees it* (local paths are
        made absolute). ``boundary``: GeoJSON file path, text or dict.
        ``threshold``: minimum detector score (server default 0.5).
        ``extra_fields``: other EstimateRequest fields by name, for fields
        newer than this client's keyword arguments.
        """
        request = service_pb2.EstimateRequest(
            image_uri=_server_path(image),
            boundary_geojson=_boundary_text(boundary), camp_id=camp_id,
            source=source, detector=detector, estimators=list(estimators),
            include_detections=include_detections, target_date=target_date,
            **extra_fields)
        if threshold is not None:
            request.score_threshold = threshold
        try:
            stream = self._stub.Estimate(request,
                                         timeout=self._timeout(timeout))
        except grpc.RpcError as e:
            raise errors.from_rpc_error(e, "CampCount/Estimate") from None
        return EstimateCall(stream)

    def _request(self, cls, name, request, fields):
        """The request message: built from keyword ``fields`` (None values
        left unset), or ``request`` as given. Both at once would leave it
        unclear which wins, so that is a TypeError."""
        try:
            built = cls(**{k: v for k, v in fields.items() if v is not None})
        except (ValueError, TypeError) as e:
            raise errors.InvalidArgument(
                f"{cls.DESCRIPTOR.full_name}: {e}",
                method=f"CampCount/{name}") from None
        if request is None:
            return built
        if not isinstance(request, cls):
            raise TypeError(f"request must be a {cls.DESCRIPTOR.full_name}, "
                            f"not {type(request).__name__}")
        if built.ListFields():
            raise TypeError(
                f"give request= or the {cls.DESCRIPTOR.name} fields, not both")
        return request

    def _dataset_job(self, name, request, on_progress, timeout):
        """Runs a Calibrate or Compare stream: progress to ``on_progress``,
        the result message returned. If anything interrupts the loop (the
        callback raising, Ctrl-C), the call is cancelled so the job stops on
        the server, which runs one dataset job at a time."""
        method = f"CampCount/{name}"
        result = None
        try:
            stream = getattr(self._stub, name)(request,
                                               timeout=self._timeout(timeout))
            try:
                for event in stream:
                    kind = event.WhichOneof("event")
                    if kind == "progress" and on_progress is not None:
                        on_progress(DatasetProgress.from_proto(event.progress))
                    elif kind == "result":
                        result = event.result
            except BaseException:
                stream.cancel()
                raise
        except grpc.RpcError as e:
            raise errors.from_rpc_error(e, method) from None
        if result is None:
            raise errors.Internal("the server ended the stream without a "
                                  "result", method=method)
        return result

    def calibrate(self, dataset=None, estimator=None, *, detector="",
                  threshold=None, on_progress=None, request=None,
                  timeout=None, **extra_fields):
        """Fits ``estimator`` (area_linear, time_adjusted) on a dataset's
        census and writes a new artifact version into the server's model
        repository; returns a campcount.Calibration.

        ``dataset``: dataset.json or its directory, as the server sees it.
        ``detector``: whose counts are fitted (empty: the server's default).
        ``on_progress``: called with each campcount.DatasetProgress; raising
        from it cancels the job. ``extra_fields``: other CalibrateRequest
        fields (camps, include_stale_surveys); or pass ``request=``.
        """
        fields = dict(dataset=_optional_path(dataset), estimator=estimator,
                      detector=detector, score_threshold=threshold,
                      **extra_fields)
        request = self._request(calibration_pb2.CalibrateRequest, "Calibrate",
                                request, fields)
        return Calibration.from_proto(
            self._dataset_job("Calibrate", request, on_progress, timeout))

    def compare(self, dataset=None, pipelines=None, *, threshold=None,
                output_dir="", on_progress=None, request=None, timeout=None,
                **extra_fields):
        """Judges two or more "DETECTOR:ESTIMATOR" pipelines on a dataset's
        census surveys (fitted estimators leave one camp out); returns a
        campcount.Comparison.

        ``output_dir``: where the server writes comparison.csv and
        comparison.png (empty: "comparison" beside dataset.json).
        ``on_progress`` as for calibrate. ``extra_fields``: other
        CompareRequest fields (camps, include_stale_surveys, far_gap_days);
        or pass ``request=`` (also accepted as the first argument).
        """
        if isinstance(dataset, comparison_pb2.CompareRequest):
            request, dataset = dataset, None
        if isinstance(pipelines, str):
            # A string would become one pipeline per character.
            raise TypeError('pipelines is a list of "DETECTOR:ESTIMATOR"')
        fields = dict(dataset=_optional_path(dataset), pipelines=pipelines,
                      score_threshold=threshold,
                      output_dir=_optional_path(output_dir), **extra_fields)
        request = self._request(comparison_pb2.CompareRequest, "Compare",
                                request, fields)
        return Comparison.from_proto(
            self._dataset_job("Compare", request, on_progress, timeout))

    def needs(self, population=None, *, lower=None, upper=None, census=None,
              camp_id="", standards="", trend_people_per_day=None,
              projection_months=0, as_of_date="", request=None, timeout=None,
              **extra_fields):
        """Water, food, soap, toilets, taps and space for a population, now
        and for each month ahead; returns a campcount.SupplyNeeds.

        The population is either ``population``: a number (with ``lower`` /
        ``upper`` for its interval), a campcount.Estimate or a
        campcount.v1.PopulationEstimate (its interval and trend are carried
        through); or ``census`` (a census file the server reads) and
        ``camp_id`` (its site_id), whose latest survey and trend are used.
        ``standards``: "sphere" (default), "unhcr" or a standards file.
        ``projection_months``: 0 means 3. Or pass ``request=`` (also accepted
        as the first argument).
        """
        if isinstance(population, needs_pb2.SupplyNeedsRequest):
            request, population = population, None
        fields = dict(standards=_optional_path(standards),
                      trend_people_per_day=trend_people_per_day,
                      projection_months=projection_months,
                      as_of_date=as_of_date, **extra_fields)
        if population is not None and census is not None:
            raise TypeError("give a population or a census, not both")
        if population is not None:
            fields["estimate"] = _population_estimate(population, lower, upper)
        elif census is not None:
            fields["census"] = census if isinstance(
                census, needs_pb2.CensusBasis) else needs_pb2.CensusBasis(
                    census_uri=_server_path(census), site_id=camp_id)
        request = self._request(needs_pb2.SupplyNeedsRequest, "SupplyNeeds",
                                request, fields)
        return SupplyNeeds.from_proto(
            self._unary("SupplyNeeds", request, timeout))

    def get_estimate(self, record_id, timeout=None):
        """The recorded estimate ``record_id`` (EstimateResult.record_id) with
        everything it was made from: a campcount.v1.EstimateRecord (camp_id,
        for_date, state, estimates, detections, features, scene, ...)."""
        return self._unary("GetEstimate",
                           records_pb2.GetEstimateRequest(id=str(record_id)),
                           timeout)

    def list_estimates(self, camp_id="", from_date="", to_date="", limit=0,
                       timeout=None):
        """Recorded estimates, newest first, as a list of
        campcount.v1.EstimateRecord without detections (get_estimate has
        them). Dates (YYYY-MM-DD, inclusive) filter on what each estimate is
        for; ``limit`` 0 means the server's 100."""
        request = records_pb2.ListEstimatesRequest(
            camp_id=camp_id, from_date=from_date, to_date=to_date, limit=limit)
        return list(self._unary("ListEstimates", request, timeout).records)


def _population_estimate(population, lower, upper):
    """A number, a campcount.Estimate or a PopulationEstimate -> the
    PopulationEstimate a SupplyNeedsRequest carries."""
    if isinstance(population, (Estimate, estimate_pb2.PopulationEstimate)):
        if lower is not None or upper is not None:
            raise TypeError("lower and upper go with a number; an estimate "
                            "carries its own interval")
        return getattr(population, "proto", population)
    if isinstance(population, bool) or not isinstance(population,
                                                      numbers.Real):
        raise TypeError("population must be a number, a campcount.Estimate "
                        f"or a PopulationEstimate, not "
                        f"{type(population).__name__}")
    estimate = estimate_pb2.PopulationEstimate(population=population)
    if lower is not None or upper is not None:
        estimate.interval.lower = population if lower is None else lower
        estimate.interval.upper = population if upper is None else upper
    return estimate
