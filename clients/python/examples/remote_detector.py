#!/usr/bin/python3
"""A campcount detector served over gRPC, in Python: the Detector contract.

campcountd's remote_detector plugin sends it tiles (RGB, 8-bit, interleaved by
pixel) and expects boxes in tile pixels. This one finds bright blobs (light
tents on darker ground): a toy to show the contract, not a model to trust.
Replace `find_blobs` with your model and keep the rest.

    PYTHONPATH=build/python /usr/bin/python3 \
        clients/python/examples/remote_detector.py --listen 127.0.0.1:7400

then in campcountd's config (textproto):

    plugin_config {
      key: "remote_detector"
      value { settings { key: "address" value: "127.0.0.1:7400" } }
    }

and estimate with `--detector remote_detector`. See docs/integration.md.
"""

import argparse
import signal
import sys
import threading
from concurrent import futures

import grpc

from campcount.v1 import detection_pb2, plugin_pb2, service_pb2_grpc

try:  # numpy when the interpreter has it (Debian: python3-numpy)
    import numpy as np
except ImportError:  # pragma: no cover - exercised only without numpy
    np = None

NAME = "python_bright_blob"
VERSION = "0.1.0"
# Shelter footprints we report, in square metres.
MIN_AREA_M2, MAX_AREA_M2 = 4.0, 120.0
# A pixel is "bright" when it is this many standard deviations above the
# tile's mean brightness (and at least this far above it, in 0-255).
SIGMAS, MIN_LIFT = 1.5, 40.0


def brightness(tile):
    """Per-pixel brightness (mean of R, G, B) as rows of floats."""
    w, h = tile.window.width, tile.window.height
    if np is not None:
        rgb = np.frombuffer(tile.pixels, dtype=np.uint8).reshape(h, w, 3)
        return rgb.mean(axis=2)
    px = tile.pixels
    return [[(px[3 * (y * w + x)] + px[3 * (y * w + x) + 1] +
              px[3 * (y * w + x) + 2]) / 3.0 for x in range(w)]
            for y in range(h)]


def bright_pixels(grey, w, h):
    """(set of bright (x, y), tile mean, threshold)."""
    if np is not None:
        mean, sd = float(grey.mean()), float(grey.std())
        level = max(mean + SIGMAS * sd, mean + MIN_LIFT)
        ys, xs = np.nonzero(grey > level)
        return set(zip(xs.tolist(), ys.tolist())), mean, level
    values = [v for row in grey for v in row]
    mean = sum(values) / len(values)
    sd = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
    level = max(mean + SIGMAS * sd, mean + MIN_LIFT)
    return ({(x, y) for y in range(h) for x in range(w) if grey[y][x] > level},
            mean, level)


def find_blobs(tile):
    """Connected bright regions -> (xmin, ymin, xmax, ymax, area_px, mean)."""
    w, h = tile.window.width, tile.window.height
    grey = brightness(tile)
    todo, tile_mean, _ = bright_pixels(grey, w, h)
    blobs = []
    while todo:
        seed = todo.pop()
        stack, members = [seed], [seed]
        while stack:
            x, y = stack.pop()
            for n in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
                if n in todo:
                    todo.remove(n)
                    stack.append(n)
                    members.append(n)
        xs = [p[0] for p in members]
        ys = [p[1] for p in members]
        total = sum(float(grey[y][x]) for x, y in members)
        blobs.append((min(xs), min(ys), max(xs) + 1, max(ys) + 1,
                      len(members), total / len(members) - tile_mean))
    return blobs


def detect_tile(tile, threshold):
    out = detection_pb2.TileDetections(tile_index=tile.index)
    gsd2 = tile.gsd_m * tile.gsd_m
    for xmin, ymin, xmax, ymax, area_px, lift in find_blobs(tile):
        area_m2 = area_px * gsd2
        if not MIN_AREA_M2 <= area_m2 <= MAX_AREA_M2:
            continue
        fill = area_px / float((xmax - xmin) * (ymax - ymin))
        score = max(0.0, min(1.0, fill * min(1.0, lift / 100.0)))
        if score < threshold:
            continue
        d = out.detections.add(score=score, class_name="tent", area_m2=area_m2)
        d.pixel_box.xmin, d.pixel_box.ymin = xmin, ymin
        d.pixel_box.xmax, d.pixel_box.ymax = xmax, ymax
    return out


class BrightBlobDetector(service_pb2_grpc.DetectorServicer):
    def Describe(self, request, context):
        return plugin_pb2.PluginManifest(
            kind=plugin_pb2.PLUGIN_KIND_DETECTOR, name=NAME, version=VERSION,
            description="Bright blobs on darker ground, served from Python.",
            tile_size_px=512, max_object_size_m=12, required_bands=3)

    def Detect(self, request, context):
        response = detection_pb2.DetectResponse()
        for tile in request.tiles:
            if tile.bands != 3 or len(tile.pixels) != (
                    3 * tile.window.width * tile.window.height):
                context.abort(grpc.StatusCode.INVALID_ARGUMENT,
                              f"{NAME}: tile {tile.index} is not a packed "
                              f"RGB {tile.window.width}x{tile.window.height}"
                              " image")
            if not context.is_active():  # the engine cancelled
                context.abort(grpc.StatusCode.CANCELLED, "cancelled")
            response.tiles.append(detect_tile(tile, request.score_threshold))
        return response


def serve(listen, workers=4):
    """Starts the server; returns (server, "host:port" it listens on)."""
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=workers),
        options=[("grpc.max_receive_message_length", 512 * 1024 * 1024),
                 ("grpc.max_send_message_length", 512 * 1024 * 1024)])
    service_pb2_grpc.add_DetectorServicer_to_server(BrightBlobDetector(),
                                                    server)
    host = listen.rsplit(":", 1)[0]
    port = server.add_insecure_port(listen)
    if port == 0:
        raise SystemExit(f"{NAME}: cannot listen on {listen}")
    server.start()
    return server, f"{host}:{port}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--listen", default="127.0.0.1:7400",
                        help="host:port (port 0: any free port)")
    args = parser.parse_args()
    server, address = serve(args.listen)
    print(f"remote_detector listening on {address}", flush=True)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    server.stop(grace=2).wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
