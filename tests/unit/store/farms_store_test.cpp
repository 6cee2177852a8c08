// Growers and farms in both store backends: ids assigned by the database, owner scoping, the child
// id lists read from the children's links, list filters and totals, and deletion with the user.
#include "core/ids.hpp"
#include "store/repository.hpp"
#include "support/store_backends.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace furrow::store {
namespace {

class FarmsStore : public ::testing::TestWithParam<std::string> {
protected:
    testing::TempDir dir;
    std::string url = testing::empty_database_url(GetParam(), dir);
    std::unique_ptr<Repository> repo = open_repository(url);
    std::unique_ptr<Session> db = repo->connect();

    LeafUser user(const std::string& owner_name) {
        Owner o{new_uuid(), owner_name, "hash", now_ms()};
        db->insert_owner(o);
        return user_of(o.id);
    }
    LeafUser user_of(const std::string& owner_id) {
        LeafUser u;
        u.id = new_uuid();
        u.owner_id = owner_id;
        db->insert_user(u);
        return u;
    }
    Grower grower(const LeafUser& u, std::optional<std::string> name, TimeMs t) {
        Grower g;
        g.owner_id = u.owner_id;
        g.leaf_user_id = u.id;
        g.name = std::move(name);
        g.created_time = g.updated_time = t;
        return db->insert_grower(g);
    }
    Farm farm(const LeafUser& u, std::optional<std::int64_t> grower_id, TimeMs t) {
        Farm f;
        f.owner_id = u.owner_id;
        f.leaf_user_id = u.id;
        f.name = "farm";
        f.grower_id = grower_id;
        f.created_time = f.updated_time = t;
        return db->insert_farm(f);
    }
    void field(const LeafUser& u, const std::string& id, std::optional<std::int64_t> farm_id, TimeMs t) {
        Field f;
        f.id = id;
        f.owner_id = u.owner_id;
        f.leaf_user_id = u.id;
        f.farm_id = farm_id;
        f.created_time = f.updated_time = t;
        db->insert_field(f);
    }
};

TEST_P(FarmsStore, ids_are_assigned_and_scoped_to_the_owner) {
    const auto ann = user("ann"), bob = user("bob");
    const auto g1 = grower(ann, "Smith", 1), g2 = grower(ann, std::nullopt, 2);
    EXPECT_GT(g1.id, 0);
    EXPECT_NE(g1.id, g2.id);
    ASSERT_TRUE(db->find_grower(ann.owner_id, g1.id));
    EXPECT_EQ(*db->find_grower(ann.owner_id, g1.id)->name, "Smith");
    EXPECT_FALSE(db->find_grower(ann.owner_id, g2.id)->name); // no name stays no name, not ""
    EXPECT_FALSE(db->find_grower(bob.owner_id, g1.id));
    const auto f = farm(ann, g1.id, 3);
    EXPECT_FALSE(db->find_farm(bob.owner_id, f.id));
    auto stolen = f;
    stolen.owner_id = bob.owner_id;
    stolen.name = "stolen";
    EXPECT_FALSE(db->update_farm(stolen));
    EXPECT_EQ(*db->find_farm(ann.owner_id, f.id)->name, "farm");
}

TEST_P(FarmsStore, child_lists_follow_the_links) {
    const auto u = user("ann");
    const auto g = grower(u, "g", 1);
    const auto a = farm(u, g.id, 2), b = farm(u, std::nullopt, 3);
    field(u, "f1", a.id, 4);
    field(u, "f2", a.id, 5);
    field(u, "f3", b.id, 6);
    EXPECT_EQ(db->find_grower(u.owner_id, g.id)->farm_ids, std::vector<std::int64_t>{a.id});
    EXPECT_EQ(db->find_farm(u.owner_id, a.id)->field_ids, (std::vector<std::string>{"f1", "f2"}));
    auto moved = *db->find_farm(u.owner_id, b.id);
    moved.grower_id = g.id;
    moved.updated_time = 7;
    EXPECT_TRUE(db->update_farm(moved));
    EXPECT_EQ(db->find_grower(u.owner_id, g.id)->farm_ids, (std::vector<std::int64_t>{a.id, b.id}));
    EXPECT_EQ(db->find_farm(u.owner_id, b.id)->updated_time, 7);
}

TEST_P(FarmsStore, lists_filter_count_and_go_with_the_user) {
    const auto u = user("ann");
    const auto v = user_of(u.owner_id);
    const auto g = grower(u, "g", 1);
    farm(u, g.id, 2);
    farm(u, std::nullopt, 3);
    farm(v, std::nullopt, 4);
    ListQuery by_grower;
    by_grower.filters.push_back({"grower_id", Op::eq, g.id});
    EXPECT_EQ(db->list_farms(u.owner_id, by_grower).total, 1);
    ListQuery by_user;
    by_user.filters.push_back({"leaf_user_id", Op::eq, u.id});
    EXPECT_EQ(db->list_farms(u.owner_id, by_user).total, 2);
    EXPECT_EQ(db->list_farms(u.owner_id, ListQuery{}).total, 3);
    EXPECT_EQ(db->list_growers(u.owner_id, ListQuery{}).items.at(0).id, g.id);
    EXPECT_TRUE(db->delete_user(u.owner_id, u.id));
    EXPECT_EQ(db->list_farms(u.owner_id, ListQuery{}).total, 1); // v's farm stays
    EXPECT_EQ(db->list_growers(u.owner_id, ListQuery{}).total, 0);
}

} // namespace
INSTANTIATE_TEST_SUITE_P(Backends, FarmsStore, ::testing::ValuesIn(testing::store_backends), testing::backend_name);

} // namespace furrow::store
