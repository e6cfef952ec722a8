"""Python exceptions for the gRPC statuses campcount answers with.

Every failed call raises a subclass of CampcountError carrying the gRPC code
and the server's message (which names the file, plugin or field at fault), so
callers can write ``except campcount.NotFound`` instead of inspecting codes.
"""

import grpc


class CampcountError(Exception):
    """A call to campcountd failed. ``code`` is the grpc.StatusCode."""

    code = grpc.StatusCode.UNKNOWN

    def __init__(self, message, code=None, method=None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.method = method

    def __str__(self):
        where = f" ({self.method})" if self.method else ""
        return f"{self.code.name}{where}: {self.message}"


class Cancelled(CampcountError):
    code = grpc.StatusCode.CANCELLED


class InvalidArgument(CampcountError):
    """The request is wrong: a bad value, an unreadable image or boundary."""
    code = grpc.StatusCode.INVALID_ARGUMENT


class DeadlineExceeded(CampcountError):
    """The call, or a remote plugin the engine called, took too long."""
    code = grpc.StatusCode.DEADLINE_EXCEEDED


class NotFound(CampcountError):
    """A named plugin, file or record does not exist."""
    code = grpc.StatusCode.NOT_FOUND


class AlreadyExists(CampcountError):
    code = grpc.StatusCode.ALREADY_EXISTS


class PermissionDenied(CampcountError):
    code = grpc.StatusCode.PERMISSION_DENIED


class ResourceExhausted(CampcountError):
    """The engine is at its limit of concurrent estimates; retry later."""
    code = grpc.StatusCode.RESOURCE_EXHAUSTED


class FailedPrecondition(CampcountError):
    """The engine is not set up for this call (e.g. a plugin not configured)."""
    code = grpc.StatusCode.FAILED_PRECONDITION


class Aborted(CampcountError):
    code = grpc.StatusCode.ABORTED


class OutOfRange(CampcountError):
    code = grpc.StatusCode.OUT_OF_RANGE


class Unimplemented(CampcountError):
    """The server (or this client's protos) does not have this method."""
    code = grpc.StatusCode.UNIMPLEMENTED


class Internal(CampcountError):
    """A bug, or a plugin / remote that answered garbage."""
    code = grpc.StatusCode.INTERNAL


class Unavailable(CampcountError):
    """campcountd, or a remote plugin it calls, cannot be reached."""
    code = grpc.StatusCode.UNAVAILABLE


class DataLoss(CampcountError):
    code = grpc.StatusCode.DATA_LOSS


class Unauthenticated(CampcountError):
    code = grpc.StatusCode.UNAUTHENTICATED


_BY_CODE = {cls.code: cls for cls in (
    Cancelled, InvalidArgument, DeadlineExceeded, NotFound, AlreadyExists,
    PermissionDenied, ResourceExhausted, FailedPrecondition, Aborted,
    OutOfRange, Unimplemented, Internal, Unavailable, DataLoss,
    Unauthenticated)}


def from_rpc_error(error, method=None):
    """Turns a grpc.RpcError into the matching CampcountError subclass."""
    code = error.code() if hasattr(error, "code") else grpc.StatusCode.UNKNOWN
    details = error.details() if hasattr(error, "details") else str(error)
    cls = _BY_CODE.get(code, CampcountError)
    return cls(details or code.name, code=code, method=method)
