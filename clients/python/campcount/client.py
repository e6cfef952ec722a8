"""campcount.Client: the CampCount gRPC service as a small Python API.

    import campcount
    with campcount.Client("127.0.0.1:7311") as client:
        for event in client.estimate("camp.tif", boundary="camp.geojson"):
            print(event)

Every failed call raises a campcount.CampcountError subclass (see errors.py).
"""

import json
import os

import grpc

from . import errors
from .events import EstimateResult, event_from_proto
from .plugins import PluginList
from .v1 import service_pb2, service_pb2_grpc

# Detection batches of a large camp exceed gRPC's default 4 MiB.
_MAX_MESSAGE_BYTES = 512 * 1024 * 1024


def _image_uri(image):
    """Local paths become absolute (the server resolves them, not us)."""
    image = os.fspath(image)
    if "://" in image or image.startswith("/vsi") or not os.path.exists(image):
        return image
    return os.path.normpath(os.path.abspath(image))


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
            image_uri=_image_uri(image),
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

    # RPCs added by later parts of the contract, called by name so that this
    # client works with whichever protos it was built from.
    def compare(self, request=None, timeout=None, **fields):
        """CampCount/Compare: A/B comparison of estimators over a dataset."""
        return self._call_by_name("Compare", request, timeout, fields)

    def needs(self, request=None, timeout=None, **fields):
        """CampCount/SupplyNeeds: supplies for a population, by standard."""
        return self._call_by_name("SupplyNeeds", request, timeout, fields)

    def _call_by_name(self, name, request, timeout, fields):
        service = service_pb2.DESCRIPTOR.services_by_name["CampCount"]
        method = service.methods_by_name.get(name)
        if method is None or not hasattr(self._stub, name):
            raise errors.Unimplemented(
                f"this client was built from protos without CampCount/{name}; "
                "rebuild it from the server's proto/ directory",
                method=f"CampCount/{name}")
        if request is None:
            from google.protobuf import symbol_database
            request_class = symbol_database.Default().GetSymbol(
                method.input_type.full_name)
            try:
                request = request_class(**fields)
            except (ValueError, TypeError) as e:
                raise errors.InvalidArgument(
                    f"{method.input_type.full_name}: {e}",
                    method=f"CampCount/{name}") from None
        callable_ = getattr(self._stub, name)
        if isinstance(callable_, grpc.UnaryStreamMultiCallable):
            return self._stream_by_name(name, callable_, request, timeout)
        return self._unary(name, request, timeout)

    def _stream_by_name(self, name, callable_, request, timeout):
        try:
            return list(callable_(request, timeout=self._timeout(timeout)))
        except grpc.RpcError as e:
            raise errors.from_rpc_error(e, f"CampCount/{name}") from None
