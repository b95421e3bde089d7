// CallRecordWriter: a strand on the DB pool gives per-call ordering without a thread per call.
#include "call/call_record_writer.h"

#include <boost/asio/post.hpp>

namespace va::call {

std::shared_ptr<CallRecordWriter> CallRecordWriter::create(crm::Store& store,
                                                           boost::asio::any_io_executor db,
                                                           crm::Call record, core::LogContext log) {
  return std::shared_ptr<CallRecordWriter>(
      new CallRecordWriter(store, std::move(db), std::move(record), std::move(log)));
}

CallRecordWriter::CallRecordWriter(crm::Store& store, boost::asio::any_io_executor db,
                                   crm::Call record, core::LogContext log)
    : store_(store),
      strand_(boost::asio::make_strand(std::move(db))),
      record_(std::move(record)),
      log_(std::move(log)) {}

void CallRecordWriter::update(std::function<void(crm::Call&)> change) {
  boost::asio::post(strand_, [self = shared_from_this(), change = std::move(change)] {
    change(self->record_);
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
