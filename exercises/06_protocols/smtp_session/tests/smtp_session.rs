use smtp_session::{Mail, Session};

const HOST: &str = "mx.backlings.test";

/// Plays a dialogue: each client line with the reply code expected for it
/// (`None` where no reply is due). On a mismatch, the report shows the
/// dialogue so far.
#[track_caller]
fn play(session: &mut Session, steps: &[(&str, Option<u16>)]) {
    let mut transcript = String::new();
    for &(line, expected) in steps {
        let got = session.handle_line(line);
        let got_code = got.as_ref().map(|reply| reply.code);
        transcript.push_str(&format!("C: {line}\n"));
        if got_code != expected {
            let expected = match expected {
                Some(code) => format!("a {code} reply"),
                None => "no reply".to_string(),
            };
            panic!("\ndialogue so far:\n{transcript}\nexpected: {expected}\ngot:      {got:?}\n");
        }
        if let Some(reply) = got {
            transcript.push_str(&format!("S: {}", reply));
        }
    }
}

/// A session that has already been greeted with EHLO.
fn greeted() -> Session {
    let mut session = Session::new(HOST);
    play(&mut session, &[("EHLO laptop.example.test", Some(250))]);
    session
}

#[track_caller]
fn check_received(session: &Session, expected: &[Mail]) {
    let got = session.received();
    if got != expected {
        panic!(
            "\nexpected received messages: {expected:#?}\ngot:                        {got:#?}\n"
        );
    }
}

fn mail(from: &str, to: &[&str], data: &str) -> Mail {
    Mail {
        from: from.to_string(),
        to: to.iter().map(|to| to.to_string()).collect(),
        data: data.to_string(),
    }
}

#[test]
fn answers_helo_and_ehlo_with_its_host_name() {
    for hello in ["HELO laptop.example.test", "EHLO laptop.example.test"] {
        let mut session = Session::new(HOST);
        let reply = session.handle_line(hello);
        let fine = reply
            .as_ref()
            .is_some_and(|reply| reply.code == 250 && reply.text.starts_with(HOST));
        if !fine {
            panic!(
                "\nsent:     {hello:?}\nexpected: a 250 reply whose text starts with {HOST:?}\ngot:      {reply:?}\n"
            );
        }
    }
}

#[test]
fn requires_a_domain_after_helo_and_ehlo() {
    let mut session = Session::new(HOST);
    play(
        &mut session,
        &[
            ("HELO", Some(501)),
            ("EHLO ", Some(501)),
            ("EHLO client.test", Some(250)),
        ],
    );
}

#[test]
fn receives_a_message() {
    let mut session = greeted();
    play(
        &mut session,
        &[
            ("MAIL FROM:<ada@example.test>", Some(250)),
            ("RCPT TO:<grace@backlings.test>", Some(250)),
            ("RCPT TO:<alan@backlings.test>", Some(250)),
            ("DATA", Some(354)),
            ("Subject: Lunch", None),
            ("", None),
            ("Noon at the usual place?", None),
            (".", Some(250)),
            ("QUIT", Some(221)),
        ],
    );
    check_received(
        &session,
        &[mail(
            "ada@example.test",
            &["grace@backlings.test", "alan@backlings.test"],
            "Subject: Lunch\r\n\r\nNoon at the usual place?\r\n",
        )],
    );
}

#[test]
fn removes_dot_stuffing() {
    let mut session = greeted();
    play(
        &mut session,
        &[
            ("MAIL FROM:<ada@example.test>", Some(250)),
            ("RCPT TO:<grace@backlings.test>", Some(250)),
            ("DATA", Some(354)),
            ("..", None),
            ("...and then", None),
            ("a line. With dots.", None),
            (". .", None),
            (".", Some(250)),
        ],
    );
    check_received(
        &session,
        &[mail(
            "ada@example.test",
            &["grace@backlings.test"],
            ".\r\n..and then\r\na line. With dots.\r\n .\r\n",
        )],
    );
}

#[test]
fn reads_commands_in_any_case() {
    let mut session = Session::new(HOST);
    play(
        &mut session,
        &[
            ("ehlo laptop.example.test", Some(250)),
            ("mail from:<ada@example.test>", Some(250)),
            ("Rcpt To:<grace@backlings.test>", Some(250)),
            ("data", Some(354)),
            ("QUIT", None),
            (".", Some(250)),
            ("noop", Some(250)),
            ("quit", Some(221)),
        ],
    );
    // In the text, "QUIT" is just a line of the message.
    check_received(
        &session,
        &[mail(
            "ada@example.test",
            &["grace@backlings.test"],
            "QUIT\r\n",
        )],
    );
}

#[test]
fn accepts_the_null_sender_spaces_and_parameters() {
    let mut session = greeted();
    play(
        &mut session,
        &[
            ("MAIL FROM:<> SIZE=1200", Some(250)),
            ("RCPT TO: <postmaster>", Some(250)),
            ("DATA", Some(354)),
            ("bounce", None),
            (".", Some(250)),
        ],
    );
    check_received(&session, &[mail("", &["postmaster"], "bounce\r\n")]);
}

#[test]
fn answers_503_to_commands_out_of_sequence() {
    let mut session = Session::new(HOST);
    play(
        &mut session,
        &[
            ("MAIL FROM:<ada@example.test>", Some(503)),
            ("RCPT TO:<grace@backlings.test>", Some(503)),
            ("DATA", Some(503)),
            ("HELO laptop.example.test", Some(250)),
            ("RCPT TO:<grace@backlings.test>", Some(503)),
            ("DATA", Some(503)),
            ("MAIL FROM:<ada@example.test>", Some(250)),
            ("DATA", Some(503)),
            ("MAIL FROM:<eve@example.test>", Some(503)),
            // The sequence is checked before the argument.
            ("MAIL nonsense", Some(503)),
        ],
    );
    check_received(&session, &[]);
}

#[test]
fn answers_501_to_bad_arguments() {
    let mut session = greeted();
    play(
        &mut session,
        &[
            ("MAIL", Some(501)),
            ("MAIL FROM:ada@example.test", Some(501)),
            ("MAIL TO:<ada@example.test>", Some(501)),
            ("MAIL FROM:<ada@example.test", Some(501)),
            ("MAIL FROM:<ada@example.test>", Some(250)),
            ("RCPT TO:<>", Some(501)),
            ("RCPT TO:", Some(501)),
            ("RCPT FROM:<grace@backlings.test>", Some(501)),
            ("RCPT TO:<grace@backlings.test>", Some(250)),
            ("RSET now", Some(501)),
            ("DATA please", Some(501)),
            ("DATA", Some(354)),
        ],
    );
}

#[test]
fn answers_500_to_unknown_commands() {
    let mut session = greeted();
    play(
        &mut session,
        &[
            ("HELLO there", Some(500)),
            ("", Some(500)),
            ("MAILFROM:<ada@example.test>", Some(500)),
            ("SEND FROM:<ada@example.test>", Some(500)),
        ],
    );
}

#[test]
fn rset_drops_the_transaction_but_keeps_the_greeting() {
    let mut session = greeted();
    play(
        &mut session,
        &[
            ("MAIL FROM:<ada@example.test>", Some(250)),
            ("RCPT TO:<grace@backlings.test>", Some(250)),
            ("RSET", Some(250)),
            ("DATA", Some(503)),
            ("MAIL FROM:<alan@example.test>", Some(250)),
            ("RCPT TO:<ada@backlings.test>", Some(250)),
            // HELO again also drops the transaction.
            ("HELO laptop.example.test", Some(250)),
            ("RCPT TO:<grace@backlings.test>", Some(503)),
        ],
    );
    check_received(&session, &[]);
}

#[test]
fn receives_several_messages_in_one_session() {
    let mut session = greeted();
    play(
        &mut session,
        &[
            ("MAIL FROM:<ada@example.test>", Some(250)),
            ("RCPT TO:<grace@backlings.test>", Some(250)),
            ("DATA", Some(354)),
            ("first", None),
            (".", Some(250)),
            ("MAIL FROM:<alan@example.test>", Some(250)),
            ("RCPT TO:<ada@backlings.test>", Some(250)),
            ("DATA", Some(354)),
            ("second", None),
            (".", Some(250)),
        ],
    );
    check_received(
        &session,
        &[
            mail("ada@example.test", &["grace@backlings.test"], "first\r\n"),
            mail("alan@example.test", &["ada@backlings.test"], "second\r\n"),
        ],
    );
}

#[test]
fn quit_closes_the_session() {
    let mut session = greeted();
    play(
        &mut session,
        &[("QUIT now", Some(501)), ("QUIT", Some(221))],
    );
    if !session.is_closed() {
        panic!(
            "\nsent:     \"QUIT\"\nexpected: the session is closed\ngot:      is_closed() is false\n"
        );
    }
    play(&mut session, &[("NOOP", None), ("EHLO again.test", None)]);
}

#[test]
fn rset_before_hello_is_not_a_greeting() {
    let mut session = Session::new(HOST);
    play(&mut session, &[("RSET", Some(250))]);
    let got = session.handle_line("MAIL FROM:<ada@example.test>");
    if got.as_ref().map(|reply| reply.code) != Some(503) {
        panic!(
            "\ndialogue so far:\nC: RSET\nS: 250\nC: MAIL FROM:<ada@example.test>\n\
             expected: a 503 reply\ngot:      {got:?}\n\
             RSET drops a transaction but does not greet: MAIL still needs HELO or EHLO first.\n"
        );
    }
}
