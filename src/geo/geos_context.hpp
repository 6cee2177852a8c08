#pragma once
// One GEOS context per call site: contexts are not thread-safe and cost microseconds to make.
// GEOS reports errors through a callback; the last message is kept for the Error thrown.
#include "core/error.hpp"

#include <geos_c.h>

#include <fmt/format.h>

#include <memory>
#include <string>

namespace furrow::geo {

class Geos {
public:
    Geos() : m_handle(GEOS_init_r()) { GEOSContext_setErrorMessageHandler_r(m_handle, &on_error, &m_error); }
    ~Geos() { GEOS_finish_r(m_handle); }
    Geos(const Geos&) = delete;
    Geos& operator=(const Geos&) = delete;

    GEOSContextHandle_t handle() const { return m_handle; }
    [[noreturn]] void fail(const char* what) const {
        throw Error(ErrorCode::internal, fmt::format("GEOS {} failed: {}", what, m_error));
    }

    struct Deleter {
        GEOSContextHandle_t handle;
        void operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(handle, g); }
    };
    using Ptr = std::unique_ptr<GEOSGeometry, Deleter>;
    Ptr own(GEOSGeometry* g, const char* what) const {
        if (g == nullptr) fail(what);
        return Ptr(g, Deleter{m_handle});
    }

private:
    static void on_error(const char* message, void* user) { *static_cast<std::string*>(user) = message; }
    GEOSContextHandle_t m_handle;
    std::string m_error;
};

} // namespace furrow::geo
