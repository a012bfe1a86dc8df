# Runs every SQL logic test file with `SET memory_limit = '1B'` prepended, so that each
# join, aggregate and sort in them spills, and expects the same results as in memory.
# Arguments: -DRUNNER=<sqllogictest> -DSQL_DIR=<test/sql> -DDATA_DIR=<test/data>
#            -DWORK_DIR=<scratch directory>
file(GLOB_RECURSE test_files ${SQL_DIR}/*.test)
if(NOT test_files)
  message(FATAL_ERROR "no SQL logic test files under '${SQL_DIR}'")
endif()
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
set(failed "")
foreach(test_file ${test_files})
  file(RELATIVE_PATH name ${SQL_DIR} ${test_file})
  string(REPLACE "/" "__" flat ${name})
  file(READ ${test_file} body)
  file(WRITE ${WORK_DIR}/${flat} "statement ok\nSET memory_limit = '1B'\n\n${body}")
  execute_process(COMMAND ${RUNNER} --data-dir ${DATA_DIR} ${WORK_DIR}/${flat}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message("${name}: ${out}")
    list(APPEND failed ${name})
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "failed with a 1-byte memory limit: ${failed}")
endif()
