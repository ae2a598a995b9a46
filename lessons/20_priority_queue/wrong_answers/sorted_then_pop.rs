/// A plausible wrong answer: the numbers kept sorted, as `sorted()` would, and taken
/// with `pop`, which takes the last: the largest.
#[derive(Default)]
struct Smallest(Vec<u32>);

impl Store for Smallest {
    type Item = u32;

    fn put(&mut self, item: u32) {
        self.0.push(item);
        self.0.sort();
    }

    fn get(&mut self) -> Option<u32> {
        self.0.pop()
    }
}
