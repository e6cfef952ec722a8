"""The tent detector's network and its export to the model repository.

A torchvision FasterRCNN sized for a 2-core CPU (DESIGN §7): a 6-layer
convolutional backbone with one stride-8 feature map, 3 anchor sizes, 400/150
proposals and a 128-wide box head; about 0.6 M parameters. Exported with
torch.jit.script, so the C++ plugin runs it exactly as a partner's own
torchvision model would be run.
"""
import hashlib
import json
import os
from collections import OrderedDict

import torch
from torch import nn
from torchvision.models.detection import FasterRCNN
from torchvision.models.detection.anchor_utils import AnchorGenerator
from torchvision.models.detection.faster_rcnn import FastRCNNPredictor, TwoMLPHead
from torchvision.ops import MultiScaleRoIAlign

MODEL_FORMAT = "campcount-model/1"


def _conv(cin, cout, stride):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


class SmallBackbone(nn.Sequential):
    """Six 3x3 convolutions, one feature map of `width` channels at output
    stride 8 or 16."""

    def __init__(self, width=64, stride=16):
        if stride == 16:
            layers = [_conv(3, 16, 2), _conv(16, 32, 2), _conv(32, 48, 2),
                      _conv(48, width, 2), _conv(width, width, 1),
                      _conv(width, width, 1)]
        elif stride == 8:
            layers = [_conv(3, 16, 2), _conv(16, 24, 2), _conv(24, width, 2),
                      _conv(width, width, 1), _conv(width, width, 1),
                      _conv(width, width, 1)]
        else:
            raise ValueError("stride must be 8 or 16")
        super().__init__(*layers)
        self.out_channels = width


def build_model(tile_size=512, width=48, anchor_sizes=(12, 20, 32),
                box_score_thresh=0.05, stride=8):
    """A 2-class (background, tent) FasterRCNN for `tile_size` tiles.

    The transform's min/max size equal the tile size, so a full tile is not
    rescaled (the plugin pads short edge tiles up to it). Anchors are sized in
    pixels at the detection GSD.
    """
    backbone = SmallBackbone(width, stride)
    anchors = AnchorGenerator(sizes=(tuple(anchor_sizes),),
                              aspect_ratios=((0.6, 1.0, 1.6),))
    roi_pool = MultiScaleRoIAlign(featmap_names=["0"], output_size=7,
                                  sampling_ratio=2)
    box_head = TwoMLPHead(width * 7 * 7, 128)
    model = FasterRCNN(
        backbone,
        num_classes=None,
        min_size=tile_size,
        max_size=tile_size,
        rpn_anchor_generator=anchors,
        box_roi_pool=roi_pool,
        box_head=box_head,
        box_predictor=FastRCNNPredictor(128, 2),
        rpn_pre_nms_top_n_train=800,
        rpn_post_nms_top_n_train=300,
        rpn_pre_nms_top_n_test=400,
        rpn_post_nms_top_n_test=150,
        rpn_batch_size_per_image=128,
        box_batch_size_per_image=64,
        box_score_thresh=box_score_thresh,
        box_detections_per_img=300,
    )
    return model


def count_parameters(model):
    return sum(p.numel() for p in model.parameters())


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def metadata(gsd_m, tile_size, architecture, extra=None,
             max_object_size_m=12.0, score_threshold=0.5):
    """The model.json sidecar (campcount.v1.ModelMetadata + free notes)."""
    meta = OrderedDict(
        format=MODEL_FORMAT,
        architecture=architecture,
        gsd_m=gsd_m,
        tile_size_px=tile_size,
        max_object_size_m=max_object_size_m,
        # torchvision's detectors normalise inside the model: feed 0..1 RGB.
        input=OrderedDict(channels="RGB", scale=1.0 / 255.0,
                          mean=[0.0, 0.0, 0.0], std=[1.0, 1.0, 1.0]),
        class_names=["background", "tent"],
        shelter_classes=["tent"],
        default_score_threshold=score_threshold,
        output_format="torchvision",
    )
    if extra:
        meta.update(extra)
    return meta


def export(model, out_dir, meta):
    """Scripts `model` (eval mode) into out_dir/model.pt + model.json.

    Writes into a temporary name first, so a reader polling the repository
    never sees a half-written version: the directory appears complete.
    """
    model.eval()
    scripted = torch.jit.script(model)
    parent = os.path.dirname(os.path.abspath(out_dir))
    os.makedirs(parent, exist_ok=True)
    tmp = out_dir.rstrip("/") + ".partial"
    os.makedirs(tmp, exist_ok=True)
    scripted.save(os.path.join(tmp, "model.pt"))
    with open(os.path.join(tmp, "model.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    if os.path.exists(out_dir):
        import shutil
        shutil.rmtree(out_dir)
    os.rename(tmp, out_dir)
    return os.path.join(out_dir, "model.pt")
