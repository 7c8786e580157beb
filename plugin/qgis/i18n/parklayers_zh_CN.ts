<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>QObject</name>
    <message>
        <source>&lt;h3&gt;%1(geometry)&lt;/h3&gt;&lt;div class=&quot;description&quot;&gt;The ellipsoidal area of a polygon geometry in %2, computed on the project&apos;s ellipsoid (on the ellipsoid of the layer&apos;s CRS when the project measures planimetrically). 1 mu = 10000/15 m², 1 ha = 15 mu. Points and lines have area 0. The geometry is in the CRS of the current layer (or of the project, outside a layer).&lt;/div&gt;&lt;h4&gt;Example&lt;/h4&gt;&lt;div class=&quot;examples&quot;&gt;&lt;ul&gt;&lt;li&gt;%1($geometry)&lt;/li&gt;&lt;li&gt;format_number(%1($geometry), 2) || &apos; %3&apos;&lt;/li&gt;&lt;/ul&gt;&lt;/div&gt;</source>
        <translation>&lt;h3&gt;%1(geometry)&lt;/h3&gt;&lt;div class=&quot;description&quot;&gt;面几何的椭球面积，单位为%2，在项目的椭球上计算（项目按平面量算时，在图层坐标系的椭球上计算）。1 亩 = 10000/15 平方米，1 公顷 = 15 亩。点和线的面积为 0。几何的坐标系为当前图层的坐标系（在图层之外为项目的坐标系）。&lt;/div&gt;&lt;h4&gt;示例&lt;/h4&gt;&lt;div class=&quot;examples&quot;&gt;&lt;ul&gt;&lt;li&gt;%1($geometry)&lt;/li&gt;&lt;li&gt;format_number(%1($geometry), 2) || &apos; %3&apos;&lt;/li&gt;&lt;/ul&gt;&lt;/div&gt;</translation>
    </message>
    <message>
        <source>%1: the argument is not a geometry</source>
        <translation>%1：参数不是几何</translation>
    </message>
    <message>
        <source>%1: the geometry&apos;s CRS is unknown (evaluate it on a layer)</source>
        <translation>%1：几何的坐标系未知（请在图层上计算）</translation>
    </message>
    <message>
        <source>%1: QGIS does not know the ellipsoid &quot;%2&quot;</source>
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
        <source>Check park against stated figures</source>
        <translation>按标称数字核对园区</translation>
    </message>
    <message>
        <source>park,parcels,area,mu,hectare,check,stated</source>
        <translation>园区,地块,面积,亩,公顷,核对,标称,park,parcels,area,mu,hectare,check,stated</translation>
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
        <source>Input dataset</source>
        <translation>输入数据集</translation>
    </message>
    <message>
        <source>Formats</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Files written</source>
        <translation>已写入的文件</translation>
    </message>
    <message>
        <source>%1: %2 features</source>
        <translation>%1：%2 个要素</translation>
    </message>
    <message>
        <source>with the parameter SOURCE_CRS</source>
        <translation>用参数 SOURCE_CRS 指定</translation>
    </message>
    <message>
        <source>…or a park dataset (a GeoPackage with the park&apos;s layers; instead of the folder)</source>
        <translation>……或园区数据集（含园区各图层的 GeoPackage；代替文件夹）</translation>
    </message>
    <message>
        <source>Checks a park source against the figures its sources state (&quot;13.5 mu&quot;, &quot;nearly 90,000 m2&quot;), or a land-parcel coordinate file (坐标报盘, or any layer with a stated_area_ha field) against the parcel areas it states, and reports each as pass, fail or incomplete; optionally writes the checks as JSON. A coordinate file&apos;s parcels are measured planar by default, on its own Gauss-Kruger plane, as its areas were computed; a park&apos;s figures only ellipsoidal. Like `parklayers check`.</source>
        <translation>按来源资料给出的数字（“13.5 亩”“近 9 万平方米”）核对园区源数据，或按坐标报盘文件（或任何带 stated_area_ha 字段的图层）所列的地块面积核对其地块，逐项报告通过、未通过或无法完成；可将核对结果写成 JSON。坐标报盘的地块默认按平面面积量算（在其自身的高斯-克吕格投影面上，与其面积的计算方法相同）；园区的数字只按椭球面积核对。与 `parklayers check` 相同。</translation>
    </message>
    <message>
        <source>…or a file: a coordinate file (.txt), a layer of parcels stating their areas, or a park dataset (instead of the folder)</source>
        <translation>……或文件：坐标报盘文件（.txt）、列出面积的地块图层或园区数据集（代替文件夹）</translation>
    </message>
    <message>
        <source>Checking the parcels of %1 against their stated areas</source>
        <translation>正在按所列面积核对 %1 的地块</translation>
    </message>
    <message>
        <source>The planar and survey methods are for a layer of parcels stating their areas (a coordinate file, land records); a park&apos;s stated figures are checked against ellipsoidal areas</source>
        <translation>平面面积和调查椭球面积只用于列出面积的地块图层（坐标报盘、土地调查数据）；园区的数字按椭球面积核对</translation>
    </message>
    <message>
        <source>convert,export,geojson,shapefile,flatgeobuf,csv,kml,geopackage,baopan,coordinate file</source>
        <translation>转换,导出,坐标报盘,convert,export,geojson,shapefile,flatgeobuf,csv,kml,geopackage,baopan,coordinate file</translation>
    </message>
    <message>
        <source>Writes every layer of a vector source (a built park GeoPackage, a folder, any OGR dataset, a coordinate file, a DXF) in each chosen format into the output folder, optionally reprojected. BAOPAN is the land-parcel coordinate file (坐标报盘 TXT): its layers must be in a Chinese Gauss-Kruger CRS (give one as the target CRS). Outputs appear only when the whole conversion succeeds. Like `parklayers convert`.</source>
        <translation>把矢量数据源（生成的园区 GeoPackage、文件夹、任何 OGR 数据集、坐标报盘文件、DXF）的每个图层按所选的每种格式写入输出文件夹，可选重新投影。BAOPAN 即坐标报盘 TXT：其图层须为中国的高斯-克吕格坐标系（可作为目标坐标系指定）。只有整个转换成功后才会出现输出文件。与 `parklayers convert` 相同。</translation>
    </message>
    <message>
        <source>…or into a PostgreSQL database: a connection saved in QGIS</source>
        <translation>……或写入 PostgreSQL 数据库：QGIS 中保存的连接</translation>
    </message>
    <message>
        <source>%1: layer %2 is neither a file nor a PostgreSQL table (its provider is %3)</source>
        <translation>%1：图层 %2 既不是文件也不是 PostgreSQL 表（其数据提供者为 %3）</translation>
    </message>
    <message>
        <source>…or a PostgreSQL connection saved in QGIS (a park built into a schema)</source>
        <translation>……或 QGIS 中保存的 PostgreSQL 连接（园区已构建到某个模式中）</translation>
    </message>
    <message>
        <source>Schema of the park in that database</source>
        <translation>园区在该数据库中的模式</translation>
    </message>
    <message>
        <source>Give SOURCE_FILE or CONNECTION, not both</source>
        <translation>请给出 SOURCE_FILE 或 CONNECTION，不要同时给出</translation>
    </message>
    <message>
        <source>CONNECTION %1: give the SCHEMA the park is in</source>
        <translation>CONNECTION %1：请给出园区所在的模式 SCHEMA</translation>
    </message>
    <message>
        <source>Tables written</source>
        <translation>已写入的表</translation>
    </message>
    <message>
        <source>Wrote %1 tables into %2</source>
        <translation>已将 %1 个表写入 %2</translation>
    </message>
    <message>
        <source>Give OUTPUT or OUTPUT_CONNECTION</source>
        <translation>请给出 OUTPUT 或 OUTPUT_CONNECTION</translation>
    </message>
    <message>
        <source>…or a layer of the project stating its parcel areas (a file&apos;s, a PostgreSQL table)</source>
        <translation>……或项目中标明地块面积的图层（文件的图层、PostgreSQL 表）</translation>
    </message>
    <message>
        <source>%1: layer %2 states no parcel areas (no stated_area_ha field)</source>
        <translation>%1：图层 %2 未标明地块面积（没有 stated_area_ha 字段）</translation>
    </message>
    <message>
        <source>…or a layer of the project (a file&apos;s, a PostgreSQL table), with its filter</source>
        <translation>……或项目中的图层（文件的图层、PostgreSQL 表），连同其过滤条件</translation>
    </message>
    <message>
        <source>Give INPUT or INPUT_LAYER</source>
        <translation>请给出 INPUT 或 INPUT_LAYER</translation>
    </message>
    <message>
        <source>Give INPUT or INPUT_LAYER, not both</source>
        <translation>请给出 INPUT 或 INPUT_LAYER，不要同时给出</translation>
    </message>
    <message>
        <source>Park report sheet (PDF)</source>
        <translation>园区报告图（PDF）</translation>
    </message>
    <message>
        <source>park,report,pdf,map,sheet,layout,check,stated</source>
        <translation>园区,报告,pdf,地图,图纸,布局,核对,公布,park,report,map,sheet,layout,check,stated</translation>
    </message>
    <message>
        <source>Writes the park and its checks as a PDF map sheet: the styled map with legend, scale bar and north arrow, every stated figure checked with its status and sources, and how good the geometry is, in English or Chinese. The source is a park (a folder, a park dataset, a built park GeoPackage, a schema of a database) or a coordinate file. Like `parklayers report`.</source>
        <translation>将园区及其核对结果写成 PDF 地图：带图例、比例尺和指北针的符号化地图，每项公布数据的核对状态及其来源，以及几何数据的精度，英文或中文。源数据可以是园区（文件夹、园区数据集、已生成的园区 GeoPackage、数据库中的模式）或坐标报盘文件。与 `parklayers report` 相同。</translation>
    </message>
    <message>
        <source>…or a file: a built park GeoPackage, a park dataset or a coordinate file (instead of the folder)</source>
        <translation>…或文件：已生成的园区 GeoPackage、园区数据集或坐标报盘文件（代替文件夹）</translation>
    </message>
    <message>
        <source>Cannot make a temporary folder</source>
        <translation>无法创建临时文件夹</translation>
    </message>
    <message>
        <source>Laying out the sheet</source>
        <translation>正在排版报告</translation>
    </message>
</context>
<context>
    <name>parklayers::command</name>
    <message>
        <source>The park source folder (default: the bundled Anting park)</source>
        <translation>园区数据源文件夹（默认：随附的安亭园区）</translation>
    </message>
    <message>
        <source>The GeoPackage to write (default anting_park.gpkg); with -f, the folder (default .)</source>
        <translation>要写入的 GeoPackage（默认 anting_park.gpkg）；使用 -f 时为文件夹（默认 .）</translation>
    </message>
    <message>
        <source>With -o PG:...: the schema to write (default anting_park for the bundled park, else the source folder&apos;s name)</source>
        <translation>使用 -o PG:... 时：要写入的模式（随附园区默认为 anting_park，否则为数据源文件夹的名称）</translation>
    </message>
    <message>
        <source>Replace OUT (with -o PG:..., the schema) if it exists</source>
        <translation>如 OUT（使用 -o PG:... 时为模式）已存在则替换</translation>
    </message>
    <message>
        <source>The CRS of a source that states none (a DXF, a CSV, a Shapefile without .prj), or instead of a wrong one: EPSG:4549, anything PROJ knows</source>
        <translation>未说明坐标系的数据源（DXF、CSV、缺少 .prj 的 Shapefile）的坐标系，或替换错误的坐标系：EPSG:4549，或 PROJ 认识的任何坐标系</translation>
    </message>
    <message>
        <source>The encoding of the texts of a Shapefile, CSV or DXF when its .cpg is missing or wrong (GBK, say). Without it, texts that are not UTF-8 are read as GB18030</source>
        <translation>Shapefile、CSV 或 DXF 缺少 .cpg 或 .cpg 有误时其文字的编码（如 GBK）。不指定时，非 UTF-8 的文字按 GB18030 读取</translation>
    </message>
    <message>
        <source>The park source folder (default: the bundled Anting park), a coordinate file, or any layer of parcels stating their areas (a district&apos;s land records)</source>
        <translation>园区数据源文件夹（默认：随附的安亭园区）、坐标文件，或任何注明面积的地块图层（一个区的地籍数据）</translation>
    </message>
    <message>
        <source>The layer of parcels to check (when the source has several)</source>
        <translation>要核对的地块图层（数据源有多个图层时）</translation>
    </message>
    <message>
        <source>The field stating each parcel&apos;s area (default stated_area_ha; TBMJ for a 三调 layer): text as written, or a number field, whose last digit sets the precision</source>
        <translation>注明每个地块面积的字段（默认 stated_area_ha；三调图层为 TBMJ）：按书写读取的文本，或数值字段，其末位决定精度</translation>
    </message>
    <message>
        <source>The unit of the stated areas (default: from the field&apos;s name: _ha, _mu, _m2, TBMJ m2)</source>
        <translation>注明面积的单位（默认：由字段名得出：_ha、_mu、_m2，TBMJ 为平方米）</translation>
    </message>
    <message>
        <source>The field naming each parcel in the rows (default: the first of id, BSM, TBBH, 地块编号; else the FID)</source>
        <translation>各行中标识地块的字段（默认：id、BSM、TBBH、地块编号 中第一个存在的；否则为 FID）</translation>
    </message>
    <message>
        <source>How the parcels&apos; areas are measured: planar (the default for a layer of parcels: on its own Gauss-Kruger plane, as a coordinate file&apos;s 地块面积 were computed), ellipsoidal (Karney&apos;s, as the park&apos;s figures) or survey (the land survey&apos;s own rule, the default for TBMJ on a Gauss-Kruger plane; TBMJ in any other CRS is checked ellipsoidal)</source>
        <translation>地块面积的量算方式：平面（地块图层的默认值：在其自身的高斯-克吕格平面上，与坐标文件的地块面积算法相同）、椭球（Karney 算法，与园区公布数字相同）或调查（国土调查自身的图斑椭球面积计算规则，高斯-克吕格平面上 TBMJ 的默认值；其他坐标系中的 TBMJ 按椭球面积核查）</translation>
    </message>
    <message>
        <source>Also check that no two parcels overlap: a row for every pair whose interiors overlap, found with a spatial index (on PostGIS, by the database)</source>
        <translation>同时检查地块之间没有重叠：每对内部重叠的地块一行，用空间索引查找（PostGIS 上由数据库查找）</translation>
    </message>
    <message>
        <source>The overlap in m2 up to which a pair passes (default 0.01: rounding slivers along a shared edge)</source>
        <translation>一对地块仍算通过的重叠面积上限，单位平方米（默认 0.01：公共边上的舍入碎片）</translation>
    </message>
    <message>
        <source>Read only the features this OGR SQL condition selects</source>
        <translation>只读取此 OGR SQL 条件选出的要素</translation>
    </message>
    <message>
        <source>Any OGR source</source>
        <translation>任何 OGR 数据源</translation>
    </message>
    <message>
        <source>The layer to measure (needed when the source has several)</source>
        <translation>要量算的图层（数据源有多个图层时必须指定）</translation>
    </message>
    <message>
        <source>Write a copy of the layer with the areas added; its format from its extension</source>
        <translation>写出添加了面积的图层副本；格式由扩展名决定</translation>
    </message>
    <message>
        <source>Leave out the Gauss-Kruger area (gk_area_m2, gk_crs)</source>
        <translation>不计算高斯-克吕格面积（gk_area_m2、gk_crs）</translation>
    </message>
    <message>
        <source>Any OGR sources</source>
        <translation>任何 OGR 数据源</translation>
    </message>
    <message>
        <source>The folder to write in; with -f PostgreSQL the database, PG:&quot;dbname=... host=...&quot;</source>
        <translation>要写入的文件夹；使用 -f PostgreSQL 时为数据库，PG:&quot;dbname=... host=...&quot;</translation>
    </message>
    <message>
        <source>GPKG, GeoJSON, &quot;ESRI Shapefile&quot; (SHP), FlatGeobuf, CSV, KML or BAOPAN (the Chinese land-parcel coordinate file, LAYER.txt: needs a Chinese Gauss-Kruger CRS); repeat it for several; or PostgreSQL alone (each input into a schema of -o PG:..., one transaction); XLSX: the boundary-point table (界址点成果表)</source>
        <translation>GPKG、GeoJSON、&quot;ESRI Shapefile&quot;（SHP）、FlatGeobuf、CSV、KML 或 BAOPAN（坐标报盘文件 LAYER.txt：需要中国高斯-克吕格坐标系）；可选多个；或单独的 PostgreSQL（每个输入写入 -o PG:... 的一个模式，一个事务）；XLSX：界址点成果表</translation>
    </message>
    <message>
        <source>-f PostgreSQL: every input into this schema (default: a schema per input, named as its STEM)</source>
        <translation>-f PostgreSQL：所有输入写入此模式（默认：每个输入一个模式，以其 STEM 命名）</translation>
    </message>
    <message>
        <source>The output CRS: EPSG:4326, EPSG:4490, EPSG:4549, anything PROJ knows, or GCJ02/BD09 (default: each layer&apos;s own, or WGS 84 with --s_srs)</source>
        <translation>输出坐标系：EPSG:4326、EPSG:4490、EPSG:4549、PROJ 认识的任何坐标系，或 GCJ02/BD09（默认：各图层自身的坐标系，使用 --s_srs 时为 WGS 84）</translation>
    </message>
    <message>
        <source>CSV outputs get a WKT column with the geometry (default: attributes only)</source>
        <translation>CSV 输出增加一列 WKT 几何（默认：只有属性）</translation>
    </message>
    <message>
        <source>BAOPAN: the encoding of the coordinate files written, UTF-8 (default) or GBK</source>
        <translation>BAOPAN：写出的坐标文件的编码，UTF-8（默认）或 GBK</translation>
    </message>
    <message>
        <source>Replace outputs (with -f PostgreSQL, schemas) that exist</source>
        <translation>替换已存在的输出（使用 -f PostgreSQL 时为模式）</translation>
    </message>
    <message>
        <source>What `check` takes: a park source folder (default: the bundled Anting park), a built GeoPackage, a coordinate file, or a PostGIS park (PG:&quot;... schemas=NAME&quot;)</source>
        <translation>`check` 接受的任何数据源：园区数据源文件夹（默认：随附的安亭园区）、已构建的 GeoPackage、坐标文件，或 PostGIS 中的园区（PG:&quot;... schemas=NAME&quot;）</translation>
    </message>
    <message>
        <source>The PDF to write</source>
        <translation>要写入的 PDF</translation>
    </message>
    <message>
        <source>Paper size, landscape (default A4)</source>
        <translation>纸张大小，横向（默认 A4）</translation>
    </message>
    <message>
        <source>After the sheet, each parcel&apos;s boundary-point table (界址点成果表): its points J1, J2... with X (northing) and Y (easting) to the millimetre and the distance to the next point, and its planar and ellipsoidal areas</source>
        <translation>在报告之后附每个地块的界址点成果表：界址点 J1、J2……的 X（纵坐标，北）和 Y（横坐标，东），精确到毫米，至下一点的边长，以及平面面积和椭球面积</translation>
    </message>
    <message>
        <source>The layer of parcels to report (when the source has several)</source>
        <translation>要报告的地块图层（数据源有多个图层时）</translation>
    </message>
    <message>
        <source>The language of every word on the sheet: en (the default) or zh, set in a font with Chinese characters, embedded</source>
        <translation>图纸上所有文字的语言：en（默认）或 zh，使用含中文字符的字体并嵌入</translation>
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
        <source>survey</source>
        <translation>调查椭球面积</translation>
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
    <name>parklayers::qgis::DatabaseSource</name>
    <message>
        <source>QGIS has no PostgreSQL connection named %1</source>
        <translation>QGIS 中没有名为 %1 的 PostgreSQL 连接</translation>
    </message>
    <message>
        <source>schema %1 in %2</source>
        <translation>%2 中的模式 %1</translation>
    </message>
    <message>
        <source>table %1 in %2</source>
        <translation>%2 中的表 %1</translation>
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
        <source>Keep the park&apos;s CRS</source>
        <translation>保持园区的坐标系</translation>
    </message>
    <message>
        <source>CRS</source>
        <translation>坐标系</translation>
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
    <name>parklayers::qgis::LoadSourceDialog</name>
    <message>
        <source>Load a park source</source>
        <translation>加载园区源数据</translation>
    </message>
    <message>
        <source>A folder (one file per layer)</source>
        <translation>文件夹（每个图层一个文件）</translation>
    </message>
    <message>
        <source>A file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>数据源</translation>
    </message>
    <message>
        <source>Vector data (*.txt *.vct *.gpkg *.dxf *.shp *.geojson *.json *.csv *.fgb *.kml *.sqlite);;Coordinate files (*.txt);;Land survey packages (*.vct);;All files (*)</source>
        <translation>矢量数据 (*.txt *.vct *.gpkg *.dxf *.shp *.geojson *.json *.csv *.fgb *.kml *.sqlite);;坐标报盘文件 (*.txt);;国土调查数据包 (*.vct);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>A park source folder, a dataset with the park&apos;s layers, a land-parcel coordinate file (坐标报盘) or a land survey package (VCT, its TBMJ) whose parcel areas are checked, or any other vector file (a DXF drawing...), added as it is.</source>
        <translation>园区源数据文件夹、含园区各图层的数据集、坐标报盘文件或国土调查数据包（VCT，按其 TBMJ）（核对其地块面积），或任何其他矢量文件（如 DXF 图纸，按原样添加）。</translation>
    </message>
    <message>
        <source>The source&apos;s own CRS</source>
        <translation>数据源自身的坐标系</translation>
    </message>
    <message>
        <source>CRS</source>
        <translation>坐标系</translation>
    </message>
    <message>
        <source>For files that state no CRS (a DXF, a CSV, a Shapefile without .prj), or to replace the one they state.</source>
        <translation>用于未说明坐标系的文件（DXF、CSV、没有 .prj 的 Shapefile），或替换文件所说明的坐标系。</translation>
    </message>
    <message>
        <source>As the files say (else UTF-8 or GBK, as their bytes show)</source>
        <translation>按文件自身的说明（否则按其字节判断为 UTF-8 或 GBK）</translation>
    </message>
    <message>
        <source>Encoding of texts</source>
        <translation>文字编码</translation>
    </message>
    <message>
        <source>Park source folder (parcels, buildings, roads, amenities, tenants, stated_figures)</source>
        <translation>园区源数据文件夹（parcels、buildings、roads、amenities、tenants、stated_figures）</translation>
    </message>
    <message>
        <source>A park dataset, a coordinate file or another vector file</source>
        <translation>园区数据集、坐标报盘文件或其他矢量文件</translation>
    </message>
    <message>
        <source>in the CRS field of Load Park Source…</source>
        <translation>在“加载园区源数据…”对话框的“坐标系”栏中</translation>
    </message>
    <message>
        <source>A database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Schema</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>A PostgreSQL connection saved in QGIS (Browser › PostgreSQL › New Connection…) and the schema a park was built into.</source>
        <translation>QGIS 中保存的 PostgreSQL 连接（浏览器 › PostgreSQL › 新建连接…）以及园区构建到的模式。</translation>
    </message>
    <message>
        <source>QGIS has no saved PostgreSQL connection: add one in the Browser (PostgreSQL › New Connection…).</source>
        <translation>QGIS 中没有保存的 PostgreSQL 连接：请在浏览器中添加（PostgreSQL › 新建连接…）。</translation>
    </message>
    <message>
        <source>No schema of this database holds a park (a parcels table).</source>
        <translation>该数据库中没有存放园区（parcels 表）的模式。</translation>
    </message>
    <message>
        <source>Parks in this database: %1</source>
        <translation>该数据库中的园区：%1 个</translation>
    </message>
</context>
<context>
    <name>parklayers::qgis::LoadSourceTask</name>
    <message>
        <source>Reading %1</source>
        <translation>正在读取 %1</translation>
    </message>
    <message>
        <source>Cannot create the folder %1</source>
        <translation>无法创建文件夹 %1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>schema %1</source>
        <translation>模式 %1</translation>
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
        <source>Write the park&apos;s layers in other formats and CRSs</source>
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
        <translation>
            <numerusform>已导出 %n 个文件：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>Build and add a park from a source you pick, or check the parcel areas of a land-parcel coordinate file</source>
        <translation>由所选数据源生成并添加园区，或核对坐标报盘文件的地块面积</translation>
    </message>
    <message>
        <source>Pick a folder or a file.</source>
        <translation>请选择文件夹或文件。</translation>
    </message>
    <message>
        <source>%1: %2 parcels checked against their stated areas: %3 pass, %4 fail, %5 incomplete</source>
        <translation>%1：已按所列面积核对 %2 个地块：%3 项通过，%4 项未通过，%5 项无法完成</translation>
    </message>
    <message>
        <source>%1 is not a park source (it has no parcels layer) and states no parcel areas: its layers are added as they are, with nothing to check.</source>
        <translation>%1 不是园区源数据（没有 parcels 图层），也未列出地块面积：其图层按原样添加，没有可核对的内容。</translation>
    </message>
    <message>
        <source>Pick a saved PostgreSQL connection and a schema.</source>
        <translation>请选择已保存的 PostgreSQL 连接和模式。</translation>
    </message>
    <message>
        <source>Print Report…</source>
        <translation>打印报告…</translation>
    </message>
    <message>
        <source>Open the park&apos;s report (the map and the checks of its stated figures) in the layout designer, to adjust, print or export</source>
        <translation>在布局设计器中打开园区报告（地图及其公布数字的核对），可调整、打印或导出</translation>
    </message>
    <message>
        <source>No report for %1: %2</source>
        <translation>无法生成 %1 的报告：%2</translation>
    </message>
</context>
</TS>
