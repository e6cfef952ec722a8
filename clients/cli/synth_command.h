// `campcount synth`: writes a synthetic dataset (GeoTIFFs of camps on
// several dates, shelter labels, boundaries, a census and dataset.json)
// that training, evaluation and the estimators all read.
#ifndef CAMPCOUNT_CLIENTS_CLI_SYNTH_COMMAND_H_
#define CAMPCOUNT_CLIENTS_CLI_SYNTH_COMMAND_H_

#include <string>
#include <vector>

namespace campcount::cli {

int RunSynthCommand(const std::vector<std::string>& args);

}  // namespace campcount::cli

#endif  // CAMPCOUNT_CLIENTS_CLI_SYNTH_COMMAND_H_
