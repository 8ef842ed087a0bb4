// A call that stays a call in WebAssembly, for a function that does one block of a long loop.
//
// V8 runs a WebAssembly function in its baseline compiler first and switches it to optimised
// code at a later call, once it has run enough: never in the middle of a call. A loop that does
// all its work in one call therefore runs unoptimised throughout on a fresh instance (a helper
// thread, the page's first check): the audit's graph took 1.7-2x as long there as warm. Cut into
// blocks, one call each, the later blocks run optimised. LLVM keeps a [[gnu::noinline]]
// function, but Binaryen (wasm-opt -O3, run by emcc) inlines every function that has a single
// caller; a call through a volatile function pointer it cannot inline.
//
//   ```cpp given: void (*refine)(Index begin, Index end); Index n
//   const auto block = separateCall(refine);
//   for (Index b = 0; b < n; b += 4096) block(b, std::min<Index>(n, b + 4096));
//   ```
//
// Private to the core.
#pragma once

namespace labelcheck::detail {

template <typename Fn>
Fn* separateCall(Fn* fn) noexcept {
  Fn* volatile kept = fn;
  return kept;
}

}  // namespace labelcheck::detail
