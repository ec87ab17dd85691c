// Deterministic randomness for the simulator. We do not use <random>'s distributions because
// their output differs between standard libraries; a seed must mean the same schedule everywhere.
#pragma once

#include <cmath>
#include <cstdint>

namespace gather::sim {

// SplitMix64 finaliser: turns structured inputs (seed, feed index, post index) into
// well-mixed bits.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A hash of several values, for streams keyed by (seed, feed, purpose, ...).
constexpr std::uint64_t mix64(std::uint64_t a, std::uint64_t b) { return mix64(a ^ mix64(b)); }
constexpr std::uint64_t mix64(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
  return mix64(mix64(a, b), c);
}

// Uniform in [0, 1) from 53 random bits.
inline double unit_double(std::uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

// A SplitMix64-style stream: small, fast, and good enough for arrival times.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  // Counter-based: the n-th value is mix64(seed + n), so a stream is cheap to (re)create.
  std::uint64_t next() { return mix64(state_++); }
  double uniform() { return unit_double(next()); }
  // Exponential with the given rate (events per unit); inverse transform on (0, 1].
  double exponential(double rate) { return -std::log(1.0 - uniform()) / rate; }

 private:
  std::uint64_t state_;
};

}  // namespace gather::sim
