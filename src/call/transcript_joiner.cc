// TranscriptJoiner: fragments to lines (see transcript_joiner.h).
#include "call/transcript_joiner.h"

namespace va::call {

void TranscriptJoiner::add(const std::string& who, std::string_view text, bool finished) {
  const bool caller = who == "caller";
  if (!caller && !text.empty() && !agent_turn_open_) {
    agent_turn_open_ = true;
    close("caller");  // rule 3: the agent's turn starts
  }
  auto& line = caller ? caller_line_ : agent_line_;
  line += text;
  if (finished) close(who);
}

void TranscriptJoiner::close_all() {
  close("caller");
  close("agent");
  agent_turn_open_ = false;
}

void TranscriptJoiner::close(const std::string& who) {
  auto& line = who == "caller" ? caller_line_ : agent_line_;
  if (line.empty()) return;
  // Fragments carry their own spacing; trim the joined line.
  const auto first = line.find_first_not_of(" \t\n");
  const auto last = line.find_last_not_of(" \t\n");
  std::string done = first == std::string::npos ? "" : line.substr(first, last - first + 1);
  line.clear();
  if (!done.empty() && sink_) sink_(who, done);
}

}  // namespace va::call
