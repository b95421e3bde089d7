// CallRecordWriter: one call's record in the store, written in order on the DB pool so the
// call's shard never waits on the database (DESIGN.md: the media path never waits on the
// DB). The writer keeps its own copy of the row; each change is applied to it and saved.
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/strand.hpp>
#include <functional>
#include <memory>

#include "core/logging.h"
#include "crm/entities.h"
#include "crm/store.h"

namespace va::call {

class CallRecordWriter : public std::enable_shared_from_this<CallRecordWriter> {
 public:
  // `record` must already exist in the store (its id set). `analyze`: an answered call's
  // post-call analysis is queued when the record becomes ended (ai.analysis = auto).
  static std::shared_ptr<CallRecordWriter> create(crm::Store& store,
                                                  boost::asio::any_io_executor db, crm::Call record,
                                                  core::LogContext log, bool analyze = false);

  // Queues a change of the row; changes are applied and saved in the order given.
  void update(std::function<void(crm::Call&)> change);
  void append_transcript(crm::TranscriptLine line);
  // Runs `done` on the DB pool after every change queued so far is saved (tests, shutdown).
  void after_pending(std::function<void()> done);

  std::uint64_t failed_writes() const { return failed_.load(); }

 private:
  CallRecordWriter(crm::Store& store, boost::asio::any_io_executor db, crm::Call record,
                   core::LogContext log, bool analyze);

  crm::Store& store_;
  boost::asio::strand<boost::asio::any_io_executor> strand_;
  crm::Call record_;  // touched only on strand_
  core::LogContext log_;
  const bool analyze_;
  std::atomic<std::uint64_t> failed_{0};
};

}  // namespace va::call
