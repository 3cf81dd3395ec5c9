#include "gui/gl_texture.hpp"

#include <GL/gl.h>
#include <opencv2/imgproc.hpp>

namespace facet::station {

GlTexture::~GlTexture() {
    if (id_) glDeleteTextures(1, &id_);
}

void GlTexture::upload(const cv::Mat& rgba) {
    CV_Assert(rgba.type() == CV_8UC4);
    size_ = rgba.size();
    GLint maxSize = 4096;
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &maxSize);
    cv::Mat data = rgba;
    if (rgba.cols > maxSize || rgba.rows > maxSize) {
        const double s = double(maxSize) / std::max(rgba.cols, rgba.rows);
        cv::resize(rgba, data, cv::Size(), s, s, cv::INTER_AREA);
    }
    if (!id_) glGenTextures(1, &id_);
    glBindTexture(GL_TEXTURE_2D, id_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, int(data.step / 4));
    if (data.size() != stored_) {
        setFilter();
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, data.cols, data.rows, 0, GL_RGBA, GL_UNSIGNED_BYTE, data.data);
        stored_ = data.size();
    } else {
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, data.cols, data.rows, GL_RGBA, GL_UNSIGNED_BYTE, data.data);
    }
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
}

void GlTexture::setNearest(bool nearest) {
    if (nearest == nearest_ || !id_) {
        nearest_ = nearest;
        return;
    }
    nearest_ = nearest;
    glBindTexture(GL_TEXTURE_2D, id_);
    setFilter();
}

void GlTexture::setFilter() {
    // Both filters alike: with two different ones a software renderer works out per pixel which
    // applies, a third of the cost of drawing the live frame 1:1.
    const GLint filter = nearest_ ? GL_NEAREST : GL_LINEAR;
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
}

}  // namespace facet::station
