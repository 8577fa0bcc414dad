//! Frames on the wire and the few messages a seat exchanges.
//!
//! A frame is a big-endian `u32` length and that many bytes of body. The body's first byte
//! says which [`Message`] it is; the rest is the message's fields, strings as a `u32` length
//! and UTF-8, the payload of [`Message::Data`] as it is (it runs to the end of the frame).
//! The same framing runs over the Unix socket and over an iroh QUIC stream.

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// The version of this protocol: both seats must speak the same one.
pub const PROTOCOL_VERSION: u16 = 1;

/// The largest frame body either side sends or accepts.
pub const MAX_FRAME: usize = 64 * 1024 * 1024;

/// Why a seat knocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// To sit in the meeting.
    Join,
    /// To ask the meeting for a ticket another laptop can join with (local socket only).
    Invite,
}

/// Everything one side says to the other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// The first message of a joining seat.
    Hello {
        version: u16,
        name: String,
        purpose: Purpose,
        token: Option<String>,
    },
    /// The host let the seat in: the meeting and the host's name.
    Welcome { session_id: String, host: String },
    /// The host did not let the seat in, and why.
    Refused { reason: String },
    /// An opaque payload (the meeting document's sync messages).
    Data(Vec<u8>),
    /// A ticket made for a local `Invite`.
    Ticket(String),
    /// The sender is leaving on purpose.
    Bye,
}

/// A frame that could not be read or understood.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    #[error("a frame of {len} bytes is larger than the {} MiB limit", MAX_FRAME / (1024 * 1024))]
    TooLarge { len: usize },
    #[error(
        "the other seat speaks seat protocol version {theirs}, this kickoff speaks version {}: \
         run the same kickoff version on both seats",
        PROTOCOL_VERSION
    )]
    Version { theirs: u16 },
    #[error("malformed frame: {0}")]
    Malformed(&'static str),
    #[error("the connection closed")]
    Closed,
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

const HELLO: u8 = 1;
const WELCOME: u8 = 2;
const REFUSED: u8 = 3;
const DATA: u8 = 4;
const TICKET: u8 = 5;
const BYE: u8 = 6;

impl Message {
    /// The frame body of this message (without the length prefix).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        match self {
            Message::Hello {
                version,
                name,
                purpose,
                token,
            } => {
                out.push(HELLO);
                // The version comes first so that a later version's Hello can still be
                // answered with a clear refusal.
                out.extend_from_slice(&version.to_be_bytes());
                put_str(&mut out, name);
                out.push(match purpose {
                    Purpose::Join => 0,
                    Purpose::Invite => 1,
                });
                match token {
                    None => out.push(0),
                    Some(token) => {
                        out.push(1);
                        put_str(&mut out, token);
                    }
                }
            }
            Message::Welcome { session_id, host } => {
                out.push(WELCOME);
                put_str(&mut out, session_id);
                put_str(&mut out, host);
            }
            Message::Refused { reason } => {
                out.push(REFUSED);
                put_str(&mut out, reason);
            }
            Message::Data(bytes) => {
                out.reserve(1 + bytes.len());
                out.push(DATA);
                out.extend_from_slice(bytes);
            }
            Message::Ticket(ticket) => {
                out.push(TICKET);
                put_str(&mut out, ticket);
            }
            Message::Bye => out.push(BYE),
        }
        out
    }

    /// Reads a message from a frame body.
    pub fn decode(body: &[u8]) -> Result<Message, FrameError> {
        let (&tag, rest) = body
            .split_first()
            .ok_or(FrameError::Malformed("empty frame"))?;
        let mut r = Reader(rest);
        let message = match tag {
            HELLO => {
                let version = u16::from_be_bytes(r.array()?);
                if version != PROTOCOL_VERSION {
                    return Err(FrameError::Version { theirs: version });
                }
                let name = r.string()?;
                let purpose = match r.byte()? {
                    0 => Purpose::Join,
                    1 => Purpose::Invite,
                    _ => return Err(FrameError::Malformed("unknown purpose")),
                };
                let token = match r.byte()? {
                    0 => None,
                    1 => Some(r.string()?),
                    _ => return Err(FrameError::Malformed("bad token marker")),
                };
                Message::Hello {
                    version,
                    name,
                    purpose,
                    token,
                }
            }
            WELCOME => Message::Welcome {
                session_id: r.string()?,
                host: r.string()?,
            },
            REFUSED => Message::Refused {
                reason: r.string()?,
            },
            DATA => return Ok(Message::Data(rest.to_vec())),
            TICKET => Message::Ticket(r.string()?),
            BYE => Message::Bye,
            _ => return Err(FrameError::Malformed("unknown message")),
        };
        if !r.0.is_empty() {
            return Err(FrameError::Malformed("trailing bytes"));
        }
        Ok(message)
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    // Strings here are names, reasons, tokens and tickets: far below 4 GiB, and the frame
    // limit is checked on the whole body when it is written.
    let len = u32::try_from(s.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(s.as_bytes());
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], FrameError> {
        if self.0.len() < n {
            return Err(FrameError::Malformed("truncated message"));
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], FrameError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn byte(&mut self) -> Result<u8, FrameError> {
        Ok(self.array::<1>()?[0])
    }

    fn string(&mut self) -> Result<String, FrameError> {
        let len = u32::from_be_bytes(self.array()?) as usize;
        let bytes = self.take(len)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| FrameError::Malformed("text is not UTF-8"))
    }
}

/// Writes one message as a frame.
pub async fn write_message<W: AsyncWrite + Unpin>(
    w: &mut W,
    message: &Message,
) -> Result<(), FrameError> {
    let body = message.encode();
    let len = check_len(body.len())?;
    w.write_all(&len.to_be_bytes()).await?;
    w.write_all(&body).await?;
    w.flush().await?;
    Ok(())
}

/// Reads one frame and decodes it; [`FrameError::Closed`] when the stream ends between frames.
pub async fn read_message<R: AsyncRead + Unpin>(r: &mut R) -> Result<Message, FrameError> {
    let mut len = [0; 4];
    match r.read_exact(&mut len).await {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Err(FrameError::Closed),
        Err(e) => return Err(e.into()),
    }
    let len = u32::from_be_bytes(len) as usize;
    check_len(len)?;
    let mut body = vec![0; len];
    r.read_exact(&mut body).await?;
    Message::decode(&body)
}

/// The length prefix for a body of `len` bytes, if it is within the limit.
fn check_len(len: usize) -> Result<u32, FrameError> {
    if len > MAX_FRAME {
        return Err(FrameError::TooLarge { len });
    }
    u32::try_from(len).map_err(|_| FrameError::TooLarge { len })
}

/// Whether a payload of `len` bytes fits in one [`Message::Data`] frame.
pub fn check_payload(len: usize) -> Result<(), FrameError> {
    check_len(len.saturating_add(1)).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_messages() -> Vec<Message> {
        vec![
            Message::Hello {
                version: PROTOCOL_VERSION,
                name: "Ana Lí".into(),
                purpose: Purpose::Join,
                token: None,
            },
            Message::Hello {
                version: PROTOCOL_VERSION,
                name: String::new(),
                purpose: Purpose::Invite,
                token: Some("t0k3n".into()),
            },
            Message::Welcome {
                session_id: "2026-11-30-acme".into(),
                host: "Ana".into(),
            },
            Message::Refused {
                reason: "no".into(),
            },
            Message::Data(vec![]),
            Message::Data(vec![0, 1, 2, 255]),
            Message::Ticket("kickoff1abc".into()),
            Message::Bye,
        ]
    }

    #[test]
    fn every_message_survives_encode_and_decode() {
        for message in all_messages() {
            assert_eq!(Message::decode(&message.encode()).ok(), Some(message));
        }
    }

    #[tokio::test]
    async fn frames_round_trip_through_a_stream() {
        let (mut a, mut b) = tokio::io::duplex(64);
        let sent = all_messages();
        let expected = sent.clone();
        let writer = tokio::spawn(async move {
            for m in &sent {
                write_message(&mut a, m).await?;
            }
            Ok::<_, FrameError>(())
        });
        for m in expected {
            assert_eq!(read_message(&mut b).await.ok(), Some(m));
        }
        assert!(writer.await.is_ok_and(|r| r.is_ok()));
        assert!(matches!(
            read_message(&mut b).await,
            Err(FrameError::Closed)
        ));
    }

    #[test]
    fn a_frame_body_is_its_tag_and_its_fields() {
        // Welcome "ab" from "c": tag 2, length 2, 'a', 'b', length 1, 'c'.
        assert_eq!(
            Message::Welcome {
                session_id: "ab".into(),
                host: "c".into(),
            }
            .encode(),
            vec![2, 0, 0, 0, 2, b'a', b'b', 0, 0, 0, 1, b'c']
        );
    }

    #[tokio::test]
    async fn a_length_above_the_limit_is_refused_before_reading_the_body() {
        let len = (MAX_FRAME as u32 + 1).to_be_bytes();
        let mut input: &[u8] = &len;
        let err = read_message(&mut input).await.err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("a frame of 67108865 bytes is larger than the 64 MiB limit")
        );
    }

    #[tokio::test]
    async fn a_payload_above_the_limit_is_not_written() {
        let mut out = Vec::new();
        let big = Message::Data(vec![0; MAX_FRAME]);
        assert!(matches!(
            write_message(&mut out, &big).await,
            Err(FrameError::TooLarge { .. })
        ));
        assert!(out.is_empty());
        assert!(check_payload(MAX_FRAME - 1).is_ok());
        assert!(check_payload(MAX_FRAME).is_err());
    }

    #[test]
    fn another_version_is_named_in_the_error() {
        let hello = Message::Hello {
            version: 7,
            name: "x".into(),
            purpose: Purpose::Join,
            token: None,
        };
        let err = Message::decode(&hello.encode())
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some(
                "the other seat speaks seat protocol version 7, this kickoff speaks version 1: \
                 run the same kickoff version on both seats"
            )
        );
    }

    #[test]
    fn garbage_is_malformed_not_a_panic() {
        for body in [
            &[][..],
            &[99],
            &[HELLO],
            &[HELLO, 0, 1, 0, 0, 0, 9, b'a'],
            &[WELCOME, 0, 0, 0, 1],
            &[REFUSED, 0, 0, 0, 1, 0xff],
            &[BYE, 0],
        ] {
            assert!(
                matches!(Message::decode(body), Err(FrameError::Malformed(_))),
                "{body:?}"
            );
        }
    }
}
