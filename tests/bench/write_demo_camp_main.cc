// Writes a synthetic camp GeoTIFF of a given size, for benchmarks:
//   write_demo_camp OUT.tif WIDTH HEIGHT TENTS [SEED]
#include <cstdlib>
#include <iostream>

#include "demo_camp.h"

int main(int argc, char** argv) {
  if (argc < 5) {
    std::cerr << "usage: write_demo_camp OUT.tif WIDTH HEIGHT TENTS [SEED]\n";
    return 2;
  }
  campcount::synth::DemoCampOptions options;
  options.width_px = std::atoll(argv[2]);
  options.height_px = std::atoll(argv[3]);
  options.tent_count = std::atoi(argv[4]);
  if (argc > 5) options.seed = std::strtoull(argv[5], nullptr, 10);
  auto truth = campcount::synth::WriteDemoCamp(argv[1], options);
  if (!truth.ok()) {
    std::cerr << "write_demo_camp: " << truth.status().message() << "\n";
    return 1;
  }
  std::cout << truth->tents.size() << " tents written to " << argv[1] << "\n";
  return 0;
}
