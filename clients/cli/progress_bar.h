// A one-line progress bar for long estimates, redrawn in place on a
// terminal and silent otherwise (logs and pipes get no carriage returns).
#ifndef CAMPCOUNT_CLIENTS_CLI_PROGRESS_BAR_H_
#define CAMPCOUNT_CLIENTS_CLI_PROGRESS_BAR_H_

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace campcount::cli {

class ProgressBar {
 public:
  ProgressBar(std::ostream& out, bool enabled);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void Update(int64_t tiles_done, int64_t tile_count, int64_t detections);
  // Erases the bar so the next output starts on a clean line.
  void Clear();

  // The line drawn for this state; exposed for tests.
  static std::string Render(int64_t tiles_done, int64_t tile_count,
                            int64_t detections, double seconds);

 private:
  std::ostream& out_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

// True when stderr is a terminal, where a progress bar belongs.
bool StderrIsTerminal();

}  // namespace campcount::cli

#endif  // CAMPCOUNT_CLIENTS_CLI_PROGRESS_BAR_H_
