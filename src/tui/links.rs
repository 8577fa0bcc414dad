//! The network under the meeting screen's [`Link`]: the host's hub (the Unix socket for
//! the same user, tickets for other laptops) and a joined seat's client.

use std::collections::VecDeque;
use std::sync::Arc;

use anyhow::Result;

use super::Link;
use super::action::{LinkEvent, Recipients};
use crate::net::{self, Client, ClientEvent, Hub, NetEvent, PeerId, Via, Waker};

/// Wakes the meeting loop from the network's thread: the loop sleeps in the terminal's
/// poll, which a SIGWINCH ends (as for a stop request); the resize to the same size that
/// follows changes nothing, and the loop then reads the link.
pub fn waker() -> Waker {
    Arc::new(|| {
        #[cfg(unix)]
        let _ = signal_hook::low_level::raise(signal_hook::consts::SIGWINCH);
    })
}

/// The host's link: serves meeting `session_id` to other seats of `me`.
pub fn host(session_id: &str, me: &str) -> Result<Box<dyn Link>> {
    let dir = net::runtime_dir::resolve()?;
    let hub = Hub::start(&dir, session_id, me, waker())?;
    Ok(Box::new(HostLink {
        hub,
        news: VecDeque::new(),
    }))
}

/// The host's side: the hub, and news the link made itself (a ticket).
pub struct HostLink {
    hub: Hub,
    news: VecDeque<LinkEvent>,
}

impl Link for HostLink {
    fn send(&mut self, to: Recipients, bytes: Vec<u8>) {
        // A seat whose link broke is reported as gone by the hub: nothing to do here.
        let _ = match to {
            Recipients::All => self.hub.broadcast(bytes),
            Recipients::One(peer) => self.hub.send(PeerId(peer), bytes),
            Recipients::AllBut(peer) => {
                for other in self.hub.peers() {
                    if other.peer != PeerId(peer) {
                        let _ = self.hub.send(other.peer, bytes.clone());
                    }
                }
                Ok(())
            }
        };
    }

    fn admit(&mut self, peer: u64, accept: bool) {
        let _ = if accept {
            self.hub.accept(PeerId(peer))
        } else {
            self.hub.refuse(PeerId(peer), "the host turned you away")
        };
    }

    fn invite(&mut self) {
        // Made off the loop (starting the endpoint can take seconds): reported by `poll`.
        if let Err(error) = self.hub.request_invite() {
            self.news
                .push_back(LinkEvent::TicketFailed(format!("{error:#}")));
        }
    }

    fn poll(&mut self) -> Option<LinkEvent> {
        if let Some(news) = self.news.pop_front() {
            return Some(news);
        }
        Some(match self.hub.try_recv()? {
            NetEvent::Knock {
                peer,
                name,
                fingerprint,
            } => LinkEvent::Knock {
                peer: peer.0,
                name,
                fingerprint,
            },
            NetEvent::Joined { peer, name, via } => LinkEvent::Joined {
                peer: peer.0,
                name,
                remote: matches!(via, Via::Remote { .. }),
            },
            NetEvent::Data { peer, bytes } => LinkEvent::Data {
                peer: peer.0,
                bytes,
            },
            NetEvent::Left { peer, reason, lost } => LinkEvent::Left {
                peer: peer.0,
                reason,
                lost,
            },
            NetEvent::InviteMade { ticket } => LinkEvent::Ticket(ticket),
            NetEvent::InviteFailed { reason } => LinkEvent::TicketFailed(reason),
        })
    }
}

/// A joined seat's link: the client, connected to the host.
pub struct JoinedLink {
    client: Client,
}

impl JoinedLink {
    /// The link over a client already let in.
    pub fn new(client: Client) -> Self {
        Self { client }
    }
}

impl Link for JoinedLink {
    fn send(&mut self, _to: Recipients, bytes: Vec<u8>) {
        // Offline, a message is dropped: the seats compare what they hold on reconnect.
        let _ = self.client.send(bytes);
    }

    fn admit(&mut self, _peer: u64, _accept: bool) {}

    fn invite(&mut self) {}

    fn poll(&mut self) -> Option<LinkEvent> {
        Some(match self.client.try_recv()? {
            ClientEvent::Data(bytes) => LinkEvent::Data { peer: 0, bytes },
            ClientEvent::Refused(reason) => LinkEvent::Refused(reason),
            ClientEvent::Offline(reason) => LinkEvent::Offline(reason),
            ClientEvent::Welcomed { .. } | ClientEvent::Reconnected => LinkEvent::Online,
        })
    }
}
