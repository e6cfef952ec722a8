"""remote_detector / remote_estimator against Python gRPC services: the
example remote detector process, and remotes that are down, slow, flaky or
answer garbage. The engine must give a clear error for that request and keep
serving the next one."""

import math
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from concurrent import futures

import grpc

import campcount
from campcount.v1 import detection_pb2, estimate_pb2, service_pb2_grpc
from campcountd_harness import (Campcountd, DemoCamp, _read_address,
                                env_or_die)

sys.path.insert(0, env_or_die("CAMPCOUNT_PYTHON_EXAMPLES"))
import remote_detector as example  # noqa: E402  (the example's detector)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SwitchableRemote:
    """A Detector + Estimator service whose behaviour a test picks:
    "ok", "slow", "garbage_bytes", "box_outside_tile", "flaky" (UNAVAILABLE
    for the first `failures` calls), "nan_population"."""

    def __init__(self):
        self.mode = "ok"
        self.failures = 0
        self.calls = 0
        self.cancelled_after = None  # seconds into a "slow" call
        self._lock = threading.Lock()
        self._detector = example.BrightBlobDetector()
        handlers = [
            grpc.method_handlers_generic_handler("campcount.v1.Detector", {
                "Detect": grpc.unary_unary_rpc_method_handler(
                    self._detect,
                    request_deserializer=detection_pb2.DetectRequest.FromString,
                    response_serializer=lambda b: b),
                "Describe": grpc.unary_unary_rpc_method_handler(
                    lambda r, c: self._detector.Describe(r, c),
                    request_deserializer=lambda b: b,
                    response_serializer=lambda m: m.SerializeToString()),
            }),
            grpc.method_handlers_generic_handler("campcount.v1.Estimator", {
                "Estimate": grpc.unary_unary_rpc_method_handler(
                    self._estimate,
                    request_deserializer=(
                        estimate_pb2.EstimatorRequest.FromString),
                    response_serializer=lambda m: m.SerializeToString()),
            }),
        ]
        self.server = grpc.server(
            futures.ThreadPoolExecutor(max_workers=8),
            handlers=handlers,
            options=[("grpc.max_receive_message_length", 512 << 20)])
        port = self.server.add_insecure_port("127.0.0.1:0")
        self.address = f"127.0.0.1:{port}"
        self.server.start()

    def _count(self):
        with self._lock:
            self.calls += 1
            return self.calls

    def _detect(self, request, context):
        n = self._count()
        if self.mode == "slow":
            start = time.monotonic()
            while context.is_active() and time.monotonic() - start < 20:
                time.sleep(0.01)
            if not context.is_active():
                self.cancelled_after = time.monotonic() - start
        if self.mode == "garbage_bytes":
            return b"\xff\xff\xff\xff not a protobuf"
        if self.mode == "flaky" and n <= self.failures:
            context.abort(grpc.StatusCode.UNAVAILABLE, "warming up")
        response = self._detector.Detect(request, context)
        if self.mode == "box_outside_tile":
            tile = response.tiles.add(tile_index=request.tiles[0].index)
            d = tile.detections.add(score=0.9, class_name="tent")
            d.pixel_box.xmin, d.pixel_box.ymin = 10, 10
            d.pixel_box.xmax, d.pixel_box.ymax = 1e6, 20
        return response.SerializeToString()

    def _estimate(self, request, context):
        self._count()
        population = request.features.tent_count * 4.5
        if self.mode == "nan_population":
            population = math.nan
        return estimate_pb2.EstimatorResponse(
            estimate=estimate_pb2.PopulationEstimate(
                estimator="partner_model", estimator_version="2.1",
                population=population,
                interval=estimate_pb2.Interval(
                    lower=population * 0.9, upper=population * 1.1,
                    level=0.9, basis="partner's own"),
                explanation=estimate_pb2.Explanation(
                    formula=f"{request.features.tent_count} x 4.5")))

    def stop(self):
        self.server.stop(grace=None)


class ExampleRemoteDetectorTest(unittest.TestCase):
    """The example script as a separate process serves the engine."""

    def test_estimate_through_the_python_remote_detector(self):
        with tempfile.TemporaryDirectory() as tmp:
            camp = DemoCamp(tmp, tents=40, seed=5)
            script = os.path.join(env_or_die("CAMPCOUNT_PYTHON_EXAMPLES"),
                                  "remote_detector.py")
            remote = subprocess.Popen(
                [sys.executable, script, "--listen", "127.0.0.1:0"],
                stdout=subprocess.PIPE, text=True)
            try:
                address = _read_address(remote, "remote_detector listening on ",
                                        30)
                with Campcountd({"remote_detector": {"address": address}}) as d:
                    with campcount.Client(d.address, timeout=120) as client:
                        result = client.estimate(
                            camp.path, detector="remote_detector",
                            include_detections=True).result()
            finally:
                remote.terminate()
                remote.wait(timeout=10)
                remote.stdout.close()
        self.assertEqual(result.started.detector, "remote_detector")
        kept = [x for x in result.detections if x.kept]
        self.assertEqual(len(kept), result.done.tent_count)
        # The toy detector finds the synthetic tents, give or take.
        self.assertGreater(result.done.tent_count, 0.5 * camp.tents)
        self.assertLess(result.done.tent_count, 2.0 * camp.tents)
        for det in kept:
            self.assertGreater(det.area_m2, 0)
            self.assertEqual(det.class_name, "tent")
        self.assertGreater(result.estimate.population, 0)


class FaultyRemoteTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.camp = DemoCamp(cls.tmp.name, width=600, height=600, tents=12,
                            seed=3)
        cls.remote = SwitchableRemote()
        # A deadline generous enough for a healthy remote on a loaded CI machine.
        settings = {"address": cls.remote.address, "deadline_seconds": "5",
                    "max_attempts": "3", "initial_backoff_seconds": "0.05",
                    "max_backoff_seconds": "0.2"}
        cls.daemon = Campcountd({"remote_detector": settings,
                                 "remote_estimator": settings})
        cls.client = campcount.Client(cls.daemon.address, timeout=60)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.daemon.stop()
        cls.remote.stop()
        cls.tmp.cleanup()

    def setUp(self):
        self.remote.mode = "ok"
        self.remote.calls = 0

    def tearDown(self):
        # Whatever the remote did, the engine still serves a normal request.
        self.assertTrue(self.daemon.alive(), self.daemon.log())
        result = self.client.estimate(self.camp.path).result()
        self.assertGreater(result.done.tent_count, 0)

    def estimate_remote(self, **kw):
        kw.setdefault("detector", "remote_detector")
        return self.client.estimate(self.camp.path, **kw).result()

    def assert_names_remote(self, error, plugin="remote_detector"):
        self.assertIn(plugin, error.message)
        self.assertIn(self.remote.address, error.message)

    def test_healthy_remote_detector(self):
        result = self.estimate_remote()
        self.assertGreater(result.done.tent_count, 0)
        self.assertGreater(self.remote.calls, 0)

    def test_manifest_reflects_the_remotes_describe(self):
        plugins = self.client.plugins()
        detector = plugins["remote_detector"]
        self.assertEqual(detector.version,
                         f"{example.NAME} {example.VERSION}")
        self.assertIn(self.remote.address, detector.description)
        self.assertIn("Bright blobs", detector.description)
        self.assertEqual(detector.proto.manifest.tile_size_px, 512)
        self.assertIn("deadline_seconds", detector.settings)
        # This remote serves no Estimator/Describe: the plugin says so.
        estimator = plugins["remote_estimator"]
        self.assertEqual(estimator.version, "1.0.0")
        self.assertIn("could not describe itself", estimator.description)
        # The estimate's explanation names the remote model it went through.
        result = self.estimate_remote()
        components = {(c.role, c.name): c.version for c in
                      result.estimate.explanation.components}
        self.assertEqual(components.get(("detector", "remote_detector")),
                         f"{example.NAME} {example.VERSION}")

    def test_slow_remote_is_deadline_exceeded(self):
        self.remote.mode = "slow"
        start = time.monotonic()
        with self.assertRaises(campcount.DeadlineExceeded) as caught:
            self.estimate_remote()
        self.assert_names_remote(caught.exception)
        self.assertIn("deadline_seconds", caught.exception.message)
        self.assertLess(time.monotonic() - start, 15)

    def test_client_deadline_cancels_the_remote_call(self):
        # The client gives up long before the plugin's own 5 s deadline: the
        # engine cancels the request, and the plugin cancels its remote call.
        self.remote.mode = "slow"
        self.remote.cancelled_after = None
        with self.assertRaises(campcount.DeadlineExceeded):
            self.estimate_remote(timeout=0.3)
        for _ in range(100):
            if self.remote.cancelled_after is not None:
                break
            time.sleep(0.02)
        self.assertIsNotNone(self.remote.cancelled_after)
        self.assertLess(self.remote.cancelled_after, 4.0)

    def test_garbage_bytes_are_internal(self):
        self.remote.mode = "garbage_bytes"
        with self.assertRaises(campcount.Internal) as caught:
            self.estimate_remote()
        self.assert_names_remote(caught.exception)

    def test_box_outside_the_tile_is_internal(self):
        self.remote.mode = "box_outside_tile"
        with self.assertRaises(campcount.Internal) as caught:
            self.estimate_remote()
        self.assert_names_remote(caught.exception)
        self.assertIn("outside", caught.exception.message)

    def test_flaky_remote_is_retried(self):
        self.remote.mode = "flaky"
        self.remote.failures = 2  # max_attempts is 3
        result = self.estimate_remote()
        self.assertGreater(result.done.tent_count, 0)
        self.assertGreaterEqual(self.remote.calls, 3)

    def test_remote_that_stays_unavailable_fails_after_retries(self):
        self.remote.mode = "flaky"
        self.remote.failures = 10**6
        with self.assertRaises(campcount.Unavailable) as caught:
            self.estimate_remote()
        self.assert_names_remote(caught.exception)
        self.assertIn("3 attempts", caught.exception.message)
        self.assertEqual(self.remote.calls % 3, 0)

    def test_remote_estimator(self):
        result = self.client.estimate(
            self.camp.path, estimators=["remote_estimator",
                                        "shelter_count"]).result()
        remote = result.estimates[0]
        self.assertAlmostEqual(remote.population,
                               result.done.tent_count * 4.5)
        self.assertEqual(remote.level, 0.9)
        self.assertEqual(len(result.estimates), 2)

    def test_remote_estimator_garbage_is_internal(self):
        self.remote.mode = "nan_population"
        with self.assertRaises(campcount.Internal) as caught:
            self.estimate_remote(detector="", estimators=["remote_estimator"])
        self.assert_names_remote(caught.exception, "remote_estimator")


class TlsRemoteTest(unittest.TestCase):
    """remote_detector over TLS, trusting a self-signed certificate."""

    def test_tls_remote_detector(self):
        with tempfile.TemporaryDirectory() as tmp:
            key, cert = os.path.join(tmp, "key.pem"), os.path.join(tmp,
                                                                  "cert.pem")
            subprocess.run(
                ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                 "-days", "1", "-subj", "/CN=detector.test", "-addext",
                 "subjectAltName=DNS:detector.test", "-keyout", key,
                 "-out", cert], check=True, capture_output=True)
            with open(key, "rb") as k, open(cert, "rb") as c:
                credentials = grpc.ssl_server_credentials([(k.read(),
                                                            c.read())])
            server = grpc.server(futures.ThreadPoolExecutor(max_workers=4),
                                 options=[("grpc.max_receive_message_length",
                                           512 << 20)])
            service_pb2_grpc.add_DetectorServicer_to_server(
                example.BrightBlobDetector(), server)
            port = server.add_secure_port("127.0.0.1:0", credentials)
            server.start()
            address = f"127.0.0.1:{port}"
            camp = DemoCamp(tmp, width=600, height=600, tents=12, seed=3)
            try:
                tls = {"address": address, "tls": "true",
                       "tls_root_cert": cert,
                       "tls_server_name": "detector.test"}
                with Campcountd({"remote_detector": tls}) as daemon, \
                        campcount.Client(daemon.address, timeout=60) as client:
                    self.assertEqual(client.plugins()["remote_detector"].version,
                                     f"{example.NAME} {example.VERSION}")
                    result = client.estimate(
                        camp.path, detector="remote_detector").result()
                    self.assertGreater(result.done.tent_count, 0)
                # Plain text against the TLS port fails, and says where.
                plain = {"address": address, "max_attempts": "1"}
                with Campcountd({"remote_detector": plain}) as daemon, \
                        campcount.Client(daemon.address, timeout=60) as client:
                    with self.assertRaises(campcount.Unavailable) as caught:
                        client.estimate(camp.path,
                                        detector="remote_detector").result()
                    self.assertIn(address, caught.exception.message)
            finally:
                server.stop(grace=None)


class DownRemoteTest(unittest.TestCase):
    def test_remote_that_is_down_is_unavailable(self):
        address = f"127.0.0.1:{free_port()}"  # nothing listens there
        settings = {"address": address, "max_attempts": "2",
                    "initial_backoff_seconds": "0.05"}
        with tempfile.TemporaryDirectory() as tmp, \
                Campcountd({"remote_detector": settings}) as daemon, \
                campcount.Client(daemon.address, timeout=60) as client:
            camp = DemoCamp(tmp, width=600, height=600, tents=12, seed=3)
            with self.assertRaises(campcount.Unavailable) as caught:
                client.estimate(camp.path, detector="remote_detector").result()
            self.assertIn("remote_detector", caught.exception.message)
            self.assertIn(address, caught.exception.message)
            self.assertIn("2 attempts", caught.exception.message)
            # The engine keeps serving.
            self.assertIn("bright_shelter", client.plugins())
            ok = client.estimate(camp.path).result()
            self.assertGreater(ok.done.tent_count, 0)

    def test_unconfigured_remote_is_failed_precondition(self):
        with tempfile.TemporaryDirectory() as tmp, Campcountd() as daemon, \
                campcount.Client(daemon.address, timeout=60) as client:
            camp = DemoCamp(tmp, width=600, height=600, tents=12, seed=3)
            with self.assertRaises(campcount.FailedPrecondition) as caught:
                client.estimate(camp.path, detector="remote_detector").result()
            self.assertIn("address", caught.exception.message)


if __name__ == "__main__":
    unittest.main(verbosity=2)
