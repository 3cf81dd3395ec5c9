#pragma once
// The camera body behind the PTP/IP simulator: its settings, its memory card and the faults
// it has been told to show. Knows nothing about sockets; the session (main.cpp) asks it what
// to answer.
#include "capture/simulator/ptp_wire.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace facet::ptpsim {

enum class Fault { None, Busy, DisconnectMidGetObject, StoreFull, NoCaptureComplete, Slow };
bool faultFromName(const std::string& name, Fault& out);

struct Property {
    uint16_t code = 0;
    uint16_t type = dtc::UINT16;
    bool writable = true;
    uint32_t factory = 0;
    uint32_t current = 0;
    std::vector<uint32_t> choices;          // enumeration form when not empty
    std::optional<uint32_t> rangeMin, rangeMax, rangeStep;  // range form
};

struct CardObject {
    std::string name;
    uint16_t format = 0x3801;               // EXIF/JPEG; 0x3000 for the RAW of a pair
    std::vector<uint8_t> bytes;
    uint32_t width = 0, height = 0;
};

struct BodyOptions {
    Fault fault = Fault::None;
    std::vector<uint8_t> jpeg;              // what a capture writes to the card
    std::vector<uint8_t> raw;               // when not empty: each capture is a RAW+JPEG pair
    std::string rawExtension = "DNG";
    uint32_t width = 0, height = 0;         // of the JPEG
    std::vector<std::vector<uint8_t>> liveFrames;  // JPEG frames the live view cycles through
};

class SimulatedBody {
public:
    explicit SimulatedBody(BodyOptions options);

    const BodyOptions& options() const { return options_; }
    Fault fault() const { return options_.fault; }

    std::vector<uint8_t> deviceInfo() const;
    std::vector<uint8_t> storageInfo() const;
    static constexpr uint32_t kStorageId = 0x00010001;

    // Settings.
    bool hasProperty(uint16_t code) const { return properties_.count(code) > 0; }
    std::vector<uint8_t> propertyDesc(uint16_t code) const;
    std::vector<uint8_t> propertyValue(uint16_t code) const;
    uint16_t setProperty(uint16_t code, const std::vector<uint8_t>& value);  // a PTP response code

    // The card.
    std::vector<uint32_t> handles() const;
    const CardObject* object(uint32_t handle) const;
    std::vector<uint8_t> objectInfo(uint32_t handle) const;
    bool deleteObject(uint32_t handle) { return card_.erase(handle) > 0; }
    // Writes one shot (or a RAW+JPEG pair) to the card; returns the new handles.
    std::vector<uint32_t> shoot();
    bool cardFull() const { return options_.fault == Fault::StoreFull; }

    const std::vector<uint8_t>& nextLiveFrame();

    // Busy fault: the first attempts of each capture are refused.
    bool refuseCaptureAsBusy();
    void captureAccepted() { busyRefusals_ = 0; }

private:
    BodyOptions options_;
    std::map<uint16_t, Property> properties_;
    std::map<uint32_t, CardObject> card_;
    uint32_t nextHandle_ = 1;
    int shotNumber_ = 0;
    size_t liveIndex_ = 0;
    int busyRefusals_ = 0;
};

}  // namespace facet::ptpsim
