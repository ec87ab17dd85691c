#include "theme/theme_engine.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "theme/builtin_themes.h"
#include "theme/raw_theme.h"
#include "theme/template_theme.h"
#include "theme/theme_dir.h"

namespace gather::theme {

ThemeEngine::ThemeEngine(ThemeOptions options) : options_(std::move(options)) {
  for (const auto& spec : builtin_specs()) themes_[spec.name] = compile_template(spec);
  themes_["raw"] = make_raw_theme();
  if (!options_.dir.empty())
    for (const auto& spec : read_theme_dir(options_.dir)) themes_[spec.name] = compile_template(spec);
}

bool ThemeEngine::has(std::string_view name) const { return themes_.find(name) != themes_.end(); }

std::vector<std::string> ThemeEngine::names() const {
  std::vector<std::string> out;
  for (const auto& [name, theme] : themes_) out.push_back(name);
  return out;
}

RenderedMessage ThemeEngine::render_with(std::string_view name, const Post& post, const Target& target) const {
  auto it = themes_.find(name);
  if (it == themes_.end()) throw RenderError("no such theme");
  return it->second->render(post, target, ViewOptions{options_.text_limit});
}

RenderedMessage ThemeEngine::render(const Post& post, const Target& target, const Subscription& subscription,
                                    std::string_view sink_default) const {
  std::vector<std::string> chain;
  auto add = [&chain](std::string_view name) {
    if (!name.empty() && std::find(chain.begin(), chain.end(), name) == chain.end()) chain.emplace_back(name);
  };
  add(subscription.theme);
  if (auto it = options_.platform.find(target.platform); it != options_.platform.end()) add(it->second);
  add(sink_default);
  add("basic");
  std::string errors;
  for (const auto& name : chain) {
    try {
      return render_with(name, post, target);
    } catch (const std::exception& e) {
      note_failure(name, e.what());
      errors += (errors.empty() ? "" : "; ") + name + ": " + e.what();
    }
  }
  throw RenderError("no theme could render post " + post.id + " (" + errors + ")");
}

Renderer ThemeEngine::renderer() const {
  return [this](const Post& post, const Target& target, const Subscription& subscription,
                std::string_view sink_default) { return render(post, target, subscription, sink_default); };
}

void ThemeEngine::note_failure(const std::string& theme, const std::string& reason) const {
  bool first;
  {
    std::lock_guard lock(mutex_);
    ++failures_[theme];
    first = logged_.emplace(theme, reason).second;
  }
  // Once per theme and reason: a theme that refuses every post of a busy target would
  // otherwise fill the log; the count goes on in failures() and the summary at exit.
  if (first) spdlog::warn("theme '{}' could not render a post ({}); the next theme in the chain was tried", theme, reason);
}

std::map<std::string, std::uint64_t> ThemeEngine::failures() const {
  std::lock_guard lock(mutex_);
  return failures_;
}

std::string ThemeEngine::failure_summary() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [theme, count] : failures_) {
    std::string reasons;
    for (const auto& [t, reason] : logged_)
      if (t == theme) reasons += (reasons.empty() ? "" : "; ") + reason;
    out += (out.empty() ? "" : ", ") + theme + " " + std::to_string(count) + " (" + reasons + ")";
  }
  return out;
}

}  // namespace gather::theme
