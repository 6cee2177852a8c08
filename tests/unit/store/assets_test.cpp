// Asset records: one per (owner, leaf user, kind, identity), links replaced on a re-run.
#include "core/ids.hpp"
#include "store/repository.hpp"
#include "support/store_backends.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace furrow::store {
namespace {

class AssetStoreTest : public ::testing::TestWithParam<std::string> {
protected:
    testing::TempDir dir;
    std::string url = testing::empty_database_url(GetParam(), dir);
    std::unique_ptr<Repository> repo = open_repository(url);
    std::unique_ptr<Session> db = repo->connect();
    Owner ann{new_uuid(), "ann", "hash", 1};
    std::string user = new_uuid();

    void SetUp() override { db->insert_owner(ann); }

    // A processed file row of `owner` (the links reference files).
    std::string file(const Owner& owner) {
        MachineFile f;
        f.id = new_uuid();
        f.owner_id = owner.id;
        f.leaf_user_id = user;
        f.created_time = f.updated_time = 1;
        return db->insert_file_once(f);
    }
    static AssetInput combine(const std::string& source_id, const std::string& serial) {
        return {asset_machine, source_id, "Combine", serial, "", "Other"};
    }
};

} // namespace

TEST(AssetIdentity, serial_number_wins_over_source_id_and_name) {
    EXPECT_EQ(asset_identity({asset_machine, "DVC-1", "Combine", " 914183 ", "", ""}), "serial:914183");
    EXPECT_EQ(asset_identity({asset_machine, "DVC-3", "Other name", "914183", "", ""}), "serial:914183");
    EXPECT_EQ(asset_identity({asset_operator, "WKR1", "Ann Smith", "", "", ""}), "source:WKR1|Ann Smith");
    EXPECT_EQ(asset_identity({asset_operator, "", " ", "", "", ""}), "");
}

TEST_P(AssetStoreTest, the_same_serial_in_two_files_is_one_record) {
    const auto f1 = file(ann), f2 = file(ann);
    const auto a = db->upsert_file_assets(f1, ann.id, user, {combine("DVC-1", "S1")});
    const auto b = db->upsert_file_assets(f2, ann.id, user, {combine("DVC-7", "S1")});
    ASSERT_EQ(a.size(), 1u);
    ASSERT_EQ(b.size(), 1u);
    EXPECT_EQ(a[0].asset_id, b[0].asset_id);
    EXPECT_EQ(db->list_assets(ann.id, asset_machine, {}).total, 1);
    const auto record = db->find_asset(ann.id, asset_machine, a[0].asset_id);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->source_id, "DVC-1"); // the first file's id stays
    EXPECT_EQ(record->serial_number, "S1");
}

TEST_P(AssetStoreTest, without_serial_source_id_and_name_tell_records_apart) {
    const auto f = file(ann);
    const auto links = db->upsert_file_assets(f, ann.id, user,
                                              {combine("DVC-1", ""), combine("DVC-2", ""), combine("DVC-1", ""),
                                               {asset_operator, "DVC-1", "Combine", "", "", "Other"}});
    ASSERT_EQ(links.size(), 4u);
    EXPECT_NE(links[0].asset_id, links[1].asset_id);
    EXPECT_EQ(links[0].asset_id, links[2].asset_id); // listed twice in one file: one record, one link
    EXPECT_EQ(db->list_assets(ann.id, asset_machine, {}).total, 2);
    EXPECT_EQ(db->list_assets(ann.id, asset_operator, {}).total, 1); // another kind is another record
    EXPECT_EQ(db->file_asset_ids(f, asset_machine), (std::vector<std::string>{links[0].asset_id, links[1].asset_id}));
}

TEST_P(AssetStoreTest, a_rerun_replaces_the_links_and_adds_no_record) {
    const auto f = file(ann);
    db->upsert_file_assets(f, ann.id, user, {combine("DVC-1", "S1"), combine("DVC-2", "S2")});
    const auto again = db->upsert_file_assets(f, ann.id, user, {combine("DVC-1", "S1")});
    EXPECT_EQ(db->file_asset_ids(f, asset_machine), std::vector<std::string>{again[0].asset_id});
    EXPECT_EQ(db->list_assets(ann.id, asset_machine, {}).total, 2);
}

TEST_P(AssetStoreTest, records_belong_to_one_owner_and_one_leaf_user) {
    Owner bob{new_uuid(), "bob", "hash", 1};
    db->insert_owner(bob);
    const auto mine = db->upsert_file_assets(file(ann), ann.id, user, {combine("DVC-1", "S1")});
    const auto other_user = db->upsert_file_assets(file(ann), ann.id, new_uuid(), {combine("DVC-1", "S1")});
    const auto bobs = db->upsert_file_assets(file(bob), bob.id, user, {combine("DVC-1", "S1")});
    EXPECT_NE(mine[0].asset_id, other_user[0].asset_id);
    EXPECT_NE(mine[0].asset_id, bobs[0].asset_id);
    EXPECT_FALSE(db->find_asset(bob.id, asset_machine, mine[0].asset_id));
    EXPECT_FALSE(db->find_asset(ann.id, asset_implement, mine[0].asset_id)); // wrong kind: not found
    ListQuery by_user;
    by_user.filters.push_back({"leaf_user_id", Op::eq, user});
    EXPECT_EQ(db->list_assets(ann.id, asset_machine, by_user).total, 1);
}

TEST_P(AssetStoreTest, a_later_file_fills_in_an_empty_name_and_brand) {
    const auto first = db->upsert_file_assets(file(ann), ann.id, user, {{asset_machine, "id", "", "S9", "", "Other"}});
    db->upsert_file_assets(file(ann), ann.id, user, {{asset_machine, "id2", "Harvester", "S9", "Krone", "Other"}});
    const auto record = db->find_asset(ann.id, asset_machine, first[0].asset_id);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->name, "Harvester");
    EXPECT_EQ(record->brand, "Krone");
}

INSTANTIATE_TEST_SUITE_P(Backends, AssetStoreTest, ::testing::ValuesIn(testing::store_backends), testing::backend_name);

} // namespace furrow::store
