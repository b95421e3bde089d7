// CallRecordWriter: a strand on the DB pool gives per-call ordering without a thread per call.
#include "call/call_record_writer.h"

#include <boost/asio/post.hpp>

namespace va::call {

std::shared_ptr<CallRecordWriter> CallRecordWriter::create(crm::Store& store,
                                                           boost::asio::any_io_executor db,
                                                           crm::Call record, core::LogContext log,
                                                           bool analyze) {
  return std::shared_ptr<CallRecordWriter>(
      new CallRecordWriter(store, std::move(db), std::move(record), std::move(log), analyze));
}

CallRecordWriter::CallRecordWriter(crm::Store& store, boost::asio::any_io_executor db,
                                   crm::Call record, core::LogContext log, bool analyze)
    : store_(store),
      strand_(boost::asio::make_strand(std::move(db))),
      record_(std::move(record)),
      log_(std::move(log)),
      analyze_(analyze) {}

void CallRecordWriter::update(std::function<void(crm::Call&)> change) {
  boost::asio::post(strand_, [self = shared_from_this(), change = std::move(change)] {
    const bool was_ended = self->record_.status == crm::CallStatus::Ended;
    change(self->record_);
    // An answered call's analysis is queued before its record says ended, so whoever sees the
    // call ended sees its analysis pending (DESIGN.md "After the call").
    if (self->analyze_ && !was_ended && self->record_.status == crm::CallStatus::Ended &&
        self->record_.answered_at > 0) {
      if (auto q = self->store_.queue_analysis(self->record_.id, crm::now_ms(), false); !q) {
        ++self->failed_;
        VA_LOG(self->log_, warn, "analysis not queued: {}", q.error().message());
      }
    }
    if (auto r = self->store_.update_call(self->record_); !r) {
      ++self->failed_;
      VA_LOG(self->log_, warn, "call record not saved: {}", r.error().message());
    }
  });
}

void CallRecordWriter::append_transcript(crm::TranscriptLine line) {
  boost::asio::post(strand_, [self = shared_from_this(), line = std::move(line)] {
    if (auto r = self->store_.append_transcript(self->record_.id, line); !r) {
      ++self->failed_;
      VA_LOG(self->log_, warn, "transcript line not saved: {}", r.error().message());
    }
  });
}

void CallRecordWriter::after_pending(std::function<void()> done) {
  boost::asio::post(strand_, [self = shared_from_this(), done = std::move(done)] { done(); });
}

}  // namespace va::call
