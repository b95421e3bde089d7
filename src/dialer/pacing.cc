// Pacing: plain containers; the dialer calls these from its one thread.
#include "dialer/pacing.h"

#include <algorithm>
#include <limits>

namespace va::dialer {

void RateWindow::expire(Steady now) {
  while (!starts_.empty() && now - starts_.front() >= span_)
    starts_.pop_front();
}

bool RateWindow::allows(Steady now, std::int64_t limit) {
  expire(now);
  return static_cast<std::int64_t>(starts_.size()) < limit;
}

std::size_t RateWindow::count(Steady now) {
  expire(now);
  return starts_.size();
}

std::optional<Steady> RateWindow::next_slot(Steady now, std::int64_t limit) {
  if (allows(now, limit) || starts_.empty()) return std::nullopt;
  const auto over = starts_.size() - static_cast<std::size_t>(std::max<std::int64_t>(limit, 0));
  return starts_[over] + span_;
}

LineTable::LineTable(const std::vector<core::TrunkLine>& lines) {
  if (lines.empty()) {
    limited_ = false;
    lines_[""] = Line{core::TrunkLine{"", "", std::numeric_limits<std::int64_t>::max()}};
    return;
  }
  for (const auto& l : lines)
    lines_[l.name] = Line{l};
}

bool LineTable::eligible(const Line& l, const std::vector<std::string>& allowed) const {
  return allowed.empty() || !limited_ ||
         std::find(allowed.begin(), allowed.end(), l.config.name) != allowed.end();
}

std::optional<core::TrunkLine> LineTable::pick(const std::vector<std::string>& allowed,
                                               Steady now) const {
  const Line* best = nullptr;
  for (const auto& [name, l] : lines_) {
    if (!eligible(l, allowed) || now < l.resting_until || l.up >= l.config.capacity) continue;
    if (!best || l.config.capacity - l.up > best->config.capacity - best->up) best = &l;
  }
  if (!best) return std::nullopt;
  return best->config;
}

std::vector<core::TrunkLine> LineTable::candidates(const std::vector<std::string>& allowed,
                                                   Steady now) const {
  std::vector<const Line*> open;
  if (!limited_) return {};
  for (const auto& [name, l] : lines_) {
    if (eligible(l, allowed) && now >= l.resting_until && l.up < l.config.capacity) {
      open.push_back(&l);
    }
  }
  std::stable_sort(open.begin(), open.end(), [](const Line* a, const Line* b) {
    return a->config.capacity - a->up > b->config.capacity - b->up;
  });
  std::vector<core::TrunkLine> out;
  for (const auto* l : open)
    out.push_back(l->config);
  return out;
}

std::optional<core::TrunkLine> LineTable::config(const std::string& name) const {
  auto it = lines_.find(limited_ ? name : std::string());
  if (it == lines_.end()) return std::nullopt;
  return it->second.config;
}

bool LineTable::known(const std::string& name) const {
  return !limited_ || lines_.count(name) > 0;
}

void LineTable::release(const std::string& line) {
  auto it = lines_.find(line);
  if (it != lines_.end() && it->second.up > 0) --it->second.up;
}

void LineTable::congested(const std::string& line, Steady now) {
  auto it = lines_.find(line);
  if (it == lines_.end()) return;
  auto& l = it->second;
  l.backoff = l.backoff.count() == 0
                  ? std::chrono::seconds(2)
                  : std::min<std::chrono::seconds>(l.backoff * 2, std::chrono::seconds(60));
  l.resting_until = now + l.backoff;
}

std::int64_t LineTable::up(const std::string& line) const {
  auto it = lines_.find(line);
  return it == lines_.end() ? 0 : it->second.up;
}

std::string LineTable::blocked_reason(const std::vector<std::string>& allowed, Steady now) const {
  bool any_resting = false;
  for (const auto& [name, l] : lines_) {
    if (eligible(l, allowed) && now < l.resting_until) any_resting = true;
  }
  return any_resting ? "lines busy or backing off after congestion" : "all lines busy";
}

}  // namespace va::dialer

namespace va::dialer {

void LineTable::take(const std::string& line) {
  if (auto it = lines_.find(line); it != lines_.end()) ++it->second.up;
}

void LineTable::cleared(const std::string& line) {
  if (auto it = lines_.find(line); it != lines_.end()) it->second.backoff = std::chrono::seconds(0);
}

}  // namespace va::dialer
