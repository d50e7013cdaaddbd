//! Where connections come from: a socket systemd passed in (LISTEN_FDS,
//! socket activation, through `listenfd`), or one we bind from `--listen`
//! (`unix:/path` or `host:port`). Everything after `accept` sees only a
//! byte stream ([`Stream`]); the session does not know which kind it is.

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, UnixListener};

use crate::error::{Error, Result};

/// A connected client, of either socket family.
pub trait Stream: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Stream for T {}

pub enum Listener {
    Tcp(TcpListener),
    /// With the path to remove on exit when we created the socket file.
    Unix(UnixListener, Option<PathBuf>),
}

impl Listener {
    /// The socket systemd handed over, if any (`LISTEN_FDS`/`LISTEN_PID`).
    /// Must run inside the tokio runtime.
    pub fn from_systemd() -> Result<Option<Listener>> {
        let mut fds = listenfd::ListenFd::from_env();
        if fds.len() == 0 {
            return Ok(None);
        }
        if fds.len() > 1 {
            tracing::warn!(
                count = fds.len(),
                "several sockets passed in; serving the first only"
            );
        }
        if let Ok(Some(l)) = fds.take_unix_listener(0) {
            l.set_nonblocking(true)?;
            return Ok(Some(Listener::Unix(UnixListener::from_std(l)?, None)));
        }
        if let Ok(Some(l)) = fds.take_tcp_listener(0) {
            l.set_nonblocking(true)?;
            return Ok(Some(Listener::Tcp(TcpListener::from_std(l)?)));
        }
        Err(Error::config(
            "the socket passed by systemd is not a stream socket",
        ))
    }

    /// Binds `unix:/path` (mode `mode`) or `host:port`. Must run inside the
    /// tokio runtime.
    pub async fn bind(spec: &str, mode: u32) -> Result<Listener> {
        if let Some(path) = spec.strip_prefix("unix:") {
            let path = PathBuf::from(path);
            remove_stale_socket(&path)?;
            let listener = UnixListener::bind(&path)
                .map_err(|e| Error::config(format!("cannot listen on {}: {e}", path.display())))?;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))?;
            return Ok(Listener::Unix(listener, Some(path)));
        }
        let listener = TcpListener::bind(spec)
            .await
            .map_err(|e| Error::config(format!("cannot listen on {spec}: {e}")))?;
        Ok(Listener::Tcp(listener))
    }

    /// What to log and print: `unix:/path` or `127.0.0.1:2424` (with the
    /// port the system chose for `:0`).
    pub fn describe(&self) -> String {
        match self {
            Listener::Tcp(l) => l
                .local_addr()
                .map_or_else(|_| "tcp".into(), |a| a.to_string()),
            Listener::Unix(l, _) => match l
                .local_addr()
                .ok()
                .and_then(|a| a.as_pathname().map(|p| p.to_path_buf()))
            {
                Some(p) => format!("unix:{}", p.display()),
                None => "unix".into(),
            },
        }
    }

    pub async fn accept(&self) -> std::io::Result<Box<dyn Stream>> {
        Ok(match self {
            Listener::Tcp(l) => {
                let (s, _) = l.accept().await?;
                let _ = s.set_nodelay(true);
                Box::new(s)
            }
            Listener::Unix(l, _) => Box::new(l.accept().await?.0),
        })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Listener::Unix(_, Some(path)) = self {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A socket file left by a server that died is removed; one that a live
/// server answers on is an error.
fn remove_stale_socket(path: &std::path::Path) -> Result<()> {
    use std::os::unix::fs::FileTypeExt;
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    if !meta.file_type().is_socket() {
        return Err(Error::config(format!(
            "{} exists and is not a socket",
            path.display()
        )));
    }
    if std::os::unix::net::UnixStream::connect(path).is_ok() {
        return Err(Error::config(format!(
            "{} is in use by another server",
            path.display()
        )));
    }
    std::fs::remove_file(path)?;
    Ok(())
}
