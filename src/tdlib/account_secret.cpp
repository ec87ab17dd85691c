#include "tdlib/account_secret.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <openssl/rand.h>

#include <stdexcept>

namespace gather::tdlib {

AccountSecret new_account_secret(const std::string& phone) {
  unsigned char raw[8];
  if (RAND_bytes(raw, sizeof raw) != 1) throw std::runtime_error("no randomness for an account directory");
  static const char* hex = "0123456789abcdef";
  std::string dir = "tg-";
  for (unsigned char b : raw) {
    dir += hex[b >> 4];
    dir += hex[b & 15];
  }
  return AccountSecret{phone, dir};
}

std::string to_json(const AccountSecret& secret) {
  return boost::json::serialize(boost::json::object{{"phone", secret.phone}, {"dir", secret.dir}});
}

AccountSecret parse_account_secret(const std::string& json) {
  boost::system::error_code ec;
  auto v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) throw std::invalid_argument("account secret is not a JSON object");
  const auto& o = v.as_object();
  AccountSecret s;
  for (auto [field, out] : {std::pair{"phone", &s.phone}, std::pair{"dir", &s.dir}}) {
    const auto* f = o.if_contains(field);
    if (!f || !f->is_string() || f->as_string().empty())
      throw std::invalid_argument(std::string("account secret has no \"") + field + "\"");
    *out = std::string(f->as_string());
  }
  // The directory name becomes a path: nothing that could climb out of <data_dir>/telegram.
  if (s.dir.find('/') != std::string::npos || s.dir.find("..") != std::string::npos)
    throw std::invalid_argument("account secret's \"dir\" is not a plain name");
  return s;
}

std::string account_directory(const std::string& data_dir, const AccountSecret& secret) {
  return data_dir + "/telegram/" + secret.dir;
}

AccountFiles account_files(const std::string& data_dir, const AccountSecret& secret, const SecretBox& key) {
  const std::string base = account_directory(data_dir, secret);
  return AccountFiles{base + "/db", base + "/files", key.derive("gather telegram database " + secret.dir)};
}

}  // namespace gather::tdlib
