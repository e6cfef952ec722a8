# campcount_add_plugin(NAME SOURCES ... [LIBRARIES ...] [OUTPUT_DIR DIR]
#                      [NO_INSTALL])
# Builds a plugin shared library that exports only the two entry points of
# engine/sdk/campcount/plugin_api.h and lands in the plugin directory.
# The same file serves campcount's own tree and, installed beside
# campcountConfig.cmake, plugins built against the installed SDK.
set(CAMPCOUNT_PLUGIN_VERSION_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/plugin.map)
if(NOT DEFINED CAMPCOUNT_PLUGIN_INSTALL_DIR)
  include(GNUInstallDirs)
  set(CAMPCOUNT_PLUGIN_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/campcount/plugins)
endif()

function(campcount_add_plugin name)
  cmake_parse_arguments(ARG "NO_INSTALL" "OUTPUT_DIR" "SOURCES;LIBRARIES" ${ARGN})
  add_library(${name} MODULE ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE campcount::sdk ${ARG_LIBRARIES})
  # Out of tree, with no plugin output dir set: the current build dir.
  set(out_dir ${CMAKE_CURRENT_BINARY_DIR})
  if(DEFINED CAMPCOUNT_PLUGIN_OUTPUT_DIR)
    set(out_dir ${CAMPCOUNT_PLUGIN_OUTPUT_DIR})
  endif()
  if(ARG_OUTPUT_DIR)
    set(out_dir ${ARG_OUTPUT_DIR})
  endif()
  set_target_properties(${name} PROPERTIES
    PREFIX "libcampcount_"
    OUTPUT_NAME ${name}
    LIBRARY_OUTPUT_DIRECTORY ${out_dir}
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    # <libdir>/campcount/plugins -> <libdir>, for libcampcount_proto.so.
    INSTALL_RPATH "$ORIGIN/../..")
  target_link_options(${name} PRIVATE
    "LINKER:--version-script=${CAMPCOUNT_PLUGIN_VERSION_SCRIPT}"
    "LINKER:--no-undefined")
  if(NOT ARG_NO_INSTALL)
    install(TARGETS ${name} LIBRARY DESTINATION ${CAMPCOUNT_PLUGIN_INSTALL_DIR})
  endif()
endfunction()
