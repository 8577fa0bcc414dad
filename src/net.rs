//! The seats' transport: how a second seat reaches a running meeting.
//!
//! On the same machine a seat connects to the meeting's Unix socket in the per-user runtime
//! directory ([`runtime_dir`]); the kernel tells the host the seat's uid, and only the same
//! user gets in. From another machine a seat uses a one-time [`Ticket`] over iroh (QUIC
//! between public keys, end-to-end encrypted, through a relay when no direct path exists);
//! the host sees who knocks and accepts or refuses.
//!
//! The host runs a [`Hub`], a joining seat a [`Client`]. Both keep their I/O on one
//! background thread and are used synchronously: calls queue work, events wait in a channel
//! read with `try_recv`, and the waker given at start is called after every event so the
//! app's loop can wake up. The payload is opaque bytes, carried in [`frame`]s.
//!
//! The design, trust model and limits are in `docs/second-seat.md`.

pub mod client;
pub mod frame;
pub mod hub;
pub mod runtime_dir;
pub mod ticket;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};

pub use client::{Client, ClientEvent, ClientOptions};
pub use hub::{Hub, HubOptions, NetEvent, PeerId, PeerInfo, Via};
pub use ticket::Ticket;

/// Called after every event is queued, from the I/O thread: it should only wake the app's
/// loop (the app then reads the events).
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// The ALPN of kickoff's seats on iroh: an endpoint answers only connections that ask for it.
pub const ALPN: &[u8] = b"kickoff/seat/1";

/// The warning to print with every ticket.
pub const TICKET_WARNING: &str = "Anyone with this ticket can ask to join the meeting and read \
     its notes once you accept: send it to your note-taker privately, never in a chat the \
     customer can read. It works once and expires within the hour or when the meeting ends.";

/// The environment variable that turns the relays off (`KICKOFF_RELAY=off`).
pub const RELAY_ENV: &str = "KICKOFF_RELAY";

/// Whether the iroh endpoint may go through relays when no direct path exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relay {
    /// iroh's default public relays (they only ever see encrypted bytes).
    Default,
    /// Direct connections only (tests, or a network where the relays are not wanted).
    Disabled,
}

impl Relay {
    /// [`Relay::Disabled`] when `KICKOFF_RELAY=off`, else [`Relay::Default`].
    pub fn from_env() -> Relay {
        match std::env::var(RELAY_ENV) {
            Ok(v) if v.eq_ignore_ascii_case("off") => Relay::Disabled,
            _ => Relay::Default,
        }
    }
}

/// An iroh endpoint without address lookup: a ticket carries the addresses itself.
async fn bind_endpoint(relay: Relay, alpns: Vec<Vec<u8>>) -> Result<iroh::Endpoint> {
    let mode = match relay {
        Relay::Default => iroh::RelayMode::Default,
        Relay::Disabled => iroh::RelayMode::Disabled,
    };
    iroh::Endpoint::builder(iroh::endpoint::presets::Minimal)
        .relay_mode(mode)
        .alpns(alpns)
        .bind()
        .await
        .map_err(|e| anyhow!("cannot open a network endpoint for the seats: {e}"))
}

/// A seat's name as the other side shows it: no control characters, at most 64 characters.
fn clean_name(name: &str) -> String {
    name.chars().filter(|c| !c.is_control()).take(64).collect()
}

/// The meetings of this user that answer on their socket in `runtime_dir`, sorted.
pub fn live_meetings(runtime_dir: &Path) -> Vec<String> {
    runtime_dir::socket_sessions(runtime_dir)
        .into_iter()
        .filter(|id| {
            runtime_dir::socket_path(runtime_dir, id)
                .is_ok_and(|p| std::os::unix::net::UnixStream::connect(p).is_ok())
        })
        .collect()
}

/// The session to attach to: the one named, else the only live meeting.
fn choose_session(runtime_dir: &Path, session: Option<&str>) -> Result<String> {
    if let Some(id) = session {
        runtime_dir::check_session_id(id)?;
        return Ok(id.to_string());
    }
    let live = live_meetings(runtime_dir);
    match live.as_slice() {
        [] => bail!(
            "no meeting of yours is running on this machine (looked in {}): start the meeting \
             first, or join one on another laptop with the ticket its host gives you",
            runtime_dir.display()
        ),
        [one] => Ok(one.clone()),
        several => bail!(
            "{} meetings are running ({}): say which one",
            several.len(),
            several.join(", ")
        ),
    }
}

/// Asks the running meeting for a ticket over its socket (for `kickoff invite` in another
/// terminal). `session` as in [`Client::connect_local`].
pub fn request_invite(runtime_dir: &Path, session: Option<&str>) -> Result<String> {
    runtime_dir::ensure_private(runtime_dir)?;
    let session = choose_session(runtime_dir, session)?;
    let socket = runtime_dir::socket_path(runtime_dir, &session)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the seats' I/O runtime")?;
    runtime.block_on(async {
        let (mut r, mut w) = client::connect_socket(&socket, &session).await?;
        let hello = frame::Message::Hello {
            version: frame::PROTOCOL_VERSION,
            name: String::new(),
            purpose: frame::Purpose::Invite,
            token: None,
        };
        frame::write_message(&mut w, &hello).await?;
        // Making the first ticket may wait a few seconds for a relay.
        let reply = tokio::time::timeout(Duration::from_secs(30), frame::read_message(&mut r))
            .await
            .map_err(|_| anyhow!("meeting {session} did not answer with a ticket"))?
            .with_context(|| format!("meeting {session} did not answer with a ticket"))?;
        match reply {
            frame::Message::Ticket(ticket) => Ok(ticket),
            frame::Message::Refused { reason } => Err(anyhow!(reason)),
            other => Err(anyhow!(
                "meeting {session} answered {other:?} instead of a ticket"
            )),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_control_characters_and_length() {
        assert_eq!(clean_name("Ana\x1b[2J\n Lí"), "Ana[2J Lí");
        assert_eq!(clean_name(&"x".repeat(100)).chars().count(), 64);
    }
}
