// The copy button of a `console` block copies only its commands, without the `$ `
// prompt and without the lines of output, so that what is pasted into a shell runs.
// mdBook's copy button reads the block through `playground_text`, defined by its
// book.js, which runs before this file.
(function () {
    const original = playground_text;
    playground_text = function (pre, hidden) {
        const text = original(pre, hidden);
        if (!pre.querySelector('code.language-console')) {
            return text;
        }
        const commands = text
            .split('\n')
            .filter((line) => line.startsWith('$ '))
            .map((line) => line.slice(2));
        return commands.length > 0 ? commands.join('\n') : text;
    };
})();
