// WavRecorder: the writer thread and its placement rules (see the header).
#include "media/wav_recorder.h"

#include <sndfile.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace va::media {

struct WavRecorder::Shared {
  struct Piece {
    int channel = 0;
    std::int64_t at = 0;
    std::uint16_t size = 0;
    std::array<std::int16_t, kMaxPiece> samples;
  };

  explicit Shared(WavRecorderConfig c) : config(std::move(c)) {}

  const WavRecorderConfig config;
  mutable std::mutex mutex;
  std::condition_variable wake;      // the writer: pieces or close
  std::condition_variable finished;  // wait_closed()
  std::deque<Piece> queue;           // guarded by mutex
  bool closing = false;              // guarded by mutex
  bool done = false;                 // guarded by mutex
  WavRecorderStats stats;            // guarded by mutex
};

namespace {

// The writer thread's state: two channels buffered from `base` on.
class Mixer {
 public:
  Mixer(SNDFILE* file, std::int64_t hold_back) : file_(file), hold_back_(hold_back) {}

  // Returns false when the piece was (wholly) late.
  bool place(int ch, std::int64_t at, std::span<const std::int16_t> s) {
    auto& cursor = cursor_[ch];
    if (at >= cursor - WavRecorder::kSnap && at <= cursor + WavRecorder::kSnap) at = cursor;
    if (at < base_) {
      const std::int64_t skip = base_ - at;
      if (skip >= static_cast<std::int64_t>(s.size())) return false;
      s = s.subspan(static_cast<std::size_t>(skip));
      at = base_;
    }
    auto& buf = buf_[ch];
    const auto offset = static_cast<std::size_t>(at - base_);
    if (buf.size() < offset + s.size()) buf.resize(offset + s.size(), 0);
    std::copy(s.begin(), s.end(), buf.begin() + static_cast<std::ptrdiff_t>(offset));
    cursor = at + static_cast<std::int64_t>(s.size());
    newest_ = std::max(newest_, cursor);
    return true;
  }

  // Rule 3 (or everything, at close). Returns false when the disk write failed.
  bool write_out(bool all) {
    const std::int64_t upto = all ? newest_ : newest_ - hold_back_;
    if (upto <= base_) return true;
    const auto n = static_cast<std::size_t>(upto - base_);
    interleaved_.assign(n * 2, 0);
    for (int ch = 0; ch < 2; ++ch) {
      const auto m = std::min(n, buf_[ch].size());
      for (std::size_t i = 0; i < m; ++i)
        interleaved_[i * 2 + static_cast<std::size_t>(ch)] = buf_[ch][i];
      buf_[ch].erase(buf_[ch].begin(), buf_[ch].begin() + static_cast<std::ptrdiff_t>(m));
    }
    base_ = upto;
    written_ += n;
    if (!file_) return true;
    return sf_writef_short(file_, interleaved_.data(), static_cast<sf_count_t>(n)) ==
           static_cast<sf_count_t>(n);
  }

  std::uint64_t written() const { return written_; }

 private:
  SNDFILE* file_;
  std::int64_t hold_back_;
  std::int64_t base_ = 0;
  std::int64_t newest_ = 0;
  std::array<std::int64_t, 2> cursor_{};
  std::array<std::vector<std::int16_t>, 2> buf_;
  std::vector<std::int16_t> interleaved_;
  std::uint64_t written_ = 0;
};

void run_writer(const std::shared_ptr<WavRecorder::Shared>& shared) {
  const auto& config = shared->config;
  SF_INFO info{};
  info.samplerate = config.sample_rate;
  info.channels = 2;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  SNDFILE* file = sf_open(config.path.c_str(), SFM_WRITE, &info);
  const std::int64_t hold_back = config.hold_back.count() * config.sample_rate / 1000;
  Mixer mixer(file, hold_back);
  std::deque<WavRecorder::Shared::Piece> batch;
  std::uint64_t late = 0;
  bool write_failed = false;
  bool closing = false;
  {
    std::lock_guard lock(shared->mutex);
    shared->stats.open_failed = file == nullptr;
  }
  while (!closing) {
    {
      std::unique_lock lock(shared->mutex);
      shared->wake.wait(lock, [&] { return !shared->queue.empty() || shared->closing; });
      batch.swap(shared->queue);
      closing = shared->closing;
    }
    for (const auto& p : batch) {
      if (!mixer.place(p.channel, p.at, {p.samples.data(), p.size})) ++late;
    }
    batch.clear();
    write_failed |= !mixer.write_out(closing);
    std::lock_guard lock(shared->mutex);
    shared->stats.pieces_late = late;
    shared->stats.frames_written = mixer.written();
    shared->stats.write_failed = write_failed;
  }
  if (file) sf_close(file);
  std::lock_guard lock(shared->mutex);
  shared->done = true;
  shared->finished.notify_all();
}

}  // namespace

std::unique_ptr<WavRecorder> WavRecorder::start(WavRecorderConfig config) {
  auto shared = std::make_shared<Shared>(std::move(config));
  // Detached: a finishing writer must never hold up the shard that closed it; the thread
  // owns the shared state, and wait_closed() is how a caller that may wait does so.
  std::thread([shared] { run_writer(shared); }).detach();
  return std::unique_ptr<WavRecorder>(new WavRecorder(std::move(shared)));
}

WavRecorder::WavRecorder(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}

WavRecorder::~WavRecorder() {
  close();
}

bool WavRecorder::write(int channel, std::int64_t at, std::span<const std::int16_t> samples) {
  if (channel < 0 || channel > 1 || samples.size() > kMaxPiece) return false;
  std::lock_guard lock(shared_->mutex);
  if (shared_->closing || shared_->stats.open_failed ||
      shared_->queue.size() >= shared_->config.queue_frames) {
    ++shared_->stats.pieces_dropped;
    return false;
  }
  auto& p = shared_->queue.emplace_back();
  p.channel = channel;
  p.at = at;
  p.size = static_cast<std::uint16_t>(samples.size());
  std::copy(samples.begin(), samples.end(), p.samples.begin());
  ++shared_->stats.pieces_queued;
  if (shared_->queue.size() == 1) shared_->wake.notify_one();
  return true;
}

void WavRecorder::close() {
  std::lock_guard lock(shared_->mutex);
  if (shared_->closing) return;
  shared_->closing = true;
  shared_->wake.notify_one();
}

bool WavRecorder::wait_closed(std::chrono::milliseconds timeout) {
  std::unique_lock lock(shared_->mutex);
  return shared_->finished.wait_for(lock, timeout, [&] { return shared_->done; });
}

WavRecorderStats WavRecorder::stats() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->stats;
}

int WavRecorder::sample_rate() const {
  return shared_->config.sample_rate;
}

}  // namespace va::media
