// One theme: a name, a format and a way to turn a post into a message.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "core/post.h"
#include "core/records.h"
#include "deliver/sink.h"
#include "theme/post_view.h"

namespace gather::theme {

// A theme declined or failed to render one post. `reason` is the same for every post that
// fails the same way (no post ids in it), so the engine can log each (theme, reason) once.
class RenderError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A template that cannot be used, found when themes are loaded. what() names the file (or
// built-in theme), line and column where known, and what is wrong.
class ThemeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Which of a post's pictures go into RenderedMessage::images.
enum class Pictures { kAll, kFirst, kNone };

// A mustache theme before it is compiled: built-in or read from the user's directory.
struct ThemeSpec {
  std::string name;
  std::string format;  // "plain", "markdownv2" or "html"
  std::string source;  // the template text
  std::string origin;  // "built-in" or the file it was read from: what errors name
  Pictures pictures = Pictures::kAll;
  bool needs_title = false;  // refuses posts without a title (the chain then falls back)
};

class Theme {
 public:
  virtual ~Theme() = default;
  virtual const std::string& name() const = 0;
  virtual const std::string& origin() const = 0;
  // Throws RenderError. Safe to call from several threads at once.
  virtual RenderedMessage render(const Post& post, const Target& target, const ViewOptions& options) const = 0;
};

}  // namespace gather::theme
