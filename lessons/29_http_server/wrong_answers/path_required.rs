// region: hello
// A plausible wrong answer: the name as a plain `Path`, which the route `/`, that
// has no `{name}`, cannot give: axum rejects the request before the handler runs.
async fn hello(Path(name): Path<String>) -> String {
    if name.is_empty() {
        return "Hello, Anonymous".to_string();
    }
    format!("Hello, {name}")
}
