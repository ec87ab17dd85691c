// The themes a running gather knows (built-in and the user's) and the fallback chain that picks
// one per delivery. Its renderer() is what SinkContext::render calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "deliver/sink.h"
#include "theme/theme.h"
#include "theme/theme_options.h"

namespace gather::theme {

class ThemeEngine {
 public:
  // Loads and compiles every theme. Throws ThemeError naming the file and what is wrong.
  explicit ThemeEngine(ThemeOptions options = {});
  ThemeEngine(const ThemeEngine&) = delete;
  ThemeEngine& operator=(const ThemeEngine&) = delete;

  bool has(std::string_view name) const;
  std::vector<std::string> names() const;  // sorted
  const ThemeOptions& options() const { return options_; }

  // One theme, no fallback. Throws RenderError (also for an unknown name).
  RenderedMessage render_with(std::string_view theme, const Post& post, const Target& target) const;

  // The chain: the subscription's theme, the platform's default, `sink_default`, basic; each
  // tried once, in that order, until one renders. A failure is counted for its theme and logged
  // once per (theme, reason). Throws RenderError when every theme failed.
  RenderedMessage render(const Post& post, const Target& target, const Subscription& subscription,
                         std::string_view sink_default) const;

  // render() as a Renderer. It refers to this engine, which must outlive it.
  Renderer renderer() const;

  // Failed renders per theme name since start (names never seen failing are absent).
  std::map<std::string, std::uint64_t> failures() const;
  // "brief 12 (the post has no title), custom 1 (no such theme)", or "" when nothing failed.
  std::string failure_summary() const;

 private:
  void note_failure(const std::string& theme, const std::string& reason) const;

  ThemeOptions options_;
  std::map<std::string, std::unique_ptr<Theme>, std::less<>> themes_;
  mutable std::mutex mutex_;  // guards what follows
  mutable std::map<std::string, std::uint64_t> failures_;
  mutable std::set<std::pair<std::string, std::string>> logged_;
};

}  // namespace gather::theme
