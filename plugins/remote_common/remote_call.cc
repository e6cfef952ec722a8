#include "remote_call.h"

#include <grpcpp/client_context.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"

namespace campcount::plugins::remote {
namespace {

using Clock = std::chrono::steady_clock;

// How often a waiting call looks at the engine's cancellation flag.
constexpr auto kCancelPoll = std::chrono::milliseconds(20);

std::chrono::nanoseconds Seconds(double seconds) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
      std::chrono::duration<double>(seconds));
}

// One attempt, waiting for the answer while watching for cancellation.
grpc::Status CallOnce(grpc::GenericStub& stub, const std::string& method,
                      const grpc::ByteBuffer& request, grpc::ByteBuffer* answer,
                      const RemoteOptions& options,
                      const campcount::sdk::CallContext& cancellation) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       Seconds(options.deadline_seconds));
  // Fail fast while the remote is down: the retry loop below decides how
  // long to keep trying, with its own backoff.
  context.set_wait_for_ready(false);
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
  grpc::Status result;
  stub.UnaryCall(&context, method, grpc::StubOptions(), &request, answer,
                 [&](grpc::Status status) {
                   std::lock_guard<std::mutex> lock(mutex);
                   result = std::move(status);
                   done = true;
                   finished.notify_one();
                 });
  std::unique_lock<std::mutex> lock(mutex);
  bool cancel_sent = false;
  while (!finished.wait_for(lock, kCancelPoll, [&] { return done; })) {
    if (!cancel_sent && cancellation.IsCancelled()) {
      context.TryCancel();  // gRPC still calls back, with CANCELLED
      cancel_sent = true;
    }
  }
  return result;
}

// Sleeps `duration` unless the request is cancelled first.
bool SleepUnlessCancelled(std::chrono::nanoseconds duration,
                          const campcount::sdk::CallContext& cancellation) {
  const auto until = Clock::now() + duration;
  while (Clock::now() < until) {
    if (cancellation.IsCancelled()) return false;
    std::this_thread::sleep_for(
        std::min<std::chrono::nanoseconds>(kCancelPoll, until - Clock::now()));
  }
  return !cancellation.IsCancelled();
}

absl::Status ParseAnswer(const grpc::ByteBuffer& answer,
                         google::protobuf::MessageLite* response,
                         const std::string& what) {
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (!answer.Dump(&slices).ok()) {
    return absl::InternalError(absl::StrCat(what, ": unreadable answer"));
  }
  for (const grpc::Slice& s : slices) {
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  if (!response->ParseFromString(bytes)) {
    return absl::InternalError(
        absl::StrCat(what, ": remote answered garbage: ", bytes.size(),
                     " bytes that are not a ", response->GetTypeName()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status FromRemoteStatus(const grpc::Status& status,
                              const RemoteOptions& options,
                              const std::string& what, int attempts) {
  const auto code = static_cast<absl::StatusCode>(status.error_code());
  std::string detail;
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
      detail = absl::StrCat("remote unavailable after ", attempts,
                            attempts == 1 ? " attempt" : " attempts");
      break;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      detail = absl::StrCat("remote did not answer within deadline_seconds = ",
                            options.deadline_seconds);
      break;
    case grpc::StatusCode::INTERNAL:
      detail = "remote reported an internal error";
      break;
    case grpc::StatusCode::UNIMPLEMENTED:
      detail = "remote does not serve this method (is it the right service?)";
      break;
    case grpc::StatusCode::CANCELLED:
      detail = "cancelled";
      break;
    default:
      detail = "remote failed";
      break;
  }
  return absl::Status(code, absl::StrCat(what, ": ", detail, " (",
                                         status.error_message(), ")"));
}

absl::Status CallRemote(const std::shared_ptr<grpc::Channel>& channel,
                        const std::string& method,
                        const google::protobuf::MessageLite& request,
                        google::protobuf::MessageLite* response,
                        const RemoteOptions& options, const std::string& what,
                        const campcount::sdk::CallContext& cancellation) {
  grpc::GenericStub stub(channel);
  const std::string serialized = request.SerializeAsString();
  grpc::Slice slice(serialized);
  const grpc::ByteBuffer request_bytes(&slice, 1);
  double backoff = options.initial_backoff_seconds;
  for (int attempt = 1;; ++attempt) {
    grpc::ByteBuffer answer;
    grpc::Status status =
        CallOnce(stub, method, request_bytes, &answer, options, cancellation);
    if (status.ok()) return ParseAnswer(answer, response, what);
    const bool retry = status.error_code() == grpc::StatusCode::UNAVAILABLE &&
                       attempt < options.max_attempts;
    if (!retry) return FromRemoteStatus(status, options, what, attempt);
    if (!SleepUnlessCancelled(Seconds(backoff), cancellation)) {
      return absl::CancelledError(
          absl::StrCat(what, ": cancelled while waiting to retry (",
                       status.error_message(), ")"));
    }
    backoff = std::min(backoff * 2, options.max_backoff_seconds);
  }
}

}  // namespace campcount::plugins::remote
