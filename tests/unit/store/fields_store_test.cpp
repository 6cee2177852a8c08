// Fields and boundaries in the SQLite store: owner/user scoping, id conflicts, boundary history
// (one ACTIVE per field), list filters and cached totals, and deletes that take boundaries along.
#include "core/error.hpp"
#include "core/ids.hpp"
#include "store/repository.hpp"
#include "support/store_backends.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace furrow::store {
namespace {

class FieldsStore : public ::testing::TestWithParam<std::string> {
protected:
    testing::TempDir dir;
    std::string url = testing::empty_database_url(GetParam(), dir);
    std::unique_ptr<Repository> repo = open_repository(url);
    std::unique_ptr<Session> db = repo->connect();

    Owner owner(const std::string& name) {
        Owner o{new_uuid(), name, "hash", now_ms()};
        db->insert_owner(o);
        return o;
    }
    LeafUser user(const Owner& o) {
        LeafUser u;
        u.id = new_uuid();
        u.owner_id = o.id;
        db->insert_user(u);
        return u;
    }
    Field field(const LeafUser& u, const std::string& id, TimeMs t, std::optional<std::int64_t> farm = {}) {
        Field f;
        f.id = id;
        f.owner_id = u.owner_id;
        f.leaf_user_id = u.id;
        f.name = "field " + id;
        f.farm_id = farm;
        f.created_time = f.updated_time = t;
        db->insert_field(f);
        return f;
    }
    FieldBoundary boundary(const Field& f, TimeMs t, const std::string& geometry = "{}") {
        FieldBoundary b;
        b.id = new_uuid();
        b.field_id = f.id;
        b.owner_id = f.owner_id;
        b.leaf_user_id = f.leaf_user_id;
        b.geometry = geometry;
        b.area_ha = 1.5;
        b.created_time = b.updated_time = t;
        db->insert_boundary(b);
        return b;
    }
};

TEST_P(FieldsStore, ids_are_unique_per_owner_and_scoped_to_user) {
    const auto ann = owner("ann"), bob = owner("bob");
    const auto ann_u = user(ann), ann_v = user(ann), bob_u = user(bob);
    field(ann_u, "north", 1);
    EXPECT_THROW(field(ann_v, "north", 2), Error); // same owner, another user: still taken
    field(bob_u, "north", 3);                       // another owner may use it
    EXPECT_TRUE(db->find_field(ann.id, ann_u.id, "north"));
    EXPECT_FALSE(db->find_field(ann.id, ann_v.id, "north"));
    EXPECT_FALSE(db->find_field(ann.id, bob_u.id, "north"));
    EXPECT_EQ(db->find_field_any_user(ann.id, "north")->leaf_user_id, ann_u.id);
    EXPECT_EQ(db->find_field_any_user(bob.id, "north")->leaf_user_id, bob_u.id);
}

TEST_P(FieldsStore, boundaries_keep_history_with_one_active) {
    const auto ann = owner("ann");
    const auto u = user(ann);
    const auto f = field(u, "f1", 1), g = field(u, "f2", 2);
    const auto b1 = boundary(f, 10, "{\"a\":1}");
    const auto b2 = boundary(f, 10); // same millisecond: insertion order still decides
    const auto b3 = boundary(f, 20);
    const auto g1 = boundary(g, 15);
    const auto history = db->field_boundaries(ann.id, f.id);
    ASSERT_EQ(history.size(), 3u);
    EXPECT_EQ(history[0].id, b1.id);
    EXPECT_EQ(history[1].id, b2.id);
    EXPECT_EQ(history[2].id, b3.id);
    EXPECT_EQ(history[0].status, boundary_inactive);
    EXPECT_EQ(history[0].updated_time, 10);
    EXPECT_EQ(history[1].status, boundary_inactive);
    EXPECT_EQ(history[1].updated_time, 20); // retired when b3 came
    EXPECT_EQ(history[2].status, boundary_active);
    EXPECT_EQ(history[0].geometry, "{\"a\":1}");
    EXPECT_EQ(db->find_field(ann.id, u.id, f.id)->boundary_ids, (std::vector<std::string>{b1.id, b2.id, b3.id}));
    const auto active = db->active_boundaries(ann.id, u.id);
    ASSERT_EQ(active.size(), 2u);
    EXPECT_EQ(active[0].id, g1.id);
    EXPECT_EQ(active[1].id, b3.id);
    EXPECT_TRUE(db->find_boundary(ann.id, f.id, b1.id));
    EXPECT_FALSE(db->find_boundary(ann.id, g.id, b1.id));
    EXPECT_FALSE(db->find_boundary(owner("bob").id, f.id, b1.id));
}

TEST_P(FieldsStore, lists_filter_and_count) {
    const auto ann = owner("ann");
    const auto u = user(ann), v = user(ann);
    field(u, "a", 1, 7);
    field(u, "b", 2);
    auto c = field(v, "c", 3, 7);
    ListQuery q;
    EXPECT_EQ(db->list_fields(ann.id, q).total, 3);
    q.filters.push_back({"farm_id", Op::eq, std::int64_t{7}});
    auto page = db->list_fields(ann.id, q);
    ASSERT_EQ(page.total, 2);
    EXPECT_EQ(page.items[0].id, "a");
    EXPECT_EQ(page.items[1].id, "c");
    q.filters.push_back({"leaf_user_id", Op::eq, v.id});
    EXPECT_EQ(db->list_fields(ann.id, q).total, 1);
    c.document["providerName"] = "JohnDeere";
    c.farm_id.reset();
    c.updated_time = 9;
    EXPECT_TRUE(db->update_field(c));
    EXPECT_EQ(db->list_fields(ann.id, q).total, 0); // cached total follows the update
    ListQuery by_provider;
    by_provider.filters.push_back({"provider", Op::eq, std::string("JohnDeere")});
    EXPECT_EQ(db->list_fields(ann.id, by_provider).total, 1);
    EXPECT_EQ(db->find_field(ann.id, v.id, "c")->document["providerName"], "JohnDeere");
    c.leaf_user_id = u.id; // update_field never moves a field to another user
    EXPECT_FALSE(db->update_field(c));
}

TEST_P(FieldsStore, deleting_a_field_or_user_deletes_boundaries) {
    const auto ann = owner("ann");
    const auto u = user(ann), v = user(ann);
    const auto f = field(u, "f", 1), g = field(u, "g", 1), h = field(v, "h", 1);
    boundary(f, 1);
    boundary(g, 1);
    boundary(h, 1);
    EXPECT_FALSE(db->delete_field(ann.id, v.id, f.id)); // wrong user
    EXPECT_TRUE(db->delete_field(ann.id, u.id, f.id));
    EXPECT_TRUE(db->field_boundaries(ann.id, f.id).empty());
    EXPECT_EQ(db->active_boundaries(ann.id, u.id).size(), 1u);
    EXPECT_TRUE(db->delete_user(ann.id, u.id));
    EXPECT_FALSE(db->find_field_any_user(ann.id, g.id));
    EXPECT_TRUE(db->active_boundaries(ann.id, u.id).empty());
    EXPECT_EQ(db->list_fields(ann.id, ListQuery{}).total, 1); // v's field stays
    EXPECT_EQ(db->active_boundaries(ann.id, v.id).size(), 1u);
}

} // namespace
INSTANTIATE_TEST_SUITE_P(Backends, FieldsStore, ::testing::ValuesIn(testing::store_backends), testing::backend_name);

} // namespace furrow::store
