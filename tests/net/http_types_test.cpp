#include <gtest/gtest.h>

#include "net/http_server.h"
#include "net/http_types.h"

namespace gather {
namespace {

TEST(FindHeader, MatchesNameCaseInsensitivelyAndReturnsFirst) {
  Headers headers{{"Content-Type", "text/plain"}, {"X-Tag", "one"}, {"x-tag", "two"}};
  EXPECT_EQ(find_header(headers, "content-type"), "text/plain");
  EXPECT_EQ(find_header(headers, "X-TAG"), "one");
  EXPECT_EQ(find_header(headers, "Content-Length"), std::nullopt);
  EXPECT_EQ(find_header({}, "x"), std::nullopt);
}

TEST(ServerRequestParam, DecodesPercentAndPlus) {
  ServerRequest request;
  request.query = "a=a%20b&plus=x+y&enc=%2B%26&flag&empty=&a=second&u=%E4%BD%A0";
  EXPECT_EQ(request.param("a"), "a b");  // first wins
  EXPECT_EQ(request.param("plus"), "x y");
  EXPECT_EQ(request.param("enc"), "+&");
  EXPECT_EQ(request.param("flag"), "");
  EXPECT_EQ(request.param("empty"), "");
  EXPECT_EQ(request.param("u"), "\xE4\xBD\xA0");
  EXPECT_EQ(request.param("missing"), std::nullopt);
}

TEST(ServerRequestParam, MalformedQueryHasNoParams) {
  ServerRequest request;
  request.query = "a=%zz";
  EXPECT_EQ(request.param("a"), std::nullopt);
  request.query = "";
  EXPECT_EQ(request.param("a"), std::nullopt);
}

TEST(ServerRequestHeader, FindsCaseInsensitively) {
  ServerRequest request;
  request.headers = {{"If-None-Match", "\"v1\""}};
  EXPECT_EQ(request.header("if-none-match"), "\"v1\"");
}

}  // namespace
}  // namespace gather
