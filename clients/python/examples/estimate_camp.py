#!/usr/bin/python3
"""Estimates a camp's population with a running campcountd, from Python.

    PYTHONPATH=build/python /usr/bin/python3 \
        clients/python/examples/estimate_camp.py --server 127.0.0.1:7311 \
        --image camp.tif --boundary camp.geojson
"""

import argparse
import sys

import campcount


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--server", default="127.0.0.1:7311")
    parser.add_argument("--image", required=True,
                        help="GeoTIFF path as the server sees it")
    parser.add_argument("--boundary", help="camp boundary, GeoJSON file")
    parser.add_argument("--detector", default="")
    parser.add_argument("--estimator", action="append", default=[])
    parser.add_argument("--threshold", type=float)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()

    with campcount.Client(args.server, timeout=args.timeout) as client:
        try:
            call = client.estimate(args.image, boundary=args.boundary,
                                   detector=args.detector,
                                   estimators=args.estimator,
                                   threshold=args.threshold)
            for event in call:
                if isinstance(event, campcount.Started):
                    print(f"{event.tile_count} tiles, detector "
                          f"{event.detector}, threshold "
                          f"{event.score_threshold:.2f}")
                elif isinstance(event, campcount.Progress):
                    print(f"\r{event.fraction:6.1%} of tiles, "
                          f"{event.detections_so_far} detections", end="",
                          file=sys.stderr)
                elif isinstance(event, campcount.Done):
                    print(f"\n{event.tent_count} shelters, "
                          f"{event.total_tent_area_m2:,.0f} m², "
                          f"{event.seconds:.1f} s", file=sys.stderr)
            for estimate in call.result().estimates:
                interval = ""
                if estimate.lower is not None:
                    interval = (f" ({estimate.lower:,.0f} to "
                                f"{estimate.upper:,.0f})")
                print(f"{estimate.estimator}: {estimate.population:,.0f} "
                      f"people{interval}\n  {estimate.formula}")
                for warning in estimate.warnings:
                    print(f"  warning: {warning}")
        except campcount.Unavailable as e:
            print(f"campcountd is not reachable: {e}", file=sys.stderr)
            return 1
        except campcount.CampcountError as e:
            print(f"estimate failed: {e}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
