// TDLib's own JSON objects for what the stand-in's world holds (schema: @prebuilt-tdlib/types'
// tdlib-types.d.ts, `_` there is `@type` here). int64 fields are strings, int53 numbers; null
// optional fields are left out, as TDLib's JSON does. Text entity offsets count UTF-16 units.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "sim/sim_post.h"
#include "sim/tdsim_world.h"

namespace gather::sim::tdsim {

std::size_t utf16_length(std::string_view utf8);

// A formattedText built piece by piece; a piece with an entity type gets a textEntity.
class TextBuilder {
 public:
  TextBuilder& add(std::string_view piece, const char* entity_type = nullptr);
  boost::json::object formatted() const;

 private:
  std::string text_;
  std::size_t units_ = 0;
  boost::json::array entities_;
};

boost::json::object td_error(int code, std::string_view message);
boost::json::object td_ok();
boost::json::object auth_state(AuthState s, std::string_view phone, std::string_view password_hint);
boost::json::object auth_update(AuthState s, std::string_view phone = {}, std::string_view password_hint = {});

// How this client sees a file right now (its own download state).
using FileView = std::function<boost::json::object(const FileInfo&)>;
boost::json::object file_object(const FileInfo& f, std::int64_t downloaded, bool active, const std::string& path);

boost::json::object chat_object(const WorldChat& c, bool member);
boost::json::object supergroup_object(const WorldChat& c, bool member, int member_count, std::int64_t created_unix);
boost::json::object supergroup_full_info(const WorldChat& c, int member_count);
boost::json::object user_object(std::int64_t id, const std::string& first_name, const std::string& phone_digits);
boost::json::object invite_link_info(const WorldChat& c, bool accessible, int member_count);

// The text of feed post p as chan{i} shows it: the web preview's text (title in bold, body,
// #hashtags), the same string gather's web parser produces.
boost::json::object feed_post_text(const SimPost& p);
// Feed post p as a message of its channel; `large`/`small` are its photo's files when it has one.
boost::json::object feed_message(const SimPost& p, std::int64_t chat_id, const FileInfo* large, const FileInfo* small,
                                 const FileView& view);
boost::json::object world_message(const WorldChat& c, const WorldMessage& m, const FileInfo* file, const FileView& view);

}  // namespace gather::sim::tdsim
