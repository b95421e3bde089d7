// Usage and cost: price lookup by longest model prefix, cost in millionths of a USD.
#include "call/usage_cost.h"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace va::call {

const core::ModelPrice* price_for(const std::vector<core::ModelPrice>& prices,
                                  const std::string& model) {
  std::string_view name = model;
  if (name.starts_with("models/")) name.remove_prefix(7);
  const core::ModelPrice* best = nullptr;
  const core::ModelPrice* any = nullptr;
  for (const auto& p : prices) {
    if (p.model == "*") {
      any = &p;
    } else if (!p.model.empty() && name.starts_with(p.model) &&
               (!best || p.model.size() > best->model.size())) {
      best = &p;
    }
  }
  return best ? best : any;
}

std::int64_t cost_micros(const std::vector<core::ModelPrice>& prices, const std::string& model,
                         const ai::UsageMetadata& usage) {
  const auto* p = price_for(prices, model);
  if (!p) return 0;
  // Detail counts the server over-reports are capped by the side's total.
  const auto capped = [](std::int64_t part, std::int64_t total) {
    return std::max<std::int64_t>(0, std::min(part, total));
  };
  const auto in_audio = capped(usage.prompt_audio_tokens, usage.prompt_tokens);
  const auto out_audio = capped(usage.response_audio_tokens, usage.response_tokens);
  const auto in_text = std::max<std::int64_t>(usage.prompt_tokens - in_audio, 0);
  const auto out_text = std::max<std::int64_t>(usage.response_tokens - out_audio, 0);
  // USD per million tokens times tokens = micro-USD.
  const double micros = static_cast<double>(in_text) * p->input_text +
                        static_cast<double>(in_audio) * p->input_audio +
                        static_cast<double>(out_text) * p->output_text +
                        static_cast<double>(out_audio) * p->output_audio;
  return static_cast<std::int64_t>(std::llround(micros));
}

}  // namespace va::call
