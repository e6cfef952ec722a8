"""The plugins a campcountd loaded, as plain Python objects."""

from dataclasses import dataclass, field
from typing import Any, Dict, List

_KINDS = {1: "source", 2: "detector", 3: "estimator"}


@dataclass(frozen=True)
class Setting:
    name: str
    type: str
    default: str
    description: str


@dataclass(frozen=True)
class Plugin:
    kind: str  # "source", "detector" or "estimator"
    name: str
    version: str
    description: str
    file: str
    sha256: str
    settings: Dict[str, Setting]
    proto: Any = field(repr=False)

    @classmethod
    def from_proto(cls, info):
        m = info.manifest
        settings = {c.name: Setting(c.name, c.type, c.default_value,
                                    c.description) for c in m.config}
        return cls(_KINDS.get(m.kind, "unknown"), m.name, m.version,
                   m.description, info.file, info.sha256, settings, info)


@dataclass(frozen=True)
class PluginList:
    plugins: List[Plugin]
    refused: Dict[str, str]  # file -> reason
    engine_version: str
    plugin_api_version: str

    @classmethod
    def from_proto(cls, response):
        return cls([Plugin.from_proto(p) for p in response.plugins],
                   {r.file: r.reason for r in response.refused},
                   response.engine_version, response.plugin_api_version)

    def of_kind(self, kind):
        return [p for p in self.plugins if p.kind == kind]

    def __getitem__(self, name):
        for p in self.plugins:
            if p.name == name:
                return p
        raise KeyError(name)

    def __contains__(self, name):
        return any(p.name == name for p in self.plugins)
