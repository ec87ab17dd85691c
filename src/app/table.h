// Aligned plain-text tables for people (`--json` is for scripts).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace gather {

class Table {
 public:
  explicit Table(std::vector<std::string> header) : rows_{std::move(header)} {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string render() const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

// "3m ago", "in 25s", "-" for people reading status.
std::string ago(std::optional<std::chrono::system_clock::time_point> t, std::chrono::system_clock::time_point now);
std::string from_now(std::optional<std::chrono::system_clock::time_point> t, std::chrono::system_clock::time_point now);

}  // namespace gather
