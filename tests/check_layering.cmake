# Fails when a layer includes one above it (DESIGN.md, "Layers").
#   cmake -DSOURCE_DIR=<repo root> -P tests/check_layering.cmake
# Scans the *.h and *.cpp files of sim/, kernel/, tools/ and tests/ and lists
# every offending FILE:LINE with the rule it breaks.
cmake_minimum_required(VERSION 3.20)

if(NOT DEFINED SOURCE_DIR OR NOT IS_DIRECTORY "${SOURCE_DIR}")
  message(FATAL_ERROR "check_layering: pass -DSOURCE_DIR=<repository root>")
endif()

# Each rule is four entries: the files it applies to, the files exempt from it
# (both regexes on paths relative to SOURCE_DIR; "" for none), what those files
# must not include (a regex on what follows `#include`), and why.
set(rules
  "^sim/" ""
  "\"(kernel|tools|tests)/"
  "sim/ includes nothing of ours"

  "^kernel/" "^kernel/user/"
  "\"(kernel/user|tools|tests)/"
  "kernel/ may include only sim/"

  "^kernel/user/" ""
  "\"(tools|tests)/"
  "kernel/user/ may include only kernel/ and sim/"

  "^tools/scenario/" ""
  "\"(tools/ipcsim|tools/benchmarks|tests)/"
  "tools/scenario/ may include only kernel/user/ and below"

  "^tools/" ""
  "\"tests/"
  "tools/ must not include tests/"

  "" "^tools/scenario/"
  "(<|\")yaml-cpp/"
  "yaml-cpp is used only in tools/scenario/"

  "" "^sim/fiber\\.cpp$"
  "(<|\")boost/context"
  "Boost.Context is used only in sim/fiber.cpp"

  "" ""
  "\"\\.\\./"
  "include paths start at the repository root, never with ../"
)
set(include_line "^[ \t]*#[ \t]*include[ \t]*")

# Sets ${out} to the numbers of the lines of `file` that match `regex`.
# (The lines are split by hand: file(STRINGS) lists break on ';' and '['.)
function(matching_line_numbers file regex out)
  file(READ "${file}" text)
  string(REPLACE "\\" "/" text "${text}")
  string(REPLACE ";" ":" text "${text}")
  string(REPLACE "[" "(" text "${text}")
  string(REPLACE "]" ")" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")
  set(numbers "")
  set(number 0)
  foreach(line IN LISTS lines)
    math(EXPR number "${number} + 1")
    if(line MATCHES "${regex}")
      list(APPEND numbers ${number})
    endif()
  endforeach()
  set(${out} "${numbers}" PARENT_SCOPE)
endfunction()

file(GLOB_RECURSE files RELATIVE "${SOURCE_DIR}"
  "${SOURCE_DIR}/sim/*.h" "${SOURCE_DIR}/sim/*.cpp"
  "${SOURCE_DIR}/kernel/*.h" "${SOURCE_DIR}/kernel/*.cpp"
  "${SOURCE_DIR}/tools/*.h" "${SOURCE_DIR}/tools/*.cpp"
  "${SOURCE_DIR}/tests/*.h" "${SOURCE_DIR}/tests/*.cpp")
list(SORT files)
list(LENGTH files file_count)
if(file_count EQUAL 0)
  message(FATAL_ERROR "check_layering: no sources found under ${SOURCE_DIR}")
endif()

list(LENGTH rules rule_entries)
math(EXPR last_rule "${rule_entries} - 1")
set(violations "")
foreach(file IN LISTS files)
  # Cheap first pass: only the #include lines.
  file(STRINGS "${SOURCE_DIR}/${file}" includes REGEX "${include_line}")
  if(NOT includes)
    continue()
  endif()
  foreach(i RANGE 0 ${last_rule} 4)
    math(EXPR j "${i} + 1")
    math(EXPR k "${i} + 2")
    math(EXPR l "${i} + 3")
    list(GET rules ${i} applies_to)
    list(GET rules ${j} exempt)
    list(GET rules ${k} forbidden)
    list(GET rules ${l} why)
    if((applies_to AND NOT file MATCHES "${applies_to}") OR (exempt AND file MATCHES "${exempt}"))
      continue()
    endif()
    set(found FALSE)
    foreach(include IN LISTS includes)
      if(include MATCHES "${include_line}${forbidden}")
        set(found TRUE)
      endif()
    endforeach()
    if(found)
      # Second pass, only for a file that breaks this rule: where.
      matching_line_numbers("${SOURCE_DIR}/${file}" "${include_line}${forbidden}" numbers)
      foreach(number IN LISTS numbers)
        list(APPEND violations "  ${file}:${number}: ${why}")
      endforeach()
    endif()
  endforeach()
endforeach()

if(violations)
  list(LENGTH violations count)
  list(JOIN violations "\n" listing)
  message(FATAL_ERROR "check_layering: ${count} include(s) break the layers:\n${listing}")
endif()
message(STATUS "check_layering: ${file_count} files, layers respected")
