#include "sim/tdsim_format.h"

#include <chrono>

#include "platforms/text/html_text.h"
#include "sim/telegram_format.h"

namespace gather::sim::tdsim {

namespace json = boost::json;

namespace {

std::int64_t unix_s(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

json::object typed(std::string_view type) { return json::object{{"@type", type}}; }

json::object sender_chat(std::int64_t chat_id) { return {{"@type", "messageSenderChat"}, {"chat_id", chat_id}}; }
json::object sender_user(std::int64_t user_id) { return {{"@type", "messageSenderUser"}, {"user_id", user_id}}; }

// The fields every message has, with TDLib's defaults for what the stand-in does not model.
json::object message_base(std::int64_t id, std::int64_t chat_id, json::object sender, bool channel_post, TimePoint date) {
  return {{"@type", "message"},
          {"id", id},
          {"sender_id", std::move(sender)},
          {"chat_id", chat_id},
          {"is_outgoing", false},
          {"is_pinned", false},
          {"is_from_offline", false},
          {"can_be_saved", true},
          {"has_timestamped_media", true},
          {"is_channel_post", channel_post},
          {"is_paid_star_suggested_post", false},
          {"is_paid_ton_suggested_post", false},
          {"contains_unread_mention", false},
          {"contains_unread_poll_votes", false},
          {"date", unix_s(date)},
          {"edit_date", 0},
          {"unread_reactions", json::array{}},
          {"self_destruct_in", 0},
          {"auto_delete_in", 0},
          {"via_bot_user_id", 0},
          {"sender_business_bot_user_id", 0},
          {"sender_boost_count", 0},
          {"sender_tag", ""},
          {"paid_message_star_count", 0},
          {"author_signature", ""},
          {"media_album_id", "0"},
          {"effect_id", "0"},
          {"summary_language_code", ""}};
}

json::object interaction(std::int64_t views) {
  return {{"@type", "messageInteractionInfo"}, {"view_count", views}, {"forward_count", 0}};
}

json::object photo_size(std::string_view type, const FileInfo& f, int w, int h, const FileView& view) {
  return {{"@type", "photoSize"}, {"type", type}, {"photo", view(f)}, {"width", w}, {"height", h},
          {"progressive_sizes", json::array{}}};
}

json::object photo(const FileInfo& large, const FileInfo* small, const FileView& view) {
  json::array sizes;
  if (small) sizes.emplace_back(photo_size("m", *small, 320, 240, view));
  sizes.emplace_back(photo_size("x", large, 800, 600, view));
  return {{"@type", "photo"}, {"has_stickers", false}, {"sizes", std::move(sizes)}};
}

json::object photo_content(const FileInfo& large, const FileInfo* small, json::object caption, const FileView& view) {
  return {{"@type", "messagePhoto"},       {"photo", photo(large, small, view)}, {"caption", std::move(caption)},
          {"show_caption_above_media", false}, {"has_spoiler", false},            {"is_secret", false}};
}

json::object plain(const std::string& text) {
  TextBuilder b;
  // A #word in world messages is a hashtag, as Telegram would mark it.
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t hash = text.find('#', at);
    if (hash == std::string::npos) {
      b.add(std::string_view(text).substr(at));
      break;
    }
    std::size_t end = text.find(' ', hash);
    if (end == std::string::npos) end = text.size();
    b.add(std::string_view(text).substr(at, hash - at));
    b.add(std::string_view(text).substr(hash, end - hash), "textEntityTypeHashtag");
    at = end;
  }
  return b.formatted();
}

json::object world_content(const WorldMessage& m, const FileInfo* f, const FileView& view) {
  json::object caption = plain(m.text);
  switch (m.kind) {
    case MsgKind::text: return {{"@type", "messageText"}, {"text", std::move(caption)}};
    case MsgKind::join_by_link: return typed("messageChatJoinByLink");
    case MsgKind::photo: return photo_content(*f, nullptr, std::move(caption), view);
    case MsgKind::video:
      return {{"@type", "messageVideo"},
              {"video", json::object{{"@type", "video"}, {"duration", 12}, {"width", 1280}, {"height", 720},
                                     {"file_name", "clip.mp4"}, {"mime_type", "video/mp4"}, {"has_stickers", false},
                                     {"supports_streaming", true}, {"video", view(*f)}}},
              {"alternative_videos", json::array{}},
              {"storyboards", json::array{}},
              {"start_timestamp", 0},
              {"caption", std::move(caption)},
              {"show_caption_above_media", false},
              {"has_spoiler", false},
              {"is_secret", false}};
    case MsgKind::animation:
      return {{"@type", "messageAnimation"},
              {"animation", json::object{{"@type", "animation"}, {"duration", 3}, {"width", 480}, {"height", 270},
                                         {"file_name", "loop.mp4"}, {"mime_type", "video/mp4"},
                                         {"has_stickers", false}, {"animation", view(*f)}}},
              {"caption", std::move(caption)},
              {"show_caption_above_media", false},
              {"has_spoiler", false},
              {"is_secret", false}};
    case MsgKind::document:
      return {{"@type", "messageDocument"},
              {"document", json::object{{"@type", "document"}, {"file_name", "report.pdf"},
                                        {"mime_type", "application/pdf"}, {"document", view(*f)}}},
              {"caption", std::move(caption)}};
    case MsgKind::audio:
      return {{"@type", "messageAudio"},
              {"audio", json::object{{"@type", "audio"}, {"duration", 125}, {"title", "Sim song"},
                                     {"performer", "Sim band"}, {"file_name", "song.mp3"}, {"mime_type", "audio/mpeg"},
                                     {"external_album_covers", json::array{}}, {"audio", view(*f)}}},
              {"caption", std::move(caption)}};
    case MsgKind::voice_note:
      return {{"@type", "messageVoiceNote"},
              {"voice_note", json::object{{"@type", "voiceNote"}, {"duration", 4}, {"waveform", "AAAA"},
                                          {"mime_type", "audio/ogg"}, {"voice", view(*f)}}},
              {"caption", std::move(caption)},
              {"is_listened", false}};
    case MsgKind::video_note:
      return {{"@type", "messageVideoNote"},
              {"video_note", json::object{{"@type", "videoNote"}, {"duration", 6}, {"waveform", ""}, {"length", 384},
                                          {"video", view(*f)}}},
              {"is_viewed", false},
              {"is_secret", false}};
    case MsgKind::sticker:
      return {{"@type", "messageSticker"},
              {"sticker", json::object{{"@type", "sticker"}, {"id", "4242424242424242"}, {"set_id", "77777777777"},
                                       {"width", 512}, {"height", 512}, {"emoji", "\xF0\x9F\x98\x80"},
                                       {"format", typed("stickerFormatWebp")},
                                       {"full_type", typed("stickerFullTypeRegular")}, {"sticker", view(*f)}}},
              {"is_premium", false}};
  }
  return {{"@type", "messageText"}, {"text", std::move(caption)}};
}

}  // namespace

std::size_t utf16_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) n += (c >= 0xF0) ? 2 : 1;  // a 4-byte sequence is a surrogate pair
  }
  return n;
}

TextBuilder& TextBuilder::add(std::string_view piece, const char* entity_type) {
  const std::size_t len = utf16_length(piece);
  if (entity_type && len > 0) {
    entities_.emplace_back(json::object{{"@type", "textEntity"},
                                        {"offset", units_},
                                        {"length", len},
                                        {"type", typed(entity_type)}});
  }
  text_ += piece;
  units_ += len;
  return *this;
}

json::object TextBuilder::formatted() const {
  return {{"@type", "formattedText"}, {"text", text_}, {"entities", entities_}};
}

json::object td_error(int code, std::string_view message) {
  return {{"@type", "error"}, {"code", code}, {"message", message}};
}

json::object td_ok() { return typed("ok"); }

json::object auth_state(AuthState s, std::string_view phone, std::string_view hint) {
  json::object o = typed(auth_type(s));
  if (s == AuthState::wait_code) {
    o["code_info"] = json::object{{"@type", "authenticationCodeInfo"},
                                  {"phone_number", phone},
                                  {"type", json::object{{"@type", "authenticationCodeTypeTelegramMessage"}, {"length", 5}}},
                                  {"timeout", 0}};
  } else if (s == AuthState::wait_password) {
    o["password_hint"] = hint;
    o["has_recovery_email_address"] = false;
    o["has_passport_data"] = false;
    o["recovery_email_address_pattern"] = "";
  } else if (s == AuthState::wait_registration) {
    o["terms_of_service"] = json::object{{"@type", "termsOfService"},
                                         {"text", TextBuilder().add("Simulated terms of service").formatted()},
                                         {"min_user_age", 0},
                                         {"show_popup", false}};
  }
  return o;
}

json::object auth_update(AuthState s, std::string_view phone, std::string_view hint) {
  return {{"@type", "updateAuthorizationState"}, {"authorization_state", auth_state(s, phone, hint)}};
}

json::object file_object(const FileInfo& f, std::int64_t downloaded, bool active, const std::string& path) {
  const bool done = downloaded >= f.size;
  return {{"@type", "file"},
          {"id", f.id},
          {"size", f.size},
          {"expected_size", f.size},
          {"local", json::object{{"@type", "localFile"},
                                 {"path", done ? path : std::string()},
                                 {"can_be_downloaded", true},
                                 {"can_be_deleted", done},
                                 {"is_downloading_active", active && !done},
                                 {"is_downloading_completed", done},
                                 {"download_offset", 0},
                                 {"downloaded_prefix_size", downloaded},
                                 {"downloaded_size", downloaded}}},
          {"remote", json::object{{"@type", "remoteFile"},
                                  {"id", f.remote_id},
                                  {"unique_id", "tdsimU" + std::to_string(f.id)},
                                  {"is_uploading_active", false},
                                  {"is_uploading_completed", true},
                                  {"uploaded_size", f.size}}}};
}

json::object chat_object(const WorldChat& c, bool member) {
  json::object permissions = typed("chatPermissions");
  for (const char* k : {"can_send_basic_messages", "can_send_audios", "can_send_documents", "can_send_photos",
                        "can_send_videos", "can_send_video_notes", "can_send_voice_notes", "can_send_polls",
                        "can_send_other_messages", "can_add_link_previews", "can_react_to_messages", "can_edit_tag",
                        "can_change_info", "can_invite_users", "can_pin_messages", "can_create_topics"}) {
    permissions[k] = !c.is_channel && std::string_view(k).starts_with("can_send");
  }
  json::object notify = typed("chatNotificationSettings");
  for (const char* k : {"use_default_mute_for", "use_default_sound", "use_default_show_preview", "use_default_mute_stories",
                        "use_default_story_sound", "use_default_show_story_poster",
                        "use_default_disable_pinned_message_notifications", "use_default_disable_mention_notifications"}) {
    notify[k] = true;
  }
  notify["mute_for"] = 0;
  notify["sound_id"] = "0";
  notify["show_preview"] = true;
  notify["mute_stories"] = false;
  notify["story_sound_id"] = "0";
  notify["show_story_poster"] = false;
  notify["disable_pinned_message_notifications"] = false;
  notify["disable_mention_notifications"] = false;
  json::array lists;
  if (member) lists.emplace_back(typed("chatListMain"));
  return {{"@type", "chat"},
          {"id", c.chat_id()},
          {"type", json::object{{"@type", "chatTypeSupergroup"}, {"supergroup_id", c.supergroup_id}, {"is_channel", c.is_channel}}},
          {"title", c.title},
          {"accent_color_id", static_cast<int>(c.supergroup_id % 7)},
          {"background_custom_emoji_id", "0"},
          {"profile_accent_color_id", -1},
          {"profile_background_custom_emoji_id", "0"},
          {"permissions", std::move(permissions)},
          {"positions", json::array{}},
          {"chat_lists", std::move(lists)},
          {"has_protected_content", false},
          {"is_translatable", false},
          {"is_marked_as_unread", false},
          {"view_as_topics", false},
          {"has_scheduled_messages", false},
          {"can_be_deleted_only_for_self", false},
          {"can_be_deleted_for_all_users", false},
          {"can_be_reported", true},
          {"default_disable_notification", false},
          {"unread_count", 0},
          {"last_read_inbox_message_id", 0},
          {"last_read_outbox_message_id", 0},
          {"unread_mention_count", 0},
          {"unread_reaction_count", 0},
          {"unread_poll_vote_count", 0},
          {"notification_settings", std::move(notify)},
          {"available_reactions", json::object{{"@type", "chatAvailableReactionsAll"}, {"max_reaction_count", 11}}},
          {"message_auto_delete_time", 0},
          {"video_chat", json::object{{"@type", "videoChat"}, {"group_call_id", 0}, {"has_participants", false}}},
          {"reply_markup_message_id", 0},
          {"client_data", ""}};
}

json::object supergroup_object(const WorldChat& c, bool member, int member_count, std::int64_t created_unix) {
  json::object o{{"@type", "supergroup"}, {"id", c.supergroup_id}};
  if (!c.username.empty()) {
    o["usernames"] = json::object{{"@type", "usernames"},
                                  {"active_usernames", json::array{json::value(c.username)}},
                                  {"disabled_usernames", json::array{}},
                                  {"editable_username", c.username},
                                  {"collectible_usernames", json::array{}}};
  }
  o["date"] = created_unix;
  o["status"] = member ? json::object{{"@type", "chatMemberStatusMember"}, {"member_until_date", 0}}
                       : typed("chatMemberStatusLeft");
  o["member_count"] = member_count;
  o["boost_level"] = 0;
  for (const char* k : {"has_automatic_translation", "has_linked_chat", "has_location", "sign_messages",
                        "show_message_sender", "join_to_send_messages", "join_by_request", "is_slow_mode_enabled",
                        "is_broadcast_group", "is_forum", "is_direct_messages_group",
                        "is_administered_direct_messages_group", "has_direct_messages_group", "has_forum_tabs"}) {
    o[k] = false;
  }
  o["is_channel"] = c.is_channel;
  o["paid_message_star_count"] = 0;
  return o;
}

json::object supergroup_full_info(const WorldChat& c, int member_count) {
  json::object o{{"@type", "supergroupFullInfo"}, {"description", c.description}, {"member_count", member_count},
                 {"administrator_count", 1}, {"restricted_count", 0}, {"banned_count", 0}, {"linked_chat_id", 0},
                 {"direct_messages_chat_id", 0}, {"slow_mode_delay", 0}, {"slow_mode_delay_expires_in", 0}};
  for (const char* k : {"can_enable_paid_messages", "can_enable_paid_reaction", "can_get_members", "has_hidden_members",
                        "can_hide_members", "can_set_sticker_set", "can_set_location", "can_get_statistics",
                        "can_get_revenue_statistics", "can_get_star_revenue_statistics", "can_send_gift",
                        "can_toggle_aggressive_anti_spam", "can_have_sponsored_messages",
                        "has_aggressive_anti_spam_enabled", "has_paid_media_allowed", "has_pinned_stories"}) {
    o[k] = false;
  }
  o["is_all_history_available"] = true;
  for (const char* k : {"gift_count", "my_boost_count", "unrestrict_boost_count", "outgoing_paid_message_star_count",
                        "guard_bot_user_id", "upgraded_from_basic_group_id", "upgraded_from_max_message_id"}) {
    o[k] = 0;
  }
  o["sticker_set_id"] = "0";
  o["custom_emoji_sticker_set_id"] = "0";
  o["bot_commands"] = json::array{};
  return o;
}

json::object user_object(std::int64_t id, const std::string& first_name, const std::string& phone_digits) {
  return {{"@type", "user"},
          {"id", id},
          {"first_name", first_name},
          {"last_name", ""},
          {"phone_number", phone_digits},
          {"status", typed("userStatusEmpty")},
          {"accent_color_id", static_cast<int>(id % 7)},
          {"background_custom_emoji_id", "0"},
          {"profile_accent_color_id", -1},
          {"profile_background_custom_emoji_id", "0"},
          {"is_contact", false},
          {"is_mutual_contact", false},
          {"is_close_friend", false},
          {"is_premium", false},
          {"is_support", false},
          {"restricts_new_chats", false},
          {"paid_message_star_count", 0},
          {"have_access", true},
          {"type", typed("userTypeRegular")},
          {"language_code", ""},
          {"added_to_attachment_menu", false}};
}

json::object invite_link_info(const WorldChat& c, bool accessible, int member_count) {
  return {{"@type", "chatInviteLinkInfo"},
          {"chat_id", accessible ? c.chat_id() : 0},
          {"accessible_for", 0},
          {"type", typed(c.is_channel ? "inviteLinkChatTypeChannel" : "inviteLinkChatTypeSupergroup")},
          {"title", c.title},
          {"accent_color_id", static_cast<int>(c.supergroup_id % 7)},
          {"description", c.description},
          {"member_count", member_count},
          {"member_user_ids", json::array{}},
          {"creates_join_request", false},
          {"is_public", false}};
}

json::object feed_post_text(const SimPost& p) {
  TextBuilder b;
  b.add(p.title, "textEntityTypeBold").add("\n");
  // The body as the preview's text shows it; its <b>feed i</b> stays bold.
  const std::string body = text::html_to_text(p.html);
  const std::string bold = "feed " + std::to_string(p.feed);
  const std::size_t at = body.find(bold);
  if (at == std::string::npos) {
    b.add(body);
  } else {
    b.add(std::string_view(body).substr(0, at)).add(bold, "textEntityTypeBold").add(std::string_view(body).substr(at + bold.size()));
  }
  for (std::size_t i = 0; i < p.categories.size(); ++i) {
    b.add(i ? " " : "\n\n").add("#" + p.categories[i], "textEntityTypeHashtag");
  }
  return b.formatted();
}

json::object feed_message(const SimPost& p, std::int64_t chat_id, const FileInfo* large, const FileInfo* small,
                          const FileView& view) {
  json::object m = message_base(message_id(p.index), chat_id, sender_chat(chat_id), true, p.published);
  m["interaction_info"] = interaction(telegram_views(p.index));
  if (large) {
    m["content"] = photo_content(*large, small, feed_post_text(p), view);
  } else {
    m["content"] = json::object{{"@type", "messageText"}, {"text", feed_post_text(p)}};
  }
  return m;
}

json::object world_message(const WorldChat& c, const WorldMessage& w, const FileInfo* file, const FileView& view) {
  json::object sender = w.sender_user ? sender_user(w.sender_user) : sender_chat(c.chat_id());
  json::object m = message_base(message_id(w.index), c.chat_id(), std::move(sender), c.is_channel, w.date);
  if (c.is_channel) m["interaction_info"] = interaction(10 * (w.index + 1));
  if (w.reply_to) {
    m["reply_to"] = json::object{{"@type", "messageReplyToMessage"},
                                 {"chat_id", c.chat_id()},
                                 {"message_id", message_id(*w.reply_to)},
                                 {"checklist_task_id", 0},
                                 {"poll_option_id", ""},
                                 {"origin_send_date", 0}};
  }
  if (w.forwarded) {
    const std::int64_t from = chat_id_of(kFeedSupergroupBase);
    m["forward_info"] = json::object{
        {"@type", "messageForwardInfo"},
        {"origin", json::object{{"@type", "messageOriginChannel"}, {"chat_id", from}, {"message_id", message_id(0)},
                                {"author_signature", ""}}},
        {"date", unix_s(w.date) - 3600},
        {"public_service_announcement_type", ""}};
  }
  m["media_album_id"] = w.album_id;
  m["content"] = world_content(w, file, view);
  return m;
}

}  // namespace gather::sim::tdsim
