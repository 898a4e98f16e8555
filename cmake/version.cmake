# Generates fieldbench/version.hpp at every build, so the git commit it
# names is the one that was built, not the one that was configured.
set(FIELDBENCH_VERSION_DIR ${CMAKE_BINARY_DIR}/generated)
add_custom_target(fieldbench_version
  COMMAND ${CMAKE_COMMAND}
    -DSOURCE_DIR=${CMAKE_SOURCE_DIR}
    -DOUTPUT=${FIELDBENCH_VERSION_DIR}/fieldbench/version.hpp
    -DVERSION=${PROJECT_VERSION}
    -P ${CMAKE_SOURCE_DIR}/cmake/write_version.cmake
  BYPRODUCTS ${FIELDBENCH_VERSION_DIR}/fieldbench/version.hpp
  COMMENT "fieldbench version header")
