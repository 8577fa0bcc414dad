//! The host side: the meeting process serves its seats.
//!
//! [`Hub::start`] listens on the meeting's Unix socket; [`Hub::invite`] also opens an iroh
//! endpoint for seats on other machines. A background thread runs the I/O; the app talks to
//! it with plain method calls and reads [`NetEvent`]s with [`Hub::try_recv`], woken by the
//! waker it passed in.

use std::collections::{HashMap, HashSet};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use iroh::{Endpoint, EndpointId};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::sync::{mpsc as tmpsc, oneshot};
use tokio::task::JoinHandle;

use super::frame::{self, FrameError, Message, Purpose};
use super::ticket::Ticket;
use super::{Relay, Waker, bind_endpoint, clean_name, runtime_dir};

/// How long a ticket lets someone knock, unless [`HubOptions::ticket_lifetime`] says otherwise.
pub const DEFAULT_TICKET_LIFETIME: Duration = Duration::from_secs(60 * 60);

/// What a seat is told when its ticket is unknown, used or expired.
pub const EXPIRED_TICKET: &str =
    "this ticket has expired or was already used: ask the host for a new one";

/// How long a new connection may take to say Hello.
const HELLO_TIMEOUT: Duration = Duration::from_secs(30);
/// How long the hub waits for its goodbyes to be written when it stops.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);
/// How long [`Hub::invite`] waits for a relay before it gives a ticket with direct addresses only.
const ONLINE_WAIT: Duration = Duration::from_secs(5);

/// A connection to the hub, numbered from 1 in the order they arrive; a seat that comes back
/// after a drop gets a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PeerId(pub u64);

impl std::fmt::Display for PeerId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// How a seat reached the meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// The meeting's Unix socket: the same user on this machine.
    Local,
    /// iroh, from the holder of the key with this fingerprint.
    Remote { fingerprint: String },
}

/// What happened at the hub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetEvent {
    /// Someone with a valid ticket asks to join: answer with [`Hub::accept`] or [`Hub::refuse`].
    Knock {
        peer: PeerId,
        name: String,
        fingerprint: String,
    },
    /// A seat is in the meeting.
    Joined {
        peer: PeerId,
        name: String,
        via: Via,
    },
    /// A seat sent a payload.
    Data { peer: PeerId, bytes: Vec<u8> },
    /// A seat (or a knock still waiting for an answer) is gone; `lost` when its link
    /// broke rather than the seat saying goodbye (it may come back).
    Left {
        peer: PeerId,
        reason: String,
        lost: bool,
    },
    /// A ticket was made, for `kickoff invite` in another terminal or for
    /// [`Hub::request_invite`].
    InviteMade { ticket: String },
    /// [`Hub::request_invite`] could not make a ticket, and why.
    InviteFailed { reason: String },
}

/// A seat in the meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerInfo {
    pub peer: PeerId,
    pub name: String,
    pub via: Via,
}

/// Settings of a hub.
#[derive(Debug, Clone)]
pub struct HubOptions {
    /// How long a ticket may be used to knock.
    pub ticket_lifetime: Duration,
    /// Whether the iroh endpoint uses relays.
    pub relay: Relay,
}

impl Default for HubOptions {
    fn default() -> Self {
        HubOptions {
            ticket_lifetime: DEFAULT_TICKET_LIFETIME,
            relay: Relay::from_env(),
        }
    }
}

/// The meeting's side of the seats. Dropping it says goodbye to every seat, stops the
/// endpoint (every ticket dies with it) and removes the socket file.
pub struct Hub {
    session_id: String,
    socket: PathBuf,
    commands: tmpsc::UnboundedSender<Command>,
    events: mpsc::Receiver<NetEvent>,
    peers: Arc<Mutex<Vec<PeerInfo>>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Hub {
    /// Serves meeting `session_id` on `<runtime_dir>/<session_id>.sock`, with the default
    /// options (tickets live an hour; `KICKOFF_RELAY=off` disables the relays).
    pub fn start(
        runtime_dir: &Path,
        session_id: &str,
        host_name: &str,
        waker: Waker,
    ) -> Result<Hub> {
        Hub::start_with(
            runtime_dir,
            session_id,
            host_name,
            waker,
            HubOptions::default(),
        )
    }

    /// [`Hub::start`] with explicit options.
    pub fn start_with(
        runtime_dir: &Path,
        session_id: &str,
        host_name: &str,
        waker: Waker,
        options: HubOptions,
    ) -> Result<Hub> {
        runtime_dir::ensure_private(runtime_dir)?;
        let socket = runtime_dir::socket_path(runtime_dir, session_id)?;
        let listener = bind_socket(&socket, session_id)?;
        let (commands, command_rx) = tmpsc::unbounded_channel();
        let (event_tx, events) = mpsc::channel();
        let peers = Arc::new(Mutex::new(Vec::new()));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("cannot start the seats' I/O runtime")?;
        let listener = {
            let _inside = runtime.enter();
            tokio::net::UnixListener::from_std(listener)
                .with_context(|| format!("cannot listen on {}", socket.display()))?
        };
        let actor = Actor {
            session_id: session_id.to_string(),
            host_name: host_name.to_string(),
            events: Events {
                tx: event_tx,
                waker,
            },
            peers: HashMap::new(),
            shared_peers: peers.clone(),
            door: Door::new(options.ticket_lifetime),
            relay: options.relay,
            remote: Remote::Off,
            next_peer: Arc::new(AtomicU64::new(1)),
        };
        let thread = std::thread::Builder::new()
            .name("kickoff-hub".into())
            .spawn(move || runtime.block_on(actor.run(listener, command_rx)))
            .context("cannot start the seats' I/O thread")?;
        Ok(Hub {
            session_id: session_id.to_string(),
            socket,
            commands,
            events,
            peers,
            thread: Some(thread),
        })
    }

    /// The meeting this hub serves.
    pub fn session_id(&self) -> &str {
        &self.session_id
    }

    /// The next event, if one is waiting.
    pub fn try_recv(&self) -> Option<NetEvent> {
        self.events.try_recv().ok()
    }

    /// Waits up to `timeout` for the next event (for commands and tests; the app polls
    /// [`Hub::try_recv`] when the waker calls).
    pub fn recv_timeout(&self, timeout: Duration) -> Option<NetEvent> {
        self.events.recv_timeout(timeout).ok()
    }

    /// The seats in the meeting now.
    pub fn peers(&self) -> Vec<PeerInfo> {
        self.peers.lock().map(|p| p.clone()).unwrap_or_default()
    }

    /// Sends a payload to one seat. Errors when the seat is not in the meeting or the
    /// payload is over the frame limit; delivery itself is not confirmed.
    pub fn send(&self, peer: PeerId, bytes: Vec<u8>) -> Result<()> {
        frame::check_payload(bytes.len())?;
        if !self.peers().iter().any(|p| p.peer == peer) {
            bail!("seat {peer} is not in the meeting");
        }
        self.command(Command::Send(peer, bytes))
    }

    /// Sends a payload to every seat in the meeting.
    pub fn broadcast(&self, bytes: Vec<u8>) -> Result<()> {
        frame::check_payload(bytes.len())?;
        self.command(Command::Broadcast(bytes))
    }

    /// Lets a knocking seat in; its key may come back later without knocking again.
    pub fn accept(&self, peer: PeerId) -> Result<()> {
        self.command(Command::Accept(peer))
    }

    /// Turns a knocking seat away, or removes a seat from the meeting, with a reason it is
    /// shown. A removed remote seat must knock with a new ticket to come back.
    pub fn refuse(&self, peer: PeerId, reason: &str) -> Result<()> {
        self.command(Command::Refuse(peer, reason.to_string()))
    }

    /// Makes a one-time ticket for a seat on another machine, starting the iroh endpoint
    /// the first time. Blocks until the endpoint is up (with relays: until it reached one,
    /// at most a few seconds); an app loop should prefer [`Hub::request_invite`].
    pub fn invite(&self) -> Result<Ticket> {
        let (reply, answer) = oneshot::channel();
        self.command(Command::Invite(Waiter::Reply(reply)))?;
        answer
            .blocking_recv()
            .map_err(|_| anyhow!("the seats' I/O thread has stopped"))?
    }

    /// Asks for a ticket without waiting: it arrives as [`NetEvent::InviteMade`] (or
    /// [`NetEvent::InviteFailed`]).
    pub fn request_invite(&self) -> Result<()> {
        self.command(Command::Invite(Waiter::Event))
    }

    fn command(&self, command: Command) -> Result<()> {
        self.commands
            .send(command)
            .map_err(|_| anyhow!("the seats' I/O thread has stopped"))
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.commands.send(Command::Shutdown);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        let _ = std::fs::remove_file(&self.socket);
    }
}

/// Binds the meeting's socket (mode 0600), removing a socket file left by a process that
/// is gone and refusing one a live process still answers on.
fn bind_socket(socket: &Path, session_id: &str) -> Result<std::os::unix::net::UnixListener> {
    if std::fs::symlink_metadata(socket).is_ok() {
        match std::os::unix::net::UnixStream::connect(socket) {
            Ok(_) => bail!(
                "meeting {session_id} is already open in another kickoff process (it answers \
                 on {}): switch to that terminal, or join it with `kickoff join`",
                socket.display()
            ),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                std::fs::remove_file(socket).with_context(|| {
                    format!("cannot remove the stale socket {}", socket.display())
                })?;
            }
            Err(e) => {
                return Err(e).with_context(|| {
                    format!(
                        "{} is in the way of the meeting's socket: remove it",
                        socket.display()
                    )
                });
            }
        }
    }
    let listener = std::os::unix::net::UnixListener::bind(socket).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            anyhow!("meeting {session_id} is already open in another kickoff process")
        } else {
            anyhow!(e).context(format!("cannot listen on {}", socket.display()))
        }
    })?;
    std::fs::set_permissions(socket, std::fs::Permissions::from_mode(0o600))
        .with_context(|| format!("cannot make {} private", socket.display()))?;
    listener
        .set_nonblocking(true)
        .with_context(|| format!("cannot listen on {}", socket.display()))?;
    Ok(listener)
}

/// Refuses a process of another user on the meeting's socket.
pub fn check_peer_uid(peer_uid: u32, our_uid: u32) -> std::result::Result<(), String> {
    if peer_uid == our_uid {
        Ok(())
    } else {
        Err(format!(
            "this meeting belongs to another user (uid {our_uid}); you are uid {peer_uid}"
        ))
    }
}

// ---------------------------------------------------------------------------------------
// Who may come in: tickets and accepted keys. Time is an argument, so expiry is testable.

/// The doorkeeper's memory: live tickets and the keys the host has let in.
#[derive(Debug)]
pub(crate) struct Door {
    lifetime: Duration,
    tokens: HashMap<String, Instant>,
    accepted: HashSet<EndpointId>,
}

/// What the door says to a remote seat's Hello.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Knock {
    /// A key the host accepted before: straight in.
    LetIn,
    /// A fresh, valid ticket (now spent): the host decides.
    AskHost,
    /// No entry, and why.
    Refuse(String),
}

impl Door {
    pub(crate) fn new(lifetime: Duration) -> Door {
        Door {
            lifetime,
            tokens: HashMap::new(),
            accepted: HashSet::new(),
        }
    }

    /// Remembers a new ticket's token, issued at `now`.
    pub(crate) fn issue(&mut self, token: String, now: Instant) {
        self.tokens.retain(|_, expiry| *expiry > now);
        self.tokens.insert(token, now + self.lifetime);
    }

    /// A remote seat with `key` knocks with `token` at `now`. A valid token is spent here,
    /// whatever the host answers.
    pub(crate) fn knock(&mut self, key: EndpointId, token: Option<&str>, now: Instant) -> Knock {
        if self.accepted.contains(&key) {
            return Knock::LetIn;
        }
        match token.and_then(|t| self.tokens.remove(t)) {
            Some(expiry) if now < expiry => Knock::AskHost,
            _ => Knock::Refuse(EXPIRED_TICKET.to_string()),
        }
    }

    pub(crate) fn accept(&mut self, key: EndpointId) {
        self.accepted.insert(key);
    }

    pub(crate) fn forget(&mut self, key: &EndpointId) {
        self.accepted.remove(key);
    }
}

// ---------------------------------------------------------------------------------------
// The I/O thread.

enum Command {
    Send(PeerId, Vec<u8>),
    Broadcast(Vec<u8>),
    Accept(PeerId),
    Refuse(PeerId, String),
    Invite(Waiter),
    Shutdown,
}

/// Who waits for a ticket.
enum Waiter {
    /// [`Hub::invite`].
    Reply(oneshot::Sender<Result<Ticket>>),
    /// [`Hub::request_invite`]: an event.
    Event,
    /// `kickoff invite` on the socket: a frame, and an event.
    Socket(tmpsc::UnboundedSender<Message>),
}

/// The iroh endpoint, started on the first invite.
enum Remote {
    Off,
    /// Binding (and reaching a relay); these wait for their ticket.
    Starting(Vec<Waiter>),
    On(Endpoint),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Local,
    Remote(EndpointId),
}

/// What the connection tasks tell the actor.
enum Internal {
    Hello {
        peer: PeerId,
        origin: Origin,
        name: String,
        purpose: Purpose,
        token: Option<String>,
        out: tmpsc::UnboundedSender<Message>,
        writer: JoinHandle<()>,
    },
    Data(PeerId, Vec<u8>),
    /// A connection ended: why, and whether it broke (`lost`) rather than said goodbye.
    Gone(PeerId, String, bool),
    EndpointStarted(Result<Endpoint>),
}

struct Peer {
    name: String,
    origin: Origin,
    joined: bool,
    out: tmpsc::UnboundedSender<Message>,
    writer: JoinHandle<()>,
}

struct Events {
    tx: mpsc::Sender<NetEvent>,
    waker: Waker,
}

impl Events {
    fn push(&self, event: NetEvent) {
        if self.tx.send(event).is_ok() {
            (self.waker)();
        }
    }
}

struct Actor {
    session_id: String,
    host_name: String,
    events: Events,
    peers: HashMap<PeerId, Peer>,
    shared_peers: Arc<Mutex<Vec<PeerInfo>>>,
    door: Door,
    relay: Relay,
    remote: Remote,
    next_peer: Arc<AtomicU64>,
}

impl Actor {
    async fn run(
        mut self,
        listener: tokio::net::UnixListener,
        mut commands: tmpsc::UnboundedReceiver<Command>,
    ) {
        let (internal_tx, mut internal) = tmpsc::unbounded_channel();
        let accept_loop = tokio::spawn(accept_local(
            listener,
            internal_tx.clone(),
            self.next_peer.clone(),
        ));
        loop {
            tokio::select! {
                command = commands.recv() => match command {
                    None | Some(Command::Shutdown) => break,
                    Some(command) => self.on_command(command, &internal_tx),
                },
                Some(message) = internal.recv() => self.on_internal(message, &internal_tx),
            }
        }
        accept_loop.abort();
        self.shutdown().await;
    }

    fn on_command(&mut self, command: Command, internal: &tmpsc::UnboundedSender<Internal>) {
        match command {
            Command::Send(peer, bytes) => {
                if let Some(p) = self.peers.get(&peer).filter(|p| p.joined) {
                    let _ = p.out.send(Message::Data(bytes));
                }
            }
            Command::Broadcast(bytes) => {
                for p in self.peers.values().filter(|p| p.joined) {
                    let _ = p.out.send(Message::Data(bytes.clone()));
                }
            }
            Command::Accept(peer) => self.accept(peer),
            Command::Refuse(peer, reason) => {
                if let Some(p) = self.peers.remove(&peer) {
                    if let Origin::Remote(key) = p.origin {
                        self.door.forget(&key);
                    }
                    let _ = p.out.send(Message::Refused { reason });
                    if p.joined {
                        self.publish_peers();
                        self.events.push(NetEvent::Left {
                            peer,
                            reason: "removed by the host".into(),
                            lost: false,
                        });
                    }
                }
            }
            Command::Invite(waiter) => self.invite(waiter, internal),
            Command::Shutdown => {}
        }
    }

    fn on_internal(&mut self, message: Internal, internal: &tmpsc::UnboundedSender<Internal>) {
        match message {
            Internal::Hello {
                peer,
                origin,
                name,
                purpose,
                token,
                out,
                writer,
            } => {
                let name = clean_name(&name);
                match (origin, purpose) {
                    (Origin::Local, Purpose::Join) => {
                        self.peers.insert(
                            peer,
                            Peer {
                                name,
                                origin,
                                joined: false,
                                out,
                                writer,
                            },
                        );
                        self.accept(peer);
                    }
                    (Origin::Local, Purpose::Invite) => {
                        self.invite(Waiter::Socket(out), internal);
                    }
                    (Origin::Remote(_), Purpose::Invite) => {
                        let _ = out.send(Message::Refused {
                            reason: "tickets are made on the host's machine only".into(),
                        });
                    }
                    (Origin::Remote(key), Purpose::Join) => {
                        let knock = self.door.knock(key, token.as_deref(), Instant::now());
                        if let Knock::Refuse(reason) = knock {
                            let _ = out.send(Message::Refused { reason });
                            return;
                        }
                        self.peers.insert(
                            peer,
                            Peer {
                                name: name.clone(),
                                origin,
                                joined: false,
                                out,
                                writer,
                            },
                        );
                        if knock == Knock::LetIn {
                            self.accept(peer);
                        } else {
                            self.events.push(NetEvent::Knock {
                                peer,
                                name,
                                fingerprint: fingerprint(&key),
                            });
                        }
                    }
                }
            }
            Internal::Data(peer, bytes) => {
                if self.peers.get(&peer).is_some_and(|p| p.joined) {
                    self.events.push(NetEvent::Data { peer, bytes });
                }
            }
            Internal::EndpointStarted(result) => {
                let waiters = match std::mem::replace(&mut self.remote, Remote::Off) {
                    Remote::Starting(waiters) => waiters,
                    _ => Vec::new(),
                };
                match result {
                    Ok(endpoint) => {
                        tokio::spawn(accept_remote(
                            endpoint.clone(),
                            internal.clone(),
                            self.next_peer.clone(),
                        ));
                        self.remote = Remote::On(endpoint);
                        for waiter in waiters {
                            self.invite(waiter, internal);
                        }
                    }
                    Err(e) => {
                        let reason = format!("could not make a ticket: {e:#}");
                        for waiter in waiters {
                            self.deliver(waiter, Err(anyhow!(reason.clone())));
                        }
                    }
                }
            }
            Internal::Gone(peer, reason, lost) => {
                if let Some(p) = self.peers.remove(&peer) {
                    if p.joined {
                        self.publish_peers();
                    }
                    self.events.push(NetEvent::Left { peer, reason, lost });
                }
            }
        }
    }

    fn accept(&mut self, peer: PeerId) {
        let Some(p) = self.peers.get_mut(&peer).filter(|p| !p.joined) else {
            return;
        };
        p.joined = true;
        let via = match p.origin {
            Origin::Local => Via::Local,
            Origin::Remote(key) => {
                self.door.accept(key);
                Via::Remote {
                    fingerprint: fingerprint(&key),
                }
            }
        };
        let _ = p.out.send(Message::Welcome {
            session_id: self.session_id.clone(),
            host: self.host_name.clone(),
        });
        let name = p.name.clone();
        self.publish_peers();
        self.events.push(NetEvent::Joined { peer, name, via });
    }

    fn publish_peers(&self) {
        let mut list: Vec<PeerInfo> = self
            .peers
            .iter()
            .filter(|(_, p)| p.joined)
            .map(|(&peer, p)| PeerInfo {
                peer,
                name: p.name.clone(),
                via: match p.origin {
                    Origin::Local => Via::Local,
                    Origin::Remote(key) => Via::Remote {
                        fingerprint: fingerprint(&key),
                    },
                },
            })
            .collect();
        list.sort_by_key(|p| p.peer);
        if let Ok(mut shared) = self.shared_peers.lock() {
            *shared = list;
        }
    }

    /// Makes a ticket for `waiter` now, or once the endpoint is up; the actor never waits
    /// on the network itself.
    fn invite(&mut self, waiter: Waiter, internal: &tmpsc::UnboundedSender<Internal>) {
        match &mut self.remote {
            Remote::On(endpoint) => {
                let ticket = Ticket::new(endpoint.addr());
                self.door.issue(ticket.token_text(), Instant::now());
                self.deliver(waiter, Ok(ticket));
            }
            Remote::Starting(waiters) => waiters.push(waiter),
            Remote::Off => {
                self.remote = Remote::Starting(vec![waiter]);
                let relay = self.relay;
                let internal = internal.clone();
                tokio::spawn(async move {
                    let started = bind_endpoint(relay, vec![super::ALPN.to_vec()]).await;
                    if let (Ok(endpoint), Relay::Default) = (&started, relay) {
                        // Without a relay the ticket still carries the direct addresses.
                        let _ = tokio::time::timeout(ONLINE_WAIT, endpoint.online()).await;
                    }
                    let _ = internal.send(Internal::EndpointStarted(started));
                });
            }
        }
    }

    fn deliver(&self, waiter: Waiter, ticket: Result<Ticket>) {
        match waiter {
            Waiter::Reply(reply) => {
                let _ = reply.send(ticket);
            }
            Waiter::Event => self.events.push(match ticket {
                Ok(ticket) => NetEvent::InviteMade {
                    ticket: ticket.to_string(),
                },
                Err(e) => NetEvent::InviteFailed {
                    reason: format!("{e:#}"),
                },
            }),
            Waiter::Socket(out) => match ticket {
                Ok(ticket) => {
                    let ticket = ticket.to_string();
                    let _ = out.send(Message::Ticket(ticket.clone()));
                    self.events.push(NetEvent::InviteMade { ticket });
                }
                Err(e) => {
                    let _ = out.send(Message::Refused {
                        reason: format!("{e:#}"),
                    });
                }
            },
        }
    }

    async fn shutdown(mut self) {
        let mut writers = Vec::new();
        for (_, p) in self.peers.drain() {
            let _ = p.out.send(Message::Bye);
            writers.push(p.writer);
        }
        let _ = tokio::time::timeout(SHUTDOWN_GRACE, async {
            for w in writers {
                let _ = w.await;
            }
        })
        .await;
        if let Remote::On(endpoint) = std::mem::replace(&mut self.remote, Remote::Off) {
            let _ = tokio::time::timeout(SHUTDOWN_GRACE, endpoint.close()).await;
        }
    }
}

/// The short form of a key the host compares with what the joiner reads out.
fn fingerprint(key: &EndpointId) -> String {
    key.fmt_short().to_string()
}

async fn accept_local(
    listener: tokio::net::UnixListener,
    internal: tmpsc::UnboundedSender<Internal>,
    next_peer: Arc<AtomicU64>,
) {
    let ours = runtime_dir::our_uid();
    loop {
        let Ok((mut stream, _)) = listener.accept().await else {
            // Out of file descriptors, say: try again soon rather than spin.
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        let uid = stream.peer_cred().map(|c| c.uid());
        let checked = match uid {
            Ok(uid) => check_peer_uid(uid, ours),
            Err(e) => Err(format!("cannot tell who is connecting: {e}")),
        };
        if let Err(reason) = checked {
            tokio::spawn(async move {
                let _ = frame::write_message(&mut stream, &Message::Refused { reason }).await;
                let _ = stream.shutdown().await;
            });
            continue;
        }
        let peer = PeerId(next_peer.fetch_add(1, Ordering::Relaxed));
        let (r, w) = stream.into_split();
        tokio::spawn(serve(peer, Origin::Local, r, w, internal.clone()));
    }
}

async fn accept_remote(
    endpoint: Endpoint,
    internal: tmpsc::UnboundedSender<Internal>,
    next_peer: Arc<AtomicU64>,
) {
    while let Some(incoming) = endpoint.accept().await {
        let internal = internal.clone();
        let peer = PeerId(next_peer.fetch_add(1, Ordering::Relaxed));
        tokio::spawn(async move {
            let Ok(conn) = incoming.await else { return };
            let key = conn.remote_id();
            let Ok(Ok((send, recv))) = tokio::time::timeout(HELLO_TIMEOUT, conn.accept_bi()).await
            else {
                return;
            };
            serve(peer, Origin::Remote(key), recv, send, internal).await;
            conn.close(0u32.into(), b"bye");
        });
    }
}

/// One connection: waits for Hello, hands it to the actor, then forwards what the seat
/// sends until it leaves. Writing happens in a task of its own, fed by the actor.
async fn serve<R, W>(
    peer: PeerId,
    origin: Origin,
    mut r: R,
    mut w: W,
    internal: tmpsc::UnboundedSender<Internal>,
) where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    let hello = match tokio::time::timeout(HELLO_TIMEOUT, frame::read_message(&mut r)).await {
        Ok(Ok(Message::Hello {
            version: _,
            name,
            purpose,
            token,
        })) => (name, purpose, token),
        Ok(Err(e @ FrameError::Version { .. })) => {
            let _ = frame::write_message(
                &mut w,
                &Message::Refused {
                    reason: e.to_string(),
                },
            )
            .await;
            let _ = w.shutdown().await;
            // Let the refusal arrive before the connection goes.
            let _ = frame::read_message(&mut r).await;
            return;
        }
        // A probe that only checks the meeting is alive, or something that is not a seat.
        _ => return,
    };
    let (name, purpose, token) = hello;
    let (out, mut out_rx) = tmpsc::unbounded_channel::<Message>();
    let writer = tokio::spawn(async move {
        while let Some(message) = out_rx.recv().await {
            let last = matches!(
                message,
                Message::Refused { .. } | Message::Bye | Message::Ticket(_)
            );
            if frame::write_message(&mut w, &message).await.is_err() || last {
                break;
            }
        }
        let _ = w.shutdown().await;
    });
    let hello = Internal::Hello {
        peer,
        origin,
        name,
        purpose,
        token,
        out,
        writer,
    };
    if internal.send(hello).is_err() {
        return;
    }
    let reason = loop {
        match frame::read_message(&mut r).await {
            Ok(Message::Data(bytes)) => {
                if internal.send(Internal::Data(peer, bytes)).is_err() {
                    return;
                }
            }
            Ok(Message::Bye) | Err(FrameError::Closed) => {
                break ("left the meeting".to_string(), false);
            }
            Ok(_) => {}
            Err(e) => break (format!("connection lost: {e}"), true),
        }
    };
    let (reason, lost) = reason;
    let _ = internal.send(Internal::Gone(peer, reason, lost));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u8) -> EndpointId {
        iroh::SecretKey::from_bytes(&[n; 32]).public()
    }

    #[test]
    fn a_foreign_uid_is_refused_and_says_whose_meeting_it_is() {
        assert_eq!(check_peer_uid(1000, 1000), Ok(()));
        assert_eq!(
            check_peer_uid(1001, 1000),
            Err("this meeting belongs to another user (uid 1000); you are uid 1001".into())
        );
        // root is another user too.
        assert!(check_peer_uid(0, 1000).is_err());
    }

    #[test]
    fn a_valid_ticket_asks_the_host_once() {
        let t0 = Instant::now();
        let mut door = Door::new(Duration::from_secs(60));
        door.issue("tok".into(), t0);
        assert_eq!(door.knock(key(1), Some("tok"), t0), Knock::AskHost);
        // Spent: a second knock with it is refused, even by another key.
        let again = Knock::Refuse(EXPIRED_TICKET.into());
        assert_eq!(door.knock(key(1), Some("tok"), t0), again);
        assert_eq!(door.knock(key(2), Some("tok"), t0), again);
    }

    #[test]
    fn an_expired_or_unknown_ticket_is_refused() {
        let t0 = Instant::now();
        let mut door = Door::new(Duration::from_secs(60));
        door.issue("tok".into(), t0);
        let refused = Knock::Refuse(EXPIRED_TICKET.into());
        assert_eq!(
            door.knock(key(1), Some("tok"), t0 + Duration::from_secs(60)),
            refused
        );
        assert_eq!(door.knock(key(1), Some("other"), t0), refused);
        assert_eq!(door.knock(key(1), None, t0), refused);
    }

    #[test]
    fn an_accepted_key_comes_back_without_a_ticket_until_forgotten() {
        let t0 = Instant::now();
        let mut door = Door::new(Duration::from_secs(60));
        door.accept(key(1));
        assert_eq!(door.knock(key(1), None, t0), Knock::LetIn);
        assert!(matches!(door.knock(key(2), None, t0), Knock::Refuse(_)));
        door.forget(&key(1));
        assert!(matches!(door.knock(key(1), None, t0), Knock::Refuse(_)));
    }
}
