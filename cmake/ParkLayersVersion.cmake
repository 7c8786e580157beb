# SPDX-License-Identifier: GPL-2.0-or-later
# Reads the version from metadata.txt, the single source of it (QGIS plugin metadata).
function(parklayers_read_version metadata_file out_var)
  file(STRINGS "${metadata_file}" _line REGEX "^version=")
  string(REGEX REPLACE "^version=[ \t]*" "" _version "${_line}")
  if(NOT _version MATCHES "^[0-9]+\\.[0-9]+\\.[0-9]+$")
    message(FATAL_ERROR "${metadata_file}: no version=MAJOR.MINOR.PATCH line (found '${_line}')")
  endif()
  set(${out_var} "${_version}" PARENT_SCOPE)
endfunction()
