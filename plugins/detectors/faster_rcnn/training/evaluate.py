"""Detection accuracy of a model on whole images, tiled the way the engine
tiles them: resample to the model's GSD, 512 px tiles overlapping by the
largest object, boxes cut by an interior tile edge dropped, scene-wide NMS,
then precision and recall at IoU 0.5 against the tent labels.

    /usr/bin/python3 evaluate.py --model models/tent_frcnn/1 \
        --dataset bench-9001/dataset.json [--threshold 0.5] [--max-images N]
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import camp_data  # noqa: E402

EDGE_MARGIN = 2.0


def detect_image(model, image, gsd_m, tile, max_object_m, threshold):
    """Boxes (native pixels) and scores of one CampImage."""
    factor = image.gsd_m / gsd_m  # native px -> model px
    width = int(math.ceil(image.width * factor))
    height = int(math.ceil(image.height * factor))
    overlap = int(math.ceil(max_object_m / gsd_m)) + 2 * int(EDGE_MARGIN)
    step = tile - overlap

    def starts(length):
        if length <= tile:
            return [0]
        s = list(range(0, length - tile, step))
        return s + [length - tile]

    boxes, scores = [], []
    xs, ys = starts(width), starts(height)
    for y in ys:
        for x in xs:
            native = tile / factor
            pixels = image.read(x / factor, y / factor, native, tile)
            tensor = torch.from_numpy(pixels).permute(2, 0, 1).float() / 255.0
            with torch.no_grad():
                out = model([tensor])
            if isinstance(out, tuple):
                out = out[1]
            out = out[0]
            b = out["boxes"].numpy()
            s = out["scores"].numpy()
            keep = s >= threshold
            b, s = b[keep], s[keep]
            w_valid = min(tile, width - x)
            h_valid = min(tile, height - y)
            cut = np.zeros(len(b), dtype=bool)
            if x > 0:
                cut |= b[:, 0] <= EDGE_MARGIN
            if y > 0:
                cut |= b[:, 1] <= EDGE_MARGIN
            if x + tile < width:
                cut |= b[:, 2] >= w_valid - EDGE_MARGIN
            if y + tile < height:
                cut |= b[:, 3] >= h_valid - EDGE_MARGIN
            b, s = b[~cut], s[~cut]
            b = (b + np.array([x, y, x, y], dtype=np.float32)) / factor
            boxes.append(b)
            scores.append(s)
    boxes = np.concatenate(boxes) if boxes else np.zeros((0, 4), np.float32)
    scores = np.concatenate(scores) if scores else np.zeros(0, np.float32)
    if len(boxes):
        keep = torchvision.ops.nms(torch.from_numpy(boxes),
                                   torch.from_numpy(scores), 0.5).numpy()
        boxes, scores = boxes[keep], scores[keep]
    order = np.argsort(-scores)
    return boxes[order], scores[order]


def evaluate(model, images, gsd_m, tile=512, max_object_m=12.0,
             threshold=0.5, log=print):
    """Overall and per-image counts; model in eval mode."""
    totals = dict(tp=0, fp=0, fn=0)
    per_image = []
    for image in images:
        start = time.time()
        boxes, _ = detect_image(model, image, gsd_m, tile, max_object_m,
                                threshold)
        tp, fp, fn, _ = camp_data.match(boxes, image.tents)
        totals["tp"] += tp
        totals["fp"] += fp
        totals["fn"] += fn
        per_image.append(dict(image=image.id, tents=len(image.tents), tp=tp,
                              fp=fp, fn=fn, seconds=time.time() - start))
        log(f"  {image.id}: {tp}/{len(image.tents)} found, {fp} false "
            f"positives ({time.time() - start:.1f} s)")
    tp, fp, fn = totals["tp"], totals["fp"], totals["fn"]
    precision = tp / max(1, tp + fp)
    recall = tp / max(1, tp + fn)
    return dict(precision=precision, recall=recall,
                f1=2 * precision * recall / max(1e-9, precision + recall),
                true_positives=tp, false_positives=fp, misses=fn,
                threshold=threshold, iou=0.5, images=per_image)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", required=True,
                        help="version directory with model.pt + model.json")
    parser.add_argument("--dataset", required=True, action="append")
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--max-images", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", help="write the result here")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.ops.load_library  # noqa: B018 (torchvision registers its ops)
    with open(os.path.join(args.model, "model.json")) as f:
        meta = json.load(f)
    model = torch.jit.load(os.path.join(args.model, "model.pt"))
    model.eval()
    images = []
    for path in args.dataset:
        images += camp_data.load_dataset(path)
    if args.max_images:
        images = images[:args.max_images]
    start = time.time()
    result = evaluate(model, images, meta["gsd_m"], meta["tile_size_px"],
                      meta.get("max_object_size_m", 12.0), args.threshold)
    result["seconds"] = time.time() - start
    print(f"precision {result['precision']:.3f} recall {result['recall']:.3f} "
          f"F1 {result['f1']:.3f}: found {result['true_positives']} of "
          f"{result['true_positives'] + result['misses']} tents, "
          f"{result['false_positives']} false positives "
          f"({len(images)} images, {result['seconds']:.0f} s)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
