#pragma once
// Helpers shared by the tests: paths to the real data beside the project and temporary folders.
#include <filesystem>
#include <functional>
#include <string>

namespace facet::test {

// ../shared/data (the real RAW files, alpha mattes and ring photos). Tests that need it call
// GTEST_SKIP() with a message when it is absent (a user's fresh clone).
std::filesystem::path sharedData();
bool haveSharedData();

// The built `facet` executable, for end-to-end runs.
std::string facetBinary();

// A fresh empty folder under the system temp dir, removed when the object goes away.
class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::filesystem::path& path() const { return path_; }
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

struct RunResult {
    int exitCode = -1;
    std::string output;  // stdout and stderr together
};
// Runs a shell command line, capturing its output.
RunResult run(const std::string& commandLine);

// Polls `condition` every few milliseconds until it holds (true) or `seconds` pass (false): for
// tests that wait on a worker thread.
bool waitFor(const std::function<bool()>& condition, double seconds = 30);

}  // namespace facet::test
