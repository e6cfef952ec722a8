#include "scene_renderer.h"

#include <cmath>

#include "camp_plan.h"
#include "gtest/gtest.h"
#include "opencv2/core.hpp"

namespace campcount::synth {
namespace {

CampPlan Plan(uint64_t seed, int camp) {
  absl::StatusOr<CampSpec> spec = MakeCampSpec(seed, camp, 2);
  EXPECT_TRUE(spec.ok()) << spec.status();
  absl::StatusOr<CampPlan> plan = PlanCamp(*spec);
  EXPECT_TRUE(plan.ok()) << plan.status();
  return *std::move(plan);
}

// A window's pixels do not depend on how the image is cut into windows:
// the GeoTIFF (strips) and the synthetic source (tiles) serve the same scene.
TEST(SceneRendererTest, WindowsMatchALargerRender) {
  const CampPlan plan = Plan(2, 0);
  absl::StatusOr<SceneRenderer> r = SceneRenderer::Create(plan, 1);
  ASSERT_TRUE(r.ok()) << r.status();
  const int x = r->width_px() / 2 - 300, y = r->height_px() / 2 - 300;
  absl::StatusOr<cv::Mat> big = r->Render(x, y, 600, 600);
  ASSERT_TRUE(big.ok()) << big.status();
  for (auto [dx, dy, w, h] : {std::tuple{0, 0, 256, 256},
                              {137, 250, 200, 31},
                              {300, 300, 300, 300}}) {
    absl::StatusOr<cv::Mat> small = r->Render(x + dx, y + dy, w, h);
    ASSERT_TRUE(small.ok()) << small.status();
    cv::Mat diff;
    cv::absdiff(*small, (*big)(cv::Rect(dx, dy, w, h)), diff);
    EXPECT_EQ(cv::countNonZero(diff.reshape(1)), 0)
        << "window " << w << "x" << h << "+" << dx << "+" << dy;
  }
}

TEST(SceneRendererTest, SameSeedSamePixels) {
  const CampPlan a = Plan(6, 1), b = Plan(6, 1);
  const cv::Mat pa = *SceneRenderer::Create(a, 0)->Render(500, 400, 300, 200);
  const cv::Mat pb = *SceneRenderer::Create(b, 0)->Render(500, 400, 300, 200);
  cv::Mat diff;
  cv::absdiff(pa, pb, diff);
  EXPECT_EQ(cv::countNonZero(diff.reshape(1)), 0);
}

// Every labelled footprint is really drawn where its box says: removing the
// shelter from the plan changes the pixels inside its box, and nothing
// farther away than its shadow and the blur.
TEST(SceneRendererTest, LabelBoxesAreWhereTheShelterIsDrawn) {
  const CampPlan plan = Plan(8, 2);
  const double gsd = plan.spec.gsd_m;
  const double day = static_cast<double>(plan.spec.images[0].day);
  int checked = 0;
  for (size_t i = 0; i < plan.shelters.size() && checked < 12; i += 37) {
    const Shelter& s = plan.shelters[i];
    if (!s.StandsOn(day)) continue;
    CampPlan without = plan;
    without.shelters.erase(without.shelters.begin() + i);
    const Box box = s.bounds.Scaled(1 / gsd);
    const int x0 = std::max(0, static_cast<int>(box.xmin) - 40);
    const int y0 = std::max(0, static_cast<int>(box.ymin) - 40);
    const int w = std::min(plan.spec.width_px - x0,
                           static_cast<int>(box.xmax - box.xmin) + 80);
    const int h = std::min(plan.spec.height_px - y0,
                           static_cast<int>(box.ymax - box.ymin) + 80);
    const cv::Mat with_px =
        *SceneRenderer::Create(plan, 0)->Render(x0, y0, w, h);
    const cv::Mat without_px =
        *SceneRenderer::Create(without, 0)->Render(x0, y0, w, h);
    cv::Mat diff;
    cv::absdiff(with_px, without_px, diff);
    diff.convertTo(diff, CV_32FC3);
    cv::Mat gray;
    cv::transform(diff, gray, cv::Matx13f(1, 1, 1));
    // Inside the box (its inner half, clear of blur): clearly different.
    const double cx = 0.5 * (box.xmin + box.xmax) - x0;
    const double cy = 0.5 * (box.ymin + box.ymax) - y0;
    const int iw = std::max(1, static_cast<int>((box.xmax - box.xmin) / 4));
    const int ih = std::max(1, static_cast<int>((box.ymax - box.ymin) / 4));
    const cv::Scalar inside = cv::mean(gray(cv::Rect(
        static_cast<int>(cx) - iw / 2, static_cast<int>(cy) - ih / 2, iw, ih)));
    EXPECT_GT(inside[0], 20) << KindName(s.kind) << " " << i;
    // Far outside (box + shadow + blur): untouched.
    const double reach_px =
        (s.height_m * 3.0 + 1.0) / gsd + 8;  // shadows < 3 x height
    double outside_sum = 0;
    for (int r = 0; r < gray.rows; ++r) {
      for (int c = 0; c < gray.cols; ++c) {
        const double px = c + x0 + 0.5, py = r + y0 + 0.5;
        if (px > box.xmin - reach_px && px < box.xmax + reach_px &&
            py > box.ymin - reach_px && py < box.ymax + reach_px) {
          continue;
        }
        outside_sum += gray.at<float>(r, c);
      }
    }
    EXPECT_EQ(outside_sum, 0) << KindName(s.kind) << " " << i;
    ++checked;
  }
  EXPECT_GE(checked, 6);
}

TEST(SceneRendererTest, RejectsWindowsOutsideTheImage) {
  const CampPlan plan = Plan(1, 0);
  absl::StatusOr<SceneRenderer> r = SceneRenderer::Create(plan, 0);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->Render(-1, 0, 10, 10).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(r->Render(r->width_px() - 5, 0, 10, 10).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(r->Render(0, 0, 0, 10).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(SceneRenderer::Create(plan, 2).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace campcount::synth
