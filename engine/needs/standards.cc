#include "standards.h"

#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/filesystem.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"

namespace campcount::needs {
namespace {

namespace fs = boost::filesystem;

absl::Status Check(const std::string& path,
                   const campcount::v1::SupplyStandards& s) {
  if (s.format() != "campcount-standards/1") {
    return absl::InvalidArgumentError(
        absl::StrCat("standards file ", path, ": format is '", s.format(),
                     "', expected \"campcount-standards/1\""));
  }
  const std::pair<const char*, double> positive[] = {
      {"water_litres_per_person_per_day", s.water_litres_per_person_per_day()},
      {"people_per_toilet", s.people_per_toilet()},
      {"covered_area_m2_per_person", s.covered_area_m2_per_person()},
      {"camp_area_m2_per_person", s.camp_area_m2_per_person()},
      {"food_kcal_per_person_per_day", s.food_kcal_per_person_per_day()},
      {"soap_g_per_person_per_month", s.soap_g_per_person_per_month()},
      {"people_per_tap", s.people_per_tap()},
      {"days_per_month", s.days_per_month()}};
  for (const auto& [field, value] : positive) {
    if (!(value > 0)) {
      return absl::InvalidArgumentError(
          absl::StrCat("standards file ", path, ": ", field, " is ", value,
                       "; it must be a number above 0"));
    }
  }
  if (!(s.female_toilet_share() >= 0 && s.female_toilet_share() <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("standards file ", path, ": female_toilet_share is ",
                     s.female_toilet_share(),
                     "; it must be between 0 and 1 "
                     "(3:1 female:male is 0.75)"));
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<std::string> DefaultStandardsDirs() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("CAMPCOUNT_STANDARDS_DIR")) {
    dirs.push_back(env);
  }
  boost::system::error_code error;
  const fs::path exe = boost::dll::program_location(error);
  if (!error) {
    dirs.push_back(
        (exe.parent_path().parent_path() / "share/campcount/standards")
            .string());
  }
#ifdef CAMPCOUNT_SOURCE_STANDARDS_DIR
  dirs.push_back(CAMPCOUNT_SOURCE_STANDARDS_DIR);
#endif
  return dirs;
}

absl::StatusOr<LoadedStandards> LoadStandards(
    const std::string& name_or_path,
    const std::vector<std::string>& preset_dirs) {
  const std::string wanted = name_or_path.empty() ? "sphere" : name_or_path;
  std::string path;
  const bool is_preset = wanted.find('/') == std::string::npos &&
                         wanted.find('.') == std::string::npos;
  if (is_preset) {
    for (const std::string& dir : preset_dirs) {
      const fs::path candidate = fs::path(dir) / (wanted + ".json");
      if (fs::exists(candidate)) {
        path = candidate.string();
        break;
      }
    }
    if (path.empty()) {
      return absl::NotFoundError(absl::StrCat(
          "no standards preset '", wanted, "' in ",
          absl::StrJoin(preset_dirs, ", "),
          " (shipped presets: sphere, unhcr; or give a file path)"));
    }
  } else {
    path = wanted;
  }
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("standards file ", path, " cannot be opened"));
  }
  std::stringstream text;
  text << in.rdbuf();
  LoadedStandards loaded;
  auto parsed = google::protobuf::util::JsonStringToMessage(text.str(),
                                                            &loaded.standards);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "standards file ", path, " is not valid: ", parsed.ToString()));
  }
  absl::Status check = Check(path, loaded.standards);
  if (!check.ok()) return check;
  loaded.path = fs::absolute(path).string();
  return loaded;
}

}  // namespace campcount::needs
