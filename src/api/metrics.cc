// Metrics: Prometheus text exposition format 0.0.4.
#include "api/metrics.h"

namespace va::api {

void Metrics::request(int status, std::int64_t micros) {
  const auto cls = static_cast<std::size_t>(status / 100);
  if (cls < by_class_.size()) by_class_[cls].fetch_add(1, std::memory_order_relaxed);
  micros_total_.fetch_add(static_cast<std::uint64_t>(micros), std::memory_order_relaxed);
}

std::string Metrics::render() const {
  std::string out =
      "# HELP va_http_requests_total HTTP requests answered, by status class.\n"
      "# TYPE va_http_requests_total counter\n";
  std::uint64_t total = 0;
  for (std::size_t c = 1; c < by_class_.size(); ++c) {
    const auto n = by_class_[c].load(std::memory_order_relaxed);
    total += n;
    out +=
        "va_http_requests_total{code=\"" + std::to_string(c) + "xx\"} " + std::to_string(n) + "\n";
  }
  out +=
      "# HELP va_http_request_seconds Time spent handling requests.\n"
      "# TYPE va_http_request_seconds summary\n";
  out += "va_http_request_seconds_sum " +
         std::to_string(static_cast<double>(micros_total_.load()) / 1e6) + "\n";
  out += "va_http_request_seconds_count " + std::to_string(total) + "\n";
  out +=
      "# HELP va_auth_login_failures_total Failed or throttled logins.\n"
      "# TYPE va_auth_login_failures_total counter\n";
  out += "va_auth_login_failures_total " + std::to_string(login_failures_.load()) + "\n";
  out +=
      "# HELP va_http_body_too_large_total Requests refused with 413.\n"
      "# TYPE va_http_body_too_large_total counter\n";
  out += "va_http_body_too_large_total " + std::to_string(body_too_large_.load()) + "\n";
  core::MutexLock lock(source_mu_);
  if (source_) out += source_();
  return out;
}

void Metrics::set_source(Source source) {
  core::MutexLock lock(source_mu_);
  source_ = std::move(source);
}

}  // namespace va::api
