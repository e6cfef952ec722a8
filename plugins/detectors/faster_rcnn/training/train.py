"""Trains the default tent detector on synthetic camps and exports it into
the model repository. One command (from the repository root, after a build):

    /usr/bin/python3 plugins/detectors/faster_rcnn/training/train.py \
        --campcount build/bin/campcount --out models/tent_frcnn/1

1. makes training camps (`campcount synth`, seeds --train-seeds) and
   held-out validation camps (--val-seed; never a training seed, never the
   benchmark's 9000-9099);
2. trains the small torchvision FasterRCNN of tent_frcnn.py on random crops
   at the detection GSD (crops around tents, around buildings and makeshift
   shelters, in corners where viewer overlays sit, and anywhere), with flips,
   rotations, scale and colour jitter, for --minutes of wall time;
3. mines hard negatives every --mine-every steps: crops where the model
   sees a tent that is not there are trained on more often;
4. validates on the held-out camps exactly as the engine tiles a scene and
   writes precision / recall into the metadata;
5. exports TorchScript + model.json to --out (checkpoints in --work).
Uses Debian's torch/torchvision (/usr/bin/python3) and 2 threads.
"""
import argparse
import json
import math
import os
import random
import subprocess
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import camp_data  # noqa: E402
import evaluate as evaluation  # noqa: E402
import tent_frcnn  # noqa: E402

BENCHMARK_SEEDS = range(9000, 9100)


def log(*parts):
    print(time.strftime("%H:%M:%S"), *parts, flush=True)


def make_dataset(campcount, seed, camps, work):
    if seed in BENCHMARK_SEEDS:
        sys.exit(f"seed {seed} is reserved for the held-out benchmark")
    out = os.path.join(work, f"synth-{seed}-{camps}")
    manifest = os.path.join(out, "dataset.json")
    if not os.path.exists(manifest):
        log(f"campcount synth --camps {camps} --seed {seed} --out {out}")
        subprocess.run([campcount, "synth", "--camps", str(camps), "--seed",
                        str(seed), "--out", out], check=True)
    return manifest


class CropSampler:
    """Random training crops (pixels at the detection GSD, tent boxes)."""

    def __init__(self, images, gsd_m, crop):
        self.images = [im for im in images if len(im.tents) > 0]
        self.gsd_m = gsd_m
        self.crop = crop
        self.hard = []  # (image, x, y, native size) where the model erred

    def _window_around(self, image, box, native):
        cx = (box[0] + box[2]) / 2 + random.uniform(-0.4, 0.4) * native
        cy = (box[1] + box[3]) / 2 + random.uniform(-0.4, 0.4) * native
        return cx - native / 2, cy - native / 2

    def window(self):
        image = random.choice(self.images)
        native = self.crop * self.gsd_m / image.gsd_m
        native *= random.uniform(0.87, 1.15)  # scale jitter
        r = random.random()
        if self.hard and r < 0.2:
            image, x, y, native = random.choice(self.hard)
        elif r < 0.65:
            box = image.tents[random.randrange(len(image.tents))]
            x, y = self._window_around(image, box, native)
        elif r < 0.8 and len(image.negatives):
            box = image.negatives[random.randrange(len(image.negatives))]
            x, y = self._window_around(image, box, native)
        elif r < 0.9:
            # Corners: where imagery viewers put buttons and watermarks.
            x = random.choice([0, image.width - native])
            y = random.choice([0, image.height - native])
        else:
            x = random.uniform(0, max(1, image.width - native))
            y = random.uniform(0, max(1, image.height - native))
        return image, x, y, native

    def sample(self, window=None):
        image, x, y, native = window or self.window()
        pixels = image.read(x, y, native, self.crop)
        boxes = image.boxes_in(image.tents, x, y, native, self.crop)
        return pixels, boxes, (image, x, y, native)


def augment(pixels, boxes):
    size = pixels.shape[0]
    if random.random() < 0.5:
        pixels = pixels[:, ::-1]
        boxes = boxes[:, [2, 1, 0, 3]].copy()
        boxes[:, [0, 2]] = size - boxes[:, [0, 2]]
    if random.random() < 0.5:
        pixels = pixels[::-1]
        boxes = boxes[:, [0, 3, 2, 1]].copy()
        boxes[:, [1, 3]] = size - boxes[:, [1, 3]]
    if random.random() < 0.5:  # transpose = rotation with a flip
        pixels = pixels.transpose(1, 0, 2)
        boxes = boxes[:, [1, 0, 3, 2]].copy()
    image = torch.from_numpy(np.ascontiguousarray(pixels)).permute(2, 0, 1)
    image = image.float() / 255.0
    # Haze, contrast and colour-balance jitter.
    contrast = random.uniform(0.75, 1.25)
    mean = image.mean()
    gain = torch.empty(3, 1, 1).uniform_(0.93, 1.07)
    image = ((image - mean) * contrast + mean) * gain
    image = image + random.uniform(-0.08, 0.08)
    return image.clamp(0, 1), torch.from_numpy(np.ascontiguousarray(boxes))


def to_batch(samples):
    images, targets = [], []
    for pixels, boxes in samples:
        image, b = augment(pixels, boxes)
        images.append(image)
        targets.append(dict(boxes=b.float().reshape(-1, 4),
                            labels=torch.ones(len(b), dtype=torch.int64)))
    return images, targets


def mine_hard_negatives(model, sampler, count, threshold=0.5):
    """Crops away from tents where the model fires: trained on more often."""
    model.eval()
    found = 0
    with torch.no_grad():
        for _ in range(count):
            pixels, boxes, window = sampler.sample()
            image = torch.from_numpy(pixels).permute(2, 0, 1).float() / 255
            out = model([image])
            if isinstance(out, tuple):
                out = out[1]
            pred = out[0]["boxes"][out[0]["scores"] >= threshold].numpy()
            _, fp, _, _ = camp_data.match(pred, boxes, iou=0.3)
            if fp > 0:
                sampler.hard.append(window)
                found += 1
    sampler.hard = sampler.hard[-400:]
    model.train()
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--campcount", default="build/bin/campcount")
    parser.add_argument("--work", default="build/tent_frcnn_training")
    parser.add_argument("--out", default="models/tent_frcnn/1")
    parser.add_argument("--train-seeds", default="101,102,103")
    parser.add_argument("--train-camps", type=int, default=6)
    parser.add_argument("--val-seed", type=int, default=201)
    parser.add_argument("--val-camps", type=int, default=2)
    parser.add_argument("--val-images", type=int, default=4)
    parser.add_argument("--gsd", type=float, default=0.25)
    parser.add_argument("--crop", type=int, default=256)
    parser.add_argument("--tile", type=int, default=512)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--mine-every", type=int, default=300)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--resume", action="store_true")
    parser.add_argument("--init", default="",
                        help="start from this exported model.pt's weights "
                             "(fine-tuning) instead of from scratch")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    camp_data.seeded(args.seed)
    os.makedirs(args.work, exist_ok=True)
    started = time.time()

    train_sets = [make_dataset(args.campcount, int(s), args.train_camps,
                               args.work)
                  for s in args.train_seeds.split(",")]
    val_set = make_dataset(args.campcount, args.val_seed, args.val_camps,
                           args.work)
    train_images = [im for path in train_sets
                    for im in camp_data.load_dataset(path)]
    val_images = camp_data.load_dataset(val_set)[:args.val_images]
    log(f"{len(train_images)} training images "
        f"({sum(len(i.tents) for i in train_images)} tents), "
        f"{len(val_images)} validation images; data ready after "
        f"{time.time() - started:.0f} s")

    model = tent_frcnn.build_model(tile_size=args.tile)
    # Crops are trained at their own size: no rescaling in the transform.
    model.transform.min_size = (args.crop,)
    model.transform.max_size = args.crop
    log(f"model: {tent_frcnn.count_parameters(model)} parameters")
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr,
                                  weight_decay=1e-4)
    checkpoint = os.path.join(args.work, "checkpoint.pt")
    step, trained_seconds = 0, 0.0
    if args.init and not args.resume:
        # An exported model is the same module scripted: same weight names.
        model.load_state_dict(torch.jit.load(args.init).state_dict())
        log(f"starting from the weights of {args.init}")
    if args.resume and os.path.exists(checkpoint):
        state = torch.load(checkpoint)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        step, trained_seconds = state["step"], state["seconds"]
        log(f"resumed at step {step} ({trained_seconds:.0f} s trained)")
    sampler = CropSampler(train_images, args.gsd, args.crop)
    budget = args.minutes * 60
    model.train()
    train_start = time.time() - trained_seconds
    last_log, last_save = time.time(), time.time()
    running = None
    while True:
        elapsed = time.time() - train_start
        if elapsed >= budget:
            break
        fraction = elapsed / budget
        warm = min(1.0, (step + 1) / 100)
        lr = args.lr * warm * (0.05 + 0.95 * 0.5 *
                               (1 + math.cos(math.pi * fraction)))
        for group in optimizer.param_groups:
            group["lr"] = lr
        samples = [sampler.sample()[:2] for _ in range(args.batch)]
        images, targets = to_batch(samples)
        losses = model(images, targets)
        loss = sum(losses.values())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        step += 1
        value = float(loss)
        running = value if running is None else 0.95 * running + 0.05 * value
        if time.time() - last_log > 60:
            parts = " ".join(f"{k[5:]}={float(v):.3f}"
                             for k, v in losses.items())
            log(f"step {step} loss {running:.3f} ({parts}) lr {lr:.5f} "
                f"{elapsed / 60:.1f}/{args.minutes} min, "
                f"{len(sampler.hard)} hard crops")
            last_log = time.time()
        if step % args.mine_every == 0:
            found = mine_hard_negatives(model, sampler, 32)
            log(f"hard-negative mining: {found} of 32 crops with false "
                f"positives")
        if time.time() - last_save > 300:
            torch.save(dict(model=model.state_dict(),
                            optimizer=optimizer.state_dict(), step=step,
                            seconds=time.time() - train_start), checkpoint)
            last_save = time.time()
    trained_seconds = time.time() - train_start
    torch.save(dict(model=model.state_dict(), optimizer=optimizer.state_dict(),
                    step=step, seconds=trained_seconds), checkpoint)
    log(f"trained {step} steps in {trained_seconds / 60:.1f} min")

    # Full tiles from here on, as the engine sends them.
    model.transform.min_size = (args.tile,)
    model.transform.max_size = args.tile
    model.eval()
    scripted = torch.jit.script(model)
    log("validating on held-out camps (seed %d)" % args.val_seed)
    metrics = evaluation.evaluate(scripted, val_images, args.gsd, args.tile,
                                  12.0, 0.5, log=log)
    log(f"validation: precision {metrics['precision']:.3f} recall "
        f"{metrics['recall']:.3f}")
    meta = tent_frcnn.metadata(
        gsd_m=args.gsd, tile_size=args.tile,
        architecture=("torchvision FasterRCNN: 6-conv backbone (stride 8, "
                      "48 channels), anchors 12/20/32 px x 3 ratios, "
                      "400/150 proposals, 128-wide box head, "
                      f"{tent_frcnn.count_parameters(model)} parameters"),
        extra=dict(training=dict(
            command=" ".join(sys.argv), init=args.init,
            train_seeds=args.train_seeds,
            train_camps=args.train_camps, train_images=len(train_images),
            train_tents=int(sum(len(i.tents) for i in train_images)),
            steps=step, batch=args.batch, crop_px=args.crop,
            minutes=round(trained_seconds / 60, 1),
            total_minutes=round((time.time() - started) / 60, 1)),
            validation=dict(
                seed=args.val_seed, images=len(val_images),
                precision=round(metrics["precision"], 4),
                recall=round(metrics["recall"], 4),
                true_positives=metrics["true_positives"],
                false_positives=metrics["false_positives"],
                misses=metrics["misses"], threshold=0.5, iou=0.5)))
    path = tent_frcnn.export(model, args.out, meta)
    log(f"exported {path} ({os.path.getsize(path) / 1e6:.1f} MB, sha256 "
        f"{tent_frcnn.sha256_of(path)}); total "
        f"{(time.time() - started) / 60:.1f} min")


if __name__ == "__main__":
    main()
