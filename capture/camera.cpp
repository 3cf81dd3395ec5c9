#include "capture/camera.hpp"

#include <algorithm>
#include <cctype>

namespace facet::capture {

std::string faultName(CameraFault fault) {
    switch (fault) {
        case CameraFault::Busy: return "busy";
        case CameraFault::Disconnected: return "disconnected";
        case CameraFault::StoreFull: return "card full";
        case CameraFault::Hung: return "not responding";
        case CameraFault::NotSupported: return "not supported";
        case CameraFault::InvalidValue: return "invalid value";
        case CameraFault::Failed: return "failed";
    }
    return "failed";
}

std::string CameraFileRef::extension() const {
    auto dot = name.rfind('.');
    if (dot == std::string::npos) return "";
    std::string ext = name.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
}

}  // namespace facet::capture
