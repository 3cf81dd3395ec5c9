#pragma once
// Starts facet-ptpip-sim on a free loopback port for one test and stops it afterwards.
#include "test_support.hpp"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace facet::test {

inline std::string simulatorBinary() {
    return (std::filesystem::path(facetBinary()).parent_path() / "facet-ptpip-sim").string();
}

class PtpIpSimulator {
public:
    explicit PtpIpSimulator(std::vector<std::string> extraArgs = {}) {
        std::vector<std::string> args = {simulatorBinary(), "--port", "0", "--idle-seconds", "20"};
        args.insert(args.end(), extraArgs.begin(), extraArgs.end());
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        int fds[2];
        if (pipe(fds) != 0) throw std::runtime_error("pipe");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
        posix_spawn_file_actions_addclose(&actions, fds[0]);
        if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0)
            throw std::runtime_error("cannot start " + args[0]);
        posix_spawn_file_actions_destroy(&actions);
        close(fds[1]);
        // The first line says which port it took.
        FILE* out = fdopen(fds[0], "r");
        char line[128] = {0};
        if (!fgets(line, sizeof line, out) || std::sscanf(line, "listening on %d", &port_) != 1) {
            fclose(out);
            throw std::runtime_error("facet-ptpip-sim did not start");
        }
        out_ = out;
    }
    ~PtpIpSimulator() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            waitpid(pid_, nullptr, 0);
        }
        if (out_) fclose(out_);
    }
    PtpIpSimulator(const PtpIpSimulator&) = delete;
    PtpIpSimulator& operator=(const PtpIpSimulator&) = delete;

    int port() const { return port_; }
    std::string gphotoPort() const {
        return "ptpip:127.0.0.1:" + std::to_string(port_) + ":" + std::to_string(port_);
    }
    void pressBodyShutter() const { kill(pid_, SIGUSR1); }

private:
    pid_t pid_ = -1;
    int port_ = 0;
    FILE* out_ = nullptr;
};

// libgphoto2 keeps settings in $HOME/.gphoto: point it at a throwaway folder.
class IsolatedHome {
public:
    IsolatedHome() {
        const char* old = std::getenv("HOME");
        if (old) old_ = old;
        setenv("HOME", dir_.path().c_str(), 1);
    }
    ~IsolatedHome() { setenv("HOME", old_.c_str(), 1); }
    const TempDir& dir() const { return dir_; }

private:
    TempDir dir_;
    std::string old_;
};

}  // namespace facet::test
