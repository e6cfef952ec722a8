#!/usr/bin/python3
"""What the Python client adds to an estimate, compared with the CLI.

Starts one campcountd (build tree, real plugins), writes one synthetic camp,
then times the same Estimate request, interleaved, REPS times each:
  cli        `campcount estimate --server ADDR --image X --json` (a process)
  python     client.estimate(X).result() in this (long-lived) process:
             every event turned into campcount.events objects
  python-cli estimate_camp.py, the example script, as a process (interpreter
             start-up and imports included)
and prints the medians and each one's difference from the CLI, plus the
server's own time for the request (EstimateDone.seconds), so what each client
adds on top of the engine is visible. Target: the Python client's estimate
adds < 5 % to the CLI's wall time. --detections asks for every detection in
both (thousands of messages: the client's per-event cost).

    PYTHONPATH=build/python /usr/bin/python3 \
        tests/bench/python_client_overhead.py [--build build] [--reps 9]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build")
    parser.add_argument("--reps", type=int, default=9)
    parser.add_argument("--size", type=int, default=3000,
                        help="image edge in pixels (0.5 m/px)")
    parser.add_argument("--tents", type=int, default=600)
    parser.add_argument("--detections", action="store_true",
                        help="stream every detection too")
    args = parser.parse_args()
    build = os.path.abspath(args.build)
    os.environ.setdefault("CAMPCOUNTD", f"{build}/bin/campcountd")
    os.environ.setdefault("CAMPCOUNT_PLUGIN_DIR",
                          f"{build}/lib/campcount/plugins")
    os.environ.setdefault("WRITE_DEMO_CAMP", f"{build}/bin/write_demo_camp")
    import campcount
    from campcountd_harness import Campcountd, DemoCamp

    cli = f"{build}/bin/campcount"
    script = os.path.join(HERE, "..", "..", "clients", "python", "examples",
                          "estimate_camp.py")
    with tempfile.TemporaryDirectory() as tmp, Campcountd() as daemon:
        camp = DemoCamp(tmp, args.size, args.size, args.tents, seed=42)
        client = campcount.Client(daemon.address, timeout=600)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))

        def run_cli():
            subprocess.run([cli, "estimate", "--server", daemon.address,
                            "--image", camp.path, "--json"] +
                           (["--detections"] if args.detections else []),
                           check=True, stdout=subprocess.DEVNULL)

        def run_python():
            result = client.estimate(
                camp.path, include_detections=args.detections).result()
            server_seconds.append(result.done.seconds)

        def run_script():
            subprocess.run([sys.executable, script, "--server",
                            daemon.address, "--image", camp.path], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           env=env)

        server_seconds = []
        runs = {"cli": run_cli, "python": run_python,
                "python-cli": run_script}
        for run in runs.values():  # warm-up: page cache, server pools
            run()
        times = {name: [] for name in runs}
        for _ in range(args.reps):
            for name, run in runs.items():
                start = time.perf_counter()
                run()
                times[name].append(time.perf_counter() - start)
        result = client.estimate(camp.path,
                                 include_detections=args.detections).result()
        print(f"camp: {args.size}x{args.size} px, {camp.tents} tents, "
              f"{result.started.tile_count} tiles, "
              f"{result.done.tent_count} found, "
              f"{len(result.detections)} detections streamed; "
              f"{args.reps} reps, medians:")
        print(f"  {'server':11s} {statistics.median(server_seconds) * 1000:8.1f}"
              " ms  (EstimateDone.seconds, the engine's own time)")
        base = statistics.median(times["cli"])
        for name, values in times.items():
            median = statistics.median(values)
            print(f"  {name:11s} {median * 1000:8.1f} ms  "
                  f"({(median / base - 1) * 100:+5.1f} % vs cli)  "
                  f"min {min(values) * 1000:.1f} max {max(values) * 1000:.1f}")
        client.close()


if __name__ == "__main__":
    main()
