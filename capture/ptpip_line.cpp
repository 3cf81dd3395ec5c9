#include "capture/ptpip_line.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <set>

namespace facet::capture {

bool isPtpIpPort(const std::string& port) { return port.rfind("ptpip:", 0) == 0; }

int cutPtpIpConnections(const std::string& port) {
    if (!isPtpIpPort(port)) return 0;
    // ptpip:HOST:CMDPORT:EVENTPORT (15740 when omitted).
    std::string rest = port.substr(6);
    std::string host = rest.substr(0, rest.find(':'));
    std::set<uint16_t> ports;
    size_t at = rest.find(':');
    while (at != std::string::npos) {
        size_t next = rest.find(':', at + 1);
        std::string p = rest.substr(at + 1, next == std::string::npos ? std::string::npos : next - at - 1);
        if (!p.empty()) ports.insert(static_cast<uint16_t>(std::atoi(p.c_str())));
        at = next;
    }
    if (ports.empty()) ports.insert(15740);
    in_addr target{};
    if (inet_pton(AF_INET, host.c_str(), &target) != 1) return 0;

    int cut = 0;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
        int fd = std::atoi(entry.path().filename().c_str());
        sockaddr_in peer{};
        socklen_t len = sizeof peer;
        if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) != 0 || peer.sin_family != AF_INET) continue;
        if (peer.sin_addr.s_addr != target.s_addr || !ports.count(ntohs(peer.sin_port))) continue;
        if (shutdown(fd, SHUT_RDWR) == 0) ++cut;
    }
    return cut;
}

}  // namespace facet::capture
