#pragma once
// John Deere Gen4 display logs: JD-Data/log/<field folder>/*.jdl at any depth of an upload.
// Each field folder is one machine file (a folder holds one field's operation, logged across many
// files); several folders give several machine files.
#include "formats/format.hpp"

namespace furrow::formats::jd_gen4 {

Format format();

} // namespace furrow::formats::jd_gen4
