// Appended to each wasm-bindgen glue by scripts/build, where `Library` is the glue's class.
//
// The glue's free() sets `__wbg_ptr` to 0. A method called after that reached Rust with a null
// pointer and threw wasm-bindgen's "null pointer passed to rust", an Error without a `code`;
// so did a second free(), which a `using` block around a library freed inside it makes. Here
// a method of a freed library throws a RecapdexError with code `freed` before reaching the
// wasm, and free() (and Symbol.dispose) does nothing the second time, as a disposer should.
(() => {
  const proto = Library.prototype;
  const freed = (name) => {
    const error = new Error(`Library.${name}() was called on a library that was freed (or on no library)`);
    error.name = 'RecapdexError';
    error.code = 'freed';
    return error;
  };
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
})();
