// region: serve
// A plausible wrong answer: `axum::serve` alone, as `web.run_app(app)`: it
// serves until the process ends, and cancelling `stop` tells it nothing.
async fn serve(listener: TcpListener, app: Router, stop: CancellationToken) {
    let _ = stop;
    axum::serve(listener, app)
        .await
        .expect("axum::serve returns no error");
}
