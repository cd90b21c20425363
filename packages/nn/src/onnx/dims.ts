/**
 * Symbolic sizes for export: a dim is a number, or a product of named sizes with an integer
 * coefficient, written canonically (`'batch'`, `'4*batch*seq'`), so that equal sizes compare equal
 * as strings. The names are the dynamic axes' (`dim_param` in the file) and names made up for
 * sizes computed from them in ways a product cannot say (a strided convolution's output).
 * @module
 */

/** A size: a number, or a product of named sizes (`'batch'`, `'2*batch*seq'`). */
export type Dim = number | string;

interface Product {
  coef: number;
  names: string[];
}

function parse(d: Dim): Product {
  if (typeof d === 'number') return { coef: d, names: [] };
  const parts = d.split('*');
  const coef = /^\d+$/.test(parts[0]!) ? Number(parts.shift()) : 1;
  return { coef, names: parts };
}

function format(p: Product): Dim {
  if (p.names.length === 0 || p.coef === 0) return p.coef;
  const names = [...p.names].sort().join('*');
  return p.coef === 1 ? names : `${p.coef}*${names}`;
}

/** The product of sizes. */
export function mulDims(ds: readonly Dim[]): Dim {
  const out: Product = { coef: 1, names: [] };
  for (const d of ds) {
    const p = parse(d);
    out.coef *= p.coef;
    out.names.push(...p.names);
  }
  return format(out);
}

/** `a / b` when it is a product again (b's names all in a, coefficient divisible), else null. */
export function divDims(a: Dim, b: Dim): Dim | null {
  const pa = parse(a);
  const pb = parse(b);
  if (pb.coef === 0 || pa.coef % pb.coef !== 0) return null;
  const names = [...pa.names];
  for (const n of pb.names) {
    const i = names.indexOf(n);
    if (i < 0) return null;
    names.splice(i, 1);
  }
  return format({ coef: pa.coef / pb.coef, names });
}

/** The named sizes of a dim with its coefficient. */
export function factors(d: Dim): Product {
  return parse(d);
}

/** The value of a dim given the value of each name. */
export function dimValue(d: Dim, sizes: ReadonlyMap<string, number>): number {
  const p = parse(d);
  let v = p.coef;
  for (const n of p.names) {
    const s = sizes.get(n);
    if (s === undefined) throw new Error(`exportOnnx: internal error: no size for dim '${n}'`);
    v *= s;
  }
  return v;
}

/**
 * A number a forward computed from sizes, as a dim: divided by each named size's stand-in value
 * (a prime) as often as it goes, so that `x.shape[0] * 4` reads as `'4*batch'`.
 */
export function decodeDim(n: number, primes: ReadonlyMap<number, string>): Dim {
  if (!Number.isInteger(n) || n <= 0 || primes.size === 0) return n;
  const names: string[] = [];
  let rest = n;
  for (const [p, name] of primes) {
    while (rest % p === 0) {
      names.push(name);
      rest /= p;
    }
  }
  return format({ coef: rest, names });
}

/** Stand-in sizes of the dynamic axes for the first trace and for the check trace: primes no model would use as a size. */
export const STAND_INS: readonly (readonly number[])[] = [
  [101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157],
  [163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223, 227],
];

/** Broadcasts two shapes of dims (numpy's rule); null where two different names meet. */
export function broadcastDims(a: readonly Dim[], b: readonly Dim[]): Dim[] | null {
  const n = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x === y || y === 1) out.push(x);
    else if (x === 1) out.push(y);
    else if (typeof x === 'number' && typeof y === 'number') return null;
    // a named size against a number: the file is only valid where they are equal, as in PyTorch
    else if (typeof x === 'number') out.push(x);
    else if (typeof y === 'number') out.push(y);
    else return null;
  }
  return out;
}

/** A dim for printing in messages. */
export const showDims = (ds: readonly Dim[]): string => `[${ds.join(', ')}]`;
