// Issue 20: the data dir, the SQLite database with its -wal and -shm, and master.key are
// owner-only (0700/0600) when the process umask is the usual 022, through the real code
// paths (Store::create, KeyVault::load); a looser file is reported at start.
#include "core/private_files.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "crm/key_vault.h"
#include "crm/store.h"

namespace va::crm {
namespace {

namespace fs = std::filesystem;

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 0777;
}

// Runs the test body under umask 022 (what a service usually gets) in a fresh directory.
class PrivateFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    old_umask_ = ::umask(022);
    root_ = fs::temp_directory_path() /
            ("va-private-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override {
    ::umask(old_umask_);
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  mode_t old_umask_ = 0;
  fs::path root_;
};

TEST_F(PrivateFilesTest, TheDatabaseItsWalAndShmAndTheirDirectoryAreOwnerOnly) {
  const auto data = root_ / "data" / "db";
  auto store = Store::create("sqlite:" + (data / "voiceagent.db").string(), 2);
  ASSERT_TRUE(store) << store.error().message();
  User u;
  u.username = "someone";
  u.password_hash = "x";
  u.role = Role::Agent;
  ASSERT_TRUE((*store)->create_user(u));  // a write, so the WAL holds data
  for (const char* name : {"voiceagent.db", "voiceagent.db-wal", "voiceagent.db-shm"}) {
    ASSERT_TRUE(fs::exists(data / name)) << name;
    EXPECT_EQ(mode_of(data / name), 0600u) << name;
  }
  EXPECT_EQ(mode_of(data), 0700u);
  EXPECT_EQ(mode_of(root_ / "data"), 0700u);
}

TEST_F(PrivateFilesTest, TheMasterKeyAndTheDataDirAreOwnerOnly) {
  const auto data = root_ / "data";
  auto vault = KeyVault::load(data.string(),
                              [](const std::string&) { return std::optional<std::string>{}; });
  ASSERT_TRUE(vault);
  EXPECT_EQ(mode_of(data), 0700u);
  EXPECT_EQ(mode_of(data / "master.key"), 0600u);
}

TEST_F(PrivateFilesTest, ALooserFileOrDirectoryIsReportedByPath) {
  std::ostringstream log;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log);
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));
  const auto loose = root_ / "voiceagent.db";
  std::ofstream(loose) << "x";  // 0644 under umask 022
  const auto tight = root_ / "master.key";
  ASSERT_FALSE(core::create_private_file(tight));
  EXPECT_FALSE(core::warn_if_not_private(loose));
  EXPECT_FALSE(core::warn_if_not_private(root_));  // created by create_directories: 0755
  EXPECT_TRUE(core::warn_if_not_private(tight));
  EXPECT_TRUE(core::warn_if_not_private(root_ / "missing"));
  spdlog::set_default_logger(previous);
  EXPECT_NE(log.str().find(loose.string()), std::string::npos) << log.str();
  EXPECT_NE(log.str().find("644"), std::string::npos) << log.str();
  EXPECT_EQ(log.str().find(tight.string()), std::string::npos) << log.str();
}

TEST_F(PrivateFilesTest, OpenPrivateFileIsExact0600EvenUnderAStrangeUmask) {
  ::umask(0);
  const int fd = core::open_private_file(root_ / "a", O_WRONLY);
  ASSERT_GE(fd, 0);
  ::close(fd);
  EXPECT_EQ(mode_of(root_ / "a"), 0600u);
  ASSERT_FALSE(core::make_private_dir(root_ / "x" / "y"));
  EXPECT_EQ(mode_of(root_ / "x"), 0700u);
  EXPECT_EQ(mode_of(root_ / "x" / "y"), 0700u);
}

}  // namespace
}  // namespace va::crm
