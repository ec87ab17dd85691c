// Theme rendering cost per post: each theme on a realistic Weibo repost (CJK text, a quoted
// original with a video cover) and over every post of the platform fixtures.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "platforms/platform.h"
#include "theme/theme_engine.h"

namespace {

using gather::Post;
using gather::Target;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Sample {
  Post post;
  Target target;
};

Target target_on(const std::string& platform) {
  Target t;
  t.platform = platform;
  t.name = "bench";
  return t;
}

std::vector<Sample> parse(const std::string& platform, const std::string& file, const std::string& base = "") {
  std::vector<Sample> out;
  std::string body = read_file(GATHER_SHARED_FIXTURES "/platforms/" + file);
  if (body.empty()) return out;
  for (auto& p : gather::find_platform(platform)->parse(body, base).posts) out.push_back({std::move(p), target_on(platform)});
  return out;
}

const std::vector<Sample>& fixture_posts() {
  static const std::vector<Sample> all = [] {
    std::vector<Sample> v;
    for (auto [platform, file, base] : {std::tuple{"weibo", "weibo_ak_list_1.json", ""},
                                        std::tuple{"rss", "rss-ruanyifeng.xml", "https://www.ruanyifeng.com/blog/atom.xml"},
                                        std::tuple{"rss", "rss-github-atom.xml", "https://github.com/"},
                                        std::tuple{"bilibili", "bilibili-new.json", ""}}) {
      auto part = parse(platform, file, base);
      v.insert(v.end(), part.begin(), part.end());
    }
    return v;
  }();
  return all;
}

const Sample* weibo_repost() {
  for (const auto& s : fixture_posts())
    if (s.post.id == "4648806186747944") return &s;
  return nullptr;
}

const gather::theme::ThemeEngine& engine() {
  static const gather::theme::ThemeEngine e{gather::theme::ThemeOptions{}};
  return e;
}

void BM_WeiboRepost(benchmark::State& state, const char* theme) {
  const Sample* s = weibo_repost();
  if (!s) {
    state.SkipWithError("fixture missing");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(engine().render_with(theme, s->post, s->target));
}

// brief refuses untitled posts (all of Weibo's): it is measured on the titled ones.
const std::vector<Sample>& titled_posts() {
  static const std::vector<Sample> titled = [] {
    std::vector<Sample> v;
    for (const auto& s : fixture_posts())
      if (!s.post.title.empty()) v.push_back(s);
    return v;
  }();
  return titled;
}

// One iteration renders every fixture post once; `per_post` is the CPU time per post.
void BM_FixturePosts(benchmark::State& state, const char* theme) {
  const auto& posts = std::string_view(theme) == "brief" ? titled_posts() : fixture_posts();
  if (posts.empty()) {
    state.SkipWithError("fixtures missing");
    return;
  }
  for (auto _ : state)
    for (const auto& s : posts) benchmark::DoNotOptimize(engine().render_with(theme, s.post, s.target));
  // Printed in seconds with an SI prefix: "16.3u" is 16.3 µs of CPU per post.
  state.counters["per_post"] = benchmark::Counter(static_cast<double>(posts.size()),
                                                 benchmark::Counter::kIsIterationInvariantRate |
                                                     benchmark::Counter::kInvert);
  state.counters["posts"] = static_cast<double>(posts.size());
}

}  // namespace

BENCHMARK_CAPTURE(BM_WeiboRepost, basic, "basic")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_WeiboRepost, markdown, "markdown")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_WeiboRepost, html, "html")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_WeiboRepost, raw, "raw")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_FixturePosts, basic, "basic")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_FixturePosts, brief, "brief")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_FixturePosts, markdown, "markdown")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_FixturePosts, html, "html")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_FixturePosts, raw, "raw")->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
