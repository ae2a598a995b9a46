// region: serve
// A plausible wrong answer: the server future raced against the signal, as
// `asyncio.wait_for` or `task.cancel()` would stop it. When the signal wins, the
// serve future is dropped: the listener closes, and nothing waits for the
// requests in flight.
async fn serve(listener: TcpListener, app: Router, stop: CancellationToken) {
    tokio::select! {
        served = axum::serve(listener, app).into_future() => {
            served.expect("axum::serve returns no error");
        }
        _ = stop.cancelled() => {}
    }
}
