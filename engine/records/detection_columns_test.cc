#include "detection_columns.h"

#include <gtest/gtest.h>

#include "georeference.h"
#include "google/protobuf/util/message_differencer.h"

namespace campcount::records {
namespace {

// A north-up UTM-like transform and a rotated one: map boxes must come back
// exactly as the pipeline computed them from either.
campcount::v1::GeoTransform Transform(double rotation) {
  campcount::v1::GeoTransform t;
  for (double c : {300000.0, 0.3, rotation, 1310000.0, rotation, -0.3}) {
    t.add_coefficients(c);
  }
  return t;
}

// Detections as the pipeline streams them: kept and dropped for several
// reasons, two classes, fractional scene-pixel boxes, map boxes filled.
std::vector<campcount::v1::Detection> PipelineDetections(
    const campcount::v1::GeoTransform& transform) {
  const char* reasons[] = {"score below the threshold",
                           "duplicate of a higher-scoring box (scene-wide NMS)",
                           "centre outside the camp boundary", ""};
  std::vector<campcount::v1::Detection> out;
  for (int i = 0; i < 500; ++i) {
    campcount::v1::Detection d;
    const core::Box box{i * 7.25, i * 0.5 + 1.0 / 3, i * 7.25 + 11.1,
                        i * 0.5 + 9.9};
    d.mutable_pixel_box()->set_xmin(box.xmin);
    d.mutable_pixel_box()->set_ymin(box.ymin);
    d.mutable_pixel_box()->set_xmax(box.xmax);
    d.mutable_pixel_box()->set_ymax(box.ymax);
    *d.mutable_map_box() = core::ToMapBox(transform, box);
    d.set_score(0.3f + 0.001f * static_cast<float>(i));
    d.set_class_name(i % 3 == 0 ? "makeshift" : "tent");
    d.set_area_m2(box.Area() * 0.09);
    d.set_kept(i % 4 != 0);
    if (i % 4 == 0) d.set_drop_reason(reasons[(i / 4) % 4]);
    out.push_back(d);
  }
  return out;
}

TEST(DetectionColumnsTest, RoundTripIsExact) {
  for (double rotation : {0.0, 0.01}) {
    const campcount::v1::GeoTransform transform = Transform(rotation);
    const auto detections = PipelineDetections(transform);
    campcount::v1::DetectionColumns columns;
    for (const auto& d : detections) AppendDetection(d, &columns);
    EXPECT_EQ(columns.class_names_size(), 2);
    EXPECT_EQ(columns.drop_reasons_size(), 4);

    campcount::v1::DetectionColumns parsed;
    ASSERT_TRUE(parsed.ParseFromString(columns.SerializeAsString()));
    google::protobuf::RepeatedPtrField<campcount::v1::Detection> back;
    ASSERT_TRUE(ExpandDetections(parsed, transform, &back));
    ASSERT_EQ(back.size(), static_cast<int>(detections.size()));
    for (int i = 0; i < back.size(); ++i) {
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
          back[i], detections[i]))
          << "row " << i << ":\n"
          << back[i].DebugString() << "vs\n"
          << detections[i].DebugString();
    }
  }
}

TEST(DetectionColumnsTest, PackedIsLessThanHalfTheSize) {
  const auto detections = PipelineDetections(Transform(0));
  campcount::v1::DetectionColumns columns;
  campcount::v1::TileDetections messages;  // detections as messages
  for (const auto& d : detections) {
    AppendDetection(d, &columns);
    *messages.add_detections() = d;
  }
  EXPECT_LT(columns.ByteSizeLong() * 2, messages.ByteSizeLong());
}

TEST(DetectionColumnsTest, DamagedColumnsAreReported) {
  campcount::v1::DetectionColumns columns;
  for (const auto& d : PipelineDetections(Transform(0))) {
    AppendDetection(d, &columns);
  }
  google::protobuf::RepeatedPtrField<campcount::v1::Detection> out;

  campcount::v1::DetectionColumns ragged = columns;
  ragged.mutable_score()->RemoveLast();
  EXPECT_FALSE(ExpandDetections(ragged, Transform(0), &out));
  EXPECT_EQ(out.size(), columns.xmin_size() - 1);  // the whole rows are kept

  out.Clear();
  campcount::v1::DetectionColumns bad_reason = columns;
  bad_reason.set_drop(0, 99);
  EXPECT_FALSE(ExpandDetections(bad_reason, Transform(0), &out));

  out.Clear();
  campcount::v1::DetectionColumns bad_class = columns;
  bad_class.clear_class_names();
  EXPECT_FALSE(ExpandDetections(bad_class, Transform(0), &out));
}

}  // namespace
}  // namespace campcount::records
