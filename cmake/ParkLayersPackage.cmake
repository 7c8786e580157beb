# SPDX-License-Identifier: GPL-2.0-or-later
# The Debian package, made by CPack from the install() rules: `cpack -G DEB` in a build folder
# configured with -DCMAKE_INSTALL_PREFIX=/usr (.ci/package does it all and checks the result).
# Every file the project installs goes in; the package adds only its documents (copyright and
# changelog in /usr/share/doc/parklayers, as Debian policy asks).
include(ParkLayersDebianChangelog)

set(PARKLAYERS_PACKAGE_MAINTAINER "Park Layers team <maintainers@users.noreply.r-seed-1ab9894a.example>"
    CACHE STRING "Maintainer of the Debian package: name <address>")

# The package's documents, under the name Debian looks for (share/doc/PACKAGE, not
# GNUInstallDirs' share/doc/ParkLayers).
set(_parklayers_doc_dir "${CMAKE_INSTALL_DATADIR}/doc/parklayers")
set(_parklayers_package_dir "${PROJECT_BINARY_DIR}/package")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             "${PROJECT_SOURCE_DIR}/CHANGELOG.md" "${PROJECT_SOURCE_DIR}/cmake/debian/copyright")
configure_file("${PROJECT_SOURCE_DIR}/cmake/debian/copyright" "${_parklayers_package_dir}/copyright" @ONLY)
parklayers_debian_changelog("${PROJECT_SOURCE_DIR}/CHANGELOG.md" parklayers "${PARKLAYERS_PACKAGE_MAINTAINER}"
                            "${PROJECT_VERSION}" "${_parklayers_package_dir}/changelog.gz")
install(FILES "${_parklayers_package_dir}/copyright" "${_parklayers_package_dir}/changelog.gz"
        DESTINATION "${_parklayers_doc_dir}")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME parklayers)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "${PARKLAYERS_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${PARKLAYERS_PACKAGE_MAINTAINER}")
# First line: the synopsis apt shows; the rest is the long description (CPack indents it).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "industrial-park parcels as checked GIS layers, areas in m2, mu and ha
Park Layers reads a park's source data (any format GDAL reads), validates
it, computes ellipsoidal areas in square metres, mu and hectares, checks
them against the figures the sources state, and builds a GeoPackage of
parcels, buildings, roads, amenities, tenants and area checks, styled for
QGIS.

This package holds the parklayers command line, the Park Layers QGIS plugin
(loaded by QGIS from /usr/lib/qgis/plugins), the GDAL plugin for land-parcel
coordinate files and the modelled data of the Shanghai Anting International
Medical Industry Park.")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends: computed by dpkg-shlibdeps from the libraries the programs and plugins link (GDAL,
# PROJ, GEOS, QGIS's libraries, Qt, libpq...), never listed by hand.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# QGIS's desktop loads the plugin and brings QGIS's resources (qgis-providers-common) that
# parklayers-qgis-project reads. The command line works without it (build then stores no QGIS
# project, and says so): recommended, not required.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS qgis)
# Stripped binaries and 0644/0755 files owned by root, as Debian's own packages are.
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # parklayers_VERSION_ARCH.deb
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
# The package installs under /usr (CPack's default for DEB) whatever prefix the build was
# configured with: the programs and the plugin find the data relative to themselves.
include(CPack)
