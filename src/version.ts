// The package version, reported by the CLI and written into INFO GENERATOR lines.
export const VERSION = '0.1.0';
