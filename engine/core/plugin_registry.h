// The plugins the engine serves with: every file in the configured plugin
// directories that loads and initialises, and a list of those refused (with
// the reason), so one broken plugin never takes the others down.
#ifndef CAMPCOUNT_ENGINE_CORE_PLUGIN_REGISTRY_H_
#define CAMPCOUNT_ENGINE_CORE_PLUGIN_REGISTRY_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "campcount/v1/plugin.pb.h"
#include "plugin_library.h"

namespace campcount::core {

class PluginRegistry {
 public:
  // Scans each directory for *.so files (sorted by name, so the outcome does
  // not depend on directory order) and creates one instance per plugin with
  // its settings from `configs` (keyed by plugin name).
  static std::unique_ptr<PluginRegistry> Load(
      const std::vector<std::string>& directories,
      const std::map<std::string, campcount::v1::PluginConfig>& configs);

  // The instance of the named plugin of this kind, or NOT_FOUND naming the
  // plugins of that kind that are loaded.
  absl::StatusOr<std::shared_ptr<const PluginInstance>> Find(
      campcount::v1::PluginKind kind, const std::string& name) const;

  std::vector<campcount::v1::PluginInfo> Plugins() const;
  const std::vector<campcount::v1::RefusedPlugin>& refused() const {
    return refused_;
  }

 private:
  void LoadFile(
      const std::string& path,
      const std::map<std::string, campcount::v1::PluginConfig>& configs);
  void Refuse(const std::string& file, const std::string& reason);

  // Keyed by (kind, name).
  std::map<std::pair<int, std::string>, std::shared_ptr<const PluginInstance>>
      instances_;
  std::vector<campcount::v1::RefusedPlugin> refused_;
  // Names from every manifest read, loaded or refused later, so settings for
  // a plugin that failed its init are not also called "for no plugin".
  std::set<std::string> declared_names_;
};

}  // namespace campcount::core

#endif  // CAMPCOUNT_ENGINE_CORE_PLUGIN_REGISTRY_H_
