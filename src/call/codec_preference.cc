// CodecPreference: parsing is strict so a typo in rtp.codecs stops the server at start.
#include "call/codec_preference.h"

#include <algorithm>
#include <cctype>

#include "sip/sdp/offer_answer.h"

namespace va::call {

core::Result<std::vector<sdp::Codec>> parse_codec_preference(std::string_view text,
                                                             std::string* bad_name) {
  std::vector<sdp::Codec> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto end = text.find(',', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string name(text.substr(pos, end - pos));
    pos = end + 1;
    name.erase(std::remove_if(name.begin(), name.end(),
                              [](unsigned char c) { return std::isspace(c) != 0; }),
               name.end());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (name.empty()) continue;
    sdp::Codec codec;
    if (name == "PCMU") {
      codec = sdp::pcmu();
    } else if (name == "PCMA") {
      codec = sdp::pcma();
    } else if (name == "G722") {
      codec = sdp::g722();
    } else if (name == "G729") {
      codec = sdp::g729();
    } else if (name == "OPUS") {
      codec = sdp::opus();
    } else {
      if (bad_name) *bad_name = name;
      return std::make_error_code(std::errc::invalid_argument);
    }
    if (std::find(out.begin(), out.end(), codec) != out.end()) {
      if (bad_name) *bad_name = name;
      return std::make_error_code(std::errc::invalid_argument);
    }
    out.push_back(codec);
  }
  if (out.empty()) {
    if (bad_name) *bad_name = "";
    return std::make_error_code(std::errc::invalid_argument);
  }
  return out;
}

core::Result<std::vector<sdp::Codec>> parse_trunk_codecs(std::string_view text,
                                                         const std::vector<sdp::Codec>& all,
                                                         std::string* bad_name) {
  if (text.find_first_not_of(" \t") == std::string_view::npos) return all;
  auto codecs = parse_codec_preference(text, bad_name);
  if (!codecs) return codecs;
  for (const auto& c : *codecs) {
    if (std::find(all.begin(), all.end(), c) == all.end()) {
      if (bad_name) *bad_name = c.name;
      return std::make_error_code(std::errc::invalid_argument);
    }
  }
  return codecs;
}

sdp::LocalMedia make_local_media(const std::string& address, std::uint16_t port,
                                 const std::vector<sdp::Codec>& codecs, bool rtcp_mux) {
  sdp::LocalMedia local;
  local.addr_type =
      address.find(':') != std::string::npos ? sdp::AddrType::Ip6 : sdp::AddrType::Ip4;
  local.address = address;
  local.port = port;
  local.codecs = codecs;
  local.codecs.push_back(sdp::telephone_event());
  local.rtcp_mux = rtcp_mux;
  return local;
}

bool can_answer(const sdp::SessionDescription& offer, const std::vector<sdp::Codec>& codecs,
                bool rtcp_mux) {
  return !offer_refusal(offer, codecs, rtcp_mux, SrtpMode::Off);
}

std::error_code offer_refusal(const sdp::SessionDescription& offer,
                              const std::vector<sdp::Codec>& codecs, bool rtcp_mux, SrtpMode srtp) {
  // The address and port do not take part in the choice; the discard port stands in, and
  // all-zero keys stand in for the call's own (made only once the call is taken).
  auto local = make_local_media("0.0.0.0", 9, codecs, rtcp_mux);
  std::vector<sdp::CryptoAttribute> placeholder;
  if (srtp != SrtpMode::Off) {
    placeholder = {{1, sdp::CryptoSuite::AesCm128HmacSha1_80, {}},
                   {2, sdp::CryptoSuite::AesCm128HmacSha1_32, {}}};
  }
  apply_srtp(local, srtp, placeholder);
  auto answer = sdp::answer_offer(offer, local);
  return answer ? std::error_code() : answer.error();
}

}  // namespace va::call
