#include "platforms/telegram/chat_key.h"

#include <boost/url/parse.hpp>

#include <charconv>
#include <optional>
#include <stdexcept>
#include <vector>

#include "platforms/telegram/channel_name.h"
#include "platforms/text/trim.h"

namespace gather::telegram {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool valid_hash(std::string_view h) {
  if (h.size() < 8 || h.size() > 64) return false;
  for (char c : h)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return false;
  return true;
}

std::optional<std::int64_t> integer(std::string_view s) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::string invite_key(std::string_view hash, std::string_view input) {
  if (!valid_hash(hash))
    throw std::invalid_argument("'" + std::string(input) + "' has no valid invite hash (8-64 letters, digits, _ or -)");
  return "+" + std::string(hash);
}

std::string chat_id_key(std::string_view id, std::string_view input, bool channel) {
  auto v = integer(id);
  if (!v || *v == 0) throw std::invalid_argument("'" + std::string(input) + "' has no chat id (a number)");
  // t.me/c/ID links name the supergroup id; TDLib's chat id of it is -100 followed by it.
  if (channel) {
    if (*v < 0) throw std::invalid_argument("'" + std::string(input) + "': t.me/c/ takes a positive channel id");
    return "chat/-100" + std::string(id);
  }
  return "chat/" + std::to_string(*v);
}

// Invite and t.me/c/ links; nullopt for anything channel_name reads.
std::optional<std::string> private_link(std::string_view in) {
  std::string text(in);
  if (text.find("://") == std::string::npos) text = "https://" + text;
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) return std::nullopt;
  std::string host = lower(parsed->host());
  if (host.starts_with("www.")) host.erase(0, 4);
  if (host != "t.me" && host != "telegram.me" && host != "telegram.dog") return std::nullopt;
  std::vector<std::string> segs;
  for (auto seg : parsed->segments())
    if (!seg.empty()) segs.push_back(seg);
  if (segs.empty()) return std::nullopt;
  if (segs[0].starts_with('+')) return invite_key(std::string_view(segs[0]).substr(1), in);
  if (lower(segs[0]) == "joinchat") {
    if (segs.size() < 2) throw std::invalid_argument("no invite hash after joinchat/ in '" + std::string(in) + "'");
    return invite_key(segs[1], in);
  }
  if (lower(segs[0]) == "c") {
    if (segs.size() < 2) throw std::invalid_argument("no channel id after /c/ in '" + std::string(in) + "'");
    return chat_id_key(segs[1], in, true);
  }
  return std::nullopt;
}

}  // namespace

std::string chat_key(std::string_view input) {
  const std::string_view in = text::trim(input);
  if (in.starts_with("tg:chat/")) return chat_id_key(in.substr(8), in, false);
  if (in.starts_with("+") && in.find('/') == std::string_view::npos) return invite_key(in.substr(1), in);
  if (auto key = private_link(in)) return *key;
  return channel_name(in);
}

ChatKey parse_chat_key(std::string_view key) {
  ChatKey k;
  if (key.starts_with('+')) {
    k.kind = ChatKey::Kind::kInvite;
    k.invite_hash = std::string(key.substr(1));
  } else if (key.starts_with("chat/")) {
    auto v = integer(key.substr(5));
    if (!v) throw std::invalid_argument("telegram key '" + std::string(key) + "' has no chat id");
    k.kind = ChatKey::Kind::kChatId;
    k.chat_id = *v;
  } else {
    if (!valid_username(key)) throw std::invalid_argument("telegram key '" + std::string(key) + "' is no username");
    k.username = std::string(key);
  }
  return k;
}

std::string invite_link(std::string_view hash) { return "https://t.me/+" + std::string(hash); }

}  // namespace gather::telegram
