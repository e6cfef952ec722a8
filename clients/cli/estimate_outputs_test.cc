// The output writers on a hand-made record: GeoJSON coordinates really are
// lon/lat of the UTM boxes, and the HTML page escapes what plugins wrote.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "estimate_report.h"
#include "geojson_writer.h"

namespace campcount::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

campcount::v1::EstimateRecord UtmRecord() {
  campcount::v1::EstimateRecord record;
  record.set_camp_id("AD_S001");
  record.mutable_scene()->set_epsg(32633);
  record.mutable_scene()->set_uri("camp.tif");
  auto* d = record.add_detections();
  // 300 km east, 1,310 km north in UTM 33N: 13.16410 E, 11.84435 N
  // (gdaltransform -s_srs EPSG:32633 -t_srs EPSG:4326).
  d->mutable_map_box()->set_xmin(300000);
  d->mutable_map_box()->set_ymin(1310000);
  d->mutable_map_box()->set_xmax(300006);
  d->mutable_map_box()->set_ymax(1310004);
  d->set_score(0.75f);
  d->set_area_m2(24);
  d->set_kept(false);
  d->set_drop_reason("centre outside the camp boundary");
  return record;
}

TEST(GeoJsonWriterTest, WritesLonLatPolygonsWithTheirProperties) {
  absl::StatusOr<std::string> json = DetectionsToGeoJson(UtmRecord());
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_THAT(*json, HasSubstr("\"type\": \"FeatureCollection\""));
  EXPECT_THAT(*json,
              HasSubstr("[[[13.16409897, 11.84434901]"));  // longitude first
  EXPECT_THAT(*json, HasSubstr("\"score\": 0.7500"));
  EXPECT_THAT(*json, HasSubstr("\"area_m2\": 24.00"));
  EXPECT_THAT(*json, HasSubstr("\"kept\": false"));
  EXPECT_THAT(*json, HasSubstr("centre outside the camp boundary"));
}

TEST(GeoJsonWriterTest, RefusesASceneWithoutCrs) {
  campcount::v1::EstimateRecord record = UtmRecord();
  record.mutable_scene()->clear_epsg();
  absl::StatusOr<std::string> json = DetectionsToGeoJson(record);
  EXPECT_EQ(json.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(json.status().message(), HasSubstr("camp.tif"));
}

TEST(EstimateReportTest, ShowsTheNumbersAndEscapesPluginText) {
  ReportContent content;
  content.record = UtmRecord();
  content.record.set_engine_version("0.1.0");
  auto* e = content.record.add_estimates();
  e->set_estimator("shelter_count");
  e->set_population(4123.4);
  e->mutable_interval()->set_lower(3298);
  e->mutable_interval()->set_upper(4948);
  e->mutable_explanation()->set_summary("<script>alert(1)</script>");
  auto* c = e->mutable_explanation()->add_components();
  c->set_role("detector");
  c->set_name("bright_shelter");
  c->set_sha256(std::string(64, 'a'));
  content.image_note = "cannot open camp.tif";
  const std::string html = RenderEstimateReport(content);
  EXPECT_THAT(html, HasSubstr("id=\"population\" data-value=\"4123\""));
  EXPECT_THAT(html, HasSubstr("About 4,123 people"));
  EXPECT_THAT(html, HasSubstr("data-lower=\"3298\" data-upper=\"4948\""));
  EXPECT_THAT(html, HasSubstr("<svg id=\"interval-chart\""));
  EXPECT_THAT(html, HasSubstr(std::string(64, 'a')));
  EXPECT_THAT(html, HasSubstr("Image not included: cannot open camp.tif"));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
}

}  // namespace
}  // namespace campcount::cli
