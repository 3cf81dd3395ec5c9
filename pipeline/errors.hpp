#pragma once
// Errors raised at the edges (files, user input). The message is for a photographer:
// it names the file and says what is wrong and, where possible, what to do.
#include <stdexcept>
#include <string>

namespace facet {

// A file or argument the user gave us is missing, unreadable, corrupt or inconsistent.
struct InputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// We could not write a result (folder missing, permission denied, disk full).
struct OutputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace facet
