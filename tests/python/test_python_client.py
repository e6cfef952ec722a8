"""The Python client against a live campcountd with the real plugins."""

import json
import os
import socket
import subprocess
import sys
import tempfile
import unittest

import grpc

import campcount
from campcount.v1 import service_pb2
from campcountd_harness import Campcountd, DemoCamp, env_or_die


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PythonClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="campcount-client-")
        cls.camp = DemoCamp(cls.tmp.name, tents=60, seed=11)
        cls.server = Campcountd()
        cls.client = campcount.Client(cls.server.address, timeout=120)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.server.stop()
        cls.tmp.cleanup()

    def test_plugins_lists_the_real_plugins(self):
        plugins = self.client.plugins()
        for name in ("geotiff", "bright_shelter", "shelter_count",
                     "remote_detector", "remote_estimator"):
            self.assertIn(name, plugins)
        detector = plugins["remote_detector"]
        self.assertEqual(detector.kind, "detector")
        self.assertEqual(len(detector.sha256), 64)
        self.assertIn("address", detector.settings)
        self.assertEqual(detector.settings["max_attempts"].default, "3")
        self.assertTrue(plugins.engine_version)
        self.assertEqual(
            {p.name for p in plugins.of_kind("estimator")} &
            {"shelter_count", "remote_estimator", "geotiff"},
            {"shelter_count", "remote_estimator"})

    def test_estimate_streams_typed_events_and_a_result(self):
        call = self.client.estimate(self.camp.path, camp_id="PY_1",
                                    include_detections=True)
        events = list(call)
        self.assertIsInstance(events[0], campcount.Started)
        self.assertIsInstance(events[-1], campcount.Done)
        self.assertGreater(events[0].tile_count, 0)
        self.assertEqual(events[0].detector, "bright_shelter")
        progress = [e for e in events if isinstance(e, campcount.Progress)]
        self.assertTrue(progress)
        self.assertEqual([p.tiles_done for p in progress],
                         sorted(p.tiles_done for p in progress))
        self.assertEqual(progress[-1].tiles_done, progress[-1].tile_count)

        result = call.result()  # already consumed: returns what it saw
        self.assertEqual(len(result.estimates), 1)
        estimate = result.estimate
        self.assertEqual(estimate.estimator, "shelter_count")
        self.assertGreater(estimate.population, 0)
        self.assertLessEqual(estimate.lower, estimate.population)
        self.assertGreaterEqual(estimate.upper, estimate.population)
        self.assertTrue(estimate.formula)
        # The synthetic camp's tents are found (the detector is a baseline,
        # so allow a margin, but not an empty or wildly wrong count).
        found = result.done.tent_count
        self.assertGreater(found, 0.7 * self.camp.tents)
        self.assertLess(found, 1.3 * self.camp.tents)
        kept = [d for d in result.detections if d.kept]
        self.assertEqual(len(kept), found)
        self.assertEqual(result.features.camp_id, "PY_1")

    def test_same_numbers_as_the_cli(self):
        result = self.client.estimate(self.camp.path).result()
        cli = json.loads(subprocess.run(
            [env_or_die("CAMPCOUNT_CLI"), "estimate", "--server",
             self.server.address, "--image", self.camp.path, "--json"],
            check=True, capture_output=True, text=True).stdout)
        features = cli["done"]["features"]
        self.assertEqual(int(features["tent_count"]), result.done.tent_count)
        self.assertAlmostEqual(features["total_tent_area_m2"],
                               result.done.total_tent_area_m2)
        self.assertEqual(
            [(e["estimator"], e["population"]) for e in cli["estimates"]],
            [(e.estimator, e.population) for e in result.estimates])

    def test_threshold_is_sent(self):
        strict = self.client.estimate(self.camp.path, threshold=0.95).result()
        self.assertAlmostEqual(strict.started.score_threshold, 0.95, places=5)
        loose = self.client.estimate(self.camp.path, threshold=0.2).result()
        self.assertLessEqual(strict.done.tent_count, loose.done.tent_count)

    def test_missing_image_is_a_clear_error(self):
        missing = os.path.join(self.tmp.name, "no_such.tif")
        with self.assertRaises(campcount.CampcountError) as caught:
            self.client.estimate(missing).result()
        self.assertIn(type(caught.exception),
                      (campcount.InvalidArgument, campcount.NotFound))
        self.assertIn("no_such.tif", str(caught.exception))
        self.assertEqual(caught.exception.method, "CampCount/Estimate")

    def test_unknown_detector_is_not_found(self):
        with self.assertRaises(campcount.NotFound) as caught:
            self.client.estimate(self.camp.path, detector="nope").result()
        self.assertIn("nope", caught.exception.message)
        self.assertIn("bright_shelter", caught.exception.message)

    def test_bad_boundary_file_is_invalid_argument(self):
        with self.assertRaises(campcount.InvalidArgument):
            self.client.estimate(self.camp.path, boundary="/no/such.geojson")

    def test_deadline_is_deadline_exceeded(self):
        with self.assertRaises(campcount.DeadlineExceeded):
            self.client.estimate(self.camp.path, timeout=0.001).result()

    def test_health(self):
        self.assertEqual(self.client.health(), "SERVING")

    def test_server_down_is_unavailable(self):
        with campcount.Client(f"127.0.0.1:{free_port()}") as down:
            with self.assertRaises(campcount.Unavailable):
                down.health(timeout=5)
            with self.assertRaises(campcount.Unavailable) as caught:
                down.plugins(timeout=5)
            self.assertIsInstance(caught.exception, campcount.CampcountError)
            with self.assertRaises(campcount.Unavailable):
                down.wait_until_ready(timeout=0.5)

    def test_error_mapping_covers_grpc_codes(self):
        class FakeError(grpc.RpcError):
            def __init__(self, code):
                self._code = code

            def code(self):
                return self._code

            def details(self):
                return "detail"

        for code in grpc.StatusCode:
            if code == grpc.StatusCode.OK:
                continue
            error = campcount.from_rpc_error(FakeError(code), "X/Y")
            self.assertEqual(error.code, code)
            self.assertIn("detail", str(error))
        self.assertIs(type(campcount.from_rpc_error(
            FakeError(grpc.StatusCode.RESOURCE_EXHAUSTED))),
            campcount.ResourceExhausted)

    def test_compare_and_needs_by_name(self):
        service = service_pb2.DESCRIPTOR.services_by_name["CampCount"]
        for method, name in ((self.client.compare, "Compare"),
                             (self.client.needs, "SupplyNeeds")):
            if name not in service.methods_by_name:
                with self.assertRaises(campcount.Unimplemented) as caught:
                    method()
                self.assertIn(name, str(caught.exception))
            else:
                # Built from protos that have the RPC: an empty request either
                # works or fails with a campcount error, never a raw gRPC one.
                try:
                    method(timeout=60)
                except campcount.CampcountError:
                    pass

    def reflection(self, *args):
        return subprocess.run(
            [sys.executable, "-m", "campcount.reflection",
             self.server.address, *args],
            capture_output=True, text=True, timeout=120)

    def test_reflection_cli_lists_describes_and_calls(self):
        listed = self.reflection("list")
        self.assertEqual(listed.returncode, 0, listed.stderr)
        self.assertIn("campcount.v1.CampCount", listed.stdout.split())
        self.assertIn("grpc.health.v1.Health", listed.stdout.split())
        healthy = self.reflection("health")
        self.assertEqual((healthy.returncode, healthy.stdout), (0, "SERVING\n"))

        described = self.reflection("describe", "campcount.v1.CampCount")
        self.assertEqual(described.returncode, 0, described.stderr)
        self.assertIn("rpc Estimate(campcount.v1.EstimateRequest) returns "
                      "(stream campcount.v1.EstimateEvent);", described.stdout)

        plugins = self.reflection("call", "campcount.v1.CampCount/ListPlugins")
        self.assertEqual(plugins.returncode, 0, plugins.stderr)
        names = {p["manifest"]["name"]
                 for p in json.loads(plugins.stdout)["plugins"]}
        self.assertIn("bright_shelter", names)

        request = json.dumps({"image_uri": self.camp.path,
                              "score_threshold": 0.5})
        estimate = self.reflection(
            "call", "campcount.v1.CampCount/Estimate", request)
        self.assertEqual(estimate.returncode, 0, estimate.stderr)
        events = [json.loads(line) for line in estimate.stdout.splitlines()]
        self.assertIn("started", events[0])
        self.assertIn("done", events[-1])
        expected = self.client.estimate(self.camp.path).result()
        self.assertEqual(int(events[-1]["done"]["features"]["tentCount"]),
                         expected.done.tent_count)

    def test_reflection_cli_reports_errors(self):
        missing = self.reflection(
            "call", "campcount.v1.CampCount/Estimate",
            json.dumps({"image_uri": "/no/such/image.tif"}))
        self.assertEqual(missing.returncode, 1)
        self.assertIn("/no/such/image.tif", missing.stderr)
        self.assertRegex(missing.stderr, r"^(NOT_FOUND|INVALID_ARGUMENT): ")
        unknown = self.reflection("call", "campcount.v1.CampCount/Nope")
        self.assertEqual(unknown.returncode, 1)
        self.assertIn("has no method Nope", unknown.stderr)
        bad_json = self.reflection(
            "call", "campcount.v1.CampCount/Estimate", '{"image_urx": 1}')
        self.assertEqual(bad_json.returncode, 1)
        self.assertIn("image_urx", bad_json.stderr)

    def test_example_script_runs(self):
        example = os.path.join(env_or_die("CAMPCOUNT_PYTHON_EXAMPLES"),
                               "estimate_camp.py")
        out = subprocess.run(
            [sys.executable, example, "--server", self.server.address,
             "--image", self.camp.path],
            capture_output=True, text=True, timeout=120)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("shelter_count:", out.stdout)
        self.assertIn("people", out.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
