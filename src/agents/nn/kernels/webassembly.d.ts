/**
 * The part of the WebAssembly JS API that ../kernel.ts uses. Node has it globally, but
 * TypeScript declares it only in the DOM/WebWorker libs, which this Node project does
 * not load (tsconfig `lib: ES2023`).
 */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: BufferSource);
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number });
    readonly buffer: ArrayBuffer;
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  function validate(bytes: BufferSource): boolean;
}

type BufferSource = ArrayBufferView | ArrayBuffer;
