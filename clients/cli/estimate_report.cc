#include "estimate_report.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "campcount/number_format.h"

namespace campcount::cli {
namespace {

using ::campcount::sdk::FormatNumber;

std::string People(double value) { return FormatNumber(std::round(value), 0); }

std::string IntervalWords(const campcount::v1::Interval& interval) {
  std::string words =
      absl::StrCat(People(interval.lower()), " to ", People(interval.upper()));
  if (interval.level() > 0) {
    absl::StrAppend(&words, " (", FormatNumber(interval.level() * 100, 0),
                    " % interval)");
  }
  return words;
}

constexpr char kStyle[] = R"css(
body{font-family:sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;
color:#222;line-height:1.4}
h1{font-size:1.5rem;margin-bottom:.2rem}
.sub{color:#555;margin-top:0}
.headline{font-size:2.6rem;font-weight:bold;margin:.5rem 0 0}
.range{font-size:1.2rem;color:#333}
table{border-collapse:collapse;margin:.5rem 0}
td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;
vertical-align:top}
.warn{background:#fff3cd;border-left:4px solid #e0a800;padding:.4rem .6rem;
margin:.3rem 0}
.note{color:#555;font-style:italic}
img{max-width:100%;border:1px solid #aaa}
code{font-size:.85em}
.legend span{display:inline-block;width:1em;height:1em;vertical-align:middle;
margin:0 .3em 0 1em}
)css";

// Each estimator's range as a bar and its estimate as a dot, on one axis.
std::string IntervalChart(const campcount::v1::EstimateRecord& record) {
  double low = 0, high = 1;
  for (const auto& e : record.estimates()) {
    high = std::max({high, e.population(), e.interval().upper()});
  }
  // Round numbers on the axis: 4 steps of 1, 2 or 5 x 10^k.
  const double raw_step = high * 1.05 / 4;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw_step)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * magnitude;
    if (step >= raw_step) break;
  }
  high = 4 * step;
  const int left = 150, width = 460, row = 44;
  const int chart_h = row * std::max(1, record.estimates_size()) + 36;
  auto x_of = [&](double v) {
    return left + (std::clamp(v, low, high) - low) / (high - low) * width;
  };
  std::string svg = absl::StrFormat(
      "<svg id=\"interval-chart\" xmlns=\"http://www.w3.org/2000/svg\" "
      "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"population "
      "ranges\" font-family=\"sans-serif\" font-size=\"12\">",
      left + width + 30, chart_h);
  for (int i = 0; i <= 4; ++i) {
    const double v = low + (high - low) * i / 4;
    const double x = x_of(v);
    absl::StrAppendFormat(
        &svg,
        "<line x1=\"%.1f\" y1=\"8\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
        "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" "
        "fill=\"#555\">%s</text>",
        x, x, chart_h - 22, x, chart_h - 6, People(v));
  }
  int y = 8 + row / 2;
  for (const auto& e : record.estimates()) {
    const double x0 = x_of(e.interval().lower());
    const double x1 = x_of(e.interval().upper());
    const double xp = x_of(e.population());
    absl::StrAppendFormat(
        &svg,
        "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
        "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"12\" rx=\"3\" "
        "fill=\"#9ec5fe\"/>"
        "<circle cx=\"%.1f\" cy=\"%d\" r=\"6\" fill=\"#0d47a1\"/>"
        "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" "
        "font-weight=\"bold\">%s</text>",
        left - 8, y + 4, HtmlEscape(e.estimator()), x0, y - 6,
        std::max(1.0, x1 - x0), xp, y, xp, y - 10, People(e.population()));
    y += row;
  }
  absl::StrAppend(&svg, "</svg>");
  return svg;
}

std::string ExplanationHtml(const campcount::v1::PopulationEstimate& e) {
  const auto& why = e.explanation();
  std::string html = absl::StrCat(
      "<section class=\"estimate\" data-estimator=\"",
      HtmlEscape(e.estimator()), "\"><h3>", HtmlEscape(e.estimator()), " ",
      HtmlEscape(e.estimator_version()), ": about ", People(e.population()),
      " people</h3>");
  if (!why.summary().empty()) {
    absl::StrAppend(&html, "<p>", HtmlEscape(why.summary()), "</p>");
  }
  if (!why.formula().empty()) {
    absl::StrAppend(&html, "<p>How it was worked out: <b>",
                    HtmlEscape(why.formula()), "</b></p>");
  }
  absl::StrAppend(&html, "<p>Range: ", IntervalWords(e.interval()));
  if (!e.interval().basis().empty()) {
    absl::StrAppend(&html, " — ", HtmlEscape(e.interval().basis()));
  }
  absl::StrAppend(&html, "</p>");
  for (const std::string& w : why.warnings()) {
    absl::StrAppend(&html, "<div class=\"warn\">Warning: ", HtmlEscape(w),
                    "</div>");
  }
  if (why.inputs_size() > 0) {
    absl::StrAppend(&html, "<table><tr><th>Input</th><th>Value</th></tr>");
    for (const auto& input : why.inputs()) {
      absl::StrAppend(&html, "<tr><td>", HtmlEscape(input.name()), "</td><td>",
                      HtmlEscape(input.value()), " ", HtmlEscape(input.unit()),
                      "</td></tr>");
    }
    absl::StrAppend(&html, "</table>");
  }
  if (why.assumptions_size() > 0) {
    absl::StrAppend(&html, "<p>Assumptions:</p><ul>");
    for (const std::string& a : why.assumptions()) {
      absl::StrAppend(&html, "<li>", HtmlEscape(a), "</li>");
    }
    absl::StrAppend(&html, "</ul>");
  }
  absl::StrAppend(&html, "</section>");
  return html;
}

std::string VersionsHtml(const campcount::v1::EstimateRecord& record) {
  std::string html = absl::StrCat(
      "<table id=\"versions\"><tr><th>Part</th><th>Name</th><th>Version</th>"
      "<th>SHA-256</th></tr><tr class=\"component\"><td>engine</td>"
      "<td>campcount</td><td>",
      HtmlEscape(record.engine_version()), "</td><td></td></tr>");
  std::vector<std::string> seen;
  for (const auto& e : record.estimates()) {
    for (const auto& c : e.explanation().components()) {
      const std::string key = absl::StrCat(c.role(), "/", c.name());
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
      seen.push_back(key);
      absl::StrAppend(&html, "<tr class=\"component\"><td>",
                      HtmlEscape(c.role()), "</td><td>", HtmlEscape(c.name()),
                      "</td><td>", HtmlEscape(c.version()), "</td><td><code>",
                      HtmlEscape(c.sha256()), "</code></td></tr>");
    }
  }
  absl::StrAppend(&html, "</table>");
  return html;
}

}  // namespace

std::string HtmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string RenderEstimateReport(const ReportContent& content) {
  const campcount::v1::EstimateRecord& r = content.record;
  const std::string camp = r.camp_id().empty() ? "unnamed camp" : r.camp_id();
  std::string html = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width\">"
      "<title>Population estimate: ",
      HtmlEscape(camp), "</title><style>", kStyle, "</style></head><body>");
  absl::StrAppend(
      &html, "<h1>Population estimate: ", HtmlEscape(camp),
      "</h1><p class=\"sub\">For ",
      HtmlEscape(r.for_date().empty() ? "an unknown date" : r.for_date()),
      r.id().empty() ? "" : absl::StrCat(" · record ", r.id()), " · made ",
      HtmlEscape(r.completed_at()), "</p>");
  if (r.estimates_size() == 0) {
    absl::StrAppend(&html, "<p class=\"warn\">No estimate: ",
                    HtmlEscape(r.error().empty() ? "the estimate did not finish"
                                                 : r.error()),
                    "</p>");
  } else {
    const auto& main = r.estimates(0);
    absl::StrAppend(
        &html, "<p class=\"headline\" id=\"population\" data-value=\"",
        absl::StrFormat("%.0f", main.population()), "\">About ",
        People(main.population()),
        " people</p><p class=\"range\" "
        "id=\"interval\" data-lower=\"",
        absl::StrFormat("%.0f", main.interval().lower()), "\" data-upper=\"",
        absl::StrFormat("%.0f", main.interval().upper()), "\">Likely between ",
        IntervalWords(main.interval()), " (", HtmlEscape(main.estimator()),
        ")</p>");
    absl::StrAppend(&html, "<h2>Range of each estimate</h2>", IntervalChart(r));
  }

  const auto& f = r.features();
  absl::StrAppend(&html, "<h2>What the image shows</h2><p id=\"shelters\">",
                  FormatNumber(double(f.tent_count()), 0), " shelters found (",
                  FormatNumber(f.total_tent_area_m2(), 0),
                  " m² of shelter) in an image taken ",
                  HtmlEscape(f.image_date().empty() ? "on an unknown date"
                                                    : "on " + f.image_date()),
                  ", counting boxes the detector scored at least ",
                  FormatNumber(r.score_threshold(), 2), " (",
                  HtmlEscape(r.detector()), ").</p>");
  if (!content.overlay_png.empty()) {
    absl::StrAppend(
        &html,
        "<img id=\"overlay\" alt=\"the camp image with the shelters found\" "
        "src=\"data:image/png;base64,",
        absl::Base64Escape(content.overlay_png),
        "\"><p class=\"legend\"><span style=\"background:#3cdc3c\"></span>"
        "shelter counted<span style=\"background:#e62828\"></span>box not "
        "counted<span style=\"background:#ffdc00\"></span>camp boundary</p>");
  } else {
    absl::StrAppend(&html, "<p class=\"note\">Image not included: ",
                    HtmlEscape(content.image_note), "</p>");
  }

  absl::StrAppend(&html, "<h2>Why these numbers</h2>");
  for (const auto& e : r.estimates())
    absl::StrAppend(&html, ExplanationHtml(e));

  bool has_needs = false;
  for (const ReportSection& s : content.sections) {
    has_needs = has_needs || s.id == "supply-needs";
    absl::StrAppend(&html, "<h2 id=\"", HtmlEscape(s.id), "\">",
                    HtmlEscape(s.title), "</h2>", s.html);
  }
  if (!has_needs) {
    absl::StrAppend(&html,
                    "<h2 id=\"supply-needs\">Supply needs</h2><p "
                    "class=\"note\">Not computed for this estimate.</p>");
  }

  absl::StrAppend(&html, "<h2>Versions</h2>", VersionsHtml(r),
                  "<p class=\"note\">Image: <code>", HtmlEscape(r.image_uri()),
                  "</code>. Only aggregate figures are used: no personal "
                  "data.</p></body></html>\n");
  return html;
}

}  // namespace campcount::cli
