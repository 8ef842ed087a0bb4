// log(K) as the reference computes it (numpy's vectorised log), which differs from the correctly
// rounded value by one unit in the last place for some K. cleanlab divides every entropy by it,
// so the order of otherwise equal confidence_weighted_entropy scores depends on that last bit.
#pragma once

#include "labelcheck/matrix.hpp"

namespace labelcheck::detail {

double numpyLogOfCount(Index k);

}  // namespace labelcheck::detail
