// Numbers as a camp manager reads them in an explanation.
#ifndef CAMPCOUNT_PLUGINS_ESTIMATORS_SHELTER_COUNT_NUMBER_FORMAT_H_
#define CAMPCOUNT_PLUGINS_ESTIMATORS_SHELTER_COUNT_NUMBER_FORMAT_H_

#include <string>

namespace campcount::plugins {

// Thousands separated by commas, at most `max_decimals` decimals and no
// trailing zeros: 6170 -> "6,170", 1234.5 -> "1,234.5", 4.25 -> "4.25".
std::string FormatNumber(double value, int max_decimals = 2);

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_ESTIMATORS_SHELTER_COUNT_NUMBER_FORMAT_H_
