#pragma once
// Where profiles are found by name. Searched in order, the first match wins:
//   1. the current folder                      (./NAME.toml: a profile being worked on)
//   2. ~/.config/facet/profiles                (the photographer's own; $XDG_CONFIG_HOME honoured)
//   3. the shipped folder                      ($FACET_PROFILES_DIR, else the build's profiles/)
// A user profile may take a shipped profile's name and extend it: `extends` then skips the
// extending file itself and finds the next one down the list.
#include <optional>
#include <string>
#include <vector>

namespace facet {

struct ProfileListing {
    std::string name;      // file stem
    std::string path;
    bool shadowed = false; // a file earlier in the search order has the same name
};

class ProfileLibrary {
public:
    explicit ProfileLibrary(std::vector<std::string> folders);

    // The default search folders (see above), with the environment of this process.
    static ProfileLibrary standard();
    static std::string shippedFolder();

    const std::vector<std::string>& folders() const { return folders_; }

    // The file for `name`, skipping `excluding` (a path) so a profile can extend its namesake.
    std::optional<std::string> find(const std::string& name, const std::string& excluding = "") const;
    std::vector<ProfileListing> list() const;

private:
    std::vector<std::string> folders_;
};

}  // namespace facet
