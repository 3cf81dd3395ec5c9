#include "profiles/profile_library.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

namespace facet {

namespace fs = std::filesystem;

ProfileLibrary::ProfileLibrary(std::vector<std::string> folders) : folders_(std::move(folders)) {}

std::string ProfileLibrary::shippedFolder() {
    if (const char* env = std::getenv("FACET_PROFILES_DIR"); env && *env) return env;
#ifdef FACET_PROFILES_DIR
    return FACET_PROFILES_DIR;
#else
    return "profiles";
#endif
}

ProfileLibrary ProfileLibrary::standard() {
    std::vector<std::string> folders{"."};
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        folders.push_back((fs::path(xdg) / "facet" / "profiles").string());
    else if (const char* home = std::getenv("HOME"); home && *home)
        folders.push_back((fs::path(home) / ".config" / "facet" / "profiles").string());
    folders.push_back(shippedFolder());
    return ProfileLibrary(std::move(folders));
}

namespace {

bool samePath(const fs::path& a, const std::string& b) {
    if (b.empty()) return false;
    std::error_code ec;
    return fs::equivalent(a, b, ec);
}

}  // namespace

std::optional<std::string> ProfileLibrary::find(const std::string& name, const std::string& excluding) const {
    // A name, not a path: "../x" or "a/b" would escape the search folders.
    if (name.empty() || name.find('/') != std::string::npos || name.find('\\') != std::string::npos ||
        name == "." || name == "..")
        return std::nullopt;
    for (const auto& folder : folders_) {
        fs::path candidate = fs::path(folder) / (name + ".toml");
        std::error_code ec;
        if (fs::is_regular_file(candidate, ec) && !samePath(candidate, excluding)) return candidate.string();
    }
    return std::nullopt;
}

std::vector<ProfileListing> ProfileLibrary::list() const {
    std::vector<ProfileListing> out;
    std::set<std::string> seen;
    for (const auto& folder : folders_) {
        std::error_code ec;
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(folder, ec))
            if (entry.is_regular_file(ec) && entry.path().extension() == ".toml") files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            std::string name = f.stem().string();
            out.push_back(ProfileListing{name, f.string(), seen.count(name) > 0});
            seen.insert(name);
        }
    }
    return out;
}

}  // namespace facet
