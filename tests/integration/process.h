// Runs `gather` as a child process for black-box tests: the real binary, real signals, real
// crashes (SIGKILL), nothing mocked.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace gather::testing {

struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs to completion, capturing stdout and stderr.
Result run(const std::vector<std::string>& args, const std::string& stdin_text = "");

// A long-running child (serve, simulate). Its stdout is a pipe read by read_line(); stderr goes to
// `log_path` (so a failed test can show the daemon's log).
class Child {
 public:
  Child(const std::vector<std::string>& args, const std::string& log_path);
  ~Child();  // SIGKILL if still running
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // One line of stdout, waiting at most `timeout`; throws on timeout or EOF.
  std::string read_line(std::chrono::milliseconds timeout = std::chrono::seconds{20});
  void signal(int signo);
  // Waits for exit; returns the exit code (128+signal when killed). Throws on timeout.
  int wait(std::chrono::milliseconds timeout = std::chrono::seconds{30});
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string buffer_;
  bool exited_ = false;
  int status_ = 0;
};

// Re-checks `done` until it holds or `timeout` passes. The daemon runs on its own clock, so a
// black-box test can only observe; this is a bounded wait on a condition, not a fixed sleep.
bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds{30});

std::string gather_binary();
std::string read_file(const std::string& path);
std::string temp_dir(const std::string& name);  // fresh, empty

}  // namespace gather::testing
