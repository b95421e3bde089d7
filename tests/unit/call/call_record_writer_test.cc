#include "call/call_record_writer.h"

#include <gtest/gtest.h>

#include <boost/asio/thread_pool.hpp>
#include <filesystem>
#include <future>

namespace va::call {
namespace {

class CallRecordWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("va_record_writer_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    store_ = crm::Store::create("sqlite:" + (dir_ / "db.sqlite").string()).value();
    crm::User u;
    u.username = "owner";
    u.role = crm::Role::Admin;
    owner_ = store_->create_user(u).value();
  }
  void TearDown() override {
    pool_.join();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void drain(CallRecordWriter& writer) {
    std::promise<void> done;
    writer.after_pending([&] { done.set_value(); });
    ASSERT_EQ(done.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
  }

  std::filesystem::path dir_;
  std::unique_ptr<crm::Store> store_;
  crm::Id owner_ = 0;
  boost::asio::thread_pool pool_{3};
};

TEST_F(CallRecordWriterTest, ChangesAreSavedInTheOrderGiven) {
  crm::Call c;
  c.owner_id = owner_;
  c.id = store_->create_call(c).value();
  auto writer = CallRecordWriter::create(*store_, pool_.get_executor(), c, {});
  for (int i = 1; i <= 200; ++i) {
    writer->update([i](crm::Call& r) { r.packets_in = i; });
  }
  writer->update([](crm::Call& r) { r.status = crm::CallStatus::Ended; });
  drain(*writer);
  auto saved = store_->get_call(c.id).value();
  EXPECT_EQ(saved.packets_in, 200);
  EXPECT_EQ(saved.status, crm::CallStatus::Ended);
  EXPECT_EQ(writer->failed_writes(), 0u);
}

TEST_F(CallRecordWriterTest, TranscriptLinesKeepTheirOrder) {
  crm::Call c;
  c.owner_id = owner_;
  c.id = store_->create_call(c).value();
  auto writer = CallRecordWriter::create(*store_, pool_.get_executor(), c, {});
  for (int i = 0; i < 50; ++i) {
    writer->append_transcript({i % 2 ? "agent" : "caller", "line " + std::to_string(i), i});
  }
  drain(*writer);
  auto lines = store_->transcript(c.id).value();
  ASSERT_EQ(lines.size(), 50u);
  for (int i = 0; i < 50; ++i)
    EXPECT_EQ(lines[i].text, "line " + std::to_string(i));
}

TEST_F(CallRecordWriterTest, AFailedWriteIsCountedNotThrown) {
  crm::Call c;
  c.owner_id = owner_;
  c.id = 987654;  // no such row: update_call reports NotFound
  auto writer = CallRecordWriter::create(*store_, pool_.get_executor(), c, {});
  writer->update([](crm::Call& r) { r.status = crm::CallStatus::Ended; });
  drain(*writer);
  EXPECT_EQ(writer->failed_writes(), 1u);
}

}  // namespace
}  // namespace va::call
