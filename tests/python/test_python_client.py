"""The Python client against a live campcountd with the real plugins."""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import unittest

import grpc

import campcount
from campcount.v1 import (comparison_pb2, estimate_pb2, needs_pb2,
                          records_pb2)
from campcountd_harness import Campcountd, DemoCamp, SynthDataset, env_or_die


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServerTest(unittest.TestCase):
    """A live campcountd and a client on it for the whole class: a subclass
    makes cls.tmp in its setUpClass, then calls connect()."""

    @classmethod
    def connect(cls, **server_options):
        cls.server = Campcountd(**server_options)
        cls.client = campcount.Client(cls.server.address, timeout=120)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.server.stop()
        cls.tmp.cleanup()


class PythonClientTest(LiveServerTest):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="campcount-client-")
        cls.camp = DemoCamp(cls.tmp.name, tents=60, seed=11)
        cls.connect()

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

    def test_recorded_estimate_is_found_by_id_and_by_camp(self):
        result = self.client.estimate(self.camp.path, camp_id="PY_REC",
                                      target_date="2019-05-01").result()
        self.assertTrue(result.record_id)
        record = self.client.get_estimate(result.record_id)
        self.assertEqual(record.id, result.record_id)
        self.assertEqual(record.state, records_pb2.RECORD_STATE_COMPLETE)
        self.assertEqual((record.camp_id, record.for_date),
                         ("PY_REC", "2019-05-01"))
        self.assertEqual(
            [(e.estimator, e.population) for e in record.estimates],
            [(e.estimator, e.population) for e in result.estimates])
        self.assertEqual(sum(d.kept for d in record.detections),
                         result.done.tent_count)

        listed = self.client.list_estimates(camp_id="PY_REC")
        self.assertEqual([r.id for r in listed], [result.record_id])
        self.assertEqual(listed[0].estimates[0].population,
                         result.estimate.population)
        self.assertFalse(listed[0].detections)  # only get_estimate has them
        self.assertEqual(
            [r.id for r in self.client.list_estimates(
                "PY_REC", from_date="2019-05-01", to_date="2019-05-01")],
            [result.record_id])
        self.assertEqual(
            self.client.list_estimates("PY_REC", to_date="2019-04-30"), [])
        self.assertEqual(len(self.client.list_estimates(limit=1)), 1)

    def test_bad_record_requests_are_clear_errors(self):
        with self.assertRaises(campcount.NotFound) as caught:
            self.client.get_estimate("999999")
        self.assertIn("999999", caught.exception.message)
        self.assertEqual(caught.exception.method, "CampCount/GetEstimate")
        with self.assertRaises(campcount.InvalidArgument) as caught:
            self.client.list_estimates(from_date="1 May 2019")
        self.assertIn("YYYY-MM-DD", caught.exception.message)

    def test_needs_from_an_estimate_carries_its_interval(self):
        estimate = self.client.estimate(self.camp.path).result().estimate
        needs = self.client.needs(estimate)
        self.assertIn("shelter_count", needs.basis)
        self.assertEqual(os.path.basename(needs.standards_file), "sphere.json")
        population = needs.now.population
        self.assertEqual((population.value, population.lower, population.upper),
                         (estimate.population, estimate.lower, estimate.upper))
        water = needs.line("water").per_day  # Sphere: 15 L per person a day
        self.assertAlmostEqual(water.value, 15 * estimate.population)
        self.assertAlmostEqual(water.lower, 15 * estimate.lower)
        self.assertAlmostEqual(water.upper, 15 * estimate.upper)
        # The same through the record's message.
        self.assertEqual(self.client.needs(estimate.proto).proto, needs.proto)

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


class DatasetJobsTest(LiveServerTest):
    """calibrate, compare and needs on a small `campcount synth` dataset."""

    PIPELINES = ["bright_shelter:area_linear", "bright_shelter:shelter_count"]

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="campcount-jobs-")
        cls.data = SynthDataset(cls.tmp.name, camps=3, seed=7, dates=2)
        cls.models = os.path.join(cls.tmp.name, "models")
        cls.connect(model_repository=cls.models)

    def test_calibrate_writes_a_new_artifact_version(self):
        progress = []
        first = self.client.calibrate(self.data.manifest, "area_linear",
                                      on_progress=progress.append)
        self.assertTrue(progress)
        self.assertIsInstance(progress[0], campcount.DatasetProgress)
        self.assertIn("detecting (bright_shelter)", progress[0].stage)
        self.assertTrue(all(0 <= p.done <= p.total for p in progress))

        self.assertEqual(first.estimator, "area_linear")
        self.assertTrue(first.version.isdigit(), first.version)
        self.assertEqual(first.path, os.path.join(
            self.models, "calibration", "area_linear", first.version,
            "calibration.json"))
        with open(first.path) as f:
            self.assertEqual(json.load(f)["version"], first.version)
        self.assertGreater(first.n, 10)
        self.assertEqual(first.artifact.fit.camps, len(self.data.camp_ids))
        self.assertGreater(first.r_squared, 0.5)
        self.assertEqual(set(first.coefficients),
                         {"intercept", "total_tent_area_m2"})
        self.assertEqual(first.artifact.detector, "bright_shelter")
        self.assertEqual(len(first.artifact.sha256), 64)

        # The dataset's directory will do; the detections are reused.
        again = self.client.calibrate(self.data.dir, "area_linear")
        self.assertEqual(int(again.version), int(first.version) + 1)
        self.assertEqual(again.images_detected, 0)

    def test_compare_judges_each_pipeline_on_the_same_surveys(self):
        progress = []
        out = os.path.join(self.tmp.name, "comparison")
        result = self.client.compare(self.data.manifest, self.PIPELINES,
                                     output_dir=out,
                                     on_progress=progress.append)
        self.assertTrue(progress)
        self.assertEqual(list(result.pipelines), self.PIPELINES)
        fitted, counted = (result.metrics(p) for p in self.PIPELINES)
        self.assertGreater(fitted.n, 0)
        self.assertEqual(fitted.n, counted.n)
        for m in (fitted, counted):
            self.assertGreater(m.mae, 0)
            self.assertGreater(m.mape, 0)
            self.assertGreaterEqual(m.rmse, m.mae)
        # A fitted interval claims a level; shelter_count's is a range.
        self.assertEqual((fitted.interval_level, counted.interval_level),
                         (0.95, 0))
        self.assertIn("leave-one-camp-out: 3 fits",
                      result.pipelines[self.PIPELINES[0]].evaluation)
        self.assertEqual(len(result.points), 2 * fitted.n)
        self.assertEqual(
            {camp for pipeline, camp in result.camps
             if pipeline == self.PIPELINES[1]}, set(self.data.camp_ids))
        (paired,) = result.paired
        self.assertEqual((paired.a, paired.b, paired.camps),
                         (*self.PIPELINES, len(self.data.camp_ids)))
        self.assertEqual(os.path.dirname(result.csv_path), out)
        self.assertTrue(os.path.isfile(result.csv_path))
        self.assertTrue(os.path.isfile(result.plot_path))
        with self.assertRaises(KeyError) as caught:
            result.metrics("area_linear")  # named as the server resolved it
        self.assertIn(self.PIPELINES[0], str(caught.exception))

    def test_needs_from_a_population_and_from_a_census(self):
        needs = self.client.needs(1000, lower=900, upper=1100)
        self.assertEqual(os.path.basename(needs.standards_file), "sphere.json")
        self.assertEqual(needs.periods[0].label, "now")
        self.assertEqual(len(needs.periods), 4)  # now and 3 months
        water = needs.line("water").per_day
        self.assertEqual((water.value, water.lower, water.upper),
                         (15000, 13500, 16500))
        for item in ("food energy", "soap"):
            self.assertGreater(needs.line(item).per_month.value, 0)
        for item in ("toilets", "toilets (female)"):
            self.assertGreater(needs.line(item).required.value, 0)
        with self.assertRaises(KeyError):
            needs.line("blankets")

        camp = self.data.camp_ids[0]
        census = self.client.needs(census=self.data.census, camp_id=camp,
                                   standards="unhcr", projection_months=1)
        self.assertEqual(os.path.basename(census.standards_file), "unhcr.json")
        self.assertIn(camp, census.basis)
        self.assertEqual(len(census.periods), 2)
        people = census.now.population.value
        self.assertGreater(people, 0)
        self.assertEqual(census.line("water").per_day.value, 20 * people)

    def test_bad_requests_raise_the_matching_exception(self):
        missing = os.path.join(self.tmp.name, "no-such", "dataset.json")
        with self.assertRaises(campcount.NotFound) as caught:
            self.client.calibrate(missing, "area_linear")
        self.assertIn(missing, caught.exception.message)
        self.assertEqual(caught.exception.method, "CampCount/Calibrate")
        with self.assertRaises(campcount.NotFound) as caught:
            self.client.calibrate(self.data.manifest, "nope")
        self.assertIn("area_linear", caught.exception.message)  # the loaded
        with self.assertRaises(campcount.FailedPrecondition):
            self.client.calibrate(self.data.manifest, "shelter_count")
        with self.assertRaises(campcount.NotFound) as caught:
            self.client.compare(self.data.manifest,
                                ["bright_shelter:nope", self.PIPELINES[0]])
        self.assertIn("nope", caught.exception.message)
        self.assertEqual(caught.exception.method, "CampCount/Compare")
        with self.assertRaises(campcount.NotFound):
            self.client.compare(missing, self.PIPELINES)
        with self.assertRaises(campcount.InvalidArgument) as caught:
            self.client.compare(self.data.manifest, self.PIPELINES[:1])
        self.assertIn("two or more pipelines", caught.exception.message)
        with self.assertRaises(TypeError):
            self.client.compare(self.data.manifest, self.PIPELINES[0])
        with self.assertRaises(campcount.InvalidArgument):
            self.client.calibrate(self.data.manifest, "area_linear",
                                  no_such_field=1)

        with self.assertRaises(campcount.InvalidArgument) as caught:
            self.client.needs()
        self.assertIn("population basis", caught.exception.message)
        with self.assertRaises(campcount.NotFound) as caught:
            self.client.needs(1000, standards="/no/such/standards.json")
        self.assertIn("/no/such/standards.json", caught.exception.message)
        with self.assertRaises(campcount.NotFound):
            self.client.needs(census=self.data.census, camp_id="NOPE")
        with self.assertRaises(campcount.InvalidArgument):
            self.client.needs(1000, projection_months=99)
        with self.assertRaises(TypeError):
            self.client.needs(1000, census=self.data.census, camp_id="X")
        with self.assertRaises(TypeError):
            self.client.needs("1000")

    def test_request_messages_still_work(self):
        request = comparison_pb2.CompareRequest(
            dataset=self.data.manifest, pipelines=self.PIPELINES,
            output_dir=os.path.join(self.tmp.name, "by_request"))
        by_request = self.client.compare(request=request)
        self.assertEqual(list(by_request.pipelines), self.PIPELINES)
        self.assertEqual(self.client.compare(request).proto.points,
                         by_request.proto.points)
        with self.assertRaises(TypeError):
            self.client.compare(request=request, threshold=0.3)

        estimate = estimate_pb2.PopulationEstimate(population=200)
        needs = self.client.needs(request=needs_pb2.SupplyNeedsRequest(
            estimate=estimate, projection_months=1))
        self.assertEqual(len(needs.periods), 2)
        self.assertEqual(
            self.client.needs(estimate=estimate, projection_months=1).proto,
            needs.proto)  # the old keyword form
        with self.assertRaises(TypeError):
            self.client.needs(request=needs.proto)

    def test_raising_from_the_progress_callback_cancels_the_job(self):
        class Stop(Exception):
            pass

        def stop(progress):
            raise Stop(progress.stage)

        # A threshold nothing has run at, so the job has detections to do
        # when the cancellation reaches it. The error keeps its traceback,
        # and with it the call, alive (as a notebook's last error does), so
        # only an explicit cancel stops the job, not garbage collection.
        try:
            self.client.calibrate(self.data.manifest, "time_adjusted",
                                  threshold=0.37, on_progress=stop)
            self.fail("the callback was not called")
        except Stop as e:
            stopped = e
        # The server runs one dataset job at a time: the cancelled one lets
        # go of it, and wrote no artifact.
        deadline = time.monotonic() + 20
        while True:
            try:
                result = self.client.calibrate(self.data.manifest,
                                               "time_adjusted")
                break
            except campcount.ResourceExhausted:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self.assertEqual(result.version, "1")
        self.assertIsNotNone(stopped.__traceback__)


if __name__ == "__main__":
    unittest.main(verbosity=2)
