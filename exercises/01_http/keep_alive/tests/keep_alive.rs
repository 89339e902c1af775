use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::Duration;

use keep_alive::serve_connection;

const WAIT: Duration = Duration::from_secs(2);

/// One connection to the learner's `serve_connection`, seen from the client.
struct Client {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    /// What `serve_connection` returned, once it returns.
    finished: Receiver<std::io::Result<()>>,
    /// Everything sent so far, for the reports.
    sent: String,
}

/// A response as the client read it.
#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(field, _)| field.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// Starts `serve_connection` on a fresh connection over 127.0.0.1.
fn connect() -> Client {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let address = listener.local_addr().expect("local address");
    let (done, finished) = mpsc::channel();
    thread::Builder::new()
        .name("serve_connection".to_string())
        .spawn(move || {
            let (stream, _) = listener.accept().expect("accept the test connection");
            let _ = done.send(serve_connection(stream));
        })
        .expect("start the server thread");
    let writer = TcpStream::connect(address).expect("connect to the server");
    writer.set_read_timeout(Some(WAIT)).expect("set a timeout");
    let reader = BufReader::new(writer.try_clone().expect("clone the stream"));
    Client {
        reader,
        writer,
        finished,
        sent: String::new(),
    }
}

impl Client {
    fn send(&mut self, bytes: &str) {
        self.writer
            .write_all(bytes.as_bytes())
            .expect("send bytes to the server");
        self.sent.push_str(bytes);
    }

    /// Tells the server that the client will send nothing more.
    fn hang_up(&mut self) {
        self.writer
            .shutdown(Shutdown::Write)
            .expect("shut down the client side");
    }

    fn fail(&self, problem: &str) -> ! {
        panic!("\nsent:     {:?}\nproblem:  {problem}\n", self.sent);
    }

    fn read_line(&mut self, what: &str) -> String {
        let mut line = String::new();
        match self.reader.read_line(&mut line) {
            Ok(0) => self.fail(&format!(
                "the server closed the connection where the client expected {what}"
            )),
            Ok(_) if line.ends_with("\r\n") => {
                line.truncate(line.len() - 2);
                line
            }
            Ok(_) => self.fail(&format!(
                "{what} {line:?} does not end in CRLF, or the server closed the connection in its middle"
            )),
            Err(error) if is_timeout(&error) => self.fail(&format!(
                "the server sent nothing within 2 s where the client expected {what}"
            )),
            Err(error) if error.kind() == ErrorKind::ConnectionReset => self.fail(&format!(
                "the server dropped the connection (reset) where the client expected {what}"
            )),
            Err(error) => self.fail(&format!("reading {what} failed: {error}")),
        }
    }

    /// Reads the next response, with its body framed by Content-Length.
    fn response(&mut self) -> Response {
        let status_line = self.read_line("a status line");
        let status = status_line
            .strip_prefix("HTTP/1.1 ")
            .and_then(|rest| rest.get(..3))
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| self.fail(&format!("{status_line:?} is not a status line")));
        let mut headers = Vec::new();
        loop {
            let line = self.read_line("a header line");
            if line.is_empty() {
                break;
            }
            let (name, value) = line
                .split_once(':')
                .unwrap_or_else(|| self.fail(&format!("{line:?} is not a header field")));
            headers.push((name.to_string(), value.trim().to_string()));
        }
        let mut response = Response {
            status,
            headers,
            body: String::new(),
        };
        let length: usize = response
            .header("Content-Length")
            .and_then(|value| value.parse().ok())
            .unwrap_or_else(|| self.fail(&format!("{response:?} has no valid Content-Length")));
        let mut body = vec![0; length];
        if let Err(error) = self.reader.read_exact(&mut body) {
            self.fail(&format!(
                "reading a body of {length} bytes failed ({error}) in {response:?}"
            ));
        }
        response.body = String::from_utf8_lossy(&body).into_owned();
        response
    }

    /// Reads a response and checks its status, body and Connection field.
    #[track_caller]
    fn expect(&mut self, body: &str, connection: Option<&str>) {
        let got = self.response();
        let fine = got.status == 200
            && got.body == body
            && got.header("Connection").map(str::to_ascii_lowercase)
                == connection.map(str::to_ascii_lowercase);
        if !fine {
            panic!(
                "\nsent:     {:?}\nexpected: a 200 response with body {body:?} and Connection field {connection:?}\ngot:      {got:?}\n",
                self.sent
            );
        }
    }

    /// Checks that the server closed the connection and that
    /// `serve_connection` returned `Ok(())`.
    #[track_caller]
    fn expect_closed(&mut self) {
        let mut rest = Vec::new();
        match self.reader.read_to_end(&mut rest) {
            Ok(_) if rest.is_empty() => {}
            Ok(_) => self.fail(&format!(
                "the client expected the connection to close, but the server sent more: {:?}",
                String::from_utf8_lossy(&rest)
            )),
            Err(error) if is_timeout(&error) => self.fail(
                "the client expected the server to close the connection, but it was still open 2 s later",
            ),
            Err(error) => self.fail(&format!("reading to the end failed: {error}")),
        }
        self.expect_returned();
    }

    #[track_caller]
    fn expect_returned(&self) {
        match self.finished.recv_timeout(WAIT) {
            Ok(Ok(())) => {}
            Ok(Err(error)) => self.fail(&format!(
                "serve_connection returned an error instead of Ok(()): {error}"
            )),
            Err(_) => self.fail(
                "serve_connection did not return Ok(()) within 2 s after the connection ended (or it panicked)",
            ),
        }
    }
}

fn is_timeout(error: &std::io::Error) -> bool {
    matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)
}

fn get(target: &str) -> String {
    format!("GET {target} HTTP/1.1\r\nHost: example.test\r\n\r\n")
}

#[test]
fn answers_a_single_request() {
    let mut client = connect();
    client.send(&get("/hello"));
    client.expect("GET /hello", None);
}

#[test]
fn answers_requests_one_after_another_on_one_connection() {
    let mut client = connect();
    for target in ["/first", "/second", "/third"] {
        client.send(&get(target));
        client.expect(&format!("GET {target}"), None);
    }
}

#[test]
fn accepts_a_request_that_arrives_in_pieces() {
    let mut client = connect();
    client.send("GET /slow HT");
    client.send("TP/1.1\r\nHost: exa");
    client.send("mple.test\r\n");
    client.send("\r\n");
    client.expect("GET /slow", None);
}

#[test]
fn answers_pipelined_requests_in_order() {
    let mut client = connect();
    client.send(&format!("{}{}{}", get("/a"), get("/b"), get("/c")));
    client.expect("GET /a", None);
    client.expect("GET /b", None);
    client.expect("GET /c", None);
}

#[test]
fn reads_each_body_by_content_length() {
    let mut client = connect();
    client.send(
        "POST /notes HTTP/1.1\r\nHost: example.test\r\nContent-Length: 11\r\n\r\nbuy milkGET\
         PUT /notes/1 HTTP/1.1\r\nHost: example.test\r\nContent-Length: 4\r\n\r\ndone\
         GET /notes HTTP/1.1\r\nHost: example.test\r\n\r\n",
    );
    client.expect("POST /notes: buy milkGET", None);
    client.expect("PUT /notes/1: done", None);
    client.expect("GET /notes", None);
}

#[test]
fn closes_after_a_request_with_connection_close() {
    let mut client = connect();
    client.send(&get("/stay"));
    client.expect("GET /stay", None);
    client.send("GET /bye HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n");
    client.expect("GET /bye", Some("close"));
    client.expect_closed();
}

#[test]
fn finds_close_in_a_list_of_options_in_any_case() {
    let mut client = connect();
    client.send("GET /a HTTP/1.1\r\nConnection: upgrade-not-really\r\n\r\n");
    client.expect("GET /a", None);
    client.send("GET /b HTTP/1.1\r\nConnection: TE,  Close \r\n\r\n");
    client.expect("GET /b", Some("close"));
    client.expect_closed();
}

#[test]
fn closes_http_1_0_connections_by_default() {
    let mut client = connect();
    client.send("GET /old HTTP/1.0\r\n\r\n");
    client.expect("GET /old", Some("close"));
    client.expect_closed();
}

#[test]
fn keeps_http_1_0_connections_open_when_asked() {
    let mut client = connect();
    client.send("GET /a HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n");
    client.expect("GET /a", Some("keep-alive"));
    client.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    client.expect("GET /b", Some("keep-alive"));
    client.send("GET /c HTTP/1.0\r\n\r\n");
    client.expect("GET /c", Some("close"));
    client.expect_closed();
}

#[test]
fn returns_when_the_client_hangs_up_between_requests() {
    let mut client = connect();
    client.send(&get("/last"));
    client.hang_up();
    client.expect("GET /last", None);
    client.expect_closed();
}

#[test]
fn returns_when_the_client_hangs_up_in_the_middle_of_a_request() {
    let mut client = connect();
    client.send("POST /notes HTTP/1.1\r\nContent-Length: 100\r\n\r\nonly a few bytes");
    client.hang_up();
    client.expect_closed();

    let mut client = connect();
    client.send("GET /half HTTP/1.1\r\nHost: exa");
    client.hang_up();
    client.expect_closed();
}

#[test]
fn answers_400_and_closes_after_a_malformed_request() {
    for request in [
        "HELLO\r\n\r\n",
        "GET /a HTTP/2.0\r\n\r\n",
        "GET /a HTTP/1.1\r\nno colon\r\n\r\n",
        "POST /a HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
    ] {
        let mut client = connect();
        client.send(request);
        let got = client.response();
        if got.status != 400 {
            panic!(
                "\nsent:     {request:?}\nexpected: a 400 response, then the connection closed\ngot:      {got:?}\n"
            );
        }
        client.expect_closed();
    }
}
