#ifndef CAMPCOUNT_ENGINE_SERVER_VERSION_H_
#define CAMPCOUNT_ENGINE_SERVER_VERSION_H_

namespace campcount::server {

inline constexpr char kEngineVersion[] = CAMPCOUNT_VERSION;

}  // namespace campcount::server

#endif  // CAMPCOUNT_ENGINE_SERVER_VERSION_H_
