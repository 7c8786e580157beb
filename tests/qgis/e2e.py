# SPDX-License-Identifier: GPL-2.0-or-later
"""What the end-to-end tests run inside QGIS share: every assertion written at once to the results
file (PARKLAYERS_E2E_RESULTS) that run_qgis_test.py reads, steps that report an exception instead
of hanging QGIS, polling QGIS's event loop until a condition holds, and QGIS's exit at the end."""
import json
import os
import time
import traceback

from qgis.core import QgsLayerTreeLayer, QgsProcessingFeedback, QgsProject
from qgis.PyQt.QtCore import QTimer
from qgis.utils import iface

RESULTS = os.environ["PARKLAYERS_E2E_RESULTS"]
results = []


def check(name, ok, detail=""):
    results.append({"name": name, "ok": bool(ok), "detail": str(detail)})
    write_results(False)


def write_results(done):
    with open(RESULTS, "w") as f:
        json.dump({"checks": results, "done": done}, f, indent=1, ensure_ascii=False)


def finish():
    write_results(True)
    QTimer.singleShot(100, iface.actionExit().trigger)


def guarded(step):
    def run(*args):
        try:
            step(*args)
        except Exception:  # noqa: BLE001 - every error must reach the results file
            check("step %s raised" % step.__name__, False, traceback.format_exc())
            finish()
    return run


def messages():
    return [item.text() for item in iface.messageBar().items()]


def wait_until(condition, what, then, timeout=60):
    """Polls condition() every 0.2 s; then(value) once it holds, a failed check after timeout s."""
    started = time.time()

    @guarded
    def poll():
        value = condition()
        if value:
            check(what, True, "%.1f s" % (time.time() - started))
            QTimer.singleShot(0, lambda: then(value))
        elif time.time() - started > timeout:
            check(what + " within %d s" % timeout, False, messages())
            finish()
        else:
            QTimer.singleShot(200, poll)
    QTimer.singleShot(200, poll)


def group_layers(name):
    group = QgsProject.instance().layerTreeRoot().findGroup(name)
    if group is None:
        return None
    return [node.layer() for node in group.children() if isinstance(node, QgsLayerTreeLayer)]



class RecordingFeedback(QgsProcessingFeedback):
    """Keeps every text Processing shows a user."""

    def __init__(self):
        super().__init__()
        self.texts = []

    def reportError(self, error, fatalError=False):  # noqa: N802 - QGIS's name
        self.texts.append(error)

    def pushInfo(self, info):  # noqa: N802
        self.texts.append(info)

    def pushWarning(self, warning):  # noqa: N802
        self.texts.append(warning)

    def pushCommandInfo(self, info):  # noqa: N802
        self.texts.append(info)

    def pushDebugInfo(self, info):  # noqa: N802
        self.texts.append(info)

