// Telegram public usernames, and the many ways users write one when naming a channel.
#pragma once

#include <string>
#include <string_view>

namespace gather::telegram {

// Whether `name` can be a public username: 5-32 ASCII letters, digits or underscores, starting
// with a letter.
bool valid_username(std::string_view name);

// The username a channel reference names, lower-cased (usernames are case-insensitive): NAME,
// @NAME, t.me/NAME, t.me/s/NAME, t.me/NAME/123 (a post link), with or without a scheme, on
// t.me, telegram.me or telegram.dog. Throws std::invalid_argument naming what is wrong: a
// private invite link (t.me/+..., t.me/joinchat/...) or private post link (t.me/c/...), a
// service link (t.me/addstickers/...), another host, an invalid username.
std::string channel_name(std::string_view input);

}  // namespace gather::telegram
