// SPDX-License-Identifier: GPL-2.0-or-later
// Layers that are no park, added to a project as they are: the layer of stated parcels of a
// coordinate file, or the layers of any other vector file (a DXF drawing), through QGIS's OGR
// provider (which reads coordinate files with our BAOPAN driver, registered at initGui), with
// the CRS and encoding the user gave. Main thread only.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <qgsreferencedgeometry.h>

#include "parklayers/io/input.h"

class QgsProject;
class QgsVectorLayer;

namespace parklayers::qgis {

// Adds the named layers of `source` (each geometry type of a mixed layer, like a DXF's
// entities, as a layer of its own) in a group named after the file, replacing an earlier group
// of that name. Layers that fail to open are left out and listed in *errors.
QList<QgsVectorLayer*> add_source_layers(QgsProject& project, const QString& source, const QStringList& layers,
                                         const InputOptions& input, QStringList* errors);

// The layers' extent together with a margin, in `crs`; empty when none can be transformed.
QgsReferencedRectangle layers_extent(const QgsProject& project, const QList<QgsVectorLayer*>& layers,
                                     const QgsCoordinateReferenceSystem& crs);

}  // namespace parklayers::qgis
