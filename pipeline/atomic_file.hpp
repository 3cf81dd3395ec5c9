#pragma once
// Files are written to a temporary name in the same folder, flushed to disk, then renamed
// over the final name: a crash or power cut never leaves half a file under the real name.
#include <functional>
#include <string>
#include <string_view>

namespace facet {

// Calls write(tmpPath); on success fsyncs and renames tmpPath to path. On any failure the
// temporary file is removed and an OutputError naming `path` is thrown.
void writeAtomically(const std::string& path, const std::function<void(const std::string& tmpPath)>& write);

// Convenience: the bytes as the whole file.
void writeBytesAtomically(const std::string& path, std::string_view bytes);

// A temporary name beside `path` that keeps its extension (encoders pick the format from it).
std::string temporaryNameFor(const std::string& path);

}  // namespace facet
