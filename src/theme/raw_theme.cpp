#include "theme/raw_theme.h"

namespace gather::theme {

namespace {
class RawTheme : public Theme {
 public:
  const std::string& name() const override { return name_; }
  const std::string& origin() const override { return origin_; }
  RenderedMessage render(const Post& post, const Target& target, const ViewOptions&) const override {
    // One definition of the JSON form: the one sinks fall back to without an engine.
    return render_raw(post, target, Subscription{}, name_);
  }

 private:
  std::string name_ = "raw";
  std::string origin_ = "built-in theme 'raw'";
};
}  // namespace

std::unique_ptr<Theme> make_raw_theme() { return std::make_unique<RawTheme>(); }

}  // namespace gather::theme
