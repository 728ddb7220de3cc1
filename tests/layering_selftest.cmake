# Proves check_layering.cmake can fail: it must pass on a small tree that keeps
# the layers, and fail on the same tree plus one violating include per rule,
# naming each offending FILE:LINE and nothing else.
#   cmake -DWORK_DIR=<scratch dir> -P tests/layering_selftest.cmake
cmake_minimum_required(VERSION 3.20)

if(NOT DEFINED WORK_DIR)
  set(WORK_DIR "${CMAKE_CURRENT_BINARY_DIR}/layering_selftest")
endif()
set(checker "${CMAKE_CURRENT_LIST_DIR}/check_layering.cmake")

# Writes WORK_DIR/<path>: the given text and a newline.
function(write path text)
  file(WRITE "${WORK_DIR}/${path}" "${text}\n")
endfunction()

# Runs the checker on WORK_DIR; sets ${rc_out} and ${output_out}.
function(run_checker rc_out output_out)
  execute_process(
    COMMAND "${CMAKE_COMMAND}" "-DSOURCE_DIR=${WORK_DIR}" -P "${checker}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(${rc_out} "${rc}" PARENT_SCOPE)
  set(${output_out} "${out}${err}" PARENT_SCOPE)
endfunction()

# 1. A tree where every layer includes only what it may.
file(REMOVE_RECURSE "${WORK_DIR}")
write(sim/event_queue.h "#pragma once\n#include <vector>\n#include \"sim/time.h\"")
write(sim/fiber.cpp "#include \"sim/fiber.h\"\n#include <boost/context/fiber.hpp>")
write(kernel/kernel.cpp "#include \"kernel/kernel.h\"\n#include \"sim/event_queue.h\"")
write(kernel/user/libc.cpp "#include \"kernel/user/libc.h\"\n#include \"kernel/kernel.h\"")
write(tools/scenario/loader.cpp "#include \"kernel/user/libc.h\"\n#include <yaml-cpp/yaml.h>")
write(tools/ipcsim/main.cpp "#include \"tools/scenario/loader.h\"\n#include \"kernel/kernel.h\"")
write(tests/kernel_test.cpp "#include <doctest/doctest.h>\n#include \"tools/scenario/loader.h\"")

run_checker(rc output)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "layering selftest: the checker fails on a clean tree:\n${output}")
endif()

# 2. The same tree plus one violation per rule (the line numbers matter: the
#    includes sit after blank lines and lines with ';', '[' and a final '\').
write(sim/random.cpp "#include \"sim/random.h\"\nint table[4]; // see v[0\n#define TWICE(x) \\\n  (2 * (x))\n\n#include \"kernel/process.h\"")
write(sim/trace.h "#pragma once\n  #  include \"tools/ipcsim/main.h\"")
write(kernel/scheduler.cpp "#include \"sim/time.h\"\n#include \"kernel/user/libc.h\"")
write(kernel/pipe.h "#include \"tools/scenario/loader.h\"")
write(kernel/user/interpreter.cpp "namespace { int x; }\n#include \"tools/scenario/scenario.h\"")
write(tools/scenario/boot.cpp "#include \"kernel/user/libc.h\"\n#include \"tools/ipcsim/options.h\"")
write(tools/scenario/report.cpp "#include \"tools/benchmarks/bench.h\"")
write(tools/ipcsim/main_helpers.cpp "#include \"tests/helpers.h\"")
write(kernel/user/program.cpp "#include <yaml-cpp/node/node.h>")
write(tests/loader_test.cpp "#include \"yaml-cpp/yaml.h\"")
write(sim/fiber.h "#include <boost/context/fiber.hpp>")
write(kernel/link.cpp "#include \"../sim/time.h\"")
set(expected
  "sim/random.cpp:6:" "sim/trace.h:2:" "kernel/scheduler.cpp:2:" "kernel/pipe.h:1:"
  "kernel/user/interpreter.cpp:2:" "tools/scenario/boot.cpp:2:"
  "tools/scenario/report.cpp:1:" "tools/ipcsim/main_helpers.cpp:1:"
  "kernel/user/program.cpp:1:" "tests/loader_test.cpp:1:" "sim/fiber.h:1:"
  "kernel/link.cpp:1:")

run_checker(rc output)
if(rc EQUAL 0)
  message(FATAL_ERROR "layering selftest: the checker passes a tree that breaks the layers:\n${output}")
endif()
foreach(location IN LISTS expected)
  string(FIND "${output}" "  ${location} " at)
  if(at EQUAL -1)
    message(FATAL_ERROR "layering selftest: the checker misses ${location}\n${output}")
  endif()
endforeach()
list(LENGTH expected count)
if(NOT output MATCHES "check_layering: ${count} include\\(s\\) break the layers")
  message(FATAL_ERROR "layering selftest: expected exactly ${count} violations:\n${output}")
endif()

file(REMOVE_RECURSE "${WORK_DIR}")
message(STATUS "layering selftest: the checker passes the clean tree and finds all ${count} violations")
