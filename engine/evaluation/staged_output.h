// An output directory filled all at once: files are written into a hidden
// staging directory inside it and moved into place only when everything
// succeeded, the report last. A run that fails half-way leaves the previous
// results (or nothing) untouched and no half-set of new files that looks
// complete.
#ifndef CAMPCOUNT_ENGINE_EVALUATION_STAGED_OUTPUT_H_
#define CAMPCOUNT_ENGINE_EVALUATION_STAGED_OUTPUT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace campcount::evaluation {

class StagedOutput {
 public:
  // Creates `out_dir` (and parents) and a fresh staging directory in it.
  static absl::StatusOr<StagedOutput> Create(const std::string& out_dir);

  StagedOutput(StagedOutput&& other) noexcept;
  StagedOutput& operator=(StagedOutput&&) = delete;
  // Removes the staging directory and whatever is still in it.
  ~StagedOutput();

  const std::string& out_dir() const { return out_dir_; }
  // Where to write `name` (a file or directory name, no slashes) now.
  std::string StagingPath(const std::string& name) const;
  // Where `name` will be once published.
  std::string FinalPath(const std::string& name) const;

  // Moves the staged entries into out_dir in the given order (put the file
  // that marks completion last), replacing what was there.
  absl::Status Publish(const std::vector<std::string>& names);

 private:
  StagedOutput(std::string out_dir, std::string staging_dir)
      : out_dir_(std::move(out_dir)), staging_dir_(std::move(staging_dir)) {}

  std::string out_dir_;
  std::string staging_dir_;
};

}  // namespace campcount::evaluation

#endif  // CAMPCOUNT_ENGINE_EVALUATION_STAGED_OUTPUT_H_
