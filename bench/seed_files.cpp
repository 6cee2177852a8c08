// Fills a furrow data directory with one Leaf user and N machine files (in batches of 100), so
// list endpoints can be measured at a realistic size. Prints the Leaf user id.
//   furrow_bench_seed DATABASE_URL OWNER_USERNAME COUNT
#include "core/ids.hpp"
#include "store/repository.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace furrow;

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s DATABASE_URL OWNER_USERNAME COUNT\n", argv[0]);
        return 2;
    }
    const long count = std::strtol(argv[3], nullptr, 10);
    auto repo = store::open_repository(argv[1]);
    auto db = repo->connect();
    const auto owner = db->find_owner_by_username(argv[2]);
    if (!owner) {
        std::fprintf(stderr, "no owner %s\n", argv[2]);
        return 1;
    }
    store::LeafUser user;
    user.id = new_uuid();
    user.owner_id = owner->id;
    user.document = {{"name", "bench user"}};
    user.created_time = user.updated_time = now_ms();
    db->insert_user(user);

    const TimeMs start = now_ms() - count * 1000;
    db->transaction([&] {
        store::Batch batch;
        for (long file_idx = 0; file_idx < count; ++file_idx) {
            if (file_idx % 100 == 0) {
                batch = store::Batch{};
                batch.id = new_uuid();
                batch.owner_id = owner->id;
                batch.leaf_user_id = user.id;
                batch.file_name = "bench.zip";
                batch.provider = "Other";
                batch.status = store::BatchStatus::processed;
                batch.blob_key = "batches/" + batch.id + "/upload.zip";
                batch.upload_time = start + file_idx * 1000;
                db->insert_batch(batch);
            }
            store::MachineFile f;
            f.id = new_uuid();
            f.owner_id = owner->id;
            f.leaf_user_id = user.id;
            f.batch_id = batch.id;
            f.dataset_key = "set" + std::to_string(file_idx);
            f.format_id = "cnhi_cn1";
            f.file_format = "CN1";
            f.provider = "CNHI";
            f.file_name = "Field" + std::to_string(file_idx) + ".cn1";
            f.status = store::FileStatus::failed;
            f.entries = {f.file_name + "/index.vy1"};
            f.size_in_bytes = 1000 + file_idx;
            f.created_time = f.updated_time = start + file_idx * 1000;
            db->insert_file_once(f);
        }
    });
    std::printf("%s\n", user.id.c_str());
    return 0;
}
