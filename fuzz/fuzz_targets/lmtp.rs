//! One LMTP session: bytes in → replies out, against a fake sink standing
//! in for the writer (it answers every recipient and keeps what it got).
//! Properties: no panic and the session ends; every reply line is a
//! well-formed reply; a body sent dot-stuffed arrives as it was written.

#![no_main]

use std::sync::atomic::AtomicU16;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use pwingest::fixes::Fixes;
use pwingest::lmtp::{Delivery, Limits, Session, Shared};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::{mpsc, watch};

const MAX_SIZE: usize = 4096;
const MAX_LINE: usize = 200;

/// Runs a session over `input`; returns its replies and the bodies delivered.
fn session(input: &[u8]) -> (Vec<u8>, Vec<Vec<u8>>) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .expect("runtime");
    rt.block_on(async {
        let (deliveries, mut sink) = mpsc::channel::<Delivery>(4);
        let got = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&got);
        tokio::spawn(async move {
            while let Some(d) = sink.recv().await {
                kept.lock().unwrap().push(d.raw);
                let _ = d
                    .reply
                    .send(vec!["250 2.0.0 fake".into(); d.recipients.len()]);
            }
        });
        let shared = Arc::new(Shared {
            limits: Limits {
                max_message_size: MAX_SIZE,
                max_recipients: 5,
                max_line_length: MAX_LINE,
                idle_timeout: Duration::from_secs(5),
                session_timeout: Duration::from_secs(60),
                max_errors: 20,
            },
            hostname: "fuzz".into(),
            deliveries,
            fixes: Arc::new(AtomicU16::new(Fixes::NONE.bits())),
        });
        let (_stop, stopped) = watch::channel(false);
        let (server, mut client) = tokio::io::duplex(1 << 16);
        let run = tokio::spawn(Session::new(server, shared, stopped).run());
        let (mut read, mut write) = tokio::io::split(&mut client);
        let send = async {
            let _ = write.write_all(input).await;
            let _ = write.shutdown().await;
        };
        let mut out = Vec::new();
        let receive = read.read_to_end(&mut out);
        let (_, _) = tokio::join!(send, receive);
        let _ = run.await;
        let bodies = std::mem::take(&mut *got.lock().unwrap());
        (out, bodies)
    })
}


fuzz_target!(|data: &[u8]| {
    let (replies, _) = session(data);
    for line in replies.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let ok = line.len() >= 5
            && line[..3].iter().all(u8::is_ascii_digit)
            && matches!(line[3], b' ' | b'-')
            && line.ends_with(b"\r");
        assert!(ok, "malformed reply {:?}", String::from_utf8_lossy(line));
    }

    // Dot-stuffing round trip: the input's lines as a message body.
    let lines: Vec<&[u8]> = data
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| !l.contains(&b'\r'))
        .collect();
    let expected: Vec<u8> = lines
        .iter()
        .flat_map(|l| l.iter().copied().chain([b'\n']))
        .collect();
    let mut wire = b"LHLO x\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n".to_vec();
    wire.extend(pwingest::lmtp::dot_stuff(&expected));
    wire.extend(b"QUIT\r\n");
    let (replies, bodies) = session(&wire);
    let fits =
        expected.len() + lines.len() <= MAX_SIZE && lines.iter().all(|l| l.len() <= MAX_LINE);
    if fits {
        assert_eq!(
            bodies,
            vec![expected],
            "{}",
            String::from_utf8_lossy(&replies)
        );
    } else {
        assert!(bodies.is_empty());
    }
});
