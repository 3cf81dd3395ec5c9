#pragma once
// Pulling the cable from our side of a PTP/IP link. libgphoto2 offers no way to abort a call
// that waits for an event the camera never sends; shutting down its sockets makes that call
// fail at once, so a watchdog can end it cleanly instead of leaking a stuck thread.
#include <string>

namespace facet::capture {

// True for "ptpip:HOST[:PORT[:EVENTPORT]]".
bool isPtpIpPort(const std::string& gphotoPort);

// Shuts down (does not close: libgphoto2 owns them) this process's TCP sockets connected to the
// camera's address. Returns how many were cut.
int cutPtpIpConnections(const std::string& gphotoPort);

}  // namespace facet::capture
