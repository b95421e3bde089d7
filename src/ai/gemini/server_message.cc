// Gemini Live server message parser (A2, A6): boost::json, lenient about unknown fields (A15),
// strict about the types of the fields it uses. Never throws.
#include "ai/gemini/server_message.h"

#include <bit>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <charconv>

#include "ai/base64.h"
#include "ai/errc.h"

namespace va::ai::gemini {
namespace json = boost::json;
namespace {

std::error_code bad() {
  return make_error_code(Errc::ProtocolError);
}

// proto3 JSON: absent or false booleans are omitted (A2).
core::Result<bool> get_bool(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return false;
  if (!v->is_bool()) return {boost::system::in_place_error, bad()};
  return v->get_bool();
}

// A view into the DOM: for fields only read in place (the audio data, its mime type).
core::Result<std::string_view> get_string_view(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::string_view();
  if (!v->is_string()) return bad();
  return std::string_view(v->get_string());
}

core::Result<std::string> get_string(const json::object& o, std::string_view key) {
  auto view = get_string_view(o, key);
  if (!view) return view.error();
  return std::string(*view);
}

// int64 arrive as strings, int32 as numbers (A2): accept both.
core::Result<std::int64_t> get_int(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::int64_t{0};
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->get_uint64());
  if (v->is_string()) {
    auto s = v->get_string();
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec != std::errc() || p != s.data() + s.size()) return bad();
    return out;
  }
  return bad();
}

const json::object* get_object(const json::object& o, std::string_view key, bool& wrong_type) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return nullptr;
  if (!v->is_object()) {
    wrong_type = true;
    return nullptr;
  }
  return &v->get_object();
}

core::Result<std::optional<Transcript>> parse_transcript(const json::object& sc,
                                                         std::string_view key) {
  bool wrong = false;
  const json::object* t = get_object(sc, key, wrong);
  if (wrong) return bad();
  if (!t) return std::optional<Transcript>();
  auto text = get_string(*t, "text");
  auto fin = get_bool(*t, "finished");
  if (!text || !fin) return bad();
  return std::optional<Transcript>(Transcript{std::move(*text), *fin});
}

std::error_code parse_part(const json::object& part, ServerContent& out) {
  auto thought = get_bool(part, "thought");
  if (!thought) return thought.error();
  bool wrong = false;
  if (const json::object* inl = get_object(part, "inlineData", wrong)) {
    auto mime = get_string_view(*inl, "mimeType");
    auto data = get_string_view(*inl, "data");
    if (!mime || !data) return bad();
    auto rate = pcm_rate_from_mime(*mime);
    if (!rate) return {};  // not audio/pcm (e.g. an image): ignored (A6 unknown part kinds)
    // PCM16 little-endian (A7), the host's order: decoded straight into the samples.
    static_assert(std::endian::native == std::endian::little);
    const std::size_t bytes = base64_decoded_size(*data);
    media::AudioFrame chunk{*rate, std::vector<std::int16_t>((bytes + 1) / 2)};
    auto* raw = reinterpret_cast<std::uint8_t*>(chunk.samples.data());
    if (auto ec = base64_decode_into(*data, {raw, bytes})) return ec;
    if (bytes % 2) {
      ++out.odd_bytes;
      chunk.samples.pop_back();  // the trailing byte is half a sample
    }
    out.audio.push_back(std::move(chunk));
  }
  if (wrong) return bad();
  auto text = get_string(part, "text");
  if (!text) return text.error();
  if (!text->empty() && !*thought) out.text.push_back(std::move(*text));  // thoughts never spoken
  return {};
}

std::error_code parse_server_content(const json::object& sc, ServerContent& out) {
  bool wrong = false;
  if (const json::object* turn = get_object(sc, "modelTurn", wrong)) {
    if (const json::value* parts = turn->if_contains("parts")) {
      if (!parts->is_array()) return bad();
      for (const json::value& p : parts->get_array()) {
        if (!p.is_object()) return bad();
        if (auto ec = parse_part(p.get_object(), out)) return ec;
      }
    }
  }
  if (wrong) return bad();
  auto in = parse_transcript(sc, "inputTranscription");
  auto outt = parse_transcript(sc, "outputTranscription");
  auto gen = get_bool(sc, "generationComplete");
  auto turn = get_bool(sc, "turnComplete");
  auto intr = get_bool(sc, "interrupted");
  auto wait = get_bool(sc, "waitingForInput");
  if (!in || !outt || !gen || !turn || !intr || !wait) return bad();
  out.input_transcription = std::move(*in);
  out.output_transcription = std::move(*outt);
  out.generation_complete = *gen;
  out.turn_complete = *turn;
  out.interrupted = *intr;
  out.waiting_for_input = *wait;
  return {};
}

std::error_code parse_tool_call(const json::object& tc, std::vector<ToolCall>& out) {
  const json::value* calls = tc.if_contains("functionCalls");
  if (!calls) return {};
  if (!calls->is_array()) return bad();
  for (const json::value& c : calls->get_array()) {
    if (!c.is_object()) return bad();
    auto id = get_string(c.get_object(), "id");
    auto name = get_string(c.get_object(), "name");
    if (!id || !name) return bad();
    std::string args = "{}";
    if (const json::value* a = c.get_object().if_contains("args")) {
      if (!a->is_object()) return bad();
      args = json::serialize(*a);
    }
    out.push_back(ToolCall{std::move(*id), std::move(*name), std::move(args)});
  }
  return {};
}

std::error_code parse_cancellation(const json::object& c, std::vector<std::string>& out) {
  const json::value* ids = c.if_contains("ids");
  if (!ids) return {};
  if (!ids->is_array()) return bad();
  for (const json::value& id : ids->get_array()) {
    if (!id.is_string()) return bad();
    out.emplace_back(id.get_string());
  }
  return {};
}

// The AUDIO entry of a per-modality list ([{"modality", "tokenCount"}], A6); 0 when absent.
core::Result<std::int64_t> audio_tokens(const json::object& u, std::string_view key) {
  const json::value* v = u.if_contains(key);
  if (!v || v->is_null()) return std::int64_t{0};
  if (!v->is_array()) return bad();
  std::int64_t audio = 0;
  for (const json::value& item : v->get_array()) {
    if (!item.is_object()) return bad();
    auto modality = get_string(item.get_object(), "modality");
    auto count = get_int(item.get_object(), "tokenCount");
    if (!modality || !count || *count < 0) return bad();
    if (*modality == "AUDIO") audio += *count;
  }
  return audio;
}

core::Result<UsageMetadata> parse_usage(const json::object& u) {
  auto prompt = get_int(u, "promptTokenCount");
  auto response = get_int(u, "responseTokenCount");
  auto total = get_int(u, "totalTokenCount");
  auto prompt_audio = audio_tokens(u, "promptTokensDetails");
  auto response_audio = audio_tokens(u, "responseTokensDetails");
  if (!prompt || !response || !total || !prompt_audio || !response_audio) return bad();
  UsageMetadata out;
  out.prompt_tokens = *prompt;
  out.response_tokens = *response;
  out.total_tokens = *total;
  out.prompt_audio_tokens = *prompt_audio;
  out.response_audio_tokens = *response_audio;
  return out;
}

std::error_code parse_object(const json::object& root, ServerMessage& m) {
  for (const auto& kv : root) {
    const std::string_view key = kv.key();
    const json::value& v = kv.value();
    if (key == "setupComplete") {
      if (!v.is_object()) return bad();
      m.setup_complete = true;
    } else if (key == "serverContent") {
      if (!v.is_object()) return bad();
      m.content.emplace();
      if (auto ec = parse_server_content(v.get_object(), *m.content)) return ec;
    } else if (key == "toolCall") {
      if (!v.is_object()) return bad();
      if (auto ec = parse_tool_call(v.get_object(), m.tool_calls)) return ec;
    } else if (key == "toolCallCancellation") {
      if (!v.is_object()) return bad();
      if (auto ec = parse_cancellation(v.get_object(), m.tool_cancellations)) return ec;
    } else if (key == "goAway") {
      if (!v.is_object()) return bad();
      auto left = get_string(v.get_object(), "timeLeft");
      if (!left) return left.error();
      if (left->empty()) {
        m.go_away = std::chrono::milliseconds(0);
      } else {
        auto d = parse_duration(*left);
        if (!d) return d.error();
        m.go_away = *d;
      }
    } else if (key == "sessionResumptionUpdate") {
      if (!v.is_object()) return bad();
      auto handle = get_string(v.get_object(), "newHandle");
      auto resumable = get_bool(v.get_object(), "resumable");
      if (!handle || !resumable) return bad();
      m.resumption = ResumptionUpdate{std::move(*handle), *resumable};
    } else if (key == "usageMetadata") {
      if (!v.is_object()) return bad();
      auto u = parse_usage(v.get_object());
      if (!u) return u.error();
      m.usage = *u;
    } else {
      m.unknown_fields.emplace_back(key);  // e.g. voiceActivity: ignored (A15)
    }
  }
  return {};
}

}  // namespace

core::Result<ServerMessage> parse_server_message(std::string_view text) {
  // The DOM lives only in this call (everything kept is copied out), so a message that fits
  // (a 20-60 ms audio part, a transcript, usage) is parsed without touching the heap.
  alignas(std::max_align_t) unsigned char arena[16384];
  json::monotonic_resource memory(arena, sizeof arena);
  boost::system::error_code ec;
  json::value root = json::parse(text, ec, &memory);
  if (ec) return make_error_code(Errc::MalformedJson);
  if (!root.is_object()) return bad();
  ServerMessage m;
  if (auto err = parse_object(root.get_object(), m)) return err;
  return m;
}

core::Result<std::chrono::milliseconds> parse_duration(std::string_view s) {
  if (s.size() < 2 || s.back() != 's') return bad();
  s.remove_suffix(1);
  std::int64_t whole = 0;
  auto dot = s.find('.');
  std::string_view int_part = s.substr(0, dot);
  if (int_part.empty() || int_part.size() > 12) return bad();
  auto [p, ec] = std::from_chars(int_part.data(), int_part.data() + int_part.size(), whole);
  if (ec != std::errc() || p != int_part.data() + int_part.size() || whole < 0) return bad();
  std::int64_t ms = whole * 1000;
  if (dot != std::string_view::npos) {
    std::string_view frac = s.substr(dot + 1);
    if (frac.empty() || frac.size() > 9) return bad();
    std::int64_t scale = 100;
    for (char c : frac) {
      if (c < '0' || c > '9') return bad();
      ms += (c - '0') * scale;
      scale /= 10;
    }
  }
  return std::chrono::milliseconds(ms);
}

std::optional<int> pcm_rate_from_mime(std::string_view mime) {
  constexpr std::string_view kPcm = "audio/pcm";
  if (mime.substr(0, kPcm.size()) != kPcm) return std::nullopt;
  auto pos = mime.find("rate=");
  if (pos == std::string_view::npos) return 24000;
  std::string_view num = mime.substr(pos + 5);
  num = num.substr(0, num.find(';'));
  int rate = 0;
  auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), rate);
  if (ec != std::errc() || p != num.data() + num.size() || rate < 1 || rate > 192000) {
    return std::nullopt;
  }
  return rate;
}

}  // namespace va::ai::gemini
