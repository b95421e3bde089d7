// Resampler over speexdsp: one state per stream, all input consumed on every call.
#include "media/resampler.h"

#include <speex/speex_resampler.h>

#include "core/assert.h"

namespace va::media {

Resampler::Resampler(int in_rate, int out_rate, int quality)
    : in_rate_(in_rate), out_rate_(out_rate) {
  int err = 0;
  state_ = speex_resampler_init(1, static_cast<spx_uint32_t>(in_rate),
                                static_cast<spx_uint32_t>(out_rate), quality, &err);
  VA_CHECK(state_ != nullptr && err == RESAMPLER_ERR_SUCCESS);
}

Resampler::~Resampler() {
  speex_resampler_destroy(state_);
}

void Resampler::process(std::span<const std::int16_t> in, std::vector<std::int16_t>& out) {
  std::size_t consumed = 0;
  while (consumed < in.size()) {
    const std::size_t start = out.size();
    // Room for this chunk's output plus filter slack.
    const std::size_t room =
        (in.size() - consumed) * static_cast<std::size_t>(out_rate_) / in_rate_ + 16;
    out.resize(start + room);
    spx_uint32_t in_len = static_cast<spx_uint32_t>(in.size() - consumed);
    spx_uint32_t out_len = static_cast<spx_uint32_t>(room);
    speex_resampler_process_int(state_, 0, in.data() + consumed, &in_len, out.data() + start,
                                &out_len);
    out.resize(start + out_len);
    consumed += in_len;
    if (in_len == 0 && out_len == 0) break;  // cannot happen with room > 0; never spin
  }
}

int Resampler::input_latency() const {
  return speex_resampler_get_input_latency(state_);
}

std::vector<std::int16_t> Resampler::convert(std::span<const std::int16_t> in, int in_rate,
                                             int out_rate) {
  if (in_rate <= 0 || out_rate <= 0 || in.empty()) return {};
  if (in_rate == out_rate) return {in.begin(), in.end()};
  Resampler r(in_rate, out_rate);
  speex_resampler_skip_zeros(r.state_);
  const std::size_t want =
      in.size() * static_cast<std::size_t>(out_rate) / static_cast<std::size_t>(in_rate);
  std::vector<std::int16_t> out;
  out.reserve(want + 16);
  r.process(in, out);
  const std::vector<std::int16_t> tail(static_cast<std::size_t>(r.input_latency()) + 1, 0);
  r.process(tail, out);
  out.resize(want);
  return out;
}

}  // namespace va::media
