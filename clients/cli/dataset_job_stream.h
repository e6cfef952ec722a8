// The client side of a dataset job stream (Calibrate, Compare): progress as
// lines on stderr, then the one result.
#ifndef CAMPCOUNT_CLIENTS_CLI_DATASET_JOB_STREAM_H_
#define CAMPCOUNT_CLIENTS_CLI_DATASET_JOB_STREAM_H_

#include <grpcpp/grpcpp.h>

#include <iostream>
#include <optional>

#include "absl/status/statusor.h"
#include "campcount/v1/calibration.pb.h"
#include "connection.h"

namespace campcount::cli {

// "  detecting (...) on AD_S001 image 2019-03-14 [3/119]"
inline void PrintDatasetProgress(const campcount::v1::DatasetProgress& p) {
  std::cerr << "  " << p.stage();
  if (p.total() > 0) {
    std::cerr << " [" << p.done() + 1 << "/" << p.total() << "]";
  }
  std::cerr << "\n";
}

// The job's result; the stream's error, or INTERNAL when it ended without
// one.
template <typename Result, typename Event>
absl::StatusOr<Result> ReadDatasetJob(
    grpc::ClientReaderInterface<Event>& reader, const Connection& connection) {
  Event event;
  std::optional<Result> result;
  while (reader.Read(&event)) {
    if (event.has_progress()) PrintDatasetProgress(event.progress());
    if (event.has_result()) result = event.result();
  }
  if (grpc::Status status = reader.Finish(); !status.ok()) {
    return FromGrpc(status, connection);
  }
  if (!result) return absl::InternalError("no result received");
  return *std::move(result);
}

}  // namespace campcount::cli

#endif  // CAMPCOUNT_CLIENTS_CLI_DATASET_JOB_STREAM_H_
