//! The text a host gives a remote seat: where the meeting is and a one-time token.
//!
//! `kickoff1` followed by lowercase base32 of: the host endpoint's public key (32 bytes), the
//! token (16 bytes), then each address as a tag and its bytes: 4 = IPv4 and port,
//! 6 = IPv6 and port, 'r' = relay URL (a byte of length, then the URL). Letters and digits
//! only, so a double-click in a terminal selects all of it.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::str::FromStr;

use anyhow::{Context, Result, bail};
use iroh::{EndpointAddr, EndpointId, RelayUrl, TransportAddr};

const PREFIX: &str = "kickoff1";
const TOKEN_LEN: usize = 16;

/// A one-time ticket to knock on a meeting from another machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    /// Where the host's endpoint listens.
    pub addr: EndpointAddr,
    /// The secret that gives the right to knock, once.
    pub token: [u8; TOKEN_LEN],
}

impl Ticket {
    /// A ticket for `addr` with a fresh random token.
    pub fn new(addr: EndpointAddr) -> Ticket {
        Ticket {
            addr,
            token: rand::random(),
        }
    }

    /// The token as it travels in a Hello.
    pub fn token_text(&self) -> String {
        data_encoding::HEXLOWER.encode(&self.token)
    }
}

impl fmt::Display for Ticket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut bytes = Vec::with_capacity(64);
        bytes.extend_from_slice(self.addr.id.as_bytes());
        bytes.extend_from_slice(&self.token);
        for addr in &self.addr.addrs {
            match addr {
                TransportAddr::Ip(SocketAddr::V4(a)) => {
                    bytes.push(b'4');
                    bytes.extend_from_slice(&a.ip().octets());
                    bytes.extend_from_slice(&a.port().to_be_bytes());
                }
                TransportAddr::Ip(SocketAddr::V6(a)) => {
                    bytes.push(b'6');
                    bytes.extend_from_slice(&a.ip().octets());
                    bytes.extend_from_slice(&a.port().to_be_bytes());
                }
                TransportAddr::Relay(url) => {
                    let url = url.to_string();
                    // A relay URL longer than a byte can say is left out rather than cut.
                    if let Ok(len) = u8::try_from(url.len()) {
                        bytes.push(b'r');
                        bytes.push(len);
                        bytes.extend_from_slice(url.as_bytes());
                    }
                }
                // Custom transports are not used by kickoff.
                _ => {}
            }
        }
        let text = data_encoding::BASE32_NOPAD
            .encode(&bytes)
            .to_ascii_lowercase();
        write!(f, "{PREFIX}{text}")
    }
}

impl FromStr for Ticket {
    type Err = anyhow::Error;

    fn from_str(s: &str) -> Result<Ticket> {
        let hint = "copy the whole ticket the host printed (it starts with kickoff1)";
        let s = s.trim();
        let Some(body) = s.strip_prefix(PREFIX) else {
            bail!("this is not a kickoff ticket: {hint}");
        };
        let bytes = data_encoding::BASE32_NOPAD
            .decode(body.to_ascii_uppercase().as_bytes())
            .ok()
            .with_context(|| format!("the ticket is damaged: {hint}"))?;
        parse(&bytes).with_context(|| format!("the ticket is damaged: {hint}"))
    }
}

fn parse(bytes: &[u8]) -> Result<Ticket> {
    let mut r = bytes;
    let id: [u8; 32] = take(&mut r, 32)?.try_into()?;
    let id = EndpointId::from_bytes(&id)?;
    let token: [u8; TOKEN_LEN] = take(&mut r, TOKEN_LEN)?.try_into()?;
    let mut addrs = Vec::new();
    while let Some((&tag, rest)) = r.split_first() {
        r = rest;
        let addr = match tag {
            b'4' => {
                let ip: [u8; 4] = take(&mut r, 4)?.try_into()?;
                let port = u16::from_be_bytes(take(&mut r, 2)?.try_into()?);
                TransportAddr::Ip(SocketAddr::new(IpAddr::V4(Ipv4Addr::from(ip)), port))
            }
            b'6' => {
                let ip: [u8; 16] = take(&mut r, 16)?.try_into()?;
                let port = u16::from_be_bytes(take(&mut r, 2)?.try_into()?);
                TransportAddr::Ip(SocketAddr::new(IpAddr::V6(Ipv6Addr::from(ip)), port))
            }
            b'r' => {
                let len = usize::from(take(&mut r, 1)?[0]);
                let url = std::str::from_utf8(take(&mut r, len)?)?;
                TransportAddr::Relay(RelayUrl::from_str(url)?)
            }
            _ => bail!("unknown address kind"),
        };
        addrs.push(addr);
    }
    if addrs.is_empty() {
        bail!("no address");
    }
    Ok(Ticket {
        addr: EndpointAddr::from_parts(id, addrs),
        token,
    })
}

fn take<'a>(r: &mut &'a [u8], n: usize) -> Result<&'a [u8]> {
    if r.len() < n {
        bail!("too short");
    }
    let (head, tail) = r.split_at(n);
    *r = tail;
    Ok(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Result<Ticket> {
        let id = iroh::SecretKey::from_bytes(&[7; 32]).public();
        let addrs = [
            TransportAddr::Ip("192.168.1.20:4433".parse()?),
            TransportAddr::Ip("[fe80::1]:9".parse()?),
            TransportAddr::Relay("https://relay.example.org./".parse()?),
        ];
        Ok(Ticket {
            addr: EndpointAddr::from_parts(id, addrs),
            token: [9; TOKEN_LEN],
        })
    }

    #[test]
    fn a_ticket_reads_back_from_its_text() -> Result<()> {
        let ticket = sample()?;
        let text = ticket.to_string();
        assert!(text.starts_with("kickoff1"));
        assert!(
            text.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        );
        assert_eq!(text.parse::<Ticket>()?, ticket);
        // Pasting picks up spaces and newlines.
        assert_eq!(format!("  {text}\n").parse::<Ticket>()?, ticket);
        Ok(())
    }

    #[test]
    fn two_tickets_for_one_address_have_different_tokens() -> Result<()> {
        let addr = sample()?.addr;
        assert_ne!(Ticket::new(addr.clone()).token, Ticket::new(addr).token);
        Ok(())
    }

    #[test]
    fn malformed_text_says_what_to_do() -> Result<()> {
        let text = sample()?.to_string();
        let cut = &text[..text.len() - 5];
        let cases = [
            ("hello", "this is not a kickoff ticket"),
            ("kickoff1", "the ticket is damaged"),
            ("kickoff1!!!!", "the ticket is damaged"),
            (cut, "the ticket is damaged"),
        ];
        for (input, expected) in cases {
            let err = input.parse::<Ticket>().err().map(|e| format!("{e:#}"));
            let err = err.unwrap_or_default();
            assert!(err.starts_with(expected), "{input}: {err}");
            assert!(err.contains("copy the whole ticket"), "{input}: {err}");
        }
        Ok(())
    }
}
