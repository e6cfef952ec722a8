#include "range_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace campcount::testing {
namespace {

bool SendAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t sent = ::send(fd, data, size, MSG_NOSIGNAL);
    if (sent <= 0) return false;
    data += sent;
    size -= size_t(sent);
  }
  return true;
}

std::string Lower(std::string text) {
  for (char& c : text) c = char(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

RangeHttpServer::RangeHttpServer(std::string root) : root_(std::move(root)) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::listen(fd, 16) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    return;
  }
  listen_fd_ = fd;
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

RangeHttpServer::~RangeHttpServer() {
  stopping_ = true;
  if (listen_fd_ >= 0) ::shutdown(listen_fd_, SHUT_RDWR);
  if (acceptor_.joinable()) acceptor_.join();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (int fd : connections_) ::shutdown(fd, SHUT_RDWR);
  }
  for (std::thread& thread : threads_) thread.join();
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

std::string RangeHttpServer::Url(const std::string& file) const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/" + file;
}

std::vector<std::string> RangeHttpServer::missing_paths() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return missing_;
}

void RangeHttpServer::AcceptLoop() {
  while (!stopping_) {
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) break;
    std::lock_guard<std::mutex> lock(mutex_);
    connections_.push_back(fd);
    threads_.emplace_back([this, fd] { Serve(fd); });
  }
}

// Serves requests on one keep-alive connection until the client closes it.
void RangeHttpServer::Serve(int fd) {
  std::string buffer;
  char chunk[4096];
  while (!stopping_) {
    size_t end;
    while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
      const ssize_t got = ::recv(fd, chunk, sizeof(chunk), 0);
      if (got <= 0) {
        Close(fd);
        return;
      }
      buffer.append(chunk, size_t(got));
    }
    std::istringstream head(buffer.substr(0, end));
    buffer.erase(0, end + 4);
    std::string method, target, version, line;
    head >> method >> target >> version;
    std::getline(head, line);
    long long first = -1, last = -1;
    while (std::getline(head, line)) {
      const std::string lower = Lower(line);
      if (lower.rfind("range: bytes=", 0) == 0) {
        const std::string spec = line.substr(13);
        const size_t dash = spec.find('-');
        first = std::atoll(spec.substr(0, dash).c_str());
        const std::string rest = spec.substr(dash + 1);
        last = rest.empty() || rest[0] == '\r' ? -1 : std::atoll(rest.c_str());
      }
    }
    ++requests_;
    const std::string path = target.substr(0, target.find('?'));
    const std::filesystem::path file =
        std::filesystem::path(root_) /
        std::filesystem::path(path).relative_path();
    std::error_code error;
    const bool exists = path.find("..") == std::string::npos &&
                        std::filesystem::is_regular_file(file, error);
    std::string header;
    std::string body;
    if (!exists) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        missing_.push_back(path);
      }
      header = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
    } else {
      const long long size = (long long)std::filesystem::file_size(file);
      if (method == "GET" && first >= 0 && first < size) {
        ++range_requests_;
        if (last < 0 || last >= size) last = size - 1;
        body.resize(size_t(last - first + 1));
        std::ifstream in(file, std::ios::binary);
        in.seekg(first);
        in.read(body.data(), std::streamsize(body.size()));
        header =
            "HTTP/1.1 206 Partial Content\r\nAccept-Ranges: bytes\r\n"
            "Content-Range: bytes " +
            std::to_string(first) + "-" + std::to_string(last) + "/" +
            std::to_string(size) +
            "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
      } else {
        if (method == "GET") {
          body.resize(size_t(size));
          std::ifstream in(file, std::ios::binary);
          in.read(body.data(), std::streamsize(size));
        }
        header = "HTTP/1.1 200 OK\r\nAccept-Ranges: bytes\r\nContent-Length: " +
                 std::to_string(size) + "\r\n\r\n";
      }
    }
    if (!SendAll(fd, header.data(), header.size()) ||
        !SendAll(fd, body.data(), body.size())) {
      break;
    }
  }
  Close(fd);
}

void RangeHttpServer::Close(int fd) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::erase(connections_, fd);
  ::close(fd);
}

}  // namespace campcount::testing
