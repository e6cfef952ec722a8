"""Starts the real campcountd (and Python gRPC servers) for the Python tests.

CTest sets CAMPCOUNTD, CAMPCOUNT_PLUGIN_DIR, CAMPCOUNT_CLI, WRITE_DEMO_CAMP
and PYTHONPATH (the build tree's campcount package); see
tests/python/CMakeLists.txt.
"""

import json
import os
import queue
import re
import subprocess
import tempfile
import threading


def env_or_die(name):
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set; run this test through ctest")
    return value


def _quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _read_address(process, prefix, timeout):
    """The HOST:PORT of the first stdout line starting with `prefix`."""
    lines = queue.Queue()

    def pump():
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    while True:
        line = lines.get(timeout=timeout)
        if line is None:
            raise RuntimeError(f"process exited before printing '{prefix}'")
        if line.startswith(prefix):
            return line[len(prefix):].strip()


class Campcountd:
    """campcountd on a free loopback port with the build tree's plugins.

    `plugin_config`: {plugin name: {setting: value}}. Calibrations go to
    `model_repository`, else into the server's temporary directory: the
    default ("models" in the working directory) would be the source tree.
    """

    def __init__(self, plugin_config=None, extra_config="",
                 model_repository=None):
        self._dir = tempfile.TemporaryDirectory(prefix="campcount-py-")
        config = [
            'listen_address: "127.0.0.1:0"',
            f"plugin_dirs: {_quote(env_or_die('CAMPCOUNT_PLUGIN_DIR'))}",
            # The fast classical detector: these tests are about the client
            # and the remote plugins, not about the default model.
            'default_detector: "bright_shelter"',
            "model_repository: " + _quote(
                model_repository or os.path.join(self._dir.name, "models")),
        ]
        for plugin, settings in (plugin_config or {}).items():
            entries = " ".join(
                f"settings {{ key: {_quote(k)} value: {_quote(str(v))} }}"
                for k, v in settings.items())
            config.append(f"plugin_config {{ key: {_quote(plugin)} "
                          f"value {{ {entries} }} }}")
        config.append(extra_config)
        self.config_path = os.path.join(self._dir.name, "campcountd.textproto")
        with open(self.config_path, "w") as f:
            f.write("\n".join(config) + "\n")
        self.log_path = os.path.join(self._dir.name, "campcountd.log")
        self._log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [env_or_die("CAMPCOUNTD"), "--config", self.config_path],
            stdout=subprocess.PIPE, stderr=self._log, text=True)
        try:
            self.address = _read_address(self.process,
                                         "campcountd listening on ", 60)
        except Exception:
            self.stop()
            raise RuntimeError(f"campcountd did not start:\n{self.log()}")

    def log(self):
        with open(self.log_path) as f:
            return f.read()

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()
        self._log.close()
        self._dir.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class SynthDataset:
    """A dataset written by `campcount synth`: camps on several dates, their
    census and dataset.json (docs/synthetic-data.md)."""

    def __init__(self, directory, camps=3, seed=7, dates=2):
        self.dir = os.path.join(directory, f"synth_{seed}")
        subprocess.run(
            [env_or_die("CAMPCOUNT_CLI"), "synth", "--camps", str(camps),
             "--seed", str(seed), "--dates", str(dates), "--out", self.dir],
            check=True, capture_output=True, text=True)
        self.manifest = os.path.join(self.dir, "dataset.json")
        with open(self.manifest) as f:
            self.camp_ids = [c["id"] for c in json.load(f)["camps"]]
        self.census = os.path.join(self.dir, "census.csv")


class DemoCamp:
    """A synthetic camp GeoTIFF written by the engine's own generator."""

    def __init__(self, directory, width=1024, height=1024, tents=60, seed=7):
        self.path = os.path.join(directory, f"camp_{seed}.tif")
        out = subprocess.run(
            [env_or_die("WRITE_DEMO_CAMP"), self.path, str(width), str(height),
             str(tents), str(seed)],
            check=True, capture_output=True, text=True).stdout
        self.tents = int(re.match(r"(\d+) tents", out).group(1))
