# Installs the CMake package that lets a plugin be built outside this tree:
# find_package(campcount) -> campcount::sdk, campcount::proto and
# campcount_add_plugin(). Included last from the top-level CMakeLists.txt,
# once the exported targets exist.
include(CMakePackageConfigHelpers)
set(CAMPCOUNT_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/campcount)
set(CAMPCOUNT_PROTO_INSTALL_DIR ${CMAKE_INSTALL_DATADIR}/campcount/proto)

install(EXPORT campcountTargets NAMESPACE campcount::
  DESTINATION ${CAMPCOUNT_CMAKE_INSTALL_DIR})
configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/campcountConfig.cmake.in
  ${CMAKE_BINARY_DIR}/campcountConfig.cmake
  INSTALL_DESTINATION ${CAMPCOUNT_CMAKE_INSTALL_DIR}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR CAMPCOUNT_PROTO_INSTALL_DIR)
# Plugins built against 0.1 load into any 0.x engine of the same plugin ABI
# major; the loader checks the ABI itself.
write_basic_package_version_file(
  ${CMAKE_BINARY_DIR}/campcountConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES
  ${CMAKE_BINARY_DIR}/campcountConfig.cmake
  ${CMAKE_BINARY_DIR}/campcountConfigVersion.cmake
  ${CMAKE_CURRENT_LIST_DIR}/CampcountPlugin.cmake
  ${CMAKE_CURRENT_LIST_DIR}/plugin.map
  DESTINATION ${CAMPCOUNT_CMAKE_INSTALL_DIR})
