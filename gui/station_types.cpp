#include "gui/station_types.hpp"

namespace facet::station {

const char* verdictName(Verdict v) {
    switch (v) {
        case Verdict::Ok: return "ok";
        case Verdict::Warn: return "warn";
        case Verdict::Fail: return "fail";
        case Verdict::Unknown: return "unknown";
    }
    return "unknown";
}

const std::vector<OverlayInfo>& overlays() {
    static const std::vector<OverlayInfo> all = {
        {kOverlayMatte, "matte", "Matte (M)", 'M'},
        {kOverlayPeaking, "peaking", "Peaking (F)", 'F'},
        {kOverlayZebra, "zebra", "Zebra (Z)", 'Z'},
        {kOverlayEdges, "edges", "Edges (E)", 'E'},
        {kOverlayThin, "thin", "Thin (T)", 'T'},
        {kOverlayGrid, "grid", "Grid (G)", 'G'},
    };
    return all;
}

const OverlayInfo* overlayNamed(const std::string& name) {
    for (const auto& o : overlays())
        if (name == o.name) return &o;
    return nullptr;
}

}  // namespace facet::station
