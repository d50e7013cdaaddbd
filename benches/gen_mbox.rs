//! A deterministic generator of realistic mailing-list traffic, written as
//! an mboxrd file for the benchmark smoke run (`benches/run.sh --smoke`).
//!
//! ```text
//! cargo bench --bench gen_mbox -- COUNT OUT.mbox [--seed N]
//! ```
//!
//! It owns only the shape of the traffic: series with cover letters, v2s in
//! reply to the v1 cover, replies carrying Acked-by/Reviewed-by/Tested-by,
//! unthreaded patch series, single patches, pull requests, plain
//! discussions, quoted-printable and base64 bodies, legacy charsets
//! (ISO-8859-1, KOI8-R, windows-1252, Shift_JIS), patches as attachments and
//! HTML alternatives. The MIME is written by `lettre`, independently of our
//! own parser, so the benchmark does not feed pwingest its own output.
//! Same COUNT and seed → the same bytes.

use std::io::{BufWriter, Write};
use std::time::{Duration, UNIX_EPOCH};

use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Body, Mailbox, Message, MessageBuilder, MultiPart, SinglePart};

/// splitmix64: tiny, deterministic, good enough for picking shapes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const PEOPLE: &[(&str, &str)] = &[
    ("Petr Vorel", "pvorel@example.cz"),
    ("Cyril Hrubis", "chrubis@example.cz"),
    ("Li Wang", "liwang@example.com"),
    ("Jan Stancek", "jstancek@example.com"),
    ("Andrea Cervesato", "andrea.cervesato@example.com"),
    ("Martin Doucha", "mdoucha@example.cz"),
    ("José García", "jgarcia@example.es"),
    ("Jörg Müller", "jmueller@example.de"),
    ("Дмитрий Иванов", "divanov@example.ru"),
    ("山田 太郎", "yamada@example.jp"),
    ("Zhao Gongyi", "zhaogongyi@example.cn"),
    ("Richard Palethorpe", "rpalethorpe@example.com"),
    ("", "bot@ci.example.org"),
];

const LISTS: &[(&str, &str)] = &[
    ("ltp.lists.example.org", "ltp@lists.example.org"),
    ("netdev.vger.example.org", "netdev@vger.example.org"),
];

const AREAS: &[&str] = &[
    "syscalls/madvise",
    "lib/tst_test",
    "fs/read_all",
    "net/ipsec",
    "kernel/mem",
    "cve/cve-2021-3444",
    "controllers/cgroup",
    "doc",
];
const VERBS: &[&str] = &[
    "Fix", "Add", "Remove", "Rewrite", "Convert", "Cleanup", "Refactor", "Use",
];
const OBJECTS: &[&str] = &[
    "error handling",
    "a test for EINVAL",
    "the new API",
    "TCONF on old kernels",
    "a race in setup",
    "docparse comments",
    "SAFE_* macros",
    "the 32-bit compat path",
];
const WORDS: &[&str] = &[
    "the", "test", "kernel", "fails", "when", "buffer", "is", "mapped", "with", "flags", "so",
    "we", "check", "return", "value", "and", "skip", "on", "older", "systems", "because", "the",
    "syscall", "was", "added", "later",
];
/// Legacy charsets and text that needs them.
const CHARSETS: &[(&str, &str)] = &[
    ("iso-8859-1", "Grüße aus Köln, ça marche très bien."),
    ("koi8-r", "Привет, патч выглядит хорошо."),
    ("windows-1252", "It’s fine — “thanks” for the fix."),
    ("shift_jis", "パッチをありがとうございます。"),
    ("utf-8", "Tested on 日本語 and émoji 🎉 systems."),
];

struct Gen {
    rng: Rng,
    out: BufWriter<std::fs::File>,
    written: usize,
    limit: usize,
    clock: u64,
    serial: u64,
}

/// What a reply needs to thread under a message.
#[derive(Clone)]
struct Sent {
    msgid: String,
    refs: Vec<String>,
    subject: String,
    body: String,
}

impl Gen {
    fn full(&self) -> bool {
        self.written >= self.limit
    }

    fn msgid(&mut self, who: &str) -> String {
        self.serial += 1;
        let domain = who.split('@').nth(1).unwrap_or("example.org");
        format!(
            "<{}.{:x}-{}@{}>",
            20200101 + self.serial / 97,
            self.rng.next() & 0xffff_ffff,
            self.serial,
            domain
        )
    }

    fn person(&mut self) -> (&'static str, &'static str) {
        *self.rng.pick(PEOPLE)
    }

    fn sentence(&mut self, words: u64) -> String {
        let n = self.rng.range(words / 2 + 1, words);
        let s: Vec<&str> = (0..n).map(|_| *self.rng.pick(WORDS)).collect();
        let joined = s.join(" ");
        joined[..1].to_uppercase() + &joined[1..] + "."
    }

    fn paragraph(&mut self) -> String {
        let n = self.rng.range(1, 4);
        let text = (0..n)
            .map(|_| self.sentence(14))
            .collect::<Vec<_>>()
            .join(" ");
        wrap(&text, 72)
    }

    /// A `git format-patch` body: message, trailers, diffstat, diff.
    fn patch_body(&mut self, author: (&str, &str), file: &str) -> String {
        let mut b = String::new();
        b.push_str(&self.paragraph());
        b.push_str("\n\n");
        if self.rng.chance(5) {
            b.push_str("From the man page: the call may fail with EINVAL.\n\n");
        }
        b.push_str(&format!(
            "Signed-off-by: {} <{}>\n---\n",
            author.0, author.1
        ));
        let hunks = self.rng.range(1, 6);
        let mut diff = String::new();
        let (mut added, mut removed) = (0, 0);
        diff.push_str(&format!(
            "diff --git a/{file} b/{file}\nindex {:07x}..{:07x} 100644\n--- a/{file}\n+++ b/{file}\n",
            self.rng.next() & 0xfff_ffff,
            self.rng.next() & 0xfff_ffff
        ));
        let mut line = self.rng.range(5, 40);
        for _ in 0..hunks {
            let (minus, plus) = (self.rng.range(0, 6), self.rng.range(1, 12));
            diff.push_str(&format!(
                "@@ -{line},{} +{line},{} @@ static int setup(void)\n",
                minus + 6,
                plus + 6
            ));
            for _ in 0..3 {
                diff.push_str(&format!(" \t{}\n", self.sentence(6).to_lowercase()));
            }
            for _ in 0..minus {
                diff.push_str(&format!("-\tSAFE_CALL({});\n", self.rng.pick(WORDS)));
            }
            for _ in 0..plus {
                diff.push_str(&format!(
                    "+\tTST_EXP_PASS({}, \"{}\");\n",
                    self.rng.pick(WORDS),
                    self.rng.pick(WORDS)
                ));
            }
            for _ in 0..3 {
                diff.push_str(" \treturn 0;\n");
            }
            added += plus;
            removed += minus;
            line += self.rng.range(20, 120);
        }
        b.push_str(&format!(
            " {file} | {} {}\n 1 file changed, {added} insertions(+), {removed} deletions(-)\n\n",
            added + removed,
            "+".repeat(added as usize)
        ));
        b.push_str(&diff);
        b.push_str("-- \n2.43.0\n");
        b
    }

    fn quote(body: &str, lines: usize) -> String {
        body.lines()
            .take(lines)
            .map(|l| {
                if l.is_empty() {
                    ">\n".to_string()
                } else {
                    format!("> {l}\n")
                }
            })
            .collect()
    }

    fn base(
        &mut self,
        from: (&str, &str),
        list: (&str, &str),
        subject: &str,
        parent: Option<&Sent>,
    ) -> (MessageBuilder, Sent) {
        self.clock += self.rng.range(20, 3600);
        let msgid = self.msgid(from.1);
        let mailbox = Mailbox::new(
            (!from.0.is_empty()).then(|| from.0.to_string()),
            from.1.parse().expect("address"),
        );
        let mut m = Message::builder()
            .from(mailbox)
            .to(list.1.parse().expect("list address"))
            .date(UNIX_EPOCH + Duration::from_secs(1_577_836_800 + self.clock))
            .message_id(Some(msgid.clone()))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Id"),
                format!("<{}>", list.0),
            ));
        let mut refs = Vec::new();
        if let Some(p) = parent {
            refs = p.refs.clone();
            refs.push(p.msgid.clone());
            m = m.in_reply_to(p.msgid.clone()).references(refs.join(" "));
        }
        m = m.subject(subject);
        let sent = Sent {
            msgid,
            refs,
            subject: subject.to_string(),
            body: String::new(),
        };
        (m, sent)
    }

    /// A text body in one of the transfer encodings, sometimes a legacy charset.
    fn text_part(&mut self, body: &str, patchy: bool) -> SinglePart {
        let roll = self.rng.below(100);
        let (charset, cte) = match roll {
            0..=59 => (
                "utf-8",
                if patchy {
                    ContentTransferEncoding::SevenBit
                } else {
                    ContentTransferEncoding::EightBit
                },
            ),
            60..=74 => ("utf-8", ContentTransferEncoding::QuotedPrintable),
            75..=84 => ("utf-8", ContentTransferEncoding::Base64),
            _ => (
                self.rng.pick(CHARSETS).0,
                if self.rng.chance(50) {
                    ContentTransferEncoding::QuotedPrintable
                } else {
                    ContentTransferEncoding::Base64
                },
            ),
        };
        let mut text = body.to_string();
        let body = if charset == "utf-8" {
            if cte != ContentTransferEncoding::SevenBit && self.rng.chance(40) {
                text.push_str(&format!("\n{}\n", CHARSETS[4].1));
            }
            encoded(text.into_bytes(), cte)
        } else {
            let sample = CHARSETS.iter().find(|c| c.0 == charset).map_or("", |c| c.1);
            text.push_str(&format!("\n{sample}\n"));
            let enc = encoding_rs::Encoding::for_label(charset.as_bytes()).expect("charset");
            encoded(enc.encode(&text).0.into_owned(), cte)
        };
        SinglePart::builder()
            .header(
                ContentType::parse(&format!("text/plain; charset={charset}"))
                    .expect("content type"),
            )
            .body(body)
    }

    fn write(&mut self, m: Message) {
        let mut raw = m.formatted();
        raw.retain(|&b| b != b'\r'); // mbox on disk: LF line ends
        let out = &mut self.out;
        out.write_all(b"From mboxrd@z Thu Jan  1 00:00:00 1970\n")
            .expect("write");
        for line in raw.split_inclusive(|&b| b == b'\n') {
            if line
                .iter()
                .position(|&b| b != b'>')
                .is_some_and(|i| line[i..].starts_with(b"From "))
            {
                out.write_all(b">").expect("write");
            }
            out.write_all(line).expect("write");
        }
        if !raw.ends_with(b"\n") {
            out.write_all(b"\n").expect("write");
        }
        out.write_all(b"\n").expect("write");
        self.written += 1;
    }

    fn send(
        &mut self,
        from: (&str, &str),
        list: (&str, &str),
        subject: &str,
        body: String,
        parent: Option<&Sent>,
        patchy: bool,
    ) -> Sent {
        let (m, mut sent) = self.base(from, list, subject, parent);
        let part = self.text_part(&body, patchy);
        let msg = if !patchy && self.rng.chance(10) {
            let html = format!(
                "<html><body><p>{}</p></body></html>",
                body.replace('\n', "<br>")
            );
            let boundary = format!("=_alt_{:016x}", self.rng.next());
            m.multipart(
                MultiPart::alternative()
                    .boundary(boundary)
                    .singlepart(part)
                    .singlepart(SinglePart::html(html)),
            )
        } else if patchy && self.rng.chance(8) {
            let attachment = SinglePart::builder()
                .header(
                    ContentType::parse("text/x-patch; charset=utf-8; name=\"fix.patch\"")
                        .expect("content type"),
                )
                .body(encoded(
                    body.clone().into_bytes(),
                    ContentTransferEncoding::EightBit,
                ));
            let intro =
                SinglePart::plain("Patch attached, my mailer mangles inline ones.\n".to_string());
            let boundary = format!("=_mix_{:016x}", self.rng.next());
            m.multipart(
                MultiPart::mixed()
                    .boundary(boundary)
                    .singlepart(intro)
                    .singlepart(attachment),
            )
        } else {
            m.singlepart(part)
        };
        self.write(msg.expect("message"));
        sent.body = body;
        sent
    }

    /// Zero to three replies, some with review tags, some nested.
    fn replies(&mut self, list: (&str, &str), to: &Sent) {
        let n = self.rng.below(4);
        let mut last = to.clone();
        for _ in 0..n {
            if self.full() {
                return;
            }
            let who = self.person();
            let parent = if self.rng.chance(30) {
                last.clone()
            } else {
                to.clone()
            };
            let mut body = format!(
                "Hi,\n\nOn Mon, 1 Jan 2024, someone wrote:\n{}\n{}\n",
                Self::quote(&parent.body, 6),
                self.paragraph()
            );
            match self.rng.below(5) {
                0 => body.push_str(&format!("\nReviewed-by: {} <{}>\n", who.0, who.1)),
                1 => body.push_str(&format!("\nAcked-by: {} <{}>\n", who.0, who.1)),
                2 => body.push_str(&format!("\nTested-by: {} <{}>\n", who.0, who.1)),
                _ => {}
            }
            let subject = format!("Re: {}", parent.subject.trim_start_matches("Re: "));
            last = self.send(who, list, &subject, body, Some(&parent), false);
        }
    }

    fn title(&mut self) -> String {
        format!(
            "{}: {} {}",
            self.rng.pick(AREAS),
            self.rng.pick(VERBS),
            self.rng.pick(OBJECTS)
        )
    }

    /// A series: cover letter (or not), n patches threaded under it, replies,
    /// then sometimes a v2 in reply to the v1 cover.
    fn series(&mut self, with_cover: bool) {
        let list = *self.rng.pick(LISTS);
        let author = self.person();
        let n = self.rng.range(2, 6);
        let title = self.title();
        let mut in_reply_to: Option<Sent> = None;
        for version in 1..=self.rng.range(1, 3) {
            if self.full() {
                return;
            }
            let v = if version == 1 {
                String::new()
            } else {
                format!(" v{version}")
            };
            let head = if with_cover {
                let body = format!(
                    "{}\n\n{}\n\nChanges since v1: rebased.\n",
                    title,
                    self.paragraph()
                );
                let cover = self.send(
                    author,
                    list,
                    &format!("[PATCH{v} 0/{n}] {title}"),
                    body,
                    in_reply_to.as_ref(),
                    false,
                );
                Some(cover)
            } else {
                None
            };
            let mut first = None;
            for i in 1..=n {
                if self.full() {
                    return;
                }
                let file = format!(
                    "testcases/kernel/{}/{}{:02}.c",
                    self.rng.pick(AREAS),
                    self.rng.pick(WORDS),
                    i
                );
                let body = self.patch_body(author, &file);
                let subject = format!("[PATCH{v} {i}/{n}] {}", self.title());
                let parent = head
                    .clone()
                    .or_else(|| if with_cover { None } else { first.clone() });
                let p = self.send(author, list, &subject, body, parent.as_ref(), true);
                first.get_or_insert(p.clone());
                self.replies(list, &p);
            }
            if let Some(h) = &head {
                self.replies(list, h);
            }
            in_reply_to = head.or(first);
            if !self.rng.chance(40) {
                break;
            }
        }
    }

    fn single_patch(&mut self) {
        let list = *self.rng.pick(LISTS);
        let author = self.person();
        let title = self.title();
        let file = format!("lib/{}.c", self.rng.pick(WORDS));
        let body = self.patch_body(author, &file);
        let v1 = self.send(author, list, &format!("[PATCH] {title}"), body, None, true);
        self.replies(list, &v1);
        if self.rng.chance(30) && !self.full() {
            let body = self.patch_body(author, &file);
            let v2 = self.send(
                author,
                list,
                &format!("[PATCH v2] {title}"),
                body,
                Some(&v1),
                true,
            );
            self.replies(list, &v2);
        }
    }

    fn pull_request(&mut self) {
        let list = *self.rng.pick(LISTS);
        let author = self.person();
        let body = format!(
            "Hi,\n\nThe following changes since commit {:040x}:\n\n  Merge tag 'v6.{}' ({})\n\nare available in the Git repository at:\n\n  git://git.example.org/pub/scm/ltp/ltp.git tags/ltp-{}\n\nfor you to fetch changes up to {:040x}:\n\n  {}\n\n----------------------------------------------------------------\n{}\n",
            (self.rng.next() as u128) << 64 | self.rng.next() as u128 >> 32,
            self.rng.below(12),
            self.paragraph(),
            self.rng.range(2020, 2026),
            (self.rng.next() as u128) << 64 | self.rng.next() as u128 >> 32,
            self.title(),
            self.paragraph()
        );
        let subject = format!("[GIT PULL] {}", self.title());
        let pr = self.send(author, list, &subject, body, None, false);
        self.replies(list, &pr);
    }

    fn discussion(&mut self) {
        let list = *self.rng.pick(LISTS);
        let author = self.person();
        let body = format!("{}\n\n{}\n", self.paragraph(), self.paragraph());
        let subject = format!("Question about {}", self.rng.pick(OBJECTS));
        let q = self.send(author, list, &subject, body, None, false);
        self.replies(list, &q);
    }
}

/// `text` wrapped at `width` columns, the way mail clients send prose.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut column = 0;
    for word in text.split(' ') {
        if column > 0 && column + 1 + word.len() > width {
            out.push('\n');
            column = 0;
        } else if column > 0 {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += word.len();
    }
    out
}

/// `text` (LF line ends) as a body in `cte`; quoted-printable when lettre
/// finds `cte` unfit (a long line, 8-bit bytes in 7bit).
fn encoded(text: Vec<u8>, cte: ContentTransferEncoding) -> Body {
    let mut crlf = Vec::with_capacity(text.len() + text.len() / 32);
    for &b in &text {
        if b == b'\n' {
            crlf.push(b'\r');
        }
        crlf.push(b);
    }
    let attempt = match String::from_utf8(crlf) {
        Ok(text) => Body::new_with_encoding(text, cte),
        Err(e) => Body::new_with_encoding(e.into_bytes(), cte),
    };
    attempt.unwrap_or_else(|raw| {
        Body::new_with_encoding(raw, ContentTransferEncoding::QuotedPrintable)
            .expect("QP takes anything")
    })
}

fn main() {
    // `cargo bench` appends `--bench`; ignore it.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let usage = "usage: gen_mbox COUNT OUT.mbox [--seed N]";
    let count: usize = args.first().and_then(|a| a.parse().ok()).expect(usage);
    let path = args.get(1).expect(usage);
    let seed = args
        .iter()
        .position(|a| a == "--seed")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let file = std::fs::File::create(path).expect("create output");
    let mut g = Gen {
        rng: Rng(seed),
        out: BufWriter::new(file),
        written: 0,
        limit: count,
        clock: 0,
        serial: 0,
    };
    while !g.full() {
        match g.rng.below(100) {
            0..=39 => g.series(true),
            40..=54 => g.series(false),
            55..=79 => g.single_patch(),
            80..=84 => g.pull_request(),
            _ => g.discussion(),
        }
    }
    g.out.flush().expect("flush");
    eprintln!("{path}: {} messages", g.written);
}
