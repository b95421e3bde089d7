// DatagramBatch: recvmmsg(2) into per-thread scratch buffers (see the header for the rules).
#include "rtp/udp/datagram_batch.h"

#include <cerrno>
#include <cstring>
#include <memory>

namespace va::rtp {

DatagramBatch& DatagramBatch::for_this_thread() {
  // Heap, not thread-local storage itself: 32 KiB is too big for the static TLS block.
  thread_local const std::unique_ptr<DatagramBatch> batch(new DatagramBatch());
  return *batch;
}

DatagramBatch::DatagramBatch() {
  for (int i = 0; i < kCapacity; ++i) {
    iovecs_[i] = {buffers_[i].data(), buffers_[i].size()};
  }
}

int DatagramBatch::receive(int fd, std::error_code& ec) {
  // recvmmsg writes msg_namelen and msg_len back: reset every header before each call.
  for (int i = 0; i < kCapacity; ++i) {
    headers_[i] = {};
    headers_[i].msg_hdr.msg_name = &addresses_[i];
    headers_[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
    headers_[i].msg_hdr.msg_iov = &iovecs_[i];
    headers_[i].msg_hdr.msg_iovlen = 1;
  }
  const int n = ::recvmmsg(fd, headers_.data(), kCapacity, MSG_DONTWAIT, nullptr);
  if (n > 0) {
    ec.clear();
    return n;
  }
  const int err = n == 0 ? EAGAIN : errno;
  ec = std::error_code(err == EWOULDBLOCK ? EAGAIN : err, std::system_category());
  return 0;
}

std::span<const std::uint8_t> DatagramBatch::data(int i) const {
  const std::size_t n = std::min<std::size_t>(headers_[i].msg_len, kDatagramBytes);
  return {buffers_[i].data(), n};
}

Endpoint DatagramBatch::from(int i) const {
  Endpoint e;
  const socklen_t len = headers_[i].msg_hdr.msg_namelen;
  if (len > 0 && len <= e.capacity()) {
    std::memcpy(e.data(), &addresses_[i], len);
    e.resize(len);
  }
  return e;
}

}  // namespace va::rtp
