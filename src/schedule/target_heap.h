// The dispatcher's queue: targets keyed by (when to try, ideal time), smallest first. Indexed, so
// a re-keyed target moves in place instead of leaving a stale entry behind (a re-plan re-keys
// every target; with a plain priority queue the stale entries doubled the queue and its work).
// Four children per node: a shallower tree, and siblings share a cache line.
#pragma once

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace gather::policy {

class TargetHeap {
 public:
  struct Entry {
    double when;
    double ideal;
    int target;
  };

  void reset(std::size_t targets) {
    heap_.clear();
    pos_.assign(targets, -1);
  }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  bool contains(int t) const { return pos_[t] >= 0; }
  const Entry& top() const { return heap_.front(); }

  // Inserts t, or moves it to its new key.
  void set(int t, double when, double ideal) {
    Entry e{when, ideal, t};
    int i = pos_[t];
    if (i < 0) {
      i = static_cast<int>(heap_.size());
      heap_.push_back(e);
      pos_[t] = i;
      up(i);
      return;
    }
    const bool earlier = less(e, heap_[i]);
    heap_[i] = e;
    earlier ? up(i) : down(i);
  }

  // Takes t out wherever it is (it goes to the top first, so pop's repair does the rest).
  void erase(int t) {
    if (!contains(t)) return;
    set(t, -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity());
    pop();
  }

  Entry pop() {
    Entry e = heap_.front();
    pos_[e.target] = -1;
    Entry last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) {
      heap_[0] = last;
      pos_[last.target] = 0;
      down(0);
    }
    return e;
  }

 private:
  static bool less(const Entry& a, const Entry& b) {
    if (a.when != b.when) return a.when < b.when;
    if (a.ideal != b.ideal) return a.ideal < b.ideal;
    return a.target < b.target;
  }
  void place(int i, const Entry& e) {
    heap_[i] = e;
    pos_[e.target] = i;
  }
  void up(int i) {
    Entry e = heap_[i];
    while (i > 0) {
      int parent = (i - 1) / 4;
      if (!less(e, heap_[parent])) break;
      place(i, heap_[parent]);
      i = parent;
    }
    place(i, e);
  }
  void down(int i) {
    Entry e = heap_[i];
    const int n = static_cast<int>(heap_.size());
    for (;;) {
      int first = 4 * i + 1;
      if (first >= n) break;
      int best = first;
      for (int k = first + 1; k < first + 4 && k < n; ++k)
        if (less(heap_[k], heap_[best])) best = k;
      if (!less(heap_[best], e)) break;
      place(i, heap_[best]);
      i = best;
    }
    place(i, e);
  }

  std::vector<Entry> heap_;
  std::vector<int> pos_;  // [t] index in heap_, -1 = not queued
};

}  // namespace gather::policy
