// Deliveries/s through the amqp sink with publisher confirms, against a real broker this benchmark
// starts (tests/support/rabbitmq_broker.h), at 1, 16 and 256 publishes in flight; the jsonl sink
// (append + fsync per line) in the same run as the baseline; and the outbox worker end to end
// (SQLite outbox → amqp sink → confirm → mark delivered).
#include <benchmark/benchmark.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <filesystem>
#include <memory>
#include <unistd.h>

#include "deliver/outbox_worker.h"
#include "deliver/sink.h"
#include "net/http_client.h"
#include "rabbitmq_broker.h"
#include "store/sqlite_store.h"

using namespace gather;
namespace fs = std::filesystem;

namespace {

// One broker for the whole run: booting one takes seconds.
testing::RabbitBroker& broker() {
  static std::unique_ptr<testing::RabbitBroker> b = [] {
    auto made = std::make_unique<testing::RabbitBroker>();
    testing::AmqpTestClient c(made->port());
    c.declare_exchange("bench", "topic");
    c.declare_queue("bench", "bench", "#");
    return made;
  }();
  return *b;
}

void purge() { testing::AmqpTestClient(broker().port()).purge("bench"); }

// A post of a typical size: the message is ~600 bytes of JSON.
const std::string kMessage =
    R"({"subscription":1,"target":1,"post":{"id":"p","title":")" + std::string(200, 't') + R"(","text":")" +
    std::string(300, 'x') + R"(","url":"https://example.org/p"}})";

struct Rig {
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard = boost::asio::make_work_guard(io);
  std::unique_ptr<HttpClient> http = make_curl_client(io);
  SystemClock clock;
  SinkContext context{io, *http, clock, "bench"};
};

// Runs the benchmark loop through `sink` with at most `window` deliveries unanswered.
void drive(benchmark::State& state, Rig& rig, Sink& sink, std::size_t window) {
  OutboxEntry entry;
  entry.subscription_id = 1;
  entry.post_id = "p";
  Subscription sub;
  sub.id = 1;
  Target target;
  target.id = 1;
  target.platform = "rss";
  Post post;
  RenderedMessage rendered;
  std::size_t in_flight = 0, failed = 0;
  std::uint64_t n = 0;
  auto one = [&] {
    ++in_flight;
    sink.deliver(Delivery{entry, sub, kMessage, "k" + std::to_string(n++), target, post, rendered},
                 [&](DeliveryResult r) {
                   --in_flight;
                   if (!r.ok) ++failed;
                 });
  };
  one();  // connects, outside the timing
  while (in_flight > 0) rig.io.run_one();
  for (auto _ : state) {
    while (in_flight >= window) rig.io.run_one();
    one();
  }
  while (in_flight > 0) rig.io.run_one();
  state.SetItemsProcessed(state.iterations());
  state.counters["failed"] = static_cast<double>(failed);
  if (failed) state.SkipWithError("deliveries failed");
}

void BM_AmqpSink(benchmark::State& state) {
  purge();
  Rig rig;
  Subscriber s;
  s.kind = "amqp";
  s.address = broker().url("bench").substr(5);
  auto sink = make_sink(s, rig.context);
  drive(state, rig, *sink, static_cast<std::size_t>(state.range(0)));
}
BENCHMARK(BM_AmqpSink)->Arg(1)->Arg(16)->Arg(256)->UseRealTime()->Unit(benchmark::kMicrosecond);

void BM_JsonlSink(benchmark::State& state) {
  auto path = fs::temp_directory_path() / ("gather-bench-" + std::to_string(::getpid()) + ".jsonl");
  fs::remove(path);
  Rig rig;
  Subscriber s;
  s.kind = "jsonl";
  s.address = path.string();
  auto sink = make_sink(s, rig.context);
  drive(state, rig, *sink, 1);
  fs::remove(path);
}
BENCHMARK(BM_JsonlSink)->UseRealTime()->Unit(benchmark::kMicrosecond);

// The outbox end to end: `range(0)` subscriptions (the worker keeps one in flight per
// subscription), 2000 deliveries queued, timed until all are marked delivered.
void BM_OutboxToAmqp(benchmark::State& state) {
  purge();
  auto dir = fs::temp_directory_path() / ("gather-bench-outbox-" + std::to_string(::getpid()));
  const int subs = static_cast<int>(state.range(0));
  const int posts = 2000 / subs;
  for (auto _ : state) {
    state.PauseTiming();
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto store = open_sqlite_store((dir / "gather.db").string());
    Target t;
    t.platform = "rss";
    t.key = "https://example.org/feed";
    Id target = store->add_target(t);
    std::vector<Id> ids;
    for (int i = 0; i < subs; ++i) {
      Subscription s;
      s.target_id = target;
      s.subscriber.kind = "amqp";
      // A subscriber per subscription (one connection each), told apart by the routing key.
      s.subscriber.address = broker().url("bench", "&routing_key=b" + std::to_string(i) + ".{subscription}").substr(5);
      ids.push_back(store->add_subscription(s));
    }
    std::vector<Post> page;
    for (int i = posts; i >= 1; --i) {
      Post p;
      p.id = "p" + std::to_string(i);
      p.text = std::string(300, 'x');
      page.push_back(p);
    }
    Rig rig;
    store->ingest(store->fetch_state(target), page, true, 0, [&](const Post&) { return ids; }, rig.clock.now());
    OutboxOptions o;
    o.max_in_flight = 256;
    OutboxWorker worker(*store, rig.context, o);
    state.ResumeTiming();
    worker.start();
    while (worker.stats().delivered < static_cast<std::int64_t>(posts) * subs) rig.io.run_one();
    state.PauseTiming();
    worker.stop(nullptr);
    state.counters["failed"] = static_cast<double>(worker.stats().failed_attempts);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * posts * subs);
  fs::remove_all(dir);
}
BENCHMARK(BM_OutboxToAmqp)->Arg(1)->Arg(16)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
