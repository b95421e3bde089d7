// `voiceagent sim`: runs the Gemini Live simulator (src/sim/) on loopback until SIGINT/SIGTERM.
#pragma once

#include <string>
#include <vector>

namespace va::app {

struct SimOptions {
  std::string listen = "127.0.0.1:9099";  // host:port, loopback only; port 0 = any
  std::vector<std::string> keys;          // --key (repeatable): valid keys; none = all valid
  std::string keys_file;                  // --keys-file: one key per line (# comments)
  std::vector<std::string> quota_keys;    // --quota-key: valid, then closed 1011 quota
  std::string mode = "tone";              // --mode tone|echo|scripted
  std::vector<std::string> script;        // --say (repeatable): scripted reply lines
  std::string log_path;                   // --log: JSON-lines session log
  std::string
      tls_cert;  // --tls-cert: PEM chain; with --tls-key, --listen serves wss:// and https://
  bool timing_log = false;       // --timing-log: audio onsets, reply starts, interrupted (latency)
  std::string tls_key;           // --tls-key: PEM private key of --tls-cert's leaf
  double lifetime_s = 600;       // --lifetime: connection cap, 0 = none
  double go_away_s = 50;         // --go-away: goAway timeLeft before the cap
  double setup_delay_s = 0.2;    // --setup-delay
  double reply_s = 1.0;          // --reply-length (tone replies)
  double burst = 2.0;            // --burst: output pace vs real time
  std::string tool_after_reply;  // --tool-after-reply: e.g. end_call after each reply
  // --analysis-invalid-json-key: a key whose post-call analysis answers are not JSON
  std::vector<std::string> analysis_invalid_json_keys;
  // --caller-phrase HZ=TEXT (repeatable): a caller utterance of that tone is transcribed as TEXT
  std::vector<std::string> caller_phrases;
  unsigned tool_after_reply_limit = 0;  // --tool-after-reply-limit: per session; 0 = no limit
  unsigned threads = 0;                 // --threads: simulator threads; 0 = one per core
  // OpenAI Realtime side (/v1/realtime): session cap, and faults after session.updated.
  double openai_lifetime_s = 3600;  // --openai-lifetime: close 1001 after this, 0 = none
  double openai_close_after_s = 0;  // --openai-close-after: close 1011 (mid-call), 0 = never
  double openai_stall_after_s = 0;  // --openai-stall-after: go silent, 0 = never
  // --lost-session-key KEY:TURNS (repeatable): Gemini sessions of KEY close 1011 after TURNS
  // turns and cannot be resumed (SimConfig::lost_session_keys).
  std::vector<std::string> lost_session_keys;
  // The stalling model (sim/stall_mode.h): --stall none|silent|zeros, --stall-after N
  // replies, --stall-until never|nudge|reconnect, --stall-key KEY[:MODE[:UNTIL]] (repeatable;
  // none = every key).
  std::string stall = "none";
  unsigned stall_after = 1;
  std::string stall_until = "never";
  std::vector<std::string> stall_keys;
};

// Returns the process exit code; prints the URL (without key) on stdout once listening.
int run_sim(const SimOptions& options);

}  // namespace va::app
