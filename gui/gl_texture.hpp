#pragma once
// An RGBA8 OpenGL texture that follows a cv::Mat: allocated when the size changes, otherwise
// updated in place with glTexSubImage2D (no reallocation per live frame).
#include <opencv2/core.hpp>

#include <cstdint>

namespace facet::station {

class GlTexture {
public:
    GlTexture() = default;
    ~GlTexture();
    GlTexture(const GlTexture&) = delete;
    GlTexture& operator=(const GlTexture&) = delete;

    // rgba: CV_8UC4 (any stride). Images larger than the GPU allows are reduced first.
    void upload(const cv::Mat& rgba);
    // Nearest filtering shows pixels as squares when zoomed in (the inspector at 200-400 %), and
    // copies them exactly at 1:1 (the live view).
    void setNearest(bool nearest);

    bool empty() const { return id_ == 0 || size_.area() == 0; }
    cv::Size size() const { return size_; }          // of the image given (shot px)
    void* imguiId() const { return reinterpret_cast<void*>(static_cast<intptr_t>(id_)); }

private:
    void setFilter();  // the bound texture's filters from nearest_

    unsigned id_ = 0;
    cv::Size size_, stored_;
    bool nearest_ = false;
};

}  // namespace facet::station
