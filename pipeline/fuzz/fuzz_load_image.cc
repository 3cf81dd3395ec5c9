// libFuzzer target: any bytes, as a .png, .tif, .jpg or camera RAW file, into loadImage (the
// reader every command uses) and readCutoutFile (facet export's reader). The first byte picks
// the extension. An InputError is the expected answer to garbage; anything else is a bug.
#include "pipeline/cutout_file.hpp"
#include "pipeline/errors.hpp"
#include "pipeline/image_io.hpp"

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    // Decompression bombs: a header claiming a gigapixel would make OpenCV allocate it.
    setenv("OPENCV_IO_MAX_IMAGE_PIXELS", "50000000", 0);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    static const char* kExtensions[] = {".png", ".tif", ".jpg", ".dng", ".cr2", ".kdc"};
    const std::string path = "/tmp/facet-fuzz-" + std::to_string(getpid()) + kExtensions[data[0] % 6];
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data + 1), std::streamsize(size - 1));
    }
    try {
        facet::LoadedImage img = facet::loadImage(path);
        (void)img;
    } catch (const facet::InputError&) {
    }
    try {
        facet::CutoutFile c = facet::readCutoutFile(path);
        (void)c;
    } catch (const facet::InputError&) {
    }
    return 0;
}
