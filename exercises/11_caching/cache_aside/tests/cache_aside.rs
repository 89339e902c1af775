use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use cache_aside::{CachedUsers, StoreError, User, UserStore};

/// An in-memory store that counts its calls and can be told to fail.
#[derive(Default)]
struct CountingStore {
    users: Mutex<HashMap<u64, User>>,
    reads: AtomicUsize,
    writes: AtomicUsize,
    failing: AtomicBool,
}

impl CountingStore {
    fn with(users: &[(u64, &str)]) -> Self {
        let store = CountingStore::default();
        for &(id, name) in users {
            store.users.lock().unwrap().insert(id, user(id, name));
        }
        store
    }

    fn reads(&self) -> usize {
        self.reads.load(Ordering::SeqCst)
    }

    fn fail(&self, failing: bool) {
        self.failing.store(failing, Ordering::SeqCst);
    }
}

impl UserStore for &CountingStore {
    async fn read(&self, id: u64) -> Result<Option<User>, StoreError> {
        self.reads.fetch_add(1, Ordering::SeqCst);
        if self.failing.load(Ordering::SeqCst) {
            return Err(StoreError("connection reset".to_string()));
        }
        Ok(self.users.lock().unwrap().get(&id).cloned())
    }

    async fn write(&self, user: &User) -> Result<(), StoreError> {
        self.writes.fetch_add(1, Ordering::SeqCst);
        if self.failing.load(Ordering::SeqCst) {
            return Err(StoreError("connection reset".to_string()));
        }
        self.users.lock().unwrap().insert(user.id, user.clone());
        Ok(())
    }
}

fn user(id: u64, name: &str) -> User {
    User {
        id,
        name: name.to_string(),
    }
}

/// Fails with a readable report when `got` is not `expected`.
#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(did: &str, expected: T, got: T) {
    if got != expected {
        panic!("\ndid:      {did}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

#[tokio::test]
async fn a_miss_reads_the_store() {
    let store = CountingStore::with(&[(1, "Ines")]);
    let users = CachedUsers::new(&store);
    check(
        "get(1) on an empty cache",
        Ok(Some(user(1, "Ines"))),
        users.get(1).await,
    );
    check("... store reads so far", 1, store.reads());
}

#[tokio::test]
async fn a_hit_does_not_touch_the_store() {
    let store = CountingStore::with(&[(1, "Ines")]);
    let users = CachedUsers::new(&store);
    users.get(1).await.unwrap();
    for _ in 0..3 {
        check(
            "get(1) again",
            Ok(Some(user(1, "Ines"))),
            users.get(1).await,
        );
    }
    check("get(1) four times: store reads", 1, store.reads());
}

#[tokio::test]
async fn each_id_is_cached_separately() {
    let store = CountingStore::with(&[(1, "Ines"), (2, "Tomas")]);
    let users = CachedUsers::new(&store);
    check("get(1)", Ok(Some(user(1, "Ines"))), users.get(1).await);
    check("get(2)", Ok(Some(user(2, "Tomas"))), users.get(2).await);
    check("get(1)", Ok(Some(user(1, "Ines"))), users.get(1).await);
    check("get(1), get(2), get(1): store reads", 2, store.reads());
}

#[tokio::test]
async fn an_unknown_id_is_cached_as_absent() {
    let store = CountingStore::with(&[(1, "Ines")]);
    let users = CachedUsers::new(&store);
    check("get(404)", Ok(None), users.get(404).await);
    check("get(404) again", Ok(None), users.get(404).await);
    check(
        "get(404) twice: store reads (\"no such user\" is cached too)",
        1,
        store.reads(),
    );
}

#[tokio::test]
async fn an_update_writes_the_store_and_invalidates_the_cache() {
    let store = CountingStore::with(&[(1, "Ines")]);
    let users = CachedUsers::new(&store);
    users.get(1).await.unwrap();
    check(
        "get(1), then update(1, \"Ines M.\")",
        Ok(()),
        users.update(&user(1, "Ines M.")).await,
    );
    check(
        "... the store holds",
        Some(user(1, "Ines M.")),
        store.users.lock().unwrap().get(&1).cloned(),
    );
    check(
        "... then get(1) (must not serve the old name)",
        Ok(Some(user(1, "Ines M."))),
        users.get(1).await,
    );
    check("... store reads in total", 2, store.reads());
}

#[tokio::test]
async fn creating_a_user_clears_its_negative_entry() {
    let store = CountingStore::with(&[]);
    let users = CachedUsers::new(&store);
    check("get(7)", Ok(None), users.get(7).await);
    users.update(&user(7, "Noor")).await.unwrap();
    check(
        "get(7), update(7, \"Noor\"), get(7)",
        Ok(Some(user(7, "Noor"))),
        users.get(7).await,
    );
}

#[tokio::test]
async fn a_store_error_is_returned_and_not_cached() {
    let store = CountingStore::with(&[(1, "Ines")]);
    let users = CachedUsers::new(&store);
    store.fail(true);
    check(
        "get(1) while the store fails",
        Err(StoreError("connection reset".to_string())),
        users.get(1).await,
    );
    store.fail(false);
    check(
        "... then get(1) once the store is back",
        Ok(Some(user(1, "Ines"))),
        users.get(1).await,
    );
    check("... store reads in total", 2, store.reads());
}

#[tokio::test]
async fn a_failed_update_leaves_the_cache_alone() {
    let store = CountingStore::with(&[(1, "Ines")]);
    let users = CachedUsers::new(&store);
    users.get(1).await.unwrap();
    store.fail(true);
    check(
        "get(1), then update(1, \"Ines M.\") while the store fails",
        Err(StoreError("connection reset".to_string())),
        users.update(&user(1, "Ines M.")).await,
    );
    check(
        "... then get(1), still failing store (the cached copy is still right)",
        Ok(Some(user(1, "Ines"))),
        users.get(1).await,
    );
    check("... store reads in total", 1, store.reads());
}

#[tokio::test]
async fn invalidate_forces_the_next_read_to_the_store() {
    let store = CountingStore::with(&[(1, "Ines")]);
    let users = CachedUsers::new(&store);
    users.get(1).await.unwrap();
    // Someone changed the row behind the cache's back and says so.
    store.users.lock().unwrap().insert(1, user(1, "Ina"));
    users.invalidate(1);
    check(
        "get(1), row changed in the store, invalidate(1), get(1)",
        Ok(Some(user(1, "Ina"))),
        users.get(1).await,
    );
    check("... store reads in total", 2, store.reads());
}
