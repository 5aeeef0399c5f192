//! Serving the router on a socket, with graceful shutdown.

use std::future::Future;
use std::io;
use std::net::SocketAddr;

use tokio::net::TcpListener;

use crate::{AppState, app};

/// Serves [`app`] on `listener` until `shutdown` completes; then stops
/// accepting and waits for requests in flight.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    axum::serve(listener, app(state)).with_graceful_shutdown(shutdown).await
}

/// Completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            // No signal handling: serve until killed.
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// Binds `addr` and serves until Ctrl-C or SIGTERM, on a runtime of its own;
/// `on_listening` is called with the bound address once it accepts.
pub fn run(addr: SocketAddr, state: AppState, on_listening: impl FnOnce(SocketAddr)) -> io::Result<()> {
    let grace = state.config().request_timeout;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let result = runtime.block_on(async {
        let listener = TcpListener::bind(addr).await?;
        on_listening(listener.local_addr()?);
        serve(listener, state, shutdown_signal()).await
    });
    // Analyses still running end within their time limit.
    runtime.shutdown_timeout(grace);
    result
}
