// ProviderFailover: which failures switch provider, once, with the conversation so far
// (provider_failover.h rules).
#include "call/provider_failover.h"

#include "ai/errc.h"

namespace va::call {

// Rule 5: one name per kind of failure, as an operator reads it on /metrics.
std::string ProviderFailover::reason_for(std::error_code code) {
  if (code.category() != ai::ai_category()) return {};  // rule 1: not the provider's word
  switch (static_cast<ai::Errc>(code.value())) {
    case ai::Errc::Ok:
      return {};
    case ai::Errc::BadKey:
      return "bad_key";
    case ai::Errc::Quota:
      return "quota";
    case ai::Errc::BadUrl:
    case ai::Errc::InsecureUrl:
    case ai::Errc::ConnectFailed:
    case ai::Errc::UpgradeRejected:
      return "unreachable";
    case ai::Errc::SetupTimeout:
      return "setup_timeout";
    case ai::Errc::BadModel:
    case ai::Errc::BadVoice:
    case ai::Errc::InvalidArgument:
      return "setup_rejected";
    case ai::Errc::ServerGone:
    case ai::Errc::ResumeRejected:
    case ai::Errc::Aborted:
      return "closed";
    case ai::Errc::ProtocolError:
    case ai::Errc::MalformedJson:
    case ai::Errc::MessageTooLarge:
      return "protocol";
  }
  return "error";
}

bool ProviderFailover::can_switch(const std::string& reason) const {
  return enabled_ && target_.has_value() && !switched_ && !reason.empty();
}

std::optional<FailoverTarget> ProviderFailover::take(const std::string& reason, bool mid_call) {
  if (!can_switch(reason)) return std::nullopt;
  switched_ = true;
  auto target = std::move(*target_);
  target_.reset();
  if (mid_call) target.ai.system_instruction = context_instruction(target.ai.system_instruction);
  return target;
}

void ProviderFailover::remember(const std::string& who, const std::string& text) {
  if (text.empty() || (who != "caller" && who != "agent")) return;
  said_.push_back(Line{who == "caller", text});
  said_chars_ += text.size();
  while (said_chars_ > kMaxContextChars && said_.size() > 1) {
    said_chars_ -= said_.front().text.size();
    said_.pop_front();
  }
}

std::string ProviderFailover::context_instruction(const std::string& base) const {
  std::string out = base;
  if (!out.empty()) out += "\n\n";
  out +=
      "You are taking over this phone call from another assistant that had a technical "
      "problem; the caller has just been asked to wait a moment.";
  if (!said_.empty()) {
    out += " The phone conversation so far (caller: the person on the phone; agent: you):\n";
    for (const auto& l : said_) {
      out += l.caller ? "caller: " : "agent: ";
      out += l.text;
      out += '\n';
    }
  } else {
    out += '\n';
  }
  out += "Continue the conversation from there; do not greet the caller again.";
  return out;
}

std::string failover_line(const std::string& from, const std::string& to,
                          const std::string& reason) {
  return "failover: " + from + " -> " + to + ": " + reason;
}

}  // namespace va::call
