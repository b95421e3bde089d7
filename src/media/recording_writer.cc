// RecordingWriter: the shared queue, the handles that feed it and the one writer thread that
// drains it into WAV files (rules in the header).
#include "media/recording_writer.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <pthread.h>
#include <sndfile.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/mutex.h"
#include "core/private_files.h"
#include "media/recording_timeline.h"

namespace va::media {

// What the handle and the writer share about one recording.
struct Recording::State {
  explicit State(RecordingConfig c) : config(std::move(c)) {}

  const RecordingConfig config;
  std::atomic<std::uint64_t> queued{0};
  std::atomic<std::uint64_t> dropped{0};
  std::atomic<std::uint64_t> in_flight{0};  // queued pieces the writer has not taken yet
  std::atomic<std::uint64_t> late{0};
  std::atomic<std::uint64_t> frames{0};
  std::atomic<bool> open_failed{false};
  std::atomic<bool> write_failed{false};
  bool finished = false;  // guarded by Queue::mutex
};

namespace {

enum class JobKind : std::uint8_t { Open, Piece, Close };

struct Job {
  Recording::State* rec = nullptr;  // kept alive by the writer's table from its Open job on
  std::int64_t at = 0;
  std::size_t offset = 0;  // into the batch's samples
  std::uint16_t size = 0;
  std::uint8_t channel = 0;
  JobKind kind = JobKind::Piece;
};

// One swap's worth of work: the producers fill one, the writer drains the other.
struct Batch {
  std::vector<Job> jobs;
  std::vector<std::int16_t> samples;
  std::vector<std::shared_ptr<Recording::State>> opens;  // one per Open job, in order
  void clear() {
    jobs.clear();
    samples.clear();
    opens.clear();
  }
};

std::chrono::nanoseconds thread_cpu_time() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

}  // namespace

struct Recording::Queue {
  explicit Queue(RecordingWriterConfig c) : config(c) {}

  // Rule 2 for the whole queue. False when full or stopping.
  bool push_piece(State* rec, int channel, std::int64_t at, std::span<const std::int16_t> s) {
    core::MutexLock lock(mutex);
    if (stopping || queued_samples + s.size() > config.max_queued_samples) return false;
    pending.jobs.push_back({rec, at, pending.samples.size(), static_cast<std::uint16_t>(s.size()),
                            static_cast<std::uint8_t>(channel), JobKind::Piece});
    pending.samples.insert(pending.samples.end(), s.begin(), s.end());
    queued_samples += s.size();
    if (!urgent && queued_samples >= config.max_queued_samples / 2) {
      urgent = true;
      wake.notify_one();
    }
    return true;
  }

  // Open and Close jobs wake the writer at once; false when stopping (stop() finishes it).
  bool push_control(JobKind kind, std::shared_ptr<State> rec) {
    core::MutexLock lock(mutex);
    if (stopping) return false;
    pending.jobs.push_back({rec.get(), 0, 0, 0, 0, kind});
    if (kind == JobKind::Open) pending.opens.push_back(std::move(rec));
    urgent = true;
    wake.notify_one();
    return true;
  }

  const RecordingWriterConfig config;
  mutable core::Mutex mutex;
  std::condition_variable wake;              // the writer: urgent work or stop
  mutable std::condition_variable finished;  // Recording::wait_finished
  Batch pending GUARDED_BY(mutex);
  std::size_t queued_samples GUARDED_BY(mutex) = 0;
  bool urgent GUARDED_BY(mutex) = false;
  bool stopping GUARDED_BY(mutex) = false;
  std::atomic<bool> stopped{false};  // stopping, readable without the lock

  std::atomic<std::uint64_t> opened{0}, finished_count{0}, failed{0}, open_now{0}, written{0},
      dropped{0}, frames{0}, wakeups{0}, cpu_ns{0};
};

namespace {

// The writer thread's own view of one open recording.
struct OpenFile {
  std::shared_ptr<Recording::State> state;
  SNDFILE* file = nullptr;
  RecordingTimeline timeline;
  std::string error;  // the first disk error; the file is then no longer written
};

class Writer {
 public:
  static constexpr std::chrono::milliseconds kMinWrite{500};

  explicit Writer(Recording::Queue& q) : q_(q) {}

  void run() {
    pthread_setname_np(pthread_self(), "va-recorder");
    for (bool stop = false; !stop;) {
      stop = take();
      for (std::size_t i = 0, open = 0; i < batch_.jobs.size(); ++i) {
        const Job& j = batch_.jobs[i];
        if (j.kind == JobKind::Open) {
          open_file(std::move(batch_.opens[open++]));
        } else if (auto it = files_.find(j.rec); it == files_.end()) {
          continue;
        } else if (j.kind == JobKind::Piece) {
          place(it->second, j);
        } else {
          finish(it);
        }
      }
      batch_.clear();
      for (auto& [rec, f] : files_)
        write_final(f, false);
      if (stop) {
        while (!files_.empty())
          finish(files_.begin());
      }
      q_.open_now = files_.size();
      q_.cpu_ns = static_cast<std::uint64_t>(thread_cpu_time().count());
    }
  }

 private:
  // Waits for work (rule 3) and swaps the queue out; returns true once stop() was asked.
  bool take() {
    core::MutexLock lock(q_.mutex);
    if (files_.empty() && q_.pending.jobs.empty()) {
      while (!q_.urgent && !q_.stopping)
        lock.wait(q_.wake);
    } else {
      const auto deadline = std::chrono::steady_clock::now() + q_.config.flush_interval;
      while (!q_.urgent && !q_.stopping &&
             lock.wait_until(q_.wake, deadline) == std::cv_status::no_timeout) {
      }
    }
    std::swap(batch_, q_.pending);
    q_.queued_samples = 0;
    q_.urgent = false;
    ++q_.wakeups;
    return q_.stopping;
  }

  void open_file(std::shared_ptr<Recording::State> state) {
    const auto& c = state->config;
    SF_INFO info{};
    info.samplerate = c.sample_rate;
    info.channels = 2;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    const std::int64_t hold_back = c.hold_back.count() * c.sample_rate / 1000;
    // Owner-only from creation (a call's conversation); libsndfile closes the fd. Write-only,
    // as libsndfile's own SFM_WRITE open: O_RDWR would not wait for a stalled FIFO/device.
    const int fd = core::open_private_file(c.path, O_WRONLY | O_TRUNC);
    const std::string open_error = fd < 0 ? std::strerror(errno) : "";
    SNDFILE* file = fd >= 0 ? sf_open_fd(fd, SFM_WRITE, &info, SF_TRUE) : nullptr;
    OpenFile f{state, file, RecordingTimeline(hold_back), {}};
    if (!f.file) {
      f.error = fd < 0 ? open_error : sf_strerror(nullptr);
      if (fd >= 0) ::close(fd);
      state->open_failed = true;
      VA_LOG(c.log, warn, "recording {}: cannot create the file: {}", c.path, f.error);
    }
    Recording::State* key = state.get();
    files_.emplace(key, std::move(f));
  }

  void place(OpenFile& f, const Job& j) {
    f.state->in_flight.fetch_sub(1, std::memory_order_relaxed);
    if (!f.error.empty()) return;
    ++q_.written;
    if (!f.timeline.place(j.channel, j.at, {batch_.samples.data() + j.offset, j.size})) {
      f.state->late.fetch_add(1, std::memory_order_relaxed);
    }
  }

  // Final audio goes to the disk in runs of at least kMinWrite (all of it at the end): a few
  // large writes per second per file instead of one per batch.
  void write_final(OpenFile& f, bool all) {
    if (!f.error.empty()) return;
    if (!all && f.timeline.ready() < f.state->config.sample_rate * kMinWrite.count() / 1000) return;
    const auto n = static_cast<sf_count_t>(f.timeline.take(all, frames_));
    if (n == 0) return;
    if (sf_writef_short(f.file, frames_.data(), n) != n) {
      fail(f, "write failed");
      return;
    }
    f.state->frames.fetch_add(static_cast<std::uint64_t>(n), std::memory_order_relaxed);
    q_.frames += static_cast<std::uint64_t>(n);
  }

  void fail(OpenFile& f, const char* what) {
    f.error = fmt::format("{}: {}", what, sf_strerror(f.file));
    f.state->write_failed = true;
    VA_LOG(f.state->config.log, warn, "recording {}: {} (the file is no longer written)",
           f.state->config.path, f.error);
  }

  // Rule 4 (or 5): the rest of the audio, the header, the report.
  void finish(std::unordered_map<Recording::State*, OpenFile>::iterator it) {
    OpenFile& f = it->second;
    write_final(f, true);
    if (f.file && sf_close(f.file) != 0 && f.error.empty()) fail(f, "close failed");
    const auto& c = f.state->config;
    RecordingResult r;
    r.path = c.path;
    r.complete = f.error.empty();
    r.error = f.error;
    r.frames = f.state->frames.load();
    r.pieces_dropped = f.state->dropped.load();
    r.pieces_late = f.state->late.load();
    if (r.complete) {
      VA_LOG(c.log, info, "recording {} finished: {:.1f} s, {} pieces dropped, {} late", c.path,
             static_cast<double>(r.frames) / c.sample_rate, r.pieces_dropped, r.pieces_late);
    }
    ++q_.finished_count;
    if (!r.complete) ++q_.failed;
    auto state = std::move(f.state);  // keeps `c` alive
    files_.erase(it);
    if (c.on_finished) c.on_finished(r);
    core::MutexLock lock(q_.mutex);
    state->finished = true;
    q_.finished.notify_all();
  }

  Recording::Queue& q_;
  Batch batch_;
  std::unordered_map<Recording::State*, OpenFile> files_;
  std::vector<std::int16_t> frames_;  // interleaved output, reused
};

}  // namespace

// ---- Recording ----

Recording::Recording(std::shared_ptr<Queue> queue, std::shared_ptr<State> state)
    : queue_(std::move(queue)), state_(std::move(state)) {}

Recording::~Recording() {
  close();
}

bool Recording::write(int channel, std::int64_t at, std::span<const std::int16_t> samples) {
  if (channel < 0 || channel > 1 || samples.size() > kMaxPiece) return false;
  if (samples.empty()) return true;
  auto& s = *state_;
  if (closed_ || s.open_failed.load(std::memory_order_relaxed) || queue_->stopped.load()) {
    return drop(false);
  }
  if (s.in_flight.load(std::memory_order_relaxed) >= s.config.queue_pieces) return drop(true);
  s.in_flight.fetch_add(1, std::memory_order_relaxed);  // before the writer can take it
  if (!queue_->push_piece(&s, channel, at, samples)) {
    s.in_flight.fetch_sub(1, std::memory_order_relaxed);
    return drop(true);
  }
  s.queued.fetch_add(1, std::memory_order_relaxed);
  dropping_ = false;
  return true;
}

bool Recording::drop(bool overload) {
  state_->dropped.fetch_add(1, std::memory_order_relaxed);
  queue_->dropped.fetch_add(1, std::memory_order_relaxed);
  if (overload && !dropping_) {
    dropping_ = true;
    VA_LOG(state_->config.log, warn,
           "recording {}: the writer is behind (disk too slow?): dropping audio until it "
           "catches up",
           state_->config.path);
  }
  return false;
}

void Recording::close() {
  if (closed_) return;
  closed_ = true;
  queue_->push_control(JobKind::Close, state_);
}

bool Recording::wait_finished(std::chrono::milliseconds timeout) const {
  core::MutexLock lock(queue_->mutex);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!state_->finished) {
    if (lock.wait_until(queue_->finished, deadline) == std::cv_status::timeout) {
      return state_->finished;
    }
  }
  return true;
}

RecordingStats Recording::stats() const {
  const auto& s = *state_;
  RecordingStats out;
  out.pieces_queued = s.queued.load(std::memory_order_relaxed);
  out.pieces_dropped = s.dropped.load(std::memory_order_relaxed);
  out.pieces_late = s.late.load(std::memory_order_relaxed);
  out.frames_written = s.frames.load(std::memory_order_relaxed);
  out.open_failed = s.open_failed.load();
  out.write_failed = s.write_failed.load();
  core::MutexLock lock(queue_->mutex);
  out.finished = s.finished;
  return out;
}

int Recording::sample_rate() const {
  return state_->config.sample_rate;
}

const std::string& Recording::path() const {
  return state_->config.path;
}

// ---- RecordingWriter ----

RecordingWriter::RecordingWriter(RecordingWriterConfig config)
    : queue_(std::make_shared<Recording::Queue>(config)) {
  thread_ = std::thread([q = queue_] { Writer(*q).run(); });
}

RecordingWriter::~RecordingWriter() {
  stop();
}

std::unique_ptr<Recording> RecordingWriter::open(RecordingConfig config) {
  auto state = std::make_shared<Recording::State>(std::move(config));
  std::unique_ptr<Recording> handle(new Recording(queue_, state));
  if (queue_->push_control(JobKind::Open, state)) {
    ++queue_->opened;
    return handle;
  }
  // Rule 6: the writer has stopped.
  state->open_failed = true;
  {
    core::MutexLock lock(queue_->mutex);
    state->finished = true;
  }
  RecordingResult r;
  r.path = state->config.path;
  r.error = "the recording writer has stopped";
  if (state->config.on_finished) state->config.on_finished(r);
  return handle;
}

void RecordingWriter::stop() {
  {
    core::MutexLock lock(queue_->mutex);
    queue_->stopping = true;
    queue_->stopped = true;
    queue_->wake.notify_one();
  }
  if (thread_.joinable()) thread_.join();
}

RecordingWriterStats RecordingWriter::stats() const {
  const auto& q = *queue_;
  RecordingWriterStats s;
  s.recordings_opened = q.opened.load();
  s.recordings_finished = q.finished_count.load();
  s.recordings_failed = q.failed.load();
  s.recordings_open = q.open_now.load();
  s.pieces_written = q.written.load();
  s.pieces_dropped = q.dropped.load();
  s.frames_written = q.frames.load();
  s.wakeups = q.wakeups.load();
  s.cpu_time = std::chrono::nanoseconds(q.cpu_ns.load());
  core::MutexLock lock(q.mutex);
  s.queued_samples = q.queued_samples;
  return s;
}

}  // namespace va::media
