// StaticFiles: content types, SPA fallback, cache headers, and no path traversal.
#include "api/static_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace va::api {
namespace {

namespace fs = std::filesystem;

std::string header(const HttpResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("va-static-" + std::to_string(::getpid()));
    fs::remove_all(base_);
    root_ = base_ / "dist";
    fs::create_directories(root_ / "assets");
    write(root_ / "index.html", "<html>app</html>");
    write(root_ / "assets" / "index-abc123.js", "console.log(1)");
    write(root_ / "assets" / "index-abc123.css", "body{}");
    write(root_ / "favicon.svg", "<svg/>");
    write(base_ / "secret.txt", "top secret");
    fs::create_symlink(base_ / "secret.txt", root_ / "leak.txt");
  }
  void TearDown() override { fs::remove_all(base_); }
  static void write(const fs::path& p, const std::string& s) { std::ofstream(p) << s; }

  fs::path base_, root_;
};

TEST_F(StaticFilesTest, ServesIndexAtTheRootWithNoCache) {
  StaticFiles f(root_);
  auto r = f.serve("GET", "/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "<html>app</html>");
  EXPECT_EQ(r->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(header(*r, "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, ServesHashedAssetsWithTheirTypeAndLongCaching) {
  StaticFiles f(root_);
  auto js = f.serve("GET", "/assets/index-abc123.js?v=1");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(header(*js, "Cache-Control"), "public, max-age=31536000, immutable");
  auto css = f.serve("GET", "/assets/index-abc123.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->content_type, "text/css; charset=utf-8");
  auto svg = f.serve("GET", "/favicon.svg");
  ASSERT_TRUE(svg);
  EXPECT_EQ(svg->content_type, "image/svg+xml");
  EXPECT_EQ(header(*svg, "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, AnswersClientRoutesWithIndexHtml) {
  StaticFiles f(root_);
  for (const char* route : {"/leads", "/calls/42", "/users/7/edit"}) {
    auto r = f.serve("GET", route);
    ASSERT_TRUE(r) << route;
    EXPECT_EQ(r->status, 200) << route;
    EXPECT_EQ(r->body, "<html>app</html>") << route;
    EXPECT_EQ(header(*r, "Cache-Control"), "no-cache") << route;
  }
}

TEST_F(StaticFilesTest, MissingFilesWithAnExtensionAre404NotIndex) {
  StaticFiles f(root_);
  auto r = f.serve("GET", "/assets/missing-123.js");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
}

TEST_F(StaticFilesTest, LeavesApiHealthAndMetricsAndOtherMethodsAlone) {
  StaticFiles f(root_);
  EXPECT_FALSE(f.serve("GET", "/api/nothing"));
  EXPECT_FALSE(f.serve("GET", "/api"));
  EXPECT_FALSE(f.serve("GET", "/healthz"));
  EXPECT_FALSE(f.serve("GET", "/metrics"));
  EXPECT_FALSE(f.serve("POST", "/leads"));
}

TEST_F(StaticFilesTest, RefusesEveryTraversalSpelling) {
  StaticFiles f(root_);
  for (const char* bad : {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
                          "/%2E%2E%2Fsecret.txt", "/..%2fsecret.txt", "/.%2e/secret.txt",
                          "/a%5c..%5csecret.txt", "/index.html%00.js", "/%zz", "/./index.html"}) {
    auto r = f.serve("GET", bad);
    ASSERT_TRUE(r) << bad;
    EXPECT_NE(r->status, 200) << bad;
    EXPECT_EQ(r->body.find("top secret"), std::string::npos) << bad;
  }
}

TEST_F(StaticFilesTest, DoesNotFollowASymlinkOutOfTheRoot) {
  StaticFiles f(root_);
  auto r = f.serve("GET", "/leak.txt");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->body.find("top secret"), std::string::npos);
}

TEST_F(StaticFilesTest, SaysTheUiIsNotBuiltWhenTheRootIsMissing) {
  StaticFiles f(base_ / "nope");
  auto r = f.serve("GET", "/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_NE(r->body.find("ui_not_built"), std::string::npos);
}

TEST(SafeRelativePath, NormalisesSlashesAndDecodesPercentEscapes) {
  EXPECT_EQ(safe_relative_path("/"), "");
  EXPECT_EQ(safe_relative_path("//assets///a.js"), "assets/a.js");
  EXPECT_EQ(safe_relative_path("/a%20b.txt?x=../.."), "a b.txt");
  EXPECT_FALSE(safe_relative_path("relative"));
  EXPECT_FALSE(safe_relative_path("/c:/windows"));
}

TEST(ResolveWebRoot, PrefersTheConfiguredDirectory) {
  EXPECT_EQ(resolve_web_root("/srv/ui"), fs::path("/srv/ui"));
  EXPECT_FALSE(resolve_web_root("").empty());
}

}  // namespace
}  // namespace va::api
