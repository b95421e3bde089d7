// dialer_bench: the dialer's cost per placed call, not run by ctest.
//   ./dialer_bench [leads=1000] [concurrent=1000]
// One campaign of `leads` leads at calls_per_minute = leads (1,000 leads per minute by
// default) and max_concurrent = `concurrent`, worked by the real DialerEngine over a real
// SQLite store (WAL, in a temp dir) with a CallPlacer that answers at once; every call then
// ends answered. Prints the process CPU (user + system: the dialer and SQLite, the only
// work here) per placed call, the wall time, and the database statements per call, counted
// at the SQL connection (writes: INSERT/UPDATE/DELETE; reads: SELECT; transactions).
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "crm/sql/connection_pool.h"
#include "crm/sql/migrations.h"
#include "crm/sql/sql_store.h"
#include "crm/sqlite/sqlite_connection.h"
#include "dialer/dialer_engine.h"

namespace {

using namespace va;

struct Counts {
  std::atomic<long> writes{0}, reads{0}, commits{0};
};

// Forwards to a real connection and counts what crosses it.
class CountingConnection final : public crm::sql::Connection {
 public:
  CountingConnection(std::unique_ptr<crm::sql::Connection> inner, Counts& counts)
      : inner_(std::move(inner)), counts_(counts) {}
  crm::sql::Dialect dialect() const override { return inner_->dialect(); }
  core::Result<crm::sql::Rows> query(std::string_view sql,
                                     const std::vector<crm::sql::Value>& params) override {
    count(sql);
    return inner_->query(sql, params);
  }
  core::Result<void> exec(std::string_view sql) override {
    if (sql.starts_with("COMMIT")) ++counts_.commits;
    return inner_->exec(sql);
  }

 private:
  void count(std::string_view sql) {
    if (sql.starts_with("SELECT")) {
      ++counts_.reads;
    } else if (sql.starts_with("INSERT") || sql.starts_with("UPDATE") ||
               sql.starts_with("DELETE")) {
      ++counts_.writes;
    }
  }
  std::unique_ptr<crm::sql::Connection> inner_;
  Counts& counts_;
};

struct InstantPlacer : dialer::CallPlacer {
  core::Result<crm::Id> place(const dialer::DialRequest&) override { return next++; }
  crm::Id next = 1;
};

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

std::unique_ptr<crm::Store> open_store(const std::string& path, Counts& counts) {
  std::vector<std::unique_ptr<crm::sql::Connection>> conns;
  for (int i = 0; i < 2; ++i) {
    auto c = crm::sqlite::SqliteConnection::open(path).value();
    if (i == 0) (void)crm::sql::migrate(*c);
    conns.push_back(std::make_unique<CountingConnection>(std::move(c), counts));
  }
  return std::make_unique<crm::sql::SqlStore>(
      std::make_unique<crm::sql::ConnectionPool>(std::move(conns)));
}

crm::Id make_campaign(crm::Store& store, int leads, int concurrent) {
  crm::User u;
  u.username = "bench";
  u.role = crm::Role::Admin;
  u.password_hash = "x";
  const auto owner = store.create_user(u).value();
  crm::Campaign c;
  c.owner_id = owner;
  c.name = "bench";
  c.status = "active";
  c.dialing.max_concurrent = concurrent;
  c.dialing.calls_per_minute = leads;
  c.dialing.hours_from_min = 0;
  c.dialing.hours_to_min = 24 * 60;
  c.dialing.days = 0b11111110;
  const auto id = store.create_campaign(c).value();
  std::vector<crm::Lead> batch;
  for (int i = 0; i < leads; ++i) {
    crm::Lead l;
    l.owner_id = owner;
    l.name = "lead";
    l.phone = "+4930" + std::to_string(1000000 + i);
    batch.push_back(l);
  }
  (void)store.set_campaign_leads(id, store.import_leads(batch).value());
  return id;
}

}  // namespace

int main(int argc, char** argv) {
  const int leads = argc > 1 ? std::atoi(argv[1]) : 1000;
  const int concurrent = argc > 2 ? std::atoi(argv[2]) : 1000;
  const auto dir =
      std::filesystem::temp_directory_path() / ("va-dialer-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  Counts counts;
  auto store = open_store((dir / "bench.db").string(), counts);
  const auto campaign = make_campaign(*store, leads, concurrent);
  InstantPlacer placer;
  dialer::DialerEngine engine({*store, placer, {}, nullptr}, {"bench", {}, {}, 50});
  counts.writes = counts.reads = counts.commits = 0;

  const double cpu0 = cpu_seconds();
  const auto wall0 = std::chrono::steady_clock::now();
  crm::Id ended = 0;
  std::size_t peak = 0;
  for (int round = 0; round < 100000 && ended < leads; ++round) {
    engine.tick();  // places up to max_concurrent, within calls_per_minute
    peak = std::max(peak, engine.in_flight());
    for (; ended + 1 < placer.next; ++ended)
      engine.on_call_ended(ended + 1, "remote_hangup", "answered");
  }
  engine.tick();  // sees the campaign finished
  const double cpu = cpu_seconds() - cpu0;
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  const auto status = store->get_campaign(campaign)->status;
  const double n = static_cast<double>(placer.next - 1);
  std::printf(
      "leads %d, max_concurrent %d, calls_per_minute %d: placed %.0f calls, peak %zu up, "
      "campaign %s\n",
      leads, concurrent, leads, n, peak, status.c_str());
  std::printf("dialer CPU per placed call: %.1f us (process user+sys %.3f s, wall %.3f s)\n",
              cpu / n * 1e6, cpu, wall);
  std::printf("database per call: %.2f writes, %.2f reads, %.2f transactions\n", counts.writes / n,
              counts.reads / n, counts.commits / n);
  store.reset();
  std::filesystem::remove_all(dir);
  return status == "done" ? 0 : 1;
}
