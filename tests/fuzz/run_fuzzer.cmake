# ctest's fuzz.<name>: runs FUZZER with ARGS over a fresh scratch corpus WORK (where
# libFuzzer writes what it finds) and the seed corpus CORPUS (only read), so a test run
# never adds files to the source tree. A crash, leak, timeout or sanitizer report makes
# libFuzzer exit non-zero; the input that did it is written next to WORK.
#   cmake -DFUZZER=... -DWORK=... -DCORPUS=... "-DARGS=a;b" -P run_fuzzer.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
execute_process(COMMAND ${FUZZER} ${ARGS} -artifact_prefix=${WORK}- ${WORK} ${CORPUS} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${FUZZER} failed (${rc}); the failing input is ${WORK}-*")
endif()
