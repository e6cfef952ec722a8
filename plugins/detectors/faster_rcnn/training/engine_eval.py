"""Detection accuracy through the real engine, for any detector plugin:
runs `campcount estimate --detections --json` on every image of a dataset
and matches the kept boxes to the tent labels at IoU 0.5.

    /usr/bin/python3 engine_eval.py --campcount build/bin/campcount \
        --detector faster_rcnn --dataset bench-9001/dataset.json \
        [--max-images N] [--threshold 0.5] [--json out.json]

Reports precision, recall and the field case's sentence, per image and
overall, with the engine's own seconds per image.
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import camp_data  # noqa: E402


def box_of(detection):
    box = detection.get("pixelBox") or detection.get("pixel_box") or {}
    return [float(box.get(k, 0.0)) for k in ("xmin", "ymin", "xmax", "ymax")]


def run_engine(campcount, image, detector, threshold, extra):
    command = [campcount, "estimate", "--image", image.path, "--detector",
               detector, "--threshold", str(threshold), "--detections",
               "--json"] + extra
    if image.boundary:
        command += ["--boundary", image.boundary]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr}")
    result = json.loads(done.stdout)
    kept = [d for d in result.get("detections", []) if d.get("kept")]
    boxes = np.array([box_of(d) for d in kept], dtype=np.float32)
    scores = np.array([float(d.get("score", 0)) for d in kept])
    order = np.argsort(-scores)
    seconds = float(result.get("done", {}).get("seconds", 0))
    return boxes.reshape(-1, 4)[order], seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--campcount", default="build/bin/campcount")
    parser.add_argument("--detector", required=True)
    parser.add_argument("--dataset", required=True, action="append")
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--max-images", type=int, default=0)
    parser.add_argument("--every", type=int, default=1,
                        help="every K-th image (e.g. 3: one date per camp)")
    parser.add_argument("--json")
    parser.add_argument("engine_args", nargs="*",
                        help="more flags for campcount estimate (after --)")
    args = parser.parse_args()
    images = [im for path in args.dataset
              for im in camp_data.load_dataset(path)]
    images = images[::max(1, args.every)]
    if args.max_images:
        images = images[:args.max_images]
    tp = fp = fn = 0
    per_image = []
    start = time.time()
    for image in images:
        boxes, seconds = run_engine(args.campcount, image, args.detector,
                                    args.threshold, args.engine_args)
        # Tents count where the engine counts them: centre in the camp.
        tents = image.tents[camp_data.inside_boundary(image, image.tents)]
        t, f, m, _ = camp_data.match(boxes, tents)
        tp, fp, fn = tp + t, fp + f, fn + m
        per_image.append(dict(image=image.id, tents=len(tents), tp=t,
                              fp=f, fn=m, engine_seconds=seconds))
        print(f"  {image.id}: {t}/{len(tents)} found, {f} false "
              f"positives, engine {seconds:.1f} s", flush=True)
    precision = tp / max(1, tp + fp)
    recall = tp / max(1, tp + fn)
    print(f"{args.detector}: precision {precision:.3f} recall {recall:.3f} "
          f"at IoU 0.5, threshold {args.threshold}: found {tp} of {tp + fn} "
          f"tents, {fp} false positives ({len(images)} images, "
          f"{time.time() - start:.0f} s)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(dict(detector=args.detector, precision=precision,
                           recall=recall, true_positives=tp,
                           false_positives=fp, misses=fn,
                           threshold=args.threshold, images=per_image), f,
                      indent=2)


if __name__ == "__main__":
    main()
