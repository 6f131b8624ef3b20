# What `cmake --install` puts under the prefix, and how CPack packages it
# (docs/Install.md):
#   bin/                     dsocr-opt, dsocr-tracegen, dsocr-diff, dsocr-trace
#   lib/dsocr-opt/python/    dsocr_trace, the tracer's Python package
#   lib/libdsocr*.a          the libraries
#   lib/cmake/dsocr/         the CMake package: dsocr:: targets
#   include/dsocr/           the public headers
#   share/dsocr-opt/         the built-in profiles and model descriptions
#                            (the tools embed them; these are to copy)
#   share/doc/dsocr-opt/     README, docs/, the example report
# Included by the top-level CMakeLists.txt.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(DSOCR_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/dsocr)
set(DSOCR_INSTALL_DATADIR ${CMAKE_INSTALL_DATADIR}/dsocr-opt)
set(DSOCR_INSTALL_DOCDIR ${CMAKE_INSTALL_DATADIR}/doc/dsocr-opt)
# utils/dsocr-trace looks for its package in ../lib/dsocr-opt/python.
set(DSOCR_INSTALL_PYTHONDIR lib/dsocr-opt/python)

# --- The libraries and their CMake package ----------------------------------
# The layers of docs/Design.md, in dependency order.
set(DSOCR_LIBRARIES Support IR Profile Trace Passes Emit Driver Diff TraceGen)
foreach(lib ${DSOCR_LIBRARIES})
  set_target_properties(dsocr${lib} PROPERTIES EXPORT_NAME ${lib})
  # In the build the headers come from include_directories(); installed,
  # from the prefix.
  target_include_directories(dsocr${lib} INTERFACE
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  add_library(dsocr::${lib} ALIAS dsocr${lib})
endforeach()
target_compile_features(dsocrSupport INTERFACE cxx_std_17)
# The libraries of a sanitizer or fuzzing build need those runtimes where
# they are linked.
if(DSOCR_SANITIZE)
  target_link_options(dsocrSupport INTERFACE -fsanitize=address,undefined)
endif()
if(DSOCR_BUILD_FUZZERS)
  target_link_options(dsocrSupport INTERFACE -fsanitize=fuzzer-no-link)
endif()

install(TARGETS dsocrSupport dsocrIR dsocrProfile dsocrTrace dsocrPasses
                dsocrEmit dsocrDriver dsocrDiff dsocrTraceGen
  EXPORT dsocrTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(EXPORT dsocrTargets
  NAMESPACE dsocr::
  DESTINATION ${DSOCR_INSTALL_CMAKEDIR})
configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/dsocrConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmake/dsocrConfig.cmake
  INSTALL_DESTINATION ${DSOCR_INSTALL_CMAKEDIR})
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/cmake/dsocrConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/cmake/dsocrConfig.cmake
  ${PROJECT_BINARY_DIR}/cmake/dsocrConfigVersion.cmake
  DESTINATION ${DSOCR_INSTALL_CMAKEDIR})

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/dsocr
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h" PATTERN "*.def")
install(FILES ${PROJECT_BINARY_DIR}/include/dsocr/Support/Version.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/dsocr/Support)

# --- The tools ---------------------------------------------------------------
install(TARGETS dsocr-opt dsocr-tracegen dsocr-diff
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(PROGRAMS ${PROJECT_SOURCE_DIR}/utils/dsocr-trace
  DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/python/dsocr_trace
  DESTINATION ${DSOCR_INSTALL_PYTHONDIR}
  FILES_MATCHING PATTERN "*.py"
  PATTERN "__pycache__" EXCLUDE)

# --- Data and documentation --------------------------------------------------
file(GLOB DSOCR_PROFILE_FILES ${PROJECT_SOURCE_DIR}/lib/Profile/builtin/*.json)
file(GLOB DSOCR_MODEL_FILES ${PROJECT_SOURCE_DIR}/lib/TraceGen/builtin/*.json)
install(FILES ${DSOCR_PROFILE_FILES} DESTINATION ${DSOCR_INSTALL_DATADIR}/profiles)
install(FILES ${DSOCR_MODEL_FILES} DESTINATION ${DSOCR_INSTALL_DATADIR}/models)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${DSOCR_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/
  DESTINATION ${DSOCR_INSTALL_DOCDIR}/docs)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/standalone
  DESTINATION ${DSOCR_INSTALL_DOCDIR}/examples)

# --- The Debian package (cpack -G DEB) ----------------------------------------
set(CPACK_PACKAGE_NAME dsocr-opt)
set(CPACK_PACKAGE_VENDOR "dsocr-opt developers")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Groups TorchLens module call graphs of PyTorch models into for/parfor loops")
set(CPACK_PACKAGE_DESCRIPTION
    "dsocr-opt lowers a TorchLens module call-graph trace to a call-graph IR, runs a pipeline of passes that fold depth stacks into 'for N' and repeated or fanned-out calls into 'parfor N', and writes JSON, Markdown, DOT, Mermaid and an interactive HTML report. dsocr-diff says what changed between two grouped call graphs. dsocr-trace traces a PyTorch model; dsocr-tracegen generates traces from model descriptions. The package also has the libraries, headers and CMake package for out-of-tree tools.")
set(DSOCR_PACKAGE_MAINTAINER "dsocr-opt developers <dsocr-opt@example.invalid>"
    CACHE STRING "Maintainer field of the Debian package")
set(CPACK_PACKAGE_CONTACT ${DSOCR_PACKAGE_MAINTAINER})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# What the installed binaries load, as dpkg-shlibdeps lists it (LLVM Support
# is linked statically, so libLLVM is not among them), and the tracer's
# interpreter.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libboost-json1.81.0 (>= 1.81.0), libc6 (>= 2.36), libgcc-s1 (>= 3.3), libstdc++6 (>= 12), libtinfo6 (>= 6), python3")
# Pictures (dot -Tsvg) and viewing the report.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "graphviz")
# Tracing models; building against the libraries (find_package(dsocr)).
set(CPACK_DEBIAN_PACKAGE_SUGGESTS
    "python3-torch, python3-torchvision, llvm-14-dev, libboost-json1.81-dev, chromium | www-browser")
include(CPack)
