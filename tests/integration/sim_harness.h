// A simulator child process plus the few HTTP calls tests make to it and to `gather`.
#pragma once

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "net/http_client.h"
#include "process.h"

namespace gather::testing {

class SimProcess {
 public:
  // Virtual time and rate 0: posts appear only when a test publishes them.
  SimProcess(const std::string& dir, int feeds, const std::string& hook_secret = "",
             const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{gather_binary(), "simulate", "--port", "0", "--feeds", std::to_string(feeds),
                                  "--rate", "0", "--virtual-time", "--seed", "7"};
    if (!hook_secret.empty()) args.insert(args.end(), {"--hook-secret", hook_secret});
    args.insert(args.end(), extra.begin(), extra.end());
    child_ = std::make_unique<Child>(args, dir + "/sim.log");
    std::string line = child_->read_line();  // "simulator listening on http://127.0.0.1:PORT (N feeds)"
    auto at = line.find("http://");
    base_ = line.substr(at, line.find(' ', at) - at);
  }
  const std::string& base() const { return base_; }
  std::string feed_url(int i) const { return base_ + "/feeds/" + std::to_string(i) + (i % 4 == 3 ? ".json" : ".xml"); }

  boost::json::value call(const std::string& method, const std::string& path) const {
    HttpRequest req;
    req.method = method;
    req.url = base_ + path;
    HttpResponse r = fetch_blocking(req);
    if (r.status != 200) throw std::runtime_error(method + " " + path + ": HTTP " + std::to_string(r.status) + " " + r.error);
    return boost::json::parse(r.body);
  }
  void publish(int feed, int n) const {
    call("POST", "/_sim/publish?feed=" + std::to_string(feed) + "&n=" + std::to_string(n));
  }
  void fault(const std::string& query) const { call("POST", "/_sim/fault?" + query); }
  // Ground truth: post ids per feed.
  std::map<int, std::set<std::string>> posts() const {
    std::map<int, std::set<std::string>> out;
    auto all = call("GET", "/_sim/posts");
    for (const auto& p : all.at("posts").as_array())
      out[static_cast<int>(p.at("feed").as_int64())].insert(std::string(p.at("id").as_string()));
    return out;
  }
  boost::json::array hook(const std::string& name) const {
    return call("GET", "/_sim/hook/" + name).at("deliveries").as_array();
  }

 private:
  std::unique_ptr<Child> child_;
  std::string base_;
};

// Lines of a jsonl sink file as parsed objects (a torn last line would fail the parse: asserted).
inline std::vector<boost::json::object> jsonl_lines(const std::string& path) {
  std::vector<boost::json::object> out;
  std::string text = read_file(path);
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) throw std::runtime_error(path + ": last line has no newline");
    out.push_back(boost::json::parse(text.substr(start, end - start)).as_object());
    start = end + 1;
  }
  return out;
}

}  // namespace gather::testing

namespace gather::testing {

// What every `gather serve`-against-the-simulator test does: a temp dir kept when the test
// fails, a simulator child, a config, `gather serve` as a child, and waiting until every
// target has been fetched once. The simulator runs in virtual time; advance() moves it.
class ServeFixture : public ::testing::Test {
 protected:
  void start_sim(int feeds, const std::vector<std::string>& extra = {}) {
    dir_ = temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    sim_ = std::make_unique<SimProcess>(dir_, feeds, "", extra);
  }
  void TearDown() override {
    gather_.reset();
    sim_.reset();
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }
  std::string config() const { return dir_ + "/gather.toml"; }
  void write_config(const std::string& text) const {
    std::ofstream cfg(config());
    cfg << text;
  }
  // Starts serve on the written config and waits for every target's first fetch, moving the
  // simulator's clock by `step_s` per poll (0: leave it).
  void start_gather(double step_s = 0) {
    gather_ = std::make_unique<Child>(std::vector<std::string>{gather_binary(), "--config", config(), "serve"},
                                      dir_ + "/gather.log");
    ASSERT_TRUE(eventually([&] {
      if (step_s > 0) advance(step_s);
      return fetched_all();
    })) << log();
  }
  bool fetched_all() const {
    auto r = run({gather_binary(), "--config", config(), "--json", "status"});
    if (r.exit_code != 0) return false;
    const auto doc = boost::json::parse(r.out);  // kept alive: the loop walks into it
    for (const auto& t : doc.at("targets").as_array())
      if (t.at("fetches").as_int64() == 0) return false;
    return true;
  }
  void advance(double s) const { sim_->call("POST", "/_sim/advance?s=" + std::to_string(s)); }
  std::string log() const { return read_file(dir_ + "/gather.log"); }

  std::string dir_;
  std::unique_ptr<SimProcess> sim_;
  std::unique_ptr<Child> gather_;
};

}  // namespace gather::testing
