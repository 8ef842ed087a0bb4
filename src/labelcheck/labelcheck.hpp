// Umbrella header: the whole Confident Learning core.
#pragma once

#include "labelcheck/confident_joint.hpp"
#include "labelcheck/filter.hpp"
#include "labelcheck/health.hpp"
#include "labelcheck/matrix.hpp"
#include "labelcheck/noise.hpp"
#include "labelcheck/rank.hpp"
#include "labelcheck/status.hpp"
#include "labelcheck/validate.hpp"
