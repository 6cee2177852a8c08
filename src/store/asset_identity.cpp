// What makes two mentions of a machine, implement or operator the same record (records.hpp).
#include "core/strings.hpp"
#include "store/records.hpp"

namespace furrow::store {

std::string asset_identity(const AssetInput& input) {
    // A serial number names the physical machine whatever the file calls it; without one, the
    // source's id is only meaningful together with the name (ISOXML ids like "DVC-1" repeat
    // across task sets), so both are part of it.
    const std::string serial = trim(input.serial_number);
    if (!serial.empty()) return "serial:" + serial;
    const std::string id = trim(input.source_id), name = trim(input.name);
    if (id.empty() && name.empty()) return "";
    return "source:" + id + "|" + name;
}

} // namespace furrow::store
