#pragma once
// Deterministic randomness for the scene generator. Our own generator (splitmix64) instead of
// std distributions, whose output is implementation-defined: a seed must give the same scene
// on every machine and library version.
#include <cstdint>

namespace facet::scenes {

inline uint64_t mix64(uint64_t z) {
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// Hash of integer coordinates to [0, 1): per-facet and per-cell patterns without state.
// One finaliser round over a multiplicative combination: it runs per supersample.
inline double hashUnit(int64_t a, int64_t b, uint64_t c) {
    const uint64_t h = mix64(uint64_t(a) * 0x632BE59BD9B4E019ull + uint64_t(b) * 0x8CB92BA72F3D8DD7ull +
                             c * 0xD6E8FEB86659FD93ull);
    return double(h >> 11) * 0x1.0p-53;
}

class SceneRandom {
public:
    // Independent streams from one seed (geometry, texture, noise...), so changing how many
    // numbers one part draws does not reshuffle the others.
    SceneRandom(uint64_t seed, uint64_t stream) : state_(mix64(seed) ^ mix64(stream * 0xD1B54A32D192ED03ull)) {}

    uint64_t next() {
        state_ += 0x9E3779B97F4A7C15ull;
        return mix64(state_);
    }
    double unit() { return double(next() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * unit(); }
    int integer(int lo, int hiInclusive) { return lo + int(next() % uint64_t(hiInclusive - lo + 1)); }
    bool chance(double p) { return unit() < p; }

private:
    uint64_t state_;
};

}  // namespace facet::scenes
