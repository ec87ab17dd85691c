#include "platforms/weibo/mblog_html.h"

#include <boost/url.hpp>

#include <algorithm>

#include "platforms/text/html_walk.h"

namespace gather::weibo {
namespace {

constexpr std::string_view kSuperTopicSuffix = "超话";
constexpr std::string_view kSuperTopicMark = "[超话]";
constexpr std::string_view kFullText = "全文";
// Super-topic pages are containers with this prefix (m.weibo.cn/p/index?containerid=100808...,
// weibo.com/p/100808...).
constexpr std::string_view kSuperTopicContainer = "100808";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

void add_unique(std::vector<std::string>& to, std::string value) {
  if (!value.empty() && std::find(to.begin(), to.end(), value) == to.end()) to.push_back(std::move(value));
}

// Lines of plain text, folded the way html_text folds them.
class Lines {
 public:
  void text(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (is_space(static_cast<char>(c))) {
        space_ = true;
      } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
        space_ = true;  // &nbsp;
        ++i;
      } else {
        if (space_ && !line_.empty()) line_ += ' ';
        space_ = false;
        line_ += static_cast<char>(c);
      }
    }
  }
  void hard_break() {
    lines_.push_back(std::move(line_));
    line_.clear();
    space_ = false;
  }
  void soft_break() {
    if (!line_.empty()) hard_break();
    space_ = false;
  }
  std::string finish() {
    soft_break();
    std::string out;
    bool blank = false;
    for (const auto& l : lines_) {
      if (l.empty()) {
        blank = !out.empty();
        continue;
      }
      if (!out.empty()) out += blank ? "\n\n" : "\n";
      blank = false;
      out += l;
    }
    return out;
  }

 private:
  std::vector<std::string> lines_;
  std::string line_;
  bool space_ = false;
};

struct Href {
  std::string path;
  std::string containerid;
};

Href read_href(std::string_view href) {
  Href h;
  auto ref = boost::urls::parse_uri_reference(trim(href));
  if (!ref) return h;
  h.path = ref->path();
  const auto params = ref->params();
  if (auto it = params.find("containerid"); it != params.end()) h.containerid = (*it).value;
  return h;
}

bool is_super_topic(const Href& h) {
  if (h.containerid.starts_with(kSuperTopicContainer)) return true;
  return h.path.starts_with("/p/" + std::string(kSuperTopicContainer));
}

// The stub links to the post's own page: /status/MID or /detail/MID.
bool is_full_text_stub(const text::HtmlElement& a, const Href& h) {
  return (h.path.starts_with("/status/") || h.path.starts_with("/detail/")) && trim(a.text()) == kFullText;
}

class MblogVisitor final : public text::HtmlVisitor {
 public:
  explicit MblogVisitor(MblogHtml& out) : out_(out) {}

  bool enter(const text::HtmlElement& e) override {
    const std::string tag = e.tag();
    if (tag == "br") {
      lines_.hard_break();
      return false;
    }
    if (tag == "img") {
      // Emoji carry their name in alt; link icons have none and mean nothing in plain text.
      if (auto alt = e.attribute("alt")) lines_.text(*alt);
      return false;
    }
    if (tag == "script" || tag == "style") return false;
    if (tag == "p" || tag == "div" || tag == "li") lines_.soft_break();
    if (tag == "a") {
      const Href h = read_href(e.attribute("href").value_or(""));
      if (is_full_text_stub(e, h)) {
        out_.full_text_stub = true;
        return false;
      }
      if (is_super_topic(h)) {
        const std::string words = e.text();  // kept: trim() views into it
        std::string_view name = trim(words);
        if (name.ends_with(kSuperTopicSuffix)) name.remove_suffix(kSuperTopicSuffix.size());
        add_unique(out_.super_topics, std::string(trim(name)));
      }
    }
    return true;
  }
  void leave(const text::HtmlElement& e) override {
    const std::string tag = e.tag();
    if (tag == "p" || tag == "div" || tag == "li") lines_.soft_break();
  }
  void text(std::string_view chars) override { lines_.text(chars); }

  std::string finish() { return lines_.finish(); }

 private:
  MblogHtml& out_;
  Lines lines_;
};

}  // namespace

MblogHtml read_mblog_html(std::string_view html) {
  MblogHtml out;
  MblogVisitor visitor(out);
  text::walk_html(html, visitor);
  out.text = visitor.finish();
  return out;
}

std::vector<std::string> topics_in(std::string_view text) {
  std::vector<std::string> topics;
  std::size_t line_start = 0;
  while (line_start <= text.size()) {
    const std::size_t line_end = std::min(text.find('\n', line_start), text.size());
    const std::string_view line = text.substr(line_start, line_end - line_start);
    std::size_t open = line.find('#');
    while (open != std::string_view::npos) {
      const std::size_t close = line.find('#', open + 1);
      if (close == std::string_view::npos) break;
      std::string_view inside = line.substr(open + 1, close - open - 1);
      if (!inside.empty() && !is_space(inside.front()) && !is_space(inside.back())) {
        if (inside.ends_with(kSuperTopicMark)) inside.remove_suffix(kSuperTopicMark.size());
        add_unique(topics, std::string(trim(inside)));
        open = line.find('#', close + 1);
      } else {
        open = close;  // the closing # may open the next topic: "a# #topic#"
      }
    }
    line_start = line_end + 1;
  }
  return topics;
}

std::vector<std::string> tags_of(const MblogHtml& read) {
  std::vector<std::string> tags = topics_in(read.text);
  for (const auto& name : read.super_topics) add_unique(tags, name);
  return tags;
}

}  // namespace gather::weibo
