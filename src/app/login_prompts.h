// Where `cred add --platform telegram` gets the login code and the 2FA password: the lines of a
// file (--code-file, for scripts: the code, then the password), or the terminal (the password
// without echo), or stdin lines when it is not a terminal.
#pragma once

#include <deque>
#include <string>

#include "tdlib/login.h"

namespace gather {

class CliLoginPrompts : public tdlib::LoginPrompts {
 public:
  // `code_file` empty: ask on the terminal, or read stdin when it is not one.
  explicit CliLoginPrompts(const std::string& code_file);
  std::string code(const std::string& phone, const std::string& how, bool retry) override;
  std::string password(const std::string& hint, bool retry) override;

 private:
  std::string next_line(const std::string& prompt, bool echo, const std::string& what);
  bool from_file_ = false;
  std::string file_;
  std::deque<std::string> lines_;
};

}  // namespace gather
