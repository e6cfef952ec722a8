#include "progress_bar.h"

#include <unistd.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "format.h"

namespace campcount::cli {
namespace {

constexpr int kBarCells = 30;
// Redraw at most this often; a small camp reports hundreds of tiles a second.
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);

}  // namespace

ProgressBar::ProgressBar(std::ostream& out, bool enabled)
    : out_(out),
      enabled_(enabled),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_ - kRedrawInterval) {}

ProgressBar::~ProgressBar() { Clear(); }

std::string ProgressBar::Render(int64_t tiles_done, int64_t tile_count,
                                int64_t detections, double seconds) {
  const double fraction =
      tile_count > 0
          ? std::clamp(static_cast<double>(tiles_done) / tile_count, 0.0, 1.0)
          : 0.0;
  const int filled = static_cast<int>(fraction * kBarCells);
  std::string bar;
  for (int i = 0; i < kBarCells; ++i) bar += i < filled ? "█" : "░";
  return absl::StrCat(bar, " ", FormatNumber(100 * fraction, 0), "%  ",
                      FormatCount(tiles_done), " / ", FormatCount(tile_count),
                      " tiles · ", FormatCount(detections), " detections · ",
                      FormatNumber(seconds, 0), " s");
}

void ProgressBar::Update(int64_t tiles_done, int64_t tile_count,
                         int64_t detections) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < kRedrawInterval && tiles_done < tile_count) return;
  last_draw_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  // \r back to the line start, \033[K erases what a longer line left.
  out_ << "\r" << Render(tiles_done, tile_count, detections, seconds)
       << "\033[K" << std::flush;
  drawn_ = true;
}

void ProgressBar::Clear() {
  if (!drawn_) return;
  out_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

bool StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

}  // namespace campcount::cli
