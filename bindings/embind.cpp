// Module-wide Embind registrations. Each API area registers its own functions in its own
// bindings/bind_<area>.cpp (EMSCRIPTEN_BINDINGS blocks may live in any number of files; the
// CMakeLists picks every bind_*.cpp up), so areas can be added without editing this file.
#include <emscripten/bind.h>
#include <emscripten/heap.h>
#include <malloc.h>

#include <string>

namespace {

std::string coreVersion() { return LABELCHECK_VERSION; }

// Current size of the WASM linear memory in bytes (for memory tests and benchmarks).
double heapSize() { return static_cast<double>(emscripten_get_heap_size()); }

// Bytes currently allocated by malloc (leak checks: flat over repeated calls).
double heapUsed() { return static_cast<double>(mallinfo().uordblks); }

}  // namespace

EMSCRIPTEN_BINDINGS(labelcheck_module) {
  emscripten::function("_version", &coreVersion);
  emscripten::function("_heapSize", &heapSize);
  emscripten::function("_heapUsed", &heapUsed);
}
