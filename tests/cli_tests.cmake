# Tests of the `ipcsim` program itself: its command line, exit codes, output
# and determinism (README "The ipcsim program", SCENARIO_FORMAT sections 8-10).
#
#   cmake -DIPCSIM=path/to/ipcsim -DSOURCE_DIR=path/to/source
#         [-DWORK_DIR=scratch/dir] [-DCHECKS=group;group...] -P tests/cli_tests.cmake
#
# Groups (default: all of them, in this order):
#   determinism   every file in scenarios/: `run` twice, `run --seed 7` twice,
#                 `run --json` twice give identical bytes
#   json          the --json document parses and has the documented keys
#   exit_codes    0, 1, 2, 3, 4 from `run` (and `test` on one file), 64 and the
#                 usage for wrong command lines, 0 for --version and --help
#   check_test    `ipcsim check` and `ipcsim test` output and exit codes, -j
#   blocked_exit  an `exit` expectation for a process that never ended says
#                 where it is blocked
#
# Every check is named; a failure prints the check's name and what differed,
# and the script ends with message(FATAL_ERROR) if any check failed.
# Inputs: scenarios/regression/cli_hello.yaml (passes) and tests/data/cli_*.yaml
# (deliberately failing, invalid, deadlocking or over a limit).
cmake_minimum_required(VERSION 3.19)  # string(JSON)

foreach(var IPCSIM SOURCE_DIR)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "cli_tests.cmake: pass -D${var}=...")
  endif()
endforeach()
if(NOT EXISTS "${IPCSIM}")
  message(FATAL_ERROR "cli_tests.cmake: IPCSIM=${IPCSIM} does not exist")
endif()
if(NOT DEFINED WORK_DIR OR "${WORK_DIR}" STREQUAL "")
  set(WORK_DIR "${CMAKE_CURRENT_BINARY_DIR}/cli_tests_work")
endif()
set(all_groups determinism json exit_codes check_test blocked_exit)
if(NOT DEFINED CHECKS OR "${CHECKS}" STREQUAL "")
  set(CHECKS ${all_groups})
endif()
foreach(group ${CHECKS})
  if(NOT group IN_LIST all_groups)
    message(FATAL_ERROR "cli_tests.cmake: unknown group '${group}' (known: ${all_groups})")
  endif()
endforeach()
file(MAKE_DIRECTORY "${WORK_DIR}")
file(REMOVE_RECURSE "${WORK_DIR}/differences")

set(PASSING_FILE scenarios/regression/cli_hello.yaml)
set(FAILING_FILE tests/data/cli_expectation_fails.yaml)
set(INVALID_FILE tests/data/cli_invalid_unknown_key.yaml)
set(DEADLOCK_FILE tests/data/cli_unexpected_deadlock.yaml)
set(LIMIT_FILE tests/data/cli_step_limit.yaml)
set(BLOCKED_FILE tests/data/cli_exit_of_blocked_process.yaml)
set(JSON_FILE scenarios/classroom/mailbox_shared_by_three.yaml)
foreach(input PASSING_FILE FAILING_FILE INVALID_FILE DEADLOCK_FILE LIMIT_FILE BLOCKED_FILE JSON_FILE)
  if(NOT EXISTS "${SOURCE_DIR}/${${input}}")
    message(FATAL_ERROR "cli_tests.cmake: input ${SOURCE_DIR}/${${input}} is missing")
  endif()
endforeach()

# ---------------------------------------------------------------- helpers

set(checks_run 0)
set_property(GLOBAL PROPERTY cli_failures "")
set_property(GLOBAL PROPERTY cli_skipped "")

# fail(CHECK MESSAGE...): records and prints one failure of the named check.
function(fail check)
  string(JOIN "" text ${ARGN})
  message("FAIL [${check}] ${text}")
  set_property(GLOBAL APPEND PROPERTY cli_failures "${check}")
endfunction()

# begin(CHECK): counts a check; every check calls it once.
macro(begin check)
  math(EXPR checks_run "${checks_run} + 1")
  set(current_check "${check}")
endmacro()

# ipcsim(PREFIX [DIR dir] ARGS...): runs the program, sets PREFIX_out,
# PREFIX_err and PREFIX_code. Default working directory: SOURCE_DIR, so the
# scenario paths below (and in the program's messages) are relative.
function(ipcsim prefix)
  set(dir "${SOURCE_DIR}")
  set(args ${ARGN})
  list(LENGTH args n)
  if(n GREATER 1)
    list(GET args 0 first)
    if(first STREQUAL "DIR")
      list(GET args 1 dir)
      list(REMOVE_AT args 0 1)
    endif()
  endif()
  execute_process(COMMAND "${IPCSIM}" ${args}
    WORKING_DIRECTORY "${dir}"
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code)
  set(${prefix}_out "${out}" PARENT_SCOPE)
  set(${prefix}_err "${err}" PARENT_SCOPE)
  set(${prefix}_code "${code}" PARENT_SCOPE)
endfunction()

# A short, single-quoted view of program output for failure messages.
function(show var text)
  string(LENGTH "${text}" length)
  if(length GREATER 1500)
    string(SUBSTRING "${text}" 0 1500 text)
    string(APPEND text "...(${length} characters)")
  endif()
  set(${var} "'${text}'" PARENT_SCOPE)
endfunction()

# expect_code(CHECK WHAT EXPECTED ACTUAL [stderr]): the exit code.
function(expect_code check what expected actual)
  if(NOT "${actual}" STREQUAL "${expected}")
    show(err "${ARGN}")
    fail("${check}" "${what}: exit code ${actual}, expected ${expected}; stderr: ${err}")
  endif()
endfunction()

# expect_match(CHECK WHAT REGEX TEXT): TEXT must match REGEX.
function(expect_match check what regex text)
  if(NOT "${text}" MATCHES "${regex}")
    show(shown "${text}")
    fail("${check}" "${what}: does not match /${regex}/: ${shown}")
  endif()
endfunction()

# expect_no_match(CHECK WHAT REGEX TEXT)
function(expect_no_match check what regex text)
  if("${text}" MATCHES "${regex}")
    show(shown "${text}")
    fail("${check}" "${what}: should not match /${regex}/: ${shown}")
  endif()
endfunction()

# expect_equal(CHECK WHAT A B): byte-identical texts; on a difference both
# are written to WORK_DIR/differences/ for `diff -u`.
set(difference_count 0)
function(expect_equal check what a b)
  if(NOT "${a}" STREQUAL "${b}")
    math(EXPR n "${difference_count} + 1")
    set(difference_count ${n} PARENT_SCOPE)
    string(MAKE_C_IDENTIFIER "${check}" id)
    set(base "${WORK_DIR}/differences/${id}.${n}")
    file(WRITE "${base}.a" "${a}")
    file(WRITE "${base}.b" "${b}")
    string(LENGTH "${a}" la)
    string(LENGTH "${b}" lb)
    fail("${check}" "${what}: differ (${la} vs ${lb} characters): diff -u ${base}.a ${base}.b")
  endif()
endfunction()

# regex_escape(VAR TEXT): TEXT as a literal regular expression.
function(regex_escape var text)
  string(REGEX REPLACE "([][+.*()^$?|\\\\{}])" "\\\\\\1" escaped "${text}")
  set(${var} "${escaped}" PARENT_SCOPE)
endfunction()

# ------------------------------------------------------------ determinism

if("determinism" IN_LIST CHECKS)
  file(GLOB_RECURSE scenario_files RELATIVE "${SOURCE_DIR}" "${SOURCE_DIR}/scenarios/*.yaml")
  list(SORT scenario_files)
  begin(determinism.scenarios_found)
  list(LENGTH scenario_files count)
  if(count EQUAL 0)
    fail(determinism.scenarios_found "no *.yaml under ${SOURCE_DIR}/scenarios")
  endif()
  set(json_dir "${WORK_DIR}/determinism")
  file(REMOVE_RECURSE "${json_dir}")
  file(MAKE_DIRECTORY "${json_dir}")
  foreach(scenario ${scenario_files})
    string(MAKE_C_IDENTIFIER "${scenario}" id)

    # The same file twice: the same bytes, the same exit code.
    begin(determinism.run_twice)
    ipcsim(first run "${scenario}")
    ipcsim(second run "${scenario}")
    if(first_code EQUAL 2 OR first_code EQUAL 64 OR NOT first_code MATCHES "^[0-9]+$")
      show(err "${first_err}")
      fail(determinism.run_twice "${scenario}: did not run (exit ${first_code}): ${err}")
    elseif(first_out STREQUAL "")
      fail(determinism.run_twice "${scenario}: printed nothing")
    else()
      expect_equal(determinism.run_twice "${scenario}: stdout of `ipcsim run` twice" "${first_out}" "${second_out}")
      expect_equal(determinism.run_twice "${scenario}: stderr of `ipcsim run` twice" "${first_err}" "${second_err}")
      expect_code(determinism.run_twice "${scenario}: second run" "${first_code}" "${second_code}" "${second_err}")
    endif()

    # --seed 7 twice: identical too, and the seed really is 7.
    begin(determinism.seed_7_twice)
    ipcsim(seeded_a run "${scenario}" --seed 7)
    ipcsim(seeded_b run "${scenario}" --seed 7)
    expect_match(determinism.seed_7_twice "${scenario}: header of `run --seed 7`" "(^|\n)seed 7 " "${seeded_a_out}")
    expect_equal(determinism.seed_7_twice "${scenario}: stdout of `ipcsim run --seed 7` twice" "${seeded_a_out}" "${seeded_b_out}")
    expect_code(determinism.seed_7_twice "${scenario}: second --seed 7 run" "${seeded_a_code}" "${seeded_b_code}" "${seeded_b_err}")

    # --json OUT twice: identical files; --json does not change stdout.
    begin(determinism.json_twice)
    set(json_a "${json_dir}/${id}.a.json")
    set(json_b "${json_dir}/${id}.b.json")
    ipcsim(json_a run "${scenario}" --json "${json_a}")
    ipcsim(json_b run "${scenario}" --json "${json_b}")
    if(NOT EXISTS "${json_a}" OR NOT EXISTS "${json_b}")
      show(err "${json_a_err}")
      fail(determinism.json_twice "${scenario}: --json wrote no file (exit ${json_a_code}): ${err}")
    else()
      file(READ "${json_a}" text_a)
      file(READ "${json_b}" text_b)
      if(text_a STREQUAL "")
        fail(determinism.json_twice "${scenario}: --json wrote an empty file")
      endif()
      expect_equal(determinism.json_twice "${scenario}: ${json_a} and ${json_b}" "${text_a}" "${text_b}")
      expect_equal(determinism.json_twice "${scenario}: stdout with --json vs without" "${first_out}" "${json_a_out}")
      expect_code(determinism.json_twice "${scenario}: --json run vs plain run" "${first_code}" "${json_a_code}" "${json_a_err}")
    endif()
  endforeach()
endif()

# ------------------------------------------------------------------- json

if("json" IN_LIST CHECKS)
  set(json_out "${WORK_DIR}/json/mailbox_shared_by_three.json")
  file(REMOVE_RECURSE "${WORK_DIR}/json")
  file(MAKE_DIRECTORY "${WORK_DIR}/json")
  ipcsim(js run "${JSON_FILE}" --quiet --json "${json_out}")
  begin(json.written)
  expect_code(json.written "run ${JSON_FILE} --quiet --json" 0 "${js_code}" "${js_err}")
  if(NOT EXISTS "${json_out}")
    fail(json.written "no file ${json_out}")
  else()
    file(READ "${json_out}" doc)

    begin(json.valid_python)
    find_program(PYTHON3 python3)
    if(NOT PYTHON3)
      message("SKIP [json.valid_python] python3 not found: JSON validity not checked by Python")
      set_property(GLOBAL APPEND PROPERTY cli_skipped json.valid_python)
    else()
      execute_process(COMMAND "${PYTHON3}" -c "import json,sys; json.load(open(sys.argv[1]))" "${json_out}"
        RESULT_VARIABLE py_code ERROR_VARIABLE py_err OUTPUT_QUIET)
      if(NOT py_code EQUAL 0)
        fail(json.valid_python "${json_out} is not valid JSON: ${py_err}")
      endif()
    endif()

    begin(json.keys)
    string(JSON root_type ERROR_VARIABLE json_error TYPE "${doc}")
    if(json_error OR NOT root_type STREQUAL "OBJECT")
      fail(json.keys "${json_out}: not a JSON object (${json_error})")
    else()
      foreach(key name seed outcome exit_code processes total trace lost_messages queued_at_end blocked wait_for_cycle)
        string(JSON key_type ERROR_VARIABLE json_error TYPE "${doc}" ${key})
        if(json_error)
          fail(json.keys "${json_out}: no key '${key}'")
        endif()
      endforeach()
    endif()

    # The values say what the run did: --quiet leaves the trace in the JSON.
    begin(json.values)
    string(JSON v_name ERROR_VARIABLE e1 GET "${doc}" name)
    string(JSON v_seed ERROR_VARIABLE e2 GET "${doc}" seed)
    string(JSON v_code ERROR_VARIABLE e3 GET "${doc}" exit_code)
    string(JSON n_processes ERROR_VARIABLE e4 LENGTH "${doc}" processes)
    string(JSON n_trace ERROR_VARIABLE e5 LENGTH "${doc}" trace)
    string(JSON n_cycle ERROR_VARIABLE e6 LENGTH "${doc}" wait_for_cycle)
    if(e1 OR e2 OR e3 OR e4 OR e5 OR e6)
      fail(json.values "${json_out}: ${e1} ${e2} ${e3} ${e4} ${e5} ${e6}")
    else()
      file(STRINGS "${SOURCE_DIR}/${JSON_FILE}" name_line REGEX "^name: ")
      string(REGEX REPLACE "^name: " "" file_name "${name_line}")
      if(NOT v_name STREQUAL file_name)
        fail(json.values "name is '${v_name}', the file says '${file_name}'")
      endif()
      if(NOT v_seed EQUAL 1 OR NOT v_code EQUAL 0 OR NOT n_processes EQUAL 3 OR NOT n_cycle EQUAL 0)
        fail(json.values "seed ${v_seed} (want 1), exit_code ${v_code} (want 0), "
                         "${n_processes} processes (want 3), wait_for_cycle of ${n_cycle} (want 0)")
      endif()
      if(n_trace LESS 10)
        fail(json.values "trace has ${n_trace} records: --quiet must not empty the JSON trace")
      endif()
    endif()
  endif()

  # The seed given on the command line and a deadlock's wait-for cycle reach the JSON.
  begin(json.seed_and_deadlock)
  set(dl_json "${WORK_DIR}/json/deadlock.json")
  ipcsim(jd run "${DEADLOCK_FILE}" --quiet --seed 7 --json "${dl_json}")
  expect_code(json.seed_and_deadlock "run ${DEADLOCK_FILE} --json" 3 "${jd_code}" "${jd_err}")
  if(NOT EXISTS "${dl_json}")
    fail(json.seed_and_deadlock "no file ${dl_json}")
  else()
    file(READ "${dl_json}" doc)
    string(JSON v_seed ERROR_VARIABLE e1 GET "${doc}" seed)
    string(JSON v_code ERROR_VARIABLE e2 GET "${doc}" exit_code)
    string(JSON n_blocked ERROR_VARIABLE e3 LENGTH "${doc}" blocked)
    string(JSON n_cycle ERROR_VARIABLE e4 LENGTH "${doc}" wait_for_cycle)
    if(e1 OR e2 OR e3 OR e4)
      fail(json.seed_and_deadlock "${dl_json}: ${e1} ${e2} ${e3} ${e4}")
    elseif(NOT v_seed EQUAL 7 OR NOT v_code EQUAL 3 OR NOT n_blocked EQUAL 2 OR n_cycle LESS 2)
      fail(json.seed_and_deadlock "seed ${v_seed} (want 7), exit_code ${v_code} (want 3), "
                                  "${n_blocked} blocked (want 2), wait_for_cycle of ${n_cycle} (want >= 2)")
    endif()
  endif()
endif()

# ------------------------------------------------------------- exit codes

if("exit_codes" IN_LIST CHECKS)
  # One file per outcome; `ipcsim test FILE` exits as `run` does.
  foreach(case "pass;${PASSING_FILE};0" "expectation_failed;${FAILING_FILE};1" "invalid_file;${INVALID_FILE};2"
               "unexpected_deadlock;${DEADLOCK_FILE};3" "limit_passed;${LIMIT_FILE};4")
    list(GET case 0 what)
    list(GET case 1 scenario)
    list(GET case 2 want)
    begin(exit_codes.run_${what})
    ipcsim(r run "${scenario}")
    expect_code(exit_codes.run_${what} "ipcsim run ${scenario}" ${want} "${r_code}" "${r_err}")
    begin(exit_codes.test_one_file_${what})
    ipcsim(t test "${scenario}")
    expect_code(exit_codes.test_one_file_${what} "ipcsim test ${scenario}" ${want} "${t_code}" "${t_err}")
  endforeach()

  # What each outcome says.
  begin(exit_codes.pass_is_quiet_on_stderr)
  ipcsim(r run "${PASSING_FILE}")
  if(NOT r_err STREQUAL "")
    show(err "${r_err}")
    fail(exit_codes.pass_is_quiet_on_stderr "ipcsim run ${PASSING_FILE} wrote to stderr: ${err}")
  endif()
  expect_match(exit_codes.pass_is_quiet_on_stderr "verdict of ${PASSING_FILE}" "result: every expectation held" "${r_out}")

  begin(exit_codes.expectation_failed_says_which)
  regex_escape(f "${FAILING_FILE}")
  ipcsim(r run "${FAILING_FILE}")
  expect_match(exit_codes.expectation_failed_says_which "ipcsim run ${FAILING_FILE}"
               "(^|\n)${f}:10:13: greeter stdout: expected \"goodbye\\\\n\", got \"hello\\\\n\"" "${r_out}")

  begin(exit_codes.invalid_file_location)
  regex_escape(f "${INVALID_FILE}")
  ipcsim(r run "${INVALID_FILE}")
  expect_match(exit_codes.invalid_file_location "stderr of ipcsim run ${INVALID_FILE}"
               "^${f}:8:5: [^\n]*colour" "${r_err}")
  if(NOT r_out STREQUAL "")
    show(out "${r_out}")
    fail(exit_codes.invalid_file_location "an invalid file must not run, but stdout has ${out}")
  endif()

  begin(exit_codes.missing_file)
  ipcsim(r run tests/data/cli_no_such_file.yaml)
  expect_code(exit_codes.missing_file "ipcsim run of a missing file" 2 "${r_code}" "${r_err}")
  expect_match(exit_codes.missing_file "stderr" "^tests/data/cli_no_such_file\\.yaml:1:1: " "${r_err}")

  begin(exit_codes.deadlock_reported)
  ipcsim(r run "${DEADLOCK_FILE}" --quiet)
  expect_match(exit_codes.deadlock_reported "ipcsim run ${DEADLOCK_FILE}" "wait-for cycle" "${r_out}")

  begin(exit_codes.limit_reported)
  ipcsim(r run "${LIMIT_FILE}" --quiet)
  expect_match(exit_codes.limit_reported "ipcsim run ${LIMIT_FILE}" "limit passed" "${r_out}")

  # Wrong command lines: 64, the usage on stderr, nothing on stdout.
  set(usage_cases
    "no_arguments"
    "unknown_command|frobnicate"
    "unknown_option|run|--frobnicate|${PASSING_FILE}"
    "run_without_file|run"
    "run_only_options|run|--quiet"
    "seed_abc|run|${PASSING_FILE}|--seed|abc"
    "seed_negative|run|${PASSING_FILE}|--seed|-1"
    "seed_without_value|run|${PASSING_FILE}|--seed"
    "json_without_value|run|${PASSING_FILE}|--json"
    "two_files|run|${PASSING_FILE}|${PASSING_FILE}"
    "check_without_file|check"
    "check_unknown_option|check|--frobnicate"
    "test_unknown_option|test|--frobnicate"
    "test_j_zero|test|-j|0|${PASSING_FILE}"
    "test_j_without_value|test|${PASSING_FILE}|-j")
  foreach(case ${usage_cases})
    string(REPLACE "|" ";" args "${case}")
    list(POP_FRONT args what)
    begin(exit_codes.usage_${what})
    ipcsim(u ${args})
    string(REPLACE ";" " " shown_args "${args}")
    expect_code(exit_codes.usage_${what} "ipcsim ${shown_args}" 64 "${u_code}" "${u_err}")
    expect_match(exit_codes.usage_${what} "stderr of ipcsim ${shown_args}" "(^|\n)usage: ipcsim" "${u_err}")
    if(NOT u_out STREQUAL "")
      show(out "${u_out}")
      fail(exit_codes.usage_${what} "ipcsim ${shown_args}: stdout should be empty, has ${out}")
    endif()
  endforeach()

  # --version and --help: 0, on stdout.
  begin(exit_codes.version)
  ipcsim(v --version)
  expect_code(exit_codes.version "ipcsim --version" 0 "${v_code}" "${v_err}")
  expect_match(exit_codes.version "ipcsim --version" "^ipcsim [0-9]+\\.[0-9]+" "${v_out}")
  foreach(command run check test)
    begin(exit_codes.${command}_help)
    ipcsim(h ${command} --help)
    expect_code(exit_codes.${command}_help "ipcsim ${command} --help" 0 "${h_code}" "${h_err}")
    expect_match(exit_codes.${command}_help "ipcsim ${command} --help" "^usage: ipcsim ${command} " "${h_out}")
  endforeach()
endif()

# ------------------------------------------------------ check and test

if("check_test" IN_LIST CHECKS)
  regex_escape(pass_re "${PASSING_FILE}")
  regex_escape(invalid_re "${INVALID_FILE}")

  begin(check_test.check_valid)
  ipcsim(c check "${PASSING_FILE}")
  expect_code(check_test.check_valid "ipcsim check ${PASSING_FILE}" 0 "${c_code}" "${c_err}")
  expect_match(check_test.check_valid "ipcsim check ${PASSING_FILE}" "^ok ${pass_re}\n$" "${c_out}")

  begin(check_test.check_valid_and_invalid)
  ipcsim(c check "${PASSING_FILE}" "${INVALID_FILE}")
  expect_code(check_test.check_valid_and_invalid "ipcsim check VALID INVALID" 2 "${c_code}" "${c_err}")
  expect_match(check_test.check_valid_and_invalid "ipcsim check VALID INVALID"
               "^ok ${pass_re}\n${invalid_re}:8:5: [^\n]+\n$" "${c_out}")

  begin(check_test.check_does_not_run)
  ipcsim(c check "${FAILING_FILE}" "${DEADLOCK_FILE}")
  expect_code(check_test.check_does_not_run "ipcsim check of valid files that fail when run" 0 "${c_code}" "${c_err}")

  # Directories for `ipcsim test`, run from WORK_DIR/test_dirs with relative paths.
  set(tdir "${WORK_DIR}/test_dirs")
  file(REMOVE_RECURSE "${tdir}")
  foreach(copy
      "all_pass/a_hello.yaml;${PASSING_FILE}"
      "all_pass/sub/b_hello.yaml;${PASSING_FILE}"
      "all_pass/notes.txt;${FAILING_FILE}"
      "one_fail/a_hello.yaml;${PASSING_FILE}"
      "one_fail/b_fails.yaml;${FAILING_FILE}"
      "one_fail/c_hello.yaml;${PASSING_FILE}"
      "one_invalid/a_hello.yaml;${PASSING_FILE}"
      "one_invalid/b_fails.yaml;${FAILING_FILE}"
      "one_invalid/c_invalid.yaml;${INVALID_FILE}"
      "one_invalid/d_deadlock.yaml;${DEADLOCK_FILE}"
      "one_invalid/e_hello.yaml;${PASSING_FILE}")
    list(GET copy 0 to)
    list(GET copy 1 from)
    configure_file("${SOURCE_DIR}/${from}" "${tdir}/${to}" COPYONLY)
  endforeach()

  begin(check_test.test_dir_all_pass)
  ipcsim(t DIR "${tdir}" test all_pass)
  expect_code(check_test.test_dir_all_pass "ipcsim test all_pass" 0 "${t_code}" "${t_err}")
  expect_equal(check_test.test_dir_all_pass "ipcsim test all_pass (*.yaml only, sorted, recursive)"
               "${t_out}" "PASS all_pass/a_hello.yaml\nPASS all_pass/sub/b_hello.yaml\n2 passed, 0 failed\n")

  begin(check_test.test_dir_one_failing)
  ipcsim(t DIR "${tdir}" test one_fail)
  expect_code(check_test.test_dir_one_failing "ipcsim test one_fail" 1 "${t_code}" "${t_err}")
  expect_match(check_test.test_dir_one_failing "ipcsim test one_fail"
               "^PASS one_fail/a_hello\\.yaml\nFAIL one_fail/b_fails\\.yaml \\(exit 1\\): one_fail/b_fails\\.yaml:10:13: greeter stdout: [^\n]+\nPASS one_fail/c_hello\\.yaml\n2 passed, 1 failed\n$"
               "${t_out}")

  begin(check_test.test_dir_one_invalid)
  ipcsim(t DIR "${tdir}" test one_invalid)
  expect_code(check_test.test_dir_one_invalid "ipcsim test one_invalid" 2 "${t_code}" "${t_err}")
  expect_match(check_test.test_dir_one_invalid "ipcsim test one_invalid"
               "^PASS one_invalid/a_hello\\.yaml\nFAIL one_invalid/b_fails\\.yaml \\(exit 1\\): [^\n]+\nFAIL one_invalid/c_invalid\\.yaml \\(exit 2\\): one_invalid/c_invalid\\.yaml:8:5: [^\n]+\nFAIL one_invalid/d_deadlock\\.yaml \\(exit 3\\): [^\n]+\nPASS one_invalid/e_hello\\.yaml\n2 passed, 3 failed\n$"
               "${t_out}")

  begin(check_test.test_files_and_dirs)
  ipcsim(t DIR "${tdir}" test all_pass one_fail/b_fails.yaml)
  expect_code(check_test.test_files_and_dirs "ipcsim test all_pass one_fail/b_fails.yaml" 1 "${t_code}" "${t_err}")
  expect_match(check_test.test_files_and_dirs "ipcsim test all_pass one_fail/b_fails.yaml" "\n2 passed, 1 failed\n$" "${t_out}")

  begin(check_test.test_j2_same_as_j1)
  ipcsim(j1 DIR "${tdir}" test all_pass one_fail one_invalid -j 1)
  ipcsim(j2 DIR "${tdir}" test all_pass one_fail one_invalid -j 2)
  ipcsim(j0 DIR "${tdir}" test all_pass one_fail one_invalid)
  expect_match(check_test.test_j2_same_as_j1 "ipcsim test ... -j 1" "\n6 passed, 4 failed\n$" "${j1_out}")
  expect_equal(check_test.test_j2_same_as_j1 "ipcsim test -j 2 vs -j 1" "${j1_out}" "${j2_out}")
  expect_equal(check_test.test_j2_same_as_j1 "ipcsim test (no -j) vs -j 1" "${j1_out}" "${j0_out}")
  expect_code(check_test.test_j2_same_as_j1 "ipcsim test ... -j 1" 2 "${j1_code}" "${j1_err}")
  expect_code(check_test.test_j2_same_as_j1 "ipcsim test ... -j 2" 2 "${j2_code}" "${j2_err}")
endif()

# ------------------------------------- exit expectation of a blocked process

if("blocked_exit" IN_LIST CHECKS)
  regex_escape(f "${BLOCKED_FILE}")
  begin(blocked_exit.run)
  ipcsim(b run "${BLOCKED_FILE}" --quiet)
  # The deadlock is expected, so the failed exit expectation makes it 1, not 3.
  expect_code(blocked_exit.run "ipcsim run ${BLOCKED_FILE}" 1 "${b_code}" "${b_err}")
  string(REGEX MATCH "(^|\n)${f}:15:11: waiter: expected exit 0[^\n]*" line "${b_out}")
  if(line STREQUAL "")
    show(out "${b_out}")
    fail(blocked_exit.run "no line '${BLOCKED_FILE}:15:11: waiter: expected exit 0...' in ${out}")
  else()
    # It says the process never ended, in which call (receive), why (the
    # blocking reason mailbox.receive, on which mailbox) and at which line.
    expect_match(blocked_exit.run "the mismatch" "never ended" "${line}")
    expect_match(blocked_exit.run "the mismatch names the call" "(^|[^.a-z_])receive([^a-z_]|$)" "${line}")
    expect_match(blocked_exit.run "the mismatch names the blocking reason" "mailbox\\.receive" "${line}")
    expect_match(blocked_exit.run "the mismatch names the mailbox" "empty_box" "${line}")
    expect_match(blocked_exit.run "the mismatch names the step's line" "line 12([^0-9]|$)" "${line}")
  endif()

  begin(blocked_exit.test)
  ipcsim(b test "${BLOCKED_FILE}")
  expect_code(blocked_exit.test "ipcsim test ${BLOCKED_FILE}" 1 "${b_code}" "${b_err}")
  expect_match(blocked_exit.test "ipcsim test ${BLOCKED_FILE}"
               "^FAIL ${f} \\(exit 1\\): [^\n]*waiter: expected exit 0[^\n]*never ended[^\n]*mailbox\\.receive" "${b_out}")
endif()

# ---------------------------------------------------------------- verdict

get_property(failures GLOBAL PROPERTY cli_failures)
list(REMOVE_DUPLICATES failures)
list(LENGTH failures failed)
if(failed GREATER 0)
  string(REPLACE ";" "\n  " list "${failures}")
  message(FATAL_ERROR "cli tests (${CHECKS}): ${failed} named check(s) failed:\n  ${list}")
endif()
get_property(skipped GLOBAL PROPERTY cli_skipped)
list(LENGTH skipped skipped_count)
math(EXPR passed_count "${checks_run} - ${skipped_count}")
if(skipped_count GREATER 0)
  message("cli tests (${CHECKS}): ${passed_count} checks passed, ${skipped_count} skipped: ${skipped}")
else()
  message("cli tests (${CHECKS}): all ${checks_run} checks passed")
endif()
