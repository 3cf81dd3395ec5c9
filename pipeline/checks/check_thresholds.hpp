#pragma once
// The limits the live checks hold every frame to: a plain struct with defaults that suit black
// velvet. A profile's [checks] table maps onto it (profiles/ owns that mapping; this struct lives
// in facet::checks so it does not clash with the profile's own facet::CheckThresholds).
//
// Units are in the field names. "px" is pixels of the analysed frame unless said otherwise;
// luminance is linear light (0 = black, 1 = the sensor's clip point).
namespace facet::checks {

struct CheckThresholds {
    // --- Focus: the 10-90 % rise distance of the piece's sharpest edges (10th percentile over
    // its interior edges, in pixels of the analysis image: the live view, or a capture reduced
    // to the analysis size). In focus: about 1.3-1.8 px; blur of sigma 0.7 px: ~2.6; 1.2 px: ~3.7.
    double focusWarnEdgeWidthPx = 2.3;
    double focusFailEdgeWidthPx = 3.3;
    // Against the best frame of the same piece this session (FocusHistory): softer by more
    // than this percentage of edge width warns / fails.
    double focusWarnSofterPercent = 25;
    double focusFailSofterPercent = 60;
    int focusInteriorErodePx = 2;        // keep this far inside the matte: velvet fibre stays out
    int focusMinEdgeSamples = 40;        // fewer measurable edges: the piece has no detail to judge
    double focusMinEdgeContrast = 0.10;  // sRGB-encoded 0..1 step an edge needs to be measured

    // --- Exposure: the piece's bright end (99.5th percentile of linear luminance over the
    // piece, glints excluded by the percentile).
    double exposureHighlightMin = 0.30;      // below: underexposed
    double exposureHighlightFailMin = 0.10;  // below: badly underexposed
    double exposureHighlightMax = 0.96;      // above (and not glints): about to clip
    // Blown metal: connected clipped areas on the piece larger than a glint.
    double clipLevel = 0.96;                 // linear, any channel at or above counts as clipped
    double glintMaxAreaFraction = 0.0015;    // of the piece's area; smaller clipped blobs are glints
    int glintMaxAreaPx = 30;                 // ...and at least this many px are always a glint
    double blownFailFraction = 0.01;         // blown area over this fraction of the piece fails
    // Velvet: its linear luminance relative to the piece's bright end.
    double velvetLiftedRatio = 0.12;         // above: velvet reads grey
    double velvetCrushedFraction = 0.6;      // this fraction of the velvet at encoded <= 2/255: crushed
    // Uneven background: brightest / darkest cell of a coarse grid over the velvet.
    double unevenWarnRatio = 1.75;
    double unevenFailRatio = 2.5;
    // Colour cast of the background: chroma relative to lightness (C*ab / L*), exposure-proof.
    double castWarnSaturation = 0.35;

    // --- Edge contrast: linear luminance step |piece - background| across the outline, per
    // segment of the outline.
    double edgeContrastMin = 0.04;           // below: weak segment (warn)
    double edgeContrastFail = 0.015;         // below: the matte cannot separate it
    int edgeSegments = 36;                   // outline split into this many pieces (24..48)
    int edgeMaxWeakSegmentsBeforeFail = 8;   // more weak segments than this fails
    int edgeMaxFailingSegments = 2;          // more segments under edgeContrastFail than this fails
    // (polished metal mirroring the velvet has no contrast at all in a segment or two: that is
    // worth a warning and a fill card, not a failed frame)

    // --- Resolution: the thinnest structure of the piece, in capture pixels.
    double resolutionWarnPx = 3.0;
    double resolutionFailPx = 1.0;

    // --- Background against the collection reference (and the clean plate).
    double backgroundWarnLightnessPercent = 15;  // linear luminance drift
    double backgroundFailLightnessPercent = 35;
    double backgroundWarnDeltaE = 3.0;           // CIEDE2000 of the mean background colour
    double backgroundFailDeltaE = 6.0;
    double backgroundWarnChromaShiftPercent = 12;  // shift of B/G, R/G ratios (exposure-proof hue)
    double backgroundWarnEvennessPercent = 20;   // worst cell's change of relative lightness
};

}  // namespace facet::checks
