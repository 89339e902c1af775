//! Servers for the exercises that need them: from the environment, from binaries on the
//! machine, or not at all, and each run with a database or key prefix of its own.

use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{FixtureCourse, repository_root, run_backlings};

/// The servers this machine runs, as CI has them.
const MACHINE_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/postgres";
const MACHINE_REDIS: &str = "redis://127.0.0.1:6379";

/// Whether the machine's PostgreSQL and Redis answer. On a learner's machine a test that
/// needs them says so and stops; with `CI` set they must answer.
fn machine_servers_answer(test: &str) -> bool {
    let postgres = postgres::Client::connect(MACHINE_POSTGRES, postgres::NoTls).map(drop);
    let redis = redis::Client::open(MACHINE_REDIS)
        .and_then(|c| c.get_connection_with_timeout(Duration::from_secs(3)))
        .map(drop);
    match (postgres, redis) {
        (Ok(()), Ok(())) => true,
        (postgres, redis) => {
            let why = format!(
                "{test} needs PostgreSQL at {MACHINE_POSTGRES} and Redis at {MACHINE_REDIS}: \
                 {postgres:?}, {redis:?}"
            );
            assert!(std::env::var_os("CI").is_none(), "{why}");
            eprintln!("skipped: {why}");
            false
        }
    }
}

/// Whether PostgreSQL's and Redis's server binaries are on this machine; with `CI` set
/// they must be.
fn server_binaries_found(test: &str) -> bool {
    let run = run_backlings(
        &repository_root(),
        &["services"],
        &[("BACKLINGS_SERVICE_SOURCES", "local")],
    );
    if run.code == 0 {
        return true;
    }
    let why = format!(
        "{test} needs initdb, postgres and redis-server:\n{}",
        run.stdout
    );
    assert!(std::env::var_os("CI").is_none(), "{why}");
    eprintln!("skipped: {why}");
    false
}

/// A fixture course, a folder for its probes, and a temporary folder of its own.
struct Probed {
    course: FixtureCourse,
    probes: tempfile::TempDir,
    tmp: tempfile::TempDir,
}

impl Probed {
    fn new() -> Self {
        Self {
            course: FixtureCourse::new("services"),
            probes: tempfile::tempdir().unwrap(),
            tmp: tempfile::tempdir().unwrap(),
        }
    }

    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> crate::support::Run {
        let mut all = vec![
            ("PROBE_DIR", self.probes.path().to_str().unwrap()),
            ("TMPDIR", self.tmp.path().to_str().unwrap()),
        ];
        all.extend_from_slice(env);
        self.course.run_with(args, &all)
    }

    fn probe(&self, name: &str) -> String {
        let path = self.probes.path().join(name);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("the probe {} was not written: {e}", path.display()))
    }

    /// What the runner left in its temporary folder.
    fn left_in_tmp(&self) -> Vec<String> {
        std::fs::read_dir(self.tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("backlings-"))
            .collect()
    }
}

fn database_of(url: &str) -> String {
    url.rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string()
}

fn database_exists(name: &str) -> bool {
    let mut client = postgres::Client::connect(MACHINE_POSTGRES, postgres::NoTls).unwrap();
    let row = client
        .query_one(
            "SELECT count(*) FROM pg_database WHERE datname = $1",
            &[&name],
        )
        .unwrap();
    row.get::<_, i64>(0) == 1
}

fn address_of(url: &str) -> String {
    let rest = url.split("://").nth(1).unwrap();
    let authority = rest.split(['/', '?']).next().unwrap();
    authority.rsplit('@').next().unwrap().to_string()
}

#[test]
fn servers_named_in_the_environment_give_each_run_its_own_database_and_key_prefix() {
    if !machine_servers_answer("this test") {
        return;
    }
    let probed = Probed::new();
    let env = [
        ("BACKLINGS_POSTGRES_URL", MACHINE_POSTGRES),
        ("BACKLINGS_REDIS_URL", MACHINE_REDIS),
        ("BACKLINGS_SERVICE_SOURCES", "environment"),
    ];
    probed.run(&["verify"], &env).expect_code(0);
    let first_database = database_of(&probed.probe("uses_postgres"));
    let redis_probe = probed.probe("uses_redis");
    let (redis_url, first_prefix) = redis_probe.split_once(' ').unwrap();
    assert_eq!(redis_url, MACHINE_REDIS);
    assert!(
        first_database.starts_with("backlings_run_"),
        "the run's database: {first_database}"
    );
    assert!(first_prefix.starts_with("backlings:run:"), "{first_prefix}");
    // Cleaned up after the run: the database dropped, the run's keys deleted.
    assert!(
        !database_exists(&first_database),
        "{first_database} is still there"
    );
    let mut redis = redis::Client::open(MACHINE_REDIS)
        .unwrap()
        .get_connection()
        .unwrap();
    let left: bool = redis::cmd("EXISTS")
        .arg(format!("{first_prefix}probe"))
        .query(&mut redis)
        .unwrap();
    assert!(!left, "the run's key {first_prefix}probe is still there");
    // Environment servers run SQL on PostgreSQL by default.
    assert!(
        database_of(&probed.probe("portable_sql")).starts_with("backlings_run_"),
        "{}",
        probed.probe("portable_sql")
    );

    // A rerun gets new ones.
    probed.run(&["verify"], &env).expect_code(0);
    assert_ne!(database_of(&probed.probe("uses_postgres")), first_database);
    assert_ne!(probed.probe("uses_redis"), redis_probe);
}

#[test]
fn the_sql_engine_is_chosen_on_the_command_line() {
    if !machine_servers_answer("this test") {
        return;
    }
    let probed = Probed::new();
    let env = [
        ("BACKLINGS_POSTGRES_URL", MACHINE_POSTGRES),
        ("BACKLINGS_SERVICE_SOURCES", "environment"),
    ];
    probed
        .run(&["--engine", "sqlite", "run", "portable_sql"], &env)
        .expect_code(0);
    assert_eq!(probed.probe("portable_sql"), "none");
    probed
        .run(&["--engine", "postgres", "run", "portable_sql"], &env)
        .expect_code(0);
    assert!(
        database_of(&probed.probe("portable_sql")).starts_with("backlings_run_"),
        "{}",
        probed.probe("portable_sql")
    );
}

#[test]
fn binaries_on_the_machine_give_throwaway_servers_that_are_gone_afterwards() {
    if !server_binaries_found("this test") {
        return;
    }
    let probed = Probed::new();
    let env = [("BACKLINGS_SERVICE_SOURCES", "local")];
    probed
        .run(&["services"], &env)
        .expect_code(0)
        .expect_stdout("✓ postgres: from the local server: ")
        .expect_stdout("✓ redis: from the local server: ")
        .expect_stdout(
            "1. environment: passed over: BACKLINGS_SERVICE_SOURCES=local leaves it out",
        );
    probed.run(&["verify"], &env).expect_code(0);
    let postgres_url = probed.probe("uses_postgres");
    assert!(
        postgres_url.starts_with("postgres://postgres@127.0.0.1:"),
        "{postgres_url}"
    );
    assert_ne!(
        address_of(&postgres_url),
        "127.0.0.1:5432",
        "not the machine's own server"
    );
    let redis_url = probed.probe("uses_redis");
    assert_ne!(
        address_of(&redis_url),
        "127.0.0.1:6379",
        "not the machine's own server"
    );
    for url in [&postgres_url, &redis_url] {
        assert!(
            TcpStream::connect(address_of(url)).is_err(),
            "a server still answers at {url} after the run"
        );
    }
    assert_eq!(probed.left_in_tmp(), Vec::<String>::new());
}

#[test]
fn ctrl_c_stops_the_servers_it_started_and_deletes_their_folders() {
    if !server_binaries_found("this test") {
        return;
    }
    let probed = Probed::new();
    // Build first, so that the interrupted run below is in its test.
    probed.run(&["run", "plain"], &[]).expect_code(0);
    let mut runner = Command::new(env!("CARGO_BIN_EXE_backlings"))
        .args(["run", "uses_postgres"])
        .current_dir(probed.course.path())
        .env("NO_COLOR", "1")
        .env("PROBE_DIR", probed.probes.path())
        .env("PROBE_HOLD", "1")
        .env("TMPDIR", probed.tmp.path())
        .env("BACKLINGS_SERVICE_SOURCES", "local")
        .env_remove("CARGO_TARGET_DIR")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let probe = probed.probes.path().join("uses_postgres");
    let deadline = Instant::now() + Duration::from_secs(120);
    while !probe.exists() {
        assert!(Instant::now() < deadline, "the run never reached its test");
        std::thread::sleep(Duration::from_millis(20));
    }
    let url = std::fs::read_to_string(&probe).unwrap();
    assert!(
        TcpStream::connect(address_of(&url)).is_ok(),
        "{url} answers during the run"
    );

    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(runner.id() as i32),
        nix::sys::signal::Signal::SIGINT,
    )
    .unwrap();
    let status = runner.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    assert!(
        TcpStream::connect(address_of(&url)).is_err(),
        "PostgreSQL still answers at {url} after Ctrl-C: {}",
        String::from_utf8_lossy(&Command::new("ps").args(["-ef"]).output().unwrap().stdout)
    );
    assert_eq!(probed.left_in_tmp(), Vec::<String>::new());
    std::fs::write(probed.probes.path().join("release"), "").unwrap();
}

#[test]
fn without_a_source_the_exercise_is_skipped_in_one_sentence_and_the_rest_goes_on() {
    let probed = Probed::new();
    let env = [("BACKLINGS_SERVICE_SOURCES", "environment")];
    let run = probed.run(&["verify"], &env);
    run.expect_code(1)
        .expect_line("– uses_postgres", "skipped: needs postgres, and none could be provided: set BACKLINGS_POSTGRES_URL to a server's URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)")
        .expect_line("– uses_redis", "skipped: needs redis, and none could be provided")
        .expect_line("✓ plain", "")
        .expect_line("✓ portable_sql", "");
    assert_eq!(probed.probe("portable_sql"), "none");

    probed
        .run(&["services"], &env)
        .expect_code(1)
        .expect_stdout("✗ postgres: not available; the exercises that need it are skipped")
        .expect_stdout(
            "1. environment: passed over: neither BACKLINGS_POSTGRES_URL nor DATABASE_URL is set",
        )
        .expect_stdout(
            "2. local server: passed over: BACKLINGS_SERVICE_SOURCES=environment leaves it out",
        )
        .expect_stdout("needed by: uses_postgres");
}

#[test]
fn a_url_that_does_not_answer_is_named_and_the_next_source_is_tried() {
    let probed = Probed::new();
    probed
        .run(
            &["services"],
            &[
                ("BACKLINGS_REDIS_URL", "redis://127.0.0.1:1"),
                ("BACKLINGS_SERVICE_SOURCES", "environment,container"),
            ],
        )
        .expect_code(1)
        .expect_stdout("1. environment: passed over: BACKLINGS_REDIS_URL is redis://127.0.0.1:1, which does not answer: ")
        .expect_stdout("3. container: passed over: ");
}

#[cfg(unix)]
#[test]
fn a_local_server_that_fails_to_start_shows_the_end_of_its_log() {
    use std::os::unix::fs::PermissionsExt;

    let probed = Probed::new();
    let bin = tempfile::tempdir().unwrap();
    let fake = bin.path().join("redis-server");
    std::fs::write(
        &fake,
        "#!/bin/sh\necho 'starting up'\necho 'FATAL: config is unreadable' >&2\nexit 1\n",
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = probed.run(
        &["services"],
        &[("PATH", &path), ("BACKLINGS_SERVICE_SOURCES", "local")],
    );
    run.expect_code(1).expect_stdout(&format!(
        "2. local server: passed over: {} exited at start; its log ends with:\n      starting up\n      FATAL: config is unreadable",
        fake.display()
    ));
    assert_eq!(probed.left_in_tmp(), Vec::<String>::new());
}

/// Every SQL solution passes on PostgreSQL too, and the exercises that need PostgreSQL or
/// Redis pass with theirs, against this machine's servers.
#[test]
fn the_real_course_passes_on_postgresql_and_redis() {
    if !machine_servers_answer("this test") {
        return;
    }
    let root = repository_root();
    let course = backlings::course::Course::load(&root).unwrap();
    let names: Vec<&str> = course
        .exercises
        .iter()
        .filter(|e| !e.engines.is_empty() || !e.services.is_empty())
        .map(|e| e.name.as_str())
        .collect();
    assert!(names.len() >= 15, "{names:?}");
    let target = root.join("target").join("course-check");
    let mut args = vec!["--engine", "postgres", "dev", "check"];
    args.extend(&names);
    let run = run_backlings(
        &root,
        &args,
        &[
            ("CARGO_TARGET_DIR", target.to_str().unwrap()),
            ("BACKLINGS_POSTGRES_URL", MACHINE_POSTGRES),
            ("BACKLINGS_REDIS_URL", MACHINE_REDIS),
            ("BACKLINGS_SERVICE_SOURCES", "environment"),
            ("CI", "1"),
        ],
    );
    run.expect_code(0).expect_stdout(&format!(
        "The course is sound: {} exercises checked.",
        names.len()
    ));
}
