#include "atmosphere.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "opencv2/imgproc.hpp"
#include "random.h"
#include "value_noise.h"

namespace campcount::synth {

double BlurSigmaPx(const ImagingConditions& c, double gsd) {
  // A pixel of size s seen through a Gaussian of sigma ~0.42 s, on top of a
  // little optical softness at the delivered resolution.
  const double sensor = 0.42 * c.sensor_resolution_m / gsd;
  return std::sqrt(sensor * sensor + 0.45 * 0.45);
}

int BlurReachPx(const ImagingConditions& c, double gsd) {
  return static_cast<int>(std::ceil(3 * BlurSigmaPx(c, gsd)));
}

void ApplyAtmosphere(const ImagingConditions& c, double gsd, Canvas& canvas) {
  cv::Mat img;
  canvas.rgb.convertTo(img, CV_32FC3);
  const double sigma = BlurSigmaPx(c, gsd);
  const int reach = BlurReachPx(c, gsd);
  cv::GaussianBlur(img, img, cv::Size(2 * reach + 1, 2 * reach + 1), sigma,
                   sigma, cv::BORDER_REPLICATE);

  // A pale dusty veil, thicker in places (harmattan dust drifts).
  const float veil[3] = {208, 196, 184};
  const uint64_t haze_seed = SubSeed(c.seed, 0x4a2e);
  const uint64_t grain_seed = SubSeed(c.seed, 0x6a1);
  const auto contrast = static_cast<float>(c.contrast);
  const auto brightness = static_cast<float>(c.brightness);
  std::vector<float> thick(img.cols);
  for (int r = 0; r < img.rows; ++r) {
    const int64_t gy = canvas.y0 + r;
    NoiseRow(haze_seed, 300.0 / gsd, gy, canvas.x0, img.cols, thick.data());
    auto* p = img.ptr<float>(r);
    for (int col = 0; col < img.cols; ++col) {
      const auto h = static_cast<float>(c.haze * (0.6 + 0.8 * thick[col]));
      const uint64_t g = Mix(grain_seed ^ (static_cast<uint64_t>(gy) << 32) ^
                             static_cast<uint64_t>(canvas.x0 + col));
      // Two bytes summed: a cheap, roughly triangular grain of +-6.
      const float grain =
          static_cast<float>((g & 0xff) + ((g >> 8) & 0xff)) / 42.5f - 6.0f;
      for (int k = 0; k < 3; ++k) {
        float v = p[3 * col + k] * (1 - h) + veil[k] * h;
        v = ((v - 135.0f) * contrast + 135.0f) * brightness;
        v += grain + static_cast<float>(((g >> (16 + 8 * k)) & 3)) - 1.5f;
        p[3 * col + k] = v;
      }
    }
  }
  img.convertTo(canvas.rgb, CV_8UC3);  // saturates to 0..255
}

}  // namespace campcount::synth
