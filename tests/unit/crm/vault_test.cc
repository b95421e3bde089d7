// KeyVault and KeyPool: sealing round trip, master key file 0600, fingerprints, least-used
// assignment, and the raw SQLite file holding no key in clear.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "crm/errc.h"
#include "crm/key_pool.h"
#include "crm/key_vault.h"
#include "crm/store.h"

namespace va::crm {
namespace {

core::EnvLookup no_env() {
  return [](const std::string&) { return std::optional<std::string>{}; };
}

struct TempDir {
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("va-vault-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  static inline int counter = 0;
  std::filesystem::path path;
};

TEST(KeyVault, MasterKeyFileIsCreatedOwnerOnlyAndReused) {
  TempDir dir;
  auto v1 = KeyVault::load(dir.path.string(), no_env());
  ASSERT_TRUE(v1);
  struct stat st {};
  ASSERT_EQ(::stat((dir.path / "master.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  const auto sealed = v1->seal("AIzaSecretKey-1234567890");
  auto v2 = KeyVault::load(dir.path.string(), no_env());
  ASSERT_TRUE(v2);
  EXPECT_EQ(v2->open(sealed).value(), "AIzaSecretKey-1234567890");
}

TEST(KeyVault, EnvMasterKeyWinsAndAWrongKeyCannotOpen) {
  TempDir dir;
  const std::string hex(64, 'a');
  auto env = [&](const std::string& n) {
    return n == "VOICEAGENT_MASTER_KEY" ? std::optional<std::string>{hex} : std::nullopt;
  };
  auto from_env = KeyVault::load(dir.path.string(), env).value();
  EXPECT_FALSE(std::filesystem::exists(dir.path / "master.key"));
  const auto sealed = from_env.seal("secret-key-value");
  EXPECT_NE(sealed.find("secret"), 0u);
  auto other = KeyVault::load(dir.path.string(), no_env()).value();
  EXPECT_EQ(other.open(sealed).error(), Errc::CryptoError);
  EXPECT_EQ(from_env.open("not base64 !!").error(), Errc::CryptoError);
  auto bad = [](const std::string&) { return std::optional<std::string>{"xyz"}; };
  EXPECT_EQ(KeyVault::load(dir.path.string(), bad).error(), Errc::BadMasterKey);
}

TEST(KeyPool, NewUsersGetTheLeastUsedKeyAndCallsResolveIt) {
  TempDir dir;
  auto store = Store::create("sqlite:" + (dir.path / "db.sqlite").string()).value();
  KeyPool pool(*store, KeyVault::load(dir.path.string(), no_env()).value());
  const auto k1 = pool.add("AIzaKEY-one-000000000000000000000", "one").value();
  const auto k2 = pool.add("AIzaKEY-two-000000000000000000000", "two").value();
  EXPECT_EQ(pool.add("AIzaKEY-one-000000000000000000000", "dup").error(), Errc::Conflict);
  std::vector<Id> users;
  for (int i = 0; i < 4; ++i) {
    User u;
    u.username = "user" + std::to_string(i);
    u.role = Role::Admin;
    u.password_hash = "x";
    users.push_back(store->create_user(u).value());
  }
  EXPECT_EQ(pool.assign_missing().value(), 4);
  EXPECT_EQ(store->get_key(k1.id).value().users, 2);
  EXPECT_EQ(store->get_key(k2.id).value().users, 2);
  EXPECT_EQ(pool.assign_missing().value(), 0);
  auto resolved = pool.resolve(users[0]).value();
  EXPECT_EQ(resolved.fingerprint, key_fingerprint(resolved.key));
  EXPECT_TRUE(resolved.key.rfind("AIzaKEY-", 0) == 0);
  auto set = pool.set_user_key(nullptr, users[1], "AIzaKEY-three-00000000000000000000").value();
  EXPECT_EQ(pool.resolve(users[1]).value().fingerprint, set.fingerprint);
}

TEST(KeyPool, RawDatabaseFileHoldsNoKeyInClear) {
  TempDir dir;
  const std::string key = "AIzaSyClearTextMustNeverAppear0123456789";
  {
    auto store = Store::create("sqlite:" + (dir.path / "db.sqlite").string(), 1).value();
    KeyPool pool(*store, KeyVault::load(dir.path.string(), no_env()).value());
    ASSERT_TRUE(pool.add(key, "prod"));
    User u;
    u.username = "holder";
    u.role = Role::Admin;
    u.password_hash = "x";
    const Id id = store->create_user(u).value();
    ASSERT_TRUE(pool.set_user_key(nullptr, id, key));
    ASSERT_EQ(pool.resolve(id).value().key, key);
  }  // closed: the WAL is checkpointed into the main file
  std::string all;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path)) {
    if (entry.path().filename() == "master.key") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.find(key), std::string::npos);
  EXPECT_EQ(all.find("ClearTextMustNeverAppear"), std::string::npos);
  EXPECT_NE(all.find(key_fingerprint(key)), std::string::npos);  // the fingerprint is there
}

}  // namespace
}  // namespace va::crm
