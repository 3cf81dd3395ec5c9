#pragma once
// The piece's own shadow on the set. Directional light makes the piece cast a soft shadow on
// the velvet beside it (and through its holes); the clean plate, shot without the piece, has
// none. Compared with the plate the shadow is darker, so the residual test would call it "not
// the plate" and the matte would keep it as a dark skirt around the piece.
//
// A shadow is the plate at a lower gain: the velvet's fibres are all still there, pixel for
// pixel, only dimmer. A reflection of the velvet in polished metal is not: it is blurred and
// displaced, its fibres do not line up with the plate's. So where a window of the shot follows
// the plate's texture at a gain below one, the set is in shadow there; carried to the pixels no
// window could measure (the piece, its holes), the gain says how much light the set gets
// behind every pixel.
#include <opencv2/core.hpp>

namespace facet {

// The set's light in the shot relative to the plate, per pixel (CV_32FC1, <= 1; exactly 1
// where no shadow is measured), or an empty matrix when there is no shadow at all. `shot` and
// `plate` linear CV_32FC3 of one size, `sigma` the per-channel sensor noise. Silent where the
// plate has too little texture to tell (smooth acrylic): a shadow there cannot be told from an
// even mirror of the set and stays unmeasured.
cv::Mat shadowOnSet(const cv::Mat& shot, const cv::Mat& plate, const cv::Vec3f& sigma);

}  // namespace facet
