#include "theme/post_view.h"

#include <chrono>
#include <cstdio>

#include "theme/escape.h"
#include "theme/text_cut.h"

namespace gather::theme {

namespace {
using kainjow::mustache::data;

// The href mark must only ever come from the view itself (see escape.h).
std::string clean(std::string_view s) {
  std::string out(s);
  if (out.find(kHrefMark) != std::string::npos) strip_href_marks(out);
  return out;
}

std::string href(std::string_view url) { return kHrefMark + clean(url); }

std::string format_time(TimePoint t) {
  using namespace std::chrono;
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss hms{floor<minutes>(t - day)};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02ld:%02ld UTC", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()));
  return buf;
}

void join(std::string& out, const std::string& part) {
  if (part.empty()) return;
  if (!out.empty()) out += " · ";
  out += part;
}

// kainjow treats an empty string as true in {{#section}}, and a name missing from {{#repost}}
// would be looked up in the post around it; `false` is both falsy and found.
data field(std::string s) { return s.empty() ? data{false} : data{s}; }

data strings(const std::vector<std::string>& v) {
  data list{data::type::list};
  for (const auto& s : v) list.push_back(data{clean(s)});
  return list;
}

data lines(const std::string& text) {
  data list{data::type::list};
  if (text.empty()) return list;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    list.push_back(data{std::string(line)});
    start = end + 1;
  }
  return list;
}

data link(const std::string& url) {
  data d;
  d["url"] = data{clean(url)};
  d["href"] = data{href(url)};
  return d;
}

// The fields a post and its repost share. `platform` is empty for the repost.
data post_fields(const Post& post, const std::string& platform, const ViewOptions& options) {
  data d;
  std::string text = cut_text(clean(post.text), options.text_limit);
  std::string time = post.published ? format_time(*post.published) : "";
  std::string source;
  join(source, clean(post.author));
  join(source, platform);
  join(source, time);
  d["title"] = field(clean(post.title));
  d["lines"] = lines(text);
  d["text"] = field(std::move(text));
  d["url"] = field(clean(post.url));
  d["href"] = post.url.empty() ? data{false} : data{href(post.url)};
  d["author"] = field(clean(post.author));
  d["time"] = field(std::move(time));
  d["source"] = field(std::move(source));
  data images{data::type::list};
  data media{data::type::list};
  d["first_image"] = data{false};
  for (const auto& m : post.media) {
    data item = link(m.url);
    if (m.type == "image") {
      if (images.is_empty_list()) d["first_image"] = data{item};
      images.push_back(item);
    }
    item["type"] = data{clean(m.type)};
    media.push_back(item);
  }
  d["images"] = std::move(images);
  d["media"] = std::move(media);
  d["categories"] = strings(post.categories);
  d["tags"] = strings(post.tags);
  d["truncated"] = data{post.truncated};
  d["edited"] = data{post.edited};
  d["views"] = post.views ? data{std::to_string(*post.views)} : data{false};
  return d;
}

}  // namespace

kainjow::mustache::data make_view(const Post& post, const Target& target, const ViewOptions& options) {
  std::string platform = clean(target.platform);
  data d = post_fields(post, platform, options);
  d["platform"] = data{platform};
  d["target"] = field(clean(target.name.empty() ? target.key : target.name));
  d["repost"] = post.repost.empty() ? data{false} : post_fields(post.repost.front(), "", options);
  return d;
}

}  // namespace gather::theme
