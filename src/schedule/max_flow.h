// Maximum flow on real-valued capacities (Dinic), for the allocation floor. Residual
// capacities at or below `eps` count as zero, so rounding noise never props up an augmenting path.
#pragma once

#include <cstddef>
#include <vector>

namespace gather {

class MaxFlow {
 public:
  explicit MaxFlow(int nodes, std::size_t edge_hint = 0);

  // Returns the edge's id; capacity may be +infinity.
  int add_edge(int from, int to, double capacity);
  // Augments until no path with residual > eps remains; returns the flow added by this call.
  double run(int source, int sink, double eps);
  double flow(int edge) const { return residual_[edge ^ 1]; }
  // Nodes reachable from `source` through edges with residual > eps (the source side of the
  // maximal min cut after run()).
  std::vector<char> reachable_from(int source, double eps) const;

 private:
  bool build_levels(int source, int sink, double eps);
  double augment_once(int source, int sink, double eps);

  std::vector<int> head_, next_, to_;
  std::vector<double> residual_;
  std::vector<int> level_, cursor_, path_;
};

}  // namespace gather
