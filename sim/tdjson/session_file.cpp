#include "session_file.h"

#include <boost/json.hpp>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tdsim {

std::string session_path(const std::string& dir) { return (dir.empty() ? std::string(".") : dir) + "/tdsim-session.json"; }

std::string key_hash(const std::string& key) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::optional<SessionFile> read_session(const std::string& dir) {
  std::ifstream in(session_path(dir));
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text.str(), ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.as_object();
  auto field = [&](const char* k) {
    const auto* f = o.if_contains(k);
    return f && f->is_string() ? std::string(f->as_string()) : std::string();
  };
  return SessionFile{field("phone"), field("token"), field("key_hash")};
}

void write_session(const std::string& dir, const SessionFile& s) {
  std::error_code ec;
  std::filesystem::create_directories(dir.empty() ? "." : dir, ec);
  std::ofstream out(session_path(dir), std::ios::trunc);
  out << boost::json::serialize(boost::json::object{{"phone", s.phone}, {"token", s.token}, {"key_hash", s.key_hash}});
}

void delete_session(const std::string& dir) {
  std::error_code ec;
  std::filesystem::remove(session_path(dir), ec);
}

}  // namespace tdsim
