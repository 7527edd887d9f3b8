//! A TCP proxy between sift and the broker's EXTERNAL listener, whose link the campaign cuts.
//!
//! A cut resets every connection through the proxy and refuses new ones until the link is
//! restored: what clients see when a network path fails and the connection is torn down
//! (rather than a silent black hole, which would only add librdkafka's socket timeout).

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub struct Proxy {
    link: Arc<Link>,
}

#[derive(Default)]
struct Link {
    cut: AtomicBool,
    /// Both sides of every connection opened so far (closed ones fail to shut down, harmlessly).
    connections: Mutex<Vec<TcpStream>>,
}

impl Proxy {
    /// Listens on 127.0.0.1:`port` and forwards each connection to 127.0.0.1:`target`.
    pub fn start(port: u16, target: u16) -> Result<Proxy, String> {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .map_err(|e| format!("proxy: bind 127.0.0.1:{port}: {e}"))?;
        let link = Arc::new(Link::default());
        let accepting = link.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if accepting.cut.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                // A broker that is down refuses the connection: so does the proxy, by
                // dropping the client's.
                let _ = accepting.forward(client, target);
            }
        });
        Ok(Proxy { link })
    }

    /// Resets every open connection and refuses new ones until [`Proxy::restore`].
    pub fn cut(&self) {
        self.link.cut.store(true, Ordering::SeqCst);
        let connections = std::mem::take(&mut *self.link.lock());
        for c in connections {
            let _ = c.shutdown(Shutdown::Both);
        }
    }

    pub fn restore(&self) {
        self.link.cut.store(false, Ordering::SeqCst);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.cut();
    }
}

impl Link {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<TcpStream>> {
        self.connections
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn forward(&self, client: TcpStream, target: u16) -> std::io::Result<()> {
        let server = TcpStream::connect_timeout(
            &std::net::SocketAddr::from(([127, 0, 0, 1], target)),
            Duration::from_secs(2),
        )?;
        for s in [&client, &server] {
            s.set_nodelay(true)?;
        }
        {
            let mut connections = self.lock();
            connections.push(client.try_clone()?);
            connections.push(server.try_clone()?);
        }
        pump(client.try_clone()?, server.try_clone()?);
        pump(server, client);
        Ok(())
    }
}

/// Copies `from` → `to` on a thread of its own until either side closes, then closes both.
fn pump(mut from: TcpStream, mut to: TcpStream) {
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match from.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if to.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
            }
        }
        let _ = from.shutdown(Shutdown::Both);
        let _ = to.shutdown(Shutdown::Both);
    });
}
