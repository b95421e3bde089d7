// ai::Errc: typed errors of an AI session (Gemini Live close codes, ai-live-protocols.md A12).
// The call acts on them: BadKey/BadModel/Quota are fatal configuration or account errors that
// must not be retried in a loop; ServerGone is transient (resume with back-off).
#pragma once

#include <system_error>

namespace va::ai {

enum class Errc {
  Ok = 0,
  BadUrl,           // the AI URL does not parse or is not ws:// or wss://
  InsecureUrl,      // ws:// (no TLS) to a host that is not loopback
  ConnectFailed,    // DNS, TCP or TLS failed (includes certificate verification)
  UpgradeRejected,  // HTTP upgrade refused with a status other than 429
  BadKey,           // close 1007 "API key not valid" / "API key expired"
  BadModel,         // close 1008 "models/<id> is not found ..."
  BadVoice,         // close 1007 "No matching speaker voice found"
  InvalidArgument,  // close 1007 with another reason (bad setup field, precondition)
  Quota,            // close 1011 "You exceeded your current quota" or HTTP 429 on upgrade
  ServerGone,       // the server closed (1000/1001/1006/1011 other) and we could not resume
  ResumeRejected,   // close 1008 "BidiGenerateContent session not found"
  SetupTimeout,     // no setupComplete within the setup timeout
  ProtocolError,    // a message that is JSON but not the Live protocol (wrong types)
  MalformedJson,    // a message that is not JSON at all
  MessageTooLarge,  // an incoming WebSocket message above the configured maximum
  Aborted,          // close 1008 with another reason ("The operation was aborted.")
};

const char* describe(Errc e);
// Fatal errors are configuration or account problems: retrying cannot help.
bool is_fatal(Errc e);
const std::error_category& ai_category();
std::error_code make_error_code(Errc e);

}  // namespace va::ai

template <>
struct std::is_error_code_enum<va::ai::Errc> : std::true_type {};
