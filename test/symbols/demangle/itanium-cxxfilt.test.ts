// Real-world agreement with GNU c++filt: every `_Z` symbol defined in the big
// C++ binaries on this machine (node, libstdc++, LLVM) is demangled by c++filt
// in one batch and by demangleItanium, and the two must be identical. Names
// c++filt rejects (newer manglings such as clang's `Tn` template parameter
// declarations) are left out of the figure. Skipped without nm/c++filt.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demangleItanium } from '../../../src/symbols/demangle/itanium/index.js';

function run(cmd: string, args: string[], input?: string): string | null {
  try {
    return execFileSync(cmd, args, { input, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

function binaries(): string[] {
  const out = new Set<string>();
  const add = (p: string): void => {
    if (existsSync(p)) out.add(realpathSync(p));
  };
  add('/usr/bin/node');
  add('/usr/lib/x86_64-linux-gnu/libstdc++.so.6');
  for (const dir of ['/usr/lib/x86_64-linux-gnu', '/usr/lib']) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (/^libLLVM.*\.so/.test(f)) add(`${dir}/${f}`);
  }
  return [...out];
}

function collect(): string[] {
  const names = new Set<string>();
  for (const bin of binaries()) {
    for (const flags of [['--defined-only'], ['-D', '--defined-only']]) {
      const out = run('nm', ['--without-symbol-versions', ...flags, bin]);
      if (out === null) continue;
      for (const line of out.split('\n')) {
        const name = line.slice(line.lastIndexOf(' ') + 1);
        if (name.startsWith('_Z')) names.add(name);
      }
    }
  }
  return [...names].sort();
}

const haveTools = run('c++filt', ['--version']) !== null && run('nm', ['--version']) !== null;

describe.skipIf(!haveTools)('demangleItanium against c++filt on real symbols', () => {
  const names = haveTools ? collect() : [];
  const filt = haveTools ? (run('c++filt', [], names.join('\n') + '\n') ?? '').split('\n') : [];

  it('collects a large corpus', () => {
    expect(names.length).toBeGreaterThan(50_000);
    expect(filt.length).toBeGreaterThanOrEqual(names.length);
  });

  it('prints exactly what c++filt prints (with return types)', () => {
    let same = 0;
    let total = 0;
    let rejected = 0;
    const differ: string[] = [];
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const ref = filt[i]!;
      const ours = demangleItanium(name, { returnTypes: true });
      if (ref === name) {
        rejected++;
        continue;
      }
      total++;
      if (ours === ref) same++;
      else if (differ.length < 50) differ.push(`${name}\n  c++filt: ${ref}\n  ours:    ${ours}`);
    }
    const pct = (100 * same) / total;
    console.log(`c++filt agreement: ${same}/${total} = ${pct.toFixed(4)}% (c++filt rejects ${rejected})`);
    if (differ.length > 0) console.log(differ.join('\n'));
    expect(pct).toBeGreaterThanOrEqual(99.9);
  });

  it('params: false prints what `c++filt -p` prints', () => {
    const filtP = (run('c++filt', ['-p'], names.join('\n') + '\n') ?? '').split('\n');
    let same = 0;
    const differ: string[] = [];
    for (let i = 0; i < names.length; i++) {
      const ref = filtP[i] === names[i] ? null : filtP[i];
      const ours = demangleItanium(names[i]!, { params: false, returnTypes: true });
      if (ours === ref) same++;
      else if (differ.length < 50) differ.push(`${names[i]}\n  c++filt -p: ${ref}\n  ours:       ${ours}`);
    }
    console.log(`c++filt -p agreement: ${same}/${names.length} = ${((100 * same) / names.length).toFixed(4)}%`);
    if (differ.length > 0) console.log(differ.join('\n'));
    expect(same / names.length).toBeGreaterThanOrEqual(0.999);
  });

  it('without return types drops exactly the leading return type', () => {
    let subset = 0;
    let ok = 0;
    let unchanged = 0;
    let unchangedOk = 0;
    const differ: string[] = [];
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const ref = filt[i]!;
      if (ref === name) continue;
      const withRet = demangleItanium(name, { returnTypes: true });
      const noRet = demangleItanium(name);
      if (withRet !== noRet) {
        // Template functions: c++filt's text minus "<return type> ".
        subset++;
        if (noRet !== null && ref.length > noRet.length + 1 && ref.endsWith(' ' + noRet)) ok++;
        else if (differ.length < 50) differ.push(`${name}\n  c++filt: ${ref}\n  ours:    ${noRet}`);
      } else {
        unchanged++;
        if (noRet === ref) unchangedOk++;
      }
    }
    const pct = (100 * ok) / subset;
    console.log(`return type dropped: ${ok}/${subset} = ${pct.toFixed(4)}%; other names identical ${unchangedOk}/${unchanged}`);
    if (differ.length > 0) console.log(differ.join('\n'));
    expect(subset).toBeGreaterThan(1000);
    expect(pct).toBeGreaterThanOrEqual(99.9);
    expect(unchangedOk / unchanged).toBeGreaterThanOrEqual(0.999);
  });
});
