// Node kinds and the node shape shared by the parser and the printer. The tree
// mirrors libiberty's demangle_component closely, because c++filt's output is
// defined by how libiberty walks that tree.

export const enum K {
  Name, QualName, LocalName, TypedName, Tagged, Template, TemplateParam, FunctionParam,
  Ctor, Dtor, VTable, VTT, ConstructionVTable, TypeInfo, TypeInfoName, TypeInfoFn,
  Thunk, VirtualThunk, CovariantThunk, JavaClass, Guard, TlsInit, TlsWrapper, RefTemp,
  HiddenAlias, TransactionClone, NonTransactionClone, SubStd,
  Restrict, Volatile, Const, RestrictThis, VolatileThis, ConstThis, ReferenceThis,
  RvalueReferenceThis, TransactionSafe, Noexcept, ThrowSpec,
  VendorTypeQual, Pointer, Reference, RvalueReference, Complex, Imaginary,
  Builtin, ExtBuiltin, VendorType, FunctionType, ArrayType, PtrMemType, FixedType, VectorType,
  ArgList, TemplateArgList, TParmObj, InitializerList, Operator, ExtendedOperator, Cast,
  Conversion, Nullary, Unary, Binary, BinaryArgs, Trinary, TrinaryArg1, TrinaryArg2,
  Literal, LiteralNeg, VendorExpr, JavaResource, CompoundName, Character, Number, Decltype,
  GlobalCtors, GlobalDtors, Lambda, DefaultArg, UnnamedType, PackExpansion, Clone,
  StructuredBinding, ModuleName, ModulePartition, ModuleEntity, ModuleInit,
  TemplateHead, TemplateTypeParm, TemplateNonTypeParm, TemplateTemplateParm, TemplatePackParm,
}

/** How a builtin type prints as a literal (libiberty's d_builtin_type_print). */
export const enum BP { Default, Int, Unsigned, Long, UnsignedLong, LongLong, UnsignedLongLong, Bool, Float, Void }

export interface OpInfo {
  readonly code: string;
  readonly name: string;
  readonly args: number;
}

/** One tree node; one class keeps property access monomorphic. */
export class Node {
  /** Print-recursion guard: how many times this node is on the print stack. */
  p: number;
  constructor(
    public k: K,
    public l: Node | null,
    public r: Node | null,
    /** Name text, builtin type name, standard-substitution text. */
    public s: string,
    /** Number: template-param index, ctor kind, lambda/unnamed index, builtin print kind… */
    public n: number,
    public op: OpInfo | null,
  ) {
    this.p = 0;
  }
}

export function isFnQual(k: K): boolean {
  return k >= K.RestrictThis && k <= K.ThrowSpec;
}
