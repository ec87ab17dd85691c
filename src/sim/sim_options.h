// How a simulator run is shaped. One struct so the CLI (`gather simulate`) and tests build it the
// same way.
#pragma once

#include <cstdint>
#include <string>

namespace gather {

struct SimOptions {
  std::uint16_t port = 0;  // 0 = any free port
  std::string address = "127.0.0.1";
  int feeds = 20;
  // Mean posts per hour per feed. Each feed's own rate is drawn around it (0.2x..1.8x),
  // deterministically from (seed, feed index).
  double rate_per_hour = 30;
  std::uint64_t seed = 1;
  // true: time stands still until POST /_sim/advance (or Simulator::advance) moves it.
  bool virtual_time = false;
  int page_size = 20;  // posts per feed response, newest first
  // Telegram web's anonymous budget: at most `telegram_limit` GET /s/{NAME} requests (all
  // channels together, as t.me counts per address) in any `telegram_window_s` seconds; more are
  // answered 429 with Retry-After. 0 = no limit.
  int telegram_limit = 600;
  int telegram_window_s = 60;
  // Weibo's risk control (see weibo_cookies.h): the anonymous budget, at most `weibo_anon_limit`
  // requests (all Weibo endpoints together) in any `weibo_anon_window_s` seconds (0 = no limit),
  // and how long a session that broke its budget is banned (418) after its 412.
  int weibo_anon_limit = 600;
  int weibo_anon_window_s = 60;
  int weibo_ban_s = 60;
  // Bilibili's anonymous budget: at most `bilibili_anon_limit` space-feed requests without a
  // registered cookie in any `bilibili_anon_window_s` seconds (0 = no limit). Over it the answer is
  // -799 and the pool is banned (-412 to everything) for `bilibili_ban_s` seconds of sim time.
  // Cookies get their own budgets through POST /_sim/bilibili/cookie.
  int bilibili_anon_limit = 600;
  int bilibili_anon_window_s = 60;
  int bilibili_ban_s = 60;
  // The TDLib stand-in's download speed per file, bytes per second of simulator time.
  std::int64_t tg_download_bytes_per_s = 5'000'000;
  // When set, POST /hook/{name} must carry a valid X-Gather-Signature or is answered 401.
  std::string hook_secret;
};

}  // namespace gather
