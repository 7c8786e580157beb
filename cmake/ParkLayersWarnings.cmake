# SPDX-License-Identifier: GPL-2.0-or-later
# Warnings on for every target of ours; PARKLAYERS_WERROR (on in CI) makes them errors.
option(PARKLAYERS_WERROR "Treat compiler warnings as errors" OFF)
function(parklayers_warnings target)
  if(MSVC)
    # Never built with MSVC yet (docs/windows.md): its own flags rather than GCC's.
    target_compile_options(${target} PRIVATE /W4 /utf-8)
    if(PARKLAYERS_WERROR)
      target_compile_options(${target} PRIVATE /WX)
    endif()
    return()
  endif()
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion -Wnon-virtual-dtor)
  if(PARKLAYERS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
