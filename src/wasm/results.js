// Makes the JS value of a search result, NoteInfo or rendered note from what the wasm side
// wrote (src/wasm/results.rs): the strings as one UTF-16 text, the numbers, and a list of
// instructions, one u32 each (operation in the low 3 bits, argument above). One call per
// value instead of one across the boundary per field.

const decoder = new TextDecoder('utf-16le');
// Property names by number, as the wasm side numbers them; each is sent once.
const keys = [];
const NEW_KEY = 0x80000000;

export function buildValue(text16, ops, nums) {
  const text = decoder.decode(text16);
  const stack = [];
  const long = [];
  let at = 0;
  let num = 0;
  for (let i = 0; i < ops.length; i++) {
    const word = ops[i];
    const n = word >>> 3;
    switch (word & 7) {
      case 0: // STR
        stack.push(text.slice(at, (at += n)));
        break;
      case 1: { // LONG
        const s = text.slice(at, (at += n));
        long.push(s);
        stack.push(s);
        break;
      }
      case 2: // REPEAT
        stack.push(long[n]);
        break;
      case 3: // NUM
        stack.push(nums[num++]);
        break;
      case 4: // CONST
        stack.push(n === 0 ? undefined : n === 2);
        break;
      case 5: // LIST
        stack.push(stack.splice(stack.length - n, n));
        break;
      case 6: { // OBJ
        const base = stack.length - n;
        const obj = {};
        for (let k = 0; k < n; k++) {
          let id = ops[++i];
          if (id & NEW_KEY) {
            id &= ~NEW_KEY;
            keys[id] = text.slice(at, (at += ops[++i]));
          }
          obj[keys[id]] = stack[base + k];
        }
        stack.length = base;
        stack.push(obj);
        break;
      }
      default: { // MAP
        const base = stack.length - 2 * n;
        const obj = {};
        for (let k = base; k < stack.length; k += 2) obj[stack[k]] = stack[k + 1];
        stack.length = base;
        stack.push(obj);
        break;
      }
    }
  }
  return stack[0];
}
