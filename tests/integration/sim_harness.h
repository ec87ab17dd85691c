// A simulator child process plus the few HTTP calls tests make to it and to `gather`.
#pragma once

#include <boost/json.hpp>

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
