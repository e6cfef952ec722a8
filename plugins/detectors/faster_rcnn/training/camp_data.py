"""Reads `campcount synth` datasets (the format in docs/synthetic-data.md) for
training and evaluation: images through GDAL, resampled on read to the
detection GSD, and shelter boxes from the *.labels.geojson files.
"""
import json
import os
import random

import numpy as np
from osgeo import gdal

gdal.UseExceptions()


class CampImage:
    """One image of a dataset with its boxes, in native pixels."""

    def __init__(self, root, image, boundary=""):
        self.id = image["id"]
        self.boundary = os.path.join(root, boundary) if boundary else ""
        self.path = os.path.join(root, image["path"])
        self.gsd_m = float(image["gsd_m"])
        self.width = int(image["width_px"])
        self.height = int(image["height_px"])
        with open(os.path.join(root, image["labels"])) as f:
            labels = json.load(f)
        self.tents, self.negatives = [], []
        for feature in labels["features"]:
            props = feature["properties"]
            box = [float(v) for v in props["bbox_px"]]
            if props.get("kind") == "tent":
                self.tents.append(box)
            else:
                # Makeshift shelters and buildings: not the tent class.
                self.negatives.append(box)
        self.tents = np.array(self.tents, dtype=np.float32).reshape(-1, 4)
        self.negatives = np.array(self.negatives,
                                  dtype=np.float32).reshape(-1, 4)
        self._dataset = None

    def dataset(self):
        if self._dataset is None:
            self._dataset = gdal.Open(self.path)
        return self._dataset

    def read(self, x, y, size_native, out_size):
        """RGB uint8 (out_size x out_size x 3) of the native window at
        (x, y) of size_native px, bilinear-resampled; zero outside."""
        ds = self.dataset()
        out = np.zeros((out_size, out_size, 3), dtype=np.uint8)
        x0, y0 = max(0, int(round(x))), max(0, int(round(y)))
        x1 = min(self.width, int(round(x + size_native)))
        y1 = min(self.height, int(round(y + size_native)))
        if x1 <= x0 or y1 <= y0:
            return out
        scale = out_size / size_native
        ox = max(0, min(out_size, int(round((x0 - x) * scale))))
        oy = max(0, min(out_size, int(round((y0 - y) * scale))))
        bw = min(out_size, int(round((x1 - x) * scale))) - ox
        bh = min(out_size, int(round((y1 - y) * scale))) - oy
        if bw <= 0 or bh <= 0:
            return out
        bands = min(3, ds.RasterCount)
        data = ds.ReadAsArray(x0, y0, x1 - x0, y1 - y0, buf_xsize=bw,
                              buf_ysize=bh, band_list=list(range(1, bands + 1)),
                              resample_alg=gdal.GRIORA_Bilinear)
        data = np.asarray(data).reshape(bands, bh, bw).transpose(1, 2, 0)
        if bands < 3:
            data = np.repeat(data[:, :, :1], 3, axis=2)
        out[oy:oy + bh, ox:ox + bw] = data[:, :, :3]
        return out

    def boxes_in(self, boxes, x, y, size_native, out_size, min_visible=0.5):
        """Boxes (in crop pixels at out_size) of those mostly inside."""
        if len(boxes) == 0:
            return np.zeros((0, 4), dtype=np.float32)
        scale = out_size / size_native
        b = (boxes - np.array([x, y, x, y], dtype=np.float32)) * scale
        clipped = np.clip(b, 0, out_size)
        area = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
        visible = (clipped[:, 2] - clipped[:, 0]) * (clipped[:, 3] -
                                                     clipped[:, 1])
        keep = (area > 0) & (visible >= min_visible * area)
        return clipped[keep]


def load_dataset(path):
    """All images of a dataset.json."""
    root = os.path.dirname(os.path.abspath(path))
    with open(path) as f:
        manifest = json.load(f)
    images = []
    for camp in manifest["camps"]:
        for image in camp["images"]:
            images.append(CampImage(root, image, camp.get("boundary", "")))
    return images


def inside_boundary(image, boxes):
    """Mask of the boxes whose centre lies inside the image's camp boundary
    (an RFC 7946 GeoJSON polygon in lon/lat), as the engine decides."""
    from osgeo import ogr, osr
    if not image.boundary or len(boxes) == 0:
        return np.ones(len(boxes), dtype=bool)
    with open(image.boundary) as f:
        geojson = json.load(f)
    geometry = geojson.get("geometry", geojson)
    polygon = ogr.CreateGeometryFromJson(json.dumps(geometry))
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ds = image.dataset()
    target = osr.SpatialReference(wkt=ds.GetProjection())
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    polygon.AssignSpatialReference(wgs84)
    polygon.TransformTo(target)
    gt = ds.GetGeoTransform()
    cx = (boxes[:, 0] + boxes[:, 2]) / 2
    cy = (boxes[:, 1] + boxes[:, 3]) / 2
    mask = np.zeros(len(boxes), dtype=bool)
    for i in range(len(boxes)):
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(gt[0] + cx[i] * gt[1] + cy[i] * gt[2],
                          gt[3] + cx[i] * gt[4] + cy[i] * gt[5])
        mask[i] = polygon.Contains(point)
    return mask


def iou_matrix(a, b):
    if len(a) == 0 or len(b) == 0:
        return np.zeros((len(a), len(b)), dtype=np.float32)
    ix0 = np.maximum(a[:, None, 0], b[None, :, 0])
    iy0 = np.maximum(a[:, None, 1], b[None, :, 1])
    ix1 = np.minimum(a[:, None, 2], b[None, :, 2])
    iy1 = np.minimum(a[:, None, 3], b[None, :, 3])
    inter = np.clip(ix1 - ix0, 0, None) * np.clip(iy1 - iy0, 0, None)
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    return inter / np.maximum(area_a[:, None] + area_b[None, :] - inter, 1e-9)


def match(pred, truth, iou=0.5):
    """Greedy matching by score order (pred sorted by score): true
    positives, false positives, misses."""
    m = iou_matrix(pred, truth)
    used = np.zeros(len(truth), dtype=bool)
    tp = 0
    fp_boxes = []
    for i in range(len(pred)):
        j = -1
        best = iou
        for k in np.nonzero(m[i] >= iou)[0]:
            if not used[k] and m[i, k] >= best:
                best, j = m[i, k], k
        if j >= 0:
            used[j] = True
            tp += 1
        else:
            fp_boxes.append(i)
    return tp, len(fp_boxes), int((~used).sum()), fp_boxes


def seeded(seed):
    random.seed(seed)
    np.random.seed(seed)
