// Renders a crop of one synthetic camp image to PNG, for docs/images and for
// looking at the generator's output without a GIS:
//
//   synth_examples SEED CAMP DATE X Y WIDTH HEIGHT OUT.png [--boxes]
//
// --boxes outlines every labelled footprint box (tents green, makeshift
// orange, buildings blue) to check labels against pixels.
#include <cstdlib>
#include <iostream>
#include <string>

#include "absl/strings/numbers.h"
#include "camp_plan.h"
#include "camp_spec.h"
#include "opencv2/imgcodecs.hpp"
#include "opencv2/imgproc.hpp"
#include "scene_renderer.h"

int main(int argc, char** argv) {
  using namespace campcount::synth;
  if (argc < 9) {
    std::cerr << "usage: synth_examples SEED CAMP DATE X Y WIDTH HEIGHT "
                 "OUT.png [--boxes]\n";
    return 2;
  }
  uint64_t seed = 0;
  int camp = 0, date = 0, x = 0, y = 0, w = 0, h = 0;
  if (!absl::SimpleAtoi(argv[1], &seed) || !absl::SimpleAtoi(argv[2], &camp) ||
      !absl::SimpleAtoi(argv[3], &date) || !absl::SimpleAtoi(argv[4], &x) ||
      !absl::SimpleAtoi(argv[5], &y) || !absl::SimpleAtoi(argv[6], &w) ||
      !absl::SimpleAtoi(argv[7], &h)) {
    std::cerr << "error: SEED CAMP DATE X Y WIDTH HEIGHT must be numbers\n";
    return 2;
  }
  const bool boxes = argc > 9 && std::string(argv[9]) == "--boxes";
  auto spec = MakeCampSpec(seed, camp, date + 1);
  if (!spec.ok()) {
    std::cerr << "error: " << spec.status() << "\n";
    return 1;
  }
  auto plan = PlanCamp(*spec);
  if (!plan.ok()) {
    std::cerr << "error: " << plan.status() << "\n";
    return 1;
  }
  auto renderer = SceneRenderer::Create(*plan, date);
  if (!renderer.ok()) {
    std::cerr << "error: " << renderer.status() << "\n";
    return 1;
  }
  std::cout << spec->site_id << " " << spec->images[date].date << " "
            << spec->width_px << "x" << spec->height_px << " px at "
            << spec->gsd_m << " m/px, " << renderer->standing().size()
            << " structures\n";
  if (x < 0) x = (spec->width_px - w) / 2;
  if (y < 0) y = (spec->height_px - h) / 2;
  auto rgb = renderer->Render(x, y, w, h);
  if (!rgb.ok()) {
    std::cerr << "error: " << rgb.status() << "\n";
    return 1;
  }
  cv::Mat bgr;
  cv::cvtColor(*rgb, bgr, cv::COLOR_RGB2BGR);
  if (boxes) {
    for (const Shelter* s : renderer->standing()) {
      const Box b = s->bounds.Scaled(1.0 / spec->gsd_m);
      const cv::Scalar colour =
          s->kind == ShelterKind::kTent
              ? cv::Scalar(0, 255, 0)
              : (s->kind == ShelterKind::kMakeshift ? cv::Scalar(0, 140, 255)
                                                    : cv::Scalar(255, 80, 0));
      cv::rectangle(bgr,
                    cv::Rect(cv::Point(static_cast<int>(b.xmin) - x,
                                       static_cast<int>(b.ymin) - y),
                             cv::Point(static_cast<int>(b.xmax) - x,
                                       static_cast<int>(b.ymax) - y)),
                    colour, 1);
    }
  }
  if (!cv::imwrite(argv[8], bgr, {cv::IMWRITE_PNG_COMPRESSION, 9})) {
    std::cerr << "error: cannot write " << argv[8] << "\n";
    return 1;
  }
  return 0;
}
