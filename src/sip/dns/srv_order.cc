// RFC 2782 target selection: priority, then weighted random draw.
#include "sip/dns/srv_order.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace va::sip {

namespace {

// Rule 3 for one priority group.
void draw_by_weight(std::vector<SrvData> group, const std::function<double()>& random_unit,
                    std::vector<SrvData>& out) {
  std::stable_partition(group.begin(), group.end(), [](const SrvData& s) { return s.weight == 0; });
  while (!group.empty()) {
    std::uint64_t sum = 0;
    for (const auto& s : group)
      sum += s.weight;
    const double u = std::clamp(random_unit(), 0.0, 1.0);
    auto r = static_cast<std::uint64_t>(std::floor(u * static_cast<double>(sum + 1)));
    r = std::min(r, sum);
    std::uint64_t running = 0;
    std::size_t pick = group.size() - 1;
    for (std::size_t i = 0; i < group.size(); ++i) {
      running += group[i].weight;
      if (running >= r) {
        pick = i;
        break;
      }
    }
    out.push_back(std::move(group[pick]));
    group.erase(group.begin() + static_cast<std::ptrdiff_t>(pick));
  }
}

}  // namespace

std::vector<SrvData> order_srv(std::vector<SrvData> records,
                               const std::function<double()>& random_unit) {
  std::erase_if(records, [](const SrvData& s) { return s.target.empty(); });
  std::stable_sort(records.begin(), records.end(),
                   [](const SrvData& a, const SrvData& b) { return a.priority < b.priority; });
  std::vector<SrvData> out;
  out.reserve(records.size());
  for (std::size_t begin = 0; begin < records.size();) {
    std::size_t end = begin;
    while (end < records.size() && records[end].priority == records[begin].priority)
      ++end;
    draw_by_weight({records.begin() + static_cast<std::ptrdiff_t>(begin),
                    records.begin() + static_cast<std::ptrdiff_t>(end)},
                   random_unit, out);
    begin = end;
  }
  return out;
}

}  // namespace va::sip
