// Appended to each wasm-bindgen glue by scripts/build, where `Library` is the glue's class and
// `wasm` its instance's exports (unset until init() in the web builds).
//
// Freed: the glue's free() sets `__wbg_ptr` to 0. A method called after that reached Rust with
// a null pointer and threw wasm-bindgen's "null pointer passed to rust", an Error without a
// `code`; so did a second free(), which a `using` block around a library freed inside it
// makes. Here a method of a freed library throws a RecapdexError with code `freed` before
// reaching the wasm, and free() (and Symbol.dispose) does nothing the second time, as a
// disposer should.
//
// Before init(): `new Library()`, `Library.load` and `Library.version` threw a TypeError
// ("Cannot read properties of undefined (reading 'library_new')"); they throw a
// RecapdexError with code `not_initialized` that says to await init() first.
// The class itself is wrapped, so that `new Library()` before init() is told the same.
Library = (() => {
  const proto = Library.prototype;
  const coded = (message, code) => {
    const error = new Error(message);
    error.name = 'RecapdexError';
    error.code = code;
    return error;
  };
  const freed = (name) => coded(`Library.${name}() was called on a library that was freed (or on no library)`, 'freed');
  const notInitialized = (what) => coded(`${what} was called before the wasm was loaded: await init() (the module's default export) first`, 'not_initialized');
  for (const name of Object.getOwnPropertyNames(proto)) {
    const { value: method } = Object.getOwnPropertyDescriptor(proto, name);
    if (name === 'constructor' || name.startsWith('__') || typeof method !== 'function') continue;
    proto[name] = name === 'free'
      ? function free() { if (this?.__wbg_ptr) method.call(this); }
      : { [name](...args) {
        if (!this?.__wbg_ptr) throw freed(name);
        return method.apply(this, args);
      } }[name];
  }
  if (Symbol.dispose) proto[Symbol.dispose] = proto.free;
  for (const name of ['load', 'version']) {
    const method = Library[name];
    Library[name] = { [name](...args) {
      if (!wasm) throw notInitialized(`Library.${name}()`);
      return method.apply(this, args);
    } }[name];
  }
  return new Proxy(Library, {
    construct(target, args, newTarget) {
      if (!wasm) throw notInitialized('new Library()');
      return Reflect.construct(target, args, newTarget);
    },
  });
})();
