# Runs a scenario and compares its whole output with the golden trace kept
# beside it. Regenerate with tools/golden after reviewing the change.
file(RELATIVE_PATH relative ${CMAKE_CURRENT_SOURCE_DIR} ${SCENARIO})
execute_process(COMMAND ${IPCSIM} run ${relative} OUTPUT_VARIABLE actual RESULT_VARIABLE code)
file(READ ${GOLDEN} expected)
if(NOT actual STREQUAL expected)
  string(REGEX REPLACE "\\.trace$" ".actual" actual_file ${GOLDEN})
  get_filename_component(actual_name ${actual_file} NAME)
  set(out ${OUT_DIR}/${actual_name})
  file(WRITE ${out} "${actual}")
  message(FATAL_ERROR "output of ${relative} differs from ${GOLDEN}; actual output in ${out}\n"
                      "diff -u ${GOLDEN} ${out}")
endif()
