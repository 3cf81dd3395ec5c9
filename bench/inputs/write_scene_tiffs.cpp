// Writes the benchmark scene (the 24 MP cable chain of bench_cutout.cpp) as 16-bit sRGB TIFFs,
// the files `facet cutout` reads in the end-to-end measurement (README, "Measured speed"):
//
//   build/bench/facet_scene_tiffs DIR [--dual] [--uncompressed]
//     -> DIR/shot24.tif DIR/plate24.tif (and DIR/backlit24.tif DIR/backlit-plate24.tif)
// LZW with the horizontal predictor by default (cv::imwrite's choice); --uncompressed as most
// raw converters and Photoshop export 16-bit TIFFs.
#include "pipeline/srgb.hpp"
#include "scenes/scene.hpp"

#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: facet_scene_tiffs DIR [--dual]\n";
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    bool dual = false, uncompressed = false;
    for (int i = 2; i < argc; ++i) {
        dual |= std::string(argv[i]) == "--dual";
        uncompressed |= std::string(argv[i]) == "--uncompressed";
    }
    std::filesystem::create_directories(dir);
    facet::scenes::SceneOptions o;  // as scene24mp() in bench_cutout.cpp
    o.piece = facet::scenes::Piece::CableChain;
    o.size = {6000, 4000};
    o.supersample = 2;
    o.seed = 100;
    o.backlit = dual;
    o.frontLightInBacklit = 0.6;
    const facet::scenes::Scene s = facet::scenes::renderScene(o);
    auto write = [&](const char* name, const cv::Mat& linear) {
        const std::string path = (dir / name).string();
        const std::vector<int> options{cv::IMWRITE_TIFF_COMPRESSION, uncompressed ? 1 : 5};
        if (!cv::imwrite(path, facet::linearToSrgb(linear, CV_16U), options)) {
            std::cerr << "cannot write " << path << "\n";
            std::exit(1);
        }
        std::cout << path << "\n";
    };
    write("shot24.tif", s.shot);
    write("plate24.tif", s.plate);
    if (dual) {
        write("backlit24.tif", s.backlitShot);
        write("backlit-plate24.tif", s.backlitPlate);
    }
    return 0;
}
