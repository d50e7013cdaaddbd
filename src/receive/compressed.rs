//! Compressed input: gzip (what lore and b4 hand out as `.mbox.gz`), xz and
//! zstd, told apart by their magic bytes (so stdin and misnamed files work),
//! read through their decompressor crates as one stream of bytes. Input
//! that starts with none of them is passed through unchanged.

use std::io::{BufRead, BufReader, Cursor, Read};

/// A stream of input bytes.
pub type Input = Box<dyn BufRead + Send>;

/// The compressions recognised, by magic number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// RFC 1952: `1f 8b`. Every member of a multi-member file is read.
    Gzip,
    /// The xz container: `fd 37 7a 58 5a 00`. Concatenated streams are read.
    Xz,
    /// A zstd frame: `28 b5 2f fd`. Concatenated frames are read.
    Zstd,
}

impl Compression {
    /// The compression whose magic number `head` starts with.
    pub fn detect(head: &[u8]) -> Option<Compression> {
        if head.starts_with(&[0x1f, 0x8b]) {
            Some(Compression::Gzip)
        } else if head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0]) {
            Some(Compression::Xz)
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Some(Compression::Zstd)
        } else {
            None
        }
    }
}

/// Up to `n` first bytes of `input`, and the whole input again.
pub fn peek(mut input: Input, n: u64) -> std::io::Result<(Vec<u8>, Input)> {
    let mut head = Vec::new();
    (&mut input).take(n).read_to_end(&mut head)?;
    Ok((head.clone(), Box::new(Cursor::new(head).chain(input))))
}

impl Compression {
    fn name(self) -> &'static str {
        match self {
            Compression::Gzip => "gzip",
            Compression::Xz => "xz",
            Compression::Zstd => "zstd",
        }
    }
}

/// `input` (named `name` in errors), decompressed when it starts with a
/// known magic number, and whether it is empty (once decompressed).
/// Corrupt or truncated compressed data is an error of kind `InvalidData`
/// (exit 65: bad data, not trouble on our side to retry) naming the input,
/// when it is read; what was read before it stays read.
pub fn decompressed(input: Input, name: &str) -> std::io::Result<(Input, bool)> {
    let (head, input) = peek(input, 6)?;
    let Some(compression) = Compression::detect(&head) else {
        return Ok((input, head.is_empty()));
    };
    let decoder: Box<dyn Read + Send> = match compression {
        Compression::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(input)),
        Compression::Xz => Box::new(liblzma::bufread::XzDecoder::new_multi_decoder(input)),
        Compression::Zstd => Box::new(zstd::stream::read::Decoder::with_buffer(input)?),
    };
    let corrupt = Corrupt {
        decoder,
        what: format!("{name}: corrupt or truncated {} data", compression.name()),
    };
    let input: Input = Box::new(BufReader::with_capacity(1 << 16, corrupt));
    // Six bytes, so that the caller can still see a `From ` line at once.
    let (head, input) = peek(input, 6)?;
    Ok((input, head.is_empty()))
}

/// A decoder whose errors say which input is corrupt. The decoders report
/// bad or cut-off data with several kinds (`UnexpectedEof`, `InvalidData`,
/// `InvalidInput`, `Other`); the underlying file's own failures keep
/// theirs.
struct Corrupt {
    decoder: Box<dyn Read + Send>,
    what: String,
}

impl Read for Corrupt {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use std::io::ErrorKind::{InvalidData, InvalidInput, Other, UnexpectedEof};
        self.decoder.read(buf).map_err(|e| match e.kind() {
            UnexpectedEof | InvalidData | InvalidInput | Other => {
                std::io::Error::new(InvalidData, format!("{} ({e})", self.what))
            }
            _ => e,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    const MAIL: &[u8] = b"From: a@example.org\nSubject: x\n\nbody\n";

    fn read_back(bytes: Vec<u8>) -> (Vec<u8>, bool) {
        let (mut input, empty) = decompressed(Box::new(Cursor::new(bytes)), "t").unwrap();
        let mut out = Vec::new();
        input.read_to_end(&mut out).unwrap();
        (out, empty)
    }

    #[test]
    fn every_compression_reads_back_by_its_magic() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(MAIL).unwrap();
        let gz = gz.finish().unwrap();
        // Two gzip members, as `cat a.gz b.gz` makes.
        assert_eq!(
            read_back([gz.clone(), gz].concat()).0,
            [MAIL, MAIL].concat()
        );
        let mut xz = liblzma::write::XzEncoder::new(Vec::new(), 1);
        xz.write_all(MAIL).unwrap();
        assert_eq!(read_back(xz.finish().unwrap()).0, MAIL);
        let zst = zstd::stream::encode_all(MAIL, 1).unwrap();
        assert_eq!(read_back(zst).0, MAIL);
        assert_eq!(read_back(MAIL.to_vec()), (MAIL.to_vec(), false));
        assert_eq!(read_back(b"ab".to_vec()), (b"ab".to_vec(), false));
    }

    #[test]
    fn empty_input_is_told_also_when_compressed() {
        assert!(read_back(Vec::new()).1);
        let empty_zst = zstd::stream::encode_all(&b""[..], 1).unwrap();
        assert!(read_back(empty_zst).1);
    }

    #[test]
    fn corrupt_data_is_an_error_not_mail() {
        let corrupt = vec![0x1f, 0x8b, 0, 1, 2, 3, 4, 5, 6, 7, 8];
        assert!(decompressed(Box::new(Cursor::new(corrupt)), "t").is_err());
    }

    #[test]
    fn truncated_data_is_corrupt_data_naming_the_input() {
        let big: Vec<u8> = (0..20_000u32)
            .flat_map(|i| format!("line {i}\n").into_bytes())
            .collect();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&big).unwrap();
        let mut xz = liblzma::write::XzEncoder::new(Vec::new(), 1);
        xz.write_all(&big).unwrap();
        let zst = zstd::stream::encode_all(&big[..], 1).unwrap();
        for whole in [gz.finish().unwrap(), xz.finish().unwrap(), zst] {
            let cut = whole[..whole.len() / 2].to_vec();
            let e = decompressed(Box::new(Cursor::new(cut)), "half.gz")
                .and_then(|(mut input, _)| input.read_to_end(&mut Vec::new()))
                .unwrap_err();
            assert_eq!(e.kind(), std::io::ErrorKind::InvalidData, "{e}");
            assert!(
                e.to_string().starts_with("half.gz: corrupt or truncated"),
                "{e}"
            );
        }
    }
}
