// Usage and cost of a call: the AI's token counts (usageMetadata, by modality) priced from the
// ai.prices table (core::ModelPrice, USD per million tokens). The result is an estimate.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ai/ai_session.h"
#include "core/config.h"

namespace va::call {

// The entry for `model` ("models/" ignored): the longest `model` prefix match, else "*";
// nullptr when neither exists.
const core::ModelPrice* price_for(const std::vector<core::ModelPrice>& prices,
                                  const std::string& model);

// Millionths of a USD (rounded) for the tokens: the audio counts at the audio prices, the rest
// of each side at the text prices. 0 without a price.
std::int64_t cost_micros(const std::vector<core::ModelPrice>& prices, const std::string& model,
                         const ai::UsageMetadata& usage);

}  // namespace va::call
