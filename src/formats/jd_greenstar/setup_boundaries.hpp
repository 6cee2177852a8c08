#pragma once
// Field boundaries on a GreenStar 3 setup card (also what a Gen4 display exports in that layout):
// RCD/EIC/Fields/<xx>/<field erid>/ImportExport.SpatialCatalog (XML) names the field, its farm and
// client, and its Boundary items; each item's geometry is <fileName>.fdShape beside it (fdshape.hpp).
#include "formats/format.hpp"

namespace furrow::formats::jd_greenstar {

// Every polygon Boundary item of the card's field catalogues, named by its field (and farm, client).
// A catalogue that is not XML is skipped; a shape furrow cannot read gives a boundary with a null
// geometry whose `source` says why.
std::vector<FoundBoundary> setup_boundaries(const Bundle& bundle, const Dataset& dataset);

} // namespace furrow::formats::jd_greenstar
