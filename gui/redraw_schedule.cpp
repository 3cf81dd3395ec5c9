#include "gui/redraw_schedule.hpp"

#include <algorithm>

namespace facet::station {

bool RedrawSchedule::due(Clock::time_point now, uint64_t stationChanges) const {
    if (!anyFrame_) return true;
    const auto since = now - lastStart_;
    if (since >= limits_.idleRefresh) return true;
    return since >= limits_.minInterval && somethingNew(stationChanges);
}

RedrawSchedule::Clock::time_point RedrawSchedule::nextLook(Clock::time_point now, uint64_t stationChanges) const {
    if (!anyFrame_) return now;
    const auto at = lastStart_ + (somethingNew(stationChanges) ? limits_.minInterval : limits_.idleRefresh);
    return std::max(at, now);
}

void RedrawSchedule::frameStarted(Clock::time_point start, uint64_t stationChanges) {
    anyFrame_ = true;
    lastStart_ = start;
    shownChanges_ = stationChanges;
    if (inputFramesLeft_ > 0) --inputFramesLeft_;
}

}  // namespace facet::station
