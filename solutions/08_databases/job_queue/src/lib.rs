//! # A job queue in PostgreSQL: `FOR UPDATE SKIP LOCKED`
//!
//! Slow work (sending an e-mail, resizing an image, calling a payment
//! provider) does not belong in a request: the handler puts a job in a queue
//! and answers, and a pool of workers takes the jobs out and runs them. The
//! queue does not have to be a broker: a table in the database the service
//! already has will do, and a job can then be enqueued in the same
//! transaction as the order that causes it. Queues such as Que, Oban,
//! good_job and graphile-worker are built this way.
//!
//! The hard part is taking a job out. Several workers ask at the same
//! moment, each job must go to exactly one of them, and no worker may sit
//! waiting while there is work it could take.
//!
//! [`enqueue`] is written. Fix [`claim_next`], which hands the same job to
//! two workers, and write [`complete`].
//!
//! ## The rules
//!
//! - [`claim_next`] takes the oldest queued job (the smallest id), marks it
//!   `'running'`, commits, and returns it; `None` when no job is queued.
//!   Without an `ORDER BY`, PostgreSQL returns rows in whatever order it
//!   finds them, and an updated row moves.
//! - A job goes to one worker only. In PostgreSQL's default isolation level
//!   (`READ COMMITTED`), a plain `SELECT` takes no lock, even inside a
//!   transaction: two workers read the same queued job, and both mark it and
//!   run it. `SELECT ... FOR UPDATE` locks the row it returns until the
//!   transaction ends.
//! - A worker never waits for a job another worker holds. With `FOR UPDATE`
//!   alone, the second worker waits until the first one commits, then finds
//!   the job taken and moves on: the workers run one at a time.
//!   `FOR UPDATE SKIP LOCKED` passes over locked rows and takes the next one.
//! - Mark the job in the same transaction that locked it, then commit: the
//!   lock goes away at commit, and from then on the status keeps the job
//!   from being handed out again. One statement can do all of it:
//!   `UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING ...`.
//! - [`complete`] marks a job `'done'`. A done job is never claimed again.
//!
//! ## Why PostgreSQL and not SQLite
//!
//! This exercise needs a PostgreSQL server: `backlings` provides one, or set
//! `DATABASE_URL` for `cargo test`. SQLite cannot teach it: it lets one
//! writer at a time into the whole database and has no row locks (no `FOR
//! UPDATE`, no `SKIP LOCKED`), so two workers can never be halfway through a
//! claim at once. The tests play a second worker themselves, with a
//! transaction that holds a job's lock while your code runs.
//!
//! The tests in `tests/job_queue.rs` are the specification.

use sqlx::PgPool;

/// The queue's table. A real queue would add a partial index for the
/// claim, `CREATE INDEX ... ON jobs (id) WHERE status = 'queued'`.
pub const SCHEMA: &str = "
CREATE TABLE jobs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payload TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done'))
)";

/// A job as a worker receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: i64,
    pub payload: String,
}

/// Creates the `jobs` table. Already written for you.
pub async fn create_table(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::raw_sql(SCHEMA).execute(pool).await?;
    Ok(())
}

/// Puts a job in the queue and returns its id. Already written for you.
pub async fn enqueue(pool: &PgPool, payload: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar("INSERT INTO jobs (payload) VALUES ($1) RETURNING id")
        .bind(payload)
        .fetch_one(pool)
        .await
}

/// Takes the oldest queued job for this worker and marks it running, or
/// returns `None` when no job is queued.
pub async fn claim_next(pool: &PgPool) -> sqlx::Result<Option<Job>> {
    // One statement is one transaction: the subquery locks the oldest job no
    // other worker holds, the UPDATE marks it, and the commit at its end
    // publishes the mark as the lock goes away.
    let claimed: Option<(i64, String)> = sqlx::query_as(
        "UPDATE jobs SET status = 'running'
         WHERE id = (
             SELECT id FROM jobs
             WHERE status = 'queued'
             ORDER BY id
             LIMIT 1
             FOR UPDATE SKIP LOCKED
         )
         RETURNING id, payload",
    )
    .fetch_optional(pool)
    .await?;
    Ok(claimed.map(|(id, payload)| Job { id, payload }))
}

/// Marks the job `id` done.
pub async fn complete(pool: &PgPool, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE jobs SET status = 'done' WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}
