<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>QObject</name>
    <message>
        <source>&lt;h3&gt;%1(geometry)&lt;/h3&gt;&lt;div class="description"&gt;The ellipsoidal area of a polygon geometry in %2, computed on the project's ellipsoid (on the ellipsoid of the layer's CRS when the project measures planimetrically). 1 mu = 10000/15 m², 1 ha = 15 mu. Points and lines have area 0. The geometry is in the CRS of the current layer (or of the project, outside a layer).&lt;/div&gt;&lt;h4&gt;Example&lt;/h4&gt;&lt;div class="examples"&gt;&lt;ul&gt;&lt;li&gt;%1($geometry)&lt;/li&gt;&lt;li&gt;format_number(%1($geometry), 2) || ' %3'&lt;/li&gt;&lt;/ul&gt;&lt;/div&gt;</source>
        <translation>&lt;h3&gt;%1(geometry)&lt;/h3&gt;&lt;div class="description"&gt;面几何的椭球面积，单位为%2，在项目的椭球上计算（项目按平面量算时，在图层坐标系的椭球上计算）。1 亩 = 10000/15 平方米，1 公顷 = 15 亩。点和线的面积为 0。几何的坐标系为当前图层的坐标系（在图层之外为项目的坐标系）。&lt;/div&gt;&lt;h4&gt;示例&lt;/h4&gt;&lt;div class="examples"&gt;&lt;ul&gt;&lt;li&gt;%1($geometry)&lt;/li&gt;&lt;li&gt;format_number(%1($geometry), 2) || ' %3'&lt;/li&gt;&lt;/ul&gt;&lt;/div&gt;</translation>
    </message>
    <message>
        <source>%1: the argument is not a geometry</source>
        <translation>%1：参数不是几何</translation>
    </message>
    <message>
        <source>%1: the geometry's CRS is unknown (evaluate it on a layer)</source>
        <translation>%1：几何的坐标系未知（请在图层上计算）</translation>
    </message>
    <message>
        <source>%1: QGIS does not know the ellipsoid "%2"</source>
        <translation>%1：QGIS 不认识椭球“%2”</translation>
    </message>
    <message>
        <source>mu (亩)</source>
        <translation>亩</translation>
    </message>
    <message>
        <source>hectares</source>
        <translation>公顷</translation>
    </message>
    <message>
        <source>Park</source>
        <translation>园区</translation>
    </message>
    <message>
        <source>Park source folder (one file per layer; default: the bundled Anting park)</source>
        <translation>园区源数据文件夹（每个图层一个文件；默认：自带的安亭园区）</translation>
    </message>
    <message>
        <source>Checks passed</source>
        <translation>通过的核对</translation>
    </message>
    <message>
        <source>Checks failed</source>
        <translation>未通过的核对</translation>
    </message>
    <message>
        <source>Checks incomplete</source>
        <translation>无法完成的核对</translation>
    </message>
    <message>
        <source>Every check passes or is incomplete</source>
        <translation>所有核对均通过或无法完成</translation>
    </message>
    <message>
        <source>Reading and checking %1</source>
        <translation>正在读取并核对 %1</translation>
    </message>
    <message>
        <source>%1 (%2 %3) fails: stated %4, computed %5 %6</source>
        <translation>%1（%2 %3）未通过：标称 %4，计算值 %5 %6</translation>
    </message>
    <message>
        <source>Build park GeoPackage</source>
        <translation>生成园区 GeoPackage</translation>
    </message>
    <message>
        <source>park,parcels,area,mu,hectare,geopackage,check</source>
        <translation>园区,地块,面积,亩,公顷,geopackage,核对,park,parcels,area,mu,hectare,check</translation>
    </message>
    <message>
        <source>Checks a park source (parcels, buildings, roads, amenities, tenants, stated figures) and writes its layers, with ellipsoidal areas in m2, mu and ha, the area checks and the park boundary, to a GeoPackage. Like `parklayers build`.</source>
        <translation>核对园区源数据（地块、建筑、道路、配套设施、入驻企业、标称数字），并把各图层连同以平方米、亩和公顷表示的椭球面积、面积核对和园区边界写入一个 GeoPackage。与 `parklayers build` 相同。</translation>
    </message>
    <message>
        <source>Built park</source>
        <translation>生成的园区</translation>
    </message>
    <message>
        <source>GeoPackage (*.gpkg);;SQLite (*.sqlite)</source>
        <translation>GeoPackage (*.gpkg);;SQLite (*.sqlite)</translation>
    </message>
    <message>
        <source>Check park against stated figures</source>
        <translation>按标称数字核对园区</translation>
    </message>
    <message>
        <source>park,parcels,area,mu,hectare,check,stated</source>
        <translation>园区,地块,面积,亩,公顷,核对,标称,park,parcels,area,mu,hectare,check,stated</translation>
    </message>
    <message>
        <source>Checks a park source against the figures its sources state ("13.5 mu", "nearly 90,000 m2") and reports each as pass, fail or incomplete; optionally writes the checks as JSON. Like `parklayers check`.</source>
        <translation>按来源资料给出的数字（“13.5 亩”“近 9 万平方米”）核对园区源数据，逐项报告通过、未通过或无法完成；可将核对结果写成 JSON。与 `parklayers check` 相同。</translation>
    </message>
    <message>
        <source>Checks as JSON</source>
        <translation>核对结果（JSON）</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Convert to several formats</source>
        <translation>转换为多种格式</translation>
    </message>
    <message>
        <source>convert,export,geojson,shapefile,flatgeobuf,csv,kml,geopackage</source>
        <translation>转换,导出,convert,export,geojson,shapefile,flatgeobuf,csv,kml,geopackage</translation>
    </message>
    <message>
        <source>Writes every layer of a vector source (a built park GeoPackage, a folder, any OGR dataset) in each chosen format into the output folder, optionally reprojected. Outputs appear only when the whole conversion succeeds. Like `parklayers convert`.</source>
        <translation>把矢量数据源（生成的园区 GeoPackage、文件夹或任何 OGR 数据集）的每个图层按所选的每种格式写入输出文件夹，可选重新投影。只有整个转换成功后才会出现输出文件。与 `parklayers convert` 相同。</translation>
    </message>
    <message>
        <source>Input dataset</source>
        <translation>输入数据集</translation>
    </message>
    <message>
        <source>Formats</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Target CRS</source>
        <translation>目标坐标系</translation>
    </message>
    <message>
        <source>Replace existing outputs</source>
        <translation>替换已有的输出</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <source>Files written</source>
        <translation>已写入的文件</translation>
    </message>
    <message>
        <source>%1: %2 features</source>
        <translation>%1：%2 个要素</translation>
    </message>
</context>
<context>
    <name>parklayers::qgis::BuildParkTask</name>
    <message>
        <source>Building the park %1</source>
        <translation>正在生成园区 %1</translation>
    </message>
    <message>
        <source>Cannot create the folder %1</source>
        <translation>无法创建文件夹 %1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>parklayers::qgis::CheckDock</name>
    <message>
        <source>Park Layers: area checks</source>
        <translation>园区图层：面积核对</translation>
    </message>
    <message>
        <source>Load a park to see its checks.</source>
        <translation>加载一个园区以查看其核对结果。</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Stated</source>
        <translation>标称</translation>
    </message>
    <message>
        <source>Computed</source>
        <translation>计算值</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>面积类型</translation>
    </message>
    <message>
        <source>planar</source>
        <translation>平面面积</translation>
    </message>
    <message>
        <source>ellipsoidal</source>
        <translation>椭球面积</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>接受区间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>The park has no area_checks table.</source>
        <translation>该园区没有 area_checks 表。</translation>
    </message>
    <message>
        <source>%1: %2 pass, %3 fail, %4 incomplete. Click a row to show its features.</source>
        <translation>%1：%2 项通过，%3 项未通过，%4 项无法完成。点击一行可显示其要素。</translation>
    </message>
</context>
<context>
    <name>parklayers::qgis::ExportDialog</name>
    <message>
        <source>Export the park</source>
        <translation>导出园区</translation>
    </message>
    <message>
        <source>Formats</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Keep the park's CRS</source>
        <translation>保持园区的坐标系</translation>
    </message>
    <message>
        <source>CRS</source>
        <translation>坐标系</translation>
    </message>
    <message>
        <source>the park's own (this build has no conversion)</source>
        <translation>园区自身的坐标系（此版本不含转换功能）</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Existing files of the same names are replaced.</source>
        <translation>同名的已有文件将被替换。</translation>
    </message>
</context>
<context>
    <name>parklayers::qgis::ExportTask</name>
    <message>
        <source>Exporting %1</source>
        <translation>正在导出 %1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>parklayers::qgis::ParkLayers</name>
    <message>
        <source>%1: layer %2 does not open</source>
        <translation>%1：无法打开图层 %2</translation>
    </message>
    <message>
        <source>%1 has no default style</source>
        <translation>%1 没有默认样式</translation>
    </message>
    <message>
        <source>%1 has no field %2 for its style</source>
        <translation>%1 缺少其样式所需的字段 %2</translation>
    </message>
    <message>
        <source>the style of %1, line %2: %3</source>
        <translation>%1 的样式，第 %2 行：%3</translation>
    </message>
    <message>
        <source>Buildings of the parcel</source>
        <translation>地块上的建筑</translation>
    </message>
    <message>
        <source>Tenants of the building</source>
        <translation>建筑内的企业</translation>
    </message>
</context>
<context>
    <name>parklayers::qgis::ParkLayersPlugin</name>
    <message>
        <source>Park Layers</source>
        <translation>园区图层</translation>
    </message>
    <message>
        <source>Load Anting Park</source>
        <translation>加载安亭园区</translation>
    </message>
    <message>
        <source>Build (or reuse) the GeoPackage of the bundled Anting park and add its layers, styled, to the project</source>
        <translation>生成（或沿用）自带安亭园区的 GeoPackage，并把带样式的图层加入项目</translation>
    </message>
    <message>
        <source>Load Park Source…</source>
        <translation>加载园区源数据…</translation>
    </message>
    <message>
        <source>Build and add a park from a source folder you pick</source>
        <translation>从所选的源数据文件夹生成并加入园区</translation>
    </message>
    <message>
        <source>Area Checks</source>
        <translation>面积核对</translation>
    </message>
    <message>
        <source>Show each stated figure beside its computed value</source>
        <translation>将每个标称数字与其计算值并列显示</translation>
    </message>
    <message>
        <source>Export Park…</source>
        <translation>导出园区…</translation>
    </message>
    <message>
        <source>Write the park's layers in other formats and CRSs</source>
        <translation>以其他格式和坐标系写出园区图层</translation>
    </message>
    <message>
        <source>Labels in Chinese</source>
        <translation>中文标注</translation>
    </message>
    <message>
        <source>Label parcels with their Chinese names (name_zh) and areas in 亩 instead of English names and mu</source>
        <translation>用中文名称（name_zh）和以亩计的面积标注地块，而不用英文名称和 mu</translation>
    </message>
    <message>
        <source>Park source folder (parcels, buildings, roads, amenities, tenants, stated_figures)</source>
        <translation>园区源数据文件夹（parcels、buildings、roads、amenities、tenants、stated_figures）</translation>
    </message>
    <message>
        <source>A park is being built; wait for it to finish.</source>
        <translation>正在生成园区，请等待完成。</translation>
    </message>
    <message>
        <source>Built %1 into %2</source>
        <translation>已将 %1 生成到 %2</translation>
    </message>
    <message>
        <source>Loaded %1 from %2</source>
        <translation>已从 %2 加载 %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Pick at least one format and a folder.</source>
        <translation>请至少选择一种格式和一个文件夹。</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n file(s): %1</source>
        <translation><numerusform>已导出 %n 个文件：%1</numerusform></translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
</context>
</TS>
