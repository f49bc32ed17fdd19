//! The load generator's HTTP client: one keep-alive HTTP/1.1 connection per simulated client,
//! each request written as one prepared buffer, the answer read up to its declared length.
//!
//! Why not reqwest here: the generator shares this machine's two cores with the server, and a
//! full client (header maps, pool, hyper's client state machine) costs about as much CPU per
//! request as the server's HTTP layer, so it showed up as a slower server. This client does
//! only what the bench needs (form posts, `Content-Length` answers) and refuses anything else
//! loudly, like wrk or oha would be used from another machine.

use std::io;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub struct Conn {
    stream: TcpStream,
    host: String,
    buf: Vec<u8>,
}

fn invalid(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

impl Conn {
    /// Connects to `base`, an `http://host:port` address on loopback.
    pub async fn connect(base: &str) -> io::Result<Self> {
        let host = base
            .strip_prefix("http://")
            .ok_or_else(|| invalid(format!("not an http:// address: {base}")))?
            .trim_end_matches('/')
            .to_string();
        Ok(Self {
            stream: open(&host).await?,
            host,
            buf: Vec::with_capacity(1024),
        })
    }

    /// Posts a form body to `path` and returns the answer's status code (the body is read and
    /// dropped). Reconnects once if the server closed the kept-alive connection.
    pub async fn post_form(&mut self, path: &str, body: &str) -> io::Result<u16> {
        self.post(path, "application/x-www-form-urlencoded", body)
            .await
    }

    /// Posts `body` of `content_type` to `path`; as `post_form`.
    pub async fn post(&mut self, path: &str, content_type: &str, body: &str) -> io::Result<u16> {
        let request = format!(
            "POST {path} HTTP/1.1\r\nhost: {}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\r\n{body}",
            self.host,
            body.len()
        );
        match self.exchange(request.as_bytes()).await {
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::UnexpectedEof
                        | io::ErrorKind::ConnectionReset
                        | io::ErrorKind::BrokenPipe
                ) =>
            {
                self.stream = open(&self.host).await?;
                self.exchange(request.as_bytes()).await
            }
            other => other,
        }
    }

    async fn exchange(&mut self, request: &[u8]) -> io::Result<u16> {
        self.stream.write_all(request).await?;
        self.buf.clear();
        let head_end = loop {
            if let Some(i) = find(&self.buf, b"\r\n\r\n") {
                break i + 4;
            }
            self.fill().await?;
        };
        let head = std::str::from_utf8(&self.buf[..head_end])
            .map_err(|_| invalid("answer head is not UTF-8"))?;
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse::<u16>().ok())
            .ok_or_else(|| invalid("no status line"))?;
        let mut length = None;
        let mut close = false;
        for line in head.split("\r\n").skip(1) {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                length = value.parse::<usize>().ok();
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                return Err(invalid(format!("unsupported transfer-encoding: {value}")));
            } else if name.eq_ignore_ascii_case("connection") {
                close = value.eq_ignore_ascii_case("close");
            }
        }
        let length = length.ok_or_else(|| invalid("answer without content-length"))?;
        while self.buf.len() < head_end + length {
            self.fill().await?;
        }
        if close {
            self.stream = open(&self.host).await?;
        }
        Ok(status)
    }

    async fn fill(&mut self) -> io::Result<()> {
        let mut chunk = [0u8; 4096];
        let n = self.stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(())
    }
}

/// A connection that sends each request at once (it is written as one buffer anyway).
async fn open(host: &str) -> io::Result<TcpStream> {
    let stream = TcpStream::connect(host).await?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
