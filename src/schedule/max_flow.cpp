#include "schedule/max_flow.h"

#include <algorithm>
#include <cassert>
#include <limits>

namespace gather {

MaxFlow::MaxFlow(int nodes, std::size_t edge_hint) : level_(nodes), cursor_(nodes) {
  edges_.reserve(edge_hint);
}

int MaxFlow::add_edge(int from, int to, double capacity) {
  assert(first_arc_.empty() && "add_edge after run()");
  edges_.push_back({from, to, capacity});
  return static_cast<int>(edges_.size()) - 1;
}

// Each node's arcs (its edges' forward arcs and the reverse arcs of edges into it) go in one
// block, newest edge first, reverse arc before forward arc: the order in which a linked list
// with insertion at the head would visit them. Any order is correct; this one keeps the
// augmenting paths, and so every rounding, the same as the linked-list version's.
void MaxFlow::lay_out_arcs() {
  const int n = nodes();
  const std::size_t edges = edges_.size();
  first_arc_.assign(n + 1, 0);
  for (const Edge& e : edges_) {
    ++first_arc_[e.from + 1];
    ++first_arc_[e.to + 1];
  }
  for (int u = 0; u < n; ++u) first_arc_[u + 1] += first_arc_[u];
  std::copy(first_arc_.begin(), first_arc_.end() - 1, cursor_.begin());  // next free slot per node
  arcs_.resize(2 * edges);
  flow_arc_.resize(edges);
  for (std::size_t e = edges; e-- > 0;) {
    const Edge& edge = edges_[e];
    const int back = cursor_[edge.to]++;
    const int fwd = cursor_[edge.from]++;
    arcs_[fwd] = {edge.to, back, edge.capacity};
    arcs_[back] = {edge.from, fwd, 0.0};
    flow_arc_[e] = back;
  }
  edges_ = {};
}

// Breadth-first levels from the source. Nodes at or beyond the sink's level are never on a
// shortest augmenting path, so the search stops expanding there, and also once every node has
// its level (expanding the rest would only re-read labelled neighbours: about half the arcs in
// the first phase on the allocation networks).
bool MaxFlow::build_levels(int source, int sink, double eps) {
  std::fill(level_.begin(), level_.end(), -1);
  queue_.clear();
  queue_.push_back(source);
  level_[source] = 0;
  const std::size_t all = level_.size();
  for (std::size_t head = 0; head < queue_.size() && queue_.size() < all; ++head) {
    const int u = queue_[head];
    if (level_[sink] >= 0 && level_[u] >= level_[sink]) break;
    for (int a = first_arc_[u]; a < first_arc_[u + 1]; ++a) {
      const Arc& arc = arcs_[a];
      if (arc.residual > eps && level_[arc.to] < 0) {
        level_[arc.to] = level_[u] + 1;
        queue_.push_back(arc.to);
      }
    }
  }
  return level_[sink] >= 0;
}

// The first arc from u, at or after its cursor, that leads one level down with residual left;
// -1 when none. The cursor stays on it: arcs skipped here stay useless for the rest of the phase.
int MaxFlow::admissible_arc(int u, double eps) {
  const int next_level = level_[u] + 1, end = first_arc_[u + 1];
  int& a = cursor_[u];
  while (a < end && !(arcs_[a].residual > eps && level_[arcs_[a].to] == next_level)) ++a;
  return a < end ? a : -1;
}

// One augmenting path in the level graph, found without recursion: the residual graph's back
// edges make paths up to ~2*min(credentials, targets) long, too deep for the call stack.
double MaxFlow::augment_once(int source, int sink, double eps) {
  int u = path_.empty() ? source : arcs_[path_.back()].to;
  while (u != sink) {
    const int a = admissible_arc(u, eps);
    if (a >= 0) {
      path_.push_back(a);
      u = arcs_[a].to;
      continue;
    }
    level_[u] = -1;  // dead end for the rest of this phase
    if (path_.empty()) return 0;
    path_.pop_back();
    u = path_.empty() ? source : arcs_[path_.back()].to;
    ++cursor_[u];
  }
  double push = std::numeric_limits<double>::infinity();
  for (int a : path_) push = std::min(push, arcs_[a].residual);
  std::size_t keep = path_.size();
  for (std::size_t i = 0; i < path_.size(); ++i) {
    Arc& arc = arcs_[path_[i]];
    arc.residual -= push;
    arcs_[arc.reverse].residual += push;
    if (arc.residual <= eps && keep == path_.size()) keep = i;
  }
  path_.resize(keep);  // resume the search from the tail of the first exhausted edge
  return push;
}

double MaxFlow::run(int source, int sink, double eps) {
  if (first_arc_.empty()) lay_out_arcs();
  double total = 0;
  while (build_levels(source, sink, eps)) {
    std::copy(first_arc_.begin(), first_arc_.end() - 1, cursor_.begin());
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
  std::vector<char> seen(nodes(), 0);
  std::vector<int> stack{source};
  seen[source] = 1;
  while (!stack.empty()) {
    const int u = stack.back();
    stack.pop_back();
    for (int a = first_arc_[u]; a < first_arc_[u + 1]; ++a) {
      const Arc& arc = arcs_[a];
      if (arc.residual > eps && !seen[arc.to]) {
        seen[arc.to] = 1;
        stack.push_back(arc.to);
      }
    }
  }
  return seen;
}

}  // namespace gather
