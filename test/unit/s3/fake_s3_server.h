// A scripted HTTP server on 127.0.0.1 for tests of the S3 client's retry and error
// handling: it answers each request with the next canned response (the last one repeats)
// and records the request lines. It checks nothing about signatures; the RGW tests do.
//
// Thread-safety: the server runs on its own thread; requests() may be read after the
// client calls return.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sluice::s3::testing {

struct CannedResponse {
  int status;
  std::string body;
};

class FakeS3Server {
 public:
  explicit FakeS3Server(std::vector<CannedResponse> script) : script_(std::move(script)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    ::listen(listener_, 16);
    socklen_t len = sizeof(addr);
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~FakeS3Server() {
    stop_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    thread_.join();
  }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<std::string> requests() {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  void Serve() {
    while (!stop_) {
      int conn = ::accept(listener_, nullptr, nullptr);
      if (conn < 0) return;
      std::string head;
      char c;
      while (head.find("\r\n\r\n") == std::string::npos && ::read(conn, &c, 1) == 1) head += c;
      size_t length = 0;
      size_t at = head.find("Content-Length: ");
      if (at != std::string::npos) length = std::stoul(head.substr(at + 16));
      std::string body(length, '\0');
      size_t got = 0;
      while (got < length) {
        ssize_t r = ::read(conn, body.data() + got, length - got);
        if (r <= 0) break;
        got += static_cast<size_t>(r);
      }
      size_t index;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        requests_.push_back(head.substr(0, head.find("\r\n")));
        index = std::min(requests_.size() - 1, script_.size() - 1);
      }
      const CannedResponse& r = script_[index];
      std::string reply = "HTTP/1.1 " + std::to_string(r.status) +
                          " X\r\nContent-Length: " + std::to_string(r.body.size()) +
                          "\r\nETag: \"abc\"\r\nConnection: close\r\n\r\n" + r.body;
      if (head.rfind("HEAD ", 0) == 0) {
        reply = "HTTP/1.1 " + std::to_string(r.status) +
                " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      }
      ssize_t ignored = ::write(conn, reply.data(), reply.size());
      (void)ignored;
      ::close(conn);
    }
  }

  std::vector<CannedResponse> script_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> requests_;
};

}  // namespace sluice::s3::testing
