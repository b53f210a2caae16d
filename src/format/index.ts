// The minidump wire format: constants, struct layouts and parsers shared by the
// reader (and later the writer).
export * from './bytes.js';
export * from './constants.js';
export * from './common.js';
export * from './header.js';
export * from './codeview.js';
export * from './context/index.js';
export * from './streams/index.js';
