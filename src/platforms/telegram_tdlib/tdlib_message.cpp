#include "platforms/telegram_tdlib/tdlib_message.h"

#include "platforms/telegram_tdlib/tdlib_content.h"
#include "platforms/text/json_fields.h"

namespace gather::telegram_tdlib {
namespace {

namespace json = boost::json;

// TDLib ids of server messages are the server id shifted past 20 bits of local sequence.
constexpr int kServerIdShift = 20;
constexpr std::int64_t kLocalBits = (std::int64_t{1} << kServerIdShift) - 1;
// Supergroup and channel chat ids are -(10^12 + supergroup id).
constexpr std::int64_t kSupergroupBase = 1'000'000'000'000;

TimePoint at(std::int64_t unix_seconds) { return TimePoint{std::chrono::seconds{unix_seconds}}; }

// The chat a message is in: the caller's, with the message's id when the caller gave none.
ChatRef own_chat(const Names& names, std::int64_t chat_id) {
  ChatRef c = names.chat;
  if (c.chat_id == 0) c.chat_id = chat_id;
  return c;
}

// A chat by id, when known: the reading chat or one the caller's lookup finds.
std::optional<ChatRef> known_chat(const Names& names, const ChatRef& own, std::int64_t chat_id) {
  if (chat_id == own.chat_id) return own;
  if (names.chat_by_id) {
    if (auto found = names.chat_by_id(chat_id)) {
      found->chat_id = chat_id;
      return found;
    }
  }
  return std::nullopt;
}

// A chat by id, or just its id (for a supergroup, enough for its t.me/c/ links).
ChatRef chat_ref(const Names& names, const ChatRef& own, std::int64_t chat_id) {
  return known_chat(names, own, chat_id).value_or(ChatRef{chat_id, "", ""});
}

std::string user_label(const Names& names, std::int64_t user_id) {
  if (names.user_name) {
    if (auto name = names.user_name(user_id); name && !name->empty()) return *name;
  }
  return std::to_string(user_id);
}

std::string sender_name(const json::object* sender, const Names& names, const ChatRef& own) {
  const std::string type = text::str(sender, "@type");
  if (type == "messageSenderUser") return user_label(names, text::integer(sender, "user_id").value_or(0));
  if (type == "messageSenderChat") {
    const std::string title = chat_ref(names, own, text::integer(sender, "chat_id").value_or(0)).title;
    return title.empty() ? own.title : title;
  }
  return own.title;
}

// "PREFIX/N" of message `tdlib_id` in `chat`, or "" when either is unknown.
std::string post_id(const ChatRef& chat, std::int64_t tdlib_id) {
  const auto n = server_message_id(tdlib_id);
  const std::string prefix = post_prefix(chat);
  if (!n || prefix.empty()) return {};
  return prefix + "/" + std::to_string(*n);
}

Post forward_origin(const json::object* forward, const Names& names, const ChatRef& own) {
  const json::object* origin = text::obj(forward, "origin");
  const std::string type = text::str(origin, "@type");
  Post source;
  if (const auto date = text::integer(forward, "date"); date && *date > 0) source.published = at(*date);
  const std::string signature = text::str(origin, "author_signature");
  if (type == "messageOriginChannel") {
    const ChatRef chat = chat_ref(names, own, text::integer(origin, "chat_id").value_or(0));
    source.author = signature.empty() ? chat.title : signature;
    const std::int64_t message_id = text::integer(origin, "message_id").value_or(0);
    source.id = post_id(chat, message_id);
    if (const auto n = server_message_id(message_id)) source.url = post_url(chat, *n);
  } else if (type == "messageOriginChat") {
    const ChatRef chat = chat_ref(names, own, text::integer(origin, "sender_chat_id").value_or(0));
    source.author = signature.empty() ? chat.title : signature;
  } else if (type == "messageOriginUser") {
    source.author = user_label(names, text::integer(origin, "sender_user_id").value_or(0));
  } else if (type == "messageOriginHiddenUser") {
    source.author = text::str(origin, "sender_name");
  }
  return source;
}

std::optional<std::string> reply_target(const json::object* reply, const Names& names, const ChatRef& own) {
  if (text::str(reply, "@type") != "messageReplyToMessage") return std::nullopt;  // a story, or none
  const std::int64_t chat_id = text::integer(reply, "chat_id").value_or(0);
  // A reply into a chat we cannot name would get an id no fetch of that chat produces.
  const auto chat = known_chat(names, own, chat_id);
  if (chat_id == 0 || !chat) return std::nullopt;
  std::string id = post_id(*chat, text::integer(reply, "message_id").value_or(0));
  if (id.empty()) return std::nullopt;
  return id;
}

RenderOptions options_for(const ChatRef& chat) {
  RenderOptions o;
  // Hashtags link to the channel's search, absolute so the HTML reads the same wherever it goes.
  if (!chat.username.empty()) o.search_base = "https://t.me/s/" + chat.username;
  return o;
}

}  // namespace

std::optional<std::int64_t> server_message_id(std::int64_t tdlib_message_id) {
  if (tdlib_message_id <= 0 || (tdlib_message_id & kLocalBits) != 0) return std::nullopt;
  return tdlib_message_id >> kServerIdShift;
}

std::optional<std::int64_t> supergroup_id_of(std::int64_t chat_id) {
  if (chat_id >= -kSupergroupBase) return std::nullopt;
  return -chat_id - kSupergroupBase;
}

std::string post_prefix(const ChatRef& chat) {
  if (!chat.username.empty()) return chat.username;
  if (const auto sg = supergroup_id_of(chat.chat_id)) return "c/" + std::to_string(*sg);
  if (chat.chat_id != 0) return "chat/" + std::to_string(chat.chat_id);
  return {};
}

std::string post_url(const ChatRef& chat, std::int64_t server_id) {
  if (!chat.username.empty()) return "https://t.me/" + chat.username + "/" + std::to_string(server_id);
  if (const auto sg = supergroup_id_of(chat.chat_id))
    return "https://t.me/c/" + std::to_string(*sg) + "/" + std::to_string(server_id);
  return {};
}

std::optional<Post> read_message(const json::object& message, const Names& names) {
  const json::object* m = &message;
  if (text::str(m, "@type") != "message") return std::nullopt;
  const auto n = server_message_id(text::integer(m, "id").value_or(0));
  if (!n) return std::nullopt;
  const ChatRef own = own_chat(names, text::integer(m, "chat_id").value_or(0));
  const json::object* content_json = text::obj(m, "content");
  if (content_json == nullptr) return std::nullopt;
  auto content = read_content(*content_json, options_for(own));
  if (!content) return std::nullopt;

  Post post;
  post.id = post_prefix(own) + "/" + std::to_string(*n);
  post.url = post_url(own, *n);
  post.text = std::move(content->text.text);
  post.html = std::move(content->text.html);
  post.tags = std::move(content->text.hashtags);
  post.media = std::move(content->media);
  post.author = text::str(m, "author_signature");
  if (post.author.empty()) post.author = sender_name(text::obj(m, "sender_id"), names, own);
  if (const auto date = text::integer(m, "date"); date && *date > 0) post.published = at(*date);
  if (const auto edited = text::integer(m, "edit_date"); edited && *edited > 0) {
    post.updated = at(*edited);
    post.edited = true;
  }
  if (const json::object* info = text::obj(m, "interaction_info")) post.views = text::integer(info, "view_count");
  post.categories.push_back(content->kind);
  if (const json::object* forward = text::obj(m, "forward_info")) {
    post.categories.emplace_back("forward");
    post.repost.push_back(forward_origin(forward, names, own));
  }
  post.reply_to = reply_target(text::obj(m, "reply_to"), names, own);
  return post;
}

}  // namespace gather::telegram_tdlib
