//! The seats' transport end to end: a hub and its clients in one test process, over the
//! Unix socket of a private temporary runtime directory and over iroh on loopback with the
//! relays off. Waiting for an event has a generous timeout; nothing asserts on timing.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use kickoff::net::frame::{self, Message, Purpose};
use kickoff::net::hub::EXPIRED_TICKET;
use kickoff::net::{
    Client, ClientEvent, ClientOptions, Hub, HubOptions, NetEvent, PeerId, Relay, Via, Waker,
};

/// Long enough for a loaded machine; a test only waits this long when it is failing.
const WAIT: Duration = Duration::from_secs(20);

struct Run {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    wakes: Arc<AtomicUsize>,
}

impl Run {
    fn new() -> Run {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("run");
        Run {
            _tmp: tmp,
            dir,
            wakes: Arc::new(AtomicUsize::new(0)),
        }
    }

    fn waker(&self) -> Waker {
        let wakes = self.wakes.clone();
        Arc::new(move || {
            wakes.fetch_add(1, Ordering::SeqCst);
        })
    }

    /// Whether the waker was called `n` times, waiting up to [`WAIT`] for it.
    fn woken_at_least(&self, n: usize) -> bool {
        let deadline = std::time::Instant::now() + WAIT;
        while self.wakes.load(Ordering::SeqCst) < n {
            if std::time::Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        true
    }

    fn hub(&self, session: &str) -> Hub {
        self.hub_with(session, HubOptions::default())
    }

    fn hub_with(&self, session: &str, options: HubOptions) -> Hub {
        Hub::start_with(&self.dir, session, "Ana", self.waker(), options).expect("start hub")
    }

    fn join(&self, name: &str) -> Client {
        Client::connect_local(&self.dir, None, name, self.waker()).expect("join")
    }
}

fn offline_options() -> HubOptions {
    HubOptions {
        relay: Relay::Disabled,
        ..HubOptions::default()
    }
}

fn client_options() -> ClientOptions {
    ClientOptions {
        relay: Relay::Disabled,
        connect_timeout: WAIT,
    }
}

fn next(hub: &Hub) -> NetEvent {
    hub.recv_timeout(WAIT).expect("an event at the hub")
}

fn next_c(client: &Client) -> ClientEvent {
    client.recv_timeout(WAIT).expect("an event at the seat")
}

fn joined(hub: &Hub) -> (PeerId, String, Via) {
    match next(hub) {
        NetEvent::Joined { peer, name, via } => (peer, name, via),
        other => panic!("expected Joined, got {other:?}"),
    }
}

fn data(hub: &Hub) -> (PeerId, Vec<u8>) {
    match next(hub) {
        NetEvent::Data { peer, bytes } => (peer, bytes),
        other => panic!("expected Data, got {other:?}"),
    }
}

fn knock(hub: &Hub) -> (PeerId, String, String) {
    match next(hub) {
        NetEvent::Knock {
            peer,
            name,
            fingerprint,
        } => (peer, name, fingerprint),
        other => panic!("expected Knock, got {other:?}"),
    }
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

/// Sends `bytes` from a seat that is in the meeting.
fn send_when_online(client: &Client, bytes: &[u8]) {
    client.send(bytes.to_vec()).expect("send from the seat");
}

#[test]
fn a_local_seat_joins_and_payloads_flow_both_ways_in_order() {
    let run = Run::new();
    let hub = run.hub("acme");
    let client = run.join("Bea");

    let (peer, name, via) = joined(&hub);
    assert_eq!((name.as_str(), via), ("Bea", Via::Local));
    assert_eq!(
        next_c(&client),
        ClientEvent::Welcomed {
            session_id: "acme".into(),
            host: "Ana".into()
        }
    );
    let peers = hub.peers();
    assert_eq!(peers.len(), 1);
    assert_eq!((peers[0].peer, peers[0].name.as_str()), (peer, "Bea"));

    for i in 0..5u8 {
        send_when_online(&client, &[i; 3]);
    }
    for i in 0..5u8 {
        assert_eq!(data(&hub), (peer, vec![i; 3]));
    }

    // Several frames back, then one of 8 MiB, then a broadcast.
    let large: Vec<u8> = (0..8 * 1024 * 1024).map(|i| (i % 251) as u8).collect();
    hub.send(peer, b"one".to_vec()).expect("send");
    hub.send(peer, b"two".to_vec()).expect("send");
    hub.send(peer, large.clone()).expect("send large");
    hub.broadcast(b"all".to_vec()).expect("broadcast");
    assert_eq!(next_c(&client), ClientEvent::Data(b"one".to_vec()));
    assert_eq!(next_c(&client), ClientEvent::Data(b"two".to_vec()));
    assert_eq!(next_c(&client), ClientEvent::Data(large));
    assert_eq!(next_c(&client), ClientEvent::Data(b"all".to_vec()));

    // A large frame from the seat as well.
    let large_up = vec![7u8; 3 * 1024 * 1024 + 1];
    send_when_online(&client, &large_up);
    assert_eq!(data(&hub), (peer, large_up));

    // 7 events at the hub, 5 at the seat so far; the waker runs just after each is queued.
    assert!(run.woken_at_least(12), "the waker is called per event");

    drop(client);
    match next(&hub) {
        NetEvent::Left {
            peer: left,
            reason,
            lost,
        } => {
            assert_eq!(left, peer);
            assert_eq!(reason, "left the meeting");
            assert!(!lost, "a seat that says goodbye is not lost");
        }
        other => panic!("expected Left, got {other:?}"),
    }
    assert!(hub.peers().is_empty());
    assert!(hub.send(peer, b"late".to_vec()).is_err());
}

#[test]
fn the_runtime_directory_is_0700_and_the_socket_0600_and_both_go_away() {
    let run = Run::new();
    let hub = run.hub("acme");
    let socket = run.dir.join("acme.sock");
    assert_eq!(mode(&run.dir), 0o700);
    assert_eq!(mode(&socket), 0o600);
    assert_eq!(kickoff::net::live_meetings(&run.dir), vec!["acme"]);
    drop(hub);
    assert!(!socket.exists(), "the socket file is removed with the hub");
    assert!(kickoff::net::live_meetings(&run.dir).is_empty());
}

#[test]
fn an_open_runtime_directory_is_refused_on_both_sides() {
    let run = Run::new();
    std::fs::create_dir_all(&run.dir).expect("mkdir");
    std::fs::set_permissions(&run.dir, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let err = Hub::start(&run.dir, "acme", "Ana", run.waker())
        .err()
        .map(|e| format!("{e:#}"))
        .expect("an open directory is refused");
    assert!(err.contains("has mode 777"), "{err}");
    assert!(err.contains("chmod 700"), "{err}");
    let err = Client::connect_local(&run.dir, Some("acme"), "Bea", run.waker())
        .err()
        .map(|e| format!("{e:#}"))
        .expect("an open directory is refused");
    assert!(err.contains("has mode 777"), "{err}");
    // The directory is not quietly fixed.
    assert_eq!(mode(&run.dir), 0o777);
}

#[test]
fn a_second_hub_for_the_same_meeting_is_refused() {
    let run = Run::new();
    let first = run.hub("acme");
    let err = Hub::start(&run.dir, "acme", "Ana", run.waker())
        .err()
        .map(|e| format!("{e:#}"))
        .expect("a second hub is refused");
    assert!(
        err.contains("already open in another kickoff process"),
        "{err}"
    );
    // The first one still serves, and another meeting may run beside it.
    let _other = run.hub("globex");
    let client = Client::connect_local(&run.dir, Some("acme"), "Bea", run.waker()).expect("join");
    assert!(matches!(next_c(&client), ClientEvent::Welcomed { .. }));
    assert!(matches!(next(&first), NetEvent::Joined { .. }));
}

#[test]
fn a_stale_socket_is_replaced_and_not_listed() {
    let run = Run::new();
    kickoff::net::runtime_dir::ensure_private(&run.dir).expect("dir");
    // A socket whose process is gone: the file stays, nobody answers.
    for id in ["acme", "old"] {
        drop(
            std::os::unix::net::UnixListener::bind(run.dir.join(format!("{id}.sock")))
                .expect("bind"),
        );
    }
    assert!(kickoff::net::live_meetings(&run.dir).is_empty());
    let _hub = run.hub("acme");
    assert_eq!(kickoff::net::live_meetings(&run.dir), vec!["acme"]);
    let client = run.join("Bea");
    assert!(matches!(next_c(&client), ClientEvent::Welcomed { .. }));
}

#[test]
fn joining_without_a_session_needs_exactly_one_running_meeting() {
    let run = Run::new();
    let err = Client::connect_local(&run.dir, None, "Bea", run.waker())
        .err()
        .map(|e| format!("{e:#}"))
        .expect("no meeting");
    assert!(
        err.starts_with("no meeting of yours is running on this machine"),
        "{err}"
    );
    let err = Client::connect_local(&run.dir, Some("acme"), "Bea", run.waker())
        .err()
        .map(|e| format!("{e:#}"))
        .expect("no meeting");
    assert!(
        err.contains("cannot reach meeting acme: it is not running"),
        "{err}"
    );

    let _a = run.hub("acme");
    let _b = run.hub("globex");
    let err = Client::connect_local(&run.dir, None, "Bea", run.waker())
        .err()
        .map(|e| format!("{e:#}"))
        .expect("two meetings");
    assert_eq!(err, "2 meetings are running (acme, globex): say which one");
}

#[test]
fn a_seat_goes_offline_when_the_host_stops_and_comes_back_when_it_restarts() {
    let run = Run::new();
    let hub = run.hub("acme");
    let client = run.join("Bea");
    assert!(matches!(next_c(&client), ClientEvent::Welcomed { .. }));
    joined(&hub);
    assert!(client.is_online());

    drop(hub);
    assert_eq!(
        next_c(&client),
        ClientEvent::Offline("the host left the meeting".into())
    );
    let err = client.send(b"lost".to_vec()).err().map(|e| e.to_string());
    assert!(err.is_some_and(|e| e.starts_with("offline")));

    let hub = run.hub("acme");
    assert_eq!(next_c(&client), ClientEvent::Reconnected);
    let (peer, name, _) = joined(&hub);
    assert_eq!(name, "Bea");
    send_when_online(&client, b"back");
    assert_eq!(data(&hub), (peer, b"back".to_vec()));
    hub.send(peer, b"hi".to_vec()).expect("send");
    assert_eq!(next_c(&client), ClientEvent::Data(b"hi".to_vec()));
}

#[test]
fn another_protocol_version_is_refused_with_a_clear_reason() {
    let run = Run::new();
    let hub = run.hub("acme");
    let socket = run.dir.join("acme.sock");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let reply = runtime.block_on(async {
        let mut stream = tokio::net::UnixStream::connect(&socket)
            .await
            .expect("connect");
        let hello = Message::Hello {
            version: frame::PROTOCOL_VERSION + 1,
            name: "Future".into(),
            purpose: Purpose::Join,
            token: None,
        };
        frame::write_message(&mut stream, &hello)
            .await
            .expect("write");
        tokio::time::timeout(WAIT, frame::read_message(&mut stream))
            .await
            .expect("an answer")
            .expect("a frame")
    });
    let expected = format!(
        "the other seat speaks seat protocol version {}, this kickoff speaks version {}: \
         run the same kickoff version on both seats",
        frame::PROTOCOL_VERSION + 1,
        frame::PROTOCOL_VERSION
    );
    assert_eq!(reply, Message::Refused { reason: expected });
    assert!(hub.try_recv().is_none(), "a refused hello is not a seat");
}

#[test]
fn a_remote_seat_knocks_is_accepted_and_payloads_flow_both_ways() {
    let run = Run::new();
    let hub = run.hub_with("acme", offline_options());
    let ticket = hub.invite().expect("a ticket").to_string();
    assert!(ticket.starts_with("kickoff1"));

    let client =
        Client::connect_ticket_with(&ticket, "Cy", run.waker(), client_options()).expect("connect");
    let (peer, name, fingerprint) = knock(&hub);
    assert_eq!(name, "Cy");
    assert!(!fingerprint.is_empty());
    assert!(hub.peers().is_empty(), "a knock is not a seat yet");
    assert!(
        client.send(b"early".to_vec()).is_err(),
        "not in before the host accepts"
    );

    hub.accept(peer).expect("accept");
    assert_eq!(
        next_c(&client),
        ClientEvent::Welcomed {
            session_id: "acme".into(),
            host: "Ana".into()
        }
    );
    let (joined_peer, _, via) = joined(&hub);
    assert_eq!(joined_peer, peer);
    assert_eq!(via, Via::Remote { fingerprint });

    send_when_online(&client, b"from afar");
    send_when_online(&client, &vec![3u8; 2 * 1024 * 1024]);
    assert_eq!(data(&hub), (peer, b"from afar".to_vec()));
    assert_eq!(data(&hub), (peer, vec![3u8; 2 * 1024 * 1024]));
    hub.send(peer, b"welcome".to_vec()).expect("send");
    assert_eq!(next_c(&client), ClientEvent::Data(b"welcome".to_vec()));

    drop(client);
    assert!(matches!(next(&hub), NetEvent::Left { peer: p, .. } if p == peer));
}

#[test]
fn a_refused_seat_is_told_why_and_cannot_send() {
    let run = Run::new();
    let hub = run.hub_with("acme", offline_options());
    let ticket = hub.invite().expect("a ticket").to_string();
    let client = Client::connect_ticket_with(&ticket, "Eve", run.waker(), client_options())
        .expect("connect");
    let (peer, _, _) = knock(&hub);
    hub.refuse(peer, "I don't know you").expect("refuse");
    assert_eq!(
        next_c(&client),
        ClientEvent::Refused("I don't know you".into())
    );
    assert!(client.send(b"x".to_vec()).is_err());
    assert!(hub.peers().is_empty());
}

#[test]
fn a_ticket_works_once() {
    let run = Run::new();
    let hub = run.hub_with("acme", offline_options());
    let ticket = hub.invite().expect("a ticket").to_string();
    let first =
        Client::connect_ticket_with(&ticket, "Cy", run.waker(), client_options()).expect("connect");
    let (peer, _, _) = knock(&hub);
    hub.accept(peer).expect("accept");
    assert!(matches!(next_c(&first), ClientEvent::Welcomed { .. }));

    let second = Client::connect_ticket_with(&ticket, "Eve", run.waker(), client_options())
        .expect("connect");
    assert_eq!(next_c(&second), ClientEvent::Refused(EXPIRED_TICKET.into()));
    assert!(matches!(next(&hub), NetEvent::Joined { .. }));
    assert!(
        hub.try_recv().is_none(),
        "the second knock never reaches the host"
    );
}

#[test]
fn an_expired_ticket_is_refused_with_a_clear_message() {
    let run = Run::new();
    let hub = run.hub_with(
        "acme",
        HubOptions {
            ticket_lifetime: Duration::ZERO,
            ..offline_options()
        },
    );
    let ticket = hub.invite().expect("a ticket").to_string();
    let client =
        Client::connect_ticket_with(&ticket, "Cy", run.waker(), client_options()).expect("connect");
    assert_eq!(
        next_c(&client),
        ClientEvent::Refused(
            "this ticket has expired or was already used: ask the host for a new one".into()
        )
    );
}

#[test]
fn a_ticket_dies_with_its_meeting() {
    let run = Run::new();
    let hub = run.hub_with("acme", offline_options());
    let ticket = hub.invite().expect("a ticket").to_string();
    drop(hub);
    let options = ClientOptions {
        connect_timeout: Duration::from_secs(2),
        ..client_options()
    };
    let err = Client::connect_ticket_with(&ticket, "Cy", run.waker(), options)
        .err()
        .map(|e| format!("{e:#}"))
        .expect("nobody answers");
    assert!(
        err.starts_with("cannot reach the meeting of this ticket"),
        "{err}"
    );
    assert!(err.contains("ask the host for a new ticket"), "{err}");
}

#[test]
fn malformed_ticket_text_is_refused_before_connecting() {
    let run = Run::new();
    for (text, expected) in [
        ("https://example.org", "this is not a kickoff ticket"),
        ("kickoff1abc", "the ticket is damaged"),
    ] {
        let err = Client::connect_ticket_with(text, "Cy", run.waker(), client_options())
            .err()
            .map(|e| format!("{e:#}"))
            .expect("refused");
        assert!(err.starts_with(expected), "{text}: {err}");
    }
}

#[test]
fn another_terminal_can_ask_the_meeting_for_a_ticket() {
    let run = Run::new();
    let hub = run.hub_with("acme", offline_options());
    let ticket = kickoff::net::request_invite(&run.dir, None).expect("a ticket");
    assert_eq!(
        next(&hub),
        NetEvent::InviteMade {
            ticket: ticket.clone()
        }
    );
    assert!(hub.peers().is_empty(), "asking for a ticket is not joining");
    // The ticket works.
    let client =
        Client::connect_ticket_with(&ticket, "Cy", run.waker(), client_options()).expect("connect");
    let (peer, name, _) = knock(&hub);
    assert_eq!(name, "Cy");
    hub.accept(peer).expect("accept");
    assert!(matches!(next_c(&client), ClientEvent::Welcomed { .. }));
}

#[test]
fn an_accepted_key_comes_back_after_a_drop_without_knocking_again() {
    let run = Run::new();
    let hub = run.hub_with("acme", offline_options());
    let ticket: kickoff::net::Ticket = hub
        .invite()
        .expect("a ticket")
        .to_string()
        .parse()
        .expect("parse");
    // A seat speaking the protocol by hand, so that its link can be cut and made again
    // with the same key. Its endpoint's I/O is driven by a thread of its own while the test
    // waits for the hub.
    let runtime = Arc::new(
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime"),
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let driver = {
        let runtime = runtime.clone();
        std::thread::spawn(move || {
            let _ = runtime.block_on(stopped);
        })
    };
    let runtime = runtime.handle().clone();
    let endpoint = runtime.block_on(async {
        iroh::Endpoint::builder(iroh::endpoint::presets::Minimal)
            .relay_mode(iroh::RelayMode::Disabled)
            .bind()
            .await
            .expect("bind")
    });
    let hello = |token: Option<String>| Message::Hello {
        version: frame::PROTOCOL_VERSION,
        name: "Cy".into(),
        purpose: Purpose::Join,
        token,
    };
    let link = |hello: Message| {
        runtime.block_on(async {
            let conn = endpoint
                .connect(ticket.addr.clone(), kickoff::net::ALPN)
                .await
                .expect("connect");
            let (mut send, recv) = conn.open_bi().await.expect("stream");
            frame::write_message(&mut send, &hello)
                .await
                .expect("hello");
            (conn, send, recv)
        })
    };
    let answer = |recv: &mut iroh::endpoint::RecvStream| {
        runtime.block_on(async {
            tokio::time::timeout(WAIT, frame::read_message(recv))
                .await
                .expect("an answer")
                .expect("a frame")
        })
    };

    let (conn, _send, mut recv) = link(hello(Some(ticket.token_text())));
    let (peer, _, _) = knock(&hub);
    hub.accept(peer).expect("accept");
    assert!(matches!(answer(&mut recv), Message::Welcome { .. }));
    joined(&hub);

    // The link breaks without a goodbye.
    conn.close(1u32.into(), b"network gone");
    assert!(
        matches!(next(&hub), NetEvent::Left { peer: p, lost: true, .. } if p == peer),
        "a broken link is reported as lost"
    );

    // Same key, spent ticket: straight back in, no knock on the host's screen.
    let (_conn, _send, mut recv) = link(hello(Some(ticket.token_text())));
    assert!(matches!(answer(&mut recv), Message::Welcome { .. }));
    let (again, name, _) = joined(&hub);
    assert_ne!(again, peer, "a new connection is a new peer");
    assert_eq!(name, "Cy");

    // Another key with the spent ticket is refused.
    let stranger = runtime.block_on(async {
        iroh::Endpoint::builder(iroh::endpoint::presets::Minimal)
            .relay_mode(iroh::RelayMode::Disabled)
            .bind()
            .await
            .expect("bind")
    });
    let reply = runtime.block_on(async {
        let conn = stranger
            .connect(ticket.addr.clone(), kickoff::net::ALPN)
            .await
            .expect("connect");
        let (mut send, mut recv) = conn.open_bi().await.expect("stream");
        frame::write_message(&mut send, &hello(Some(ticket.token_text())))
            .await
            .expect("hello");
        tokio::time::timeout(WAIT, frame::read_message(&mut recv))
            .await
            .expect("an answer")
            .expect("a frame")
    });
    assert_eq!(
        reply,
        Message::Refused {
            reason: EXPIRED_TICKET.into()
        }
    );
    let _ = stop.send(());
    driver.join().expect("driver thread");
}

#[test]
fn the_app_can_ask_for_tickets_without_waiting() {
    let run = Run::new();
    let hub = run.hub_with("acme", offline_options());
    // Both asked while the endpoint is still starting.
    hub.request_invite().expect("ask");
    hub.request_invite().expect("ask");
    let mut tickets = Vec::new();
    for _ in 0..2 {
        match next(&hub) {
            NetEvent::InviteMade { ticket } => tickets.push(ticket),
            other => panic!("expected InviteMade, got {other:?}"),
        }
    }
    assert_ne!(tickets[0], tickets[1], "each ticket has its own token");
    for ticket in &tickets {
        let parsed: kickoff::net::Ticket = ticket.parse().expect("a ticket");
        assert!(parsed.addr.ip_addrs().next().is_some(), "{ticket}");
    }
    // The second one works after the first was used.
    let first = Client::connect_ticket_with(&tickets[0], "Cy", run.waker(), client_options())
        .expect("connect");
    knock(&hub);
    let second = Client::connect_ticket_with(&tickets[1], "Di", run.waker(), client_options())
        .expect("connect");
    let (_, name, _) = knock(&hub);
    assert_eq!(name, "Di");
    drop((first, second));
}
