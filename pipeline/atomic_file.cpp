#include "pipeline/atomic_file.hpp"

#include "pipeline/errors.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace facet {

namespace fs = std::filesystem;

std::string temporaryNameFor(const std::string& path) {
    static std::atomic<unsigned> counter{0};
    fs::path p(path);
    std::string stem = p.stem().string();
    std::string name = "." + stem + ".partial-" + std::to_string(getpid()) + "-" +
                       std::to_string(counter++) + p.extension().string();
    return (p.parent_path() / name).string();
}

namespace {

void fsyncPath(const std::string& path, bool directory) {
    int fd = ::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
    if (fd < 0) return;  // best effort for directories on odd filesystems
    int rc = ::fsync(fd);
    int err = errno;
    ::close(fd);
    if (rc != 0 && !directory)
        throw OutputError("could not flush " + path + " to disk: " + std::strerror(err));
}

}  // namespace

void writeAtomically(const std::string& path, const std::function<void(const std::string&)>& write) {
    fs::path parent = fs::path(path).parent_path();
    if (parent.empty()) parent = ".";
    std::error_code ec;
    if (!fs::is_directory(parent, ec))
        throw OutputError("cannot write " + path + ": the folder " + parent.string() + " does not exist");
    const std::string tmp = temporaryNameFor(path);
    try {
        write(tmp);
        if (!fs::exists(tmp, ec))
            throw OutputError("cannot write " + path + ": nothing was written (unsupported format?)");
        fsyncPath(tmp, false);
        if (std::rename(tmp.c_str(), path.c_str()) != 0)
            throw OutputError("cannot write " + path + ": " + std::strerror(errno));
        fsyncPath(parent.string(), true);
    } catch (...) {
        fs::remove(tmp, ec);
        throw;
    }
}

void writeBytesAtomically(const std::string& path, std::string_view bytes) {
    writeAtomically(path, [&](const std::string& tmp) {
        FILE* f = std::fopen(tmp.c_str(), "wb");
        if (!f) throw OutputError("cannot write " + path + ": " + std::strerror(errno));
        size_t n = std::fwrite(bytes.data(), 1, bytes.size(), f);
        int err = errno;
        bool closed = std::fclose(f) == 0;
        if (n != bytes.size() || !closed)
            throw OutputError("cannot write " + path + ": " + std::strerror(err) +
                              " (is the disk full?)");
    });
}

}  // namespace facet
