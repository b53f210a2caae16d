// The fast path (itanium/fast.ts) must print exactly what the full parser and
// printer print, wherever it takes a name: on every `_Z` name of the big C++
// binaries here, on 50,000 mutated ones (where it must mostly step aside), and on
// hand-picked names at the edges of its subset. The full path is itself checked
// against c++filt (itanium-cxxfilt.test.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demangleFast } from '../../../src/symbols/demangle/itanium/fast.js';
import { demangleItanium } from '../../../src/symbols/demangle/itanium/index.js';
import { seededRandom } from '../../helpers.js';

function symbols(bin: string): string[] {
  if (!existsSync(bin)) return [];
  try {
    const names = (extra: string[]): string[] =>
      execFileSync('nm', [...extra, '--without-symbol-versions', '--defined-only', realpathSync(bin)], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] })
        .split('\n')
        .map((l) => l.slice(l.lastIndexOf(' ') + 1))
        .filter((n) => n.startsWith('_Z'));
    // A stripped library has only its dynamic symbols.
    const all = names([]);
    return all.length > 0 ? all : names(['-D']);
  } catch {
    return [];
  }
}

const full = (name: string): string | null => demangleItanium(name, { fastPath: false });

/** Names the fast path takes, and those where it differs from the full path. */
function compare(names: Iterable<string>): { taken: number; total: number; differ: string[] } {
  let taken = 0;
  let total = 0;
  const differ: string[] = [];
  for (const name of names) {
    total++;
    const fast = demangleFast(name);
    if (fast === undefined) continue;
    taken++;
    const ref = full(name);
    if (fast !== ref && differ.length < 20) differ.push(`${name}\n  full: ${ref}\n  fast: ${fast}`);
  }
  return { taken, total, differ };
}

const EDGES: [string, string | null][] = [
  ['_Z12get_instancePv', 'get_instance(void*)'],
  ['_Z1fv', 'f()'],
  ['_Z3foo', 'foo'],
  ['_ZL3barii', 'bar(int, int)'],
  ['_ZNK1A1fEv', 'A::f() const'],
  ['_ZN1AC2ERKS_', 'A::A(A const&)'],
  ['_ZN1AD0Ev', 'A::~A()'],
  ['_ZN1AC4Ev', 'A::A()'], // GCC's unified constructor and destructor (c++filt's text)
  ['_ZN1AD4Ev', 'A::~A()'],
  ['_ZN1AD3Ev', null],
  // Lambdas (c++filt's text).
  ['_ZZN1A1fEvENKUlvE_clEv', 'A::f()::{lambda()#1}::operator()() const'],
  ['_ZZN1A1fEvENUlPvE_4_FUNES1_', 'A::f()::{lambda(void*)#1}::_FUN({lambda(void*)#1})'],
  ['_ZZN1A1fEvENKUliiE0_clEii', 'A::f()::{lambda(int, int)#2}::operator()(int, int) const'],
  ['_ZZ1fvENKUlT_E_clIiEEDaS_', null], // a generic lambda
  ['_ZN2v85LocalINS_6ObjectEEC2Ev', 'v8::Local<v8::Object>::Local()'],
  ['_Z1fN1a1bE1cS0_S_S1_', 'f(a::b, c, a::b, a, c)'],
  ['_Z1fPKPKcRS0_OS_', 'f(char const* const*, char const*&, char const&&)'],
  ['_Z1fPKPKcRKS1_', null], // const on a const type: printed once, the full path's
  ['_Z1fPKKc', null],
  ['_Z1fSt6vectorIiSaIiEE', 'f(std::vector<int, std::allocator<int> >)'],
  ['_ZNSaIcEC2Ev', 'std::allocator<char>::allocator()'],
  ['_Z1fSsRKSs', 'f(std::basic_string<char, std::char_traits<char>, std::allocator<char> >, std::basic_string<char, std::char_traits<char>, std::allocator<char> > const&)'],
  ['_Z1fSsS_', null], // an abbreviation is not a candidate
  ['_ZSt4swapRiS_', 'std::swap(int&, int&)'],
  ['_ZN1AIiE1BIcE1fENS1_IiE1CE', 'A<int>::B<char>::f(A<int>::B<int>::C)'],
  ['_Z1fSaB3tagIcE', null], // ABI tag on an abbreviation
  ['_Z1fSt4pairIiS_IccEE', 'f(std::pair<int, std::pair<char, char> >)'],
  ['_ZN12_GLOBAL__N_13fooEv', '(anonymous namespace)::foo()'],
  ['_Z1fDnDsDiDu', 'f(decltype(nullptr), char16_t, char32_t, char8_t)'],
  ['_Z1fiz', 'f(int, ...)'],
  ['_Z1fvi', null], // void among other parameters
  ['_Z3fooIiEvT_', 'foo<int>(int)'], // function templates: no return type (mozilla style)
  ['_ZN1a3fooIiEEvT_', 'a::foo<int>(int)'],
  ['_ZN1a1fILi3ELb1ELj4EEEvv', 'a::f<3, true, 4u>()'],
  ['_Z1fILN1a1eE2EEvv', 'f<(a::e)2>()'],
  ['_Z1fILin5EEvv', 'f<-5>()'],
  ['_Z1fILc65EEvv', 'f<(char)65>()'],
  ['_ZN1AC2IiEET_', 'A::A<int>(int)'],
  ['_ZSt4swapIiEvRT_S1_', 'std::swap<int>(int&, int&)'],
  ['_Z1fIiEvT0_', null], // no second argument
  ['_Z1fILi1EEvT_', null], // a value used as a type
  ['_Z1fILd3ff00000EEvv', null], // floating-point literal
  // Packs of one argument (c++filt's text, its return types left out).
  ['_Z1fIJiEEvDpT_', 'f<int>(int)'],
  ['_ZNSt6vectorIlSaIlEE12emplace_backIJlEEERlDpOT_', 'std::vector<long, std::allocator<long> >::emplace_back<long>(long&&)'],
  ['_Z1fIiJcEEvT_DpT0_', 'f<int, char>(int, char)'],
  ['_Z1fIJPKcEEvDpRKT_', 'f<char const*>(char const* const&)'],
  ['_Z1fIJiEEvDpT_S0_', 'f<int>(int, int)'],
  ['_Z1fIN1a1eELS1_3EEvT_', 'f<a::e, (a::e)3>(a::e)'], // an enum literal whose type is a substitution
  ['_Z1fIJiiEEvDpT_', null], // a pack of two
  ['_Z1fIJEEvDpT_', null], // an empty pack
  ['_Z1fIiEvDpT_', null], // an expansion without a pack
  ['_ZNR1A1fEv', null], // ref-qualifier
  ['_Z1fRRi', null], // reference to reference
  // Function types (c++filt's text, its return types left out).
  ['_Z1fPFviE', 'f(void (*)(int))'],
  ['_Z1fIFvmEEvv', 'f<void (unsigned long)>()'],
  ['_Z1fRFvvE', 'f(void (&)())'],
  ['_Z1fOFivE', 'f(int (&&)())'],
  ['_Z1fPFPKcvE', 'f(char const* (*)())'],
  ['_Z1fPFviES0_', 'f(void (*)(int), void (*)(int))'],
  ['_Z1fPFviES_', 'f(void (*)(int), void (int))'], // the function type is a candidate before its pointer
  ['_Z1fIPFivEEvv', 'f<int (*)()>()'],
  ['_Z1fFvvE', 'f(void ())'],
  ['_Z1fPFvzE', 'f(void (*)(...))'],
  ['_Z1fPFvPFvvEE', 'f(void (*)(void (*)()))'],
  ['_Z1fIiEvPFviEPFvlE', 'f<int>(void (*)(int), void (*)(long))'],
  ['_Z1fIFvmEEvPT_', null], // a pointer to a function type named by T_
  ['_Z1fPKFvvE', null], // a const function type
  ['_Z1fPFvvEPS0_', null], // a pointer to a function pointer
  ['_Z1fIiEPFvvEv', null], // a function returning a function pointer
  ['_Z1fPFvvREv', null], // a ref-qualified function type
  ['_ZSt14set_unexpectedPFvE', null], // a function type without parameter types
  ['_ZN1AUlE_C1Ev', null], // a lambda without parameter types
  ['_Z1fILi3EE', 'f<3>'],
  ['_ZN1AB5cxx111fEv', null], // ABI tag
  ['_Z1fPK', null], // truncated
  ['_Z1fS_', null], // no candidate yet
  ['_ZN1aE', 'a'],
  ['_ZNS_1aE', null],
  // Local names, internal linkage, special names: expected texts are c++filt's.
  ['_ZZN1A1fEvE1x', 'A::f()::x'],
  ['_ZZNK1A1fEvE1x_0', 'A::f() const::x'],
  ['_ZZ3fooIiEvT_E1x', 'foo<int>(int)::x'], // the function's return type is not printed here
  ['_ZZN1A1fEvEs_1', 'A::f()::string literal'],
  ['_ZZZN1A1fEvE1BE1y', 'A::f()::B::y'],
  ['_ZZN1A1fEvEN1B1gEv', 'A::f()::B::g()'],
  ['_ZZ1fvE1x__12_', 'f()::x'],
  ['_ZZ1fvE1x__12', null], // a two-digit discriminator needs its closing _
  ['_ZZN1aL1fEvEL1x_2', 'a::f()::x'],
  ['_ZZN1A1fEvEd_1x', null], // default argument scope
  ['_ZZN1A1fEvE1xIiE', null], // a template entity
  ['_ZN1aL1b_3Ev', 'a::b()'],
  ['_ZStL8__ioinit', 'std::__ioinit'],
  ['_ZTVN1aL1bE', 'vtable for a::b'],
  ['_ZTISt9exception', 'typeinfo for std::exception'],
  ['_ZTSPKc', 'typeinfo name for char const*'],
  ['_ZTTN1aE', 'VTT for a'],
  ['_ZThn16_N1a1b1fEv', 'non-virtual thunk to a::b::f()'],
  ['_ZTv0_n24_N1aD1Ev', 'virtual thunk to a::~a()'],
  ['_ZGVZN1a1fEvE1x', 'guard variable for a::f()::x'],
  ['_ZGVN1a1xE', 'guard variable for a::x'],
  ['_ZTVN1a1bE1c', null], // trailing text
  // Operators (c++filt's text; its return types left out).
  ['_ZN1AaSERKS_', 'A::operator=(A const&)'],
  ['_ZNK1AclEv', 'A::operator()() const'],
  ['_ZN1AnwEm', 'A::operator new(unsigned long)'],
  ['_ZN1AdlEPv', 'A::operator delete(void*)'],
  ['_ZStplIcEvRKc', 'std::operator+<char>(char const&)'],
  ['_ZN1AltIiEEbT_', 'A::operator< <int>(int)'],
  ['_ZN1AlsIiEEvT_', 'A::operator<< <int>(int)'],
  ['_ZplRK1AS1_', 'operator+(A const&, A const&)'],
  ['_ZN1AcvbEv', null], // conversion operator
  ['_ZN1AliEv', null], // literal operator
  ['_ZTCN1aE0_N1bE', null], // construction vtable
];

describe('Itanium fast path', () => {
  it('leaves function templates to the full path when return types are wanted (c++filt style)', () => {
    expect(demangleFast('_Z3fooIiEvT_', true)).toBeUndefined();
    expect(demangleFast('_ZN1AC2IiEET_', true)).toBe('A::A<int>(int)'); // constructors have none
    expect(demangleItanium('_Z3fooIiEvT_', { returnTypes: true })).toBe('void foo<int>(int)');
  });

  it('steps aside, without throwing, on hostile nesting', () => {
    const hostile = [
      '_Z1f' + 'PFv'.repeat(20000) + 'E'.repeat(20000),
      '_ZN' + '1aIN'.repeat(15000) + '1bE',
      '_Z' + 'ZN1aUl'.repeat(8000),
      '_Z1fI' + 'N1aIL'.repeat(9000),
      '_Z' + 'Th0_'.repeat(9000),
    ];
    for (const name of hostile) expect(() => demangleFast(name), name.slice(0, 20)).not.toThrow();
    for (const name of hostile) expect(demangleFast(name)).toBeUndefined();
  });

  it('takes or leaves the edge cases as expected, and agrees with the full path', () => {
    for (const [name, want] of EDGES) {
      const fast = demangleFast(name);
      if (want === null) expect(fast, name).toBeUndefined();
      else {
        expect(fast, name).toBe(want);
        expect(full(name), name).toBe(want);
      }
    }
  });

  // node and libstdc++ are built by GCC; LLVM (there with lldb-19) by clang.
  const corpus = [...new Set([...symbols('/usr/bin/node'), ...symbols('/usr/lib/x86_64-linux-gnu/libstdc++.so.6'), ...symbols('/usr/lib/x86_64-linux-gnu/libLLVM.so.19.1')])];
  it.skipIf(corpus.length === 0)('prints what the full path prints on every real name it takes', () => {
    const r = compare(corpus);
    console.log(`fast path: took ${r.taken}/${r.total} real names`);
    expect(r.differ).toEqual([]);
    expect(r.taken / r.total).toBeGreaterThan(0.4);
  });

  it.skipIf(corpus.length === 0)('prints what the full path prints on 50,000 mutated names', () => {
    const random = seededRandom(99);
    const rnd = (n: number): number => Math.floor(random() * n);
    const alphabet = '_0123456789NESIKPRODvcijlmSC12';
    const names: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      let s = corpus[rnd(corpus.length)]!;
      const at = 2 + rnd(Math.max(1, s.length - 2));
      switch (rnd(4)) {
        case 0: s = s.slice(0, at); break;
        case 1: s = s.slice(0, at) + alphabet[rnd(alphabet.length)] + s.slice(at + 1); break;
        case 2: s = s.slice(0, at) + alphabet[rnd(alphabet.length)] + s.slice(at); break;
        default: s = s.slice(0, at) + s.slice(at + 1); break;
      }
      names.push(s);
    }
    const r = compare(names);
    console.log(`fast path: took ${r.taken}/${r.total} mutated names`);
    expect(r.differ).toEqual([]);
  });
});
