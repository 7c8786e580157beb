# SPDX-License-Identifier: GPL-2.0-or-later
# Install folders beyond GNUInstallDirs, defined before the core so that it can find its data
# relative to wherever the program or the QGIS plugin was installed (park/source.cpp).

# Where QGIS looks for C++ plugins: /usr/lib/qgis/plugins for Debian's QGIS. With another
# prefix, add the folder in Settings > Options > System > Plugin paths.
set(PARKLAYERS_QGIS_PLUGIN_DIR "lib/qgis/plugins" CACHE STRING
    "Folder (absolute, or relative to the install prefix) for the QGIS plugin")

# parklayers_relative_datadir(FROM_DIR OUT_VAR): the path from an install folder (absolute, or
# relative to the prefix) to CMAKE_INSTALL_DATADIR, e.g. ../share from bin. Relative, so that the
# installed files still find each other when packaged or installed with another prefix.
function(parklayers_relative_datadir from_dir out_var)
  if(IS_ABSOLUTE "${from_dir}")
    set(_from "${from_dir}")
  else()
    set(_from "${CMAKE_INSTALL_PREFIX}/${from_dir}")
  endif()
  file(RELATIVE_PATH _relative "${_from}" "${CMAKE_INSTALL_FULL_DATADIR}")
  set(${out_var} "${_relative}" PARENT_SCOPE)
endfunction()
