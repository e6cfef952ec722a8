#include "plugin_registry.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "detector_model.h"

namespace campcount::core {
namespace fs = std::filesystem;

std::unique_ptr<PluginRegistry> PluginRegistry::Load(
    const std::vector<std::string>& directories,
    const std::map<std::string, campcount::v1::PluginConfig>& configs) {
  auto registry = std::unique_ptr<PluginRegistry>(new PluginRegistry());
  std::set<std::string> seen;  // canonical paths: one load per file
  for (const std::string& directory : directories) {
    std::error_code error;
    if (!fs::is_directory(directory, error)) {
      registry->Refuse(directory,
                       directory + ": plugin directory does not exist");
      continue;
    }
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(directory, error)) {
      if (entry.path().extension() == ".so" && !entry.is_directory()) {
        files.push_back(entry.path().string());
      }
    }
    std::sort(files.begin(), files.end());
    for (const std::string& file : files) {
      const std::string canonical = fs::weakly_canonical(file, error).string();
      if (!seen.insert(canonical).second) continue;
      registry->LoadFile(file, configs);
    }
  }
  for (const auto& [name, config] : configs) {
    if (registry->declared_names_.count(name) == 0) {
      std::cerr << "campcount: warning: settings given for plugin '" << name
                << "', but no plugin file declares that name\n";
    }
  }
  return registry;
}

void PluginRegistry::LoadFile(
    const std::string& path,
    const std::map<std::string, campcount::v1::PluginConfig>& configs) {
  absl::StatusOr<std::shared_ptr<PluginLibrary>> library =
      PluginLibrary::Load(path);
  if (!library.ok()) {
    Refuse(path, std::string(library.status().message()));
    return;
  }
  const campcount::v1::PluginManifest& manifest = (*library)->manifest();
  declared_names_.insert(manifest.name());
  const auto key =
      std::make_pair(static_cast<int>(manifest.kind()), manifest.name());
  if (auto it = instances_.find(key); it != instances_.end()) {
    Refuse(path,
           absl::StrCat(path, ": a ", KindName(manifest.kind()), " named '",
                        manifest.name(), "' is already loaded from ",
                        it->second->info().file()));
    return;
  }
  auto config_it = configs.find(manifest.name());
  absl::StatusOr<std::unique_ptr<PluginInstance>> instance =
      (*library)->CreateInstance(config_it == configs.end()
                                     ? campcount::v1::PluginConfig()
                                     : config_it->second);
  if (!instance.ok()) {
    Refuse(path, std::string(instance.status().message()));
    return;
  }
  instances_[key] = std::move(*instance);
}

void PluginRegistry::Refuse(const std::string& file,
                            const std::string& reason) {
  // Every reason starts with the file it concerns.
  std::cerr << "campcount: refused plugin " << reason << "\n";
  campcount::v1::RefusedPlugin refused;
  refused.set_file(file);
  refused.set_reason(reason);
  refused_.push_back(std::move(refused));
}

absl::StatusOr<std::shared_ptr<const PluginInstance>> PluginRegistry::Find(
    campcount::v1::PluginKind kind, const std::string& name) const {
  auto it = instances_.find(std::make_pair(static_cast<int>(kind), name));
  if (it != instances_.end()) return it->second;
  std::vector<std::string> loaded;
  for (const auto& [key, instance] : instances_) {
    if (key.first == kind) loaded.push_back(key.second);
  }
  return absl::NotFoundError(absl::StrCat(
      "unknown ", KindName(kind), " '", name, "' (loaded ", KindName(kind),
      "s: ", loaded.empty() ? "none" : absl::StrJoin(loaded, ", "), ")"));
}

std::vector<campcount::v1::PluginInfo> PluginRegistry::Plugins() const {
  std::vector<campcount::v1::PluginInfo> plugins;
  for (const auto& [key, instance] : instances_) {
    plugins.push_back(instance->info());
    // Asked each time, so a model version added since start-up is listed.
    if (key.first != campcount::v1::PLUGIN_KIND_DETECTOR) continue;
    for (campcount::v1::ModelInfo& model : ListDetectorModels(*instance)) {
      *plugins.back().add_models() = std::move(model);
    }
  }
  return plugins;
}

}  // namespace campcount::core
