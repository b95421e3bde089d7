// TranscriptJoiner: the AI session's transcription fragments of one call joined into lines
// (call.h rule 4). Fragments of one speaker are appended until that speaker's segment closes,
// at a turn boundary only (ai-live-protocols.md A6):
//  1. `finished` (optional on the wire) closes that speaker's segment;
//  2. the AI's turn end (turnComplete, generationComplete, interrupted) closes both, the
//     caller's first;
//  3. the agent's turn start (its first fragment after a turn end) closes the caller's segment.
// A fragment of the other speaker inside a turn closes nothing: the caller's transcription is
// not ordered with the model's output and lands inside the model's turn (A6), and the model's
// fragments are many and small. A closed segment, trimmed, becomes one line unless it is empty.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace va::call {

class TranscriptJoiner {
 public:
  // Gets each finished line: who = "caller" | "agent".
  using LineSink = std::function<void(const std::string& who, const std::string& text)>;

  explicit TranscriptJoiner(LineSink sink) : sink_(std::move(sink)) {}

  // One fragment from `who` ("caller" or "agent").
  void add(const std::string& who, std::string_view text, bool finished);
  // Closes both speakers' segments (the AI's turn ended, or the call did).
  void close_all();

 private:
  void close(const std::string& who);

  LineSink sink_;
  std::string caller_line_;  // fragments not yet finished
  std::string agent_line_;
  bool agent_turn_open_ = false;  // the agent spoke since the last turn end (rule 3)
};

}  // namespace va::call
