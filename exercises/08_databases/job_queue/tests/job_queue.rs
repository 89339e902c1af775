use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use course_support::postgres_database;
use job_queue::{Job, claim_next, complete, create_table, enqueue};
use sqlx::{PgPool, Postgres, Transaction};
use tokio::task::JoinHandle;

/// How long a claim may take while another worker holds a job: it should
/// not wait at all.
const NO_WAITING: Duration = Duration::from_secs(2);

/// A fresh database of this test's own with an empty `jobs` table.
async fn queue() -> PgPool {
    let pool = postgres_database().await;
    create_table(&pool)
        .await
        .unwrap_or_else(|e| panic!("could not create the jobs table: {e}"));
    pool
}

async fn enqueue_all(pool: &PgPool, payloads: &[&str]) -> Vec<i64> {
    let mut ids = Vec::new();
    for payload in payloads {
        ids.push(
            enqueue(pool, payload)
                .await
                .unwrap_or_else(|e| panic!("could not enqueue {payload:?}: {e}")),
        );
    }
    ids
}

fn job(id: i64, payload: &str) -> Job {
    Job {
        id,
        payload: payload.to_string(),
    }
}

/// `claim_next`, which must not fail, nor wait when no other worker is there.
async fn claim(pool: &PgPool, did: &str) -> Option<Job> {
    tokio::time::timeout(Duration::from_secs(10), claim_next(pool))
        .await
        .unwrap_or_else(|_| {
            panic!(
                "\ndid:      {did}\n\
                 got:      no answer within 10 s, with no other worker around. Is claim_next() \
                 waiting for a lock it holds itself, e.g. an UPDATE on the pool (another \
                 connection) while its own transaction holds the row?\n"
            )
        })
        .unwrap_or_else(|e| panic!("\ndid:      {did}\ngot:      the error {e}\n"))
}

/// The status of a job, as any other connection sees it.
async fn status(pool: &PgPool, id: i64) -> String {
    sqlx::query_scalar("SELECT status FROM jobs WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("the test could not read the status of job {id}: {e}"))
}

/// Fails with a readable report when `got` is not `expected`.
#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(did: &str, expected: T, got: T) {
    if got != expected {
        panic!("\ndid:      {did}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

/// Like [`check`], comparing the Debug text (sqlx errors cannot be compared).
#[track_caller]
fn check_debug(did: &str, expected: impl std::fmt::Debug, got: impl std::fmt::Debug) {
    let (expected, got) = (format!("{expected:?}"), format!("{got:?}"));
    if got != expected {
        panic!("\ndid:      {did}\nexpected: {expected}\ngot:      {got}\n");
    }
}

/// Another worker, played by the test: a transaction of its own, and the id of
/// the server process that runs it.
async fn other_worker(pool: &PgPool) -> (Transaction<'static, Postgres>, i32) {
    let mut tx = pool
        .begin()
        .await
        .unwrap_or_else(|e| panic!("the test could not begin a transaction: {e}"));
    let pid = sqlx::query_scalar("SELECT pg_backend_pid()")
        .fetch_one(&mut *tx)
        .await
        .unwrap_or_else(|e| panic!("the test could not read its backend pid: {e}"));
    (tx, pid)
}

/// The other worker locks job `id`, as a worker busy with it does.
async fn lock_job(tx: &mut Transaction<'static, Postgres>, id: i64) {
    sqlx::query("SELECT id FROM jobs WHERE id = $1 FOR UPDATE")
        .bind(id)
        .fetch_one(&mut **tx)
        .await
        .unwrap_or_else(|e| panic!("the test could not lock job {id}: {e}"));
}

/// Waits until `task` has finished, or is waiting for a lock held by the
/// transaction of server process `holder`.
async fn finished_or_waiting_for<T>(pool: &PgPool, holder: i32, task: &JoinHandle<T>) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !task.is_finished() {
        let waiting: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid)))",
        )
        .bind(holder)
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("the test could not read pg_stat_activity: {e}"));
        if waiting {
            return;
        }
        if Instant::now() > deadline {
            panic!("claim_next() neither returned nor waited for a lock within 5 s");
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn an_empty_queue_gives_none() {
    let pool = queue().await;
    check(
        "claim_next() on an empty queue",
        None,
        claim(&pool, "claim_next() on an empty queue").await,
    );
}

#[tokio::test]
async fn jobs_come_out_oldest_first() {
    let pool = queue().await;
    let ids = enqueue_all(&pool, &["email:1", "email:2", "email:3"]).await;
    // Rewrite the first job's row: PostgreSQL stores the new version after the others.
    sqlx::query("UPDATE jobs SET payload = payload WHERE id = $1")
        .bind(ids[0])
        .execute(&pool)
        .await
        .unwrap();
    let mut got = Vec::new();
    for _ in 0..3 {
        got.push(claim(&pool, "claim_next()").await);
    }
    check(
        "enqueue email:1, email:2, email:3 (then an UPDATE rewrites email:1's row), \
         then claim_next() three times",
        vec![
            Some(job(ids[0], "email:1")),
            Some(job(ids[1], "email:2")),
            Some(job(ids[2], "email:3")),
        ],
        got,
    );
}

#[tokio::test]
async fn a_claimed_job_is_marked_running_for_every_connection() {
    let pool = queue().await;
    let ids = enqueue_all(&pool, &["email:1"]).await;
    claim(&pool, "claim_next()").await;
    check(
        "enqueue email:1, claim_next(), then read its status from another connection \
         (was it marked, and the transaction committed?)",
        "running".to_string(),
        status(&pool, ids[0]).await,
    );
}

#[tokio::test]
async fn a_claimed_job_is_not_handed_out_again() {
    let pool = queue().await;
    let ids = enqueue_all(&pool, &["email:1", "email:2"]).await;
    let mut got = Vec::new();
    for _ in 0..3 {
        got.push(claim(&pool, "claim_next()").await);
    }
    check(
        "enqueue email:1 and email:2, then claim_next() three times",
        vec![
            Some(job(ids[0], "email:1")),
            Some(job(ids[1], "email:2")),
            None,
        ],
        got,
    );
}

#[tokio::test]
async fn a_completed_job_is_done_and_never_claimed_again() {
    let pool = queue().await;
    let ids = enqueue_all(&pool, &["email:1"]).await;
    claim(&pool, "claim_next()").await;
    complete(&pool, ids[0]).await.unwrap_or_else(|e| {
        panic!(
            "\ndid:      complete({})\ngot:      the error {e}\n",
            ids[0]
        )
    });
    check(
        "enqueue email:1, claim_next(), complete(it), then its status",
        "done".to_string(),
        status(&pool, ids[0]).await,
    );
    check(
        "... then claim_next()",
        None,
        claim(&pool, "claim_next() after complete").await,
    );
}

#[tokio::test]
async fn a_job_another_worker_holds_is_skipped_without_waiting() {
    let pool = queue().await;
    let ids = enqueue_all(&pool, &["email:1", "email:2"]).await;
    let (mut other, _) = other_worker(&pool).await;
    lock_job(&mut other, ids[0]).await;
    let did = "enqueue email:1 and email:2; another worker's open transaction locks email:1 \
               (SELECT ... FOR UPDATE); then claim_next()";
    match tokio::time::timeout(NO_WAITING, claim_next(&pool)).await {
        Ok(got) => check_debug(did, Ok::<_, ()>(Some(job(ids[1], "email:2"))), got),
        Err(_) => panic!(
            "\ndid:      {did}\n\
             expected: Ok(Some({:?})), at once\n\
             got:      nothing: claim_next() was still waiting after {NO_WAITING:?}\n\
             It waited on a row another transaction holds: the other worker's job, whose lock \
             lasts until that worker commits. Without any lock, your UPDATE waits for it; with a \
             plain FOR UPDATE, your SELECT does. Add SKIP LOCKED to pass over locked rows.\n",
            job(ids[1], "email:2"),
        ),
    }
}

#[tokio::test]
async fn a_skipped_job_is_claimed_once_the_other_worker_lets_go() {
    let pool = queue().await;
    let ids = enqueue_all(&pool, &["email:1", "email:2"]).await;
    let (mut other, _) = other_worker(&pool).await;
    lock_job(&mut other, ids[0]).await;
    let first = tokio::time::timeout(NO_WAITING, claim_next(&pool))
        .await
        .unwrap_or_else(|_| {
            panic!(
                "\ndid:      another worker locks email:1, then claim_next()\n\
                 got:      claim_next() was still waiting after {NO_WAITING:?}, on the row the \
                 other worker holds (see a_job_another_worker_holds_is_skipped_without_waiting)\n"
            )
        });
    check_debug(
        "enqueue email:1 and email:2; another worker locks email:1; claim_next()",
        Ok::<_, ()>(Some(job(ids[1], "email:2"))),
        first,
    );
    // The other worker crashes: its transaction rolls back, and email:1 is free again.
    other.rollback().await.unwrap();
    check(
        "... then the other worker rolls back (it crashed), and claim_next() again",
        Some(job(ids[0], "email:1")),
        claim(&pool, "claim_next() after the rollback").await,
    );
}

#[tokio::test]
async fn a_job_claimed_by_a_worker_that_has_not_committed_yet_is_not_handed_out_twice() {
    let pool = queue().await;
    let ids = enqueue_all(&pool, &["email:1", "email:2"]).await;
    // Worker A is halfway through its claim of email:1: marked running, not committed yet.
    let (mut worker_a, worker_a_pid) = other_worker(&pool).await;
    sqlx::query("UPDATE jobs SET status = 'running' WHERE id = $1")
        .bind(ids[0])
        .execute(&mut *worker_a)
        .await
        .unwrap();
    let worker_b = tokio::spawn({
        let pool = pool.clone();
        async move { claim_next(&pool).await }
    });
    finished_or_waiting_for(&pool, worker_a_pid, &worker_b).await;
    worker_a.commit().await.unwrap();
    let got = tokio::time::timeout(Duration::from_secs(5), worker_b)
        .await
        .expect("claim_next() did not return within 5 s after worker A committed")
        .expect("claim_next() panicked");
    let expected = Some(job(ids[1], "email:2"));
    match got {
        Ok(got) if got == expected => {}
        Ok(Some(got)) if got.id == ids[0] => panic!(
            "\ndid:      enqueue email:1 and email:2; worker A marks email:1 running in its \
             transaction; worker B calls claim_next(); worker A commits\n\
             expected: worker B gets Ok({expected:?})\n\
             got:      Ok(Some({got:?})): two workers now run email:1\n\
             Worker B read email:1 while A's change was not committed yet (a plain SELECT takes \
             no lock and does not wait), and then marked it running again. Lock the row you \
             claim, and skip rows that are locked.\n"
        ),
        got => check_debug(
            "enqueue email:1 and email:2; worker A marks email:1 running in its transaction; \
             worker B calls claim_next(); worker A commits",
            Ok::<_, ()>(expected),
            got,
        ),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_workers_never_get_the_same_job() {
    let pool = queue().await;
    let payloads = [
        "email:1", "email:2", "email:3", "email:4", "email:5", "email:6",
    ];
    let ids = enqueue_all(&pool, &payloads).await;
    let workers: Vec<_> = payloads
        .iter()
        .map(|_| {
            let pool = pool.clone();
            tokio::spawn(async move { claim_next(&pool).await })
        })
        .collect();
    let mut claimed = Vec::new();
    for worker in workers {
        let got = tokio::time::timeout(Duration::from_secs(10), worker)
            .await
            .expect("a claim_next() did not return within 10 s")
            .expect("claim_next() panicked")
            .unwrap_or_else(|e| {
                panic!("\ndid:      claim_next() in 6 workers at once\ngot:      the error {e}\n")
            });
        claimed.push(got.map(|job| job.id));
    }
    let distinct: BTreeSet<_> = claimed.iter().flatten().copied().collect();
    if distinct.len() != ids.len() {
        panic!(
            "\ndid:      enqueue 6 jobs (ids {ids:?}), then claim_next() in 6 workers at once\n\
             expected: each worker gets a different job\n\
             got:      {claimed:?} (by id)\n"
        );
    }
}
