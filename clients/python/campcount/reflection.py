"""A generic gRPC command line over server reflection, for any gRPC server.

grpcurl and grpc_cli are not Debian 12 packages; this needs only
python3-grpcio and python3-protobuf and no .proto files: it asks the server
for its descriptors (grpc.reflection.v1alpha, which campcountd serves).

    python3 -m campcount.reflection HOST:PORT list
    python3 -m campcount.reflection HOST:PORT health
    python3 -m campcount.reflection HOST:PORT describe campcount.v1.CampCount
    python3 -m campcount.reflection HOST:PORT call \\
        campcount.v1.CampCount/Estimate '{"image_uri": "/data/camp.tif"}'

`call` reads the request as protobuf JSON (or from stdin with '-') and prints
each response message as JSON, one per line for a stream. Exit status 1 with
the gRPC status on a failed call.
"""

import argparse
import json
import sys

import grpc
from google.protobuf import (descriptor_pb2, descriptor_pool, json_format,
                             message_factory)

_METHOD = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"


def _message_class(descriptor):
    if hasattr(message_factory, "GetMessageClass"):
        return message_factory.GetMessageClass(descriptor)
    return message_factory.MessageFactory().GetPrototype(descriptor)


def _reflection_messages():
    """The reflection protocol's messages, declared here (only the fields
    this tool uses) so that no reflection.proto needs to be installed."""
    f = descriptor_pb2.FileDescriptorProto(
        name="campcount_reflection_client.proto",
        package="grpc.reflection.v1alpha", syntax="proto3")
    T = descriptor_pb2.FieldDescriptorProto
    string, msg, i32, by = (T.TYPE_STRING, T.TYPE_MESSAGE, T.TYPE_INT32,
                            T.TYPE_BYTES)
    opt, rep = T.LABEL_OPTIONAL, T.LABEL_REPEATED

    def message(name, fields, oneof=None):
        m = f.message_type.add(name=name)
        if oneof:
            m.oneof_decl.add(name=oneof)
        for fname, number, ftype, label, type_name, in_oneof in fields:
            field = m.field.add(name=fname, number=number, type=ftype,
                                label=label)
            if type_name:
                field.type_name = f".grpc.reflection.v1alpha.{type_name}"
            if in_oneof:
                field.oneof_index = 0

    message("ServerReflectionRequest", [
        ("host", 1, string, opt, None, False),
        ("file_by_filename", 3, string, opt, None, True),
        ("file_containing_symbol", 4, string, opt, None, True),
        ("list_services", 7, string, opt, None, True)], "message_request")
    message("FileDescriptorResponse",
            [("file_descriptor_proto", 1, by, rep, None, False)])
    message("ServiceResponse", [("name", 1, string, opt, None, False)])
    message("ListServiceResponse",
            [("service", 1, msg, rep, "ServiceResponse", False)])
    message("ErrorResponse", [("error_code", 1, i32, opt, None, False),
                              ("error_message", 2, string, opt, None, False)])
    message("ServerReflectionResponse", [
        ("valid_host", 1, string, opt, None, False),
        ("file_descriptor_response", 4, msg, opt, "FileDescriptorResponse",
         True),
        ("list_services_response", 6, msg, opt, "ListServiceResponse", True),
        ("error_response", 7, msg, opt, "ErrorResponse", True)],
        "message_response")
    pool = descriptor_pool.DescriptorPool()
    pool.Add(f)
    return (_message_class(pool.FindMessageTypeByName(
        "grpc.reflection.v1alpha.ServerReflectionRequest")),
        _message_class(pool.FindMessageTypeByName(
            "grpc.reflection.v1alpha.ServerReflectionResponse")))


class ReflectionClient:
    """Lists services and loads their descriptors from a live server."""

    def __init__(self, channel, timeout=10):
        self._channel = channel
        self._timeout = timeout
        self._request, self._response = _reflection_messages()
        self._info = channel.stream_stream(
            _METHOD, request_serializer=lambda m: m.SerializeToString(),
            response_deserializer=self._response.FromString)
        self.pool = descriptor_pool.DescriptorPool()
        self._files = {}

    def _ask(self, **kw):
        answer = next(iter(self._info(iter([self._request(**kw)]),
                                      timeout=self._timeout)))
        if answer.WhichOneof("message_response") == "error_response":
            e = answer.error_response
            raise LookupError(f"server reflection: {e.error_message} "
                              f"(code {e.error_code})")
        return answer

    def services(self):
        answer = self._ask(list_services="*")
        return sorted(s.name for s in answer.list_services_response.service)

    def _add_files(self, serialized):
        for raw in serialized:
            proto = descriptor_pb2.FileDescriptorProto.FromString(raw)
            self._files.setdefault(proto.name, proto)
        # Add in dependency order; fetch any dependency not sent yet.
        pending = [p for p in self._files.values()
                   if not self._in_pool(p.name)]
        while pending:
            progressed = False
            for proto in list(pending):
                missing = [d for d in proto.dependency
                           if not self._in_pool(d)]
                for dep in missing:
                    if dep not in self._files:
                        answer = self._ask(file_by_filename=dep)
                        self._add_files(answer.file_descriptor_response
                                        .file_descriptor_proto)
                if all(self._in_pool(d) for d in proto.dependency):
                    self.pool.Add(proto)
                    pending.remove(proto)
                    progressed = True
            if not progressed:
                raise LookupError("server reflection: cannot resolve imports "
                                  f"of {[p.name for p in pending]}")

    def _in_pool(self, filename):
        try:
            self.pool.FindFileByName(filename)
            return True
        except KeyError:
            return False

    def load_symbol(self, symbol):
        answer = self._ask(file_containing_symbol=symbol)
        self._add_files(
            answer.file_descriptor_response.file_descriptor_proto)

    def method(self, full_method):
        """'pkg.Service/Method' -> (MethodDescriptor, server_streaming)."""
        service_name, _, method_name = full_method.replace(
            "/", " ", 1).strip().partition(" ")
        self.load_symbol(service_name)
        service = self.pool.FindServiceByName(service_name)
        method = service.methods_by_name.get(method_name)
        if method is None:
            raise LookupError(f"{service_name} has no method {method_name} "
                              f"(it has: {', '.join(service.methods_by_name)})")
        proto = descriptor_pb2.ServiceDescriptorProto()
        service.CopyToProto(proto)
        streaming = next(m.server_streaming for m in proto.method
                         if m.name == method_name)
        return method, streaming

    def call(self, full_method, request_json, timeout=None):
        """Calls a unary or server-streaming method; yields JSON dicts."""
        method, streaming = self.method(full_method)
        request_class = _message_class(method.input_type)
        response_class = _message_class(method.output_type)
        request = json_format.Parse(request_json or "{}", request_class())
        path = f"/{method.containing_service.full_name}/{method.name}"
        kind = (self._channel.unary_stream if streaming
                else self._channel.unary_unary)
        stub = kind(path, request_serializer=lambda m: m.SerializeToString(),
                    response_deserializer=response_class.FromString)
        answers = stub(request, timeout=timeout)
        for answer in (answers if streaming else [answers]):
            yield json_format.MessageToDict(answer)


_HEALTH = ("UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN")


def health(channel, service="", timeout=10):
    """grpc.health.v1.Health/Check -> "SERVING", "NOT_SERVING", ...

    gRPC's built-in health service is not in the reflection database, so its
    two one-field messages are encoded here by hand."""
    data = service.encode()
    request = (b"\x0a" + bytes([len(data)]) + data) if data else b""
    answer = channel.unary_unary("/grpc.health.v1.Health/Check")(
        request, timeout=timeout)
    status = answer[1] if len(answer) >= 2 and answer[0] == 0x08 else 0
    return _HEALTH[status] if status < len(_HEALTH) else str(status)


def _describe(client, symbol):
    client.load_symbol(symbol)
    try:
        service = client.pool.FindServiceByName(symbol)
    except KeyError:
        message = client.pool.FindMessageTypeByName(symbol)
        proto = descriptor_pb2.DescriptorProto()
        message.CopyToProto(proto)
        return str(proto)
    proto = descriptor_pb2.ServiceDescriptorProto()
    service.CopyToProto(proto)
    lines = [f"service {service.full_name} {{"]
    for m in proto.method:
        stream = "stream " if m.server_streaming else ""
        lines.append(f"  rpc {m.name}({m.input_type.lstrip('.')}) returns "
                     f"({stream}{m.output_type.lstrip('.')});")
    lines.append("}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python3 -m campcount.reflection",
        description="Generic gRPC client over server reflection.")
    parser.add_argument("address", help="HOST:PORT")
    parser.add_argument("--timeout", type=float, default=None,
                        help="seconds for `call` (default: none)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list the services")
    h = sub.add_parser("health", help="grpc.health.v1.Health/Check")
    h.add_argument("service", nargs="?", default="")
    d = sub.add_parser("describe", help="show a service or message")
    d.add_argument("symbol")
    c = sub.add_parser("call", help="call a method with a JSON request")
    c.add_argument("method", help="package.Service/Method")
    c.add_argument("request", nargs="?", default="{}",
                   help="request as JSON; '-' reads stdin")
    args = parser.parse_args(argv)

    with grpc.insecure_channel(args.address) as channel:
        client = ReflectionClient(channel)
        try:
            if args.command == "list":
                print("\n".join(client.services()))
            elif args.command == "health":
                status = health(channel, args.service)
                print(status)
                return 0 if status == "SERVING" else 1
            elif args.command == "describe":
                print(_describe(client, args.symbol))
            else:
                text = sys.stdin.read() if args.request == "-" else args.request
                for answer in client.call(args.method, text, args.timeout):
                    print(json.dumps(answer), flush=True)
        except grpc.RpcError as e:
            print(f"{e.code().name}: {e.details()}", file=sys.stderr)
            return 1
        except (LookupError, KeyError, json_format.ParseError) as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
