#pragma once
// Shared by the checks' tests: a rendered scene turned into the checks' input, with the scene's
// ground-truth alpha as the matte (the checks judge a matte; they do not make one).
#include "pipeline/checks/check_frame.hpp"
#include "scenes/scene.hpp"

namespace facet::test {

inline scenes::Scene renderPiece(scenes::Piece piece, scenes::SceneOptions o = {}) {
    o.piece = piece;
    return scenes::renderScene(o);
}

inline checks::CheckInput checkInput(const scenes::Scene& s) {
    checks::CheckInput in;
    in.frame = s.shot;
    in.matte = s.alpha;
    return in;
}

}  // namespace facet::test
