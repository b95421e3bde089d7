// RecordingWriter: one thread writes every recording; many recordings at once each get exactly
// their own audio (byte-exact WAV files); a stalled disk never blocks a writer's caller (drops
// are counted); disk errors are reported; completion comes only once the file is whole.
#include "media/recording_writer.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <mutex>
#include <thread>
#include <vector>

namespace va::media {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

std::size_t thread_count() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator("/proc/self/task"))
    ++n;
  return n;
}

std::vector<char> file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void put_le(std::vector<char>& out, std::uint32_t v, int bytes) {
  for (int i = 0; i < bytes; ++i)
    out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

// The canonical 44-byte header of a 16-bit PCM stereo WAV, then the interleaved samples.
std::vector<char> expected_wav(int rate, const std::vector<std::int16_t>& interleaved) {
  std::vector<char> w;
  const auto data_bytes = static_cast<std::uint32_t>(interleaved.size() * 2);
  for (char c : std::string("RIFF"))
    w.push_back(c);
  put_le(w, 36 + data_bytes, 4);
  for (char c : std::string("WAVEfmt "))
    w.push_back(c);
  put_le(w, 16, 4);
  put_le(w, 1, 2);  // PCM
  put_le(w, 2, 2);  // channels
  put_le(w, static_cast<std::uint32_t>(rate), 4);
  put_le(w, static_cast<std::uint32_t>(rate) * 4, 4);  // byte rate
  put_le(w, 4, 2);                                     // block align
  put_le(w, 16, 2);                                    // bits per sample
  for (char c : std::string("data"))
    w.push_back(c);
  put_le(w, data_bytes, 4);
  for (auto s : interleaved)
    put_le(w, static_cast<std::uint16_t>(s), 2);
  return w;
}

class RecordingWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("va_recording_writer_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

// What recording `r` holds: both channels distinct from every other recording's and from each
// other, and from one sample to the next.
std::int16_t sample_of(int r, int ch, std::size_t i) {
  return static_cast<std::int16_t>((r * 613 + ch * 7919 + static_cast<int>(i) * 31) % 65536 -
                                   32768);
}

TEST_F(RecordingWriterTest, FiftyConcurrentRecordingsOnOneThreadEachHoldExactlyTheirOwnAudio) {
  constexpr int kRecordings = 50, kShards = 5;
  const std::size_t threads_before = thread_count();
  RecordingWriterConfig wc;
  wc.flush_interval = 20ms;
  RecordingWriter writer(wc);
  EXPECT_EQ(thread_count(), threads_before + 1) << "the writer is one thread";

  std::mutex mu;
  std::vector<RecordingResult> results;
  std::vector<std::unique_ptr<Recording>> recs;
  std::vector<int> rates;
  for (int r = 0; r < kRecordings; ++r) {
    RecordingConfig c;
    c.path = path("call" + std::to_string(r) + ".wav");
    c.sample_rate = r % 3 == 0 ? 16000 : 8000;
    c.queue_pieces = 1'000'000;  // this test checks content; overload has its own test
    c.on_finished = [&](const RecordingResult& res) {
      std::lock_guard lock(mu);
      results.push_back(res);
    };
    rates.push_back(c.sample_rate);
    recs.push_back(writer.open(std::move(c)));
  }
  EXPECT_EQ(thread_count(), threads_before + 1) << "no thread per recording";

  // Each "shard" owns every kShards-th recording and feeds its recordings in turn, piece by
  // piece, so pieces of all fifty interleave in the writer's queue. Piece sizes vary per
  // recording and channel; 2 s of audio each.
  auto shard = [&](int s) {
    std::vector<std::size_t> pos(kRecordings * 2, 0);
    std::vector<std::int16_t> piece;
    for (bool more = true; more;) {
      more = false;
      for (int r = s; r < kRecordings; r += kShards) {
        const auto total = static_cast<std::size_t>(rates[static_cast<std::size_t>(r)]) * 2;
        for (int ch = 0; ch < 2; ++ch) {
          auto& p = pos[static_cast<std::size_t>(r * 2 + ch)];
          if (p >= total) continue;
          const std::size_t n = std::min<std::size_t>(
              total - p, 80 + static_cast<std::size_t>((r + ch * 3) % 8) * 80);
          piece.resize(n);
          for (std::size_t i = 0; i < n; ++i)
            piece[i] = sample_of(r, ch, p + i);
          EXPECT_TRUE(
              recs[static_cast<std::size_t>(r)]->write(ch, static_cast<std::int64_t>(p), piece));
          p += n;
          more = true;
        }
      }
    }
    for (int r = s; r < kRecordings; r += kShards)
      recs[static_cast<std::size_t>(r)]->close();
  };
  std::vector<std::thread> shards;
  for (int s = 0; s < kShards; ++s)
    shards.emplace_back(shard, s);
  for (auto& t : shards)
    t.join();
  for (auto& rec : recs)
    ASSERT_TRUE(rec->wait_finished(10s));

  {
    std::lock_guard lock(mu);
    ASSERT_EQ(results.size(), static_cast<std::size_t>(kRecordings));
    for (const auto& res : results) {
      EXPECT_TRUE(res.complete) << res.path << ": " << res.error;
      EXPECT_EQ(res.pieces_dropped, 0u);
      EXPECT_EQ(res.pieces_late, 0u);
    }
  }
  for (int r = 0; r < kRecordings; ++r) {
    const int rate = rates[static_cast<std::size_t>(r)];
    std::vector<std::int16_t> interleaved(static_cast<std::size_t>(rate) * 2 * 2);
    for (std::size_t i = 0; i < interleaved.size() / 2; ++i) {
      interleaved[i * 2] = sample_of(r, 0, i);
      interleaved[i * 2 + 1] = sample_of(r, 1, i);
    }
    const auto& rec = recs[static_cast<std::size_t>(r)];
    EXPECT_TRUE(file_bytes(rec->path()) == expected_wav(rate, interleaved))
        << "recording " << r << " is not byte-exact";
    EXPECT_EQ(rec->stats().frames_written, static_cast<std::uint64_t>(rate) * 2);
  }
  const auto st = writer.stats();
  EXPECT_EQ(st.recordings_opened, static_cast<std::uint64_t>(kRecordings));
  EXPECT_EQ(st.recordings_finished, static_cast<std::uint64_t>(kRecordings));
  EXPECT_EQ(st.recordings_failed, 0u);
  EXPECT_EQ(st.recordings_open, 0u);
  EXPECT_EQ(st.pieces_dropped, 0u);
}

TEST_F(RecordingWriterTest, CompletionComesOnlyOnceTheFileIsWhole) {
  RecordingWriter writer;
  std::promise<std::pair<RecordingResult, std::vector<char>>> seen;
  RecordingConfig c;
  c.path = path("a.wav");
  c.on_finished = [&](const RecordingResult& r) { seen.set_value({r, file_bytes(r.path)}); };
  auto rec = writer.open(std::move(c));
  std::vector<std::int16_t> left(160), right(160);
  std::vector<std::int16_t> interleaved;
  for (int i = 0; i < 100; ++i) {  // 2 s, more than the hold-back: some is written before close
    for (std::size_t k = 0; k < 160; ++k) {
      left[k] = static_cast<std::int16_t>(i * 160 + static_cast<int>(k));
      right[k] = static_cast<std::int16_t>(-left[k]);
      interleaved.push_back(left[k]);
      interleaved.push_back(right[k]);
    }
    ASSERT_TRUE(rec->write(0, i * 160, left));
    ASSERT_TRUE(rec->write(1, i * 160, right));
  }
  rec->close();
  auto got = seen.get_future();
  ASSERT_EQ(got.wait_for(5s), std::future_status::ready);
  auto [result, bytes_then] = got.get();
  EXPECT_TRUE(result.complete) << result.error;
  EXPECT_EQ(result.path, path("a.wav"));
  EXPECT_EQ(result.frames, 16000u);
  EXPECT_TRUE(bytes_then == expected_wav(8000, interleaved)) << "file not whole at completion";
  ASSERT_TRUE(rec->wait_finished(5s));  // set once on_finished has returned
  EXPECT_TRUE(rec->stats().finished);
}

// Issue 20: a recording is the caller's conversation: 0600 from creation under umask 022.
TEST_F(RecordingWriterTest, ARecordingIsOwnerOnlyUnderTheUsualUmask) {
  const mode_t old = ::umask(022);
  RecordingWriter writer;
  RecordingConfig c;
  c.path = path("private.wav");
  auto rec = writer.open(std::move(c));
  ASSERT_TRUE(rec->write(0, 0, std::vector<std::int16_t>(160, 5)));
  rec->close();
  ASSERT_TRUE(rec->wait_finished(5s));
  ::umask(old);
  struct stat st {};
  ASSERT_EQ(::stat(path("private.wav").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_FALSE(file_bytes(path("private.wav")).empty());
}

TEST_F(RecordingWriterTest, WritesAfterCloseTooLargeOrOnABadChannelAreRefused) {
  RecordingWriter writer;
  auto rec = writer.open({path("b.wav"), 8000, 100, 2000ms, {}, {}});
  EXPECT_FALSE(rec->write(0, 0, std::vector<std::int16_t>(Recording::kMaxPiece + 1, 0)));
  EXPECT_FALSE(rec->write(2, 0, std::vector<std::int16_t>(10, 0)));
  EXPECT_EQ(rec->stats().pieces_dropped, 0u) << "refused, not dropped";
  rec->close();
  EXPECT_FALSE(rec->write(0, 0, std::vector<std::int16_t>(160, 0)));
  ASSERT_TRUE(rec->wait_finished(5s));
  EXPECT_EQ(rec->stats().pieces_dropped, 1u);
}

// A disk that does not answer: a FIFO nobody reads blocks the writer inside open(2). Callers
// keep writing to another recording; their writes return at once, beyond the bound they are
// dropped and counted, and once the disk answers everything queued before is written.
TEST_F(RecordingWriterTest, AStalledDiskNeverBlocksCallersWhoDropAndCountInstead) {
  const auto fifo = path("stalled.fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  RecordingWriterConfig wc;
  wc.flush_interval = 5ms;
  RecordingWriter writer(wc);
  // Whatever happens below, the writer is let out of open(2) before it is joined.
  struct Unblock {
    std::string fifo;
    ~Unblock() {
      if (const int fd = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK); fd >= 0) ::close(fd);
    }
  } unblock{fifo};
  std::promise<RecordingResult> stalled_done;
  RecordingConfig sc;
  sc.path = fifo;
  sc.on_finished = [&](const RecordingResult& r) { stalled_done.set_value(r); };
  auto stalled = writer.open(std::move(sc));
  // Wait (bounded) until the writer has taken that open job: it then sits in open(2) on the
  // FIFO and takes nothing more until it returns.
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (writer.stats().wakeups == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(1ms);
  ASSERT_GT(writer.stats().wakeups, 0u);

  RecordingConfig c;
  c.path = path("busy.wav");
  c.queue_pieces = 25;
  auto busy = writer.open(std::move(c));
  const std::vector<std::int16_t> s(160, 7);
  int accepted = 0;
  auto slowest = std::chrono::nanoseconds(0);
  for (int i = 0; i < 500; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    accepted += busy->write(0, i * 160, s) ? 1 : 0;
    slowest = std::max(slowest, std::chrono::steady_clock::now() - t0);
  }
  EXPECT_LT(slowest, 50ms) << "a write waited on the stalled writer";
  EXPECT_EQ(accepted, 25);
  EXPECT_EQ(busy->stats().pieces_dropped, 475u);
  EXPECT_EQ(writer.stats().pieces_dropped, 475u);
  busy->close();

  // The disk answers (a reader appears); WAV cannot go to a pipe, so that file fails. The busy
  // recording's jobs come after it in the queue: once it is finished, so is the open.
  const int fd = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(busy->wait_finished(5s));
  ::close(fd);
  EXPECT_EQ(busy->stats().frames_written, 25u * 160);
  EXPECT_TRUE(stalled->stats().open_failed);
  stalled->close();
  auto f = stalled_done.get_future();
  ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
  EXPECT_FALSE(f.get().complete);
}

TEST_F(RecordingWriterTest, AnUncreatableFileIsReportedAndOthersGoOn) {
  RecordingWriter writer;
  std::promise<RecordingResult> bad_done;
  RecordingConfig bc;
  bc.path = "/nonexistent-dir/x/y.wav";
  bc.on_finished = [&](const RecordingResult& r) { bad_done.set_value(r); };
  auto bad = writer.open(std::move(bc));
  auto good = writer.open({path("good.wav"), 8000, 100, 2000ms, {}, {}});
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!bad->stats().open_failed && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(1ms);
  EXPECT_TRUE(bad->stats().open_failed);
  EXPECT_FALSE(bad->write(0, 0, std::vector<std::int16_t>(160, 1)));
  EXPECT_TRUE(good->write(0, 0, std::vector<std::int16_t>(160, 1)));
  bad->close();
  good->close();
  auto f = bad_done.get_future();
  ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
  const auto r = f.get();
  EXPECT_FALSE(r.complete);
  EXPECT_FALSE(r.error.empty());
  ASSERT_TRUE(good->wait_finished(5s));
  EXPECT_EQ(good->stats().frames_written, 160u);
  EXPECT_EQ(writer.stats().recordings_failed, 1u);
}

// A disk that fills up mid-recording: RLIMIT_FSIZE makes write(2) fail with EFBIG (in a child
// process, so the limit touches nothing else).
void record_past_a_file_size_limit(const std::string& file) {
  rlimit limit{20000, 20000};
  ::signal(SIGXFSZ, SIG_IGN);
  if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) std::_Exit(3);
  RecordingWriter writer;
  std::promise<RecordingResult> done;
  RecordingConfig c;
  c.path = file;
  c.hold_back = 0ms;
  c.on_finished = [&](const RecordingResult& r) { done.set_value(r); };
  auto rec = writer.open(std::move(c));
  const std::vector<std::int16_t> s(160, 3);
  for (int i = 0; i < 250; ++i)  // 5 s = 160 kB, far past the limit
    rec->write(0, i * 160, s);
  rec->close();
  auto f = done.get_future();
  if (f.wait_for(5s) != std::future_status::ready) std::_Exit(4);
  const auto r = f.get();
  if (r.complete || r.error.empty() || !rec->stats().write_failed) std::_Exit(5);
  std::fprintf(stderr, "reported: %s\n", r.error.c_str());
  std::_Exit(0);
}

TEST_F(RecordingWriterTest, AFullDiskMidRecordingIsReportedNotFatal) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(record_past_a_file_size_limit(path("full.wav")), ::testing::ExitedWithCode(0),
              "reported: write failed");
}

TEST_F(RecordingWriterTest, StopFinishesOpenRecordingsAndLaterUseIsSafe) {
  auto writer = std::make_unique<RecordingWriter>();
  std::promise<RecordingResult> done;
  RecordingConfig c;
  c.path = path("open.wav");
  c.on_finished = [&](const RecordingResult& r) { done.set_value(r); };
  auto rec = writer->open(std::move(c));
  ASSERT_TRUE(rec->write(0, 0, std::vector<std::int16_t>(160, 11)));
  writer->stop();  // not closed by its owner: finished by stop()
  auto f = done.get_future();
  ASSERT_EQ(f.wait_for(0s), std::future_status::ready);
  EXPECT_TRUE(f.get().complete);
  EXPECT_EQ(file_bytes(path("open.wav")).size(), 44u + 160 * 4);
  EXPECT_FALSE(rec->write(0, 160, std::vector<std::int16_t>(160, 11)));

  bool reported = false;
  RecordingConfig late;
  late.path = path("late.wav");
  late.on_finished = [&](const RecordingResult& r) { reported = !r.complete; };
  auto after = writer->open(std::move(late));
  EXPECT_TRUE(reported) << "open() after stop() reports at once";
  writer.reset();  // handles outlive the writer
  rec->close();
  after->close();
  EXPECT_FALSE(fs::exists(path("late.wav")));
}

}  // namespace
}  // namespace va::media
