//! Lesson 23: the third part of an async system, waiting on many sockets at once. A
//! small reactor hands non-blocking sockets to the OS's readiness API (epoll on
//! Linux, kqueue on macOS) through the `polling` crate, waits, and wakes the tasks
//! whose socket is ready; a small executor polls them. Three clients on one thread
//! talk to a loopback server that answers in an order of its own.

// ANCHOR: imports
use std::cell::Cell;
use std::collections::{HashMap, VecDeque};
use std::future::{Future, poll_fn};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::Duration;

use polling::{Event, Events, Poller};
// ANCHOR_END: imports

/// The clients, by key: task `a` owns the socket registered under key 0, and so on.
const NAMES: [&str; 3] = ["a", "b", "c"];
/// The order in which the server answers, round by round (keys). Fixed by the
/// program, and neither the order the clients asked in nor its reverse.
const ROUNDS: [[usize; 3]; 2] = [[1, 2, 0], [2, 0, 1]];
/// How long the server takes over each answer, as a network would: long enough
/// that a reactor that spins instead of waiting shows it in its count of waits.
const ANSWER_TAKES: Duration = Duration::from_millis(50);
/// A poller that reports nothing for this long never will: the run is stuck.
const STUCK_AFTER: Duration = Duration::from_secs(5);

// ANCHOR: main
fn main() -> io::Result<()> {
    // The server: a plain thread with blocking sockets, the lesson's stand-in for
    // the network. It prints nothing, so it cannot mix its lines with ours.
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    thread::spawn(move || serve(listener));

    println!("-- three clients on one thread: one poller, one task per socket --");
    let reactor = Reactor::new()?;
    let counts = Counts::default();
    let mut tasks: Vec<Pin<Box<dyn Future<Output = io::Result<()>> + '_>>> =
        Vec::new();
    for key in 0..NAMES.len() {
        tasks.push(Box::pin(client(&reactor, &counts, key, addr)));
    }
    let waits = run(&reactor, tasks)?;
    println!(
        "{} replies; {} reads found nothing yet; the poller waited {waits} times",
        counts.replies.get(),
        counts.would_block.get(),
    );
    Ok(())
}
// ANCHOR_END: main

// ANCHOR: client
/// One client: two rounds of "send a request, wait for the reply". Nothing here
/// blocks: a read that finds no data yet leaves the task's waker with the reactor.
async fn client(
    reactor: &Reactor,
    counts: &Counts,
    key: usize,
    addr: SocketAddr,
) -> io::Result<()> {
    let name = NAMES[key];
    // Connecting on loopback is immediate; the socket is non-blocking from here on.
    let stream = Socket::connect(reactor, key, addr)?;
    for round in 1..=2 {
        // A few bytes fit in the socket's buffer: the write never has to wait.
        (&stream.tcp).write_all(format!("{name} {round}\n").as_bytes())?;
        println!("task {name}: sent \"{name} {round}\"");
        let reply = stream.read_line(counts).await?;
        counts.replies.set(counts.replies.get() + 1);
        println!("task {name}: got \"{reply}\"");
    }
    println!("task {name}: done, closes its socket");
    Ok(()) // dropping `stream` closes it: the server's cue for the next answer
}
// ANCHOR_END: client

// ANCHOR: socket
/// A non-blocking TCP socket registered with the reactor under its key: what
/// tokio's `TcpStream` is, and asyncio's socket plus `sock_recv`.
struct Socket<'r> {
    tcp: TcpStream,
    key: usize,
    reactor: &'r Reactor,
}

impl<'r> Socket<'r> {
    fn connect(
        reactor: &'r Reactor,
        key: usize,
        addr: SocketAddr,
    ) -> io::Result<Self> {
        let tcp = TcpStream::connect(addr)?;
        tcp.set_nonblocking(true)?;
        reactor.add(&tcp, key)?;
        Ok(Socket { tcp, key, reactor })
    }

    /// Reads one line. Each time the socket has no data, leave this task's waker
    /// with the reactor and return Pending: asyncio's `sock_recv`, which tries
    /// `recv` and, on `BlockingIOError`, adds a reader and awaits a future.
    async fn read_line(&self, counts: &Counts) -> io::Result<String> {
        let mut line = Vec::new();
        poll_fn(|cx| {
            let mut chunk = [0; 64];
            loop {
                match (&self.tcp).read(&mut chunk) {
                    Ok(0) => {
                        return Poll::Ready(Err(io::ErrorKind::UnexpectedEof.into()));
                    }
                    Ok(n) => {
                        line.extend_from_slice(&chunk[..n]);
                        if line.ends_with(b"\n") {
                            let text =
                                String::from_utf8_lossy(&line).trim().to_string();
                            return Poll::Ready(Ok(text));
                        }
                    }
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                        counts.would_block.set(counts.would_block.get() + 1);
                        self.reactor.wait_readable(&self.tcp, self.key, cx.waker());
                        return Poll::Pending;
                    }
                    Err(e) => return Poll::Ready(Err(e)),
                }
            }
        })
        .await
    }
}

impl Drop for Socket<'_> {
    /// The poller must forget a socket before it is closed: `Poller::add`'s contract.
    fn drop(&mut self) {
        self.reactor.delete(&self.tcp, self.key);
    }
}
// ANCHOR_END: socket

/// What the clients observed, for the last line of the transcript.
#[derive(Default)]
struct Counts {
    replies: Cell<u32>,
    would_block: Cell<u32>,
}

// ANCHOR: reactor
/// The reactor: the OS's poller, and for each key the waker of the task waiting
/// for that socket. asyncio's loop keeps the same in its selector (`key.data`
/// holds the reader's callback); tokio's I/O driver, in a `ScheduledIo` per socket.
struct Reactor {
    poller: Poller,
    wakers: Mutex<HashMap<usize, Waker>>,
}

impl Reactor {
    fn new() -> io::Result<Self> {
        Ok(Reactor {
            poller: Poller::new()?,
            wakers: Mutex::new(HashMap::new()),
        })
    }

    /// Puts a socket in the poller under `key`, interested in its first readable
    /// event (mio and asyncio's selector register once, too).
    #[allow(unsafe_code)]
    fn add(&self, socket: &TcpStream, key: usize) -> io::Result<()> {
        // SAFETY: `Poller::add` requires the socket to be deleted from the poller
        // before it is dropped. Only `Socket::connect` calls this, and `Socket`'s
        // `Drop` deletes its socket first.
        unsafe { self.poller.add(socket, Event::readable(key)) }
    }

    /// Takes a socket out of the poller, and forgets any waker left for it.
    fn delete(&self, socket: &TcpStream, key: usize) {
        self.poller
            .delete(socket)
            .expect("the socket is in the poller");
        self.wakers.lock().unwrap().remove(&key);
    }
}
// ANCHOR_END: reactor

// ANCHOR: reactor_core
impl Reactor {
    /// asyncio's `_add_reader`: remember who to wake for `key`, and ask the OS for
    /// the socket's next readable event. `polling` works in oneshot mode: each
    /// event it delivers disarms the socket, so every wait arms it again.
    fn wait_readable(&self, socket: &TcpStream, key: usize, waker: &Waker) {
        // ANCHOR: wait_readable
        self.wakers.lock().unwrap().insert(key, waker.clone());
        self.poller
            .modify(socket, Event::readable(key))
            .expect("the socket is in the poller");
        // ANCHOR_END: wait_readable
    }

    /// One turn: asyncio's `select` and `_process_events`, tokio's `Driver::turn`.
    /// Block until the OS reports sockets ready, then wake the task waiting on
    /// each. Returns false if nothing came for `STUCK_AFTER`.
    fn turn(&self) -> bool {
        // ANCHOR: turn
        let mut events = Events::new();
        self.poller
            .wait(&mut events, Some(STUCK_AFTER))
            .expect("the poller can wait");
        if events.is_empty() {
            return false;
        }
        for event in events.iter() {
            println!("  socket {} readable", event.key);
            let waker = self.wakers.lock().unwrap().remove(&event.key);
            if let Some(waker) = waker {
                waker.wake();
            }
        }
        true
        // ANCHOR_END: turn
    }
}
// ANCHOR_END: reactor_core

// ANCHOR: run
/// The executor: poll the tasks that were woken, in the order they were; when
/// none is, give the thread to the reactor until the OS has news. Returns how many
/// times it asked the reactor to wait.
fn run(
    reactor: &Reactor,
    tasks: Vec<Pin<Box<dyn Future<Output = io::Result<()>> + '_>>>,
) -> io::Result<u32> {
    // Every task starts woken: its first poll sends its first request.
    let woken = Arc::new(Mutex::new((0..tasks.len()).collect::<VecDeque<_>>()));
    let mut tasks: Vec<_> = tasks.into_iter().map(Some).collect();
    let (mut left, mut waits) = (tasks.len(), 0);
    while left > 0 {
        let next = woken.lock().unwrap().pop_front();
        let Some(id) = next else {
            waits += 1;
            if !reactor.turn() {
                println!("stuck: no socket became readable in {STUCK_AFTER:?}");
                break;
            }
            continue;
        };
        let Some(task) = tasks[id].as_mut() else {
            continue;
        };
        let waker = Waker::from(Arc::new(TaskWaker {
            id,
            woken: Arc::clone(&woken),
        }));
        if let Poll::Ready(result) =
            task.as_mut().poll(&mut Context::from_waker(&waker))
        {
            result?;
            tasks[id] = None;
            left -= 1;
        }
    }
    Ok(waits)
}

/// A task's waker: puts the task's id back in the executor's queue.
struct TaskWaker {
    id: usize,
    woken: Arc<Mutex<VecDeque<usize>>>,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        println!("  woke task {}", NAMES[self.id]);
        self.woken.lock().unwrap().push_back(self.id);
    }
}
// ANCHOR_END: run

// ANCHOR: serve
/// The server, in blocking style on its own thread. It reads every client's first
/// request, then answers round by round in the order of `ROUNDS`, and answers the
/// next client only once the previous one has shown it read its answer (by sending
/// its next request, or by closing): at any moment at most one client has data
/// waiting, so the transcript is the same on every run.
fn serve(listener: TcpListener) -> io::Result<()> {
    // Clients connected in key order before their tasks ran; find them by name.
    let mut clients: Vec<Option<(BufReader<TcpStream>, String)>> =
        vec![None, None, None];
    for _ in NAMES {
        let (stream, _) = listener.accept()?;
        let mut reader = BufReader::new(stream);
        let request = read_request(&mut reader)?;
        let key = NAMES.iter().position(|n| request.starts_with(n)).unwrap();
        clients[key] = Some((reader, request));
    }
    let mut answered = 0;
    for order in ROUNDS {
        for key in order {
            let (reader, request) = clients[key].as_mut().unwrap();
            answered += 1;
            thread::sleep(ANSWER_TAKES);
            let reply = format!("{request}: answer {answered} of 6\n");
            reader.get_mut().write_all(reply.as_bytes())?;
            // Wait for the client's next request (empty once it has closed).
            *request = read_request(reader)?;
        }
    }
    Ok(())
}

fn read_request(reader: &mut BufReader<TcpStream>) -> io::Result<String> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    Ok(line.trim().to_string())
}
// ANCHOR_END: serve
