// Where tests find the repository and the read-only reference material beside it.
#pragma once
#include <string>

namespace labelcheck::test {
inline std::string repoDir() { return LABELCHECK_REPO_DIR; }
inline std::string sharedDir() { return std::string(LABELCHECK_REPO_DIR) + "/../shared"; }
}  // namespace labelcheck::test
