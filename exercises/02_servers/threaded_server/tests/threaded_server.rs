use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use threaded_server::serve;

const WAIT: Duration = Duration::from_secs(2);

/// Starts the learner's server on a free local port.
fn start() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let address = listener.local_addr().expect("local address");
    thread::Builder::new()
        .name("serve".to_string())
        .spawn(move || serve(listener))
        .expect("start the server thread");
    address
}

/// A response as the client read it.
#[derive(Debug, PartialEq)]
struct Response {
    status: u16,
    body: String,
}

/// A client connection that sends its request in as many parts as it likes.
struct Client {
    stream: TcpStream,
    sent: String,
}

impl Client {
    fn connect(address: SocketAddr) -> Client {
        let stream = TcpStream::connect(address).unwrap_or_else(|error| {
            panic!("\ncould not connect to the server at {address}: {error}\n(did serve return, or panic?)\n")
        });
        stream.set_read_timeout(Some(WAIT)).expect("set a timeout");
        Client {
            stream,
            sent: String::new(),
        }
    }

    fn send(&mut self, bytes: &str) {
        self.stream
            .write_all(bytes.as_bytes())
            .expect("send bytes to the server");
        self.sent.push_str(bytes);
    }

    /// Reads the whole response: the server closes the connection after it.
    fn response(&mut self) -> Result<Response, String> {
        let mut bytes = Vec::new();
        match self.stream.read_to_end(&mut bytes) {
            Ok(_) => {}
            Err(error) if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Err(format!(
                    "no complete response within 2 s (the server is still busy, or did not close \
                     the connection); received so far: {:?}",
                    String::from_utf8_lossy(&bytes)
                ));
            }
            Err(error) => return Err(format!("reading the response failed: {error}")),
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let status = text
            .strip_prefix("HTTP/1.1 ")
            .and_then(|rest| rest.get(..3))
            .and_then(|code| code.parse().ok())
            .ok_or_else(|| format!("{text:?} does not start with an HTTP/1.1 status line"))?;
        let (_, body) = text
            .split_once("\r\n\r\n")
            .ok_or_else(|| format!("{text:?} has no empty line after its head"))?;
        Ok(Response {
            status,
            body: body.to_string(),
        })
    }

    /// Reads the response and fails with a readable report unless it is `expected`.
    #[track_caller]
    fn expect(&mut self, status: u16, body: &str) {
        let expected = Ok(Response {
            status,
            body: body.to_string(),
        });
        let got = self.response();
        if got != expected {
            panic!(
                "\nsent:     {:?}\nexpected: {expected:?}\ngot:      {got:?}\n",
                self.sent
            );
        }
    }
}

/// Sends one whole request on a new connection and checks the response.
#[track_caller]
fn check(address: SocketAddr, request: &str, status: u16, body: &str) {
    let mut client = Client::connect(address);
    client.send(request);
    client.expect(status, body);
}

fn post_note(note: &str) -> String {
    format!(
        "POST /notes HTTP/1.1\r\nHost: notes.test\r\nContent-Length: {}\r\n\r\n{note}",
        note.len()
    )
}

const HELLO: &str = "GET /hello HTTP/1.1\r\nHost: notes.test\r\n\r\n";
const LIST: &str = "GET /notes HTTP/1.1\r\nHost: notes.test\r\n\r\n";

#[test]
fn answers_hello() {
    let address = start();
    check(address, HELLO, 200, "hello");
}

#[test]
fn answers_404_for_unknown_paths_and_methods() {
    let address = start();
    check(
        address,
        "GET /goodbye HTTP/1.1\r\nHost: notes.test\r\n\r\n",
        404,
        "not found",
    );
    check(
        address,
        "DELETE /notes HTTP/1.1\r\nHost: notes.test\r\n\r\n",
        404,
        "not found",
    );
}

#[test]
fn stores_and_lists_notes() {
    let address = start();
    check(address, LIST, 200, "");
    check(address, &post_note("buy oat milk"), 201, "note 1");
    check(address, &post_note("call the plumber"), 201, "note 2");
    check(address, LIST, 200, "buy oat milk\ncall the plumber");
}

#[test]
fn answers_400_to_a_malformed_request() {
    let address = start();
    check(address, "HELLO\r\n\r\n", 400, "bad request");
    check(address, HELLO, 200, "hello");
}

#[test]
fn serves_a_second_client_while_the_first_is_still_sending() {
    let address = start();
    let mut slow = Client::connect(address);
    slow.send("GET /hello HTTP/1.1\r\nHost: no");

    // The server is now waiting for the rest of the slow request. A server
    // that handles one connection at a time never gets to this one.
    let mut quick = Client::connect(address);
    quick.send(LIST);
    quick.expect(200, "");

    slow.send("tes.test\r\n\r\n");
    slow.expect(200, "hello");
}

#[test]
fn serves_many_half_finished_requests_in_any_order() {
    let address = start();
    let mut clients: Vec<Client> = (0..8)
        .map(|_| {
            let mut client = Client::connect(address);
            client.send("GET /hel");
            client
        })
        .collect();
    // Finish them last to first: each must be answered while all the
    // earlier ones are still waiting.
    while let Some(mut client) = clients.pop() {
        client.send("lo HTTP/1.1\r\nHost: notes.test\r\n\r\n");
        client.expect(200, "hello");
    }
}

#[test]
fn keeps_every_note_posted_at_the_same_time() {
    let address = start();
    let posters: Vec<_> = (1..=10)
        .map(|i| {
            thread::Builder::new()
                .name(format!("client {i}"))
                .spawn(move || {
                    let mut client = Client::connect(address);
                    client.send(&post_note(&format!("note from client {i:02}")));
                    (client.sent.clone(), client.response())
                })
                .expect("start a client thread")
        })
        .collect();
    let mut numbers = Vec::new();
    for poster in posters {
        let (sent, got) = poster.join().expect("a client thread panicked");
        let number = match &got {
            Ok(Response { status: 201, body }) => body
                .strip_prefix("note ")
                .and_then(|n| n.parse::<u32>().ok()),
            _ => None,
        };
        let Some(number) = number else {
            panic!(
                "\nsent:     {sent:?}\nexpected: a 201 response with body \"note N\"\ngot:      {got:?}\n"
            );
        };
        numbers.push(number);
    }
    numbers.sort();
    let expected: Vec<u32> = (1..=10).collect();
    if numbers != expected {
        panic!(
            "\nsent:     10 notes at the same time\nexpected: the responses number them 1 to 10, each number once\ngot:      the numbers {numbers:?}\n"
        );
    }

    let mut client = Client::connect(address);
    client.send(LIST);
    let got = client.response();
    let mut listed: Vec<String> = match &got {
        Ok(Response { status: 200, body }) => body.lines().map(str::to_string).collect(),
        _ => Vec::new(),
    };
    listed.sort();
    let expected: Vec<String> = (1..=10)
        .map(|i| format!("note from client {i:02}"))
        .collect();
    if listed != expected {
        panic!(
            "\nsent:     {LIST:?} after 10 notes posted at the same time\nexpected: 200 with these lines, in any order: {expected:?}\ngot:      {got:?}\n"
        );
    }
}

#[test]
fn keeps_serving_after_clients_that_misbehave() {
    let address = start();
    // A client that connects and leaves without a word.
    drop(Client::connect(address));
    // A client that leaves in the middle of its request.
    let mut quitter = Client::connect(address);
    quitter.send("POST /notes HTTP/1.1\r\nContent-Length: 50\r\n\r\nhalf");
    drop(quitter);
    check(address, HELLO, 200, "hello");
    check(address, LIST, 200, "");
}
