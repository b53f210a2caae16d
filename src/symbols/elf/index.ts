// ELF object layer: headers, sections (decompressed on demand), notes, symbols,
// Breakpad ids, split-debug links and MiniDebugInfo.
export * from './constants.js';
export { ElfFile, isElf, type ElfSection, type ElfSegment, type ElfSymbol } from './file.js';
export { decompressChdr, decompressZdebug, MAX_DECOMPRESSED } from './decompress.js';
export { findBuildId, parseNotes, type ElfNote } from './notes.js';
export { debugIdFromIdentifier, elfIds, textHash, toHex, type ElfIds } from './ids.js';
export { crc32, readAltLink, readDebugLink, type AltLink, type DebugLink } from './links.js';
export { crc64, readMiniDebugInfo, xzUncompressedSize, MAX_MINIDEBUGINFO } from './minidebuginfo.js';
