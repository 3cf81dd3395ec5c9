#pragma once
// A station script: a small list of actions that drives the real window, one per line, so tests
// (and demos) can press the same buttons a photographer does. A `#` opening a line, or
// standing alone after a blank, starts a comment.
//
//   overlay matte on            switch an overlay (matte, peaking, zebra, edges, thin, grid)
//   capture | plate             press Capture (Space) | Capture plate (P)
//   wait-live                   until the first live frame is on screen
//   wait-frames N               let N window frames pass
//   wait-cutout                 until every capture so far has its cutout (or failed)
//   wait-plate                  until the plate being captured is averaged and ready
//   wait-check warn|fail WORDS  until a check at least that bad says WORDS (case-sensitive)
//   inspect | live              show the cutout inspector | the live view
//   zoom PERCENT                inspector zoom (100..400)
//   pan X Y                     centre the inspector on shot pixel X, Y
//   region N                    jump to review region N (1 = worst)
//   background checker|white|black|#RRGGBB
//   before-after on|off | confidence on|off
//   simulate WORDS...           stage on the simulated studio: spill left [AMOUNT] | spill off |
//                               remove piece | place piece | backlight on|off | unplug | replug
//   profile NAME | setting NAME VALUE | accept | reject | strict on|off
//   screenshot PATH             save the window as PNG (and PATH.json: the UI state)
//   state PATH                  save the UI state as JSON
//   quit
#include <string>
#include <vector>

namespace facet::station {

struct ScriptAction {
    std::string verb;
    std::vector<std::string> args;
    int line = 0;
};

// Throws InputError naming file:line for an unknown action or wrong arguments.
std::vector<ScriptAction> parseScript(const std::string& text, const std::string& fileName);
std::vector<ScriptAction> loadScript(const std::string& path);

}  // namespace facet::station
