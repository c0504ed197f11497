# `cmake --install build --prefix P` puts ripple where other programs find it:
#   P/include/ripple/ripple.h and the public headers under P/include/ripple/{core,autograd,...}
#   P/lib/libripple.a, P/lib/cmake/ripple/ (find_package(ripple)), P/lib/pkgconfig/ripple.pc
include(CMakePackageConfigHelpers)

# Headers that only the library's own sources include: the strided loops and kernels, and the
# metadata reader on nlohmann/json (a private dependency).
set(RIPPLE_INTERNAL_HEADERS core/elementwise.h core/fastmath.h core/kernels.h core/loops.h
    models/python_random.h layers/metadata_json.h)
foreach(dir ${RIPPLE_PUBLIC_DIRS})
  file(GLOB headers CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR} ${dir}/*.h)
  list(REMOVE_ITEM headers ${RIPPLE_INTERNAL_HEADERS})
  install(FILES ${headers} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/ripple/${dir})
endforeach()
install(FILES ripple.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/ripple)

install(TARGETS ripple EXPORT rippleTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
set(RIPPLE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/ripple)
install(EXPORT rippleTargets NAMESPACE ripple:: DESTINATION ${RIPPLE_CMAKE_DIR})
configure_package_config_file(cmake/rippleConfig.cmake.in
  ${PROJECT_BINARY_DIR}/rippleConfig.cmake INSTALL_DESTINATION ${RIPPLE_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/rippleConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)  # 0.x: a minor release may break the API
install(FILES ${PROJECT_BINARY_DIR}/rippleConfig.cmake ${PROJECT_BINARY_DIR}/rippleConfigVersion.cmake
        DESTINATION ${RIPPLE_CMAKE_DIR})

# pkg-config: a static libripple needs OpenBLAS on the link line too, a shared one does not.
if(BUILD_SHARED_LIBS)
  set(RIPPLE_PC_REQUIRES "Requires.private: openblas")
else()
  set(RIPPLE_PC_REQUIRES "Requires: openblas")
endif()
# The prefix is found from the .pc file's own place, so the installed tree can be moved.
file(RELATIVE_PATH RIPPLE_PC_TO_PREFIX /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
configure_file(cmake/ripple.pc.in ${PROJECT_BINARY_DIR}/ripple.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/ripple.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
