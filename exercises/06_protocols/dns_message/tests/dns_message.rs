use dns_message::{
    CLASS_IN, DnsError, Flags, Header, Message, Question, TYPE_A, TYPE_AAAA, TYPE_MX, TYPE_NS,
    TYPE_TXT, parse_header, parse_message, read_name,
};

/// Bytes as hex, for readable reports.
fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A 12-byte header.
fn header(id: u16, flags: u16, counts: [u16; 4]) -> Vec<u8> {
    let mut bytes = Vec::new();
    bytes.extend_from_slice(&id.to_be_bytes());
    bytes.extend_from_slice(&flags.to_be_bytes());
    for count in counts {
        bytes.extend_from_slice(&count.to_be_bytes());
    }
    bytes
}

/// A name in wire form, without compression: "." is the root.
fn name(dotted: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    for label in dotted.split('.').filter(|label| !label.is_empty()) {
        bytes.push(label.len() as u8);
        bytes.extend_from_slice(label.as_bytes());
    }
    bytes.push(0);
    bytes
}

/// A question in wire form.
fn question(dotted: &str, qtype: u16, qclass: u16) -> Vec<u8> {
    let mut bytes = name(dotted);
    bytes.extend_from_slice(&qtype.to_be_bytes());
    bytes.extend_from_slice(&qclass.to_be_bytes());
    bytes
}

fn q(name: &str, qtype: u16) -> Question {
    Question {
        name: name.to_string(),
        qtype,
        qclass: CLASS_IN,
    }
}

/// The flags of a plain query asking for recursion.
const QUERY_RD: u16 = 0x0100;

#[track_caller]
fn check_header(sent: &[u8], expected: Result<Header, DnsError>) {
    let got = parse_header(sent);
    if got != expected {
        panic!(
            "\nsent:     {}\nexpected: {expected:?}\ngot:      {got:?}\n",
            hex(sent)
        );
    }
}

#[track_caller]
fn check_message(sent: &[u8], expected: Result<Message, DnsError>) {
    let got = parse_message(sent);
    if got != expected {
        panic!(
            "\nsent:     {}\nexpected: {expected:?}\ngot:      {got:?}\n",
            hex(sent)
        );
    }
}

#[track_caller]
fn check_name(sent: &[u8], start: usize, expected: Result<(&str, usize), DnsError>) {
    let got = read_name(sent, start);
    let expected = expected.map(|(name, end)| (name.to_string(), end));
    if got != expected {
        panic!(
            "\nsent:     {}\nstart:    {start}\nexpected: {expected:?}\ngot:      {got:?}\n",
            hex(sent)
        );
    }
}

#[test]
fn reads_the_id_and_the_counts() {
    check_header(
        &header(0xbeef, 0, [1, 2, 3, 4]),
        Ok(Header {
            id: 0xbeef,
            flags: Flags::default(),
            question_count: 1,
            answer_count: 2,
            authority_count: 3,
            additional_count: 4,
        }),
    );
}

#[test]
fn decodes_the_flag_bits() {
    let query = Flags {
        recursion_desired: true,
        ..Flags::default()
    };
    check_header(
        &header(7, QUERY_RD, [1, 0, 0, 0]),
        Ok(Header {
            id: 7,
            flags: query,
            question_count: 1,
            ..Header::default()
        }),
    );
    // QR, opcode 2, AA, TC, RD, RA, the Z bits (ignored), rcode 3: 1001 0111 1111 0011.
    let everything = Flags {
        response: true,
        opcode: 2,
        authoritative: true,
        truncated: true,
        recursion_desired: true,
        recursion_available: true,
        rcode: 3,
    };
    check_header(
        &header(8, 0b1001_0111_1111_0011, [0; 4]),
        Ok(Header {
            id: 8,
            flags: everything,
            ..Header::default()
        }),
    );
}

#[test]
fn rejects_a_header_shorter_than_12_bytes() {
    let whole = header(1, QUERY_RD, [1, 0, 0, 0]);
    for end in 0..12 {
        check_header(&whole[..end], Err(DnsError::Truncated));
    }
}

#[test]
fn parses_a_question() {
    let mut sent = header(0x1234, QUERY_RD, [1, 0, 0, 0]);
    sent.extend(question("api.backlings.test", TYPE_AAAA, CLASS_IN));
    check_message(
        &sent,
        Ok(Message {
            header: Header {
                id: 0x1234,
                flags: Flags {
                    recursion_desired: true,
                    ..Flags::default()
                },
                question_count: 1,
                ..Header::default()
            },
            questions: vec![q("api.backlings.test", TYPE_AAAA)],
        }),
    );
    check_name(&sent, 12, Ok(("api.backlings.test", 32)));
}

#[test]
fn reads_the_root_name_as_a_dot() {
    let mut sent = header(2, 0, [1, 0, 0, 0]);
    sent.extend(question(".", TYPE_NS, CLASS_IN));
    check_name(&sent, 12, Ok((".", 13)));
    check_message(
        &sent,
        Ok(Message {
            header: Header {
                id: 2,
                question_count: 1,
                ..Header::default()
            },
            questions: vec![q(".", TYPE_NS)],
        }),
    );
}

#[test]
fn parses_every_question_and_ignores_what_follows() {
    let mut sent = header(3, QUERY_RD, [3, 1, 0, 0]);
    sent.extend(question("mail.shop.test", TYPE_MX, CLASS_IN));
    sent.extend(question("shop.test", TYPE_TXT, CLASS_IN));
    sent.extend(question("_sip._tcp.shop-2.test", TYPE_A, 3));
    // The start of an answer record, which this parser does not read.
    sent.extend([0xc0, 0x0c, 0x00, 0x0f, 0xff, 0xff]);
    check_message(
        &sent,
        Ok(Message {
            header: Header {
                id: 3,
                flags: Flags {
                    recursion_desired: true,
                    ..Flags::default()
                },
                question_count: 3,
                answer_count: 1,
                ..Header::default()
            },
            questions: vec![
                q("mail.shop.test", TYPE_MX),
                q("shop.test", TYPE_TXT),
                Question {
                    name: "_sip._tcp.shop-2.test".to_string(),
                    qtype: TYPE_A,
                    qclass: 3,
                },
            ],
        }),
    );
}

#[test]
fn reports_truncation_anywhere_in_the_questions() {
    let mut whole = header(4, QUERY_RD, [2, 0, 0, 0]);
    whole.extend(question("a.example.test", TYPE_A, CLASS_IN));
    whole.extend(question("b.example.test", TYPE_A, CLASS_IN));
    for end in 12..whole.len() {
        check_message(&whole[..end], Err(DnsError::Truncated));
    }
    // A count that promises more questions than the message holds.
    let mut sent = header(5, QUERY_RD, [0xffff, 0, 0, 0]);
    sent.extend(question("example.test", TYPE_A, CLASS_IN));
    check_message(&sent, Err(DnsError::Truncated));
}

#[test]
fn rejects_reserved_label_types() {
    for length in [0x40, 0x7f, 0x80, 0xbf] {
        let mut sent = header(6, 0, [1, 0, 0, 0]);
        sent.push(length);
        sent.extend([b'a'; 70]);
        sent.extend([0, 0, 1, 0, 1]);
        check_message(&sent, Err(DnsError::ReservedLabelType));
    }
}

#[test]
fn rejects_labels_with_invalid_bytes() {
    for label in [&b"my host"[..], b"a.b", b"caf\xc3\xa9", b"tab\t", b"\0"] {
        let mut sent = header(7, 0, [1, 0, 0, 0]);
        sent.push(label.len() as u8);
        sent.extend_from_slice(label);
        sent.extend([0, 0, 1, 0, 1]);
        check_message(&sent, Err(DnsError::InvalidLabel));
    }
}

#[test]
fn limits_names_to_255_bytes() {
    let a = "a".repeat(63);
    let b = "b".repeat(61);
    // 3 * (1 + 63) + (1 + 61) + 1 = 255 bytes: the longest name allowed.
    let longest = format!("{a}.{a}.{a}.{b}");
    let sent = name(&longest);
    check_name(&sent, 0, Ok((&longest, 255)));
    // One more byte in the last label makes 256.
    let too_long = format!("{a}.{a}.{a}.{b}c");
    check_name(&name(&too_long), 0, Err(DnsError::NameTooLong));
}

#[test]
fn follows_compression_pointers() {
    let mut sent = header(9, QUERY_RD, [2, 0, 0, 0]);
    sent.extend(question("backlings.test", TYPE_A, CLASS_IN));
    // "www" then a pointer to offset 12, where "backlings.test" starts.
    let second = sent.len();
    sent.extend([3, b'w', b'w', b'w', 0xc0, 12]);
    sent.extend([0, 28, 0, 1]);
    check_name(&sent, second, Ok(("www.backlings.test", second + 6)));
    check_message(
        &sent,
        Ok(Message {
            header: Header {
                id: 9,
                flags: Flags {
                    recursion_desired: true,
                    ..Flags::default()
                },
                question_count: 2,
                ..Header::default()
            },
            questions: vec![
                q("backlings.test", TYPE_A),
                q("www.backlings.test", TYPE_AAAA),
            ],
        }),
    );
}

#[test]
fn rejects_pointers_that_do_not_point_backwards() {
    let mut sent = header(10, 0, [1, 0, 0, 0]);
    // At 12: a pointer to itself.
    sent.extend([0xc0, 12]);
    check_name(&sent, 12, Err(DnsError::BadPointer));
    // At 14: "x" then a pointer forward to 20.
    sent.extend([1, b'x', 0xc0, 20]);
    check_name(&sent, 14, Err(DnsError::BadPointer));
    // At 18: a pointer back to 14, whose pointer then goes forward to 20:
    // a jump must go before the place of the previous jump.
    sent.extend([0xc0, 14]);
    check_name(&sent, 18, Err(DnsError::BadPointer));
    // At 20: "y" and a pointer back to 12, where the pointer to 12 loops.
    sent.extend([1, b'y', 0xc0, 12]);
    check_name(&sent, 20, Err(DnsError::BadPointer));
}

#[test]
fn reads_all_four_bits_of_opcode_and_rcode() {
    // Opcode 15 and rcode 15, every other bit clear: 0111 1000 0000 1111.
    let sent = header(10, 0b0111_1000_0000_1111, [0; 4]);
    let got = parse_header(&sent).map(|header| (header.flags.opcode, header.flags.rcode));
    if got != Ok((15, 15)) {
        panic!(
            "\nsent:     {}\nexpected: (opcode, rcode) Ok((15, 15))\ngot:      {got:?}\n\
             OPCODE is the 4 bits after QR, RCODE the last 4 bits: mask them with 0xF.\n",
            hex(&sent)
        );
    }
}

#[test]
fn ends_a_name_after_its_first_pointer_even_when_pointers_chain() {
    let mut sent = header(11, QUERY_RD, [0; 4]);
    sent.extend(name("backlings.test")); // at 12
    let www = sent.len();
    sent.extend([3, b'w', b'w', b'w', 0xc0, 12]); // "www" -> "backlings.test"
    let alias = sent.len();
    sent.extend([0xc0, www as u8]); // a pointer to a name that ends in a pointer
    sent.extend([0, 1, 0, 1]);
    let got = read_name(&sent, alias);
    let expected = Ok(("www.backlings.test".to_string(), alias + 2));
    if got != expected {
        panic!(
            "\nsent:     {}\nstart:    {alias}\nexpected: {expected:?}\ngot:      {got:?}\n\
             The name ends after the FIRST pointer it meets, not after the last one of the chain.\n",
            hex(&sent)
        );
    }
}
