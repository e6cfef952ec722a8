#include "summary_printer.h"

#include <cmath>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "format.h"

namespace campcount::cli {
namespace {

using campcount::v1::PopulationEstimate;

constexpr size_t kLabelWidth = 13;
constexpr size_t kTextWidth = 80;

const std::string& Indent() {
  static const std::string* indent = new std::string(kLabelWidth, ' ');
  return *indent;
}

// "Label        text", with text wrapped under itself; after a bullet
// ("• ") wrapped lines align with the text, not the bullet.
void Line(std::ostream& out, const std::string& label, const std::string& text,
          const std::string& bullet = "") {
  std::string head = label;
  head.append(kLabelWidth - std::min(kLabelWidth - 1, DisplayWidth(label)),
              ' ');
  const size_t hang = DisplayWidth(bullet);
  out << head << bullet
      << Wrap(text, kTextWidth - kLabelWidth - hang,
              Indent() + std::string(hang, ' '))
      << "\n";
}

std::string Area(double m2) {
  if (m2 >= 10000) {
    return absl::StrCat(FormatNumber(m2 / 10000, 1), " ha (", FormatNumber(m2),
                        " m²)");
  }
  return absl::StrCat(FormatNumber(m2), " m²");
}

std::string Plural(int64_t n, const char* one, const char* many) {
  return absl::StrCat(FormatCount(n), " ", n == 1 ? one : many);
}

void PrintScene(const campcount::v1::EstimateStarted& started,
                std::ostream& out) {
  const campcount::v1::Scene& scene = started.scene();
  Line(out, "Image", scene.uri());
  std::vector<std::string> facts = {
      absl::StrCat(FormatCount(scene.width()), " × ",
                   FormatCount(scene.height()), " px at ",
                   FormatNumber(scene.gsd_m(), 2), " m/px"),
      scene.epsg() > 0 ? absl::StrCat("EPSG:", scene.epsg())
                       : (scene.crs_wkt().empty() ? "no CRS" : "custom CRS"),
      scene.acquisition_date().empty()
          ? "date unknown"
          : absl::StrCat("taken ", scene.acquisition_date())};
  Line(out, "", absl::StrJoin(facts, " · "));
  Line(out, "Camp",
       absl::StrCat(scene.boundary().empty() ? "the whole image, "
                                             : "inside the boundary, ",
                    Area(scene.area_m2())));
  std::string chain = absl::StrCat("source ", started.source(), " → detector ",
                                   started.detector(), " → ");
  absl::StrAppend(&chain,
                  started.estimators_size() == 1 ? "estimator " : "estimators ",
                  absl::StrJoin(started.estimators(), ", "));
  Line(out, "Pipeline", chain);
  Line(out, "",
       absl::StrFormat("score threshold %.2f · %s of %s px, %s px overlap",
                       started.score_threshold(),
                       Plural(started.tile_count(), "tile", "tiles"),
                       FormatCount(started.tile_size_px()),
                       FormatCount(started.tile_overlap_px())));
}

void PrintFindings(const campcount::v1::EstimateDone& done, std::ostream& out) {
  const campcount::v1::CampFeatures& f = done.features();
  std::string counted =
      absl::StrCat(Plural(f.tent_count(), "shelter", "shelters"), " counted · ",
                   FormatNumber(f.total_tent_area_m2()), " m² of shelter");
  if (f.tent_count() > 0) {
    absl::StrAppend(&counted, " (mean ",
                    FormatNumber(f.total_tent_area_m2() / f.tent_count(), 1),
                    " m²)");
  }
  Line(out, "Shelters", counted);
  Line(out, "",
       absl::StrFormat(
           "%s scored %.2f or more; %s merged as duplicates, %s outside the "
           "camp",
           Plural(done.detections_before_nms(), "box", "boxes"),
           f.score_threshold(), FormatCount(done.dropped_by_nms()),
           FormatCount(done.dropped_outside_boundary())));
  if (done.dropped_at_tile_edge() > 0) {
    Line(out, "",
         absl::StrCat(FormatCount(done.dropped_at_tile_edge()),
                      " cut by a tile edge and left to the neighbouring tile"));
  }
  if (done.tiles_skipped_outside_boundary() > 0) {
    Line(out, "",
         absl::StrCat(
             Plural(done.tiles_skipped_outside_boundary(), "tile", "tiles"),
             " outside the boundary skipped"));
  }
  Line(out, "",
       absl::StrFormat("%s within 0.1 above the threshold · mean score %.2f",
                       FormatCount(f.near_threshold_count()), f.mean_score()));
  if (!done.selected_image_id().empty()) {
    // The field case's rule: the closest image taken before the date.
    Line(out, "Image chosen",
         absl::StrCat(done.selected_image_id(), " (", done.selected_image_uri(),
                      "), the closest before the target date"));
  }
  if (!f.target_date().empty() && f.target_date() != f.image_date()) {
    const int days = std::abs(f.days_to_target());
    Line(out, "Target date",
         absl::StrCat(f.target_date(), " (", Plural(days, "day", "days"), " ",
                      f.days_to_target() >= 0 ? "after" : "before",
                      " the image)"));
  }
}

void PrintInterval(const PopulationEstimate& e, std::ostream& out) {
  const campcount::v1::Interval& i = e.interval();
  Line(out, "Interval",
       absl::StrCat(FormatNumber(i.lower()), " – ", FormatNumber(i.upper()),
                    " people"));
  // A level says how sure; without one the basis says what was assumed.
  if (i.level() > 0) {
    Line(out, "",
         absl::StrCat(FormatNumber(100 * i.level(), 0), " % interval",
                      i.basis().empty() ? "" : ": ", i.basis()));
  } else {
    Line(out, "",
         i.basis().empty()
             ? std::string("a range of assumptions, not a probability")
             : i.basis());
  }
}

void PrintEstimate(const PopulationEstimate& e, std::ostream& out) {
  std::string title =
      absl::StrCat("── ", e.estimator(), " ", e.estimator_version(), " ");
  std::string rule;
  for (size_t i = DisplayWidth(title); i < kTextWidth; ++i) rule += "─";
  out << "\n" << title << rule << "\n";
  Line(out, "Population",
       absl::StrCat(FormatNumber(e.population()), " people"));
  if (e.has_interval()) PrintInterval(e, out);
  const campcount::v1::Explanation& x = e.explanation();
  if (!x.formula().empty()) Line(out, "Formula", x.formula());
  if (!x.summary().empty()) Line(out, "Summary", x.summary());
  if (x.inputs_size() > 0) {
    size_t name_width = 0;
    for (const auto& input : x.inputs()) {
      name_width = std::max(name_width, DisplayWidth(input.name()));
    }
    bool first = true;
    for (const auto& input : x.inputs()) {
      std::string text = input.name();
      text.append(name_width - DisplayWidth(input.name()) + 2, ' ');
      absl::StrAppend(&text, input.value());
      if (!input.unit().empty()) absl::StrAppend(&text, " ", input.unit());
      // Keep the alignment: no wrapping inside this table.
      std::string head = first ? "Inputs" : "";
      head.append(kLabelWidth - DisplayWidth(head), ' ');
      out << head << text << "\n";
      first = false;
    }
  }
  bool first = true;
  for (const std::string& a : x.assumptions()) {
    Line(out, first ? "Assumptions" : "", a, "• ");
    first = false;
  }
  first = true;
  for (const std::string& w : x.warnings()) {
    Line(out, first ? "Warnings" : "", w, "! ");
    first = false;
  }
  first = true;
  for (const auto& c : x.components()) {
    Line(out, first ? "Components" : "",
         absl::StrCat(c.role(), " ", c.name(), " ", c.version(),
                      c.sha256().empty()
                          ? ""
                          : absl::StrCat(" · sha256 ", ShortHash(c.sha256()))));
    first = false;
  }
}

}  // namespace

std::string ShortHash(const std::string& sha256) {
  return sha256.empty() ? "-" : sha256.substr(0, 12);
}

void PrintSummary(const EstimateResult& result, std::ostream& out) {
  if (result.started.has_value()) PrintScene(*result.started, out);
  if (result.done.has_value()) {
    out << "\n";
    PrintFindings(*result.done, out);
  }
  for (const PopulationEstimate& e : result.estimates) PrintEstimate(e, out);
  if (result.done.has_value() && result.done->has_challenger()) {
    // Shadow mode (issue 5): recorded beside the answer, not replacing it.
    out << "\nChallenger (shadow mode, not the answer):";
    PrintEstimate(result.done->challenger(), out);
  }
  if (result.done.has_value()) {
    const campcount::v1::EstimateDone& done = *result.done;
    out << "\nDone in " << FormatNumber(done.seconds(), 1) << " s";
    if (done.detector_seconds() > 0) {
      out << " (detector " << FormatNumber(done.detector_seconds(), 1)
          << " s, waiting for reads " << FormatNumber(done.source_seconds(), 1)
          << " s)";
    }
    out << ".\n";
  }
}

void PrintDetections(const std::vector<campcount::v1::Detection>& detections,
                     std::ostream& out) {
  std::vector<std::vector<std::string>> rows;
  int64_t kept = 0;
  for (const auto& d : detections) {
    const auto& b = d.pixel_box();
    kept += d.kept() ? 1 : 0;
    rows.push_back(
        {FormatCount(static_cast<int64_t>(rows.size()) + 1),
         absl::StrFormat("%.0f,%.0f – %.0f,%.0f", b.xmin(), b.ymin(), b.xmax(),
                         b.ymax()),
         absl::StrFormat("%.2f", d.score()), FormatNumber(d.area_m2(), 1),
         d.class_name().empty() ? "-" : d.class_name(),
         d.kept() ? "kept" : absl::StrCat("dropped: ", d.drop_reason())});
  }
  out << "Detections (" << FormatCount(kept) << " kept of "
      << FormatCount(static_cast<int64_t>(detections.size())) << ")\n";
  PrintTable(out, {"#", "BOX (PX)", "SCORE", "AREA M²", "CLASS", "STATUS"},
             rows, "  ");
}

}  // namespace campcount::cli
