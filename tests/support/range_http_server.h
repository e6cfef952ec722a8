// A minimal HTTP/1.1 file server on loopback that honours Range requests,
// for tests that read rasters through GDAL's /vsicurl/ the way they would
// read a Cloud-Optimised GeoTIFF from object storage. No network beyond
// 127.0.0.1; serves only files under its root directory.
#ifndef CAMPCOUNT_TESTS_SUPPORT_RANGE_HTTP_SERVER_H_
#define CAMPCOUNT_TESTS_SUPPORT_RANGE_HTTP_SERVER_H_

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace campcount::testing {

class RangeHttpServer {
 public:
  // Listens on 127.0.0.1 on a free port; serves files under `root`.
  explicit RangeHttpServer(std::string root);
  ~RangeHttpServer();
  RangeHttpServer(const RangeHttpServer&) = delete;
  RangeHttpServer& operator=(const RangeHttpServer&) = delete;

  bool ok() const { return listen_fd_ >= 0; }
  int port() const { return port_; }
  // "http://127.0.0.1:PORT/"
  std::string Url(const std::string& file) const;

  // Requests answered so far, and how many of them asked for a byte range.
  int requests() const { return requests_; }
  int range_requests() const { return range_requests_; }
  // Paths asked for that do not exist (e.g. sidecar probes: .aux.xml).
  std::vector<std::string> missing_paths() const;

 private:
  void AcceptLoop();
  void Serve(int fd);
  void Close(int fd);

  std::string root_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> requests_{0};
  std::atomic<int> range_requests_{0};
  mutable std::mutex mutex_;
  std::vector<int> connections_;
  std::vector<std::thread> threads_;
  std::vector<std::string> missing_;
  std::thread acceptor_;
};

}  // namespace campcount::testing

#endif  // CAMPCOUNT_TESTS_SUPPORT_RANGE_HTTP_SERVER_H_
