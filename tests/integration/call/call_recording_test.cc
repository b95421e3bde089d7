// Call recordings end to end in one process, wired as `voiceagent serve` wires them: one
// media::RecordingWriter passed to the CallManager, our SIP stack against a simulated gateway
// (real SIP and RTP on loopback), the Gemini Live simulator, a real SQLite store. Each call's
// file holds its own caller (left) and its own AI (right) and nothing of another call; the
// record points at the file only once the file is whole.
#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <filesystem>
#include <future>

#include "call_stack_fixture.h"
#include "media/tone_detector.h"

namespace va::call {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

struct Wav {
  SF_INFO info{};
  std::vector<std::int16_t> left, right;
};

Wav read_wav(const std::string& path) {
  Wav w;
  SNDFILE* f = sf_open(path.c_str(), SFM_READ, &w.info);
  if (!f) return w;
  std::vector<std::int16_t> data(static_cast<std::size_t>(w.info.frames) * 2);
  sf_readf_short(f, data.data(), w.info.frames);
  sf_close(f);
  for (std::size_t i = 0; i + 1 < data.size(); i += 2) {
    w.left.push_back(data[i]);
    w.right.push_back(data[i + 1]);
  }
  return w;
}

// Level of each frequency relative to the whole signal (dB); -120 when absent.
std::vector<double> levels(const std::vector<std::int16_t>& pcm, const std::vector<double>& hz) {
  media::ToneDetector tones(8000, hz);
  tones.feed(pcm);
  std::vector<double> out;
  for (std::size_t i = 0; i < hz.size(); ++i) {
    const double v = tones.relative_db(i);
    out.push_back(std::isfinite(v) ? v : -120.0);
  }
  return out;
}

class CallRecordingTest : public CallStackTest {
 protected:
  void SetUp() override {
    start({.name = "va_call_recording",
           .lines = {{"1001", 440}, {"1002", 700}, {"1486", 0, false, 486}},
           .sim =
               [] {
                 sim::SimConfig c;
                 c.mode = sim::ReplyMode::Tone;
                 c.keys = {kKeyA, kKeyB};
                 c.setup_delay = 50ms;
                 return c;
               }(),
           .port_min = 45000,
           .master_key_byte = 5,
           .shared_recorder = true});  // as app/serve_command.cc: one per process
  }
};

TEST_F(CallRecordingTest, TwoCallsAtOnceEachRecordOnlyTheirOwnCallerAndTheirOwnAi) {
  auto a = std::async(std::launch::async, [&] {
    return manager_->place_call({alice_, "1001", 0, 0, std::nullopt});
  });
  auto b = std::async(std::launch::async, [&] {
    return manager_->place_call({bob_, "1002", 0, 0, std::nullopt});
  });
  const auto ida = a.get().value();
  const auto idb = b.get().value();
  wait_status(ida, "active");
  wait_status(idb, "active");
  // The 3.7 s greeting, then the AI's tone answers the caller's.
  std::this_thread::sleep_for(6s);
  EXPECT_EQ(recordings_->stats().recordings_open, 2u) << "both recordings on the one writer";
  manager_->hangup(ida);
  manager_->hangup(idb);
  const auto has_path = [](const crm::Call& c) { return !c.recording_path.empty(); };
  const auto ra = wait_record(ida, has_path, "recording path never set");
  const auto rb = wait_record(idb, has_path, "recording path never set");
  EXPECT_EQ(ra.status, crm::CallStatus::Ended);
  EXPECT_EQ(rb.status, crm::CallStatus::Ended);
  EXPECT_EQ(ra.recording_path,
            (fs::path(settings_.recordings_dir) / (std::to_string(ida) + ".wav")).string());
  const auto st = recordings_->stats();
  EXPECT_EQ(st.recordings_finished, 2u);
  EXPECT_EQ(st.recordings_failed, 0u);
  EXPECT_EQ(st.pieces_dropped, 0u);

  const double fa = sim::tone_frequency_for_key(kKeyA);
  const double fb = sim::tone_frequency_for_key(kKeyB);
  struct Expect {
    const crm::Call& record;
    double caller, other_caller, ai, other_ai;
  };
  for (const Expect& e : {Expect{ra, 440, 700, fa, fb}, Expect{rb, 700, 440, fb, fa}}) {
    SCOPED_TRACE(e.record.recording_path);
    // Whole when the record points at it: the header's length matches the file's.
    const auto w = read_wav(e.record.recording_path);
    ASSERT_EQ(w.info.channels, 2);
    EXPECT_EQ(w.info.samplerate, 8000);
    EXPECT_EQ(fs::file_size(e.record.recording_path),
              44u + static_cast<std::uintmax_t>(w.info.frames) * 4);
    EXPECT_GT(w.info.frames, 8000 * 5);
    const auto left = levels(w.left, {e.caller, e.other_caller, e.ai, e.other_ai});
    const auto right = levels(w.right, {e.ai, e.other_ai, e.caller, e.other_caller});
    EXPECT_GT(left[0], -10.0) << "its caller is not on the left";
    EXPECT_LT(left[1], left[0] - 30.0) << "the other call's caller is on the left";
    EXPECT_LT(left[3], left[0] - 30.0) << "the other call's AI is on the left";
    EXPECT_GT(right[0], -20.0) << "its AI is not on the right";
    EXPECT_LT(right[1], right[0] - 20.0) << "the other call's AI is on the right";
    EXPECT_LT(right[3], right[0] - 20.0) << "the other call's caller is on the right";
  }
}

TEST_F(CallRecordingTest, ACallNeverAnsweredLeavesNoRecording) {
  const auto id = manager_->place_call({alice_, "1486", 0, 0, std::nullopt}).value();
  const auto r = wait_status(id, "ended");
  EXPECT_EQ(r.outcome, "busy");
  EXPECT_TRUE(r.recording_path.empty());
  EXPECT_FALSE(fs::exists(fs::path(settings_.recordings_dir) / (std::to_string(id) + ".wav")));
  EXPECT_EQ(recordings_->stats().recordings_opened, 0u);
}

}  // namespace
}  // namespace va::call
