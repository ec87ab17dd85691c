#include "schedule/max_flow.h"

#include <algorithm>
#include <deque>
#include <limits>
#include <tuple>

namespace gather {

MaxFlow::MaxFlow(int nodes, std::size_t edge_hint) : head_(nodes, -1), level_(nodes), cursor_(nodes) {
  next_.reserve(2 * edge_hint);
  to_.reserve(2 * edge_hint);
  residual_.reserve(2 * edge_hint);
}

int MaxFlow::add_edge(int from, int to, double capacity) {
  // Forward and reverse edges sit at ids e and e^1, so either finds its partner in O(1).
  const int id = static_cast<int>(to_.size());
  for (auto [a, b, cap] : {std::tuple{from, to, capacity}, std::tuple{to, from, 0.0}}) {
    to_.push_back(b);
    residual_.push_back(cap);
    next_.push_back(head_[a]);
    head_[a] = static_cast<int>(to_.size()) - 1;
  }
  return id;
}

bool MaxFlow::build_levels(int source, int sink, double eps) {
  std::fill(level_.begin(), level_.end(), -1);
  std::deque<int> queue{source};
  level_[source] = 0;
  while (!queue.empty()) {
    const int u = queue.front();
    queue.pop_front();
    for (int e = head_[u]; e != -1; e = next_[e]) {
      if (residual_[e] > eps && level_[to_[e]] < 0) {
        level_[to_[e]] = level_[u] + 1;
        queue.push_back(to_[e]);
      }
    }
  }
  return level_[sink] >= 0;
}

// One augmenting path in the level graph, found without recursion: the residual graph's back
// edges make paths up to ~2*min(credentials, targets) long, too deep for the call stack.
double MaxFlow::augment_once(int source, int sink, double eps) {
  int u = path_.empty() ? source : to_[path_.back()];
  while (u != sink) {
    int& e = cursor_[u];
    while (e != -1 && !(residual_[e] > eps && level_[to_[e]] == level_[u] + 1)) e = next_[e];
    if (e != -1) {
      path_.push_back(e);
      u = to_[e];
      continue;
    }
    level_[u] = -1;  // dead end for the rest of this phase
    if (path_.empty()) return 0;
    path_.pop_back();
    u = path_.empty() ? source : to_[path_.back()];
    cursor_[u] = next_[cursor_[u]];
  }
  double push = std::numeric_limits<double>::infinity();
  for (int e : path_) push = std::min(push, residual_[e]);
  std::size_t keep = path_.size();
  for (std::size_t i = 0; i < path_.size(); ++i) {
    residual_[path_[i]] -= push;
    residual_[path_[i] ^ 1] += push;
    if (residual_[path_[i]] <= eps && keep == path_.size()) keep = i;
  }
  path_.resize(keep);  // resume the search from the tail of the first exhausted edge
  return push;
}

double MaxFlow::run(int source, int sink, double eps) {
  double total = 0;
  while (build_levels(source, sink, eps)) {
    cursor_ = head_;
    path_.clear();
    while (true) {
      const double pushed = augment_once(source, sink, eps);
      if (pushed <= 0) break;
      total += pushed;
    }
  }
  return total;
}

std::vector<char> MaxFlow::reachable_from(int source, double eps) const {
  std::vector<char> seen(head_.size(), 0);
  std::vector<int> stack{source};
  seen[source] = 1;
  while (!stack.empty()) {
    const int u = stack.back();
    stack.pop_back();
    for (int e = head_[u]; e != -1; e = next_[e]) {
      if (residual_[e] > eps && !seen[to_[e]]) {
        seen[to_[e]] = 1;
        stack.push_back(to_[e]);
      }
    }
  }
  return seen;
}

}  // namespace gather
