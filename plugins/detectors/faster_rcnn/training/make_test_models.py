"""Writes the partner-style test models the plugin tests load.

    /usr/bin/python3 make_test_models.py OUT_DIR

OUT_DIR/repo/partner/1   a freshly scripted (untrained) torchvision
                         FasterRCNN with its model.json: must load and run.
OUT_DIR/repo/partner/2   the same network again: a second version, so the
                         "latest" and pinning rules can be tested.
OUT_DIR/bad/no_metadata/1      model.pt without model.json.
OUT_DIR/bad/wrong_output/1     returns a tensor, not detections.
OUT_DIR/bad/failing_warmup/1   raises on every input.
"""
import json
import os
import shutil
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tent_frcnn  # noqa: E402


class WrongOutput(nn.Module):
    """Looks like a detector from outside but answers with one tensor."""

    def forward(self, images: list[torch.Tensor]) -> torch.Tensor:
        return torch.stack([image.mean(dim=0) for image in images])


class FailsOnInput(nn.Module):
    def forward(self, images: list[torch.Tensor]) -> list[dict[str, torch.Tensor]]:
        if len(images) > 0:
            raise RuntimeError("this model fails on every tile")
        return []


def save_plain(module, out_dir, meta):
    os.makedirs(out_dir, exist_ok=True)
    torch.jit.script(module).save(os.path.join(out_dir, "model.pt"))
    if meta is not None:
        with open(os.path.join(out_dir, "model.json"), "w") as f:
            json.dump(meta, f, indent=2)


def main():
    out = sys.argv[1]
    torch.manual_seed(4)
    if os.path.exists(out):
        shutil.rmtree(out)
    tile = 256
    meta = tent_frcnn.metadata(
        gsd_m=0.25, tile_size=tile,
        architecture="untrained torchvision FasterRCNN (test fixture)",
        max_object_size_m=10.0)
    model = tent_frcnn.build_model(tile_size=tile, width=16,
                                   box_score_thresh=0.0)
    # Version 1 works at another GSD than the latest, so a request pinned to
    # it shows the image is resampled for the model that runs.
    meta_v1 = tent_frcnn.metadata(
        gsd_m=0.5, tile_size=tile,
        architecture="untrained torchvision FasterRCNN (test fixture)",
        max_object_size_m=10.0)
    tent_frcnn.export(model, os.path.join(out, "repo", "partner", "1"),
                      meta_v1)
    tent_frcnn.export(model, os.path.join(out, "repo", "partner", "2"), meta)
    save_plain(model, os.path.join(out, "bad", "no_metadata", "1"), None)
    save_plain(WrongOutput(), os.path.join(out, "bad", "wrong_output", "1"),
               meta)
    save_plain(FailsOnInput(), os.path.join(out, "bad", "failing_warmup", "1"),
               meta)
    print("test models written to", out)


if __name__ == "__main__":
    main()
