#include "profiles/did_you_mean.hpp"

#include <algorithm>
#include <cctype>

namespace facet {

int editDistance(const std::string& a, const std::string& b) {
    std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = static_cast<int>(i);
        for (size_t j = 1; j <= b.size(); ++j) {
            bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string closestName(const std::string& typed, const std::vector<std::string>& candidates) {
    // Long names tolerate more slips; very short ones only one (else everything "matches").
    const int limit = std::max(1, static_cast<int>(typed.size()) / 3);
    std::string best;
    int bestDistance = limit + 1;
    for (const auto& c : candidates) {
        int d = editDistance(typed, c);
        if (d < bestDistance) {
            bestDistance = d;
            best = c;
        }
    }
    return best;
}

}  // namespace facet
