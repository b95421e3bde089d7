// Pacing: the dialer's counters of what is up and what was dialled, kept on the dialer's
// thread only (no lock). RateWindow is calls per minute as a sliding 60 s window; LineTable
// holds each trunk line's calls up and its congestion back-off.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"

namespace va::dialer {

using Steady = std::chrono::steady_clock::time_point;

class RateWindow {
 public:
  explicit RateWindow(std::chrono::milliseconds span = std::chrono::seconds(60)) : span_(span) {}
  // May one more start at `now` with at most `limit` per span?
  bool allows(Steady now, std::int64_t limit);
  void add(Steady now) { starts_.push_back(now); }
  std::size_t count(Steady now);
  // When the oldest start leaves the window (the next slot), if the window is full.
  std::optional<Steady> next_slot(Steady now, std::int64_t limit);

 private:
  void expire(Steady now);
  std::chrono::milliseconds span_;
  std::deque<Steady> starts_;
};

class LineTable {
 public:
  // No configured line: one implicit line "" with no prefix and no capacity limit.
  explicit LineTable(const std::vector<core::TrunkLine>& lines);

  // The line to dial on among `allowed` (empty = any): not backed off, with a free slot,
  // the one with the most free slots first. nullopt when every such line is full or backed off.
  std::optional<core::TrunkLine> pick(const std::vector<std::string>& allowed, Steady now) const;
  // Every line pick() could take, most free slots (by this node's count) first: what the
  // claim counts again over all nodes (crm::ClaimLimits::lines). Empty without configured lines.
  std::vector<core::TrunkLine> candidates(const std::vector<std::string>& allowed,
                                          Steady now) const;
  // A configured line by name (the implicit one without lines).
  std::optional<core::TrunkLine> config(const std::string& name) const;
  bool known(const std::string& name) const;
  void take(const std::string& line);
  void release(const std::string& line);
  // A congestion answer: the line rests, 2 s doubling up to 60 s while it keeps refusing.
  void congested(const std::string& line, Steady now);
  // An attempt that got through (any other end): the back-off starts over.
  void cleared(const std::string& line);
  std::int64_t up(const std::string& line) const;
  // Why nothing can be dialled on `allowed`: "all lines busy" / "line gsm1 congested ...".
  std::string blocked_reason(const std::vector<std::string>& allowed, Steady now) const;

 private:
  struct Line {
    core::TrunkLine config;
    std::int64_t up = 0;
    Steady resting_until{};
    std::chrono::seconds backoff{0};
  };
  bool eligible(const Line& l, const std::vector<std::string>& allowed) const;
  std::map<std::string, Line> lines_;
  bool limited_ = true;
};

}  // namespace va::dialer
