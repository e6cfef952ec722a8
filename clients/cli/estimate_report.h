// One self-contained, offline HTML page per estimate, for a camp manager to
// open from a USB stick: the headline number and its range (as an inline SVG
// chart), the image with the shelters found (an embedded PNG), the
// explanation in plain words, warnings, and the versions and hashes of
// everything that ran. No scripts, no external files, no fonts to fetch.
#ifndef CAMPCOUNT_CLIENTS_CLI_ESTIMATE_REPORT_H_
#define CAMPCOUNT_CLIENTS_CLI_ESTIMATE_REPORT_H_

#include <string>
#include <vector>

#include "campcount/v1/records.pb.h"

namespace campcount::cli {

// A titled block of ready-made HTML added to the page.
struct ReportSection {
  std::string id;     // HTML id, e.g. "supply-needs"
  std::string title;  // plain text
  std::string html;   // trusted HTML made by the CLI (escape what you embed)
};

struct ReportContent {
  campcount::v1::EstimateRecord record;
  // PNG of the image with detections; empty: `image_note` says why.
  std::string overlay_png;
  std::string image_note;
  // Hook for what other RPCs add. Supply needs go here as a section with id
  // "supply-needs" once the engine offers CampCount.SupplyNeeds; until then
  // the page says they were not computed.
  std::vector<ReportSection> sections;
};

std::string RenderEstimateReport(const ReportContent& content);

// Text made safe inside HTML elements and attribute values.
std::string HtmlEscape(const std::string& text);

}  // namespace campcount::cli

#endif  // CAMPCOUNT_CLIENTS_CLI_ESTIMATE_REPORT_H_
