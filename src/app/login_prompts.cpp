#include "app/login_prompts.h"

#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "app/context.h"

namespace gather {

namespace {

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ')) s.pop_back();
  std::size_t start = s.find_first_not_of(' ');
  return start == std::string::npos ? std::string() : s.substr(start);
}

// Turns terminal echo off for its lifetime (a password typed is not shown).
class NoEcho {
 public:
  NoEcho() {
    if (tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  ~NoEcho() {
    if (active_) {
      tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
      std::cerr << "\n";
    }
  }

 private:
  termios saved_{};
  bool active_ = false;
};

}  // namespace

CliLoginPrompts::CliLoginPrompts(const std::string& code_file) {
  if (code_file.empty()) return;
  from_file_ = true;
  file_ = code_file;
  std::ifstream in(code_file);
  if (!in) throw UsageError("--code-file " + code_file + " cannot be read");
  for (std::string line; std::getline(in, line);)
    if (!trimmed(line).empty()) lines_.push_back(trimmed(line));
}

std::string CliLoginPrompts::next_line(const std::string& prompt, bool echo, const std::string& what) {
  if (from_file_) {
    if (lines_.empty()) throw UsageError("--code-file " + file_ + " has no line left for the " + what);
    std::string line = lines_.front();
    lines_.pop_front();
    return line;
  }
  const bool tty = isatty(STDIN_FILENO);
  if (tty) std::cerr << prompt << std::flush;
  std::string line;
  {
    std::optional<NoEcho> quiet;
    if (tty && !echo) quiet.emplace();
    if (!std::getline(std::cin, line)) throw UsageError("no " + what + " given (stdin ended)");
  }
  return trimmed(line);
}

std::string CliLoginPrompts::code(const std::string& phone, const std::string& how, bool retry) {
  std::string prompt = retry ? "That code was wrong. " : "";
  prompt += "Code Telegram sent to " + phone + (how.empty() ? "" : " " + how) + ": ";
  return next_line(prompt, true, "login code");
}

std::string CliLoginPrompts::password(const std::string& hint, bool retry) {
  std::string prompt = retry ? "That password was wrong. " : "";
  prompt += "Two-step verification password" + (hint.empty() ? std::string() : " (hint: " + hint + ")") + ": ";
  return next_line(prompt, false, "2FA password");
}

}  // namespace gather
