# Every dependency comes from Debian (scripts/install-deps.sh installs them).
find_package(PkgConfig REQUIRED)
pkg_check_modules(SYSTEMC REQUIRED IMPORTED_TARGET systemc>=2.3.4)
# Debian's libfdt-dev ships no pkg-config file: find the header and library directly.
find_path(LIBFDT_INCLUDE_DIR libfdt.h REQUIRED)
find_library(LIBFDT_LIBRARY fdt REQUIRED)
add_library(mtesim_libfdt INTERFACE)
target_include_directories(mtesim_libfdt INTERFACE ${LIBFDT_INCLUDE_DIR})
target_link_libraries(mtesim_libfdt INTERFACE ${LIBFDT_LIBRARY})
pkg_check_modules(LIBELF REQUIRED IMPORTED_TARGET libelf)
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
find_package(GTest REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(fmt REQUIRED)
# Debian's Python, whose packages (NumPy, pandas, Dask, pytest, nbclient) the Python
# package and its tests use: not a python3 some other installation puts first on PATH.
if(NOT Python3_EXECUTABLE AND EXISTS /usr/bin/python3)
  set(Python3_EXECUTABLE /usr/bin/python3)
endif()
find_package(Python3 COMPONENTS Interpreter Development REQUIRED)
find_package(pybind11 CONFIG REQUIRED)
find_package(Threads REQUIRED)
