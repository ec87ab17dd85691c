// The dispatcher against a library that sends rubbish around every answer: the rubbish is
// counted and skipped, the answers still reach their callbacks, nothing stalls.
#include <gtest/gtest.h>

#include <chrono>

#include "tdlib/td_client.h"
#include "tdlib/td_dispatcher.h"
#include "tdlib/tdjson_library.h"

namespace gather::tdlib {
namespace {

using namespace std::chrono_literals;

TEST(TdDispatcher, MalformedAndStrayObjectsAreSkippedAndAnswersStillArrive) {
  auto lib = TdjsonLibrary::load(GATHER_GARBAGE_TDJSON);
  TdDispatcher dispatcher(lib);
  TdClient client(dispatcher);
  for (int i = 0; i < 3; ++i) {
    const Object answer = client.call(Object{{"@type", "getOption"}, {"name", "version"}}, 10s);
    EXPECT_EQ(type_of(answer), "ok");
    EXPECT_FALSE(answer.contains("@extra")) << "the dispatcher's own routing field is not handed on";
  }
  // Per request: no JSON object (2: the text and the array), no @client_id, a client nobody opened.
  EXPECT_EQ(dispatcher.skipped(), 3u * 4u);
}

TEST(TdDispatcher, AForgottenClientsPendingCallbacksGetAnError) {
  auto lib = TdjsonLibrary::load(GATHER_GARBAGE_TDJSON);
  TdDispatcher dispatcher(lib);
  Object got;
  {
    TdClient client(dispatcher);
    // Sent on a client id the library never answers (the answer goes to another id).
    dispatcher.send(client.id() + 100, Object{{"@type", "getMe"}}, [&](Object o) { got = std::move(o); });
    dispatcher.forget(client.id() + 100);
  }
  EXPECT_EQ(type_of(got), "error");
  EXPECT_EQ(got.at("code").as_int64(), 500);
}

}  // namespace
}  // namespace gather::tdlib
