// How much of a file the page previews (web/worker.js), shared with the test that checks the
// page and the CLI make the same label guess (tests/js/label-guess.test.js).
export const PREVIEW_OPTIONS = Object.freeze({
  maxBytes: 1 << 20, // the first MiB only, whatever the file's size
  maxRows: 20,       // rows shown
});
