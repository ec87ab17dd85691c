// Maximum flow on real-valued capacities (Dinic), for the allocation floor. Residual
// capacities at or below `eps` count as zero, so rounding noise never props up an augmenting path.
//
// Edges are collected first and laid out once, at the first run(), as one contiguous block of
// arcs per node (CSR), each arc's head and residual side by side: a Dinic phase then reads each
// node's arcs sequentially. A linked list through parallel arrays costs a cache miss or three
// per arc on networks of a million edges, which made it several times slower.
#pragma once

#include <cstddef>
#include <vector>

namespace gather {

class MaxFlow {
 public:
  explicit MaxFlow(int nodes, std::size_t edge_hint = 0);

  // Returns the edge's id (0, 1, 2, ... in call order); capacity may be +infinity. Every edge
  // must be added before the first run().
  int add_edge(int from, int to, double capacity);
  // Augments until no path with residual > eps remains; returns the flow added by this call.
  // Later calls continue from the flow already found.
  double run(int source, int sink, double eps);
  // The flow on an edge. This and reachable_from() need the arcs run() lays out: call it first.
  double flow(int edge) const { return arcs_[flow_arc_[edge]].residual; }
  // Nodes reachable from `source` through edges with residual > eps (the source side of the
  // maximal min cut after run()).
  std::vector<char> reachable_from(int source, double eps) const;

 private:
  struct Edge {
    int from, to;
    double capacity;
  };
  struct Arc {
    int to;
    int reverse;  // index of the paired arc, which carries this one's flow as its residual
    double residual;
  };

  int nodes() const { return static_cast<int>(level_.size()); }
  void lay_out_arcs();
  bool build_levels(int source, int sink, double eps);
  int admissible_arc(int u, double eps);
  double augment_once(int source, int sink, double eps);

  std::vector<Edge> edges_;  // as added, until lay_out_arcs() moves them into arcs_ and frees them
  std::vector<int> first_arc_;  // node u's arcs are arcs_[first_arc_[u] .. first_arc_[u + 1])
  std::vector<Arc> arcs_;
  std::vector<int> flow_arc_;  // edge id -> its reverse arc, whose residual is the edge's flow
  std::vector<int> level_, cursor_, path_, queue_;
};

}  // namespace gather
