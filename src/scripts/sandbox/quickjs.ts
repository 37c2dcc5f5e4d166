import { getQuickJS, type QuickJSWASMModule } from 'quickjs-emscripten';

let module: Promise<QuickJSWASMModule> | undefined;

/** The QuickJS WebAssembly module, compiled once per process (~25 ms); runtimes and contexts are cheap. */
export function quickJs(): Promise<QuickJSWASMModule> {
  module ??= getQuickJS();
  return module;
}
