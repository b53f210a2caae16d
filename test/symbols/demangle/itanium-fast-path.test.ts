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

function symbols(bin: string): string[] {
  if (!existsSync(bin)) return [];
  try {
    const out = execFileSync('nm', ['--without-symbol-versions', '--defined-only', realpathSync(bin)], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
    return out.split('\n').map((l) => l.slice(l.lastIndexOf(' ') + 1)).filter((n) => n.startsWith('_Z'));
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
  // Argument packs: libiberty takes back the ", " before an empty one but remembers its space
  ['_Z1f1AIJicEE', 'f(A<int, char>)'],
  ['_Z1f1AIJi1BIiEEE', 'f(A<int, B<int> >)'],
  ['_Z1f1AIJLi1ELi2EEE', 'f(A<1, 2>)'],
  ['_Z1f1AIiJEE', 'f(A<int>)'],
  ['_Z1fIJEEvv', 'f<>()'],
  ['_Z1fI1AIiEJEEvv', 'f<A<int>>()'],
  ['_Z1f1AIJ1BIiEEJEE', 'f(A<B<int>>)'],
  ['_Z1fIJEiEvv', 'f<, int>()'],
  ['_Z1fIiJEcEvv', 'f<int, , char>()'],
  ['_Z1fIJEJEEvv', 'f<>()'],
  ['_Z1f1AIJJiEEE', null], // nested pack
  ['_Z1fIJiEEvT_', null], // a pack parameter outside an expansion
  // Pack expansions of the function template's packs, with reference collapsing
  ['_Z1fIJicEEvDpT_', 'f<int, char>(int, char)'],
  ['_Z1fIJEEvDpT_', 'f<>()'],
  ['_Z1fIJEEviDpT_', 'f<>(int)'],
  ['_Z1fIJEEvDpT_i', 'f<>(, int)'],
  ['_Z1fIJRiOcKiEEvDpOT_', 'f<int&, char&&, int const>(int&, char&&, int const&&)'],
  ['_Z1fIJRiOcKiEEvDpRT_', 'f<int&, char&&, int const>(int&, char&, int const&)'],
  ['_Z1fIJiPcEEvDpRKT_', 'f<int, char*>(int const&, char* const&)'],
  ['_Z1fIJiPcEEvDpPKT_', 'f<int, char*>(int const*, char* const*)'],
  ['_Z1fIiJcEEvT_DpT0_', 'f<int, char>(int, char)'],
  ['_Z1fIJiEEvPFvDpT_E', 'f<int>(void (*)(int))'],
  ['_Z1fIJ1AIiEEEvDpT_', 'f<A<int> >(A<int>)'],
  ['_Z1fIJiEEvDpOT_S1_', null], // the expansion's candidates print in its context
  ['_Z1fIJiEEvDpOT_S0_', null],
  ['_Z1fIJRiEEvDpKT_', null], // const on a reference
  ['_Z1fIJRiEEvDpPT_', null], // pointer to a reference
  ['_Z1fIJLi1EEEvDpT_', null], // a value
  ['_Z1fIiEvDpT_', null], // not a pack
  ['_Z1f1AIJDpT_EE', null], // an expansion outside a parameter list
  ['_Z1f1AIE', null], // no arguments
  ['_ZNR1A1fEv', null], // ref-qualifier
  ['_Z1fRRi', null], // reference to reference
  // Function types: modifiers go in the declarator's parentheses
  ['_Z1fPFviE', 'f(void (*)(int))'],
  ['_Z1fFvvE', 'f(void ())'],
  ['_Z1fPKPFvvE', 'f(void (* const*)())'],
  ['_Z1fKPFvvES_', 'f(void (* const)(), void ())'],
  ['_Z1fPFviES_S0_', 'f(void (*)(int), void (int), void (*)(int))'],
  ['_Z1fRFvvEPS_', 'f(void (&)(), void (*)())'],
  ['_Z1fOFvzE', 'f(void (&&)(...))'],
  ['_Z1fPFYvvE', 'f(void (*)())'],
  ['_Z1fPFvvEOS0_', 'f(void (*)(), void (*&&)())'],
  ['_Z1fPFv1AIiEE', 'f(void (*)(A<int>))'],
  ['_Z1fSt8functionIFviEE', 'f(std::function<void (int)>)'],
  ['_ZNSt8functionIFvRKiEEC2Ev', 'std::function<void (int const&)>::function()'],
  ['_Z1fIFvvEEvPT_', 'f<void ()>(void (*)())'],
  ['_Z1fIPFvvEEvRKT_', 'f<void (*)()>(void (* const&)())'],
  ['_Z1fPKDsS0_', 'f(char16_t const*, char16_t const*)'],
  ['_Z1fPFPFvvEvE', null], // a function type returned: printed around the declarator
  ['_Z1fPFvvRE', null], // ref-qualified
  ['_Z1fKFvvE', null], // cv-qualified
  ['_Z1fPFvvEKS_', null], // const on a function type: `void ( const)()`
  ['_Z1fPFvviE', null], // void among parameters
  ['_Z1fPFvE', null], // no parameters
  ['_Z1fPFvvRFvvE', null], // reference to a function reference
  ['_Z1fKDxFvvE', null], // transaction_safe
  ['_Z1fILi3EE', 'f<3>'],
  // Operators: `operator< <...>` takes a space; conversions and literal operators are the full path's.
  ['_ZN1AaSEOS_', 'A::operator=(A&&)'],
  ['_ZN1AltIiEEvT_', 'A::operator< <int>(int)'],
  ['_ZN1AlsIiEEvT_', 'A::operator<< <int>(int)'],
  ['_Z1fN1AgtIiEE', 'f(A::operator><int>)'],
  ['_ZStplIcEvT_', 'std::operator+<char>(char)'],
  ['_ZN1AnwEm', 'A::operator new(unsigned long)'],
  ['_ZN1AdaEPv', 'A::operator delete[](void*)'],
  ['_ZNK1AclEv', 'A::operator()() const'],
  ['_ZN1AssERKS_', 'A::operator<=>(A const&)'],
  ['_ZN1AstEv', 'A::operator sizeof()'],
  ['_ZN1AcvbEv', null], // conversion
  ['_ZN1Ali1xEv', null], // literal operator
  ['_ZN1Av13fooEv', null], // vendor operator
  ['_ZN1AliEv', null],
  // Thunks
  ['_ZThn8_N1A1fEv', 'non-virtual thunk to A::f()'],
  ['_ZThn_N1A1fEv', 'non-virtual thunk to A::f()'],
  ['_ZTv0_n24_N1AD0Ev', 'virtual thunk to A::~A()'],
  ['_ZTch8_h8_N1A1fEv', 'covariant return thunk to A::f()'],
  ['_ZTcv0_n8_h8_N1A1fEv', 'covariant return thunk to A::f()'],
  ['_ZThn8_3foo', 'non-virtual thunk to foo'],
  ['_ZThn8_N1A1fIiEEvT_', 'non-virtual thunk to A::f<int>(int)'],
  ['_ZTcv0_n8_N1A1fEv', null], // one call offset missing
  ['_ZThn8_', null],
  ['_ZThn8_ThnN1A1fEv', null], // a thunk to a thunk
  ['_ZThn1234567890_N1A1fEv', null], // long offset: the full path's
  ['_ZTV1A', null], // other special names
  // ABI tags: printed after the name, not part of lastName, on a constructor it no longer is one
  ['_ZN1AB5cxx111fEv', 'A[abi:cxx11]::f()'],
  ['_ZN1AB3tagB4tag2C1Ev', 'A[abi:tag][abi:tag2]::A()'],
  ['_ZN1AC1B3tagEv', 'A::A[abi:tag]()'],
  ['_ZN1a1b3fooB5cxx11ES0_', 'a::b::foo[abi:cxx11](a::b)'],
  ['_Z3fooB3tagIiEvT_', 'foo[abi:tag]<int>(int)'],
  ['_Z1fSt3fooB3tagS_', 'f(std::foo[abi:tag], std::foo[abi:tag])'],
  ['_Z1f1AB3tagIiES_S0_', 'f(A[abi:tag]<int>, A[abi:tag], A[abi:tag]<int>)'],
  ['_ZN1AC2B3tagIiEET_', null], // invalid: a tagged constructor template has a return type
  ['_Z1fS_B3tag', null],
  ['_ZN1AB3tagE', 'A[abi:tag]'],
  ['_ZN1AB_1fEv', null],
  // Internal names (L) in nested names
  ['_ZN4nodeL10InitializeEv', 'node::Initialize()'],
  ['_ZN12_GLOBAL__N_1L3fooE', '(anonymous namespace)::foo'],
  ['_ZN1AL1fIiEEvT_', 'A::f<int>(int)'],
  ['_ZStL3fooi', 'std::foo(int)'],
  ['_ZN1AL1f_0Ev', null], // discriminator
  ['_Z1fPK', null], // truncated
  ['_Z1fS_', null], // no candidate yet
  ['_ZN1aE', 'a'],
  ['_ZNS_1aE', null],
];

describe('Itanium fast path', () => {
  it('leaves function templates to the full path when return types are wanted (c++filt style)', () => {
    expect(demangleFast('_Z3fooIiEvT_', true)).toBeUndefined();
    expect(demangleFast('_ZN1AC2IiEET_', true)).toBe('A::A<int>(int)'); // constructors have none
    expect(demangleItanium('_Z3fooIiEvT_', { returnTypes: true })).toBe('void foo<int>(int)');
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

  const corpus = [...new Set([...symbols('/usr/bin/node'), ...symbols('/usr/lib/x86_64-linux-gnu/libstdc++.so.6')])];
  it.skipIf(corpus.length === 0)('prints what the full path prints on every real name it takes', () => {
    const r = compare(corpus);
    console.log(`fast path: took ${r.taken}/${r.total} real names`);
    expect(r.differ).toEqual([]);
    expect(r.taken / r.total).toBeGreaterThan(0.4);
  });

  it.skipIf(corpus.length === 0)('prints what the full path prints on 50,000 mutated names', () => {
    let seed = 99;
    const rnd = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
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
