#include "theme/template_theme.h"

#include <kainjow/mustache.hpp>

#include <cctype>
#include <mutex>
#include <set>

#include "theme/escape.h"

namespace gather::theme {

namespace {
namespace mstch = kainjow::mustache;

// "FILE:LINE:COL" for a byte offset into the template.
std::string where(const ThemeSpec& spec, std::size_t offset) {
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i < offset && i < spec.source.size(); ++i) {
    if (spec.source[i] == '\n') {
      ++line;
      col = 1;
    } else if ((static_cast<unsigned char>(spec.source[i]) & 0xC0) != 0x80) {
      ++col;
    }
  }
  return spec.origin + ":" + std::to_string(line) + ":" + std::to_string(col);
}

// kainjow ends its messages with " at OFFSET"; people want a line and a column.
std::string syntax_error(const ThemeSpec& spec, const std::string& message) {
  auto at = message.rfind(" at ");
  if (at != std::string::npos && at + 4 < message.size() &&
      message.find_first_not_of("0123456789", at + 4) == std::string::npos)
    return where(spec, std::stoul(message.substr(at + 4))) + ": " + message.substr(0, at);
  return spec.origin + ": " + message;
}

// The offset of the first tag naming `name`, to point at it in an error; npos when the
// template changed its delimiters and the tag cannot be found this simply.
std::size_t tag_offset(const std::string& source, const std::string& name) {
  for (auto open = source.find("{{"); open != std::string::npos; open = source.find("{{", open + 2)) {
    auto close = source.find("}}", open + 2);
    if (close == std::string::npos) break;
    std::string_view tag(source.data() + open + 2, close - open - 2);
    while (!tag.empty() && (std::isspace(static_cast<unsigned char>(tag.front())) || std::string_view("#^/&{>").find(tag.front()) != std::string_view::npos))
      tag.remove_prefix(1);
    while (!tag.empty() && (std::isspace(static_cast<unsigned char>(tag.back())) || tag.back() == '}')) tag.remove_suffix(1);
    if (tag == name) return open;
  }
  return std::string::npos;
}

// Renders like kainjow's own context but notes every name it could not find: the load-time
// check that catches {{titel}}.
class RecordingContext : public mstch::basic_context<std::string> {
 public:
  explicit RecordingContext(const mstch::data* root) : inner_(root) {}
  void push(const mstch::data* d) override { inner_.push(d); }
  void pop() override { inner_.pop(); }
  const mstch::data* get(const std::string& name) const override {
    const mstch::data* d = inner_.get(name);
    if (!d) unknown.insert(name);
    return d;
  }
  const mstch::data* get_partial(const std::string& name) const override {
    partials.insert(name);
    return nullptr;
  }
  mutable std::set<std::string> unknown;
  mutable std::set<std::string> partials;

 private:
  mstch::context<std::string> inner_;
};

// Two posts to render a new template with at load: one with every field set, so that every
// {{#section}} is entered, and an empty one, so that every {{^section}} is.
Post full_sample() {
  Post p;
  p.id = "1";
  p.url = "https://example.com/p/1";
  p.title = "Title";
  p.text = "First line\nsecond line";
  p.author = "Author";
  p.published = TimePoint{} + std::chrono::hours(24 * 365 * 50);
  p.categories = {"category"};
  p.tags = {"tag"};
  p.media = {{"https://example.com/1.jpg", "image", "image/jpeg"}, {"https://example.com/1.mp4", "video", ""}};
  p.views = 1;
  p.truncated = true;
  p.edited = true;
  Post inner = p;
  p.repost.push_back(inner);
  return p;
}

std::vector<std::string> pictures(const Post& post, Pictures which) {
  std::vector<std::string> out;
  if (which == Pictures::kNone) return out;
  auto add = [&](const Post& p) {
    for (const auto& m : p.media) {
      if (m.type != "image") continue;
      if (which == Pictures::kFirst && !out.empty()) return;
      out.push_back(m.url);
    }
  };
  add(post);
  // A repost's pictures are usually the point of it (Weibo puts them on the original).
  for (const auto& r : post.repost) add(r);
  return out;
}

void trim(std::string& s) {
  auto blank = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  std::size_t end = s.size();
  while (end > 0 && blank(s[end - 1])) --end;
  std::size_t begin = 0;
  while (begin < end && blank(s[begin])) ++begin;
  s = s.substr(begin, end - begin);
}

// Blank-line runs become one blank line (templates and post text alike), and the message
// starts and ends with text: what a false section leaves behind never shows.
void tidy(std::string& s) {
  std::string out;
  out.reserve(s.size());
  std::size_t breaks = 0;
  for (char c : s) {
    if (c == '\n') {
      if (++breaks > 2) continue;
    } else if (c != '\r') {
      breaks = 0;
    }
    out += c;
  }
  s.swap(out);
  trim(s);
}


class TemplateTheme : public Theme {
 public:
  explicit TemplateTheme(ThemeSpec spec) : spec_(std::move(spec)), escape_(escaper_for(spec_.format)) {
    template_ = compile();
    check();
  }

  const std::string& name() const override { return spec_.name; }
  const std::string& origin() const override { return spec_.origin; }

  RenderedMessage render(const Post& post, const Target& target, const ViewOptions& options) const override {
    if (spec_.needs_title && post.title.empty()) throw RenderError("the post has no title");
    mstch::data view = make_view(post, target, options);
    std::string out;
    {
      // kainjow's render is not const: it records errors in the template object.
      std::lock_guard lock(mutex_);
      template_->render(view, [&out](const std::string& s) { out += s; });
      if (!template_->is_valid()) {
        std::string why = template_->error_message();
        template_ = compile();  // an error sticks to the object; the next post gets a clean one
        throw RenderError(why);
      }
    }
    strip_href_marks(out);
    tidy(out);
    if (out.empty()) throw RenderError("the template rendered nothing");
    return RenderedMessage{std::move(out), spec_.format, pictures(post, spec_.pictures), spec_.name};
  }

 private:
  std::unique_ptr<mstch::mustache> compile() const {
    auto t = std::make_unique<mstch::mustache>(spec_.source);
    if (!t->is_valid()) throw ThemeError(syntax_error(spec_, t->error_message()));
    t->set_custom_escape(escape_);
    return t;
  }

  void check() const {
    Target target;
    target.platform = "rss";
    target.name = "sample";
    for (const Post& post : {full_sample(), Post{}}) {
      mstch::data view = make_view(post, target, ViewOptions{});
      RecordingContext context(&view);
      auto t = compile();
      t->render(context);
      if (!t->is_valid()) throw ThemeError(syntax_error(spec_, t->error_message()));
      if (!context.partials.empty()) {
        const std::string& p = *context.partials.begin();
        auto at = tag_offset(spec_.source, p);
        throw ThemeError((at == std::string::npos ? spec_.origin : where(spec_, at)) + ": partials ({{> " + p +
                         "}}) are not supported; a theme is one file");
      }
      if (!context.unknown.empty()) {
        const std::string& name = *context.unknown.begin();
        auto at = tag_offset(spec_.source, name);
        throw ThemeError((at == std::string::npos ? spec_.origin : where(spec_, at)) + ": unknown variable '" +
                         name + "' (a post has: " + std::string(kViewNames) + ")");
      }
    }
  }

  ThemeSpec spec_;
  std::function<std::string(const std::string&)> escape_;
  mutable std::mutex mutex_;
  mutable std::unique_ptr<mstch::mustache> template_;
};

}  // namespace

std::unique_ptr<Theme> compile_template(const ThemeSpec& spec) {
  try {
    return std::make_unique<TemplateTheme>(spec);
  } catch (const std::invalid_argument& e) {  // the format
    throw ThemeError(spec.origin + ": " + e.what());
  }
}

}  // namespace gather::theme
