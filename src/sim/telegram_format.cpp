#include "sim/telegram_format.h"

#include <date/date.h>

#include <cctype>
#include <charconv>

#include "sim/xml_escape.h"

namespace gather::sim {

namespace {

// t.me writes times as UTC with an explicit +00:00 offset, to the second.
std::string preview_time(TimePoint t) {
  return date::format("%FT%T", std::chrono::floor<std::chrono::seconds>(t)) + "+00:00";
}

std::string clock_time(TimePoint t) { return date::format("%H:%M", std::chrono::floor<std::chrono::minutes>(t)); }

std::string render_message(const SimPost& p, std::string_view channel, std::string_view title) {
  const std::string post_ref = std::string(channel) + "/" + std::to_string(p.index + 1);
  const std::string link = "https://t.me/" + post_ref;
  std::string x = "<div class=\"tgme_widget_message_wrap js-widget_message_wrap\">";
  x += "<div class=\"tgme_widget_message text_not_supported_wrap js-widget_message\" data-post=\"" + post_ref + "\">\n";
  x += "<div class=\"tgme_widget_message_bubble\">\n";
  x += "<div class=\"tgme_widget_message_author accent_color\"><a class=\"tgme_widget_message_owner_name\" "
       "href=\"https://t.me/" +
       std::string(channel) + "\"><span dir=\"auto\">" + xml_escape(title) + "</span></a></div>\n";
  if (p.image_url) {
    x += "<a class=\"tgme_widget_message_photo_wrap\" href=\"" + link +
         "\" style=\"width:800px;background-image:url('" + xml_escape(*p.image_url) +
         "')\"><div class=\"tgme_widget_message_photo\" style=\"padding-top:75%\"></div></a>\n";
  }
  x += "<div class=\"tgme_widget_message_text js-message_text\" dir=\"auto\"><b>" + xml_escape(p.title) + "</b><br/>" +
       p.html;
  if (!p.categories.empty()) {
    x += "<br/>";
    for (std::size_t i = 0; i < p.categories.size(); ++i) {
      x += (i ? " " : "") + std::string("<a href=\"?q=%23") + xml_escape(p.categories[i]) + "\">#" +
           xml_escape(p.categories[i]) + "</a>";
    }
  }
  x += "</div>\n";
  x += "<div class=\"tgme_widget_message_footer compact js-message_footer\"><div class=\"tgme_widget_message_info "
       "short js-message_info\">";
  x += "<span class=\"tgme_widget_message_views\">" + compact_count(telegram_views(p.index)) +
       "</span><span class=\"copyonly\"> views</span>";
  x += "<span class=\"tgme_widget_message_meta\"><a class=\"tgme_widget_message_date\" href=\"" + link +
       "\"><time datetime=\"" + preview_time(p.published) + "\" class=\"time\">" + clock_time(p.published) +
       "</time></a></span>";
  x += "</div></div>\n</div>\n</div></div>\n";
  return x;
}

}  // namespace

std::string telegram_channel(int feed) { return "chan" + std::to_string(feed); }

std::optional<int> telegram_channel_feed(std::string_view name, int feeds) {
  if (name.size() < 5 || name.size() > 14) return std::nullopt;
  for (std::size_t i = 0; i < 4; ++i) {
    if (std::tolower(static_cast<unsigned char>(name[i])) != "chan"[i]) return std::nullopt;
  }
  const std::string_view digits = name.substr(4);
  if (digits.size() > 1 && digits.front() == '0') return std::nullopt;  // one spelling per channel
  int i = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), i);
  if (ec != std::errc{} || end != digits.data() + digits.size() || i < 0 || i >= feeds) return std::nullopt;
  return i;
}

std::string telegram_channel_title(int feed) { return "Simulated channel " + std::to_string(feed); }

std::int64_t telegram_views(int k) { return 100 * (static_cast<std::int64_t>(k) + 1); }

std::string compact_count(std::int64_t n) {
  const auto scaled = [](std::int64_t v, std::int64_t unit, const char* suffix) {
    const std::int64_t tenths = v / (unit / 10) % 10;
    return std::to_string(v / unit) + (tenths ? "." + std::to_string(tenths) : "") + suffix;
  };
  if (n < 1'000) return std::to_string(n);
  if (n < 1'000'000) return scaled(n, 1'000, "K");
  if (n < 1'000'000'000) return scaled(n, 1'000'000, "M");
  return scaled(n, 1'000'000'000, "B");
}

std::string render_channel_page(const ChannelPage& page) {
  const std::string channel = telegram_channel(page.feed);
  const std::string title = telegram_channel_title(page.feed);
  std::string x = "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>" + xml_escape(title) +
                  " – Telegram</title>\n</head>\n";
  x += "<body class=\"widget_frame_base tgme_webpage emoji_image nojs\">\n<main class=\"tgme_main\" "
       "data-url=\"https://t.me/s/" +
       channel + "\">\n";
  x += "<div class=\"tgme_container\">\n<section class=\"tgme_right_column\">\n<div class=\"tgme_channel_info\">\n";
  x += "<div class=\"tgme_channel_info_header\">";
  x += "<i class=\"tgme_page_photo_image bgcolor" + std::to_string(page.feed % 8) + "\" data-content=\"S" +
       std::to_string(page.feed) + "\"></i>";
  x += "<div class=\"tgme_channel_info_header_title_wrap\"><div class=\"tgme_channel_info_header_title\"><span "
       "dir=\"auto\">" +
       xml_escape(title) + "</span></div></div>";
  x += "<div class=\"tgme_channel_info_header_username\"><a href=\"https://t.me/" + channel + "\">@" + channel +
       "</a></div>";
  x += "</div>\n<div class=\"tgme_channel_info_description\">The posts of simulated feed " + std::to_string(page.feed) +
       "<br/>Published by a Poisson process &amp; on demand</div>\n</div>\n</section>\n";
  x += "<section class=\"tgme_channel_history js-message_history\">\n";
  if (page.older_before) {
    const std::string id = std::to_string(*page.older_before);
    x += "<div class=\"tgme_widget_message_centered js-messages_more_wrap\"><a href=\"/s/" + channel + "?before=" + id +
         "\" class=\"tme_messages_more js-messages_more\" data-before=\"" + id + "\"></a></div>\n";
  }
  for (const SimPost& p : page.posts) x += render_message(p, channel, title);
  x += "</section>\n</div>\n</main>\n</body>\n</html>\n";
  return x;
}

}  // namespace gather::sim
