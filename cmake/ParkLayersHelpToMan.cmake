# SPDX-License-Identifier: GPL-2.0-or-later
# cmake -DPROGRAM=path -DNAME=name -DVERSION=v -DOUTPUT=file.1 -P ParkLayersHelpToMan.cmake
#
# A man page for one of the QGIS helper programs (parklayers-qgis-project, parklayers-qgis-report)
# made from its own --help, so that it cannot drift from it: the Usage line is the SYNOPSIS, the
# first sentence after it the NAME line, the rest the DESCRIPTION. parklayers(1) itself is written
# by parklayers-docgen from the command line's declarations.
execute_process(COMMAND "${PROGRAM}" --help OUTPUT_VARIABLE help RESULT_VARIABLE status ERROR_QUIET)
if(NOT status EQUAL 0 OR NOT help MATCHES "^Usage: ")
  message(FATAL_ERROR "${PROGRAM} --help: exit status ${status}, no Usage line")
endif()

# Dated SOURCE_DATE_EPOCH when it is set (string(TIMESTAMP) reads it), for reproducible packages.
string(TIMESTAMP DATE "%Y-%m-%d" UTC)

# roff: backslashes first, then hyphens as \-, and no line may start with . or '.
function(roff text out_var)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REPLACE "-" "\\-" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

string(REGEX MATCH "^Usage: ([^\n]*)\n(.*)$" _ "${help}")
set(usage "${CMAKE_MATCH_1}")
string(STRIP "${CMAKE_MATCH_2}" description)
string(REPLACE "\n" " " one_line "${description}")
string(REGEX MATCH "^[^.]*" summary "${one_line}")
string(REGEX REPLACE "^[A-Z]" "" rest "${summary}")
string(SUBSTRING "${summary}" 0 1 first)
string(TOLOWER "${first}" first)
roff("${first}${rest}" summary)
roff("${usage}" usage)
roff("${description}" description)
string(REPLACE "-" "\\-" name_roff "${NAME}")
string(TOUPPER "${NAME}" title)

file(WRITE "${OUTPUT}"
".TH \"${title}\" 1 \"${DATE}\" \"Park Layers ${VERSION}\" \"Park Layers\"\n"
".SH NAME\n${name_roff} \\- ${summary}\n"
".SH SYNOPSIS\n.nh\n.ad l\n${usage}\n.ad\n.hy\n"
".SH DESCRIPTION\n${description}\n"
".PP\nparklayers(1) runs this program itself where it needs QGIS; it can also be run by hand.\n"
".SH SEE ALSO\n.BR parklayers (1),\n.BR qgis (1)\n")
