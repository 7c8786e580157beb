# SPDX-License-Identifier: GPL-2.0-or-later
"""Run by QGIS itself (qgis.bin --code) from run_qgis_test.py --installed, after the Debian
package is installed (.ci/package): QGIS loaded the plugin from its own plugin folder, with no
plugin path set; the plugin finds the bundled park where the package installed it
(PARKLAYERS_E2E_PARK), relative to its own file, and loads it as a styled group."""
import os
import sys

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QAction
from qgis.utils import iface

# QGIS runs this file's text, so it has no __file__: the folder comes from the environment.
sys.path.insert(0, os.environ["PARKLAYERS_E2E_TESTS"])
from e2e import check, finish, group_layers, guarded, wait_until  # noqa: E402

PARK = os.environ["PARKLAYERS_E2E_PARK"]
GROUP = "Anting International Medical Industry Park"
LAYERS = 7  # amenities, buildings, parcels, roads, park_boundary, tenants, area_checks


@guarded
def start():
    load = iface.mainWindow().findChild(QAction, "parkLayersLoadAction")
    check("the installed plugin's action parkLayersLoadAction exists", load is not None)
    algorithm = QgsApplication.processingRegistry().algorithmById("parklayers:build")
    default = algorithm.parameterDefinition("SOURCE").defaultValue() if algorithm else None
    check("Processing build's default source is the installed park", default == PARK, default)
    if load is None:
        finish()
        return
    load.trigger()
    wait_until(lambda: (group_layers(GROUP) or []) if len(group_layers(GROUP) or []) >= LAYERS else None,
               "Load Anting Park adds the park's %d layers" % LAYERS, loaded)


@guarded
def loaded(layers):
    check("every layer of the group is valid", all(layer.isValid() for layer in layers),
          [layer.name() for layer in layers if not layer.isValid()])
    finish()


QTimer.singleShot(0, start)
