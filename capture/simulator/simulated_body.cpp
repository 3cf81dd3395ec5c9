#include "capture/simulator/simulated_body.hpp"

#include <cstdio>

namespace facet::ptpsim {

bool faultFromName(const std::string& name, Fault& out) {
    static const std::map<std::string, Fault> names = {
        {"none", Fault::None},
        {"busy", Fault::Busy},
        {"disconnect-mid-getobject", Fault::DisconnectMidGetObject},
        {"store-full", Fault::StoreFull},
        {"no-capture-complete", Fault::NoCaptureComplete},
        {"slow", Fault::Slow},
    };
    auto it = names.find(name);
    if (it == names.end()) return false;
    out = it->second;
    return true;
}

namespace {

Property enumProperty(uint16_t code, uint16_t type, uint32_t current, std::vector<uint32_t> choices) {
    Property p;
    p.code = code;
    p.type = type;
    p.factory = p.current = current;
    p.choices = std::move(choices);
    return p;
}

}  // namespace

SimulatedBody::SimulatedBody(BodyOptions options) : options_(std::move(options)) {
    // The settings a generic PTP body offers, with the choices a mid-range body reports.
    auto add = [this](Property p) { properties_[p.code] = std::move(p); };
    add(enumProperty(0x500F, dtc::UINT16, 100, {100, 200, 400, 800, 1600, 3200}));           // ISO
    add(enumProperty(0x5007, dtc::UINT16, 800, {280, 400, 560, 800, 1100, 1600, 2200}));     // f-number x100
    add(enumProperty(0x500D, dtc::UINT32, 80,                                                // 1/10000 s
                     {10, 20, 40, 80, 166, 333, 666, 1250, 2500, 5000, 10000}));
    add(enumProperty(0x5005, dtc::UINT16, 2, {2, 4, 5, 6, 7}));  // auto, daylight, fluorescent, tungsten, flash
    add(enumProperty(0x500A, dtc::UINT16, 2, {1, 2, 3}));        // focus mode: manual, auto, macro
    Property battery;
    battery.code = 0x5001;
    battery.type = dtc::UINT8;
    battery.writable = false;
    battery.factory = battery.current = 100;
    battery.rangeMin = 0;
    battery.rangeMax = 100;
    battery.rangeStep = 1;
    add(battery);
    Property supported = enumProperty(0x5020, dtc::UINT32, 1, {});  // PTP 1.1 streams: video
    supported.writable = false;
    add(supported);
    add(enumProperty(0x5021, dtc::UINT32, 0, {0, 1}));               // enabled streams
}

std::vector<uint8_t> SimulatedBody::deviceInfo() const {
    Dataset d;
    d.u16(110);          // PTP 1.1: needed for the stream live view
    d.u32(0);            // no vendor extension: libgphoto2 takes the generic PTP paths
    d.u16(0);
    d.str("");
    d.u16(0);            // functional mode
    d.u16array({op::GetDeviceInfo, op::OpenSession, op::CloseSession, op::GetStorageIDs,
                op::GetStorageInfo, op::GetNumObjects, op::GetObjectHandles, op::GetObjectInfo,
                op::GetObject, op::DeleteObject, op::InitiateCapture, op::GetDevicePropDesc,
                op::GetDevicePropValue, op::SetDevicePropValue, op::GetStreamInfo, op::GetStream});
    d.u16array({ev::ObjectAdded, ev::DevicePropChanged, ev::CaptureComplete});
    std::vector<uint16_t> props;
    for (const auto& [code, p] : properties_) props.push_back(code);
    d.u16array(props);
    d.u16array({0x3801});            // capture formats
    d.u16array({0x3801, 0x3000});    // image formats
    d.str("Facet");
    d.str("Facet PTP/IP Simulator");
    d.str("1.0");
    d.str("FACET0001");
    return std::move(d.data());
}

std::vector<uint8_t> SimulatedBody::storageInfo() const {
    uint64_t capacity = 32ull << 30;
    uint64_t used = 0;
    for (const auto& [h, o] : card_) used += o.bytes.size();
    uint64_t freeBytes = cardFull() ? 0 : capacity - used;
    Dataset d;
    d.u16(4);   // removable RAM (a memory card)
    d.u16(2);   // generic hierarchical
    d.u16(0);   // read-write
    d.u64(capacity);
    d.u64(freeBytes);
    d.u32(cardFull() ? 0 : 0xFFFFFFFF);
    d.str("SD card");
    d.str("FACETSIM");
    return std::move(d.data());
}

std::vector<uint8_t> SimulatedBody::propertyDesc(uint16_t code) const {
    const Property& p = properties_.at(code);
    Dataset d;
    d.u16(p.code).u16(p.type).u8(p.writable ? 1 : 0);
    d.value(p.type, p.factory).value(p.type, p.current);
    if (!p.choices.empty()) {
        d.u8(2).u16(static_cast<uint16_t>(p.choices.size()));
        for (auto c : p.choices) d.value(p.type, c);
    } else if (p.rangeMin) {
        d.u8(1).value(p.type, *p.rangeMin).value(p.type, *p.rangeMax).value(p.type, *p.rangeStep);
    } else {
        d.u8(0);
    }
    return std::move(d.data());
}

std::vector<uint8_t> SimulatedBody::propertyValue(uint16_t code) const {
    const Property& p = properties_.at(code);
    Dataset d;
    d.value(p.type, p.current);
    return std::move(d.data());
}

uint16_t SimulatedBody::setProperty(uint16_t code, const std::vector<uint8_t>& value) {
    auto it = properties_.find(code);
    if (it == properties_.end()) return rc::DevicePropNotSupported;
    Property& p = it->second;
    if (!p.writable) return rc::AccessDenied;
    uint32_t v = 0;
    if (p.type == dtc::UINT8 && value.size() >= 1) v = value[0];
    else if (p.type == dtc::UINT16 && value.size() >= 2) v = readU16(value, 0);
    else if (p.type == dtc::UINT32 && value.size() >= 4) v = readU32(value, 0);
    else return rc::InvalidDevicePropValue;
    if (!p.choices.empty()) {
        bool offered = false;
        for (auto c : p.choices) offered = offered || c == v;
        if (!offered) return rc::InvalidDevicePropValue;
    } else if (p.rangeMin && (v < *p.rangeMin || v > *p.rangeMax)) {
        return rc::InvalidDevicePropValue;
    }
    p.current = v;
    return rc::OK;
}

std::vector<uint32_t> SimulatedBody::handles() const {
    std::vector<uint32_t> out;
    for (const auto& [h, o] : card_) out.push_back(h);
    return out;
}

const CardObject* SimulatedBody::object(uint32_t handle) const {
    auto it = card_.find(handle);
    return it == card_.end() ? nullptr : &it->second;
}

std::vector<uint8_t> SimulatedBody::objectInfo(uint32_t handle) const {
    const CardObject& o = card_.at(handle);
    Dataset d;
    d.u32(kStorageId);
    d.u16(o.format);
    d.u16(0);                                   // not protected
    d.u32(static_cast<uint32_t>(o.bytes.size()));
    // A RAW is format "undefined" (as Nikon NEFs are) with a JPEG thumbnail format: libgphoto2
    // refuses to download an undefined object that has no thumbnail format (it takes it for a folder).
    d.u16(o.format == 0x3801 ? 0 : 0x3801).u32(0).u32(0).u32(0);
    d.u32(o.width).u32(o.height).u32(o.format == 0x3801 ? 24 : 14);
    d.u32(0);                                   // parent: the card's root
    d.u16(0).u32(0).u32(0);                     // not an association
    d.str(o.name);
    d.str("20261128T070000");
    d.str("20261128T070000");
    d.str("");
    return std::move(d.data());
}

std::vector<uint32_t> SimulatedBody::shoot() {
    ++shotNumber_;
    char stem[32];
    std::snprintf(stem, sizeof stem, "IMG_%04d", shotNumber_);
    std::vector<uint32_t> added;
    if (!options_.raw.empty()) {
        CardObject raw{std::string(stem) + "." + options_.rawExtension, 0x3000, options_.raw,
                       options_.width, options_.height};
        card_[nextHandle_] = std::move(raw);
        added.push_back(nextHandle_++);
    }
    CardObject jpeg{std::string(stem) + ".JPG", 0x3801, options_.jpeg, options_.width, options_.height};
    card_[nextHandle_] = std::move(jpeg);
    added.push_back(nextHandle_++);
    return added;
}

const std::vector<uint8_t>& SimulatedBody::nextLiveFrame() {
    const auto& f = options_.liveFrames[liveIndex_];
    liveIndex_ = (liveIndex_ + 1) % options_.liveFrames.size();
    return f;
}

bool SimulatedBody::refuseCaptureAsBusy() {
    if (options_.fault != Fault::Busy) return false;
    // A Canon after live view: the first two tries of every capture are refused.
    if (busyRefusals_ < 2) {
        ++busyRefusals_;
        return true;
    }
    return false;
}

}  // namespace facet::ptpsim
