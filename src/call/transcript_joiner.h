// TranscriptJoiner: the AI session's transcription fragments of one call joined into lines
// (call.h rule 4). Fragments of one speaker are appended until that speaker's segment closes:
// at `finished` (optional on the wire), when the other speaker says something, or at the
// AI's turn end. A closed segment, trimmed, becomes one line unless it is empty.
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
};

}  // namespace va::call
