// Demangling (src/symbols/demangle) and PUBLIC selection (publics.ts) in isolation.
import { describe, expect, it } from 'vitest';
import { demangle, demangleSymbol, demanglerAvailable, fixSymbolName } from '../../../src/symbols/demangle/index.js';
import { RangeSet, selectPublics } from '../../../src/symbols/dump-syms/index.js';
import { cleanName, StringSink, SymWriter } from '../../../src/symbols/dump-syms/writer.js';

describe('demangle', () => {
  it('loads the WASM demangler', () => {
    expect(demanglerAvailable()).toBe(true);
  });
  it('Itanium C++: parameters kept, return types dropped (as mozilla dump_syms)', () => {
    expect(demangle('_Z8inline_1i')).toBe('inline_1(int)');
    expect(demangle('_ZN12_GLOBAL__N_19sum_areasEv')).toBe('(anonymous namespace)::sum_areas()');
    expect(demangle('_ZNSt6vectorIiSaIiEE9push_backERKi')).toBe('std::vector<int, std::allocator<int> >::push_back(int const&)');
    expect(demangle('_Z3fooIiEvT_')).toBe('foo<int>(int)');
    expect(demangle('_ZNK3foo3barIiEET_v')).toBe('foo::bar<int>() const');
  });
  it('Rust legacy and v0, without the hash', () => {
    expect(demangle('_ZN3std2io5stdio6_print17h1234567890abcdefE')).toBe('std::io::stdio::_print');
    expect(demangle('_RNvCs1234_7mycrate3foo')).toBe('mycrate::foo');
  });
  it('strips compiler clone suffixes first', () => {
    expect(fixSymbolName('foo.cold')).toBe('foo');
    expect(fixSymbolName('foo.isra.0.constprop.1')).toBe('foo');
    expect(fixSymbolName('foo [clone .cold]')).toBe('foo');
    expect(demangle('_ZN1A1fEv.cold')).toBe('A::f()');
    expect(demangle('main.cold')).toBe('main');
    // PUBLIC names of C symbols keep the suffix (mozilla only touches mangled names there).
    expect(demangleSymbol('main.cold')).toBe('main.cold');
    expect(demangleSymbol('_Z3fooIiEvT_.isra.0')).toBe('foo<int>(int)');
  });
  it('leaves C names and undemanglable names alone', () => {
    expect(demangle('main')).toBe('main');
    expect(demangle('_Zbad')).toBe('_Zbad');
    expect(demangle('')).toBe('');
    const long = '_Z' + 'N3foo'.repeat(2000) + 'E';
    expect(typeof demangle(long)).toBe('string');
  });
});

describe('selectPublics', () => {
  const funcs = new RangeSet([{ address: 0x100, size: 0x20 }, { address: 0x200, size: 0x10 }]);
  it('skips symbols covered by a FUNC (start included), dedupes, flags aliases with m', () => {
    const out = selectPublics(
      [
        { address: 0x100, size: 0x20, name: 'covered_start' },
        { address: 0x110, size: 0, name: 'covered_inside' },
        { address: 0x50, size: 0x10, name: '_Z1fv' },
        { address: 0x50, size: 0x10, name: '_Z1fv' }, // .dynsym copy: same name, no m
        { address: 0x60, size: 0x8, name: 'a' },
        { address: 0x60, size: 0x8, name: 'b' }, // alias: m
        { address: 0x64, size: 0, name: 'label_inside_a' }, // inside a sized PUBLIC
        { address: 0x300, size: 0, name: '' },
      ],
      [
        { address: 0x20, size: 0, name: '<.plt ELF section in m>' },
        { address: 0x50, size: 0, name: '<.text ELF section in m>' }, // a symbol is there already
        { address: 0x200, size: 0, name: '<.fini ELF section in m>' }, // a FUNC is there
      ],
      funcs,
    );
    expect(out).toEqual([
      { address: 0x20, name: '<.plt ELF section in m>' },
      { address: 0x50, name: 'f()' },
      { address: 0x60, name: 'a', multiple: true },
      { address: 0x300, name: '<name omitted>' },
    ]);
  });
  it('RangeSet handles nesting and gaps', () => {
    const r = new RangeSet([{ address: 0, size: 0x100 }, { address: 0x10, size: 0x10 }, { address: 0x200, size: 0 }]);
    expect(r.covers(0x50)).toBe(true);
    expect(r.covers(0x100)).toBe(false);
    expect(r.covers(0x200)).toBe(true);
    expect(r.covers(0x201)).toBe(false);
    expect(new RangeSet([]).covers(0)).toBe(false);
  });
});

describe('SymWriter', () => {
  it('writes Breakpad records in order and cleans names', async () => {
    const sink = new StringSink();
    const w = new SymWriter(sink);
    w.header({ os: 'Linux', arch: 'x86_64', debugId: 'A'.repeat(32) + '0', name: 'lib.so', codeId: 'AB', generator: 'g 1' });
    w.files(['a.c']);
    w.inlineOrigins(['f', ' ']);
    w.func({ address: 0x10, size: 0x20, name: 'f\nx', multiple: true, lines: [{ address: 0x10, size: 4, line: 3, file: 0 }], inlines: [{ depth: 0, callLine: 3, callFile: 0, origin: 0, ranges: [{ address: 0x12, size: 2 }] }] });
    w.publicRecord({ address: 0x40, name: 'p' });
    w.raw('STACK CFI INIT 10 20 .cfa: $rsp 8 +');
    await w.flush();
    expect(sink.text()).toBe(
      'MODULE Linux x86_64 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA0 lib.so\nINFO CODE_ID AB\nINFO GENERATOR g 1\nFILE 0 a.c\n' +
        'INLINE_ORIGIN 0 f\nINLINE_ORIGIN 1 <name omitted>\nFUNC m 10 20 0 fx\nINLINE 0 3 0 0 12 2\n10 4 3 0\nPUBLIC 40 0 p\nSTACK CFI INIT 10 20 .cfa: $rsp 8 +\n',
    );
    expect(cleanName('\t')).toBe('<name omitted>');
  });
});
