// The seeded generator every random choice of the core draws from (folds, samples, shuffles):
// its draws must not change with how they are computed, or seeded results would.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "labelcheck/random.hpp"

using namespace labelcheck;

namespace {

// uniformBelow as documented: a raw draw r is kept when r >= 2^64 mod n, and gives r mod n.
uint64_t referenceBelow(Rng& rng, uint64_t n) {
  const uint64_t threshold = (0 - n) % n;
  for (;;) {
    const uint64_t r = rng.next();
    if (r >= threshold) return r % n;
  }
}

}  // namespace

TEST_CASE("Rng: uniformBelow keeps exactly the draws of the rejection rule", "[random]") {
  // Small bounds (rejections almost never happen) and bounds above 2^63, where 2^64 mod n is
  // close to n and nearly half of the draws are rejected: the rule must reject the same ones.
  const std::vector<uint64_t> bounds = {1,
                                        2,
                                        3,
                                        10,
                                        100000,
                                        (uint64_t{1} << 32) + 1,
                                        (uint64_t{1} << 63) - 1,
                                        uint64_t{1} << 63,
                                        (uint64_t{1} << 63) + 1,
                                        (uint64_t{3} << 62) + 7,
                                        ~uint64_t{0}};
  for (uint64_t n : bounds) {
    CAPTURE(n);
    Rng a(42), b(42);
    for (int i = 0; i < 2000; ++i) {
      const uint64_t got = a.uniformBelow(n);
      REQUIRE(got == referenceBelow(b, n));
      REQUIRE(got < n);
    }
    REQUIRE(a.next() == b.next());  // the same number of raw draws taken
  }
}

TEST_CASE("Rng: shuffle is Fisher-Yates over uniformBelow", "[random]") {
  std::vector<int> shuffled(1000);
  for (int i = 0; i < 1000; ++i) shuffled[static_cast<size_t>(i)] = i;
  std::vector<int> expected = shuffled;
  Rng a(7), b(7);
  a.shuffle(shuffled.data(), static_cast<int64_t>(shuffled.size()));
  for (int64_t i = static_cast<int64_t>(expected.size()) - 1; i > 0; --i)
    std::swap(expected[static_cast<size_t>(i)], expected[static_cast<size_t>(referenceBelow(b, static_cast<uint64_t>(i) + 1))]);
  REQUIRE(shuffled == expected);
}
