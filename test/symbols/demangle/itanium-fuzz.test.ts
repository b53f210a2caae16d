// Robustness: mutated real names and hostile inputs must give a string or
// null, quickly, without throwing (checked on the unguarded entry point so an
// internal exception is a failure, not a silent null).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demangleItanium, demangleItaniumUnguarded } from '../../../src/symbols/demangle/itanium/index.js';
import { seededRandom } from '../../helpers.js';

const BUILTIN_SEEDS = [
  '_ZN3geo10total_areaISt6vectorIPNS_5ShapeESaIS3_EEEEdRKT_',
  '_ZNSt6vectorINSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEESaIS5_EEC2IPPcvEET_SB_RKS6_',
  '_ZSt9__fill_a1IPiiEN9__gnu_cxx11__enable_ifIXsrSt11__is_scalarIT0_E7__valueEvE6__typeET_S8_RKS4_',
  '_ZZ4mainENKUlTyTyT_T0_E_clIiiEEDaS_S0_',
  '_Z1fIJiEEDTfLplLi1Efp_EDpT_',
  '_ZTCN1A1BE0_N1CE',
  '_ZNKSt6vectorIiSaIiEE4sizeEv.cold',
  '_ZN1A1fB5cxx11Ev',
  '_Z1fIiEDTnw_T_piEEv',
  '_Z1fPM1AKFviE',
  '_Z3fooILi2EEvRAplT_Li1E_i',
  '_ZZ1fiEd_N1A1gEv',
  '_ZGVZN2v88internal28CFunctionBuilderWithFunctionINS_16CTypeInfoBuilderIbJEEEJNS2_INS_5LocalINS_5ValueEEEJEEEEE5BuildEvE8instance',
];

function realSeeds(): string[] {
  if (!existsSync('/usr/lib/x86_64-linux-gnu/libstdc++.so.6')) return [];
  try {
    const out = execFileSync('nm', ['-D', '--defined-only', '/usr/lib/x86_64-linux-gnu/libstdc++.so.6'], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out
      .split('\n')
      .map((l) => l.slice(l.lastIndexOf(' ') + 1).replace(/@.*/, ''))
      .filter((n) => n.startsWith('_Z'));
  } catch {
    return [];
  }
}


const ALPHABET = '_0123456789ZNESILTXJDKVrRPOFAMCUBWdfvcsijlmxyzantlpeqgoSZ.';

function mutate(s: string, other: string, r: () => number): string {
  const pick = (n: number): number => Math.floor(r() * n);
  const c = (): string => ALPHABET[pick(ALPHABET.length)]!;
  let out = s;
  const rounds = r() < 0.5 ? 1 : 1 + pick(4);
  for (let k = 0; k < rounds; k++) {
    const i = pick(out.length + 1);
    switch (pick(8)) {
      case 0: out = out.slice(0, i) + c() + out.slice(i + 1); break;
      case 1: out = out.slice(0, i) + c() + out.slice(i); break;
      case 2: out = out.slice(0, i) + out.slice(i + 1); break;
      case 3: out = out.slice(0, i); break;
      case 4: { const j = pick(out.length + 1); out = out.slice(0, i) + out.slice(Math.min(i, j), Math.max(i, j)) + out.slice(i); break; }
      case 5: out = out.slice(0, i) + other.slice(pick(other.length)); break;
      case 6: out = out.slice(0, i) + 'S' + (pick(3) === 0 ? '_' : pick(40).toString(36).toUpperCase() + '_') + out.slice(i); break;
      default: out = out.slice(0, i) + 'T' + (pick(2) === 0 ? '_' : pick(20) + '_') + out.slice(i); break;
    }
  }
  return out;
}

function check(name: string): number {
  const t0 = performance.now();
  for (const opts of [{ returnTypes: true }, {}, { params: false }]) {
    const out = demangleItaniumUnguarded(name, opts);
    if (out !== null && typeof out !== 'string') throw new Error(`bad result for ${name}`);
  }
  return performance.now() - t0;
}

function mutated(count: number, seed: number): string[] {
  const seeds = [...BUILTIN_SEEDS, ...realSeeds()];
  const r = seededRandom(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const a = seeds[Math.floor(r() * seeds.length)]!;
    const b = seeds[Math.floor(r() * seeds.length)]!;
    out.push(mutate(a, b, r));
  }
  return out;
}

function cxxfilt(names: string[]): string[] | null {
  try {
    const out = execFileSync('c++filt', [], { input: names.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 30 });
    return out.split('\n');
  } catch {
    return null;
  }
}

describe('demangleItanium robustness', () => {
  const names = mutated(20_000, 12345);

  it('20,000 mutated real names: string or null, never a throw, each fast', () => {
    let slowest = 0;
    let slowName = '';
    let demangled = 0;
    for (const name of names) {
      let ms: number;
      try {
        ms = check(name);
      } catch (e) {
        throw new Error(`threw on ${JSON.stringify(name)}: ${String(e)}`);
      }
      // A GC pause or a JIT tier-up can land on any name: re-time slow ones.
      if (ms > 5) ms = Math.min(ms, check(name), check(name));
      if (ms > slowest) {
        slowest = ms;
        slowName = name;
      }
      if (demangleItanium(name) !== null) demangled++;
    }
    console.log(`fuzz: ${demangled}/20000 still demangle; slowest ${slowest.toFixed(2)} ms (${slowName.slice(0, 80)})`);
    expect(slowest).toBeLessThan(50);
  });

  // Mutants exercise corners real names rarely reach (odd literals, packs,
  // bad substitutions); c++filt must agree on which are valid and on the text.
  const plain = names.filter((n) => /^_Z[A-Za-z0-9_.$]*$/.test(n));
  const filt = cxxfilt(plain);
  it.skipIf(filt === null)('mutated names: same verdict and text as c++filt', () => {
    const differ: string[] = [];
    for (let i = 0; i < plain.length; i++) {
      const ref = filt![i] === plain[i] ? null : filt![i];
      const ours = demangleItanium(plain[i]!, { returnTypes: true });
      if (ours !== ref) differ.push(`${plain[i]}\n  c++filt: ${ref}\n  ours:    ${ours}`);
    }
    if (differ.length > 0) console.log(differ.slice(0, 30).join('\n'));
    expect(differ.length / plain.length).toBeLessThan(0.001);
  });

  it('hostile inputs: deep nesting, long names, substitution loops, out-of-range parameters', () => {
    const hostile = [
      '_Z1f' + 'P'.repeat(100_000) + 'i',
      '_Z1f' + 'PF'.repeat(20_000) + 'vE',
      '_Z1fI' + 'IJ'.repeat(20_000) + 'E',
      '_ZN' + '1a'.repeat(30_000) + 'E',
      '_Z1f' + 'S_'.repeat(10_000),
      '_ZN1AIS_EE',
      '_Z1fS_S0_S1_',
      '_Z1fIiEvT5_',
      '_Z1fIiEvT_T99999999999999999999_',
      '_Z1fT_',
      '_ZN1AIiEcvT0_Ev',
      '_Z1fDpT_',
      '_Z1fIJEEvDpT_',
      '_ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ1fvE',
      '_Z' + 'Z'.repeat(50_000),
      '_Z1fIXsZT_EEvv',
      '_Z1fIXplT_T_EEvv',
      '_Z1fA' + '9'.repeat(50) + '_i',
      '_Z' + '9'.repeat(50) + 'f',
      '_Z1fIiEvT_' + '.cold'.repeat(5000),
      '_Z1f' + 'Dv1_'.repeat(10_000) + 'i',
      '_Z1f' + 'M1A'.repeat(10_000) + 'i',
      '_Z1fU' + '3foo'.repeat(10_000) + 'i',
    ];
    // Substitution doubling: each level is a template of the previous level
    // twice, so the text would be 2^40 long; the output cap must stop it.
    let doubling = '_Z1f1AIiE';
    for (let i = 2; i < 40; i++) doubling += `S0_IS${(i - 1).toString(36).toUpperCase()}_S${(i - 1).toString(36).toUpperCase()}_E`;
    hostile.push(doubling + 'v');
    for (const name of hostile) {
      const ms = check(name);
      expect(ms, name.slice(0, 60)).toBeLessThan(2000);
    }
    expect(demangleItanium(doubling)).toBeNull();
  });
});
