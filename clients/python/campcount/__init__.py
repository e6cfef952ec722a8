"""Python client for campcount, the camp population estimation engine.

    import campcount
    client = campcount.Client("127.0.0.1:7311")
    result = client.estimate("camp.tif", boundary="camp.geojson").result()
    print(result.estimate.population, result.estimate.formula)
    print(client.needs(result.estimate).line("water").per_day.value)

The protobuf messages are in campcount.v1 (generated from proto/ at build
time): campcount.v1.service_pb2 etc.
"""

from .client import Client, EstimateCall
from .errors import (Aborted, AlreadyExists, CampcountError, Cancelled,
                     DataLoss, DeadlineExceeded, FailedPrecondition, Internal,
                     InvalidArgument, NotFound, OutOfRange, PermissionDenied,
                     ResourceExhausted, Unauthenticated, Unavailable,
                     Unimplemented, from_rpc_error)
from .events import (Detections, Done, Estimate, EstimateResult, OtherEvent,
                     Progress, Started)
from .plugins import Plugin, PluginList, Setting
from .results import Calibration, Comparison, DatasetProgress, SupplyNeeds

__version__ = "0.1.0"

__all__ = [
    "Client", "EstimateCall", "CampcountError", "Aborted", "AlreadyExists",
    "Cancelled", "DataLoss", "DeadlineExceeded", "FailedPrecondition",
    "Internal", "InvalidArgument", "NotFound", "OutOfRange",
    "PermissionDenied", "ResourceExhausted", "Unauthenticated", "Unavailable",
    "Unimplemented", "from_rpc_error", "Started", "Progress", "Detections",
    "Estimate", "Done", "OtherEvent", "EstimateResult", "Plugin", "PluginList",
    "Setting", "DatasetProgress", "Calibration", "Comparison", "SupplyNeeds",
]
