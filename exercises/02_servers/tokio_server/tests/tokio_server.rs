use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::time::timeout;

use tokio_server::serve;

const WAIT: Duration = Duration::from_secs(2);

/// The learner's server, running in a task of the test's runtime.
struct Server {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

async fn start() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a local port");
    let address = listener.local_addr().expect("local address");
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(serve(listener, async {
        let _ = stopped.await;
    }));
    Server {
        address,
        stop: Some(stop),
        task,
    }
}

#[derive(Debug, PartialEq)]
struct Response {
    status: u16,
    body: String,
}

/// An error with all its causes, e.g. "error sending request: ... Connection refused".
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text += &format!(": {cause}");
        source = cause.source();
    }
    text
}

/// Sends one request with reqwest.
async fn call(server: &Server, method: &str, path: &str, body: &str) -> Result<Response, String> {
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("build a reqwest client");
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a valid method");
    let request = client
        .request(method, format!("http://{}{path}", server.address))
        .body(body.to_string());
    let exchange = async {
        let response = request.send().await?;
        let status = response.status().as_u16();
        let body = response.text().await?;
        Ok::<_, reqwest::Error>(Response { status, body })
    };
    match timeout(WAIT, exchange).await {
        Ok(Ok(response)) => Ok(response),
        Ok(Err(error)) => Err(format!("the request failed: {}", chain(&error))),
        Err(_) => Err("no response within 2 s".to_string()),
    }
}

/// Sends one request and fails with a readable report unless the response is expected.
#[track_caller]
fn report(sent: &str, expected: (u16, &str), got: Result<Response, String>) {
    let expected = Ok(Response {
        status: expected.0,
        body: expected.1.to_string(),
    });
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

async fn check(server: &Server, method: &str, path: &str, body: &str, expected: (u16, &str)) {
    let got = call(server, method, path, body).await;
    report(
        &format!("{method} {path} with body {body:?}"),
        expected,
        got,
    );
}

/// A raw connection that sends its request in parts.
struct RawClient {
    stream: TcpStream,
    sent: String,
}

impl RawClient {
    async fn connect(server: &Server) -> RawClient {
        let stream = TcpStream::connect(server.address)
            .await
            .unwrap_or_else(|error| {
                panic!("\ncould not connect to the server at {}: {error}\n(did serve return, or panic?)\n", server.address)
            });
        RawClient {
            stream,
            sent: String::new(),
        }
    }

    async fn send(&mut self, bytes: &str) {
        self.stream
            .write_all(bytes.as_bytes())
            .await
            .expect("send bytes to the server");
        self.sent.push_str(bytes);
    }

    /// Reads until the server closes the connection, and checks the status and body.
    async fn expect(&mut self, status: u16, body: &str) {
        let mut bytes = Vec::new();
        let got = match timeout(WAIT, self.stream.read_to_end(&mut bytes)).await {
            Err(_) => Err(format!(
                "no complete response within 2 s (the server is busy or kept the connection open); received so far: {:?}",
                String::from_utf8_lossy(&bytes)
            )),
            Ok(Err(error)) => Err(format!("reading the response failed: {error}")),
            Ok(Ok(_)) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let status = text
                    .strip_prefix("HTTP/1.1 ")
                    .and_then(|rest| rest.get(..3))
                    .and_then(|code| code.parse().ok());
                match (status, text.split_once("\r\n\r\n")) {
                    (Some(status), Some((_, body))) => Ok(Response {
                        status,
                        body: body.to_string(),
                    }),
                    _ => Err(format!("{text:?} is not an HTTP/1.1 response")),
                }
            }
        };
        report(&format!("{:?}", self.sent), (status, body), got);
    }
}

#[tokio::test]
async fn answers_hello() {
    let server = start().await;
    check(&server, "GET", "/hello", "", (200, "hello")).await;
}

#[tokio::test]
async fn answers_404_for_unknown_paths_and_methods() {
    let server = start().await;
    check(&server, "GET", "/goodbye", "", (404, "not found")).await;
    check(&server, "DELETE", "/notes", "", (404, "not found")).await;
}

#[tokio::test]
async fn stores_and_lists_notes() {
    let server = start().await;
    check(&server, "GET", "/notes", "", (200, "")).await;
    check(
        &server,
        "POST",
        "/notes",
        "water the ferns",
        (201, "note 1"),
    )
    .await;
    check(
        &server,
        "POST",
        "/notes",
        "renew the domain",
        (201, "note 2"),
    )
    .await;
    let both = "water the ferns\nrenew the domain";
    check(&server, "GET", "/notes", "", (200, both)).await;
}

#[tokio::test]
async fn answers_400_to_a_malformed_request() {
    let server = start().await;
    let mut client = RawClient::connect(&server).await;
    client.send("HELLO\r\n\r\n").await;
    client.expect(400, "bad request").await;
    check(&server, "GET", "/hello", "", (200, "hello")).await;
}

#[tokio::test]
async fn serves_a_second_client_while_the_first_is_still_sending() {
    let server = start().await;
    let mut slow = RawClient::connect(&server).await;
    slow.send("GET /hello HTTP/1.1\r\nHost: no").await;

    // A server that awaits each connection before accepting the next one
    // never gets to this request.
    check(&server, "GET", "/notes", "", (200, "")).await;

    slow.send("tes.test\r\n\r\n").await;
    slow.expect(200, "hello").await;
}

#[tokio::test]
async fn serves_many_half_finished_requests_in_any_order() {
    let server = start().await;
    let mut clients = Vec::new();
    for _ in 0..20 {
        let mut client = RawClient::connect(&server).await;
        client.send("GET /hel").await;
        clients.push(client);
    }
    // Finish them last to first: each must be answered while all the
    // earlier ones are still waiting.
    while let Some(mut client) = clients.pop() {
        client.send("lo HTTP/1.1\r\nHost: notes.test\r\n\r\n").await;
        client.expect(200, "hello").await;
    }
}

#[tokio::test]
async fn keeps_every_note_posted_at_the_same_time() {
    let server = start().await;
    let posts: Vec<_> = (1..=20)
        .map(|i| {
            let client = reqwest::Client::builder()
                .no_proxy()
                .build()
                .expect("client");
            let url = format!("http://{}/notes", server.address);
            tokio::spawn(async move {
                let sent = format!("note number {i:02}");
                let got = timeout(WAIT, async {
                    let response = client.post(url).body(sent.clone()).send().await?;
                    let status = response.status().as_u16();
                    Ok::<_, reqwest::Error>((status, response.text().await?))
                })
                .await;
                (sent, got)
            })
        })
        .collect();
    let mut numbers: Vec<u32> = Vec::new();
    for post in posts {
        let (sent, got) = post.await.expect("a client task panicked");
        let number = match &got {
            Ok(Ok((201, body))) => body.strip_prefix("note ").and_then(|n| n.parse().ok()),
            _ => None,
        };
        let Some(number) = number else {
            panic!(
                "\nsent:     POST /notes with body {sent:?}\nexpected: a 201 response with body \"note N\"\ngot:      {got:?}\n"
            );
        };
        numbers.push(number);
    }
    numbers.sort();
    let expected: Vec<u32> = (1..=20).collect();
    if numbers != expected {
        panic!(
            "\nsent:     20 notes at the same time\nexpected: the responses number them 1 to 20, each number once\ngot:      the numbers {numbers:?}\n"
        );
    }
    let got = call(&server, "GET", "/notes", "").await;
    let mut listed: Vec<String> = match &got {
        Ok(Response { status: 200, body }) => body.lines().map(str::to_string).collect(),
        _ => Vec::new(),
    };
    listed.sort();
    let expected: Vec<String> = (1..=20).map(|i| format!("note number {i:02}")).collect();
    if listed != expected {
        panic!(
            "\nsent:     GET /notes after 20 notes posted at the same time\nexpected: 200 with these lines, in any order: {expected:?}\ngot:      {got:?}\n"
        );
    }
}

#[tokio::test]
async fn stops_accepting_after_shutdown() {
    let mut server = start().await;
    check(&server, "GET", "/hello", "", (200, "hello")).await;

    let _ = server.stop.take().expect("not stopped yet").send(());
    match timeout(WAIT, &mut server.task).await {
        Ok(Ok(Ok(()))) => {}
        Ok(Ok(Err(error))) => {
            panic!("\nafter the shutdown signal, serve returned an error: {error}\n")
        }
        Ok(Err(error)) => panic!("\nafter the shutdown signal, serve panicked: {error}\n"),
        Err(_) => panic!("\nserve did not return within 2 s after the shutdown signal\n"),
    }
    if let Ok(Ok(_)) = timeout(WAIT, TcpStream::connect(server.address)).await {
        panic!(
            "\nafter shutdown, a new connection to {} was still accepted; \
             serve must drop its listener when it returns\n",
            server.address
        );
    }
}

#[tokio::test]
async fn finishes_requests_in_flight_when_shutting_down() {
    let mut server = start().await;
    let mut slow = RawClient::connect(&server).await;
    slow.send("POST /notes HTTP/1.1\r\nContent-Length: 9\r\n\r\nlast")
        .await;
    // Make sure the server has accepted the slow client before it stops.
    check(&server, "GET", "/hello", "", (200, "hello")).await;

    let _ = server.stop.take().expect("not stopped yet").send(());
    if timeout(WAIT, &mut server.task).await.is_err() {
        panic!("\nserve did not return within 2 s after the shutdown signal\n");
    }
    slow.send(" note").await;
    slow.expect(201, "note 1").await;
}
