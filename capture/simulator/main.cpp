// facet-ptpip-sim: a camera on loopback that the real libgphoto2 drives through its ptpip port
// driver and ptp2 camera driver. It lets the tests and a photographer without a camera run the
// whole tether path (handshake, settings, live view, capture, download, delete) and inject the
// faults real bodies show: busy, a cable pulled during a download, a full card, a capture that
// never completes, a slow body.
//
//   facet-ptpip-sim --port N [--fault F] [--image FILE] [--raw FILE] [--sessions N] [--idle-seconds S]
//
// --port 0 picks a free port. The first line on stdout is "listening on PORT".
// SIGUSR1 presses the body's shutter button (a frame shot on the camera, for tether import).
#include "capture/simulator/ptp_wire.hpp"
#include "capture/simulator/simulated_body.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <thread>

namespace facet::ptpsim {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

std::atomic<bool> gBodyShutter{false};
void onBodyShutter(int) { gBodyShutter = true; }

struct ConnectionLost : std::runtime_error {
    ConnectionLost() : std::runtime_error("connection lost") {}
};

bool writeAll(int fd, const uint8_t* p, size_t n) {
    while (n > 0) {
        ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w;
        n -= static_cast<size_t>(w);
    }
    return true;
}

bool readAll(int fd, uint8_t* p, size_t n) {
    while (n > 0) {
        ssize_t r = ::recv(fd, p, n, 0);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        p += r;
        n -= static_cast<size_t>(r);
    }
    return true;
}

Packet readPacket(int fd) {
    uint32_t header[2];
    if (!readAll(fd, reinterpret_cast<uint8_t*>(header), 8)) throw ConnectionLost();
    if (header[0] < 8 || header[0] > (64u << 20)) throw ConnectionLost();
    Packet p;
    p.type = header[1];
    p.payload.resize(header[0] - 8);
    if (!p.payload.empty() && !readAll(fd, p.payload.data(), p.payload.size())) throw ConnectionLost();
    return p;
}

void sendPacket(int fd, uint32_t type, const std::vector<uint8_t>& payload) {
    auto bytes = framePacket(type, payload);
    if (!writeAll(fd, bytes.data(), bytes.size())) throw ConnectionLost();
}

struct PendingEvent {
    Clock::time_point due;
    uint16_t code;
    uint32_t transaction;
    std::vector<uint32_t> params;
};

// One client connection pair (command + event channel) and the PTP session on it.
class Session {
public:
    Session(SimulatedBody& body, int cmd, int evt) : body_(body), cmd_(cmd), evt_(evt) {}

    // Serves until the client closes (returns true) or the simulator drops the line itself to
    // act out a fault (returns false).
    bool serve() {
        try {
            for (;;) {
                flushDueEvents();
                if (gBodyShutter.exchange(false)) bodyShutterPressed();
                pollfd fds[2] = {{cmd_, POLLIN, 0}, {evt_, POLLIN, 0}};
                int timeout = 50;
                if (!events_.empty()) {
                    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(events_.front().due - Clock::now()).count();
                    timeout = static_cast<int>(std::clamp<long long>(ms, 0, 50));
                }
                int n = ::poll(fds, 2, timeout);
                if (n < 0 && errno == EINTR) continue;
                if (n < 0) return true;
                if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) serveEventChannel();
                if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
                    if (!serveOperation()) return false;
                }
            }
        } catch (const ConnectionLost&) {
            return true;
        }
    }

private:
    void serveEventChannel() {
        Packet p = readPacket(evt_);
        if (p.type == kProbeRequest) sendPacket(evt_, kProbeResponse, {});
    }

    void queueEvent(std::chrono::milliseconds after, uint16_t code, uint32_t transaction,
                    std::vector<uint32_t> params = {}) {
        events_.push_back({Clock::now() + after, code, transaction, std::move(params)});
    }

    void flushDueEvents() {
        while (!events_.empty() && events_.front().due <= Clock::now()) {
            const PendingEvent& e = events_.front();
            Dataset d;
            d.u16(e.code).u32(e.transaction);
            for (auto p : e.params) d.u32(p);
            sendPacket(evt_, kEvent, d.data());
            events_.pop_front();
        }
    }

    void bodyShutterPressed() {
        if (body_.cardFull()) return;
        for (uint32_t h : body_.shoot()) queueEvent(0ms, ev::ObjectAdded, 0, {h});
        queueEvent(0ms, ev::CaptureComplete, 0);
    }

    void respond(uint16_t code, uint32_t transaction, std::vector<uint32_t> params = {}) {
        Dataset d;
        d.u16(code).u32(transaction);
        for (auto p : params) d.u32(p);
        sendPacket(cmd_, kOperationResponse, d.data());
    }

    // Device-to-host data phase then the response, coalesced where small so a reply is one write.
    void sendData(uint32_t transaction, const std::vector<uint8_t>& data, bool slowly = false) {
        Dataset start;
        start.u32(transaction).u64(data.size());
        auto out = framePacket(kStartData, start.data());
        const size_t chunk = slowly ? (data.size() / 8 + 1) : (1u << 20);
        size_t at = 0;
        do {
            size_t n = std::min(chunk, data.size() - at);
            bool last = at + n >= data.size();
            Dataset d;
            d.u32(transaction).bytes(data.data() + at, n);
            auto packet = framePacket(last ? kEndData : kData, d.data());
            out.insert(out.end(), packet.begin(), packet.end());
            if (!writeAll(cmd_, out.data(), out.size())) throw ConnectionLost();
            out.clear();
            at += n;
            if (slowly && !last) std::this_thread::sleep_for(100ms);
        } while (at < data.size());
    }

    // Reads the host-to-device data phase (StartData, Data..., EndData).
    std::vector<uint8_t> receiveData() {
        std::vector<uint8_t> data;
        for (;;) {
            Packet p = readPacket(cmd_);
            if (p.type == kStartData) continue;
            if (p.type == kData || p.type == kEndData) {
                data.insert(data.end(), p.payload.begin() + 4, p.payload.end());
                if (p.type == kEndData) return data;
                continue;
            }
            throw ConnectionLost();  // a client that breaks protocol is treated as gone
        }
    }

    // Returns false when the simulator drops the connection on purpose.
    bool serveOperation() {
        Packet p = readPacket(cmd_);
        if (p.type == kProbeRequest) {
            sendPacket(cmd_, kProbeResponse, {});
            return true;
        }
        if (p.type != kOperationRequest) return true;  // stray packet: ignore, as bodies do
        const uint16_t code = readU16(p.payload, 4);
        const uint32_t tid = readU32(p.payload, 6);
        std::vector<uint32_t> params;
        for (size_t at = 10; at + 4 <= p.payload.size(); at += 4) params.push_back(readU32(p.payload, at));
        auto param = [&](size_t i) { return i < params.size() ? params[i] : 0u; };
        const bool slow = body_.fault() == Fault::Slow;
        if (slow) std::this_thread::sleep_for(30ms);

        switch (code) {
            case op::OpenSession:
                respond(sessionOpen_ ? rc::SessionAlreadyOpen : rc::OK, tid);
                sessionOpen_ = true;
                return true;
            case op::CloseSession:
                sessionOpen_ = false;
                respond(rc::OK, tid);
                return true;
            case op::GetDeviceInfo:
                sendData(tid, body_.deviceInfo());
                respond(rc::OK, tid);
                return true;
            default:
                break;
        }
        if (!sessionOpen_) {
            respond(rc::SessionNotOpen, tid);
            return true;
        }
        switch (code) {
            case op::GetStorageIDs: {
                Dataset d;
                d.u32array({SimulatedBody::kStorageId});
                sendData(tid, d.data());
                respond(rc::OK, tid);
                return true;
            }
            case op::GetStorageInfo:
                if (param(0) != SimulatedBody::kStorageId) return respond(rc::InvalidStorageId, tid), true;
                sendData(tid, body_.storageInfo());
                respond(rc::OK, tid);
                return true;
            case op::GetNumObjects:
                respond(rc::OK, tid, {static_cast<uint32_t>(body_.handles().size())});
                return true;
            case op::GetObjectHandles: {
                Dataset d;
                // Everything lives in the card's root; a listing of a folder handle is empty.
                d.u32array(param(2) == 0 || param(2) == 0xFFFFFFFF ? body_.handles() : std::vector<uint32_t>{});
                sendData(tid, d.data());
                respond(rc::OK, tid);
                return true;
            }
            case op::GetObjectInfo:
                if (!body_.object(param(0))) return respond(rc::InvalidObjectHandle, tid), true;
                sendData(tid, body_.objectInfo(param(0)));
                respond(rc::OK, tid);
                return true;
            case op::GetObject: {
                const CardObject* o = body_.object(param(0));
                if (!o) return respond(rc::InvalidObjectHandle, tid), true;
                if (body_.fault() == Fault::DisconnectMidGetObject && !droppedOnce_) {
                    return dropMidTransfer(tid, o->bytes);
                }
                sendData(tid, o->bytes, slow);
                respond(rc::OK, tid);
                return true;
            }
            case op::DeleteObject:
                respond(body_.deleteObject(param(0)) ? rc::OK : rc::InvalidObjectHandle, tid);
                return true;
            case op::InitiateCapture:
                initiateCapture(tid, slow);
                return true;
            case op::GetDevicePropDesc:
                if (!body_.hasProperty(static_cast<uint16_t>(param(0))))
                    return respond(rc::DevicePropNotSupported, tid), true;
                sendData(tid, body_.propertyDesc(static_cast<uint16_t>(param(0))));
                respond(rc::OK, tid);
                return true;
            case op::GetDevicePropValue:
                if (!body_.hasProperty(static_cast<uint16_t>(param(0))))
                    return respond(rc::DevicePropNotSupported, tid), true;
                sendData(tid, body_.propertyValue(static_cast<uint16_t>(param(0))));
                respond(rc::OK, tid);
                return true;
            case op::SetDevicePropValue: {
                auto value = receiveData();
                respond(body_.setProperty(static_cast<uint16_t>(param(0)), value), tid);
                return true;
            }
            case op::GetStreamInfo: {
                Dataset d;
                d.u64(36).u64(1000000);      // dataset size, time resolution (us)
                d.u32(0).u32(1u << 20);      // frame header size, frame max size
                d.u32(0).u32(1u << 20).u32(0);
                sendData(tid, d.data());
                respond(rc::OK, tid);
                return true;
            }
            case op::GetStream:
                sendData(tid, body_.nextLiveFrame());
                respond(rc::OK, tid);
                return true;
            default:
                respond(rc::OperationNotSupported, tid);
                return true;
        }
    }

    void initiateCapture(uint32_t tid, bool slow) {
        if (body_.refuseCaptureAsBusy()) return respond(rc::DeviceBusy, tid);
        if (body_.cardFull()) return respond(rc::StoreFull, tid);
        body_.captureAccepted();
        auto added = body_.shoot();
        respond(rc::OK, tid);
        // The exposure and the write to the card take a while; a slow body much longer (but
        // within libgphoto2's 2.5 s read timeout per packet).
        auto delay = slow ? 1500ms : 20ms;
        for (uint32_t h : added) queueEvent(delay, ev::ObjectAdded, tid, {h});
        if (body_.fault() != Fault::NoCaptureComplete) queueEvent(delay, ev::CaptureComplete, tid);
    }

    // The cable is pulled: half the file goes out, then both channels close.
    bool dropMidTransfer(uint32_t tid, const std::vector<uint8_t>& bytes) {
        droppedOnce_ = true;
        Dataset start;
        start.u32(tid).u64(bytes.size());
        auto out = framePacket(kStartData, start.data());
        Dataset half;
        half.u32(tid).bytes(bytes.data(), bytes.size() / 2);
        auto packet = framePacket(kData, half.data());
        out.insert(out.end(), packet.begin(), packet.end());
        writeAll(cmd_, out.data(), out.size());
        return false;
    }

    SimulatedBody& body_;
    int cmd_, evt_;
    bool sessionOpen_ = false;
    std::deque<PendingEvent> events_;

public:
    static inline bool droppedOnce_ = false;  // the cable is pulled once per simulator run
};

int listenOn(int port, int& actualPort) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // loopback only: never a camera on the network
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 4) != 0) {
        std::cerr << "facet-ptpip-sim: cannot listen on 127.0.0.1:" << port << ": " << std::strerror(errno) << "\n";
        return -1;
    }
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    actualPort = ntohs(addr.sin_port);
    return fd;
}

// Waits for a connection; -1 after the idle timeout.
int acceptWithin(int listener, int idleSeconds) {
    auto deadline = Clock::now() + std::chrono::seconds(idleSeconds);
    while (Clock::now() < deadline) {
        pollfd p{listener, POLLIN, 0};
        int n = ::poll(&p, 1, 100);
        if (n > 0) {
            int fd = ::accept(listener, nullptr, nullptr);
            if (fd < 0) continue;
            int one = 1;
            // Without this, libgphoto2's host-to-device data phases stall ~40 ms on delayed ACKs.
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            timeval tv{5, 0};  // a client that goes quiet mid-packet is gone
            ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            return fd;
        }
    }
    return -1;
}

// InitCommandRequest -> InitCommandAck on the first connection, InitEventRequest ->
// InitEventAck on the second. Returns false when the client did something else.
bool handshake(int listener, int idleSeconds, int& cmd, int& evt) {
    cmd = acceptWithin(listener, idleSeconds);
    if (cmd < 0) return false;
    try {
        Packet p = readPacket(cmd);
        if (p.type == kProbeRequest) {
            sendPacket(cmd, kProbeResponse, {});
            ::close(cmd);
            return true;
        }
        if (p.type != kInitCommandRequest) {
            Dataset fail;
            fail.u32(1);
            sendPacket(cmd, kInitFail, fail.data());
            ::close(cmd);
            cmd = -1;
            return true;
        }
        Dataset ack;
        ack.u32(1);  // connection number
        const uint8_t guid[16] = {0x46, 0x41, 0x43, 0x45, 0x54, 0x53, 0x49, 0x4d, 1, 2, 3, 4, 5, 6, 7, 8};
        ack.bytes(guid, 16);
        for (char c : std::string("Facet PTP/IP Simulator")) ack.u16(static_cast<uint8_t>(c));
        ack.u16(0);
        ack.u32(0x00010000);  // protocol version 1.0
        sendPacket(cmd, kInitCommandAck, ack.data());

        evt = acceptWithin(listener, 5);
        if (evt < 0) throw ConnectionLost();
        Packet e = readPacket(evt);
        if (e.type != kInitEventRequest) throw ConnectionLost();
        sendPacket(evt, kInitEventAck, {});
        return true;
    } catch (const ConnectionLost&) {
        ::close(cmd);
        cmd = -1;
        if (evt >= 0) ::close(evt);
        evt = -1;
        return true;
    }
}

std::vector<uint8_t> readFileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A gold ring on black velvet, drawn so the default capture is a recognisable studio frame.
cv::Mat drawRingOnVelvet(cv::Size size, int phase) {
    cv::Mat img(size, CV_8UC3, cv::Scalar(14, 12, 12));
    cv::Mat grain(size, CV_8UC3);
    cv::randn(grain, cv::Scalar::all(0), cv::Scalar::all(3));
    img += grain;
    cv::Point c(size.width / 2 + phase, size.height / 2);
    int r = std::min(size.width, size.height) / 4;
    cv::ellipse(img, c, cv::Size(r, r * 3 / 5), 0, 0, 360, cv::Scalar(40, 160, 210), std::max(3, r / 8), cv::LINE_AA);
    cv::circle(img, c + cv::Point(0, -r * 3 / 5), std::max(4, r / 6), cv::Scalar(235, 235, 240), cv::FILLED, cv::LINE_AA);
    return img;
}

std::vector<uint8_t> encodeJpeg(const cv::Mat& img, int quality) {
    std::vector<uint8_t> out;
    cv::imencode(".jpg", img, out, {cv::IMWRITE_JPEG_QUALITY, quality});
    return out;
}

int usage() {
    std::cerr << "usage: facet-ptpip-sim --port N [--fault busy|disconnect-mid-getobject|store-full|"
                 "no-capture-complete|slow] [--image FILE.jpg] [--raw FILE] [--sessions N] [--idle-seconds S]\n";
    return 2;
}

}  // namespace
}  // namespace facet::ptpsim

int main(int argc, char** argv) {
    using namespace facet::ptpsim;
    int port = -1, sessions = 1, idleSeconds = 20;
    BodyOptions options;
    std::string imagePath, rawPath;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--port") port = std::atoi(next().c_str());
        else if (a == "--fault") {
            std::string f = next();
            if (!faultFromName(f, options.fault)) {
                std::cerr << "facet-ptpip-sim: unknown fault '" << f << "'\n";
                return usage();
            }
        } else if (a == "--image") imagePath = next();
        else if (a == "--raw") rawPath = next();
        else if (a == "--sessions") sessions = std::max(1, std::atoi(next().c_str()));
        else if (a == "--idle-seconds") idleSeconds = std::max(1, std::atoi(next().c_str()));
        else return usage();
    }
    if (port < 0) return usage();

    try {
        cv::Mat still;
        if (!imagePath.empty()) {
            options.jpeg = readFileBytes(imagePath);
            still = cv::imdecode(options.jpeg, cv::IMREAD_COLOR);
            if (still.empty()) throw std::runtime_error(imagePath + " is not a JPEG the simulator can read");
        } else {
            still = drawRingOnVelvet({1800, 1200}, 0);
            options.jpeg = encodeJpeg(still, 92);
        }
        options.width = static_cast<uint32_t>(still.cols);
        options.height = static_cast<uint32_t>(still.rows);
        if (!rawPath.empty()) {
            options.raw = readFileBytes(rawPath);
            auto dot = rawPath.rfind('.');
            if (dot != std::string::npos) {
                options.rawExtension = rawPath.substr(dot + 1);
                for (auto& ch : options.rawExtension) ch = static_cast<char>(std::toupper(ch));
            }
        }
        for (int k = 0; k < 6; ++k) options.liveFrames.push_back(encodeJpeg(drawRingOnVelvet({640, 424}, k * 2), 80));
    } catch (const std::exception& e) {
        std::cerr << "facet-ptpip-sim: " << e.what() << "\n";
        return 1;
    }

    struct sigaction sa{};
    sa.sa_handler = onBodyShutter;
    sigaction(SIGUSR1, &sa, nullptr);
    signal(SIGPIPE, SIG_IGN);

    int actualPort = 0;
    int listener = listenOn(port, actualPort);
    if (listener < 0) return 1;
    std::cout << "listening on " << actualPort << std::endl;

    SimulatedBody body(options);
    int served = 0;
    while (served < sessions) {
        int cmd = -1, evt = -1;
        if (!handshake(listener, idleSeconds, cmd, evt)) break;  // idle timeout: nobody came
        if (cmd < 0 || evt < 0) continue;                        // a probe or a failed handshake
        Session session(body, cmd, evt);
        bool clientLeft = session.serve();
        ::close(cmd);
        ::close(evt);
        if (clientLeft) ++served;
    }
    ::close(listener);
    return 0;
}
