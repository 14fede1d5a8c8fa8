//! `lofte serve`: the follow-up as a local web page, for people who never
//! open a terminal. The same engine as the command line — every button
//! calls a function of [`work`], which calls the functions `lofte check`
//! and `lofte report` call — behind a guard ([`guard`]) that admits only
//! requests for this host, from this site, carrying the printed token.
//!
//! Listens on 127.0.0.1 unless told otherwise; reads and writes only
//! inside the served folder; fetches nothing from anywhere: the page's
//! style and script are compiled into the binary.

pub mod app;
pub mod folder;
pub mod guard;
pub mod nytt;
pub mod pages;
pub mod work;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use crate::cli::args::ServeArgs;
use crate::ingest::{IngestOptions, Limits};

/// The checked configuration of `lofte serve`.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The served folder.
    pub root: std::path::PathBuf,
    /// Where to listen.
    pub listen: SocketAddr,
    /// Whether `--listen` was given (then a warning is printed).
    pub exposed: bool,
    /// Extra Host names accepted (`--allow-host`).
    pub allow_hosts: Vec<String>,
    /// `--read-only`.
    pub read_only: bool,
    /// Longest a report may take.
    pub timeout: Duration,
    /// How logs are read.
    pub ingest: IngestOptions,
}

impl ServeConfig {
    /// Checks the flags of `lofte serve`.
    pub fn from_args(args: &ServeArgs) -> Result<Self, String> {
        if !args.folder.is_dir() {
            return Err(format!(
                "{} is not a folder; give the folder that holds the agreement folders",
                args.folder.display()
            ));
        }
        let root = args
            .folder
            .canonicalize()
            .map_err(|e| format!("cannot open {}: {e}", args.folder.display()))?;
        let mib = |n: u64| n.saturating_mul(1024 * 1024);
        Ok(ServeConfig {
            root,
            listen: args
                .listen
                .unwrap_or(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), args.port)),
            exposed: args.listen.is_some(),
            allow_hosts: args
                .allow_host
                .iter()
                .map(|h| h.to_ascii_lowercase())
                .collect(),
            read_only: args.read_only,
            timeout: Duration::from_secs(args.render_timeout),
            ingest: IngestOptions {
                sheet: None,
                date_order: None,
                limits: Limits {
                    max_file_bytes: mib(args.max_file_mb),
                    max_cells: args.max_cells,
                    max_unzipped_bytes: mib(args.max_unzipped_mb),
                },
                ..IngestOptions::default()
            },
        })
    }
}

/// The Host header values a server bound to `addr` answers to.
pub fn hosts_for(addr: SocketAddr, extra: &[String]) -> Vec<String> {
    let port = addr.port();
    let mut hosts = vec![
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ];
    if !addr.ip().is_unspecified() {
        hosts.push(addr.to_string().to_ascii_lowercase());
    }
    for h in extra {
        hosts.push(h.clone());
        if !h.contains(':') {
            hosts.push(format!("{h}:{port}"));
        }
    }
    hosts.sort();
    hosts.dedup();
    hosts
}

/// Runs `lofte serve` until interrupted; returns the exit code.
pub fn run(args: &ServeArgs) -> crate::cli::Outcome {
    let config = match ServeConfig::from_args(args) {
        Ok(c) => c,
        Err(e) => {
            crate::cli::errln!("error: {e}");
            return crate::cli::Outcome::Stopped;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            crate::cli::errln!("error: cannot start the server: {e}");
            return crate::cli::Outcome::Stopped;
        }
    };
    runtime.block_on(serve(config))
}

async fn serve(config: ServeConfig) -> crate::cli::Outcome {
    let listener = match tokio::net::TcpListener::bind(config.listen).await {
        Ok(l) => l,
        Err(e) => {
            crate::cli::errln!("error: cannot listen on {}: {e}", config.listen);
            return crate::cli::Outcome::Stopped;
        }
    };
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            crate::cli::errln!("error: {e}");
            return crate::cli::Outcome::Stopped;
        }
    };
    let token = app::new_token();
    let app = Arc::new(app::App::new(
        config.root.clone(),
        token.clone(),
        format!("lofte-{}", addr.port()),
        hosts_for(addr, &config.allow_hosts),
        config.read_only,
        config.timeout,
        config.ingest.clone(),
    ));
    let shown = if addr.ip().is_unspecified() {
        SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), addr.port())
    } else {
        addr
    };
    if config.exposed {
        crate::cli::errln!(
            "warning: lofte serve listens on {addr}, not only on this computer: anyone who can reach it \
             and has the address below can read and change the logs, which hold names. Put it behind a \
             reverse proxy with its own sign-in (docs/serve.md)."
        );
    }
    crate::cli::outln!("lofte serve: {} (stop with Ctrl-C)", config.root.display());
    crate::cli::outln!("http://{shown}/?{}={token}", guard::TOKEN_PARAM);
    let router = app::router(app);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
    {
        Ok(()) => crate::cli::Outcome::Done,
        Err(e) => {
            crate::cli::errln!("error: {e}");
            crate::cli::Outcome::Stopped
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_the_loopback_names_the_bound_address_and_the_allowed_ones() {
        let local: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        assert_eq!(
            hosts_for(local, &[]),
            ["127.0.0.1:8080", "[::1]:8080", "localhost:8080"]
        );
        let any: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        let hosts = hosts_for(any, &["lofte.kommun.se".to_owned()]);
        assert!(!hosts.iter().any(|h| h.starts_with("0.0.0.0")), "{hosts:?}");
        assert!(hosts.contains(&"lofte.kommun.se".to_owned()));
        assert!(hosts.contains(&"lofte.kommun.se:8080".to_owned()));
        let lan: SocketAddr = "192.168.1.5:8080".parse().unwrap();
        assert!(hosts_for(lan, &[]).contains(&"192.168.1.5:8080".to_owned()));
    }
}
