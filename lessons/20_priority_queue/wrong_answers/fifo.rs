/// A plausible wrong answer: a plain first-in, first-out queue. The numbers come
/// out in the order they were put, whatever their value.
#[derive(Default)]
struct Smallest(std::collections::VecDeque<u32>);

impl Store for Smallest {
    type Item = u32;

    fn put(&mut self, item: u32) {
        self.0.push_back(item);
    }

    fn get(&mut self) -> Option<u32> {
        self.0.pop_front()
    }
}
