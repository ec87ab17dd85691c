// Feed parsing throughput: a generated large RSS 2.0 feed and the real fixtures.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "platforms/rss/feed_parser.h"

namespace {

// 500 items shaped like a blog's: escaped HTML descriptions with paragraphs, links and images.
std::string generated_rss(int items) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n"
      "<title>Bench</title><link>https://bench.example/</link><description>generated</description>\n";
  for (int i = 0; i < items; ++i) {
    const std::string n = std::to_string(i);
    out += "<item><title>Post number " + n + " about things</title>";
    out += "<link>https://bench.example/posts/" + n + "</link>";
    out += "<guid isPermaLink=\"false\">bench-" + n + "</guid>";
    out += "<pubDate>Sat, 21 Nov 2026 10:00:00 +0800</pubDate><dc:creator>Writer " + n + "</dc:creator>";
    out += "<category>news</category><category>tech</category><description>";
    for (int p = 0; p < 4; ++p) {
      out += "&lt;p&gt;Paragraph " + std::to_string(p) +
             " with &lt;a href=&quot;/x/" + n + "&quot;&gt;a link&lt;/a&gt; and &lt;b&gt;bold&lt;/b&gt; text "
             "that goes on for a while, as paragraphs in real posts do &amp;amp; more.&lt;/p&gt;";
    }
    out += "&lt;p&gt;&lt;img src=&quot;/img/" + n + ".jpg&quot;&gt;&lt;/p&gt;</description></item>\n";
  }
  out += "</channel>\n</rss>\n";
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void run(benchmark::State& state, const std::string& body) {
  if (body.empty()) {
    state.SkipWithError("fixture missing");
    return;
  }
  for (auto _ : state) {
    auto page = gather::rss::parse_feed(body, "https://bench.example/feed.xml");
    benchmark::DoNotOptimize(page);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(body.size()));
}

void BM_GeneratedRss500(benchmark::State& state) {
  static const std::string body = generated_rss(500);
  run(state, body);
}
BENCHMARK(BM_GeneratedRss500)->Unit(benchmark::kMillisecond);

void BM_RuanyifengAtom(benchmark::State& state) {
  static const std::string body = read_file(GATHER_SHARED_FIXTURES "/platforms/rss-ruanyifeng.xml");
  run(state, body);
}
BENCHMARK(BM_RuanyifengAtom)->Unit(benchmark::kMicrosecond);

void BM_GithubAtom(benchmark::State& state) {
  static const std::string body = read_file(GATHER_SHARED_FIXTURES "/platforms/rss-github-atom.xml");
  run(state, body);
}
BENCHMARK(BM_GithubAtom)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
