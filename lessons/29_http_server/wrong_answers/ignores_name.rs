// region: hello
// A plausible wrong answer: one handler for both routes, as in the articles, but
// it never looks at the name the route captured.
async fn hello() -> String {
    "Hello, Anonymous".to_string()
}
