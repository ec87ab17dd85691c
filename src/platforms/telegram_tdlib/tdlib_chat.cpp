#include "platforms/telegram_tdlib/tdlib_chat.h"

#include "platforms/platform.h"
#include "platforms/telegram_tdlib/tdlib_media.h"
#include "platforms/text/json_fields.h"

namespace gather::telegram_tdlib {
namespace {

namespace json = boost::json;

bool member_status(const json::object* status) {
  const std::string type = text::str(status, "@type");
  if (type == "chatMemberStatusCreator" || type == "chatMemberStatusAdministrator" ||
      type == "chatMemberStatusMember")
    return true;
  return type == "chatMemberStatusRestricted" && text::boolean(status, "is_member");
}

}  // namespace

ChatInfo read_chat(const json::object& chat, const json::object* supergroup) {
  if (text::str(&chat, "@type") != "chat") throw ParseError("not a TDLib chat object (no \"@type\":\"chat\")");
  ChatInfo info;
  info.chat_id = text::integer(&chat, "id").value_or(0);
  info.title = text::str(&chat, "title");
  const json::object* type = text::obj(&chat, "type");
  const std::string kind = text::str(type, "@type");
  if (kind == "chatTypeSupergroup") {
    info.kind = text::boolean(type, "is_channel") ? "channel" : "supergroup";
    // The supergroup given must be this chat's; another's says nothing about this one.
    if (supergroup != nullptr && text::integer(supergroup, "id") == text::integer(type, "supergroup_id")) {
      if (const json::array* names = text::arr(text::obj(supergroup, "usernames"), "active_usernames");
          names != nullptr && !names->empty() && names->front().is_string())
        info.username = std::string(names->front().get_string());
      info.is_member = member_status(text::obj(supergroup, "status"));
    }
  } else if (kind == "chatTypeBasicGroup") {
    info.kind = "group";
  } else if (kind == "chatTypePrivate" || kind == "chatTypeSecret") {
    info.kind = "private";
    info.is_member = true;
  }
  const json::object* big = text::obj(text::obj(&chat, "photo"), "big");
  info.photo_ref = file_ref(big);
  if (const auto id = text::integer(big, "id"); id && !info.photo_ref.empty()) info.photo_internal_id = std::to_string(*id);
  return info;
}

ChatRef chat_ref_of(const ChatInfo& chat) { return ChatRef{chat.chat_id, chat.username, chat.title}; }

Feed read_feed(const ChatInfo& chat, const json::object* full_info) {
  Feed feed;
  feed.title = chat.title;
  if (!chat.username.empty()) feed.link = "https://t.me/" + chat.username;
  else if (const auto sg = supergroup_id_of(chat.chat_id); sg && (chat.kind == "channel" || chat.kind == "supergroup"))
    feed.link = "https://t.me/c/" + std::to_string(*sg);
  feed.description = text::str(full_info, "description");
  feed.image = chat.photo_ref;
  return feed;
}

}  // namespace gather::telegram_tdlib
