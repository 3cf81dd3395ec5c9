#pragma once
// PTP and PTP/IP on the wire, as far as the simulated camera needs it: little-endian datasets
// (ISO 15740) and the PTP/IP packet framing (CIPA DC-005). Kept apart from the session logic
// so the byte layout can be read in one place.
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace facet::ptpsim {

// PTP/IP packet types.
enum PacketType : uint32_t {
    kInitCommandRequest = 1,
    kInitCommandAck = 2,
    kInitEventRequest = 3,
    kInitEventAck = 4,
    kInitFail = 5,
    kOperationRequest = 6,
    kOperationResponse = 7,
    kEvent = 8,
    kStartData = 9,
    kData = 10,
    kCancel = 11,
    kEndData = 12,
    kProbeRequest = 13,
    kProbeResponse = 14,
};

// Operation, response and event codes used by the simulator.
namespace op {
constexpr uint16_t GetDeviceInfo = 0x1001, OpenSession = 0x1002, CloseSession = 0x1003,
                   GetStorageIDs = 0x1004, GetStorageInfo = 0x1005, GetNumObjects = 0x1006,
                   GetObjectHandles = 0x1007, GetObjectInfo = 0x1008, GetObject = 0x1009,
                   GetThumb = 0x100A, DeleteObject = 0x100B, InitiateCapture = 0x100E,
                   GetDevicePropDesc = 0x1014, GetDevicePropValue = 0x1015,
                   SetDevicePropValue = 0x1016, GetStreamInfo = 0x1024, GetStream = 0x1025;
}
namespace rc {
constexpr uint16_t OK = 0x2001, GeneralError = 0x2002, SessionNotOpen = 0x2003,
                   OperationNotSupported = 0x2005, InvalidStorageId = 0x2008,
                   InvalidObjectHandle = 0x2009, DevicePropNotSupported = 0x200A,
                   StoreFull = 0x200C, AccessDenied = 0x200F, DeviceBusy = 0x2019,
                   InvalidDevicePropValue = 0x201C, SessionAlreadyOpen = 0x201E;
}
namespace ev {
constexpr uint16_t ObjectAdded = 0x4002, DevicePropChanged = 0x4006, CaptureComplete = 0x400D;
}
namespace dtc {
constexpr uint16_t UINT8 = 0x0002, UINT16 = 0x0004, UINT32 = 0x0006, STR = 0xFFFF;
}

// Appends little-endian PTP values to a byte buffer.
class Dataset {
public:
    Dataset& u8(uint8_t v) { bytes_.push_back(v); return *this; }
    Dataset& u16(uint16_t v) { return raw(&v, 2); }
    Dataset& u32(uint32_t v) { return raw(&v, 4); }
    Dataset& u64(uint64_t v) { return raw(&v, 8); }
    // PTP string: count of UCS-2 characters including the terminator, then the characters.
    Dataset& str(const std::string& s) {
        if (s.empty()) return u8(0);
        u8(static_cast<uint8_t>(s.size() + 1));
        for (char c : s) u16(static_cast<uint8_t>(c));
        return u16(0);
    }
    Dataset& u16array(const std::vector<uint16_t>& v) {
        u32(static_cast<uint32_t>(v.size()));
        for (auto x : v) u16(x);
        return *this;
    }
    Dataset& u32array(const std::vector<uint32_t>& v) {
        u32(static_cast<uint32_t>(v.size()));
        for (auto x : v) u32(x);
        return *this;
    }
    // A value of PTP data type `type` (integers only).
    Dataset& value(uint16_t type, uint32_t v) {
        switch (type) {
            case dtc::UINT8: return u8(static_cast<uint8_t>(v));
            case dtc::UINT16: return u16(static_cast<uint16_t>(v));
            default: return u32(v);
        }
    }
    Dataset& bytes(const void* p, size_t n) { return raw(p, n); }
    const std::vector<uint8_t>& data() const { return bytes_; }
    std::vector<uint8_t>& data() { return bytes_; }

private:
    Dataset& raw(const void* p, size_t n) {  // x86/ARM hosts are little-endian, as PTP is
        auto* b = static_cast<const uint8_t*>(p);
        bytes_.insert(bytes_.end(), b, b + n);
        return *this;
    }
    std::vector<uint8_t> bytes_;
};

inline uint16_t readU16(const std::vector<uint8_t>& b, size_t at) {
    if (at + 2 > b.size()) throw std::runtime_error("short PTP packet");
    uint16_t v;
    std::memcpy(&v, b.data() + at, 2);
    return v;
}
inline uint32_t readU32(const std::vector<uint8_t>& b, size_t at) {
    if (at + 4 > b.size()) throw std::runtime_error("short PTP packet");
    uint32_t v;
    std::memcpy(&v, b.data() + at, 4);
    return v;
}

// One PTP/IP packet: an 8-byte header (length, type) then the payload.
struct Packet {
    uint32_t type = 0;
    std::vector<uint8_t> payload;
};

inline std::vector<uint8_t> framePacket(uint32_t type, const std::vector<uint8_t>& payload) {
    Dataset d;
    d.u32(static_cast<uint32_t>(8 + payload.size())).u32(type);
    d.bytes(payload.data(), payload.size());
    return std::move(d.data());
}

}  // namespace facet::ptpsim
