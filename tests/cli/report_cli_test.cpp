// SPDX-License-Identifier: GPL-2.0-or-later
// `parklayers report` as a user runs it, the PDF read back by poppler-utils (pdftotext, pdffonts,
// pdftoppm): the park's figures and words in English and Chinese, the CJK font embedded, page 1
// drawn (not blank), a failing figure shown failing, the page PNGs, a coordinate file and a built
// GeoPackage as sources; and the failures (no Chinese font, a full disk, a source with nothing
// to check, an existing OUT, no QGIS tool) with their exit statuses and nothing left behind.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.h"

namespace fs = std::filesystem;

namespace parklayers {
namespace {

std::string pdf_text(const std::string& pdf) {
  const test::CommandResult text = test::run({"/usr/bin/pdftotext", "-layout", pdf, "-"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  return text.out;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The names in the folder other than `expected`: hidden staging files, stray outputs.
std::vector<std::string> others(const test::TempDir& dir, const std::set<std::string>& expected) {
  std::vector<std::string> out;
  for (const std::string& name : dir.list()) {
    if (!expected.count(name)) out.push_back(name);
  }
  return out;
}

struct Ink {
  size_t distinct_colours = 0;
  double inked_share = 0;  // of pixels not (near) white
};

// Page 1 drawn by pdftoppm as a PPM (P6), read here.
Ink page_ink(const std::string& pdf, const test::TempDir& dir) {
  const std::string stem = dir.file("page");
  const test::CommandResult drawn = test::run({"/usr/bin/pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-singlefile", pdf, stem});
  EXPECT_EQ(drawn.exit_code, 0) << drawn.err;
  const std::string ppm = test::read_text(stem + ".ppm");
  // "P6\n<width> <height>\n255\n" then RGB bytes.
  size_t at = 0;
  std::vector<long> header;
  std::string token;
  while (header.size() < 4 && at < ppm.size()) {
    const char c = ppm[at++];
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!token.empty()) {
        header.push_back(header.empty() ? 0 : std::stol(token));
        token.clear();
      }
    } else {
      token += c;
    }
  }
  EXPECT_EQ(ppm.substr(0, 2), "P6");
  Ink ink;
  if (header.size() < 4) return ink;
  const size_t pixels = static_cast<size_t>(header[1] * header[2]);
  EXPECT_EQ(ppm.size() - at, pixels * 3);
  std::set<long> colours;
  size_t inked = 0;
  for (size_t i = 0; i + 2 < ppm.size() - at && i / 3 < pixels; i += 3) {
    const auto r = static_cast<unsigned char>(ppm[at + i]), g = static_cast<unsigned char>(ppm[at + i + 1]),
               b = static_cast<unsigned char>(ppm[at + i + 2]);
    colours.insert((long(r) << 16) | (long(g) << 8) | b);
    if (r < 235 || g < 235 || b < 235) ++inked;
  }
  ink.distinct_colours = colours.size();
  ink.inked_share = pixels ? double(inked) / double(pixels) : 0;
  return ink;
}

TEST(ReportCli, EnglishSheetOfTheBundledPark) {
  test::TempDir dir;
  const std::string out = dir.file("anting.pdf");
  const test::CommandResult result = test::parklayers({"report", "-o", out, "--png"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(others(dir, {"anting.pdf", "anting-1.png", "anting-2.png"}), std::vector<std::string>{});
  const std::string text = pdf_text(out);
  EXPECT_TRUE(contains(text, "Anting International Medical Industry Park")) << text;
  EXPECT_TRUE(contains(text, "13.5 mu")) << text;
  EXPECT_TRUE(contains(text, "13.45 .. 13.55 mu")) << text;
  EXPECT_TRUE(contains(text, "pass")) << text;
  EXPECT_TRUE(contains(text, "ellipsoidal")) << text;
  EXPECT_TRUE(contains(text, "Modelled, not surveyed: positions ±2 km")) << text;
  EXPECT_TRUE(contains(text, "CRS: EPSG:4549")) << text;
  EXPECT_TRUE(contains(text, "SHINE, 2025-06-10")) << text;           // a source cited
  EXPECT_TRUE(contains(text, "Juncell Therapeutics")) << text;        // a subject by name
  EXPECT_TRUE(contains(text, "Phase 3 parcel")) << text;              // a parcel's label on the map
  EXPECT_TRUE(contains(text, "6 pass, 0 fail, 6 incomplete")) << text;
  const test::CommandResult info = test::run({"/usr/bin/pdfinfo", out});
  EXPECT_TRUE(contains(info.out, "Pages:           2")) << info.out;
  // The PNGs are pictures of the pages.
  for (const char* png : {"anting-1.png", "anting-2.png"}) {
    EXPECT_EQ(test::read_text(dir.file(png)).substr(0, 8), "\x89PNG\r\n\x1a\n") << png;
  }
  const Ink ink = page_ink(out, dir);
  EXPECT_GT(ink.distinct_colours, 40u);  // the park's styles, not a few greys of text
  EXPECT_GT(ink.inked_share, 0.10);      // parcels fill a good share of the page
}

TEST(ReportCli, ChineseSheetEmbedsACjkFont) {
  test::TempDir dir;
  const std::string out = dir.file("zh.pdf");
  const test::CommandResult result = test::parklayers({"report", "-o", out, "--lang", "zh"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const std::string text = pdf_text(out);
  EXPECT_TRUE(contains(text, "安亭国际医疗产业园")) << text;
  EXPECT_TRUE(contains(text, "13.5")) << text;
  EXPECT_TRUE(contains(text, "亩")) << text;
  EXPECT_TRUE(contains(text, "通过")) << text;
  EXPECT_TRUE(contains(text, "待核实")) << text;
  EXPECT_TRUE(contains(text, "公顷")) << text;
  EXPECT_TRUE(contains(text, "椭球")) << text;
  EXPECT_TRUE(contains(text, "模拟绘制，")) << text;
  // Latin letters and digits in the CJK font are extracted too.
  EXPECT_TRUE(contains(text, "EPSG:4549 - CGCS2000")) << text;
  EXPECT_TRUE(contains(text, "F01")) << text;
  EXPECT_FALSE(contains(text, " pass ")) << text;
  const test::CommandResult fonts = test::run({"/usr/bin/pdffonts", out});
  bool cjk_embedded = false;
  size_t start = 0;
  while (start < fonts.out.size()) {
    const size_t end = fonts.out.find('\n', start);
    const std::string line = fonts.out.substr(start, end - start);
    if (contains(line, "CJK") && contains(line, " yes ")) cjk_embedded = true;
    start = end == std::string::npos ? fonts.out.size() : end + 1;
  }
  EXPECT_TRUE(cjk_embedded) << fonts.out;
  const Ink ink = page_ink(out, dir);
  EXPECT_GT(ink.distinct_colours, 40u);
}

TEST(ReportCli, FailingFigureIsShownAndExits1) {
  test::TempDir dir;
  const std::string source = test::copy_anting(dir);
  test::replace_in_file(source + "/stated_figures.csv", "F01,parcel_phase:3,land_area,13.5,,mu,13.5 mu",
                        "F01,parcel_phase:3,land_area,12.5,,mu,12.5 mu");
  const std::string out = dir.file("failing.pdf");
  const test::CommandResult result = test::parklayers({"report", source, "-o", out});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  const std::string text = pdf_text(out);
  EXPECT_TRUE(contains(text, "12.45 .. 12.55 mu")) << text;
  EXPECT_TRUE(contains(text, "fail")) << text;
  EXPECT_TRUE(contains(text, "5 pass, 1 fail, 6 incomplete")) << text;
}

TEST(ReportCli, BuiltGeoPackageIsReportedAndLeftAsItWas) {
  test::TempDir dir;
  const std::string gpkg = dir.file("anting.gpkg");
  ASSERT_EQ(test::parklayers({"build", "-o", gpkg, "--no-qgis-project", "-q"}).exit_code, 0);
  const std::string before = test::read_text(gpkg);
  const test::CommandResult result = test::parklayers({"report", gpkg, "-o", dir.file("r.pdf"), "--paper", "A3"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(test::read_text(gpkg), before);
  EXPECT_TRUE(contains(pdf_text(dir.file("r.pdf")), "13.45 .. 13.55 mu"));
  // A3 landscape: 1190 x 842 pt.
  EXPECT_TRUE(contains(test::run({"/usr/bin/pdfinfo", dir.file("r.pdf")}).out, "1191 x 842 pts (A3)"));
}

TEST(ReportCli, CoordinateFileSource) {
  test::TempDir dir;
  const test::ChinesePlane& plane = test::kChinesePlanes[0];  // EPSG:4528, zone 40 in Y
  std::vector<test::StatedParcel> parcels = test::stated_parcels(plane.geographic, plane.epsg, plane.central_meridian);
  parcels[2].stated = test::hectares(parcels[2].shape.planar_m2 * 1.01);  // one 1 % off
  test::write_text(dir.file("parcels.txt"), test::coordinate_file("2000国家大地坐标系", 3, 40, parcels));
  const std::string out = dir.file("parcels.pdf");
  const test::CommandResult result = test::parklayers({"report", dir.file("parcels.txt"), "-o", out});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  const std::string text = pdf_text(out);
  EXPECT_TRUE(contains(text, "parcels")) << text;  // the title: the file's name
  EXPECT_TRUE(contains(text, parcels[0].stated + " ha")) << text;
  EXPECT_TRUE(contains(text, "planar")) << text;
  EXPECT_TRUE(contains(text, "2 pass, 1 fail, 0 incomplete")) << text;
  EXPECT_TRUE(contains(text, "Surveyed; positional accuracy not stated.")) << text;
  EXPECT_TRUE(contains(text, "CRS: EPSG:4528")) << text;  // the file's own plane
}

// The input options `check` takes: --where selects parcels of a layer of stated parcels (the
// failing one left out, the sheet passes); a park's layers are not selected one by one.
TEST(ReportCli, WhereSelectsStatedParcels) {
  test::TempDir dir;
  const std::string file = dir.file("parcels.gpkg");
  std::vector<test::StatedParcel> parcels = test::stated_parcels(4490, 4528, 120);
  parcels[0].stated = test::hectares(parcels[0].shape.planar_m2 * 1.01);  // fails, unless left out
  test::write_stated_parcels(file, 4528, parcels);
  const std::string out = dir.file("selected.pdf");
  const test::CommandResult selected =
      test::parklayers({"report", file, "--where", "id <> '" + parcels[0].id + "'", "-o", out});
  EXPECT_EQ(selected.exit_code, 0) << selected.out << selected.err;
  const std::string text = pdf_text(out);
  EXPECT_TRUE(contains(text, "2 pass, 0 fail, 0 incomplete")) << text;
  // Named 示例地块N (pdftotext may give 示 as its look-alike radical: the rest is compared).
  EXPECT_TRUE(contains(text, "例地块2") && contains(text, "例地块3")) << text;
  EXPECT_FALSE(contains(text, "例地块1")) << text;
  const test::CommandResult park = test::parklayers({"report", "--where", "1 = 1", "-o", dir.file("park.pdf")});
  EXPECT_EQ(park.exit_code, 2);
  EXPECT_NE(park.err.find("convert --where"), std::string::npos) << park.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("park.pdf")));
}

TEST(ReportCli, NoChineseFontExits2AndWritesNothing) {
  test::TempDir dir;
  // A fontconfig that knows DejaVu only.
  test::write_text(dir.file("fonts.conf"),
                   "<?xml version=\"1.0\"?><!DOCTYPE fontconfig SYSTEM \"fonts.dtd\"><fontconfig>"
                   "<dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>" + dir.file("cache") +
                   "</cachedir></fontconfig>");
  ::setenv("FONTCONFIG_FILE", dir.file("fonts.conf").c_str(), 1);
  const test::CommandResult zh = test::parklayers({"report", "-o", dir.file("zh.pdf"), "--lang", "zh", "--png"});
  const test::CommandResult en = test::parklayers({"report", "-o", dir.file("en.pdf")});
  ::unsetenv("FONTCONFIG_FILE");
  EXPECT_EQ(zh.exit_code, 2) << zh.out << zh.err;
  EXPECT_TRUE(contains(zh.err, "fonts-noto-cjk")) << zh.err;
  EXPECT_EQ(zh.err.find("ERROR"), std::string::npos) << zh.err;
  EXPECT_EQ(en.exit_code, 0) << en.err;  // English needs no CJK font
  EXPECT_EQ(others(dir, {"fonts.conf", "cache", "en.pdf"}), std::vector<std::string>{});
}

TEST(ReportCli, SourceWithNothingToCheckExits2) {
  test::TempDir dir;
  fs::copy_file(test::anting_source() + "/roads.geojson", dir.file("roads.geojson"));
  const test::CommandResult result = test::parklayers({"report", dir.file("roads.geojson"), "-o", dir.file("r.pdf")});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(contains(result.err, "roads.geojson")) << result.err;
  EXPECT_TRUE(contains(result.err, "parcels")) << result.err;
  EXPECT_EQ(others(dir, {"roads.geojson"}), std::vector<std::string>{});
}

TEST(ReportCli, UnreadableStatedFigureExits2) {
  test::TempDir dir;
  const std::string source = test::copy_anting(dir);
  test::replace_in_file(source + "/stated_figures.csv", "F01,parcel_phase:3,land_area,13.5,,mu,",
                        "F01,parcel_phase:3,land_area,13.5,,acres,");
  const test::CommandResult result = test::parklayers({"report", source, "-o", dir.file("r.pdf"), "--png"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(contains(result.err, "stated_figures")) << result.err;
  EXPECT_TRUE(contains(result.err, "acres")) << result.err;
  EXPECT_EQ(others(dir, {"anting"}), std::vector<std::string>{});
}

TEST(ReportCli, ExistingOutputIsKeptWithoutOverwrite) {
  test::TempDir dir;
  test::write_text(dir.file("r.pdf"), "mine");
  const test::CommandResult kept = test::parklayers({"report", "-o", dir.file("r.pdf")});
  EXPECT_EQ(kept.exit_code, 2) << kept.err;
  EXPECT_TRUE(contains(kept.err, "--overwrite")) << kept.err;
  EXPECT_EQ(test::read_text(dir.file("r.pdf")), "mine");
  test::write_text(dir.file("s-3.png"), "mine");
  EXPECT_EQ(test::parklayers({"report", "-o", dir.file("s.pdf"), "--png"}).exit_code, 2);
  EXPECT_EQ(others(dir, {"r.pdf", "s-3.png"}), std::vector<std::string>{});
  const test::CommandResult replaced = test::parklayers({"report", "-o", dir.file("r.pdf"), "--overwrite"});
  EXPECT_EQ(replaced.exit_code, 0) << replaced.err;
  EXPECT_EQ(test::read_text(dir.file("r.pdf")).substr(0, 5), "%PDF-");
}

TEST(ReportCli, FullDiskExits3AndLeavesNothing) {
  if (geteuid() != 0 ||
      test::run({"/usr/bin/unshare", "-m", "/bin/sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt && umount /mnt"})
              .exit_code != 0) {
    GTEST_SKIP() << "needs root to mount a small tmpfs";
  }
  test::TempDir dir;
  const std::string small = dir.file("small");
  fs::create_directory(small);
  // 64 KB: the PDF may fit, its page pictures do not.
  const std::string script = "mount -t tmpfs -o size=64k tmpfs '" + small + "' || exit 99\n'" +
                             PARKLAYERS_TEST_EXE + "' report -o '" + small + "/r.pdf' --png\nstatus=$?\nls -A '" +
                             small + "' > '" + dir.file("listing.txt") + "'\nexit $status\n";
  const test::CommandResult result = test::run({"/usr/bin/unshare", "-m", "/bin/sh", "-c", script});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  EXPECT_EQ(result.err.rfind("parklayers: error: ", 0), 0u) << result.err;
  EXPECT_EQ(test::read_text(dir.file("listing.txt")), "");
}

TEST(ReportCli, WithoutTheQgisToolExits2) {
  test::TempDir dir;
  ::setenv("PARKLAYERS_QGIS_REPORT_TOOL", dir.file("none").c_str(), 1);
  const test::CommandResult result = test::parklayers({"report", "-o", dir.file("r.pdf")});
  ::unsetenv("PARKLAYERS_QGIS_REPORT_TOOL");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(contains(result.err, "parklayers-qgis-report")) << result.err;
  EXPECT_EQ(others(dir, {}), std::vector<std::string>{});
  EXPECT_TRUE(contains(test::parklayers({"report", "--help"}).out, "-1.png"));
}

}  // namespace
}  // namespace parklayers
