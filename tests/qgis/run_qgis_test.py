#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs plugin_e2e.py inside the real QGIS desktop (qgis.bin under Xvfb) with a throwaway
profile and the Park Layers plugin enabled from the build folder, then checks the results file
the script wrote. Exit status 0 only when every assertion passed."""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile


# Where Debian's QGIS loads C++ plugins from without being told.
QGIS_PLUGIN_FOLDER = "/usr/lib/qgis/plugins"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plugin", required=True, help="the built plugin .so")
    parser.add_argument("--installed", action="store_true",
                        help="use the plugin where it is installed: in QGIS's own plugin folder "
                             "(no plugin search path set), or elsewhere with its folder as the one "
                             "search path")
    parser.add_argument("--qgis", default="/usr/bin/qgis.bin")
    parser.add_argument("--xvfb-run", default="xvfb-run")
    parser.add_argument("--script", required=True)
    parser.add_argument("--results", required=True)
    parser.add_argument("--image", required=True, help="where to save the canvas PNG")
    parser.add_argument("--timeout", type=float, default=110)
    parser.add_argument("--keep", action="store_true", help="keep the temporary profile folder")
    parser.add_argument("--locale", default="", help="run QGIS in this locale (e.g. zh_CN)")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="parklayers-qgis-")
    try:
        plugin_file = os.path.basename(args.plugin)
        key = os.path.splitext(plugin_file)[0]
        settings = os.path.join(work, "qgis_global_settings.ini")
        with open(settings, "w") as f:
            if args.installed:
                folder = os.path.dirname(os.path.abspath(args.plugin))
                if folder != QGIS_PLUGIN_FOLDER:
                    f.write("[plugins]\nsearchPathsForPlugins=%s\n\n" % folder)
            else:
                plugins = os.path.join(work, "plugins")
                os.makedirs(plugins)
                # QGIS ignores a symlinked plugin: copy it.
                shutil.copy2(args.plugin, os.path.join(plugins, plugin_file))
                f.write("[plugins]\nsearchPathsForPlugins=%s\n\n" % plugins)
            f.write("[Plugins]\n%s=true\n\n" % key)
            f.write("[app]\naskToSaveMemoryLayers=false\n\n")
            f.write("[qgis]\naskToSaveProjectChanges=false\n")
            if args.locale:
                f.write("\n[locale]\nuserLocale=%s\noverrideFlag=true\n" % args.locale)
        if os.path.exists(args.results):
            os.remove(args.results)
        os.makedirs(os.path.dirname(os.path.abspath(args.image)), exist_ok=True)

        env = dict(os.environ)
        env.update({
            "QGIS_GLOBAL_SETTINGS_FILE": settings,
            "PARKLAYERS_E2E_RESULTS": os.path.abspath(args.results),
            "PARKLAYERS_E2E_IMAGE": os.path.abspath(args.image),
            "PARKLAYERS_E2E_WORK": work,
            "PARKLAYERS_E2E_LOCALE": args.locale,
        })
        env.pop("QT_QPA_PLATFORM", None)  # only xcb on Xvfb works for the desktop application
        command = [args.xvfb_run, "-a", "-s", "-screen 0 1280x1024x24", args.qgis, "--noversioncheck",
                   "--nologo", "--profiles-path", os.path.join(work, "profiles"), "--code", args.script]
        print("Running:", " ".join(command), flush=True)
        process = subprocess.Popen(command, env=env, start_new_session=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            output, _ = process.communicate(timeout=args.timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            output, _ = process.communicate()
            print(output[-4000:])
            print_results(args.results)
            print("FAIL: QGIS did not finish within %.0f s" % args.timeout)
            return 1
        # QGIS prints a lot of noise; show the end of it.
        print("\n".join(output.splitlines()[-40:]))
        print("QGIS exit status:", process.returncode)
        return print_results(args.results)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("Kept", work)


def print_results(path):
    """Prints the assertions recorded in the results file; 0 when all passed and the script ran to its end."""
    if not os.path.exists(path):
        print("FAIL: the test script wrote no results (%s)" % path)
        return 1
    with open(path) as f:
        results = json.load(f)
    failed = 0
    for check in results.get("checks", []):
        status = "ok  " if check["ok"] else "FAIL"
        failed += 0 if check["ok"] else 1
        print("%s %s%s" % (status, check["name"], (": " + check["detail"]) if check.get("detail") else ""))
    if not results.get("done"):
        print("FAIL: the test script did not run to its end")
        return 1
    if not results.get("checks"):
        print("FAIL: no assertions recorded")
        return 1
    print("%d assertions, %d failed" % (len(results["checks"]), failed))
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main())
