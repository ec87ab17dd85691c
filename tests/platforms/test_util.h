// Helpers shared by the platform tests.
#pragma once

#include <date/date.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include "core/post.h"

namespace gather::testing {

inline TimePoint utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
  return date::sys_days{date::year{y} / date::month{mo} / date::day{d}} + std::chrono::hours{h} +
         std::chrono::minutes{mi} + std::chrono::seconds{s};
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string own_fixture(const std::string& name) {
  return read_file(std::string(GATHER_OWN_FIXTURES) + "/feeds/" + name);
}

// A file under tests/fixtures, e.g. "weibo/video.json".
inline std::string own_fixture_at(const std::string& relative) {
  return read_file(std::string(GATHER_OWN_FIXTURES) + "/" + relative);
}

inline std::string shared_fixture(const std::string& name) {
  return read_file(std::string(GATHER_SHARED_FIXTURES) + "/platforms/" + name);
}

}  // namespace gather::testing
