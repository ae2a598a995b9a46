/// A plausible wrong answer: a `Vec`, with `pop` as `list.pop()` would be. That is a
/// stack: the last number put comes out first.
#[derive(Default)]
struct Smallest(Vec<u32>);

impl Store for Smallest {
    type Item = u32;

    fn put(&mut self, item: u32) {
        self.0.push(item);
    }

    fn get(&mut self) -> Option<u32> {
        self.0.pop()
    }
}
