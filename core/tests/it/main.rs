//! Every integration test of akashi-core in ONE test binary: each linked test binary carries
//! the whole dependency tree, so 26 of them cost minutes of linking and gigabytes of disk.
//! One file per area, as before; shared helpers in `common`.

mod common;

mod backup;
mod bad_input;
mod baked_images;
mod container_fixtures;
mod containers;
mod descriptors;
mod eddsa_vectors;
mod exchange;
mod http_client;
mod http_fetcher;
mod https_keys;
mod jsonld_cache;
mod jwt_cases;
mod jwt_fixtures;
mod ob2_cases;
mod ob2_fixtures;
mod ob3_fixtures;
mod present;
mod qr_input;
mod rdfc_differential;
mod rdfc_suite;
mod refresh;
mod scan;
mod schema_check;
mod status_fixtures;
mod status_lists;
mod trust_registries;
mod wallet;
mod wallet_backup;
mod wallet_crash;
