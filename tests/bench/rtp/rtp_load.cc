// Load run: N concurrent RtpSessions on loopback UDP, 50 packets/s each way, one shard thread
// with its pacer, against a minimal epoll + recvmmsg/sendmmsg echo of the same traffic (the
// floor), measured in the same run. Prints CPU per session and our cost / floor cost per packet.
//   va_rtp_load [sessions=1000] [seconds=15]
#include <arpa/inet.h>
#include <fcntl.h>
#include <malloc.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include "rtp/pacer.h"
#include "rtp/rtp_session.h"

namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  return a;
}

int udp_socket(std::uint16_t port) {
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  int big = 8 << 20;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof big);
  setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &big, sizeof big);
  auto a = loopback(port);
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

std::uint16_t port_of(int fd) {
  sockaddr_in a{};
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  return ntohs(a.sin_port);
}

// Plays N gateways from one socket: every 20 ms one RTP packet to each target, and counts the
// replies (recvmmsg). Runs on its own thread; its CPU is not part of either measurement.
class Generator {
 public:
  explicit Generator(std::vector<std::uint16_t> targets) : targets_(std::move(targets)) {
    fd_ = udp_socket(0);
    seq_.assign(targets_.size(), 0);
  }
  ~Generator() { close(fd_); }
  std::uint16_t port() const { return port_of(fd_); }

  void run(std::chrono::steady_clock::duration length) {
    auto next = std::chrono::steady_clock::now();
    const auto end = next + length;
    while (next < end) {
      send_round();
      next += 20ms;
      while (std::chrono::steady_clock::now() < next) {
        drain();
        std::this_thread::sleep_for(1ms);
      }
    }
    const auto settle = std::chrono::steady_clock::now() + 200ms;
    while (std::chrono::steady_clock::now() < settle) {
      drain();
      std::this_thread::sleep_for(1ms);
    }
  }
  std::uint64_t sent() const { return sent_; }
  std::uint64_t received() const { return received_; }

 private:
  void send_round() {
    constexpr std::size_t kBatch = 64;
    std::vector<std::array<std::uint8_t, 172>> bufs(kBatch);
    std::vector<sockaddr_in> addrs(kBatch);
    std::vector<iovec> iov(kBatch);
    std::vector<mmsghdr> msgs(kBatch);
    for (std::size_t base = 0; base < targets_.size(); base += kBatch) {
      const std::size_t n = std::min(kBatch, targets_.size() - base);
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t t = base + i;
        va::rtp::RtpHeader h;
        h.sequence_number = seq_[t]++;
        h.timestamp = 160u * h.sequence_number;
        h.ssrc = static_cast<std::uint32_t>(t + 1);
        std::array<std::uint8_t, 160> payload;
        payload.fill(0xff);
        (void)va::rtp::build_rtp(h, payload, bufs[i]);
        addrs[i] = loopback(targets_[t]);
        iov[i] = {bufs[i].data(), bufs[i].size()};
        msgs[i] = {};
        msgs[i].msg_hdr.msg_name = &addrs[i];
        msgs[i].msg_hdr.msg_namelen = sizeof(sockaddr_in);
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
      }
      const int r = sendmmsg(fd_, msgs.data(), static_cast<unsigned>(n), 0);
      if (r > 0) sent_ += static_cast<std::uint64_t>(r);
    }
  }
  void drain() {
    constexpr int kBatch = 64;
    static thread_local std::array<std::array<std::uint8_t, 256>, kBatch> bufs;
    std::array<iovec, kBatch> iov;
    std::array<mmsghdr, kBatch> msgs{};
    for (int i = 0; i < kBatch; ++i) {
      iov[i] = {bufs[i].data(), bufs[i].size()};
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
    }
    for (;;) {
      const int r = recvmmsg(fd_, msgs.data(), kBatch, MSG_DONTWAIT, nullptr);
      if (r <= 0) return;
      received_ += static_cast<std::uint64_t>(r);
    }
  }

  std::vector<std::uint16_t> targets_;
  std::vector<std::uint16_t> seq_;
  int fd_ = -1;
  std::uint64_t sent_ = 0;
  std::uint64_t received_ = 0;
};

// Bytes the allocator has handed out and not had back: the heap a live session holds.
std::size_t heap_in_use() {
  return mallinfo2().uordblks;
}

struct PhaseResult {
  double cpu_seconds = 0;
  double heap_per_session_start = 0;  // bytes, once every session is started
  double heap_per_session_run = 0;    // bytes, at the end of the run (queues as they grew)
  std::uint64_t packets_in = 0;
  std::uint64_t packets_out = 0;
  std::uint64_t generator_sent = 0;
  std::uint64_t generator_received = 0;
};

// The floor: epoll over N sockets; each readable socket drained with recvmmsg and echoed back
// with one sendmmsg. No parsing, no state, no pacing.
PhaseResult run_floor(int sessions, std::chrono::seconds length) {
  std::vector<int> fds;
  std::vector<std::uint16_t> ports;
  for (int i = 0; i < sessions; ++i) {
    const int fd = udp_socket(0);
    if (fd < 0) std::abort();
    fds.push_back(fd);
    ports.push_back(port_of(fd));
  }
  Generator gen(ports);
  std::atomic<bool> stop{false};
  PhaseResult res;
  std::thread echo([&] {
    const int ep = epoll_create1(0);
    for (int i = 0; i < sessions; ++i) {
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.fd = fds[i];
      epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev);
    }
    constexpr int kBatch = 16;
    std::array<std::array<std::uint8_t, 2048>, kBatch> bufs;
    std::array<sockaddr_in, kBatch> addrs;
    std::array<iovec, kBatch> iov;
    std::array<mmsghdr, kBatch> msgs{};
    std::array<epoll_event, 256> events;
    const double cpu0 = thread_cpu_seconds();
    while (!stop.load(std::memory_order_relaxed)) {
      const int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), 10);
      for (int e = 0; e < n; ++e) {
        const int fd = events[e].data.fd;
        for (int i = 0; i < kBatch; ++i) {
          iov[i] = {bufs[i].data(), bufs[i].size()};
          msgs[i] = {};
          msgs[i].msg_hdr.msg_name = &addrs[i];
          msgs[i].msg_hdr.msg_namelen = sizeof(sockaddr_in);
          msgs[i].msg_hdr.msg_iov = &iov[i];
          msgs[i].msg_hdr.msg_iovlen = 1;
        }
        const int r = recvmmsg(fd, msgs.data(), kBatch, MSG_DONTWAIT, nullptr);
        if (r <= 0) continue;
        res.packets_in += static_cast<std::uint64_t>(r);
        for (int i = 0; i < r; ++i)
          iov[i].iov_len = msgs[i].msg_len;
        const int s = sendmmsg(fd, msgs.data(), static_cast<unsigned>(r), 0);
        if (s > 0) res.packets_out += static_cast<std::uint64_t>(s);
      }
    }
    res.cpu_seconds = thread_cpu_seconds() - cpu0;
    close(ep);
  });
  gen.run(length);
  stop = true;
  echo.join();
  res.generator_sent = gen.sent();
  res.generator_received = gen.received();
  for (int fd : fds)
    close(fd);
  return res;
}

// Ours: N RtpSessions (real UdpSocket each) on one shard io_context with one Pacer. Each
// received audio packet is queued for playout (an echo through the paced send path).
PhaseResult run_sessions(int sessions, std::chrono::seconds length) {
  const std::size_t heap0 = heap_in_use();
  asio::io_context ctx(1);
  va::rtp::Pacer pacer(ctx);
  std::vector<std::unique_ptr<va::rtp::RtpSession>> list;
  list.reserve(static_cast<std::size_t>(sessions));
  std::vector<std::uint16_t> ports;
  std::vector<std::unique_ptr<va::rtp::DatagramSocket>> sockets;
  for (int i = 0; i < sessions; ++i) {
    auto s = va::rtp::DatagramSocket::create_udp(ctx, {asio::ip::address_v4::loopback(), 0});
    if (!s) std::abort();
    ports.push_back((*s)->local_endpoint().port());
    sockets.push_back(std::move(*s));
  }
  Generator gen(ports);
  const va::rtp::Endpoint remote(asio::ip::address_v4::loopback(), gen.port());
  for (int i = 0; i < sessions; ++i) {
    va::rtp::RtpSessionConfig cfg;
    cfg.local_ssrc = 0x10000u + static_cast<std::uint32_t>(i);
    va::rtp::RtpSessionEvents ev;
    auto holder = std::make_shared<va::rtp::RtpSession*>(nullptr);
    ev.on_audio = [holder](const va::rtp::RtpPacketView& p) {
      (*holder)->enqueue_frame(p.payload);
    };
    list.push_back(std::make_unique<va::rtp::RtpSession>(std::move(sockets[i]), nullptr,
                                                         va::rtp::RemoteMedia{remote, remote, true},
                                                         cfg, va::core::Clock::steady(), ev));
    *holder = list.back().get();
    list.back()->start();
    pacer.add(list.back().get());
  }
  pacer.start();
  PhaseResult res;
  res.heap_per_session_start = double(heap_in_use() - heap0) / sessions;
  double cpu0 = 0;
  std::thread shard([&] {
    cpu0 = thread_cpu_seconds();
    ctx.run();
    res.cpu_seconds = thread_cpu_seconds() - cpu0;
  });
  gen.run(length);
  asio::post(ctx, [&] {
    res.heap_per_session_run = double(heap_in_use() - heap0) / sessions;
    pacer.stop();
    for (auto& s : list) {
      pacer.remove(s.get());
      res.packets_in += s->stats().packets_received + s->stats().packets_probation;
      res.packets_out += s->stats().packets_sent;
    }
    for (auto& s : list)
      s->close();
    ctx.stop();
  });
  shard.join();
  res.generator_sent = gen.sent();
  res.generator_received = gen.received();
  return res;
}

void print(const char* name, const PhaseResult& r, int sessions, double seconds) {
  const double pkts = static_cast<double>(r.packets_in + r.packets_out);
  std::printf(
      "%-9s cpu %.3f s over %.0f s = %.1f%% of a core; in %llu out %llu; "
      "gen sent %llu got %llu; %.2f us/packet; %.2f us CPU per session per second\n",
      name, r.cpu_seconds, seconds, 100 * r.cpu_seconds / seconds,
      static_cast<unsigned long long>(r.packets_in), static_cast<unsigned long long>(r.packets_out),
      static_cast<unsigned long long>(r.generator_sent),
      static_cast<unsigned long long>(r.generator_received),
      pkts > 0 ? 1e6 * r.cpu_seconds / pkts : 0.0, 1e6 * r.cpu_seconds / seconds / sessions);
}

}  // namespace

int main(int argc, char** argv) {
  const int sessions = argc > 1 ? std::atoi(argv[1]) : 1000;
  const int seconds = argc > 2 ? std::atoi(argv[2]) : 15;
  std::printf("rtp load: %d sessions, 50 packets/s each way, %d s per phase, loopback\n", sessions,
              seconds);
  const auto floor = run_floor(sessions, std::chrono::seconds(seconds));
  print("floor", floor, sessions, seconds);
  const auto ours = run_sessions(sessions, std::chrono::seconds(seconds));
  print("sessions", ours, sessions, seconds);
  std::printf("heap per session: %.1f KiB started, %.1f KiB after the run\n",
              ours.heap_per_session_start / 1024, ours.heap_per_session_run / 1024);
  const double floor_pp = floor.cpu_seconds / double(floor.packets_in + floor.packets_out);
  const double ours_pp = ours.cpu_seconds / double(ours.packets_in + ours.packets_out);
  std::printf("ratio ours/floor per packet: %.2f (goal <= 2)\n", ours_pp / floor_pp);
  return 0;
}
