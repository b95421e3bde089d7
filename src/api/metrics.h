// Metrics: the API's counters, rendered as Prometheus text at /metrics. Lock-free atomics so
// any DB pool thread can count.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "core/mutex.h"

namespace va::api {

class Metrics {
 public:
  void request(int status, std::int64_t micros);
  void login_failure() { login_failures_.fetch_add(1, std::memory_order_relaxed); }
  void body_too_large() { body_too_large_.fetch_add(1, std::memory_order_relaxed); }
  std::string render() const;

  // More lines for /metrics from outside api/ (the call layer's counters, wired by app/);
  // any thread; an empty function removes it.
  using Source = std::function<std::string()>;
  void set_source(Source source);

 private:
  mutable core::Mutex source_mu_;
  Source source_ GUARDED_BY(source_mu_);
  std::array<std::atomic<std::uint64_t>, 6> by_class_{};  // index = status / 100
  std::atomic<std::uint64_t> micros_total_{0};
  std::atomic<std::uint64_t> login_failures_{0};
  std::atomic<std::uint64_t> body_too_large_{0};
};

}  // namespace va::api
