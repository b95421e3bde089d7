// Load tool: N concurrent API clients (default 50) over real HTTP on loopback while a
// writer creates call records (store level: POST /api/calls needs the call layer, which does
// not exist yet) with transcript lines. Prints requests/second, p50/p99 latency and errors,
// then checks that no write was lost.
// Usage: api_load [clients=50] [seconds=10] [sqlite|postgresql (a throwaway cluster)]
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "api_harness.h"
#include "pg_throwaway.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace json = boost::json;

struct ClientStats {
  std::vector<double> latencies_ms;
  int errors = 0;
  int leads_created = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const int clients = argc > 1 ? std::atoi(argv[1]) : 50;
  const int seconds = argc > 2 ? std::atoi(argv[2]) : 10;
  const std::string backend = argc > 3 ? argv[3] : "sqlite";
  spdlog::set_level(spdlog::level::warn);
  va::testing::PgThrowaway pg;
  if (backend == "postgresql") {
    if (auto err = pg.start(); !err.empty()) {
      std::fprintf(stderr, "postgresql: %s\n", err.c_str());
      return 1;
    }
  }
  va::testing::ApiHarness h(va::crm::PasswordCost::minimum(), 1 << 20,
                            backend == "postgresql" ? pg.url() : "");
  va::testing::HttpClient setup(h.port());
  const auto super = h.login("superadmin", va::testing::ApiHarness::kSuperPassword);
  std::vector<std::pair<va::crm::Id, std::string>> users;  // id, token
  for (int i = 0; i < clients; ++i) {
    const auto name = "load" + std::to_string(i);
    auto r = setup.request("POST", "/api/users",
                           json::serialize(json::object{
                               {"username", name}, {"password", "password-1"}, {"role", "admin"}}),
                           super);
    if (r.status != 201) {
      std::fprintf(stderr, "setup failed: %d %s\n", r.status, r.body.c_str());
      return 1;
    }
    users.emplace_back(json::parse(r.body).at("id").as_int64(), h.login(name, "password-1"));
  }

  std::atomic<bool> stop{false};
  std::atomic<int> calls_written{0};
  std::atomic<int> writer_errors{0};
  std::thread writer([&] {
    std::size_t n = 0;
    while (!stop.load()) {
      va::crm::Call c;
      c.owner_id = users[n++ % users.size()].first;
      c.to = "+4930123456";
      c.status = va::crm::CallStatus::Active;
      auto id = h.store().create_call(c);
      if (!id || !h.store().append_transcript(*id, {"caller", "hello", 1})) {
        ++writer_errors;
        continue;
      }
      ++calls_written;
    }
  });

  std::vector<ClientStats> stats(static_cast<std::size_t>(clients));
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::seconds(seconds);
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] {
      auto& st = stats[static_cast<std::size_t>(i)];
      va::testing::HttpClient c(h.port());
      const auto& token = users[static_cast<std::size_t>(i)].second;
      for (int n = 0; Clock::now() < deadline; ++n) {
        const auto t0 = Clock::now();
        va::testing::ClientResponse r;
        int want = 200;
        switch (n % 5) {
          case 0:
          case 1:
            r = c.request("GET", "/api/calls?per_page=20", "", token);
            break;
          case 2:
            r = c.request(
                "POST", "/api/leads",
                json::serialize(json::object{{"name", "L" + std::to_string(n)},
                                             {"phone", "+4930" + std::to_string(1000 + n)}}),
                token);
            want = 201;
            if (r.status == 201) ++st.leads_created;
            break;
          case 3:
            r = c.request("GET", "/api/leads?q=l1&per_page=10", "", token);
            break;
          default:
            r = c.request("GET", "/api/me", "", token);
            break;
        }
        st.latencies_ms.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (r.status != want) ++st.errors;
      }
    });
  }
  for (auto& t : threads)
    t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  stop = true;
  writer.join();

  std::vector<double> all;
  int errors = 0;
  int lost = 0;
  for (std::size_t i = 0; i < stats.size(); ++i) {
    all.insert(all.end(), stats[i].latencies_ms.begin(), stats[i].latencies_ms.end());
    errors += stats[i].errors;
    va::crm::LeadQuery q;
    q.owners = std::vector<va::crm::Id>{users[i].first};
    const auto stored = h.store().list_leads(q).value().total;
    lost += std::abs(static_cast<int>(stored) - stats[i].leads_created);
  }
  const auto calls_stored = h.store().list_calls(std::nullopt, {1, 1}).value().total;
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) {
    return all.empty() ? 0.0
                       : all[std::min(all.size() - 1, static_cast<std::size_t>(p * all.size()))];
  };
  std::printf(
      "backend=%s clients=%d seconds=%.1f requests=%zu rps=%.0f p50_ms=%.2f p99_ms=%.2f "
      "max_ms=%.2f "
      "errors=%d\ncall_records_written=%d (%.0f/s) writer_errors=%d calls_in_store=%lld "
      "lost_lead_writes=%d lost_call_writes=%lld\n",
      backend.c_str(), clients, elapsed, all.size(), static_cast<double>(all.size()) / elapsed,
      pct(0.50), pct(0.99), all.empty() ? 0.0 : all.back(), errors, calls_written.load(),
      calls_written.load() / elapsed, writer_errors.load(), static_cast<long long>(calls_stored),
      lost, static_cast<long long>(calls_stored - calls_written.load()));
  return errors == 0 && lost == 0 && writer_errors == 0 && calls_stored == calls_written ? 0 : 1;
}
