// The plugin's only LibTorch translation unit: tensors in, boxes out.
#include "torch_detection_model.h"

#include <ATen/Parallel.h>
#include <torch/script.h>

#include <algorithm>
#include <cmath>
#include <exception>

#include "absl/strings/str_cat.h"

namespace campcount::plugins {
namespace {

// Boxes this close to a window edge that another window continues are cut
// objects; the overlap guarantees the other window sees them whole.
constexpr double kWindowEdgeMarginPx = 2.0;

std::string ErrorText(const std::exception& e) {
  if (const auto* c10 = dynamic_cast<const c10::Error*>(&e)) {
    return c10->what_without_backtrace();
  }
  return e.what();
}

// One model-sized window of one tile, already normalised and resampled.
struct Window {
  size_t tile = 0;
  at::Tensor input;  // 3 x T x T float
  int x = 0, y = 0;  // offset in the resampled tile
  bool cut_left = false, cut_top = false, cut_right = false, cut_bottom = false;
  int width = 0, height = 0;  // valid (unpadded) extent
};

// Start offsets of windows of `window` px covering `length` px with at least
// `overlap` px shared between neighbours.
std::vector<int> WindowStarts(int length, int window, int overlap) {
  if (length <= window) return {0};
  const int step = std::max(1, window - overlap);
  std::vector<int> starts;
  for (int s = 0;; s += step) {
    if (s + window >= length) {
      starts.push_back(length - window);
      break;
    }
    starts.push_back(s);
  }
  return starts;
}

}  // namespace

struct TorchDetectionModel::Impl {
  // forward() is not const, but running it from several threads is safe.
  mutable torch::jit::Module module;
  std::string path;
  at::Tensor mean, std;  // 3 x 1 x 1
  bool identity_normalisation = false;

  absl::StatusOr<std::vector<std::vector<RawDetection>>> Run(
      const std::vector<TileView>& tiles,
      const campcount::v1::ModelMetadata& metadata) const;
};

TorchDetectionModel::TorchDetectionModel(std::unique_ptr<Impl> impl,
                                         campcount::v1::ModelMetadata metadata)
    : impl_(std::move(impl)), metadata_(std::move(metadata)) {}

TorchDetectionModel::~TorchDetectionModel() = default;

void SetTorchThreads(int threads) {
  if (threads > 0) at::set_num_threads(threads);
}

absl::StatusOr<std::shared_ptr<const TorchDetectionModel>>
TorchDetectionModel::Load(const std::string& model_path,
                          campcount::v1::ModelMetadata metadata) {
  auto impl = std::make_unique<Impl>();
  impl->path = model_path;
  try {
    impl->module = torch::jit::load(model_path, torch::kCPU);
    impl->module.eval();
  } catch (const std::exception& e) {
    return absl::FailedPreconditionError(
        absl::StrCat("model ", model_path,
                     " could not be loaded as TorchScript: ", ErrorText(e)));
  }
  const auto& input = metadata.input();
  impl->mean = torch::tensor({input.mean(0), input.mean(1), input.mean(2)},
                             torch::kFloat32)
                   .view({3, 1, 1});
  impl->std =
      torch::tensor({input.std(0), input.std(1), input.std(2)}, torch::kFloat32)
          .view({3, 1, 1});
  impl->identity_normalisation = input.mean(0) == 0 && input.mean(1) == 0 &&
                                 input.mean(2) == 0 && input.std(0) == 1 &&
                                 input.std(1) == 1 && input.std(2) == 1;
  std::shared_ptr<TorchDetectionModel> model(
      new TorchDetectionModel(std::move(impl), std::move(metadata)));
  model->path_ = model_path;

  // Warm-up: a mid-grey tile of the model's size, twice (the TorchScript
  // executor optimises on the first runs). Its answer must have the shape of
  // detections, or the model is refused now rather than on a user's request.
  const int size = model->metadata_.tile_size_px();
  std::vector<uint8_t> grey(static_cast<size_t>(size) * size * 3, 128);
  TileView tile{grey.data(), size, size, 3, model->metadata_.gsd_m()};
  for (int run = 0; run < 2; ++run) {
    auto warm = model->Detect({tile});
    if (!warm.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("model ", model_path,
                       " failed on a warm-up tile: ", warm.status().message()));
    }
  }
  return std::shared_ptr<const TorchDetectionModel>(std::move(model));
}

absl::StatusOr<std::vector<std::vector<RawDetection>>>
TorchDetectionModel::Detect(const std::vector<TileView>& tiles) const {
  try {
    return impl_->Run(tiles, metadata_);
  } catch (const std::exception& e) {
    return absl::InternalError(
        absl::StrCat("model ", path_, " failed: ", ErrorText(e)));
  }
}

absl::StatusOr<std::vector<std::vector<RawDetection>>>
TorchDetectionModel::Impl::Run(
    const std::vector<TileView>& tiles,
    const campcount::v1::ModelMetadata& metadata) const {
  c10::InferenceMode inference;
  const int size = metadata.tile_size_px();
  const double model_gsd = metadata.gsd_m();
  // Windows of an over-large (resampled) tile overlap by the largest object.
  const int overlap =
      static_cast<int>(std::ceil(metadata.max_object_size_m() / model_gsd)) +
      2 * static_cast<int>(std::ceil(kWindowEdgeMarginPx));
  std::vector<Window> windows;
  std::vector<double> factors(tiles.size(), 1.0);
  for (size_t t = 0; t < tiles.size(); ++t) {
    const TileView& tile = tiles[t];
    if (tile.pixels == nullptr || tile.width <= 0 || tile.height <= 0 ||
        tile.bands < 3) {
      return absl::InvalidArgumentError(absl::StrCat(
          "tile ", t, " is ", tile.width, " x ", tile.height, " px with ",
          tile.bands, " band(s); the model needs 3 (RGB)"));
    }
    at::Tensor image =
        torch::from_blob(const_cast<uint8_t*>(tile.pixels),
                         {tile.height, tile.width, tile.bands}, torch::kUInt8)
            .narrow(2, 0, 3)
            .permute({2, 0, 1})
            .to(torch::kFloat32, /*non_blocking=*/false, /*copy=*/false,
                c10::MemoryFormat::Contiguous);
    if (metadata.input().channels() == "BGR") image = image.flip({0});
    // In place, and only what the metadata asks for: torchvision models
    // (mean 0, std 1) need just the scaling.
    image.mul_(metadata.input().scale());
    if (!identity_normalisation) image.sub_(mean).div_(std);
    // Resample to the model's GSD when the engine sent another one.
    if (tile.gsd_m > 0 && std::abs(tile.gsd_m / model_gsd - 1.0) > 0.01) {
      factors[t] = tile.gsd_m / model_gsd;
      const int64_t height =
          std::max<int64_t>(1, std::llround(tile.height * factors[t]));
      const int64_t width =
          std::max<int64_t>(1, std::llround(tile.width * factors[t]));
      image = at::upsample_bilinear2d(image.unsqueeze(0), {height, width},
                                      /*align_corners=*/false)
                  .squeeze(0);
    }
    const int height = static_cast<int>(image.size(1));
    const int width = static_cast<int>(image.size(2));
    const std::vector<int> xs = WindowStarts(width, size, overlap);
    const std::vector<int> ys = WindowStarts(height, size, overlap);
    for (size_t iy = 0; iy < ys.size(); ++iy) {
      for (size_t ix = 0; ix < xs.size(); ++ix) {
        Window w;
        w.tile = t;
        w.x = xs[ix];
        w.y = ys[iy];
        w.width = std::min(size, width - w.x);
        w.height = std::min(size, height - w.y);
        w.cut_left = ix > 0;
        w.cut_right = ix + 1 < xs.size();
        w.cut_top = iy > 0;
        w.cut_bottom = iy + 1 < ys.size();
        at::Tensor crop =
            image.narrow(1, w.y, w.height).narrow(2, w.x, w.width);
        // Short edge tiles are padded, not stretched: torchvision's
        // transform would otherwise scale them up to the tile size.
        if (w.width < size || w.height < size) {
          crop = at::constant_pad_nd(
              crop, {0, size - w.width, 0, size - w.height}, 0.0);
        }
        w.input = crop.contiguous();
        windows.push_back(std::move(w));
      }
    }
  }

  c10::List<at::Tensor> batch;
  for (const Window& w : windows) batch.push_back(w.input);
  c10::IValue output = module.forward({c10::IValue(batch)});

  // torchvision detectors answer List[Dict[str, Tensor]], or (losses,
  // detections) when scripted.
  c10::IValue detections = output;
  if (output.isTuple()) {
    bool found = false;
    for (const c10::IValue& element : output.toTuple()->elements()) {
      if (element.isList()) {
        detections = element;
        found = true;
      }
    }
    if (!found) {
      return absl::FailedPreconditionError(
          "outputs of the wrong shape: a tuple without a list of detections "
          "(expected List[Dict[str, Tensor]] with boxes, scores, labels)");
    }
  }
  if (!detections.isList()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "outputs of the wrong shape: got ", output.tagKind(),
        ", expected List[Dict[str, Tensor]] with boxes [N,4], scores [N], "
        "labels [N] (torchvision's detection output)"));
  }
  c10::List<c10::IValue> per_window = detections.toList();
  if (per_window.size() != windows.size()) {
    return absl::FailedPreconditionError(
        absl::StrCat("outputs of the wrong shape: ", per_window.size(),
                     " results for ", windows.size(), " input images"));
  }

  std::vector<std::vector<RawDetection>> result(tiles.size());
  for (size_t i = 0; i < windows.size(); ++i) {
    const Window& w = windows[i];
    c10::IValue item = per_window.get(i);
    if (!item.isGenericDict()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "outputs of the wrong shape: result ", i, " is ", item.tagKind(),
          ", expected Dict[str, Tensor] with boxes, scores, labels"));
    }
    c10::Dict<c10::IValue, c10::IValue> dict = item.toGenericDict();
    at::Tensor parts[3];
    const char* keys[3] = {"boxes", "scores", "labels"};
    for (int k = 0; k < 3; ++k) {
      if (!dict.contains(keys[k]) || !dict.at(keys[k]).isTensor()) {
        return absl::FailedPreconditionError(
            absl::StrCat("outputs of the wrong shape: result ", i,
                         " has no tensor '", keys[k], "'"));
      }
      parts[k] = dict.at(keys[k]).toTensor();
    }
    const int64_t n = parts[0].dim() == 2 ? parts[0].size(0) : -1;
    if (n < 0 || parts[0].size(1) != 4 || parts[1].dim() != 1 ||
        parts[1].size(0) != n || parts[2].dim() != 1 || parts[2].size(0) != n) {
      return absl::FailedPreconditionError(absl::StrCat(
          "outputs of the wrong shape: result ", i, " has boxes ",
          c10::str(parts[0].sizes()), ", scores ", c10::str(parts[1].sizes()),
          ", labels ", c10::str(parts[2].sizes()),
          "; expected [N,4], [N], [N]"));
    }
    at::Tensor boxes = parts[0].to(torch::kFloat32).contiguous();
    at::Tensor scores = parts[1].to(torch::kFloat32).contiguous();
    at::Tensor labels = parts[2].to(torch::kInt64).contiguous();
    const float* b = boxes.data_ptr<float>();
    const float* s = scores.data_ptr<float>();
    const int64_t* l = labels.data_ptr<int64_t>();
    const double factor = factors[w.tile];
    const TileView& tile = tiles[w.tile];
    for (int64_t j = 0; j < n; ++j) {
      const float* box = b + 4 * j;
      const double m = kWindowEdgeMarginPx;
      if ((w.cut_left && box[0] <= m) || (w.cut_top && box[1] <= m) ||
          (w.cut_right && box[2] >= w.width - m) ||
          (w.cut_bottom && box[3] >= w.height - m)) {
        continue;  // a neighbouring window sees this object whole
      }
      RawDetection d;
      d.xmin = std::clamp<float>((box[0] + w.x) / factor, 0, tile.width);
      d.ymin = std::clamp<float>((box[1] + w.y) / factor, 0, tile.height);
      d.xmax = std::clamp<float>((box[2] + w.x) / factor, 0, tile.width);
      d.ymax = std::clamp<float>((box[3] + w.y) / factor, 0, tile.height);
      d.score = s[j];
      d.label = static_cast<int>(l[j]);
      if (d.xmax > d.xmin && d.ymax > d.ymin) result[w.tile].push_back(d);
    }
  }
  return result;
}

}  // namespace campcount::plugins
