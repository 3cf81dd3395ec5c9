#include "pipeline/raw_file.hpp"

#include "pipeline/errors.hpp"

#include <libraw/libraw.h>

#include <cstring>
#include <fstream>

namespace facet {

// LibRaw's in-memory stream, counting the bytes asked for beyond the end of the file.
struct RawFile::Stream : LibRaw_buffer_datastream {
    Stream(std::vector<std::uint8_t>& bytes)
        : LibRaw_buffer_datastream(bytes.data(), bytes.size()) {}

    int read(void* ptr, size_t sz, size_t nmemb) override {
        const INT64 want = INT64(sz) * INT64(nmemb);
        const INT64 left = size() - tell();
        if (want > left) overrun += want - (left > 0 ? left : 0);
        return LibRaw_buffer_datastream::read(ptr, sz, nmemb);
    }
    int get_char() override {
        if (tell() >= size()) ++overrun;
        return LibRaw_buffer_datastream::get_char();
    }
    INT64 overrun = 0;
};

RawFile::RawFile(std::vector<std::uint8_t> bytes, std::string name)
    : bytes_(std::move(bytes)), name_(std::move(name)) {
    if (bytes_.empty()) throw InputError(name_ + ": the file is empty");
    stream_ = std::make_unique<Stream>(bytes_);
    raw_ = std::make_unique<LibRaw>();
    // LibRaw prints data errors to stderr by default; ours become InputErrors instead.
    raw_->set_dataerror_handler([](void*, const char*, int) {}, nullptr);
    if (int rc = raw_->open_datastream(stream_.get()); rc != LIBRAW_SUCCESS) fail(rc, "open");
    if (raw_->imgdata.sizes.width < 2 || raw_->imgdata.sizes.height < 2)
        throw InputError(name_ + ": the camera RAW file has no image in it (corrupt?)");
    // The largest sensors made are ~150 MP; a header claiming far more is corrupt, and
    // decoding it would take gigabytes.
    if (double(raw_->imgdata.sizes.raw_width) * raw_->imgdata.sizes.raw_height > 400e6)
        throw InputError(name_ + ": the camera RAW file claims an impossibly large image (corrupt?)");
    resetOverrun();
}

RawFile RawFile::open(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw InputError(path + ": cannot be read (missing, or check its permissions)");
    const std::streamsize size = in.tellg();
    std::vector<std::uint8_t> bytes(size_t(std::max<std::streamsize>(size, 0)));
    in.seekg(0);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), size))
        throw InputError(path + ": cannot be read (I/O error)");
    return RawFile(std::move(bytes), path);
}

RawFile::~RawFile() = default;
RawFile::RawFile(RawFile&&) noexcept = default;

void RawFile::fail(int rc, const std::string& stage) const {
    if (rc == LIBRAW_FILE_UNSUPPORTED)
        throw InputError(name_ + ": not a PNG, TIFF, JPEG or a camera RAW format LibRaw " LIBRAW_VERSION_STR
                                 " knows, or the file is cut short; convert it to TIFF or DNG, or copy it again");
    std::string why = libraw_strerror(rc);
    if (rc == LIBRAW_IO_ERROR || rc == LIBRAW_DATA_ERROR)
        why = "the file is truncated or corrupt; copy it from the card again";
    throw InputError(name_ + ": cannot " + stage + " this camera RAW file (" + why + ")");
}

void RawFile::requireComplete(const std::string& stage) const {
    // A few bytes of read-ahead past the end are normal for bit-stream decoders.
    if (stream_->overrun > 1024)
        throw InputError(name_ + ": cannot " + stage + " this camera RAW file (it is cut short: " +
                         std::to_string(stream_->overrun) +
                         " bytes of image data are missing; copy it from the card again)");
}

void RawFile::resetOverrun() { stream_->overrun = 0; }

RawInfo RawFile::info() const {
    const auto& d = raw_->imgdata;
    RawInfo i;
    i.make = d.idata.make;
    i.model = d.idata.model;
    i.lens = d.lens.Lens[0] ? d.lens.Lens : d.lens.makernotes.Lens;
    i.iso = d.other.iso_speed;
    i.shutterSeconds = d.other.shutter;
    i.aperture = d.other.aperture;
    i.focalLengthMm = d.other.focal_len;
    i.captureTime = d.other.timestamp;
    i.width = d.sizes.width;
    i.height = d.sizes.height;
    if (d.idata.filters && d.idata.colors == 3 && d.idata.filters > 1000) {
        for (int row = 0; row < 2; ++row)
            for (int col = 0; col < 2; ++col)
                i.cfaPattern += d.idata.cdesc[raw_->COLOR(row, col)];
    }
    i.blackLevel = d.color.black;
    i.whiteLevel = d.color.maximum;
    if (d.color.cam_mul[0] > 0 && d.color.cam_mul[1] > 0 && d.color.cam_mul[2] > 0)
        i.cameraWhiteBalance = {d.color.cam_mul[0] / d.color.cam_mul[1], 1.0f,
                                d.color.cam_mul[2] / d.color.cam_mul[1]};
    i.previewWidth = d.thumbnail.twidth;
    i.previewHeight = d.thumbnail.theight;
    // The preview's encoding is only known after unpack_thumb (see raw_preview).
    if (d.thumbnail.tlength > 0) i.previewFormat = "embedded";
    return i;
}

}  // namespace facet
