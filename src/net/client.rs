//! The joining side: a seat attached to a meeting, on this machine or through a ticket.
//!
//! When the link drops the client says [`ClientEvent::Offline`] and keeps trying in the
//! background (every 100 ms at first, then at most every 2 s) until it is back
//! ([`ClientEvent::Reconnected`]) or dropped. [`Client::send`] while offline returns an
//! error and sends nothing: the meeting document resynchronises after `Reconnected`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use iroh::{Endpoint, EndpointAddr};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc as tmpsc;

use super::frame::{self, FrameError, Message, PROTOCOL_VERSION, Purpose};
use super::hub::check_peer_uid;
use super::ticket::Ticket;
use super::{Relay, Waker, bind_endpoint, choose_session, runtime_dir};

/// The first wait before trying to reconnect; it doubles up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(2);
/// How long a leaving seat waits for its goodbye to reach the host.
const BYE_GRACE: Duration = Duration::from_secs(1);

/// What happened to a joined seat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientEvent {
    /// The host let us in.
    Welcomed { session_id: String, host: String },
    /// The host sent a payload.
    Data(Vec<u8>),
    /// The host turned us away (or removed us); the client stops.
    Refused(String),
    /// The link dropped; the client is trying to reconnect.
    Offline(String),
    /// The link is back and the host let us in again.
    Reconnected,
}

/// Settings of a remote client.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Whether the iroh endpoint uses relays.
    pub relay: Relay,
    /// How long one attempt to reach the host may take.
    pub connect_timeout: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            relay: Relay::from_env(),
            connect_timeout: Duration::from_secs(15),
        }
    }
}

/// A seat attached to a meeting. Dropping it says goodbye to the host.
pub struct Client {
    commands: tmpsc::UnboundedSender<Command>,
    events: mpsc::Receiver<ClientEvent>,
    online: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

enum Command {
    Send(Vec<u8>),
    Quit,
}

/// Where the host is.
enum Target {
    Local {
        socket: PathBuf,
        session: String,
    },
    Remote {
        endpoint: Endpoint,
        addr: EndpointAddr,
        timeout: Duration,
    },
}

type Reader = Box<dyn AsyncRead + Unpin + Send>;
type Writer = Box<dyn AsyncWrite + Unpin + Send>;

/// One connection to the host; the QUIC connection is kept so that it stays open.
struct Link {
    r: Reader,
    w: Writer,
    conn: Option<iroh::endpoint::Connection>,
}

impl Client {
    /// Attaches to a meeting of this user on this machine: `session`, or with `None` the
    /// only one running. Returns once connected; [`ClientEvent::Welcomed`] follows.
    pub fn connect_local(
        runtime_dir: &Path,
        session: Option<&str>,
        name: &str,
        waker: Waker,
    ) -> Result<Client> {
        runtime_dir::ensure_private(runtime_dir)?;
        let session = choose_session(runtime_dir, session)?;
        let socket = runtime_dir::socket_path(runtime_dir, &session)?;
        let target = Target::Local { socket, session };
        Client::start(move || async move { Ok(target) }, name, None, waker)
    }

    /// Knocks on a meeting on another machine with the ticket its host gave, with the
    /// default options. Returns once connected; the host then accepts
    /// ([`ClientEvent::Welcomed`]) or refuses ([`ClientEvent::Refused`]).
    pub fn connect_ticket(ticket: &str, name: &str, waker: Waker) -> Result<Client> {
        Client::connect_ticket_with(ticket, name, waker, ClientOptions::default())
    }

    /// [`Client::connect_ticket`] with explicit options.
    pub fn connect_ticket_with(
        ticket: &str,
        name: &str,
        waker: Waker,
        options: ClientOptions,
    ) -> Result<Client> {
        let ticket: Ticket = ticket.parse()?;
        let token = ticket.token_text();
        let make = move || async move {
            let endpoint = bind_endpoint(options.relay, Vec::new()).await?;
            Ok(Target::Remote {
                endpoint,
                addr: ticket.addr,
                timeout: options.connect_timeout,
            })
        };
        Client::start(make, name, Some(token), waker)
    }

    fn start<F, Fut>(
        make_target: F,
        name: &str,
        token: Option<String>,
        waker: Waker,
    ) -> Result<Client>
    where
        F: FnOnce() -> Fut + Send + 'static,
        Fut: std::future::Future<Output = Result<Target>>,
    {
        let (commands, command_rx) = tmpsc::unbounded_channel();
        let (event_tx, events) = mpsc::channel();
        let online = Arc::new(AtomicBool::new(false));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("cannot start the seat's I/O runtime")?;
        let (first_tx, first_rx) = mpsc::sync_channel::<Result<()>>(1);
        let hello = Message::Hello {
            version: PROTOCOL_VERSION,
            name: name.to_string(),
            purpose: Purpose::Join,
            token,
        };
        let seat = Seat {
            hello,
            events: Events {
                tx: event_tx,
                waker,
            },
            online: online.clone(),
            welcomed: false,
        };
        let thread = std::thread::Builder::new()
            .name("kickoff-seat".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let target = match make_target().await {
                        Ok(t) => t,
                        Err(e) => {
                            let _ = first_tx.send(Err(e));
                            return;
                        }
                    };
                    match connect(&target).await {
                        Ok(link) => {
                            let _ = first_tx.send(Ok(()));
                            seat.run(&target, link, command_rx).await;
                        }
                        Err(e) => {
                            let _ = first_tx.send(Err(e));
                        }
                    }
                    if let Target::Remote { endpoint, .. } = target {
                        let _ = tokio::time::timeout(BYE_GRACE, endpoint.close()).await;
                    }
                })
            })
            .context("cannot start the seat's I/O thread")?;
        let first = first_rx
            .recv()
            .map_err(|_| anyhow!("the seat's I/O thread stopped"));
        let mut client = Client {
            commands,
            events,
            online,
            thread: Some(thread),
        };
        if let Err(e) = first.and_then(|r| r) {
            // Nothing to say goodbye to: let the thread finish.
            if let Some(thread) = client.thread.take() {
                let _ = thread.join();
            }
            return Err(e);
        }
        Ok(client)
    }

    /// The next event, if one is waiting.
    pub fn try_recv(&self) -> Option<ClientEvent> {
        self.events.try_recv().ok()
    }

    /// Waits up to `timeout` for the next event.
    pub fn recv_timeout(&self, timeout: Duration) -> Option<ClientEvent> {
        self.events.recv_timeout(timeout).ok()
    }

    /// Whether the host has let us in and the link is up.
    pub fn is_online(&self) -> bool {
        self.online.load(Ordering::SeqCst)
    }

    /// Sends a payload to the host. While offline (or before the host let us in) this
    /// returns an error and the payload is dropped, not queued.
    pub fn send(&self, bytes: Vec<u8>) -> Result<()> {
        frame::check_payload(bytes.len())?;
        if !self.is_online() {
            bail!("offline: the change stays here and is exchanged when the meeting is back");
        }
        self.commands
            .send(Command::Send(bytes))
            .map_err(|_| anyhow!("the seat's connection has stopped"))
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.commands.send(Command::Quit);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Connects to the meeting's socket and checks that it is served by our own user.
pub(super) async fn connect_socket(
    socket: &Path,
    session: &str,
) -> Result<(
    tokio::net::unix::OwnedReadHalf,
    tokio::net::unix::OwnedWriteHalf,
)> {
    let stream = tokio::net::UnixStream::connect(socket).await.map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused => {
                "it is not running on this machine".to_string()
            }
            _ => e.to_string(),
        };
        anyhow!(
            "cannot reach meeting {session}: {why} ({})",
            socket.display()
        )
    })?;
    let uid = stream
        .peer_cred()
        .map(|c| c.uid())
        .with_context(|| format!("cannot tell who serves {}", socket.display()))?;
    check_peer_uid(uid, runtime_dir::our_uid()).map_err(|_| {
        anyhow!(
            "{} is served by another user (uid {uid}), not by your meeting",
            socket.display()
        )
    })?;
    Ok(stream.into_split())
}

async fn connect(target: &Target) -> Result<Link> {
    match target {
        Target::Local { socket, session } => {
            let (r, w) = connect_socket(socket, session).await?;
            Ok(Link {
                r: Box::new(r),
                w: Box::new(w),
                conn: None,
            })
        }
        Target::Remote {
            endpoint,
            addr,
            timeout,
        } => {
            let unreachable = |why: String| {
                anyhow!(
                    "cannot reach the meeting of this ticket ({why}): it may have ended (a \
                     ticket dies with its meeting) or the network blocks it; ask the host for \
                     a new ticket"
                )
            };
            let attempt = async {
                let conn = endpoint
                    .connect(addr.clone(), super::ALPN)
                    .await
                    .map_err(|e| unreachable(e.to_string()))?;
                let (send, recv) = conn
                    .open_bi()
                    .await
                    .map_err(|e| unreachable(e.to_string()))?;
                Ok::<_, anyhow::Error>(Link {
                    r: Box::new(recv),
                    w: Box::new(send),
                    conn: Some(conn),
                })
            };
            tokio::time::timeout(*timeout, attempt)
                .await
                .map_err(|_| unreachable(format!("no answer within {} s", timeout.as_secs())))?
        }
    }
}

struct Events {
    tx: mpsc::Sender<ClientEvent>,
    waker: Waker,
}

impl Events {
    fn push(&self, event: ClientEvent) {
        if self.tx.send(event).is_ok() {
            (self.waker)();
        }
    }
}

/// How one connection ended.
enum End {
    Quit,
    Refused,
    Dropped(String),
}

struct Seat {
    hello: Message,
    events: Events,
    online: Arc<AtomicBool>,
    welcomed: bool,
}

impl Seat {
    async fn run(
        mut self,
        target: &Target,
        mut link: Link,
        mut commands: tmpsc::UnboundedReceiver<Command>,
    ) {
        loop {
            let end = self.session(&mut link, &mut commands).await;
            self.online.store(false, Ordering::SeqCst);
            if let Some(conn) = link.conn.take() {
                conn.close(0u32.into(), b"bye");
            }
            match end {
                End::Quit | End::Refused => return,
                End::Dropped(reason) => {
                    self.events.push(ClientEvent::Offline(reason));
                    match reconnect(target, &mut commands).await {
                        Some(l) => link = l,
                        None => return,
                    }
                }
            }
        }
    }

    /// Says Hello on `link`, then relays messages until the link ends.
    async fn session(
        &mut self,
        link: &mut Link,
        commands: &mut tmpsc::UnboundedReceiver<Command>,
    ) -> End {
        if let Err(e) = frame::write_message(&mut link.w, &self.hello).await {
            return End::Dropped(format!("lost the connection to the meeting: {e}"));
        }
        // Reading has its own task: a half-read frame must not be dropped by `select!`.
        let (tx, mut incoming) = tmpsc::unbounded_channel();
        let mut r = std::mem::replace(&mut link.r, Box::new(tokio::io::empty()));
        let reader = tokio::spawn(async move {
            loop {
                let message = frame::read_message(&mut r).await;
                let stop = message.is_err();
                if tx.send(message).is_err() || stop {
                    break;
                }
            }
        });
        let end = loop {
            tokio::select! {
                message = incoming.recv() => match message {
                    Some(Ok(Message::Welcome { session_id, host })) => {
                        self.online.store(true, Ordering::SeqCst);
                        if self.welcomed {
                            self.events.push(ClientEvent::Reconnected);
                        } else {
                            self.welcomed = true;
                            self.events.push(ClientEvent::Welcomed { session_id, host });
                        }
                    }
                    Some(Ok(Message::Data(bytes))) => self.events.push(ClientEvent::Data(bytes)),
                    Some(Ok(Message::Refused { reason })) => {
                        self.events.push(ClientEvent::Refused(reason));
                        break End::Refused;
                    }
                    Some(Ok(Message::Bye)) => {
                        break End::Dropped("the host left the meeting".into());
                    }
                    Some(Ok(_)) => {}
                    Some(Err(FrameError::Closed)) | None => {
                        break End::Dropped("the meeting closed the connection".into());
                    }
                    Some(Err(e)) => {
                        break End::Dropped(format!("lost the connection to the meeting: {e}"));
                    }
                },
                command = commands.recv() => match command {
                    Some(Command::Send(bytes)) => {
                        if let Err(e) = frame::write_message(&mut link.w, &Message::Data(bytes)).await {
                            break End::Dropped(format!("lost the connection to the meeting: {e}"));
                        }
                    }
                    Some(Command::Quit) | None => {
                        let _ = frame::write_message(&mut link.w, &Message::Bye).await;
                        let _ = link.w.shutdown().await;
                        // The host closes its side when it has read the goodbye.
                        let _ = tokio::time::timeout(BYE_GRACE, async {
                            while let Some(Ok(_)) = incoming.recv().await {}
                        })
                        .await;
                        break End::Quit;
                    }
                },
            }
        };
        reader.abort();
        end
    }
}

/// Tries to reach the host again with a growing pause, until it answers or the client is
/// dropped (`None`). Payloads sent meanwhile are dropped (`send` already refused them).
async fn reconnect(
    target: &Target,
    commands: &mut tmpsc::UnboundedReceiver<Command>,
) -> Option<Link> {
    let mut backoff = FIRST_BACKOFF;
    loop {
        let until = tokio::time::Instant::now() + backoff;
        loop {
            tokio::select! {
                _ = tokio::time::sleep_until(until) => break,
                command = commands.recv() => match command {
                    Some(Command::Send(_)) => {}
                    Some(Command::Quit) | None => return None,
                },
            }
        }
        let attempt = connect(target);
        tokio::pin!(attempt);
        let result = loop {
            tokio::select! {
                result = &mut attempt => break result,
                command = commands.recv() => match command {
                    Some(Command::Send(_)) => {}
                    Some(Command::Quit) | None => return None,
                },
            }
        };
        if let Ok(link) = result {
            return Some(link);
        }
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}
