//! The terminal shell. Layers, each using only those before it:
//! `action`, `keymap`, `theme`, `text` ← `widgets` ← `app` (and `start`) ← `view` ← this
//! loop. The loop reads events, turns them into actions (`App::action_for`), applies
//! them (`App::update`) and carries out the effects that come back: it is the only
//! place with I/O (the disk, the clipboard, the terminal, the environment).

pub mod action;
pub mod app;
pub mod keymap;
pub mod links;
pub mod saver;
pub mod start;
pub mod text;
pub mod theme;
pub mod view;
pub mod widgets;

use std::collections::VecDeque;
use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use crossterm::clipboard::CopyToClipboard;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyCode};
use crossterm::execute;
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::layout::Rect;
use ratatui::{DefaultTerminal, Terminal};

use self::action::{Action, Effect, ExportReport, LinkEvent, Recipients, SaveReport};
use self::app::{App, Outcome};
use self::saver::Saver;
use self::start::{Picked, StartScreen};
use crate::core::clock::Clock;
use crate::core::export::Version;
use crate::core::export::followup::FollowUp;
use crate::core::meeting::Meeting;
use crate::core::store::{Store, export_file_name, followup_file_names, write_atomic};

/// How often the screen is redrawn without input: the timers show seconds.
const TICK: Duration = Duration::from_secs(1);
/// Once input is coming, how long the loop looks for more before drawing: long enough
/// for crossterm to look at the terminal again (a zero timeout only returns events it
/// has parsed already), so a burst it reads in 1 KiB pieces is handled as one; short
/// enough that a single key is drawn at once. (Crossterm waits in whole milliseconds
/// and spins for the rest, so a longer gap costs each key its length in latency and CPU.)
const BURST_GAP: Duration = Duration::from_micros(10);
/// The longest the loop handles a burst without drawing, so a long one shows progress.
const DRAW_AT_LEAST_EVERY: Duration = Duration::from_millis(100);
/// After a stop request: input is over once the terminal has been quiet this long...
const STOP_QUIET: Duration = Duration::from_millis(10);
/// ...or after this long in all, so a terminal that keeps sending does not delay the save.
const STOP_READ_LIMIT: Duration = Duration::from_millis(1500);

/// How the signal thread asks the meeting loop to stop: the loop reads and applies the
/// input already waiting in the terminal, hands the meeting to the saver, answers, and
/// waits for the signal thread to end the process.
#[derive(Clone, Default)]
pub struct StopRequest {
    inner: Arc<StopInner>,
}

#[derive(Default)]
struct StopInner {
    asked: AtomicBool,
    answered: Mutex<bool>,
    done: Condvar,
}

impl StopRequest {
    /// A request nobody made yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the loop to stop and waits at most `patience` for it to apply the input
    /// already waiting; returns whether it answered (a stuck or finished loop does not).
    ///
    /// The loop sleeps in `event::poll` and never polls the request: raising SIGWINCH
    /// wakes it, because crossterm's event source listens for that signal through a
    /// pipe it polls with the terminal (the input already waiting is read first). The
    /// resulting resize event to the same size changes nothing.
    pub fn ask_and_wait(&self, patience: Duration) -> bool {
        self.inner.asked.store(true, Ordering::SeqCst);
        #[cfg(unix)]
        let _ = signal_hook::low_level::raise(signal_hook::consts::SIGWINCH);
        let answered = self
            .inner
            .answered
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let (answered, _) = self
            .inner
            .done
            .wait_timeout_while(answered, patience, |answered| !*answered)
            .unwrap_or_else(PoisonError::into_inner);
        *answered
    }

    fn asked(&self) -> bool {
        self.inner.asked.load(Ordering::SeqCst)
    }

    fn answer(&self) {
        *self
            .inner
            .answered
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = true;
        self.inner.done.notify_all();
    }
}

/// Turns bracketed paste on for as long as it lives, so pasted text arrives as one event.
struct BracketedPaste;

impl BracketedPaste {
    fn enable() -> Self {
        // Terminals without bracketed paste deliver pasted text as keys, which also works.
        let _ = execute!(io::stdout(), EnableBracketedPaste);
        Self
    }
}

impl Drop for BracketedPaste {
    fn drop(&mut self) {
        let _ = execute!(io::stdout(), DisableBracketedPaste);
    }
}

/// Where the session file and the exports go.
pub struct Disk {
    store: Option<Store>,
    saver: Option<Saver>,
    /// The meeting as last handed over, for note-only saves written in place.
    latest: Option<Meeting>,
    /// Where an export goes when the data directory refuses writes, in order.
    pub fallback_dirs: Vec<PathBuf>,
}

impl Disk {
    /// Nowhere: saves and exports are dropped (the clipboard still gets the export).
    pub fn none() -> Self {
        Self {
            store: None,
            saver: None,
            latest: None,
            fallback_dirs: Vec::new(),
        }
    }

    /// Saves written into `store` on the calling thread.
    pub fn in_place(store: Store) -> Self {
        Self {
            store: Some(store),
            ..Self::none()
        }
    }

    /// Saves handed to `saver`'s thread (typing never waits for the disk); exports written
    /// into `store`, else into the working directory or the home directory.
    pub fn with_saver(store: Store, saver: Saver) -> Self {
        Self {
            store: Some(store),
            saver: Some(saver),
            latest: None,
            fallback_dirs: std::env::current_dir()
                .into_iter()
                .chain(std::env::home_dir())
                .collect(),
        }
    }

    /// Hands over the meeting as it is on disk already, for later note-only saves.
    fn seed(&mut self, meeting: &Meeting) {
        match &self.saver {
            Some(saver) => saver.seed(meeting.clone()),
            None if self.store.is_some() => self.latest = Some(meeting.clone()),
            None => {}
        }
    }

    /// Hands a save effect to the saver (or writes the whole meeting in place); reports
    /// the outcome so far.
    fn save(&mut self, effect: Effect) -> Option<SaveReport> {
        if let Some(saver) = &self.saver {
            match effect {
                Effect::SaveMeeting(meeting) => saver.submit(*meeting),
                Effect::SaveEdit(edit) => saver.submit_edit(edit),
                Effect::SaveState(state) => saver.submit_state(*state),
                Effect::Fold(meeting) => saver.fold_with(*meeting),
                _ => return None,
            }
            return Some(report_of(saver.status()));
        }
        let store = self.store.as_ref()?;
        match effect {
            Effect::SaveMeeting(meeting) => self.latest = Some(*meeting),
            Effect::SaveEdit(edit) => {
                self.latest.as_mut()?.apply_note_edit(&edit);
            }
            Effect::SaveState(state) => self.latest.as_mut()?.take_state(*state),
            Effect::Fold(meeting) => self.latest = Some(*meeting),
            _ => return None,
        }
        let meeting = self.latest.as_ref()?;
        Some(match store.save(meeting) {
            Ok(path) => SaveReport {
                path: Some(path),
                error: None,
                notice: None,
            },
            Err(e) => SaveReport {
                path: None,
                error: Some(e.to_string()),
                notice: None,
            },
        })
    }

    /// What the background saver last managed to do, if there is one.
    fn status(&self) -> Option<SaveReport> {
        self.saver.as_ref().map(|saver| report_of(saver.status()))
    }

    /// Writes `version` of the export into the data directory, or the first fallback
    /// that takes it.
    /// Writes the shared document of meeting `id`; reports only a failure.
    fn save_shared(&self, id: &str, bytes: &[u8]) -> Option<SaveReport> {
        let store = self.store.as_ref()?;
        let error = store.save_shared(id, bytes).err()?;
        Some(SaveReport {
            path: None,
            error: None,
            notice: Some(format!(
                "The shared document could not be saved ({error}): the notes are safe, but a restart will not keep the other seat's history."
            )),
        })
    }

    fn write_export(&self, id: &str, version: Version, markdown: &str) -> ExportReport {
        let Some(store) = &self.store else {
            return ExportReport::NoStore;
        };
        match store.write_export_version(id, version, markdown) {
            Ok(path) => ExportReport::Written(path),
            Err(e) => self.refused(&export_file_name(id, version), markdown, e.to_string()),
        }
    }

    /// The versions of meeting `id`'s export already in the data directory.
    fn exports_on_disk(&self, id: &str) -> Vec<Version> {
        let Some(store) = &self.store else {
            return Vec::new();
        };
        [Version::Customer, Version::Internal]
            .into_iter()
            .filter(|v| store.export_path(id, *v).is_file())
            .collect()
    }

    /// Writes the follow-up message next to the exports (see [`Store::write_followup`]),
    /// or into the first fallback that takes both files; reports where the plain text
    /// went.
    fn write_followup(&self, id: &str, followup: &FollowUp) -> ExportReport {
        let Some(store) = &self.store else {
            return ExportReport::NoStore;
        };
        match store.write_followup(id, &followup.plain, &followup.markdown) {
            Ok([plain, _]) => ExportReport::Written(plain),
            Err(e) => {
                let [txt, md] = followup_file_names(id);
                let fallback = self.fallback_dirs.iter().find_map(|dir| {
                    write_atomic(&dir.join(&md), followup.markdown.as_bytes()).ok()?;
                    let path = dir.join(&txt);
                    write_atomic(&path, followup.plain.as_bytes())
                        .ok()
                        .map(|()| path)
                });
                ExportReport::Refused {
                    error: e.to_string(),
                    fallback,
                }
            }
        }
    }

    /// The report for a file the data directory refused: written to the first fallback
    /// directory that takes it, if any.
    fn refused(&self, name: &str, text: &str, error: String) -> ExportReport {
        let fallback = self.fallback_dirs.iter().find_map(|dir| {
            let path = dir.join(name);
            write_atomic(&path, text.as_bytes()).ok().map(|()| path)
        });
        ExportReport::Refused { error, fallback }
    }
}

fn report_of(status: saver::SaveStatus) -> SaveReport {
    SaveReport {
        path: status.path,
        error: status.error,
        notice: status.notice,
    }
}

/// The connection to the other seats of a shared meeting, as the shell uses it (the
/// network side is `crate::net`; tests use a pair in memory).
pub trait Link {
    /// Sends `bytes` to the seats `to`.
    fn send(&mut self, to: Recipients, bytes: Vec<u8>);
    /// Lets a seat asking to join in, or turns it away.
    fn admit(&mut self, peer: u64, accept: bool);
    /// Starts making a ticket for another laptop; `poll` reports it.
    fn invite(&mut self);
    /// The next piece of news, if any; never waits.
    fn poll(&mut self) -> Option<LinkEvent>;
}

/// The meeting screen without the terminal: the app, the disk it saves to and the clock.
/// The loop drives it, and tests drive it the same way.
pub struct Shell {
    /// The model.
    pub app: App,
    /// Where saves and exports go.
    pub disk: Disk,
    clock: Box<dyn Clock>,
    /// The other seats, when the meeting is shared.
    link: Option<Box<dyn Link>>,
    /// What one frame keeps for the next.
    kept: view::Kept,
}

impl Shell {
    /// A shell over `app`; the disk learns the meeting as it is.
    pub fn new(app: App, mut disk: Disk, clock: Box<dyn Clock>) -> Self {
        disk.seed(app.meeting());
        let mut shell = Self {
            app,
            disk,
            clock,
            link: None,
            kept: view::Kept::default(),
        };
        // Exports written in an earlier session are kept current too.
        let found = shell.disk.exports_on_disk(&shell.app.meeting().id);
        if !found.is_empty() {
            shell.dispatch(Action::ExportsFound(found));
        }
        shell
    }

    /// The current time.
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.clock.now()
    }

    /// Connects the meeting to other seats through `link`.
    pub fn with_link(mut self, link: Box<dyn Link>) -> Self {
        self.link = Some(link);
        self
    }

    /// Takes in everything the link has to say; returns the effects left for the terminal
    /// ([`Effect::Redraw`] among them when anything arrived).
    pub fn pump(&mut self) -> Vec<Effect> {
        let mut left = Vec::new();
        while let Some(event) = self.link.as_mut().and_then(|link| link.poll()) {
            left.extend(self.dispatch(Action::Link(event)));
            left.push(Effect::Redraw);
        }
        left
    }

    /// Handles one terminal event; returns the effects left for the terminal (copy,
    /// suspend, quit, redraw).
    pub fn handle_event(&mut self, event: &Event) -> Vec<Effect> {
        // Keys after a resize in the same burst page by the new size.
        if let Event::Resize(width, height) = *event {
            self.fit(Rect::new(0, 0, width, height));
        }
        match self.app.action_for(event) {
            Some(action) => self.dispatch(action),
            None => Vec::new(),
        }
    }

    /// A second passed: collects the saver's news and ticks the app. Returns the effects
    /// left for the terminal; [`Effect::Redraw`] among them when the screen changed.
    pub fn tick(&mut self) -> Vec<Effect> {
        let mut effects = match self.disk.status() {
            Some(report) => self.dispatch(Action::Saved(report)),
            None => Vec::new(),
        };
        effects.extend(self.dispatch(Action::Tick));
        effects
    }

    /// Applies `action` and carries out the disk effects it leads to, feeding their
    /// reports back to the app; returns the effects left for the terminal.
    pub fn dispatch(&mut self, action: Action) -> Vec<Effect> {
        let now = self.now();
        let mut queue: VecDeque<Effect> = self.app.update(action, now).into();
        let mut left = Vec::new();
        while let Some(effect) = queue.pop_front() {
            let report = match effect {
                Effect::SaveMeeting(_)
                | Effect::SaveEdit(_)
                | Effect::SaveState(_)
                | Effect::Fold(_) => self.disk.save(effect).map(Action::Saved),
                Effect::Suspend => {
                    // The process stops next: the disk gets everything first.
                    if let Some(saver) = &self.disk.saver {
                        saver.write_now();
                    }
                    left.push(Effect::Suspend);
                    None
                }
                Effect::WriteExport {
                    id,
                    version,
                    markdown,
                } => Some(Action::Exported(
                    version,
                    self.disk.write_export(&id, version, &markdown),
                )),
                Effect::WriteFollowUp { id, followup } => Some(Action::FollowUpWritten(
                    self.disk.write_followup(&id, &followup),
                )),
                Effect::SuggestSlots(request) => {
                    let found = Box::new(request.run());
                    Some(Action::SlotsSuggested { request, found })
                }
                Effect::Send { to, bytes } => {
                    if let Some(link) = &mut self.link {
                        link.send(to, bytes);
                    }
                    None
                }
                Effect::Admit { peer, accept } => {
                    if let Some(link) = &mut self.link {
                        link.admit(peer, accept);
                    }
                    None
                }
                Effect::SaveShared { id, bytes } => {
                    self.disk.save_shared(&id, &bytes).map(Action::Saved)
                }
                Effect::MakeInvite => match &mut self.link {
                    Some(link) => {
                        link.invite();
                        None
                    }
                    None => Some(Action::Link(LinkEvent::TicketFailed(
                        "this meeting is not open to other seats".to_owned(),
                    ))),
                },
                other => {
                    left.push(other);
                    None
                }
            };
            if let Some(report) = report {
                queue.extend(self.app.update(report, now));
            }
        }
        left
    }

    /// Sizes the notes view for a screen of `area` (before drawing it).
    pub fn fit(&mut self, area: Rect) {
        if let Some(notes) = view::notes_area(&self.app, area) {
            self.fit_notes(notes);
        }
    }

    fn fit_notes(&mut self, notes: Rect) {
        self.dispatch(Action::NotesResized {
            width: notes.width,
            height: notes.height,
        });
    }

    /// Fits the notes view to the terminal's viewport and draws the whole screen on it,
    /// as the first frame after [`Shell::paint`]'s painter forgot the terminal.
    pub fn draw<B: Backend>(&mut self, terminal: &mut Terminal<B>) -> Result<(), B::Error> {
        self.paint(terminal, &mut view::Painter::new())
    }

    /// Fits the notes view to the terminal's viewport and draws the screen, writing to the
    /// terminal only what changed since `painter`'s last frame on it (see [`view::paint`]);
    /// while typing, only the notes and the rows below them are drawn again.
    pub fn paint<B: Backend>(
        &mut self,
        terminal: &mut Terminal<B>,
        painter: &mut view::Painter,
    ) -> Result<(), B::Error> {
        terminal.autoresize()?;
        let area = terminal.get_frame().area();
        self.paint_on(terminal.backend_mut(), area, painter)
    }

    /// [`Shell::paint`] straight through a backend, on a screen of `area`.
    pub fn paint_on<B: Backend>(
        &mut self,
        backend: &mut B,
        area: Rect,
        painter: &mut view::Painter,
    ) -> Result<(), B::Error> {
        let now = self.now();
        let plan = view::plan_kept(&self.app, area, &mut self.kept);
        if let Some(notes) = plan.as_ref().map(view::Plan::notes) {
            self.fit_notes(notes);
        }
        view::paint(backend, area, &self.app, now, plan.as_ref(), painter)
    }

    /// Saves the whole meeting now (a new meeting's first save, the last one).
    pub fn save_now(&mut self) {
        let meeting = Box::new(self.app.meeting().clone());
        if let Some(report) = self.disk.save(Effect::SaveMeeting(meeting)) {
            self.app.update(Action::Saved(report), self.now());
        }
    }

    /// Saves everything, stops the background saver after it wrote what it holds,
    /// writes again every export of the session (so none that kickoff names is stale),
    /// and says what to report.
    pub fn finish(&mut self) -> Outcome {
        // The disk has every change already: fold them into the session file.
        let meeting = Box::new(self.app.meeting().clone());
        if let Some(report) = self.disk.save(Effect::Fold(meeting)) {
            self.app.update(Action::Saved(report), self.now());
        }
        if let Some(saver) = self.disk.saver.take() {
            let report = report_of(saver.finish());
            self.app.update(Action::Saved(report), self.now());
        }
        // Only disk effects come back from a refresh; nothing is left for the terminal.
        self.dispatch(Action::RefreshExports);
        self.app.outcome()
    }
}

/// Runs the start screen until the user picks something.
pub fn run_start(terminal: &mut DefaultTerminal, screen: &mut StartScreen) -> io::Result<Picked> {
    let _paste = BracketedPaste::enable();
    loop {
        terminal.draw(|frame| {
            let area = frame.area();
            frame.render_widget(&*screen, area);
            if let Some(position) = view::start::cursor_position(screen, area) {
                frame.set_cursor_position(position);
            }
        })?;
        let event = event::read()?;
        if let Some(picked) = screen
            .action_for(&event)
            .and_then(|action| screen.update(action))
        {
            return Ok(picked);
        }
    }
}

/// What the loop does after an effect meant for the terminal.
enum Next {
    Continue,
    Redraw,
    Quit,
}

/// Runs the meeting screen until the user quits, or until `stop` is asked (a signal):
/// then the input already waiting is applied and saved, and the loop waits for the
/// signal thread to end the process.
pub fn run_meeting(
    terminal: &mut MeetingTerminal,
    shell: &mut Shell,
    stop: &StopRequest,
) -> io::Result<()> {
    let _paste = BracketedPaste::enable();
    // A way to test the crash path end to end; debug builds only.
    let debug_panic = cfg!(debug_assertions) && std::env::var_os("KICKOFF_DEBUG_PANIC").is_some();
    let mut last_tick = Instant::now();
    // Drawing only when something may have changed: an idle, paused meeting writes
    // nothing to the terminal between the header clock's minutes.
    let mut redraw = true;
    // What the terminal shows: frames write only what changed.
    let mut painter = view::Painter::new();
    loop {
        if stop.asked() {
            stop_after_waiting_input(shell, stop);
        }
        if redraw {
            terminal.paint(shell, &mut painter)?;
            redraw = false;
        }
        // Rounded up to whole milliseconds, the resolution `poll(2)` sleeps at: rounded
        // down, the loop would wake just before the tick and spin until it is due.
        let left = TICK.saturating_sub(last_tick.elapsed());
        let timeout =
            Duration::from_millis(u64::try_from(left.as_micros().div_ceil(1000)).unwrap_or(1000));
        // A signal wakes the poll (see `StopRequest::ask_and_wait`); on a closed terminal
        // the poll fails instead, and the stop request still comes first.
        let ready = match event::poll(timeout) {
            Ok(ready) => ready,
            Err(_) if stop.asked() => stop_after_waiting_input(shell, stop),
            Err(error) => return Err(error),
        };
        if ready {
            // Handle everything already waiting before drawing again, so a paste or fast
            // typing never queues up behind redraws. `poll` with a zero timeout does not
            // look at the terminal, so a short wait tells whether more is coming.
            let burst = Instant::now();
            loop {
                let event = match event::read() {
                    Ok(event) => event,
                    Err(_) if stop.asked() => stop_after_waiting_input(shell, stop),
                    Err(error) => return Err(error),
                };
                if debug_panic
                    && let Event::Key(key) = &event
                    && key.code == KeyCode::F(12)
                {
                    panic!("panic requested with F12 (KICKOFF_DEBUG_PANIC is set)");
                }
                if let Event::Resize(width, height) = event
                    && !stop.asked()
                {
                    // A resize clears the terminal; a wake-up from the signal thread or
                    // another seat's news comes as a resize to the same size and clears
                    // nothing, so what the painter knows of the screen still holds.
                    if terminal.resize(width, height) {
                        painter.forget();
                    }
                }
                for effect in shell.handle_event(&event) {
                    if let Next::Quit = carry_out(terminal, &mut painter, effect)? {
                        return Ok(());
                    }
                }
                if stop.asked()
                    || burst.elapsed() >= DRAW_AT_LEAST_EVERY
                    || !event::poll(BURST_GAP).unwrap_or(false)
                {
                    break;
                }
            }
            redraw = true;
        }
        // News from the other seats wakes the poll the way a signal does.
        for effect in shell.pump() {
            match carry_out(terminal, &mut painter, effect)? {
                Next::Quit => return Ok(()),
                Next::Redraw => redraw = true,
                Next::Continue => {}
            }
        }
        if last_tick.elapsed() >= TICK {
            last_tick = Instant::now();
            for effect in shell.tick() {
                match carry_out(terminal, &mut painter, effect)? {
                    Next::Quit => return Ok(()),
                    Next::Redraw => redraw = true,
                    Next::Continue => {}
                }
            }
        }
    }
}

/// The meeting screen's terminal: crossterm writing a frame at a time to standard
/// output, and the window's size, taken from resize events rather than asked of the
/// terminal before every draw. What the terminal shows is kept by the loop's
/// [`view::Painter`]; a ratatui `Terminal` would also keep two screens of cells of its
/// own that no frame here uses.
pub struct MeetingTerminal<W: io::Write = io::Stdout> {
    backend: CrosstermBackend<FrameOut>,
    out: W,
    area: Rect,
}

/// A frame's bytes, written to standard output in one go when the frame is done: the
/// backend flushes after each cursor command, which would otherwise be a write of its own
/// (and standard output writes a line, or 1 KiB, at a time).
#[derive(Default)]
struct FrameOut(Vec<u8>);

impl io::Write for FrameOut {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl MeetingTerminal {
    /// Starts the meeting screen's terminal: a panic hook that restores it (before the
    /// hooks installed earlier run), raw mode and the alternate screen.
    pub fn init() -> io::Result<Self> {
        let (width, height) = crossterm::terminal::size()?;
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            ratatui::restore();
            hook(info);
        }));
        crossterm::terminal::enable_raw_mode()?;
        execute!(io::stdout(), crossterm::terminal::EnterAlternateScreen)?;
        Ok(Self::over(io::stdout(), width, height))
    }
}

impl<W: io::Write> MeetingTerminal<W> {
    /// The meeting screen's frames for a window of `width` x `height`, written to `out`
    /// (which is not set up as a terminal: see [`MeetingTerminal::init`]).
    pub fn over(out: W, width: u16, height: u16) -> Self {
        Self {
            backend: CrosstermBackend::new(FrameOut::default()),
            out,
            area: Rect::new(0, 0, width, height),
        }
    }

    /// The output the frames go to.
    pub fn output(&self) -> &W {
        &self.out
    }

    /// Draws the meeting (see [`Shell::paint`]) and writes the frame to the output in one
    /// write.
    pub fn paint(&mut self, shell: &mut Shell, painter: &mut view::Painter) -> io::Result<()> {
        let drawn = shell.paint_on(&mut self.backend, self.area, painter);
        // What was drawn goes out even when drawing failed part way: the painter has
        // forgotten the screen, so the next frame clears it.
        let frame = &mut self.backend.writer_mut().0;
        let written = self.out.write_all(frame).and_then(|()| self.out.flush());
        frame.clear();
        drawn.and(written)
    }

    /// Takes a new window size (a wake-up from the signal thread repeats the current
    /// one). Says whether the size changed: the terminal has then cleared its screen.
    fn resize(&mut self, width: u16, height: u16) -> bool {
        let area = Rect::new(0, 0, width, height);
        let changed = self.area != area;
        self.area = area;
        changed
    }
}

impl<W: io::Write> Drop for MeetingTerminal<W> {
    /// The shell gets its cursor back, whatever the last frame did with it.
    fn drop(&mut self) {
        let _ = execute!(self.out, crossterm::cursor::Show);
    }
}

/// A signal asked to stop: applies the input the terminal already holds (as far as it
/// still delivers it), hands the meeting to the saver, answers, and waits to be ended.
/// Nothing is drawn: the signal thread restores the terminal.
fn stop_after_waiting_input(shell: &mut Shell, stop: &StopRequest) -> ! {
    let started = Instant::now();
    while started.elapsed() < STOP_READ_LIMIT {
        match event::poll(STOP_QUIET) {
            Ok(true) => match event::read() {
                // Quitting, copying or suspending is moot now: only the notes matter.
                Ok(event) => drop(shell.handle_event(&event)),
                Err(_) => break,
            },
            Ok(false) | Err(_) => break,
        }
    }
    shell.save_now();
    stop.answer();
    loop {
        std::thread::park();
    }
}

/// Carries out an effect meant for the terminal.
fn carry_out(
    terminal: &mut MeetingTerminal,
    painter: &mut view::Painter,
    effect: Effect,
) -> io::Result<Next> {
    Ok(match effect {
        Effect::Copy(text) => {
            // OSC 52: the terminal puts it on the system clipboard (over SSH too).
            let _ = execute!(io::stdout(), CopyToClipboard::to_clipboard_from(text));
            Next::Continue
        }
        Effect::Suspend => {
            // The terminal is cleared when taken again, whatever happened meanwhile.
            painter.forget();
            suspend(terminal)?;
            Next::Redraw
        }
        Effect::Quit => Next::Quit,
        Effect::Redraw => Next::Redraw,
        Effect::SaveMeeting(_)
        | Effect::SaveEdit(_)
        | Effect::SaveState(_)
        | Effect::Fold(_)
        | Effect::WriteExport { .. }
        | Effect::WriteFollowUp { .. }
        | Effect::SuggestSlots(_)
        | Effect::Send { .. }
        | Effect::Admit { .. }
        | Effect::SaveShared { .. }
        | Effect::MakeInvite => Next::Continue,
    })
}

/// Gives the terminal back and stops the process like any shell job; `fg` continues here
/// with a full redraw. The meeting clock keeps running meanwhile: the call goes on.
#[cfg(unix)]
fn suspend(terminal: &mut MeetingTerminal) -> io::Result<()> {
    let _ = execute!(io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    // Execution continues here after SIGCONT.
    crossterm::terminal::enable_raw_mode()?;
    execute!(
        io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        EnableBracketedPaste
    )?;
    // The window may have changed size meanwhile; the painter has forgotten the screen,
    // so the next frame clears it and is drawn whole.
    let (width, height) = crossterm::terminal::size()?;
    terminal.resize(width, height);
    Ok(())
}

/// Suspending is a Unix job-control feature; elsewhere Ctrl-Z does nothing.
#[cfg(not(unix))]
fn suspend(_terminal: &mut MeetingTerminal) -> io::Result<()> {
    Ok(())
}
