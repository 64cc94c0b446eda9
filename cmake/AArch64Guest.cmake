# Bare-metal AArch64 guest programs, built with the Debian cross compiler.
#
# The host project is compiled with the x86 compiler, so guests cannot be normal CMake
# targets; instead every guest object and ELF is an add_custom_command that calls
# aarch64-linux-gnu-gcc directly. This keeps one CMake project (no ExternalProject and
# no second toolchain file) and still gives incremental rebuilds through depfiles.
#
#   mtesim_add_guest_runtime(SOURCES src...)
#       Compiles the guest runtime (guests/runtime) once; called by guests/CMakeLists.txt.
#   mtesim_add_guest(NAME SOURCES src... [LINK_RUNTIME ON|OFF] [LDSCRIPT file] [ENTRY symbol])
#       Builds ${CMAKE_BINARY_DIR}/guests/NAME.elf and NAME.bin, as target guest_NAME,
#       collected into the ALL target `guests`. The ELF path is also stored in the
#       target property GUEST_ELF. ENTRY overrides the linker script's entry point.

find_program(MTESIM_GUEST_CC aarch64-linux-gnu-gcc)
find_program(MTESIM_GUEST_OBJCOPY aarch64-linux-gnu-objcopy)
if(NOT MTESIM_GUEST_CC OR NOT MTESIM_GUEST_OBJCOPY)
  message(FATAL_ERROR
    "The AArch64 cross compiler (aarch64-linux-gnu-gcc / aarch64-linux-gnu-objcopy) "
    "was not found; it builds the guest programs in guests/ and tests/guests/. "
    "Install the Debian packages gcc-aarch64-linux-gnu and binutils-aarch64-linux-gnu "
    "(scripts/install-deps.sh does this).")
endif()

set(MTESIM_GUEST_DIR "${CMAKE_CURRENT_LIST_DIR}/../guests")
get_filename_component(MTESIM_GUEST_DIR "${MTESIM_GUEST_DIR}" ABSOLUTE)
set(MTESIM_GUEST_OUT "${CMAKE_BINARY_DIR}/guests")

# -mgeneral-regs-only: the runtime never saves FP/SIMD state in its exception frames.
# -march=armv8.5-a+memtag: so MTE guests assemble. No -mstrict-align: the runtime turns
# the MMU on before main, and Normal memory allows unaligned accesses.
set(MTESIM_GUEST_CFLAGS
  -O2 -g -ffreestanding -nostdlib -mgeneral-regs-only -march=armv8.5-a+memtag
  -fno-pic -fno-pie -static -fno-stack-protector -fno-asynchronous-unwind-tables
  -fno-unwind-tables -fno-tree-loop-distribute-patterns -mbranch-protection=none -ffunction-sections -fdata-sections
  -Wall -Wextra -Wno-unused-parameter
  "-I${MTESIM_GUEST_DIR}/runtime/include")
if(MTESIM_WERROR)
  list(APPEND MTESIM_GUEST_CFLAGS -Werror)
endif()
set(MTESIM_GUEST_LDFLAGS
  -no-pie -Wl,--gc-sections -Wl,--build-id=none -Wl,--no-warn-rwx-segments)

add_custom_target(guests ALL)

# Compiles one guest source to OBJ_DIR; returns the object path in OUT_VAR. Any further
# arguments are extra compiler flags (the guest's -D definitions).
function(_mtesim_guest_compile SRC OBJ_DIR OUT_VAR)
  get_filename_component(src "${SRC}" ABSOLUTE)
  get_filename_component(base "${src}" NAME)
  set(obj "${OBJ_DIR}/${base}.o")
  add_custom_command(
    OUTPUT "${obj}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${OBJ_DIR}"
    COMMAND "${MTESIM_GUEST_CC}" ${MTESIM_GUEST_CFLAGS} ${ARGN} -MD -MF "${obj}.d"
            -c "${src}" -o "${obj}"
    DEPENDS "${src}"
    DEPFILE "${obj}.d"
    COMMENT "Guest CC ${base}"
    VERBATIM)
  set(${OUT_VAR} "${obj}" PARENT_SCOPE)
endfunction()

function(mtesim_add_guest_runtime)
  cmake_parse_arguments(RT "" "" "SOURCES" ${ARGN})
  set(objs "")
  foreach(src IN LISTS RT_SOURCES)
    _mtesim_guest_compile("${src}" "${MTESIM_GUEST_OUT}/obj/runtime" obj)
    list(APPEND objs "${obj}")
  endforeach()
  add_custom_target(guest_runtime DEPENDS ${objs})
  set_property(GLOBAL PROPERTY MTESIM_GUEST_RUNTIME_OBJS "${objs}")
endfunction()

function(mtesim_add_guest NAME)
  cmake_parse_arguments(G "" "LINK_RUNTIME;LDSCRIPT;ENTRY" "SOURCES;DEFINES" ${ARGN})
  if(NOT G_SOURCES)
    message(FATAL_ERROR "mtesim_add_guest(${NAME}): no SOURCES given")
  endif()
  if(NOT DEFINED G_LINK_RUNTIME)
    set(G_LINK_RUNTIME ON)
  endif()
  if(NOT G_LDSCRIPT)
    set(G_LDSCRIPT "${MTESIM_GUEST_DIR}/runtime/guest.ld")
  endif()
  get_filename_component(ldscript "${G_LDSCRIPT}" ABSOLUTE)

  set(defines "")
  foreach(d IN LISTS G_DEFINES)
    list(APPEND defines "-D${d}")
  endforeach()
  set(objs "")
  foreach(src IN LISTS G_SOURCES)
    _mtesim_guest_compile("${src}" "${MTESIM_GUEST_OUT}/obj/${NAME}" obj ${defines})
    list(APPEND objs "${obj}")
  endforeach()
  if(G_LINK_RUNTIME)
    get_property(rt_objs GLOBAL PROPERTY MTESIM_GUEST_RUNTIME_OBJS)
    if(NOT rt_objs)
      message(FATAL_ERROR "mtesim_add_guest(${NAME}): the guest runtime is not defined yet "
                          "(add_subdirectory(guests) must come first)")
    endif()
    list(APPEND objs ${rt_objs})
  endif()

  set(entry_flags "")
  if(G_ENTRY)
    set(entry_flags "-Wl,-e,${G_ENTRY}")
  endif()
  set(elf "${MTESIM_GUEST_OUT}/${NAME}.elf")
  set(bin "${MTESIM_GUEST_OUT}/${NAME}.bin")
  add_custom_command(
    OUTPUT "${elf}"
    COMMAND "${MTESIM_GUEST_CC}" ${MTESIM_GUEST_CFLAGS} ${MTESIM_GUEST_LDFLAGS} ${entry_flags}
            -T "${ldscript}" -o "${elf}" ${objs} -lgcc
    DEPENDS ${objs} "${ldscript}"
    COMMENT "Guest LD ${NAME}.elf"
    VERBATIM)
  add_custom_command(
    OUTPUT "${bin}"
    COMMAND "${MTESIM_GUEST_OBJCOPY}" -O binary "${elf}" "${bin}"
    DEPENDS "${elf}"
    COMMENT "Guest OBJCOPY ${NAME}.bin"
    VERBATIM)
  add_custom_target(guest_${NAME} DEPENDS "${elf}" "${bin}")
  if(G_LINK_RUNTIME)
    add_dependencies(guest_${NAME} guest_runtime)
  endif()
  set_target_properties(guest_${NAME} PROPERTIES GUEST_ELF "${elf}" GUEST_BIN "${bin}")
  add_dependencies(guests guest_${NAME})
endfunction()
